"""The crash-loop guard's decisions, and starts.json written atomically by its shell."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.config import CrashGuardSettings
from kiosk.intake.trust import PackRef
from kiosk.ops.crashguard import (
    BUILT_IN,
    CrashGuard,
    StartRecord,
    choose,
    count_unfinished,
    guard_status,
    now_showing,
    ran_clean,
    started,
    stopped,
)

LIVE, GOOD = PackRef("new", "2.0"), PackRef("old", "1.0")


def crash(record: StartRecord, live: PackRef | None, limit: int = 3) -> StartRecord:
    """One start that never became clean: choose, start, and the next start counts it."""
    record, choice = choose(count_unfinished(record), live, limit)
    return started(record, choice.ref, choice.reason, 0.0)


def next_choice(record: StartRecord, live: PackRef | None, limit: int = 3) -> PackRef | None:
    return choose(count_unfinished(record), live, limit)[1].ref


def test_the_live_pack_plays_until_it_failed_n_starts_in_a_row() -> None:
    record = ran_clean(started(StartRecord(), GOOD, "", 0.0), GOOD)
    for _ in range(2):
        record = crash(record, LIVE)
        assert next_choice(record, LIVE) == LIVE
    record = crash(record, LIVE)
    record, choice = choose(count_unfinished(record), LIVE, 3)
    assert choice.ref == GOOD
    assert (
        choice.reason
        == "showing pack old 1.0 because pack new 2.0 failed to start 3 times in a row"
    )


def test_then_the_built_in_pack_which_is_never_set_aside() -> None:
    record = ran_clean(started(StartRecord(), GOOD, "", 0.0), GOOD)
    for _ in range(6):
        record = crash(record, LIVE)
    record, choice = choose(count_unfinished(record), LIVE, 3)
    assert choice.ref is None
    assert "pack new 2.0 failed" in choice.reason
    assert "pack old 1.0 failed to start 3 times" in choice.reason
    for _ in range(10):
        record = crash(record, LIVE)
    assert next_choice(record, LIVE) is None
    assert record.failures[BUILT_IN] >= 9


def test_no_clean_pack_yet_falls_back_to_the_built_in_one() -> None:
    record = StartRecord()
    for _ in range(3):
        record = crash(record, LIVE)
    assert next_choice(record, LIVE) is None


def test_a_clean_run_forgets_the_failures() -> None:
    record = crash(crash(StartRecord(), LIVE), LIVE)
    record = ran_clean(count_unfinished(record), LIVE)
    assert record.failed(LIVE) == 0
    assert record.last_clean == LIVE


def test_a_newly_live_pack_starts_with_a_clean_slate() -> None:
    record = StartRecord()
    for _ in range(3):
        record = crash(record, LIVE)
    other = PackRef("new", "2.1")
    assert next_choice(record, other) == other
    # staff activate the failing one again: it gets another N tries
    record = crash(record, other)
    assert next_choice(record, LIVE) == LIVE


def test_nothing_live_is_the_built_in_pack_without_a_reason() -> None:
    _, choice = choose(StartRecord(last_clean=GOOD), None, 3)
    assert choice.ref is None
    assert not choice.fell_back


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["crash", "clean", "stop"]), max_size=30), st.integers(1, 5))
def test_a_pack_is_set_aside_only_after_limit_failures_in_a_row(
    events: list[str], limit: int
) -> None:
    record, in_a_row, clean = StartRecord(), 0, None
    for event in events:
        record, choice = choose(count_unfinished(record), LIVE, limit)
        if in_a_row < limit:
            assert choice.ref == LIVE
        else:  # the last clean pack is this one, failing too: the built-in pack
            assert choice.ref is None
            assert clean in (None, LIVE)
        record = started(record, choice.ref, choice.reason, 0.0)
        if choice.ref != LIVE:
            break
        if event == "crash":
            in_a_row += 1
        elif event == "clean":
            record, in_a_row, clean = ran_clean(record, LIVE), 0, LIVE
        else:
            record = stopped(record)


def test_the_record_survives_json_and_junk_reads_as_fresh() -> None:
    record = ran_clean(crash(crash(StartRecord(), LIVE), LIVE), GOOD)
    assert StartRecord.from_json(json.loads(json.dumps(record.to_json()))) == record
    assert StartRecord.from_json([1]) == StartRecord()
    assert StartRecord.from_json({"failures": {"x": "many"}, "running": 3}) == StartRecord()


def test_the_shell_writes_starts_json_and_status_reads_it(tmp_path: Path) -> None:
    settings = CrashGuardSettings(failed_starts=2, clean_minutes=0.1)
    first = CrashGuard(tmp_path, settings)
    assert first.choose(GOOD).ref == GOOD
    first.started(GOOD)
    first.ran_clean()
    for _ in range(2):
        guard = CrashGuard(tmp_path, settings)
        choice = guard.choose(LIVE)
        assert choice.ref == LIVE
        guard.started(choice.ref, choice.reason)  # …and the process dies here
    guard = CrashGuard(tmp_path, settings)
    choice = guard.choose(LIVE)
    assert choice.ref == GOOD
    guard.started(choice.ref, choice.reason)
    status = guard_status(tmp_path)
    assert status.fallback == choice.reason
    assert status.failed_in_a_row == 2
    assert status.last_clean == "old 1.0"
    assert "because pack new 2.0 failed to start 2 times" in status.describe()
    guard.stopped()
    assert json.loads((tmp_path / "starts.json").read_text())["running"] == ""
    assert not list(tmp_path.glob("*.tmp*")), "written by write-temp and rename"


def test_a_damaged_file_starts_afresh(tmp_path: Path) -> None:
    (tmp_path / "starts.json").write_text("{not json")
    assert CrashGuard(tmp_path).choose(LIVE).ref == LIVE
    assert guard_status(tmp_path).fallback == ""


def test_a_read_only_home_never_stops_the_show(tmp_path: Path) -> None:
    home = tmp_path / "missing" / "home"  # cannot be written: its folder does not exist
    guard = CrashGuard(home)
    assert guard.choose(LIVE).ref == LIVE
    guard.started(LIVE)
    guard.ran_clean()


def test_a_pack_swapped_in_while_running_is_the_one_a_crash_counts_against(
    tmp_path: Path,
) -> None:
    guard = CrashGuard(tmp_path)
    guard.started(guard.choose(GOOD).ref)
    assert not guard.now_showing(GOOD, GOOD), "the same pack (a language change) is nothing new"
    assert guard.now_showing(LIVE, LIVE)
    assert json.loads((tmp_path / "starts.json").read_text())["running"] == "new 2.0"
    after = CrashGuard(tmp_path)  # …the kiosk died with the new pack on screen
    assert after.choose(LIVE).ref == LIVE
    assert after.record.failed(LIVE) == 1, "the crash counts against the pack that was showing"


def test_a_fallback_on_screen_never_wipes_the_live_packs_failures() -> None:
    """The flap: the built-in pack shown as a fallback was taken for a new live pack."""
    record = StartRecord()
    for _ in range(3):
        record = crash(record, LIVE)
    record, choice = choose(count_unfinished(record), LIVE, 3)
    assert choice.ref is None
    assert choice.fell_back
    record = started(record, None, choice.reason, 0.0)
    # While the built-in pack shows, the screen reports it (a language change, a watcher swap).
    record = now_showing(record, PackRef("kiosk-default", "1.0.0"), LIVE, 1.0)
    record = stopped(record)  # then an ordinary restart
    assert next_choice(record, LIVE) is None, "the crashing pack gets no fresh tries"
    assert record.failed(LIVE) == 3
    assert record.fallback, "the staff panel still says why"


def test_a_new_live_pack_swapped_in_during_a_fallback_gets_a_clean_slate() -> None:
    record = StartRecord()
    for _ in range(3):
        record = crash(record, LIVE)
    record, choice = choose(count_unfinished(record), LIVE, 3)
    record = now_showing(started(record, None, choice.reason, 0.0), GOOD, GOOD, 1.0)
    assert record.fallback == "", "the live pack is on screen again"
    assert next_choice(stopped(record), GOOD) == GOOD
