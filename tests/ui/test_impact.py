"""Impact counts from the real scene: a scripted hour of the loop and of visitors, written by the
recorder's worker thread, read back by ``kiosk stats --csv``; the database holds nobody."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import cli
from kiosk.content.model import Pack
from kiosk.ops import stats
from kiosk.ops.stats import COUNTERS, Tally
from kiosk.playback.clock import ManualClock
from kiosk.ui.app import Scene, load_fonts
from kiosk.ui.impact import ImpactRecorder
from tests.helpers import find_item

T0 = datetime(2026, 12, 6, 9, 0, 10, tzinfo=UTC).timestamp()


class Voice:
    """A speaker that only notes what it would say."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str, language: str, finished: Callable[[], None]) -> None:
        self.said.append(text)

    def stop(self) -> None:
        pass


@pytest.fixture
def counted(qapp: object, qtbot: QtBot, default_pack: Pack) -> Iterator[tuple[Scene, ManualClock]]:
    load_fonts()
    wall = ManualClock(T0)
    scene = Scene(
        default_pack,
        venue="transit",
        animate=False,
        clock=ManualClock(1000.0),
        speaker=Voice(),
        counts=Tally(wall),
    )
    warnings: list[str] = []
    scene.engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
    scene.window.resize(1920, 1080)
    scene.window.show()
    qtbot.waitExposed(scene.window)
    yield scene, wall
    scene.attract.stop()
    scene.window.close()
    assert not warnings, warnings


def test_a_scripted_hour_is_counted_right_and_holds_no_person(
    counted: tuple[Scene, ManualClock],
    qtbot: QtBot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    scene, wall = counted
    attract, session, access = scene.attract, scene.session, scene.access
    tally = attract._counts  # the one tally every bridge counts into
    assert tally is not None
    recorder = ImpactRecorder(tally, tmp_path, now=wall, parent=scene.engine)
    expected: Counter[tuple[str, str, str]] = Counter()
    hour = "2026-12-06T09"

    def on_screen() -> None:
        slide = attract.property("slide")
        expected[hour, "slide_shown", f"{slide['id']}/{slide['language']}"] += 1
        expected[hour, "qr_slide_shown", slide["id"]] += 1

    attract.start()
    on_screen()
    for _ in range(5):
        wall.advance(60)
        attract.advance()
        on_screen()

    # A visitor who reads the first lesson and answers every question right at once.
    lessons = session.session.lessons
    session.touch()
    expected[hour, "touch_session", ""] += 1
    session.openLesson(0)
    expected[hour, "lesson_started", lessons[0].id] += 1
    for _ in lessons[0].cards:
        session.next()
    for question in lessons[0].questions:
        session.answer(question.correct_index)
        session.next()
    expected[hour, "answered_right_first_try", lessons[0].id] += len(lessons[0].questions)
    expected[hour, "lesson_finished", lessons[0].id] += 1
    session.done()
    on_screen()  # the loop shows its slide again
    recorder.flush()  # the minute's write, on the worker thread
    qtbot.waitUntil(lambda: not recorder.worker.busy, timeout=5000)

    # The next hour: a visitor in another language, in accessibility mode, who leaves at once.
    wall.advance(3600)
    hour = "2026-12-06T10"
    other = next(code for code in attract.pack.languages if code != attract.languages[0])
    session.touch()
    expected[hour, "touch_session", ""] += 1
    session.setLanguage(other)
    session.setLanguage(other)  # no change: no switch
    expected[hour, "language_switch", other] += 1
    access.toggle()
    expected[hour, "accessibility_on", ""] += 1
    session.openLesson(1)
    expected[hour, "lesson_started", lessons[1].id] += 1
    access.readAloud()
    expected[hour, "read_aloud", ""] += 1
    for _ in lessons[1].cards:
        session.next()
    wrong = next(i for i, c in enumerate(lessons[1].questions[0].choices) if not c.correct)
    session.answer(wrong)  # a wrong first answer is not counted
    session.quickExit()
    recorder.stop()  # the kiosk quits: the rest is written now

    assert cli.main(["--home", str(tmp_path), "stats", "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "hour,counter,key,n"
    got = {(h, c, k): int(n) for h, c, k, n in (line.split(",") for line in lines[1:])}
    assert got == dict(expected)
    assert len(lines) == len(expected) + 1  # one line per hour, counter and key

    # No personal data: the one table as the interface names it, hours only, known counters,
    # and keys that are the pack's ids or language codes.
    with sqlite3.connect(tmp_path / "stats.sqlite3") as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        columns = [r[1] for r in db.execute("PRAGMA table_info(counts)")]
        rows = list(db.execute("SELECT hour, counter, key, n FROM counts"))
    assert tables == ["counts"]
    assert columns == ["hour", "counter", "key", "n"]
    ids = {s.id for s in attract.pack.slides} | {lesson.id for lesson in attract.pack.lessons}
    for hour_text, counter, key, n in rows:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d", hour_text)
        assert counter in COUNTERS
        assert (
            key == ""
            or key in ids
            or key in attract.pack.languages
            or (key.split("/")[0] in ids and key.split("/")[1] in attract.pack.languages)
        )
        assert n > 0
    raw = (tmp_path / "stats.sqlite3").read_bytes()
    assert not re.search(rb"\d\d:\d\d", raw)  # no time of day anywhere in the file


def test_the_staff_panel_shows_the_last_days(
    counted: tuple[Scene, ManualClock], qtbot: QtBot, tmp_path: Path
) -> None:
    scene, wall = counted
    tally = scene.attract._counts
    assert tally is not None
    recorder = ImpactRecorder(tally, tmp_path, now=wall, parent=scene.engine)
    for _ in range(3):
        scene.session.touch()
        scene.session.done()
    scene.staff.panel_bridge.impact = recorder
    scene.staff.open_panel()
    days = scene.staff.panel_bridge.impact_days
    assert days.rowCount() == 7
    today = find_item(scene.window.contentItem(), "impactDay6")
    assert today is not None
    label = days.data(days.index(6), days.LABEL)
    texts = [c.property("text") for c in today.childItems() if c.property("text")]
    assert texts == [f"{label}: touch sessions 3, slides shown 3"]
    full = find_item(scene.window.contentItem(), "impactSessionsBar6")
    empty = find_item(scene.window.contentItem(), "impactSessionsBar5")
    assert full is not None
    assert empty is not None
    assert full.width() > 100
    assert empty.width() == 0
    scene.staff.cancel()


def test_a_write_that_fails_keeps_the_counts_for_the_next_try(
    qapp: object, qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    wall = ManualClock(T0)
    tally = Tally(wall)
    recorder = ImpactRecorder(tally, tmp_path, now=wall)
    (tmp_path / "stats.sqlite3").mkdir()  # cannot be opened as a database
    tally.add("touch_session")
    with qtbot.waitSignal(recorder.worker.finished, timeout=5000):
        recorder.flush()
    assert tally.pending() == [("2026-12-06T09", "touch_session", "", 1)]
    assert "impact counts not written, kept for the next try" in caplog.text
    (tmp_path / "stats.sqlite3").rmdir()  # the disk is back
    tally.add("touch_session")
    with qtbot.waitSignal(recorder.worker.finished, timeout=5000):
        recorder.flush()
    assert tally.pending() == []
    recorder.stop()
    assert stats.totals(tmp_path / "stats.sqlite3") == {("touch_session", ""): 2}
