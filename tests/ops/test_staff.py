"""The staff PIN, its lockout and the hidden gesture (pure; a fake clock, no Qt)."""

from __future__ import annotations

import errno
import json
import os
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


def test_waits_grow_after_two_free_tries_and_stop_at_five_minutes() -> None:
    assert [staff.wait_after(n) for n in range(1, 8)] == [0, 0, 30, 60, 120, 240, 300]
    assert staff.wait_after(40) == staff.MAX_WAIT == 300


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
    # During the wait even the right PIN is not checked, and a try does not lengthen it.
    verdict, during = staff.try_pin("4321", stored, lock, now + 29)
    assert verdict is Verdict.LOCKED
    assert during.wait(now + 29) == 1
    verdict, lock = staff.try_pin("0000", stored, lock, now + 30)
    assert verdict is Verdict.WRONG
    assert lock.wait(now + 30) == 60
    verdict, lock = staff.try_pin("4321", stored, lock, now + 90)
    assert verdict is Verdict.OPEN
    assert lock == Lockout()


def test_a_visitor_keeps_staff_out_five_minutes_at_most() -> None:
    stored = staff.hash_pin("4321")
    lock, now = Lockout(), 0.0
    for _ in range(50):  # a visitor taps wrong PINs whenever the keypad takes one
        now += lock.wait(now)
        verdict, lock = staff.try_pin("0000", stored, lock, now)
        assert verdict is Verdict.WRONG
        assert lock.wait(now) <= 300
    # The visitor leaves; staff come within five minutes and the right PIN opens.
    assert staff.try_pin("4321", stored, lock, now + 300)[0] is Verdict.OPEN


def test_failures_are_forgiven_after_quiet() -> None:
    stored = staff.hash_pin("4321")
    lock = Lockout()
    for t in (0.0, 1.0, 2.0, 40.0, 110.0):  # five wrong PINs, each after its wait
        verdict, lock = staff.try_pin("0000", stored, lock, t)
        assert verdict is Verdict.WRONG
    assert lock.failures == 5
    assert lock.settled(110.0 + 599).failures == 5
    assert lock.settled(110.0 + 600).failures == 4  # one forgiven per 10 quiet minutes
    assert lock.settled(110.0 + 3 * 600).failures == 2  # back to free tries
    verdict, later = staff.try_pin("0000", stored, lock, 110.0 + 3 * 600)
    assert verdict is Verdict.WRONG
    assert later.failures == 3
    assert later.wait(110.0 + 3 * 600) == 30  # not the 240 s the old count would cost


def test_the_saved_record_holds_no_clock_reading(tmp_path: Path) -> None:
    # A wall clock in 1970 or 2099 after a restart can neither end nor stretch the wait: the
    # record says how long is left, and the new run counts it on its own monotonic clock.
    lock = Lockout(5, until=1000.0 + 240, quiet_since=1000.0)
    staff.save_lockout(tmp_path, lock, now=1100.0)
    saved = json.loads(staff.pin_file(tmp_path).read_text())["lockout"]
    assert saved == {"failures": 5, "wait": 140.0}
    for boot in (0.0, 5.0, 1e9):  # whatever the new run's monotonic clock reads
        again = staff.load_lockout(tmp_path, now=boot)
        assert again.failures == 5
        assert again.wait(boot) == 140.0
        assert again.wait(boot + 140) == 0


@pytest.mark.parametrize(
    ("record", "failures", "wait"),
    [
        ({"failures": 4, "until": 4_102_444_800.0}, 4, 60.0),  # the old wall-clock record
        ({"failures": 4, "wait": 1e12}, 4, staff.MAX_WAIT),  # never more than the cap
        ({"failures": 4, "wait": -5}, 4, 0.0),
        ("junk", staff.FREE_TRIES, 0.0),  # damage is not a reset
    ],
)
def test_saved_records_are_bounded(record: object, failures: int, wait: float) -> None:
    lock = Lockout.from_json(record, 50.0)
    assert (lock.failures, lock.wait(50.0)) == (failures, wait)


def test_no_pin_set() -> None:
    assert staff.try_pin("1234", None, Lockout(), 0.0)[0] is Verdict.NO_PIN


def test_pin_file_is_private_and_lockout_survives_a_restart(tmp_path: Path) -> None:
    assert staff.load_pin(tmp_path) is None
    assert staff.pin_policy(tmp_path) is None
    staff.save_pin(tmp_path, staff.hash_pin("135792"))
    mode = stat.S_IMODE(staff.pin_file(tmp_path).stat().st_mode)
    assert mode == 0o600
    assert staff.pin_policy(tmp_path) == staff.PIN_POLICY
    stored = staff.load_pin(tmp_path)
    assert stored is not None
    assert staff.check_pin("135792", stored)
    staff.save_lockout(tmp_path, Lockout(4, 123.0, 0.0), now=100.0)
    assert staff.load_lockout(tmp_path, now=7.0) == Lockout(4, 30.0, 7.0)  # what a restart reads
    assert staff.load_pin(tmp_path) == stored
    staff.save_pin(tmp_path, staff.hash_pin("246813"))  # a new PIN clears the lockout
    assert staff.load_lockout(tmp_path, now=7.0).failures == 0


def test_damaged_lockout_is_not_a_reset(tmp_path: Path) -> None:
    staff.pin_file(tmp_path).write_text('{"lockout": "junk"}')
    assert staff.load_lockout(tmp_path).failures == staff.FREE_TRIES


def test_a_pin_set_before_six_digits_still_opens_and_is_flagged(tmp_path: Path) -> None:
    old = staff.hash_pin("4321")  # 4 digits: what set-pin accepted before
    staff.pin_file(tmp_path).write_text(json.dumps({"pin": old.to_json()}))
    assert staff.pin_policy(tmp_path) == 1  # `kiosk status` warns
    gate = staff.PinGate(tmp_path, clock=lambda: 0.0)
    assert gate.enter("4321")[0] is Verdict.OPEN


class _Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def _full_disk(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_disk_that_refuses_the_write_never_frees_the_keypad(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    staff.save_pin(tmp_path, staff.hash_pin("735194"))
    clock = _Clock()
    gate = staff.PinGate(tmp_path, clock=clock)
    monkeypatch.setattr(staff, "write_json_atomic", _full_disk)
    waits = []
    for _ in range(4):
        clock.now += gate.wait()
        verdict, wait = gate.enter("000000")  # never raises
        assert verdict is Verdict.WRONG
        waits.append(wait)
    assert waits == [0, 0, 30, 60]  # counted in memory as if the disk had taken it
    assert gate.enter("735194")[0] is Verdict.LOCKED  # the wait holds
    assert "could not save the staff PIN lockout" in caplog.text
    monkeypatch.undo()  # the disk has room again: the next try saves the whole count
    clock.now += gate.wait()
    gate.enter("000000")
    assert staff.load_lockout(tmp_path, now=0.0).failures == 5


def test_a_read_only_home_never_frees_the_keypad(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    staff.save_pin(tmp_path, staff.hash_pin("735194"))
    clock = _Clock()
    gate = staff.PinGate(tmp_path, clock=clock)
    # chmod does not stop root (the tests run as root here): a folder where the temp file goes
    # makes the write really fail for anyone, as a read-only disk would.
    blocker = tmp_path / f".{staff.pin_file(tmp_path).name}.{os.getpid()}.tmp"
    blocker.mkdir()
    staff.pin_file(tmp_path).chmod(0o400)
    tmp_path.chmod(0o500)
    try:
        for _ in range(3):
            clock.now += gate.wait()
            gate.enter("000000")
    finally:
        tmp_path.chmod(0o700)
    assert "could not save the staff PIN lockout" in caplog.text  # the write really failed
    assert staff.load_lockout(tmp_path, now=0.0).failures == 0  # the copy on disk is stale
    assert gate.lockout.failures == 3
    assert gate.wait() == 30


def test_a_failed_read_while_writes_fail_keeps_the_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reviewer's pin_reset.py: 6 failures counted in memory only, then one read fails.
    staff.save_pin(tmp_path, staff.hash_pin("482913"))
    clock = _Clock()
    gate = staff.PinGate(tmp_path, clock=clock)
    monkeypatch.setattr(staff, "write_json_atomic", _full_disk)
    for _ in range(6):
        clock.now += gate.wait() + 1
        gate.enter("000000")
    assert gate.lockout.failures == 6
    real_read = staff.read_json
    monkeypatch.setattr(staff, "read_json", lambda path, **kw: object())  # EIO, torn file...
    assert gate.enter("000000")[0] is Verdict.NO_PIN  # opens nothing
    monkeypatch.setattr(staff, "read_json", real_read)
    verdict, wait = gate.enter("000000")
    assert verdict is Verdict.LOCKED  # the wait still runs: not reset to the stale copy
    assert gate.lockout.failures == 6
    assert wait > 0


def test_a_first_read_that_fails_never_lowers_the_count(tmp_path: Path) -> None:
    staff.pin_file(tmp_path).write_text("{not json")  # torn at start: no hash known yet
    clock = _Clock()
    gate = staff.PinGate(tmp_path, clock=clock)
    assert gate.lockout.failures == staff.FREE_TRIES  # damage is never a reset
    assert gate.enter("735194")[0] is Verdict.NO_PIN
    stored = staff.hash_pin("735194")
    staff.pin_file(tmp_path).write_text(
        json.dumps({"pin": stored.to_json(), "lockout": {"failures": 0, "wait": 0}})
    )
    assert gate.stored() == stored
    assert gate.lockout.failures == staff.FREE_TRIES  # the higher of memory and file


def test_a_pin_set_from_the_shell_starts_a_fresh_count(tmp_path: Path) -> None:
    staff.save_pin(tmp_path, staff.hash_pin("735194"))
    clock = _Clock()
    gate = staff.PinGate(tmp_path, clock=clock)
    for _ in range(3):
        gate.enter("000000")
    assert gate.wait() == 30
    staff.save_pin(tmp_path, staff.hash_pin("861402"))  # `kiosk staff set-pin`
    assert gate.enter("861402")[0] is Verdict.OPEN


@pytest.mark.parametrize(
    "pin",
    ["1234", "12345", "000000", "111111", "123456", "654321", "890123", "121212", "123123",
     "147258", "159753", "112233", "12341234"],
)  # fmt: skip
def test_set_pin_refuses_the_weakest(pin: str) -> None:
    assert staff.new_pin_problem(pin) is not None
    assert staff.pin_problem(pin) is None  # the keypad would still take it, if set before


@pytest.mark.parametrize("pin", ["735194", "20481736", "902351"])
def test_set_pin_takes_mixed_digits(pin: str) -> None:
    assert staff.new_pin_problem(pin) is None


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


def test_a_destructive_button_acts_on_its_second_tap() -> None:
    taps = staff.TwoTaps()
    assert not taps.tap("exit", "", 10.0)
    assert taps.pending(12.0) == ("exit", "")
    assert taps.tap("exit", "", 12.0)
    assert taps.pending(12.0) is None
    # Too slow, or another button in between, starts over.
    assert not taps.tap("untrust", "a", 20.0)
    assert taps.pending(25.1) is None
    assert not taps.tap("untrust", "a", 25.1)
    assert not taps.tap("untrust", "b", 26.0)
    assert not taps.tap("untrust", "a", 27.0)
    assert taps.tap("untrust", "a", 28.0)
