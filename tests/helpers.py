"""What several test folders share: the manual clock and a scene to drive in real QML.

Fixtures are in tests/conftest.py and its plugins; these are plain functions and classes to import.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.content.model import Pack
from kiosk.playback.clock import ManualClock
from kiosk.playback.session import MAX_PARTS
from kiosk.ui.app import Scene, load_fonts
from kiosk.ui.scene import all_items

__all__ = ["ManualClock", "SceneDriver", "find_item", "make_scene"]


def find_item(root: QQuickItem, name: str) -> QQuickItem | None:
    """The first visual descendant of ``root`` named ``name`` (depth first).

    QML items are found by the visual tree: their QObject parent is not always their visual parent.
    """
    return next((item for item in all_items(root) if item.objectName() == name), None)


class SceneDriver:
    """A loaded scene for a test, with helpers to find and tap items, and the QML warnings seen."""

    def __init__(self, scene: Scene, clock: ManualClock, warnings: list[str]) -> None:
        self.scene = scene
        self.window = scene.window
        self.attract = scene.attract
        self.session = scene.session
        self.clock = clock
        self.warnings = warnings

    def item(self, name: str) -> QQuickItem:
        found = find_item(self.window.contentItem(), name)
        assert found is not None, f"no item named {name!r}"
        return found

    def center(self, name: str) -> QPoint:
        QTest.qWait(20)
        item = self.item(name)
        polish(item)
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
        QTest.mouseClick(
            self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y)
        )

    def key(self, key: Qt.Key) -> None:
        QTest.keyClick(self.window, key)

    def screen(self) -> str:
        """The session's screen by name ("menu", "card", ...)."""
        return str(self.session.state.screen)

    def next_screen(self) -> None:
        """Next until the card or question changes: large text pages long ones (Next shows
        their other pages first)."""
        state = self.session.state

        def where() -> tuple[object, ...]:
            now = self.session.state
            return (now.screen, now.lesson, now.card, now.question)

        before = where()
        for _ in range(MAX_PARTS + 1):
            self.click("nextButton")
            if where() != before:
                return
        raise AssertionError(f"Next never left {state}")

    def close(self) -> None:
        self.scene.close()


def make_scene(
    qtbot: QtBot,
    pack: Pack,
    size: tuple[int, int] = (1920, 1080),
    *,
    animate: bool = False,
) -> SceneDriver:
    """The kiosk's real scene on ``pack`` at the transit venue, shown offscreen and running."""
    load_fonts()
    clock = ManualClock(1000.0)
    scene = Scene(pack, venue="transit", animate=animate, clock=clock)
    warnings: list[str] = []
    scene.engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
    scene.window.resize(*size)
    scene.window.show()
    qtbot.waitExposed(scene.window)
    scene.attract.start()
    return SceneDriver(scene, clock, warnings)


def polish(item: QQuickItem) -> None:
    """Lay out ``item`` and its ancestors now. Positioners (Row, Grid, Flow) lay out at the next
    polish, which a busy machine may not have reached yet."""
    ancestor: QQuickItem | None = item
    while ancestor is not None:
        ancestor.ensurePolished()
        ancestor = ancestor.parentItem()


def scene_rect(item: QQuickItem) -> QRectF:
    """Where ``item`` is in the window, once laid out."""
    polish(item)
    return QRectF(item.mapToScene(QPointF(0, 0)), item.size())
