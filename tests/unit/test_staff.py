"""The staff PIN, its lockout and the hidden gesture (pure; a fake clock, no Qt)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kiosk.ops import staff
from kiosk.ops.staff import GestureRecognizer, Lockout, PinHash, PinProblem, Verdict


def test_a_pin_is_4_to_8_digits() -> None:
    assert staff.pin_problem("1234") is None
    assert staff.pin_problem("12345678") is None
    assert staff.pin_problem("123") == "a PIN has 4 to 8 digits"
    assert staff.pin_problem("123456789") == "a PIN has 4 to 8 digits"
    assert staff.pin_problem("12a4") == "a PIN is digits only (0-9)"
    assert staff.pin_problem("١٢٣٤") == "a PIN is digits only (0-9)"  # Arabic-Indic digits
    with pytest.raises(PinProblem):
        staff.hash_pin("12")


def test_hash_is_salted_and_records_its_parameters() -> None:
    one, two = staff.hash_pin("2468"), staff.hash_pin("2468")
    assert one.salt != two.salt
    assert one.digest != two.digest
    stored = one.to_json()
    assert stored["scheme"] == "scrypt"
    assert (stored["n"], stored["r"], stored["p"]) == (staff.SCRYPT_N, staff.SCRYPT_R, 1)
    assert "2468" not in str(stored)
    back = PinHash.from_json(stored)
    assert back == one
    assert staff.check_pin("2468", back)
    assert not staff.check_pin("2469", back)


def test_other_parameters_still_verify() -> None:
    weak = PinHash(b"salt", staff._scrypt("1111", b"salt", 1024, 4, 1, 32), 1024, 4, 1)
    assert staff.check_pin("1111", PinHash.from_json(weak.to_json()) or weak)


@pytest.mark.parametrize(
    "damaged",
    [
        None,
        [],
        {"scheme": "md5"},
        {"scheme": "scrypt", "n": 3, "r": 8, "p": 1, "salt": "YQ==", "hash": "YQ=="},
        {"scheme": "scrypt", "n": 16},
    ],
)
def test_damaged_hash_is_no_pin(damaged: object) -> None:
    assert PinHash.from_json(damaged) is None


def test_waits_grow_after_three_free_tries() -> None:
    assert [staff.wait_after(n) for n in range(1, 8)] == [0, 0, 30, 60, 120, 240, 480]
    assert staff.wait_after(40) == staff.MAX_WAIT


def test_lockout_with_a_fake_clock() -> None:
    stored = staff.hash_pin("4321")
    lock, now = Lockout(), 1000.0
    for _ in range(2):
        verdict, lock = staff.try_pin("0000", stored, lock, now)
        assert verdict is Verdict.WRONG
        assert lock.wait(now) == 0
    verdict, lock = staff.try_pin("0000", stored, lock, now)
    assert verdict is Verdict.WRONG
    assert lock.wait(now) == 30
    # During the wait even the right PIN is not checked.
    assert staff.try_pin("4321", stored, lock, now + 29)[0] is Verdict.LOCKED
    verdict, lock = staff.try_pin("0000", stored, lock, now + 30)
    assert verdict is Verdict.WRONG
    assert lock.wait(now + 30) == 60
    verdict, lock = staff.try_pin("4321", stored, lock, now + 90)
    assert verdict is Verdict.OPEN
    assert lock == Lockout()


def test_a_clock_set_back_never_locks_forever() -> None:
    lock = Lockout(10, 5_000_000.0)
    assert lock.wait(0.0) == staff.MAX_WAIT


def test_no_pin_set() -> None:
    assert staff.try_pin("1234", None, Lockout(), 0.0)[0] is Verdict.NO_PIN


def test_pin_file_is_private_and_lockout_survives_a_restart(tmp_path: Path) -> None:
    assert staff.load_pin(tmp_path) is None
    staff.save_pin(tmp_path, staff.hash_pin("13579"))
    mode = stat.S_IMODE(staff.pin_file(tmp_path).stat().st_mode)
    assert mode == 0o600
    stored = staff.load_pin(tmp_path)
    assert stored is not None
    assert staff.check_pin("13579", stored)
    staff.save_lockout(tmp_path, Lockout(4, 123.0))
    assert staff.load_lockout(tmp_path) == Lockout(4, 123.0)  # what a restart reads
    assert staff.load_pin(tmp_path) == stored
    staff.save_pin(tmp_path, staff.hash_pin("2468"))  # a new PIN clears the lockout
    assert staff.load_lockout(tmp_path) == Lockout()


def test_damaged_lockout_is_not_a_reset(tmp_path: Path) -> None:
    staff.pin_file(tmp_path).write_text('{"lockout": "junk"}')
    assert staff.load_lockout(tmp_path).failures == staff.FREE_TRIES


def _hold_then_tap(g: GestureRecognizer, corners: list[tuple[float, float]], t: float) -> bool:
    g.press(5, 5, t)
    g.release(t + 3.1)
    done = False
    for i, (x, y) in enumerate(corners):
        assert g.press(x, y, t + 4 + i)
        done = g.release(t + 4.1 + i)
    return done


def test_gesture_hold_one_corner_then_tap_the_others() -> None:
    g = GestureRecognizer(1920, 1080)
    assert _hold_then_tap(g, [(1915, 5), (1915, 1075), (5, 1075)], 0.0)
    assert not g.armed


def test_gesture_any_order() -> None:
    g = GestureRecognizer(1080, 1920)
    assert _hold_then_tap(g, [(5, 1915), (1075, 5), (1075, 1915)], 10.0)


def test_gesture_short_hold_does_nothing() -> None:
    g = GestureRecognizer(1920, 1080)
    g.press(5, 5, 0.0)
    assert not g.release(2.9)
    assert not g.armed
    assert not g.press(1915, 5, 3.0)  # a visitor's tap: the show gets it


def test_gesture_too_slow_or_wrong_place_resets() -> None:
    g = GestureRecognizer(1920, 1080)
    g.press(5, 5, 0.0)
    g.release(3.0)
    assert g.armed
    assert g.press(1915, 5, 4.0)
    g.release(4.1)
    assert not g.press(960, 540, 5.0)  # the middle: not a corner, starts over
    assert not g.armed
    g.press(5, 5, 10.0)
    g.release(13.0)
    assert g.press(1915, 5, 14.0)
    assert not g.press(1915, 1075, 13.0 + staff.TAPS_WITHIN + 0.5)  # too late
    assert not g.armed


def test_gesture_same_corner_twice_resets() -> None:
    g = GestureRecognizer(1920, 1080)
    g.press(1915, 1075, 0.0)
    g.release(3.5)
    assert not g.press(1915, 1075, 4.0)  # the held corner is not one of the three
    assert not g.armed
