"""The staff PIN keypad in real QML: the lockout, a keyboard in the cabinet, still keys."""

from __future__ import annotations

import errno
import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QSignalSpy, QTest

from kiosk.ops import staff
from tests.helpers import SceneDriver, scene_rect
from tests.ui.staff_driver import (
    MODE,
    NO_MOD,
    PIN,
    gesture,
    keys,
    mode,
    panel,
    spanish_screen,
    type_pin,
)


def _message(s: SceneDriver) -> str:
    return str(s.item("pinMessage").property("text"))


def test_wrong_pins_lock_out_and_a_restart_keeps_it(staff_scene: SceneDriver, home: Path) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    s.scene.staff.open_pin()
    for _ in range(3):
        type_pin(s, "0000")
    assert _message(s) == "Wrong PIN. Try again in 30 s."
    assert staff.load_lockout(home).failures == 3  # on disk: a restart does not reset it


def test_the_keys_hold_still_when_the_message_line_speaks(
    staff_scene: SceneDriver, home: Path
) -> None:
    """The keypad moved down about 40 px when "Wrong PIN." appeared above it."""
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    s.scene.staff.open_pin()
    before = {name: scene_rect(s.item(name)) for name in ("pinKey-1", "pinKey-ok", "pinCancel")}
    type_pin(s, "0000")
    assert _message(s) == "Wrong PIN."
    for name, rect in before.items():
        assert scene_rect(s.item(name)) == rect, name
    s.click("pinKey-1")
    s.click("pinKey-ok")  # too short: another message, two lines' room still
    assert _message(s) == "A PIN has 4 to 8 digits."
    for name, rect in before.items():
        assert scene_rect(s.item(name)) == rect, name


def test_while_locked_the_digits_are_refused_and_the_wait_is_in_words(
    staff_scene: SceneDriver, home: Path
) -> None:
    """The keypad took digits during the lockout (then ignored them) and said "287 s"."""
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    staff.save_lockout(home, staff.Lockout(failures=8, until=1287.0), now=1000.0)  # 287 s left
    s.scene.staff.open_pin()
    keypad = s.scene.staff.keypad_bridge
    assert keypad.property("locked")
    assert _message(s) == "Too many wrong PINs. Try again in 4 min 47 s."
    for name in ("pinKey-1", "pinKey-0", "pinKey-clear", "pinKey-ok"):
        key = s.item(name)
        assert not key.isEnabled(), name  # visibly refused: disabled and dimmed
        assert key.opacity() < 1, name
    assert s.item("pinCancel").isEnabled()  # leaving is always possible
    s.click("pinKey-1")
    keys(s, "123")
    assert keypad.property("pinLength") == 0  # nothing typed, nothing to ignore later
    s.clock.advance(287)
    keypad._count_down()  # the second's tick, without waiting for it
    assert not keypad.property("locked")
    assert _message(s) == "You can try again now."
    assert s.item("pinKey-1").isEnabled()
    type_pin(s, PIN)
    assert mode(s) == MODE.Panel


def test_the_lockout_is_worded_in_spanish_on_a_spanish_screen(
    staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    spanish_screen(s)
    staff.save_pin(home, staff.hash_pin(PIN))
    staff.save_lockout(home, staff.Lockout(failures=8, until=1287.0), now=1000.0)
    s.scene.staff.open_pin()
    assert _message(s) == (
        "Demasiados intentos con un PIN incorrecto. Vuelva a intentarlo en 4 min 47 s."
    )


def test_the_keypad_says_how_to_set_a_pin_in_spanish(staff_scene: SceneDriver) -> None:
    spanish_screen(staff_scene)
    staff_scene.scene.staff.open_pin()  # no PIN is set in this home
    message = _message(staff_scene)
    assert message.startswith("Este quiosco no tiene un PIN para el personal"), message
    assert message.endswith("\nkiosk staff set-pin")  # the command is not translated
    assert staff_scene.scene.staff.keypad_bridge.english().startswith("No staff PIN is set")


def test_a_digit_makes_qml_read_the_dots_and_nothing_else(
    staff_scene: SceneDriver, home: Path
) -> None:
    """All the bridge's values shared one `changed` signal: each digit made QML read every
    list of the panel again."""
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    s.scene.staff.open_pin()
    keypad, layer, bridge = s.scene.staff.keypad_bridge, s.scene.staff, panel(s)
    others = [
        QSignalSpy(signal)
        for signal in (
            keypad.messageChanged,
            keypad.hasPinChanged,
            keypad.lockedChanged,
            layer.modeChanged,
            bridge.shownChanged,
            bridge.statusChanged,
            bridge.armedChanged,
            bridge.confirmChanged,
            bridge.packs_model.modelReset,
            bridge.health_model.modelReset,
        )
    ]
    dots = QSignalSpy(keypad.digitsChanged)
    s.click("pinKey-7")
    keys(s, "5")
    assert dots.count() == 2
    assert [spy.count() for spy in others] == [0] * len(others)


def test_wrong_pins_and_the_lockout_are_security_events(
    staff_scene: SceneDriver, home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """They go to logs/security.log too, where a flood of other lines cannot rotate them away."""
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    s.scene.staff.open_pin()
    with caplog.at_level(logging.INFO):
        for _ in range(3):
            type_pin(s, "0000")
        keys(s, PIN)  # locked: the keys take nothing, but a keyboard's Enter is a try
        QTest.keyClick(s.window, Qt.Key.Key_Return, NO_MOD)
    events = [r.getMessage() for r in caplog.records if getattr(r, "security", False)]
    assert events[:3] == [f"wrong staff PIN ({n} counted)" for n in (1, 2, 3)]
    assert events[3].startswith("staff keypad locked for ")
    assert events[4].startswith("staff PIN tried while locked (")
    assert mode(s) == MODE.Pin


def test_ok_with_too_few_digits_costs_no_try(staff_scene: SceneDriver, home: Path) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    s.scene.staff.open_pin()
    s.click("pinKey-1")
    s.click("pinKey-ok")
    assert "4 to 8 digits" in _message(s)
    assert staff.load_lockout(home).failures == 0


def test_keyboard_digits_backspace_enter_open_the_panel(
    staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    gesture(s)
    assert mode(s) == MODE.Pin
    keypad = s.scene.staff.keypad_bridge
    keys(s, "9")
    QTest.keyClick(s.window, Qt.Key.Key_Backspace, NO_MOD)  # the 9 goes
    assert keypad.property("pinLength") == 0
    keys(s, PIN[:-1])
    QTest.keyClick(
        s.window, Qt.Key(int(Qt.Key.Key_0) + int(PIN[-1])), Qt.KeyboardModifier.KeypadModifier
    )
    assert keypad.property("pinLength") == len(PIN)
    assert s.screen() == "attract"  # the digits never reached the show beneath
    QTest.keyClick(s.window, Qt.Key.Key_Return, NO_MOD)
    assert mode(s) == MODE.Panel
    assert s.item("staffPanel").isVisible()


def test_keyboard_escape_closes_the_keypad_and_enter_checks_the_pin(
    staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    gesture(s)
    keys(s, "1111")
    QTest.keyClick(s.window, Qt.Key.Key_Enter, NO_MOD)  # the keypad's Enter key
    assert mode(s) == MODE.Pin
    assert _message(s) == "Wrong PIN."
    assert staff.load_lockout(home).failures == 1
    QTest.keyClick(s.window, Qt.Key.Key_Escape, NO_MOD)
    assert mode(s) == MODE.Closed
    assert s.screen() == "attract"


def test_the_lockout_message_counts_down_live(qtbot, staff_scene: SceneDriver, home: Path) -> None:
    """Once a second (a real timer), in the scene's time (the manual clock moved by hand)."""
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    staff.save_lockout(home, staff.Lockout(failures=4, until=1002.5), now=1000.0)  # 2.5 s left
    gesture(s)
    shown = s.item("pinMessage")  # the text on the keypad, bound to the bridge's property
    assert shown.isVisible()
    assert shown.property("text") == "Too many wrong PINs. Try again in 3 s."
    for left in ("2 s", "1 s"):
        s.clock.advance(1.0)
        qtbot.waitUntil(lambda left=left: f"in {left}." in shown.property("text"), timeout=3000)
    s.clock.advance(1.0)
    qtbot.waitUntil(lambda: shown.property("text") == "You can try again now.", timeout=3000)
    keys(s, PIN)
    QTest.keyClick(s.window, Qt.Key.Key_Return, NO_MOD)
    assert mode(s) == MODE.Panel


def test_a_full_disk_still_counts_wrong_pins(
    staff_scene: SceneDriver, home: Path, monkeypatch
) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(staff, "write_json_atomic", full)
    gesture(s)
    for _ in range(3):
        keys(s, "1111")
        QTest.keyClick(s.window, Qt.Key.Key_Return, NO_MOD)
    assert _message(s) == "Wrong PIN. Try again in 30 s."
    keys(s, PIN)  # the wait was imposed though nothing was saved: the keys take nothing
    QTest.keyClick(s.window, Qt.Key.Key_Return, NO_MOD)
    assert mode(s) == MODE.Pin
