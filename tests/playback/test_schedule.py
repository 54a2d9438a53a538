"""Opening hours, playlists by time of day, dated slides, clock sanity and burn-in drift."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.config import ScheduleSettings, SlotSettings, parse_spans, parse_time
from kiosk.content.model import Localized, Pack, Slide
from kiosk.playback.schedule import (
    BUILD_FLOOR,
    DRIFT_MAX,
    ClockJudge,
    Schedule,
    Slot,
    Span,
    clock_floor,
    dated_slides,
    describe_now,
    drift,
    plan,
)

MONDAY = datetime(2026, 11, 23)  # a Monday


def at(day: int, hhmm: str) -> datetime:
    """Local time on weekday ``day`` (0 = Monday) of the week of MONDAY."""
    return MONDAY + timedelta(days=day, minutes=parse_time(hhmm))


def hours(**days: object) -> Schedule:
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    parsed = {names.index(k): tuple(Span(*r) for r in parse_spans(v)) for k, v in days.items()}
    return Schedule(hours=MappingProxyType(parsed))


def slide(id_: str, *venues: str, since: date | None = None, until: date | None = None) -> Slide:
    text = Localized({"en": id_})
    return Slide(id_, venues or ("any",), 10, text, text, None, "training", since, until)


def make_pack(*slides: Slide, version: str = "1") -> Pack:
    t = Localized({"en": "t"})
    return Pack("p", version, ("en",), t, "draft", None, (), {}, slides, (), Path())


def ids(slides: tuple[Slide, ...]) -> list[str]:
    return [s.id for s in slides]


# -- parsing -------------------------------------------------------------------------------------


def test_times_parse_to_minutes() -> None:
    assert parse_time("00:00") == 0
    assert parse_time("06:30") == 390
    assert parse_time("24:00") == 1440
    for bad in ("6:00", "24:01", "12:60", "noon", "1200"):
        with pytest.raises(ValueError, match="HH:MM"):
            parse_time(bad)


def test_spans_parse_one_several_and_closed() -> None:
    assert parse_spans("06:00-22:00") == ((360, 1320),)
    assert parse_spans(["06:00-12:00", "14:00-24:00"]) == ((360, 720), (840, 1440))
    assert parse_spans("closed") == ()
    assert Span(*parse_spans("22:00-02:00")[0]).overnight
    for bad, why in (
        ("06:00", "range"),
        ("08:00-08:00", "empty"),
        ("24:00-02:00", "24:00"),
        ([], "closed"),
    ):
        with pytest.raises(ValueError, match=why):
            parse_spans(bad)


def test_settings_from_kiosk_yaml_become_a_schedule() -> None:
    settings = ScheduleSettings(
        hours=((0, ((360, 1320),)), (6, ())),
        closed="display-off",
        playlists=(SlotSettings(360, 600, slides=("t1",), days=(0,)),),
        clock_floor=date(2027, 1, 1),
    )
    schedule = Schedule.from_settings(settings)
    assert schedule.hours == {0: (Span(360, 1320),), 6: ()}
    assert schedule.closed == "display-off"
    assert schedule.playlists == (Slot(Span(360, 600), ("t1",), (), (0,)),)
    assert schedule.clock_floor == date(2027, 1, 1)
    assert Schedule.from_settings(ScheduleSettings()) == Schedule()


# -- opening hours -------------------------------------------------------------------------------


def test_no_hours_is_always_open() -> None:
    assert Schedule().is_open(at(0, "03:00"))


def test_day_hours_open_and_close_on_the_minute() -> None:
    s = hours(mon="06:00-22:00")
    assert not s.is_open(at(0, "05:59"))
    assert s.is_open(at(0, "06:00"))
    assert s.is_open(at(0, "21:59"))
    assert not s.is_open(at(0, "22:00"))
    assert s.is_open(at(1, "03:00")), "a day not listed is open all day"


def test_several_ranges_leave_a_gap() -> None:
    s = hours(tue=["06:00-12:00", "14:00-20:00"])
    assert s.is_open(at(1, "11:00"))
    assert not s.is_open(at(1, "13:00"))
    assert s.is_open(at(1, "14:00"))


def test_overnight_range_runs_into_the_next_day_even_a_closed_one() -> None:
    s = hours(fri="18:00-02:00", sat="closed", sun="closed")
    assert not s.is_open(at(4, "17:59"))
    assert s.is_open(at(4, "23:30"))
    assert s.is_open(at(5, "01:59")), "Friday's hours reach into Saturday"
    assert not s.is_open(at(5, "02:00"))
    assert not s.is_open(at(6, "01:00"))


def test_sunday_night_runs_into_monday() -> None:
    s = hours(sun="20:00-03:00", mon="08:00-17:00")
    assert s.is_open(at(0, "02:00"))
    assert not s.is_open(at(0, "04:00"))


def test_opens_at_names_the_next_opening() -> None:
    s = hours(mon="06:00-22:00", tue="closed", wed="09:00-17:00")
    assert s.opens_at(at(0, "23:00")) == at(2, "09:00")
    assert s.opens_at(at(0, "05:00")) == at(0, "06:00")
    never = hours(mon="closed", tue="closed", wed="closed", thu="closed", fri="closed",
                  sat="closed", sun="closed")  # fmt: skip
    assert never.opens_at(at(0, "05:00")) is None


WEEK_SPANS = st.lists(
    st.tuples(st.integers(0, 1439), st.integers(1, 1440)).filter(lambda t: t[0] != t[1]),
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.integers(0, 6), WEEK_SPANS),
    st.integers(0, 7 * 1440 - 1),
)
def test_open_exactly_when_some_span_covers_the_minute(
    days: dict[int, list[tuple[int, int]]], minute_of_week: int
) -> None:
    """Against a brute force over the week: each span marks its minutes, overnight ones spill."""
    schedule = Schedule(
        hours=MappingProxyType({d: tuple(Span(a, b) for a, b in v) for d, v in days.items()})
    )
    week = [d not in days for d in range(7) for _ in range(1440)]
    for d, spans in days.items():
        for a, b in spans:
            end = b if b > a else b + 1440
            for m in range(a, end):
                week[(d * 1440 + m) % (7 * 1440)] = True
    when = MONDAY + timedelta(minutes=minute_of_week)
    assert schedule.is_open(when) == week[minute_of_week]
    if not week[minute_of_week]:
        opens = schedule.opens_at(when)
        if not any(week):  # closed every day: it never opens, and says so
            assert opens is None
        else:
            assert opens is not None
            assert opens > when
            assert schedule.is_open(opens)


# -- dated slides and playlists ------------------------------------------------------------------


JAN = (date(2027, 1, 1), date(2027, 1, 31))


def test_a_slide_plays_only_within_its_dates() -> None:
    slides = (slide("jan", since=JAN[0], until=JAN[1]), slide("always"))
    assert ids(dated_slides(slides, date(2026, 12, 31))) == ["always"]
    assert ids(dated_slides(slides, date(2027, 1, 1))) == ["jan", "always"]
    assert ids(dated_slides(slides, date(2027, 1, 31))) == ["jan", "always"]
    assert ids(dated_slides(slides, date(2027, 2, 1))) == ["always"]


def test_when_every_slide_is_out_of_date_the_general_ones_play_else_all() -> None:
    old = date(2020, 1, 1)
    slides = (slide("t", "transit", until=old), slide("g", "any", until=old))
    assert ids(dated_slides(slides, date(2027, 1, 1))) == ["g"]
    only_venue = (slide("t", "transit", until=old), slide("h", "hotel", until=old))
    assert ids(dated_slides(only_venue, date(2027, 1, 1))) == ["t", "h"]


def test_an_untrusted_clock_ignores_dates() -> None:
    slides = (slide("jan", since=JAN[0], until=JAN[1]), slide("always"))
    assert ids(dated_slides(slides, None)) == ["jan", "always"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["any", "transit"]), st.integers(-40, 40), st.integers(0, 40)),
        min_size=1,
        max_size=6,
    ),
    st.integers(-60, 60),
)
def test_dated_slides_is_never_empty_and_keeps_what_is_in_date(
    specs: list[tuple[str, int, int]], day: int
) -> None:
    base = date(2027, 1, 1)
    slides = tuple(
        slide(f"s{i}", v, since=base + timedelta(days=a), until=base + timedelta(days=a + n))
        for i, (v, a, n) in enumerate(specs)
    )
    today = base + timedelta(days=day)
    chosen = dated_slides(slides, today)
    assert chosen
    current = [s for s in slides if s.from_date <= today <= s.until_date]  # type: ignore[operator]
    if current:
        assert list(chosen) == current


PACK = make_pack(
    slide("g1"), slide("t1", "transit"), slide("h1", "hotel"), slide("g2"), slide("night", "any")
)


def test_plan_plays_the_slot_of_the_time_of_day() -> None:
    morning = Slot(Span(360, 600), slides=("t1",))
    evening = Slot(Span(1080, 120), venues=("hotel",))
    schedule = Schedule(playlists=(morning, evening))
    assert ids(plan(schedule, PACK, "transit", at(0, "07:00")).slides) == ["t1"]
    assert ids(plan(schedule, PACK, "transit", at(0, "23:00")).slides) == ["h1"]
    assert ids(plan(schedule, PACK, "transit", at(1, "01:00")).slides) == ["h1"]
    noon = plan(schedule, PACK, "transit", at(0, "12:00"))
    assert ids(noon.slides) == ["t1", "g1", "g2", "night"]


def test_a_slot_for_some_days_only() -> None:
    weekend = Slot(Span(0, 1440), slides=("night",), days=(5, 6))
    schedule = Schedule(playlists=(weekend,))
    assert ids(plan(schedule, PACK, None, at(5, "12:00")).slides) == ["night"]
    assert "night" not in ids(plan(schedule, PACK, None, at(4, "12:00")).slides)[:1]


def test_a_slot_naming_no_slide_of_the_pack_falls_back_and_says_so() -> None:
    schedule = Schedule(playlists=(Slot(Span(0, 1440), slides=("gone",)),))
    result = plan(schedule, PACK, "hotel", at(0, "12:00"))
    assert ids(result.slides) == ["h1", "g1", "g2", "night"]
    assert any("names no slide" in n for n in result.notes)


def test_plan_closed_outside_hours_names_the_opening() -> None:
    schedule = hours(mon="06:00-22:00", tue="06:00-22:00")
    result = plan(schedule, PACK, None, at(0, "23:00"))
    assert not result.open
    assert result.opens_at == at(1, "06:00")
    assert result.slides, "the slides are still chosen: the closed screen shows the hotlines"
    assert plan(schedule, PACK, None, at(0, "12:00")).open


def test_an_untrusted_clock_is_open_with_every_slide_of_the_venue() -> None:
    schedule = hours(mon="closed", tue="closed", wed="closed", thu="closed", fri="closed",
                     sat="closed", sun="closed")  # fmt: skip
    dated = make_pack(slide("jan", since=JAN[0], until=JAN[1]), slide("g"))
    result = plan(schedule, dated, None, None)
    assert result.open
    assert ids(result.slides) == ["jan", "g"]
    assert any("clock" in n for n in result.notes)


# -- the clock -----------------------------------------------------------------------------------


def test_floor_is_the_latest_of_build_config_and_pack_date() -> None:
    assert clock_floor(Schedule(), "1.2") == BUILD_FLOOR
    assert clock_floor(Schedule(), "2027.3.0") == date(2027, 3, 1)
    assert clock_floor(Schedule(clock_floor=date(2028, 1, 1)), "2027.3.0") == date(2028, 1, 1)
    assert clock_floor(Schedule(), "2027.13.0") == BUILD_FLOOR


def test_a_clock_before_the_floor_is_not_trusted() -> None:
    judge = ClockJudge(date(2026, 11, 1))
    verdict = judge.observe(datetime(1970, 1, 1, 0, 5), 300.0)
    assert not verdict.trusted
    assert "1970-01-01" in verdict.reason


def test_boot_in_1970_then_ntp_sync_is_trusted_after_settling() -> None:
    judge = ClockJudge(date(2026, 11, 1), jump=120, settle=600)
    assert not judge.observe(datetime(1970, 1, 1, 0, 1), 60.0).trusted
    synced = datetime(2026, 11, 26, 9, 0)
    verdict = judge.observe(synced, 120.0)
    assert not verdict.trusted
    assert "jumped" in verdict.reason
    assert not judge.observe(synced + timedelta(seconds=540), 660.0).trusted
    assert judge.observe(synced + timedelta(seconds=601), 721.0).trusted


def test_steady_clock_stays_trusted_and_small_drift_is_no_jump() -> None:
    judge = ClockJudge(date(2026, 11, 1), jump=120)
    start = datetime(2026, 11, 26, 9, 0)
    for minute in range(0, 600, 1):
        wall = start + timedelta(seconds=minute * 60 + minute * 0.05)
        assert judge.observe(wall, minute * 60.0).trusted


@settings(max_examples=100, deadline=None)
@given(st.floats(-1e8, 1e8).filter(lambda j: abs(j) > 121), st.integers(0, 599))
def test_any_jump_distrusts_for_the_settling_time(jump: float, later: int) -> None:
    judge = ClockJudge(date(2026, 11, 1), jump=120, settle=600)
    start = datetime(2030, 6, 1, 12, 0)
    assert judge.observe(start, 1000.0).trusted
    jumped = start + timedelta(seconds=60 + jump)
    assert not judge.observe(jumped, 1060.0).trusted
    assert not judge.observe(jumped + timedelta(seconds=later), 1060.0 + later).trusted


# -- burn-in drift -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.integers(-(10**9), 10**9), st.integers(2, 8))
def test_drift_stays_within_the_limit_and_moves_one_small_step(step: int, grid: int) -> None:
    here, there = drift(step, grid=grid), drift(step + 1, grid=grid)
    assert 0 <= here.x <= DRIFT_MAX + 1e-12
    assert 0 <= here.y <= DRIFT_MAX + 1e-12
    unit = DRIFT_MAX / (grid - 1)
    moved = abs(here.x - there.x) + abs(here.y - there.y)
    assert unit * 0.999 <= moved <= unit * 1.001, "every tick moves to a neighbouring position"


def test_drift_visits_every_position_and_repeats() -> None:
    grid = 4
    period = 2 * grid * grid - 2
    seen = {(round(d.x, 9), round(d.y, 9)) for d in (drift(i, grid=grid) for i in range(period))}
    assert len(seen) == grid * grid
    assert [drift(i) for i in range(period)] == [drift(i + period) for i in range(period)]
    assert drift(0) == drift(0)
    assert drift(0).x == 0
    assert drift(0).y == 0
    assert DRIFT_MAX <= 0.015, "the strip and the QR move at most 1.5 % of the screen"


def test_status_line_says_open_closed_or_untrusted() -> None:
    floor = date(2026, 11, 1)
    assert describe_now(Schedule(), at(0, "03:00"), floor) == "schedule: always open"
    week = hours(mon="06:00-22:00", tue="closed")
    assert describe_now(week, at(0, "12:00"), floor) == "schedule: open now"
    assert (
        describe_now(week, at(0, "23:00"), floor) == "schedule: closed until Wed 00:00 (dim screen)"
    )
    assert "not trusted" in describe_now(week, datetime(1970, 1, 1), floor)
