"""Qt fixtures: the app's QML loaded offscreen, failing on any QML engine warning."""

from collections.abc import Iterator

import pytest
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from kiosk import paths
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.ui.app import create_engine, load_fonts, root_window
from kiosk.ui.bridge import AttractBridge


@pytest.fixture(scope="session")
def default_pack() -> Pack:
    return load_pack(paths.default_pack_dir())


class Kiosk:
    """A loaded QML scene for a test: engine, window and bridges, plus the QML warnings seen."""

    def __init__(
        self,
        engine: QQmlApplicationEngine,
        window: QQuickWindow,
        attract: AttractBridge,
        warnings: list[str],
    ) -> None:
        self.engine = engine
        self.window = window
        self.attract = attract
        self.warnings = warnings

    def item(self, name: str):
        found = find_item(self.window.contentItem(), name)
        assert found is not None, f"no item named {name!r}"
        return found


def find_item(root, name: str):
    """The first visual descendant of ``root`` named ``name`` (depth first).

    QML items are found by the visual tree: their QObject parent is not always their visual parent.
    """
    for child in root.childItems():
        if child.objectName() == name:
            return child
        found = find_item(child, name)
        if found is not None:
            return found
    return None


@pytest.fixture
def kiosk(qapp, qtbot, default_pack: Pack) -> Iterator[Kiosk]:
    load_fonts()
    attract = AttractBridge(default_pack, "transit")
    warnings: list[str] = []
    engine = create_engine({"attract": attract}, animate=False)
    engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
    window = root_window(engine)
    assert window is not None, "QML failed to load"
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    k = Kiosk(engine, window, attract, warnings)
    yield k
    attract.stop()
    window.close()
    assert not warnings, warnings
    del k, engine
