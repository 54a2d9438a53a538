"""kiosk.yaml ``schedule`` and ``crash_guard``: typed, problems with lines, defaults when broken."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.common.problems import PackError
from kiosk.config import (
    CrashGuardSettings,
    KioskConfig,
    ScheduleSettings,
    SlotSettings,
    load_config,
    parse_spans,
)

GOOD = """\
venue: transit
schedule:
  hours:
    mon: "06:00-22:00"
    tue: ["06:00-12:00", "14:00-22:00"]
    fri: "18:00-02:00"
    sun: closed
  closed: display-off
  playlists:
    - {from: "06:00", until: "10:00", slides: [commute-watch]}
    - {from: 18:00, until: 23:30, venues: [hotel, any], days: [fri, sat]}
  clock_floor: 2027-01-01
crash_guard:
  failed_starts: 4
  clean_minutes: 5
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_schedule_reads_typed(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD), strict=True)
    assert config.schedule == ScheduleSettings(
        hours=(
            (0, ((360, 1320),)),
            (1, ((360, 720), (840, 1320))),
            (4, ((1080, 120),)),
            (6, ()),
        ),
        closed="display-off",
        playlists=(
            SlotSettings(360, 600, slides=("commute-watch",)),
            SlotSettings(1080, 1410, venues=("hotel", "any"), days=(4, 5)),
        ),
        clock_floor=date(2027, 1, 1),
    )
    assert config.crash_guard == CrashGuardSettings(failed_starts=4, clean_minutes=5)


def test_defaults_are_always_open_and_three_starts_in_ten_minutes(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "venue: hotel\n"), strict=True)
    assert config.schedule == ScheduleSettings()
    assert config.crash_guard == CrashGuardSettings(3, 10.0)


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        ('schedule:\n  hours:\n    mon: "6-22"\n', 3, "schedule.hours.mon", "HH:MM"),
        ('schedule:\n  hours:\n    mon: "08:00-08:00"\n', 3, "schedule.hours.mon", "empty"),
        ("schedule:\n  hours:\n    monday: closed\n", 2, "schedule.hours", "unknown field"),
        ("schedule:\n  closed: off\n", 2, "schedule.closed", "not one of"),
        (
            'schedule:\n  playlists:\n    - {from: "25:00", until: "10:00", slides: [a]}\n',
            3,
            "schedule.playlists[0].from",
            "HH:MM",
        ),
        (
            'schedule:\n  playlists:\n    - {from: "06:00", until: "10:00"}\n',
            3,
            "schedule.playlists[0]",
            "slides (ids) or venues",
        ),
        ('schedule:\n  clock_floor: "2027-02-30"\n', 2, "schedule.clock_floor", "day is out"),
        ("crash_guard:\n  failed_starts: 0\n", 2, "crash_guard.failed_starts", ""),
    ],
)
def test_a_broken_schedule_names_file_line_and_field_and_falls_back_to_always_open(
    tmp_path: Path, text: str, line: int, field: str, words: str
) -> None:
    path = write(tmp_path, "venue: hotel\n" + text)
    config = load_config(path, strict=False)
    [problem] = config.problems
    assert (problem.file, problem.line - 1, problem.field) == ("kiosk.yaml", line, field)
    assert words in problem.message
    assert config.venue == "hotel", "the good keys are kept"
    assert config.schedule == KioskConfig().schedule
    assert config.crash_guard == KioskConfig().crash_guard
    with pytest.raises(PackError):
        load_config(path, strict=True)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 1439), st.integers(1, 1440)).filter(lambda t: t[0] != t[1]),
        min_size=1,
        max_size=4,
    )
)
def test_hours_written_as_text_read_back_as_the_same_minutes(spans: list[tuple[int, int]]) -> None:
    def hhmm(minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    texts = [f"{hhmm(a)}-{hhmm(b)}" for a, b in spans]
    assert parse_spans(texts) == tuple(spans)
    assert parse_spans(texts[0]) == (spans[0],)


def test_every_problem_is_reported_in_one_pass_schedule_included(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.yaml"
    path.write_text(
        "venue: nowhere\n"
        "schedule:\n"
        "  hours:\n"
        '    mon: "25:00-10:00"\n'
        "    tue: 5\n"
        "  closed: sometimes\n"
        "  playlists:\n"
        '    - {from: "7:00", until: "09:00"}\n'
        '    - {until: "09:00", venues: [transit]}\n'
    )
    with pytest.raises(PackError) as caught:
        load_config(path, strict=True)
    said = sorted(f"{p.line}: {p.field}" for p in caught.value.problems)
    assert said == [
        "1: venue",
        "4: schedule.hours.mon",
        "5: schedule.hours.tue",  # once: the schema's, not the schedule's rules' again
        "6: schedule.closed",
        "8: schedule.playlists[0]",  # needs slides or venues
        "8: schedule.playlists[0].from",
        "9: schedule.playlists[1]",  # `from` is missing
    ]
