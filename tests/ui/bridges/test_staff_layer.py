"""The staff layer in real QML: gesture and chord, keypad, panel, auto-close, the filter."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QPointingDevice
from PySide6.QtTest import QTest

from kiosk.ops import staff
from tests.helpers import SceneDriver
from tests.ui.staff_driver import MODE, NO_MOD, PIN, H, W, gesture, mode, type_pin

CHORD = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.ShiftModifier
)


def test_the_gesture_opens_the_keypad_and_the_right_pin_the_panel(
    staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    gesture(s)
    assert mode(s) == MODE.Pin
    assert s.item("pinPad").isVisible()
    assert s.screen() == "attract"  # the gesture's first press opened no lesson beneath
    s.click("pinKey-1")
    assert s.scene.staff.keypad_bridge.property("pinLength") == 1
    assert "1" not in s.item("pinDots").property("text")  # dots, never digits
    s.click("pinKey-clear")
    type_pin(s, PIN)
    assert mode(s) == MODE.Panel
    assert s.item("staffPanel").isVisible()
    s.click("staffClose")
    assert mode(s) == MODE.Closed
    assert s.screen() == "attract"


def test_chord_opens_escape_closes_and_no_pin_says_how(staff_scene: SceneDriver) -> None:
    s = staff_scene
    QTest.keyClick(s.window, Qt.Key.Key_S, CHORD)
    assert mode(s) == MODE.Pin
    message = s.item("pinMessage").property("text")
    assert message.startswith("No staff PIN is set on this kiosk")
    assert message.endswith("\nkiosk staff set-pin")
    assert not s.item("pinKey-1").isVisible()  # no keypad without a PIN
    s.key(Qt.Key.Key_Escape)
    assert mode(s) == MODE.Closed
    assert s.screen() == "attract"
    QTest.keyClick(s.window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert mode(s) == MODE.Closed  # another chord: nothing


def test_the_panel_closes_itself_untouched_and_the_loop_waits_beneath(
    qtbot, staff_scene: SceneDriver
) -> None:
    s = staff_scene
    s.scene.staff.set_close_after(300)
    assert s.attract.property("running")
    s.scene.staff.open_panel()
    assert mode(s) == MODE.Panel
    # Paused beneath: the self-check must not take the still picture for a frozen loop.
    assert not s.attract.property("running")
    qtbot.waitUntil(lambda: mode(s) == MODE.Closed, timeout=5_000)
    assert s.attract.property("running")


def test_a_short_hold_is_a_visitors_tap(staff_scene: SceneDriver) -> None:
    s = staff_scene
    QTest.mouseClick(s.window, Qt.MouseButton.LeftButton, NO_MOD, QPoint(10, 10))
    assert mode(s) == MODE.Closed
    assert s.screen() == "menu"


def test_the_gesture_with_real_touch_events_then_keypad_taps(
    staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)

    def press(point: QPoint) -> None:
        QTest.touchEvent(s.window, device).press(0, point, s.window).commit()

    def release(point: QPoint) -> None:
        QTest.touchEvent(s.window, device).release(0, point, s.window).commit()

    corner = QPoint(W - 8, H - 8)  # bottom-right, under the QR: any corner works
    press(corner)
    s.clock.advance(3.5)
    release(corner)
    for point in (QPoint(8, 8), QPoint(W - 8, 8), QPoint(8, H - 8)):
        s.clock.advance(1.0)
        press(point)
        release(point)
    assert mode(s) == MODE.Pin
    for digit in PIN + "k":
        point = s.center("pinKey-ok" if digit == "k" else f"pinKey-{digit}")
        press(point)
        release(point)
    assert mode(s) == MODE.Panel


def test_staff_can_open_the_panel_while_the_kiosk_is_closed(
    staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    s.scene.schedule.show_closed(datetime.now() + timedelta(hours=8))
    assert s.item("closedScreen").isVisible()
    QTest.keyClick(s.window, Qt.Key.Key_S, CHORD)
    assert mode(s) == MODE.Pin
    type_pin(s, PIN)  # the closed screen's filter stands by while the keypad is open
    assert mode(s) == MODE.Panel
    s.click("staffClose")
    assert mode(s) == MODE.Closed
    assert s.item("closedScreen").isVisible()
    assert not s.attract.property("running")  # still closed: the loop stays stopped


def _chord(s: SceneDriver) -> None:
    """The chord sent straight to the window: its event filters see it, shown or not."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QCoreApplication.sendEvent(s.window, QKeyEvent(kind, Qt.Key.Key_S, CHORD))


def test_the_filter_goes_with_its_layer_and_the_scene_takes_it_off_the_window(
    staff_scene: SceneDriver,
) -> None:
    """A flaky teardown: the filter outlived its bridge and met a half-collected one
    (AttributeError ``_mode``). It is now the layer's child, and closing the scene takes it off
    the window and deletes the QML, then the bridges, then the filter, in that order."""
    s = staff_scene
    event_filter, layer = s.scene.staff_filter, s.scene.staff
    assert event_filter.parent() is layer
    _chord(s)
    assert mode(s) == MODE.Pin  # installed while the scene runs
    layer.cancel()
    gone: list[str] = []
    layer.destroyed.connect(lambda: gone.append("layer"))
    event_filter.destroyed.connect(lambda: gone.append("filter"))
    s.scene.close()
    assert not shiboken6.isValid(event_filter)
    assert not shiboken6.isValid(layer)
    assert gone == ["layer", "filter"]  # the filter never outlives the layer it asks
