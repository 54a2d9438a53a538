"""The schedule in the real scene: the closed screen, DPMS, the clock, slides of the hour, drift."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QPointF, QTimer
from PySide6.QtTest import QTest

from kiosk.config import ScheduleSettings, SlotSettings
from kiosk.content.model import Pack
from kiosk.ops.display import DisplayPower
from kiosk.playback.clock import ManualClock
from kiosk.playback.schedule import DRIFT_GRID
from kiosk.render.snapshot import overflowing_texts
from kiosk.ui.app import Scene, load_fonts
from kiosk.ui.bridges import schedule as schedule_bridge
from kiosk.ui.selfcheck import decode_qr
from tests.helpers import SceneDriver

WEDNESDAY_NOON = datetime(2026, 11, 25, 12, 0)
DAY = ((360, 1320),)  # 06:00-22:00
EVERY_DAY = tuple((day, DAY) for day in range(7))
NEVER = tuple((day, ()) for day in range(7))


class Clocks:
    """A wall clock and a monotonic clock the test moves together (or apart: a jump)."""

    def __init__(self, wall: datetime) -> None:
        self.now = wall
        self.mono = 1000.0

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds


class FakeX:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, argv: Sequence[str]) -> tuple[int, str]:
        self.calls.append(list(argv[1:]))
        return 0, ""


@pytest.fixture
def make(qapp, qtbot, default_pack: Pack) -> Iterator:
    drivers: list[SceneDriver] = []

    def build(
        settings: ScheduleSettings,
        clocks: Clocks,
        size=(1920, 1080),
        display: DisplayPower | None = None,
    ) -> SceneDriver:
        load_fonts()
        scene = Scene(default_pack, venue="transit", animate=False, clock=ManualClock(1000.0),
                      schedule=settings)  # fmt: skip
        warnings: list[str] = []
        scene.engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
        scene.schedule.wall = lambda: clocks.now
        scene.schedule.monotonic = lambda: clocks.mono
        scene.schedule.display = display or DisplayPower({"DISPLAY": ":0"}, FakeX(), lambda _: "/x")
        scene.window.resize(*size)
        scene.window.show()
        qtbot.waitExposed(scene.window)
        scene.attract.start()
        scene.schedule.start()
        driver = SceneDriver(scene, ManualClock(1000.0), warnings)
        drivers.append(driver)
        return driver

    yield build
    for driver in drivers:
        driver.close()
        assert not driver.warnings, driver.warnings


def test_closed_screen_is_still_dim_legible_and_ignores_taps(make) -> None:
    s = make(ScheduleSettings(hours=NEVER), Clocks(WEDNESDAY_NOON))
    assert s.scene.schedule.is_closed
    assert not s.attract.property("running"), "the loop stops: nothing animates"
    assert s.item("closedScreen").isVisible()
    QTest.qWait(50)
    frame = s.window.grabWindow()
    assert s.attract.pack.links["training"].url in decode_qr(frame), "the dim QR still reads"
    corner = frame.pixelColor(5, 5)
    assert max(corner.red(), corner.green(), corner.blue()) < 10
    size = (float(s.window.width()), float(s.window.height()))
    assert overflowing_texts(s.item("closedScreen"), size) == []
    s.click_at(960, 540)
    assert s.screen() == "attract", "a tap on the closed screen opens nothing"
    assert s.item("closedHeading").property("text") == "Closed now."


def test_opening_hours_close_and_open_at_minute_boundaries_with_dpms(make) -> None:
    clocks = Clocks(datetime(2026, 11, 25, 21, 59))
    settings = ScheduleSettings(hours=EVERY_DAY, closed="display-off")
    xset = FakeX()
    s = make(settings, clocks, display=DisplayPower({"DISPLAY": ":0"}, xset, lambda _: "/x"))
    bridge = s.scene.schedule
    assert not bridge.is_closed
    clocks.advance(60)
    bridge.evaluate()
    assert bridge.is_closed
    assert bridge.display.is_off
    opens = datetime.fromtimestamp(bridge.property("opensAt") / 1000)
    assert opens == datetime(2026, 11, 26, 6, 0)
    assert s.item("closedHeading").property("text") == "Closed now. Opens again Thu 6:00 AM."
    assert bridge.status.display_off
    clocks.advance(8 * 3600)
    bridge.evaluate()
    assert not bridge.is_closed
    assert s.attract.property("running")
    assert not bridge.display.is_off
    assert xset.calls == [["dpms", "force", "off"], ["dpms", "force", "on"], ["-dpms"]]


def test_display_off_that_fails_shows_the_dim_screen_and_says_why(make) -> None:
    clocks = Clocks(datetime(2026, 11, 25, 23, 0))
    no_display = DisplayPower({}, FakeX(), lambda _: None)  # no $DISPLAY
    s = make(ScheduleSettings(hours=EVERY_DAY, closed="display-off"), clocks, display=no_display)
    bridge = s.scene.schedule
    assert bridge.is_closed
    assert s.item("closedScreen").isVisible()
    assert "no X display" in bridge.status.display_problem


def test_a_clock_in_1970_keeps_the_kiosk_open_then_the_real_time_closes_it(make) -> None:
    clocks = Clocks(datetime(1970, 1, 1, 0, 1))
    s = make(ScheduleSettings(hours=NEVER), clocks)
    bridge = s.scene.schedule
    assert not bridge.is_closed
    assert not bridge.status.clock_trusted
    assert "1970-01-01" in bridge.status.clock_problem
    clocks.now = WEDNESDAY_NOON  # NTP arrives: a jump; believed once it holds 10 minutes
    bridge.evaluate()
    assert not bridge.is_closed
    clocks.advance(601)
    bridge.evaluate()
    assert bridge.status.clock_trusted
    assert bridge.is_closed


def test_closing_waits_for_a_visitor_in_a_lesson(make) -> None:
    clocks = Clocks(datetime(2026, 11, 25, 21, 59))
    s = make(ScheduleSettings(hours=EVERY_DAY), clocks)
    s.session.touch()
    s.session.openLesson(0)
    clocks.advance(60)
    s.scene.schedule.evaluate()
    assert not s.scene.schedule.is_closed
    s.session.done()
    s.scene.schedule.evaluate()
    assert s.scene.schedule.is_closed


def test_the_slot_of_the_hour_plays_at_once_at_start_then_from_the_next_slide(make) -> None:
    morning = SlotSettings(360, 720, slides=("free-training", "text-for-help"))
    clocks = Clocks(datetime(2026, 11, 25, 11, 59))
    s = make(ScheduleSettings(playlists=(morning,)), clocks)
    assert [sl.id for sl in s.attract.playlist.slides] == ["free-training", "text-for-help"]
    clocks.advance(60)  # 12:00: the slot is over, the venue's own loop comes back
    s.scene.schedule.evaluate()
    assert s.attract.playlist.current.id in ("free-training", "text-for-help"), "not mid-slide"
    s.attract.advance()
    venue_loop = {sl.id for sl in s.attract.playlist.slides}
    assert "hotel-first-to-see" not in venue_loop
    assert {"in-plain-sight", "free-training"} <= venue_loop


def test_burn_in_drift_moves_strip_and_qr_inwards_within_limits(make) -> None:
    s = make(ScheduleSettings(), Clocks(WEDNESDAY_NOON))
    bar, qr = s.item("hotlineStrip"), s.item("qrBadge")
    width, height = s.window.width(), s.window.height()
    margin = width * 0.05

    def where() -> tuple[QPointF, QPointF]:
        QTest.qWait(10)
        top_left = bar.mapToScene(QPointF(0, 0))
        qr_right = qr.mapToScene(QPointF(qr.width(), qr.height()))
        return top_left, qr_right

    bar0, qr0 = where()
    limit = 0.015 * min(width, height)
    moved = set()
    for _ in range(2 * DRIFT_GRID * DRIFT_GRID):
        s.scene.schedule.step_drift()
        bar_at, qr_at = where()
        dx, dy = bar_at.x() - bar0.x(), bar_at.y() - bar0.y()
        assert 0 <= dx <= limit
        assert -limit <= dy <= 0
        assert bar_at.x() >= margin - 0.5, "the strip stays in the safe area"
        assert qr_at.x() <= width - margin + 0.5, "the QR (with its quiet zone) too"
        assert qr_at.y() <= height, "and never below the screen"
        assert abs((qr0.x() - qr_at.x()) - dx) < 0.5, "strip and QR move by the same step"
        moved.add((round(dx), round(dy)))
    assert len(moved) == DRIFT_GRID * DRIFT_GRID


@pytest.mark.parametrize(
    ("when", "language", "words"),
    [
        (datetime(2026, 11, 30, 6, 0), "en", "Mon 6:00 AM"),
        (datetime(2026, 11, 30, 18, 30), "en", "Mon 6:30 PM"),
        (datetime(2026, 11, 30, 6, 0), "es", "el lunes a las 6:00"),
        (datetime(2026, 11, 30, 13, 5), "es", "el lunes a las 13:05"),  # "las trece"
        (datetime(2026, 12, 4, 1, 0), "es", "el viernes a la 1:00"),
        (datetime(2026, 12, 4, 21, 0), "es", "el viernes a las 21:00"),
    ],
)
def test_the_opening_is_worded_as_people_read_it(when: datetime, language: str, words: str) -> None:
    """No zero-padded hour, the weekday in the language on screen, Spanish in a phrase."""
    assert schedule_bridge.opens_again_words(when, language) == words


def test_the_closed_screen_in_spanish_names_the_day_in_spanish_and_fits(make) -> None:
    """On a Spanish slide the heading's weekday is Spanish, and the Spanish text line fits."""
    clocks = Clocks(datetime(2026, 11, 25, 21, 59))
    s = make(ScheduleSettings(hours=EVERY_DAY), clocks)
    s.attract.advance()  # the loop's next slide is Spanish; the closed screen keeps its language
    assert s.attract.current_language() == "es"
    clocks.advance(60)
    s.scene.schedule.evaluate()
    assert s.scene.schedule.is_closed
    heading = s.item("closedHeading").property("text")
    assert heading == "Cerrado. Vuelve a abrir el jueves a las 6:00.", heading
    assert "Envíe HELP al 233733" in [h["display"] for h in s.attract.property("hotlines")]
    QTest.qWait(50)
    s.window.grabWindow()  # laid out and rendered as people would see it
    size = (float(s.window.width()), float(s.window.height()))
    assert overflowing_texts(s.item("closedScreen"), size) == []


def test_a_display_that_is_off_turns_no_languages(make, monkeypatch) -> None:
    """The closed screen's language turns wake nothing while the display is off; once kiosk.yaml
    asks for the dim screen instead, they run (a passer-by reads it), and stop again."""
    monkeypatch.setattr(schedule_bridge, "CLOSED_TURN_MS", 123_456)
    clocks = Clocks(datetime(2026, 11, 25, 23, 0))
    s = make(ScheduleSettings(hours=EVERY_DAY, closed="display-off"), clocks)
    bridge = s.scene.schedule
    (turn,) = [t for t in bridge.findChildren(QTimer) if t.interval() == 123_456]
    assert bridge.is_closed
    assert bridge.display.is_off
    assert not turn.isActive()
    bridge.use_settings(ScheduleSettings(hours=EVERY_DAY, closed="dim"))
    assert not bridge.display.is_off
    assert turn.isActive()
    bridge.use_settings(ScheduleSettings(hours=EVERY_DAY, closed="display-off"))
    assert not turn.isActive()
