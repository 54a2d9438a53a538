"""Qt fixtures: the app's QML loaded offscreen, failing on any QML engine warning."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from kiosk import paths
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.ui.app import Scene, load_fonts


@pytest.fixture(scope="session")
def default_pack() -> Pack:
    return load_pack(paths.default_pack_dir())


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


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


class SceneDriver:
    """A loaded scene for a test, with helpers to find and tap items, and the QML warnings seen."""

    def __init__(self, scene: Scene, clock: FakeClock, warnings: list[str]) -> None:
        self.scene = scene
        self.window = scene.window
        self.attract = scene.attract
        self.session = scene.session
        self.clock = clock
        self.warnings = warnings

    def item(self, name: str):
        found = find_item(self.window.contentItem(), name)
        assert found is not None, f"no item named {name!r}"
        return found

    def center(self, name: str):
        QTest.qWait(20)  # let positioners lay out (they do it at the next polish, not at once)
        item = self.item(name)
        assert item.isVisible(), f"{name} is not visible"
        return item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()

    def click(self, name: str) -> None:
        QTest.mouseClick(
            self.window,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            self.center(name),
        )

    def click_at(self, x: int, y: int) -> None:
        from PySide6.QtCore import QPoint

        QTest.mouseClick(
            self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y)
        )

    def key(self, key: Qt.Key) -> None:
        QTest.keyClick(self.window, key)

    def screen(self) -> str:
        return str(self.session.state.screen)


def make_scene(qtbot, pack: Pack, size=(1920, 1080), animate=False) -> SceneDriver:
    load_fonts()
    clock = FakeClock()
    scene = Scene(pack, venue="transit", animate=animate, clock=clock)
    warnings: list[str] = []
    scene.engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
    scene.window.resize(*size)
    scene.window.show()
    qtbot.waitExposed(scene.window)
    scene.attract.start()
    return SceneDriver(scene, clock, warnings)


@pytest.fixture
def scene(qapp, qtbot, default_pack: Pack) -> Iterator[SceneDriver]:
    s = make_scene(qtbot, default_pack)
    yield s
    s.attract.stop()
    s.window.close()
    assert not s.warnings, s.warnings
