"""``kiosk status``: open or closed now, the next change, and the clock as the kiosk judges it."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from kiosk.cli.status import _schedule_and_clock
from kiosk.playback.schedule import ClockVerdict, Schedule, describe_clock, next_change
from tests.playback.test_schedule import at, hours

WEEKDAYS = hours(
    mon="09:00-18:00", tue="09:00-18:00", wed="09:00-18:00", thu="09:00-18:00", fri="09:00-18:00"
)


def test_next_change_open_closed_overnight_and_always_open() -> None:
    assert next_change(WEEKDAYS, at(0, "12:30")) == at(0, "18:00")
    assert next_change(WEEKDAYS, at(0, "20:00")) == at(1, "09:00")
    # Friday evening: Saturday and Sunday are not listed, so open all day from midnight.
    assert next_change(WEEKDAYS, at(4, "19:00")) == at(5, "00:00")
    assert next_change(WEEKDAYS, at(5, "10:00")) == at(7, "00:00")  # next Monday
    late = hours(fri="20:00-02:00", sat="20:00-02:00")
    assert next_change(late, at(4, "23:00")) == at(5, "02:00")  # past midnight, as the kiosk
    assert next_change(Schedule(), at(2, "03:00")) is None


def test_describe_clock_trusted_and_not() -> None:
    floor = date(2026, 11, 1)
    assert describe_clock(ClockVerdict(True), at(0, "12:00"), floor) == (
        "clock: trusted (2026-11-23 12:00; not before 2026-11-01)"
    )
    line = describe_clock(ClockVerdict(False, "the clock says 1970-01-01"), at(0, "12:00"), floor)
    assert line == (
        "clock: NOT trusted (the clock says 1970-01-01): the kiosk stays open and ignores "
        "slide dates"
    )


def test_status_timing_with_a_wrong_clock_stays_open() -> None:
    timing = _schedule_and_clock(WEEKDAYS, "2026.11.3", datetime(1970, 1, 3, 23, 0))  # a Saturday
    assert not timing.trusted
    assert "before 2026-11-01" in timing.clock_line
    data = timing.to_json()
    assert data["open_now"] is True  # the clock never blanks the screen
    assert data["next_change"] is None
    assert data["clock"]["trusted"] is False
    assert "not trusted" in timing.change_line()


def test_status_timing_closed_says_when_it_opens() -> None:
    timing = _schedule_and_clock(WEEKDAYS, "2026.11.3", at(0, "20:15"))
    assert timing.trusted
    assert timing.change_line() == "  next change: opens Tue 2026-11-24 09:00"
    assert timing.to_json()["next_change"] == {"at": "2026-11-24T09:00", "to": "open"}
    assert timing.to_json()["open_now"] is False


def test_kiosk_status_prints_the_schedule_and_the_clock(run_cli, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "kiosk.yaml").write_text('schedule:\n  hours:\n    mon: ["09:00-18:00"]\n')
    result = run_cli("status")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert any(line.startswith("schedule: ") for line in lines)
    assert any(line.startswith("  next change: ") for line in lines)
    assert any(line.startswith("clock: ") for line in lines)
    data = json.loads(run_cli("status", "--json").out)
    assert isinstance(data["clock"]["trusted"], bool)
    assert data["clock"]["floor"] >= "2026-11-01"  # the bundled pack's month at least
    assert isinstance(data["open_now"], bool)
