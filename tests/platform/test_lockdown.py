"""Lockdown in the real scene: chords and close requests do nothing; the idle pointer hides."""

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QInputDevice,
    QMouseEvent,
    QPointingDevice,
    QWindow,
)
from PySide6.QtTest import QTest

from kiosk.platform.lockdown import CursorHider, Lockdown, Throttle, blocked_chord
from tests.helpers import ManualClock

Mod = Qt.KeyboardModifier

CHORDS = [
    (Qt.Key.Key_F4, Mod.AltModifier, "Alt+F4"),
    (Qt.Key.Key_Q, Mod.ControlModifier, "Ctrl+Q"),
    (Qt.Key.Key_W, Mod.ControlModifier, "Ctrl+W"),
    (Qt.Key.Key_Tab, Mod.AltModifier, "Alt+Tab"),
    (Qt.Key.Key_Q, Mod.ControlModifier | Mod.ShiftModifier, "Ctrl+Shift+Q"),
]


def cursor_shape() -> Qt.CursorShape | None:
    cursor = QGuiApplication.overrideCursor()
    return None if cursor is None else cursor.shape()


@pytest.fixture
def locked(scene) -> Iterator[tuple[object, Lockdown, ManualClock]]:
    clock = ManualClock()
    lockdown = Lockdown(clock=clock, parent=scene.scene.engine)
    scene.window.installEventFilter(lockdown)
    yield scene, lockdown, clock
    scene.window.removeEventFilter(lockdown)


@pytest.mark.parametrize(("key", "modifiers", "name"), CHORDS)
def test_escape_chords_are_swallowed(locked, caplog, key, modifiers, name) -> None:
    scene, _, _ = locked
    caplog.set_level(logging.INFO, "kiosk.platform.lockdown")
    QTest.keyClick(scene.window, key, modifiers)
    assert scene.window.isVisible()
    assert scene.screen() == "attract"  # not even taken for a visitor's key
    assert f"ignored {name}" in caplog.text


def test_escape_keeps_its_meaning(locked) -> None:
    scene, _, _ = locked
    scene.click_at(600, 500)
    assert scene.screen() == "menu"
    scene.key(Qt.Key.Key_Escape)
    assert scene.screen() == "attract"


def test_other_keys_still_reach_the_session(locked) -> None:
    scene, _, _ = locked
    QTest.keyClick(scene.window, Qt.Key.Key_Q)  # Q alone is a visitor's key
    assert scene.screen() == "menu"


def test_a_close_request_is_refused(locked, caplog) -> None:
    scene, _, _ = locked
    caplog.set_level(logging.INFO, "kiosk.platform.lockdown")
    assert not scene.window.close()
    assert scene.window.isVisible()
    assert "ignored a window close request" in caplog.text


def test_the_log_says_it_at_most_once_a_minute(locked, caplog) -> None:
    scene, _, clock = locked
    caplog.set_level(logging.INFO, "kiosk.platform.lockdown")
    for _ in range(5):
        QTest.keyClick(scene.window, Qt.Key.Key_F4, Mod.AltModifier)
        clock.advance(10)
    scene.window.close()
    infos = [r for r in caplog.records if r.levelno == logging.INFO]
    assert len(infos) == 1
    clock.advance(60)
    QTest.keyClick(scene.window, Qt.Key.Key_W, Mod.ControlModifier)
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(infos) == 2
    assert "ignored Ctrl+W" in infos[1]
    assert "(5 more ignored since the last note)" in infos[1]  # 4 chords and the close


def test_throttle() -> None:
    clock = ManualClock()
    throttle = Throttle(60, clock)
    assert throttle.allow()
    clock.advance(59.9)
    assert not throttle.allow()
    assert throttle.held == 1
    clock.advance(0.1)
    assert throttle.allow()


def test_blocked_chord_ignores_the_keypad_flag_and_plain_keys() -> None:
    assert blocked_chord(Qt.Key.Key_F4, Mod.AltModifier | Mod.KeypadModifier) == "Alt+F4"
    assert blocked_chord(Qt.Key.Key_F4, Mod.NoModifier) is None
    assert blocked_chord(Qt.Key.Key_Escape, Mod.NoModifier) is None
    assert blocked_chord(Qt.Key.Key_Q, Mod.NoModifier) is None


# -- the pointer -------------------------------------------------------------------------------


@pytest.fixture
def window(qapp, qtbot) -> Iterator[QWindow]:
    window = QWindow()
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.destroy()


@pytest.fixture
def hider(window) -> Iterator[CursorHider]:
    hider = CursorHider(window, hide_after_ms=300)
    yield hider
    hider.release()
    assert cursor_shape() is None  # the override cursor stack is back where it was


def test_the_pointer_starts_hidden(hider) -> None:
    assert hider.hidden
    assert cursor_shape() == Qt.CursorShape.BlankCursor


def test_a_mouse_move_shows_it_and_stillness_hides_it(window, hider, qtbot) -> None:
    QTest.mouseMove(window, QPoint(100, 120))
    assert not hider.hidden
    assert cursor_shape() is None
    qtbot.waitUntil(lambda: hider.hidden, timeout=2000)
    assert cursor_shape() == Qt.CursorShape.BlankCursor


def test_moving_keeps_it_shown(window, qtbot) -> None:
    hider = CursorHider(window, hide_after_ms=600)
    try:
        # 1 s of moves, longer than the 600 ms: only restarts of the countdown keep it shown.
        for x in range(1, 11):
            # A move to where the pointer already is makes no event: each one goes somewhere new.
            QTest.mouseMove(window, QPoint(150 + x * 10, 150))
            qtbot.wait(100)
            assert not hider.hidden
        qtbot.waitUntil(lambda: hider.hidden, timeout=3000)
    finally:
        hider.release()


def test_a_touch_screen_never_shows_it(window, hider) -> None:
    touch = QPointingDevice(
        "test touch screen",
        1001,
        QInputDevice.DeviceType.TouchScreen,
        QPointingDevice.PointerType.Finger,
        QInputDevice.Capability.Position,
        10,
        0,
    )
    point = QPointF(50, 50)
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        point,
        point,
        point,
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Mod.NoModifier,
        touch,
    )
    QGuiApplication.sendEvent(window, move)
    assert hider.hidden
    assert cursor_shape() == Qt.CursorShape.BlankCursor
