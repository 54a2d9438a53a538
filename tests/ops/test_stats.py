"""Impact counts (kiosk/ops/stats.py): the hourly tally, the database, the readers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.content.model import Lesson
from kiosk.ops import stats
from kiosk.ops.stats import SessionEvents, StatsStore, Tally
from kiosk.playback.clock import ManualClock
from kiosk.playback.session import Session, SessionState

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC).timestamp()


def test_counts_are_filed_by_the_utc_hour() -> None:
    clock = ManualClock(T0 + 3599)
    tally = Tally(clock)
    tally.add("touch_session")
    clock.advance(1)
    tally.add("touch_session")
    tally.add("touch_session")
    tally.add("slide_shown", "transit-watch/es")
    assert tally.take() == [
        ("2026-12-06T09", "touch_session", "", 1),
        ("2026-12-06T10", "slide_shown", "transit-watch/es", 1),
        ("2026-12-06T10", "touch_session", "", 2),
    ]
    assert tally.take() == []


@pytest.mark.parametrize(
    ("counter", "key", "kept"),
    [
        ("slide_shown", "a-slide/en", "a-slide/en"),
        ("slide_shown", "a-slide", "other"),
        ("lesson_started", "signs", "signs"),
        ("lesson_started", "Signs; DROP TABLE", "other"),
        ("lesson_started", "x" * 64, "other"),
        ("language_switch", "es", "es"),
        ("language_switch", "español", "other"),
        ("touch_session", "someone", "other"),  # no key where none belongs
        ("touch_session", "", ""),
    ],
)
def test_only_pack_ids_and_language_codes_become_keys(counter: str, key: str, kept: str) -> None:
    assert stats.clean_key(counter, key) == kept


def test_an_unknown_counter_is_a_bug() -> None:
    with pytest.raises(ValueError, match="not a counter"):
        Tally(lambda: T0).add("visitor_name", "Ana")


def test_a_flood_of_keys_in_one_hour_is_summed_under_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stats, "KEYS_PER_HOUR", 3)
    tally = Tally(lambda: T0)
    for n in range(10):
        tally.add("lesson_started", f"lesson-{n}")
    rows = tally.take()
    assert len(rows) == 4
    assert ("2026-12-06T09", "lesson_started", "other", 7) in rows


def test_a_batch_the_writer_gave_back_is_written_next_time(tmp_path: Path) -> None:
    tally = Tally(lambda: T0)
    tally.add("read_aloud")
    batch = tally.take()
    tally.add("read_aloud")
    tally.give_back(batch)
    StatsStore(tmp_path).write(tally.take())
    assert stats.totals(tmp_path / "stats.sqlite3") == {("read_aloud", ""): 2}


def test_writes_add_up_and_the_database_is_wal(tmp_path: Path) -> None:
    store = StatsStore(tmp_path)
    store.write([("2026-12-06T09", "touch_session", "", 2)])
    store.write([("2026-12-06T09", "touch_session", "", 3), ("2026-12-06T10", "read_aloud", "", 1)])
    assert stats.totals(store.path) == {("touch_session", ""): 5, ("read_aloud", ""): 1}
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_totals_of_a_missing_database_are_empty(tmp_path: Path) -> None:
    assert stats.totals(tmp_path / "stats.sqlite3") == {}
    assert not (tmp_path / "stats.sqlite3").exists()  # reading never creates it


def test_a_year_of_hours_is_kept_then_the_oldest_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stats, "KEEP_HOURS", 48)
    store = StatsStore(tmp_path)
    hours = [stats.hour_of(T0 + h * 3600) for h in range(50)]
    store.write([(h, "touch_session", "", 1) for h in hours] + [(hours[0], "read_aloud", "", 1)])
    store.write([], prune=True)
    kept = stats.rows(store.path)
    assert {r[0] for r in kept} == set(hours[2:])
    assert len(kept) == 48


def test_a_kill_9_loses_at_most_the_counts_not_yet_written(tmp_path: Path) -> None:
    """A real process writes batch after batch and is killed with SIGKILL in the middle."""
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from kiosk.ops.stats import StatsStore
        store = StatsStore(Path(sys.argv[1]))
        keys = [f"lesson-{n}" for n in range(40)]
        written = 0
        while True:
            store.write([("2026-12-06T09", "lesson_started", k, 1) for k in keys])
            written += 1
            if written == 3:
                print("written", flush=True)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "written"
        time.sleep(0.2)  # mid-write, most likely: it writes all the time
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()  # already dead unless an assertion failed first
        child.wait(timeout=10)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with sqlite3.connect(tmp_path / "stats.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    counts = set(stats.totals(tmp_path / "stats.sqlite3").values())
    assert len(counts) == 1  # every batch wholly or not at all
    assert counts.pop() >= 3  # what was written before the kill stays


def _lesson(lesson_id: str, questions: int) -> Lesson:
    from kiosk.content.model import Card, Choice, Localized, Question

    text = Localized({"en": "x"})
    choices = (Choice(text, True, text), Choice(text, False, text))
    return Lesson(
        id=lesson_id,
        title=text,
        icon=None,
        minutes=1,
        venues=("any",),
        cards=(Card(text, text),),
        questions=tuple(Question(text, choices) for _ in range(questions)),
    )


def test_a_lesson_run_counts_once_however_the_visitor_steps_back() -> None:
    lessons = (_lesson("signs", 2), _lesson("report", 1))
    ids = [lesson.id for lesson in lessons]
    session = Session(lessons, clock=ManualClock())
    events = SessionEvents()
    seen: list[tuple[str, str]] = []

    def do(step: Callable[[], SessionState]) -> None:
        before = session.state
        after = step()
        seen.extend(events.step(before, after, ids, bool(session.is_correct())))

    do(session.touch)
    do(lambda: session.open_lesson(0))
    do(session.next)  # the first question
    do(lambda: session.answer(1))  # wrong
    do(session.back)  # back to the card, then forward: the question again, unanswered
    do(session.next)
    do(lambda: session.answer(0))  # right, but not the first try
    do(session.next)
    do(lambda: session.answer(0))  # right at once
    do(session.next)  # the end
    do(session.back)
    do(session.next)  # the end again: still one lesson finished
    do(session.done)
    do(session.touch)
    do(lambda: session.open_lesson(1))
    do(session.quick_exit)
    assert seen == [
        ("touch_session", ""),
        ("lesson_started", "signs"),
        ("answered_right_first_try", "signs"),
        ("lesson_finished", "signs"),
        ("touch_session", ""),
        ("lesson_started", "report"),
    ]


def test_daily_sums_fall_on_local_days() -> None:
    rows = [
        ("2026-12-05T23", "touch_session", "", 2),  # 5 Dec in UTC, 6 Dec at UTC+1
        ("2026-12-06T10", "slide_shown", "a/en", 7),
        ("2026-12-06T10", "slide_shown", "a/es", 3),
        ("2026-11-01T10", "touch_session", "", 99),  # long ago
        ("2026-12-06T11", "read_aloud", "", 5),
    ]
    plus_one = timezone(timedelta(hours=1))
    days = stats.daily(rows, date(2026, 12, 6), plus_one)
    assert [d.day for d in days] == [date(2026, 11, 30) + timedelta(days=n) for n in range(7)]
    assert days[-1] == stats.Day(date(2026, 12, 6), 2, 10)
    assert sum(d.sessions for d in days) == 2


def test_csv_and_summary() -> None:
    rows = [
        ("2026-11-01T10", "slide_shown", "old/en", 50),
        ("2026-12-06T09", "slide_shown", "a/en", 4),
        ("2026-12-06T09", "slide_shown", "a/es", 2),
        ("2026-12-06T09", "lesson_started", "signs", 3),
        ("2026-12-06T09", "lesson_finished", "signs", 2),
        ("2026-12-06T10", "touch_session", "", 3),
    ]
    assert stats.csv_text(rows[1:3]) == (
        "hour,counter,key,n\n2026-12-06T09,slide_shown,a/en,4\n2026-12-06T09,slide_shown,a/es,2\n"
    )
    text = stats.summary_text(rows, stats.since_hour(T0 + 3600, 7))
    lines = text.splitlines()
    assert lines[0] == "Counts by hour, 2026-11-01T10:00 to 2026-12-06T10:59 UTC"
    assert lines[3].split() == ["slide_shown", "6", "56"]
    assert "touch_session 3 3" in " ".join(" ".join(line.split()) for line in lines)
    old, recent = (next(ln for ln in lines if ln.strip().startswith(s)) for s in ("old", "a "))
    assert old.split() == ["old", "0", "50"]
    assert recent.split() == ["a", "6", "6"]
    assert next(ln for ln in lines if ln.strip().startswith("signs")).split() == [
        "signs",
        "3",
        "2",
        "0",
    ]
    assert stats.summary_text([], "2026-12-01T00").startswith("No counts yet.")


def test_writes_come_every_minute_and_just_after_the_hour_ends() -> None:
    assert stats.flush_delay(T0 + 60) == 60
    assert stats.flush_delay(T0 + 3590) == pytest.approx(10.05)
    assert stats.flush_delay(T0) == 60


def test_kiosk_stats_prints_the_summary_and_refuses_a_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk import cli

    now = time.time()
    StatsStore(tmp_path).write(
        [(stats.hour_of(now), "touch_session", "", 4), ("2020-01-01T00", "touch_session", "", 6)]
    )
    assert cli.main(["--home", str(tmp_path), "stats"]) == 0
    out, err = capsys.readouterr()
    assert f"KIOSK_HOME: {tmp_path}" in err
    assert next(ln for ln in out.splitlines() if ln.startswith("touch_session")).split() == [
        "touch_session",
        "4",
        "10",
    ]
    (tmp_path / "stats.sqlite3").unlink()
    (tmp_path / "stats.sqlite3").write_bytes(b"not a database, a file put here by mistake" * 100)
    assert cli.main(["--home", str(tmp_path), "stats", "--csv"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "cannot read the counts" in err
