"""Every QML file of the Kiosk module compiles without a warning."""

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine

import kiosk.render.preview  # noqa: F401  # registers PreviewBridge, which PreviewPanel.qml needs
from kiosk.common import paths
from tests import REPO_DIR

QML_FILES = sorted((paths.qml_dir() / "Kiosk").glob("*.qml"))


def test_every_file_is_listed_in_qmldir() -> None:
    qmldir = (paths.qml_dir() / "Kiosk" / "qmldir").read_text()
    for file in QML_FILES:
        assert file.name in qmldir
    assert "typeinfo kiosk.qmltypes" in qmldir


@pytest.mark.parametrize("file", QML_FILES, ids=lambda f: f.name)
def test_qml_file_compiles(qapp, file: Path) -> None:
    engine = QQmlEngine()
    engine.addImportPath(str(paths.qml_dir()))
    component = QQmlComponent(engine, QUrl.fromLocalFile(str(file)))
    assert component.isReady(), [e.toString() for e in component.errors()]
    assert not component.errors()


def test_qmltypes_describe_the_bridges_as_they_are() -> None:
    """qmllint checks QML against kiosk.qmltypes; a stale file would hide a renamed property."""
    root = REPO_DIR
    result = subprocess.run(
        [sys.executable, str(root / "tools" / "qmltypes.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
