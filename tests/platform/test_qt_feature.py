"""PySide6's import hook no longer reads (and keeps) the source of every module imported."""

from __future__ import annotations

import linecache
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kiosk.platform import qt_feature


def test_a_module_imported_after_pyside6_leaves_no_source_in_linecache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert qt_feature.skip_source_scan()
    source = tmp_path / "imported_after_pyside.py"
    source.write_text("from PySide6.QtCore import QObject\n\nNAME = 'x'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    # Through builtins.__import__, where PySide6 hooks in (importlib.import_module is not hooked).
    module = __import__("imported_after_pyside")
    try:
        assert module.NAME == "x"
        assert str(source) not in linecache.cache  # PySide6's own check read the whole file
    finally:
        sys.modules.pop("imported_after_pyside", None)


def test_every_module_keeps_the_camel_case_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0, "no feature": what a module that never imports ``__feature__`` should have."""
    assert qt_feature.skip_source_scan()
    feature = sys.modules[qt_feature.FEATURE_MODULE]
    assert feature._mod_uses_pyside(sys)
    (tmp_path / "plain_module_after_pyside.py").write_text("NAME = 'plain'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        __import__("plain_module_after_pyside")
        assert feature.pyside_feature_dict["plain_module_after_pyside"] == 0
    finally:
        sys.modules.pop("plain_module_after_pyside", None)
    from PySide6.QtCore import QObject

    item = QObject()
    item.setObjectName("camel")
    assert item.objectName() == "camel"
    assert not hasattr(item, "object_name")  # no snake_case feature switched on anywhere


def test_a_hook_of_another_shape_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    other = ModuleType(qt_feature.FEATURE_MODULE)
    monkeypatch.setitem(sys.modules, qt_feature.FEATURE_MODULE, other)
    assert not qt_feature.skip_source_scan()
    assert not hasattr(other, "_mod_uses_pyside")
    monkeypatch.delitem(sys.modules, qt_feature.FEATURE_MODULE)
    assert not qt_feature.skip_source_scan()


def test_the_kiosk_s_modules_leave_no_source_in_linecache() -> None:
    """In a fresh process, as ``kiosk run`` imports them."""
    script = (
        "import linecache, kiosk.ui.app\n"
        "print(sum('/kiosk/' in name for name in linecache.cache))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["0"]
