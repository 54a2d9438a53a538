# ruff: noqa: F811  # the staff fixtures are imported from test_staff_bridge.py and named as parameters
"""The staff keypad from a keyboard in the cabinet, and the lockout's live countdown."""

from __future__ import annotations

import errno
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.ops import staff
from tests.helpers import SceneDriver
from tests.ui.test_staff_bridge import (  # noqa: F401 - the fixtures the staff tests use
    MODE,
    PIN,
    _gesture,
    _mode,
    default_pack,
    home,
    staff_scene,
)

NO_MOD = Qt.KeyboardModifier.NoModifier


def _keys(s: SceneDriver, text: str) -> None:
    for ch in text:
        QTest.keyClick(s.window, Qt.Key(int(Qt.Key.Key_0) + int(ch)), NO_MOD)


def test_keyboard_digits_backspace_enter_open_the_panel(
    staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    _gesture(s)
    assert _mode(s) == MODE.Pin
    _keys(s, "9")
    QTest.keyClick(s.window, Qt.Key.Key_Backspace, NO_MOD)  # the 9 goes
    assert s.scene.staff.property("pinLength") == 0
    _keys(s, PIN[:-1])
    QTest.keyClick(
        s.window, Qt.Key(int(Qt.Key.Key_0) + int(PIN[-1])), Qt.KeyboardModifier.KeypadModifier
    )
    assert s.scene.staff.property("pinLength") == len(PIN)
    assert s.screen() == "attract"  # the digits never reached the show beneath
    QTest.keyClick(s.window, Qt.Key.Key_Return, NO_MOD)
    assert _mode(s) == MODE.Panel
    assert s.item("staffPanel").isVisible()


def test_keyboard_escape_closes_the_keypad_and_enter_checks_the_pin(
    staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    _gesture(s)
    _keys(s, "1111")
    QTest.keyClick(s.window, Qt.Key.Key_Enter, NO_MOD)  # the keypad's Enter key
    assert _mode(s) == MODE.Pin
    assert s.scene.staff.property("pinMessage").startswith("Wrong PIN.")
    assert staff.load_lockout(home).failures == 1
    QTest.keyClick(s.window, Qt.Key.Key_Escape, NO_MOD)
    assert _mode(s) == MODE.Closed
    assert s.screen() == "attract"


def _seconds(message: str) -> int:
    found = re.search(r"Try again in (\d+) s\.", message)
    assert found is not None, message
    return int(found.group(1))


def test_the_lockout_message_counts_down_live(qtbot, staff_scene: SceneDriver, home: Path) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    staff.save_lockout(home, staff.Lockout(failures=4, until=2.5), now=0.0)  # 2.5 s left
    _gesture(s)
    shown = s.item("pinMessage")  # the text on the keypad, bound to the bridge's property
    assert shown.isVisible()
    assert _seconds(shown.property("text")) == 3
    assert shown.property("text").startswith("Too many wrong PINs.")
    qtbot.waitUntil(lambda: "in 2 s" in shown.property("text"), timeout=3000)
    qtbot.waitUntil(lambda: "in 1 s" in shown.property("text"), timeout=3000)
    qtbot.waitUntil(lambda: shown.property("text") == "You can try again now.", timeout=4000)
    _keys(s, PIN)
    QTest.keyClick(s.window, Qt.Key.Key_Return, NO_MOD)
    assert _mode(s) == MODE.Panel


def test_a_full_disk_still_counts_wrong_pins(
    staff_scene: SceneDriver, home: Path, monkeypatch
) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(staff, "write_json_atomic", full)
    _gesture(s)
    for _ in range(3):
        _keys(s, "1111")
        QTest.keyClick(s.window, Qt.Key.Key_Return, NO_MOD)
    assert _seconds(s.scene.staff.property("pinMessage")) == 30
    _keys(s, PIN)  # the right PIN waits too: the wait was imposed though nothing was saved
    QTest.keyClick(s.window, Qt.Key.Key_Return, NO_MOD)
    assert _mode(s) == MODE.Pin
