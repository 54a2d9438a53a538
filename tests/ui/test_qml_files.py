"""Every QML file of the Kiosk module compiles without a warning."""

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine

from kiosk import paths

QML_FILES = sorted((paths.qml_dir() / "Kiosk").glob("*.qml"))


def test_every_file_is_listed_in_qmldir() -> None:
    qmldir = (paths.qml_dir() / "Kiosk" / "qmldir").read_text()
    for file in QML_FILES:
        assert file.name in qmldir


@pytest.mark.parametrize("file", QML_FILES, ids=lambda f: f.name)
def test_qml_file_compiles(qapp, file: Path) -> None:
    engine = QQmlEngine()
    engine.addImportPath(str(paths.qml_dir()))
    component = QQmlComponent(engine, QUrl.fromLocalFile(str(file)))
    assert component.isReady(), [e.toString() for e in component.errors()]
    assert not component.errors()
