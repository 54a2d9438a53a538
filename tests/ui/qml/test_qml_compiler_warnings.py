"""`qmllint --compiler warning`: every warning left is of a kind docs/architecture.md explains,
the staff screens keep their one call each, and the count does not grow.

Plain qmllint (what `make lint` runs) is at zero warnings. The compiler's warnings name bindings
and functions that qmlcachegen could not compile ahead of time to C++; this kiosk loads its QML
from source, so they cost nothing at run time, but a new one is a sign of an untyped value.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from kiosk.common import paths

QMLLINT = Path(sys.executable).with_name("pyside6-qmllint")
QML_DIR = paths.qml_dir()

# The kinds docs/architecture.md ("qmllint's compiler warnings") explains, by their words.
KINDS = {
    "data as QVariant": re.compile(
        r"Cannot load property \w+ from .*(QVariant|QJSValue|QJSPrimitiveValue)"
        r"|Cannot use shadowable base type for further lookups: .* with type QVariant"
        r"|Cannot load property \w+ from call to method|conversion to QVariant"
    ),
    "untyped helper": re.compile(
        r"Functions without type annotations"
        r"|function without return type annotation"
    ),
    "instruction not implemented": re.compile(r"Instruction \"?\w+\"? not implemented"),
    "method or member that could be shadowed": re.compile(r"can be shadowed"),
}
# The count when this test was written; lower it as warnings go, never raise it.
BUDGET = 260
STAFF_FILES = ("StaffPanel.qml", "PinPad.qml", "StaffNotice.qml", "StaffSection.qml")


def _warnings() -> list[tuple[str, str]]:
    files = sorted(str(f) for f in (QML_DIR / "Kiosk").glob("*.qml"))
    result = subprocess.run(
        [str(QMLLINT), "--compiler", "warning", "-I", str(QML_DIR), *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    found = []
    for line in (result.stdout + result.stderr).splitlines():
        match = re.match(r"Warning: .*/(\w+\.qml):\d+:\d+: (.*)", line)
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def _kind(message: str) -> str | None:
    return next((kind for kind, words in KINDS.items() if words.search(message)), None)


def test_every_compiler_warning_is_of_an_explained_kind() -> None:
    found = _warnings()
    assert found, "qmllint ran and reported (a run that finds nothing checks nothing)"
    unexplained = [(file, message) for file, message in found if _kind(message) is None]
    assert not unexplained, unexplained
    assert len(found) <= BUDGET, Counter(_kind(message) for _, message in found)


def test_the_staff_screens_keep_one_bridge_call_each() -> None:
    per_file = Counter(file for file, _ in _warnings())
    for file in STAFF_FILES:
        assert per_file[file] <= 1, (file, per_file[file])


def test_the_classifier_tells_kinds_apart() -> None:
    assert _kind(
        "Member act of StaffPanel::bridge with type PanelBridge can be shadowed [compiler]"
    )
    assert _kind(
        'Could not compile function split: Instruction "generate_StoreLocal" not implemented'
    )
    assert _kind("Could not determine signature of function : Functions without type annotations")
    assert _kind("Cannot load property headline from SlideView::slide with type QVariant.")
    assert _kind("Unqualified access [unqualified]") is None
