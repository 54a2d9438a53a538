"""What the staff layer's tests share: the PIN, the gesture, typing, the texts on screen.

The fixtures (``staff_scene``; ``home``) are in ``tests/scenes.py`` and ``tests/packs.py``.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.ui.bridges.staff_layer import StaffLayer
from kiosk.ui.bridges.staff_panel import PanelBridge
from tests.helpers import SceneDriver

PIN = "2468"
W, H = 1920, 1080
MODE = StaffLayer.Mode
NO_MOD = Qt.KeyboardModifier.NoModifier


def mode(s: SceneDriver) -> int:
    return int(s.scene.staff.property("mode"))


def panel(s: SceneDriver) -> PanelBridge:
    return s.scene.staff.panel_bridge


def gesture(s: SceneDriver) -> None:
    """The corner gesture: hold the top-left corner 3 s, then tap the other three."""
    window = s.window
    left = Qt.MouseButton.LeftButton
    QTest.mousePress(window, left, NO_MOD, QPoint(10, 10))
    s.clock.advance(3.2)
    QTest.mouseRelease(window, left, NO_MOD, QPoint(10, 10))
    for x, y in ((W - 10, 10), (W - 10, H - 10), (10, H - 10)):
        s.clock.advance(0.5)
        QTest.mouseClick(window, left, NO_MOD, QPoint(x, y))


def type_pin(s: SceneDriver, pin: str) -> None:
    """Tap the digits of ``pin`` on the keypad, then OK."""
    for digit in pin:
        s.click(f"pinKey-{digit}")
    s.click("pinKey-ok")


def keys(s: SceneDriver, text: str) -> None:
    """Type digits on a keyboard in the cabinet."""
    for ch in text:
        QTest.keyClick(s.window, Qt.Key(int(Qt.Key.Key_0) + int(ch)), NO_MOD)


def texts(item: QQuickItem) -> list[str]:
    """Every visible text under ``item``."""
    found = []
    for child in item.childItems():
        if not child.isVisible():
            continue
        text = child.property("text")
        if isinstance(text, str) and text:
            found.append(text)
        found += texts(child)
    return found


def spanish_screen(s: SceneDriver) -> None:
    """The loop's second slide is Spanish, and so are the kiosk's words."""
    s.attract.advance()
    assert s.attract.current_language() == "es"


def wait_loaded(qtbot, s: SceneDriver) -> None:  # type: ignore[no-untyped-def]
    """Until the panel has looked at the drop folder and the sticks (a worker does)."""
    qtbot.waitUntil(lambda: not panel(s).loading, timeout=10_000)
