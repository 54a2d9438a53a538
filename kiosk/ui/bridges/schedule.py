"""The schedule in the running kiosk: open or closed, the slides of the hour, burn-in drift.

The thin Qt shell around :mod:`kiosk.playback.schedule`: at every minute boundary it reads the
wall clock and the monotonic clock, lets :class:`~kiosk.playback.schedule.ClockJudge` say
whether the wall clock is believed, asks :func:`~kiosk.playback.schedule.plan` what to show and
hands that to the attract loop (at its next slide boundary) and to the closed screen. A slow
timer moves the hotline strip and the QR a few pixels (:func:`~kiosk.playback.schedule.drift`);
nothing here runs per frame.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Property, QDateTime, QEvent, QLocale, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.config import ScheduleSettings
from kiosk.ops.display import DisplayPower
from kiosk.playback.schedule import (
    ClockJudge,
    Schedule,
    ScheduleStatus,
    clock_floor,
    drift,
    plan,
)
from kiosk.playback.session import Screen
from kiosk.ui.bridges.attract import AttractBridge
from kiosk.ui.bridges.session import SessionBridge

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

DRIFT_MINUTES = 3.0  # the strip and the QR move one small step this often
CLOSED_TURN_MS = 10_000  # the closed screen's language turns, as long as a default slide


def opens_again_words(when: datetime, language: str) -> str:
    """The next opening as people say it in ``language``: "Mon 6:00 AM", "el lunes a las 6:00".

    The weekday and the hour come from Qt's locale data (CLDR), in the language on screen, never
    the system's; no zero-padded hour ("06:00" reads as a machine's). Spanish puts the time in a
    phrase ("el lunes a las 6:00", "a la 1:00"), so the screen's sentence reads "Vuelve a abrir
    el lunes a las 6:00". Any other language: its locale's weekday and short time.
    """
    moment = QDateTime(when.year, when.month, when.day, when.hour, when.minute, 0)
    if language == "en":
        return QLocale("en_US").toString(moment, "ddd h:mm AP")
    if language == "es":
        spanish = QLocale("es")
        article = "la" if when.hour == 1 else "las"  # "a la 1:00", "a las 2:00", "a las 13:00"
        day = spanish.toString(moment, "dddd")
        return f"el {day} a {article} {spanish.toString(moment, 'H:mm')}"
    locale = QLocale(language)
    time_format = locale.timeFormat(QLocale.FormatType.ShortFormat)
    return locale.toString(moment, f"dddd {time_format}")


@QmlElement
@QmlUncreatable("the scene hands it to Main.qml as a required property")
class ScheduleBridge(QObject):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """Opening hours and burn-in care for QML.

    Signals:
        closedChanged: the kiosk opened or closed.
        driftChanged: the burn-in offset moved.

    Properties:
        closed: outside opening hours: the dim, still, hotline-only screen shows.
        opensAt: the next opening as milliseconds since the epoch (local time), or -1.
        driftX, driftY: the inward offset of the hotline strip and the QR, as fractions of the
            screen's short side (at most 1.5 %).
    """

    closedChanged = Signal()
    driftChanged = Signal()

    def __init__(
        self,
        attract: AttractBridge,
        session: SessionBridge,
        settings: ScheduleSettings | None = None,
        *,
        wall: Callable[[], datetime] = datetime.now,
        monotonic: Callable[[], float] = time.monotonic,
        display: DisplayPower | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._attract = attract
        self._session = session
        self._schedule = Schedule.from_settings(settings or ScheduleSettings())
        # Public so that tests (and only they) can hand in their own clocks and display.
        self.wall = wall
        self.monotonic = monotonic
        self.display = display or DisplayPower()
        self._judge = ClockJudge(clock_floor(self._schedule, attract.pack.version))
        self._closed = False
        self._opens_at = -1.0
        self._opens_when: datetime | None = None
        self._step = 0
        self._status = ScheduleStatus(closed_mode=self._schedule.closed)
        self._minute = QTimer(self)
        self._minute.setSingleShot(True)
        self._minute.timeout.connect(self.evaluate)
        self._drift = QTimer(self)
        self._drift.setInterval(round(DRIFT_MINUTES * 60_000))
        self._drift.timeout.connect(self.step_drift)
        # While closed the loop is stopped, yet a passer-by who reads only the venue's second
        # language must get the numbers in it too: the closed screen turns the languages at the
        # loop's pace (one still screen per turn, nothing animates between).
        self._turn = QTimer(self)
        self._turn.setInterval(CLOSED_TURN_MS)
        self._turn.timeout.connect(attract.turn_language)
        attract.packChanged.connect(self._pack_changed)

    def start(self) -> None:
        """Judge now (the first slides switch at once), then at every minute boundary."""
        self.evaluate(first=True)
        self._drift.start()

    def stop(self) -> None:
        self._minute.stop()
        self._drift.stop()
        self._turn.stop()

    def use_settings(self, settings: ScheduleSettings) -> None:
        """Edited ``kiosk.yaml``: judge with the new schedule from now (its slides still wait
        for the loop's next boundary). A floor is only ever raised while running."""
        self._schedule = Schedule.from_settings(settings)
        self._judge.floor = max(
            self._judge.floor, clock_floor(self._schedule, self._attract.pack.version)
        )
        if self._closed and self._schedule.closed == "display-off" and not self.display.is_off:
            self.display.off()
        elif self._schedule.closed != "display-off" and self.display.is_off:
            self.display.on()
        if self._closed:
            self._turn.stop()
            self._start_turns()
        if self._minute.isActive():
            QTimer.singleShot(0, self.evaluate)

    @property
    def status(self) -> ScheduleStatus:
        """For the staff panel: open or closed, the display, the clock, the plan's notes."""
        return self._status

    def evaluate(self, first: bool = False) -> None:
        """Read the clocks and apply the plan; then wait for the next minute boundary."""
        wall = self.wall()
        # The next boundary by the wall clock, never more than a minute away: a clock that
        # jumps cannot stop the schedule from looking again.
        self._minute.start(max(1000, round((60.5 - wall.second - wall.microsecond / 1e6) * 1000)))
        verdict = self._judge.observe(wall, self.monotonic())
        if verdict.trusted != self._status.clock_trusted or (first and not verdict.trusted):
            if verdict.trusted:
                log.warning("the clock is believed again: %s", f"{wall:%Y-%m-%d %H:%M}")
            else:
                log.error("clock not trusted (%s): open, slide dates ignored", verdict.reason)
        now = plan(self._schedule, self._attract.pack, self._attract.venue,
                   wall if verdict.trusted else None)  # fmt: skip
        if now.notes != self._status.notes:
            for note in now.notes:
                log.info("schedule: %s", note)
        self._attract.set_slides(now.slides, now=first)
        if now.open:
            self._set_closed(False, None)
        elif self._session.state.screen in (Screen.ATTRACT, Screen.COVER):
            self._set_closed(True, now.opens_at)
        # else: a visitor is in a lesson; closing waits for them (the next minute looks again)
        self._status = ScheduleStatus(
            open=not self._closed,
            closed_mode=self._schedule.closed,
            display_off=self.display.is_off,
            display_problem=self.display.last_error if self._closed else "",
            clock_trusted=verdict.trusted,
            clock_problem=verdict.reason,
            notes=now.notes,
        )

    def _set_closed(self, closed: bool, opens_at: datetime | None) -> None:
        self._opens_at = opens_at.timestamp() * 1000 if opens_at else -1.0
        self._opens_when = opens_at
        if closed == self._closed:
            return
        self._closed = closed
        if closed:
            log.info("closed: %s", self._schedule.closed)
            self._attract.stop()  # the closed screen is still: nothing animates, the GPU idles
            if self._schedule.closed == "display-off":
                self.display.off()
            self._start_turns()
        else:
            log.info("open")
            self._turn.stop()
            self.display.on()
            self._attract.start()
        self.closedChanged.emit()

    @property
    def is_closed(self) -> bool:
        return self._closed

    def show_closed(self, opens_at: datetime | None) -> None:
        """Show the closed screen now, whatever the time (``kiosk snapshot``)."""
        self._opens_at = opens_at.timestamp() * 1000 if opens_at else -1.0
        self._opens_when = opens_at
        self._closed = True
        self._attract.stop()
        self._start_turns()
        self.closedChanged.emit()

    def _start_turns(self) -> None:
        # One language, or a display that is off, has nothing to turn (a display that could not
        # be switched off shows the dim screen, which turns).
        if len(self._attract.languages) > 1 and not self.display.is_off:
            self._turn.start()

    @property
    def current_schedule(self) -> Schedule:
        """``kiosk.yaml``'s schedule as the kiosk runs it now (for the start frame's expiry)."""
        return self._schedule

    def step_drift(self) -> None:
        """Move the strip and the QR one small step (the slow timer)."""
        self._step += 1
        self.driftChanged.emit()

    def _pack_changed(self) -> None:
        # A new pack: its slides and its date (the clock's floor) count from now on.
        self._judge.floor = max(
            self._judge.floor, clock_floor(self._schedule, self._attract.pack.version)
        )
        if self._minute.isActive():
            QTimer.singleShot(0, self.evaluate)

    # -- what QML reads ----------------------------------------------------------------------

    @Slot(str, result=str)
    def opensAgain(self, language: str) -> str:
        """The next opening in ``language`` (:func:`opens_again_words`), "" when none is known."""
        return opens_again_words(self._opens_when, language) if self._opens_when else ""

    def _get_closed(self) -> bool:
        return self._closed

    def _get_opens_at(self) -> float:
        return self._opens_at

    def _drift_x(self) -> float:
        return drift(self._step).x

    def _drift_y(self) -> float:
        return drift(self._step).y

    closed = Property(bool, _get_closed, notify=closedChanged, final=True)
    opensAt = Property(float, _get_opens_at, notify=closedChanged, final=True)
    driftX = Property(float, _drift_x, notify=driftChanged, final=True)
    driftY = Property(float, _drift_y, notify=driftChanged, final=True)


class ClosedInputFilter(QObject):
    """While closed, presses and keys do nothing: the closed screen has nothing to open.

    Installed after the session's filter, so it sees every event first (Qt calls the filter
    installed last first); the touch session underneath never learns of a tap.
    """

    _EVENTS = (
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchEnd,
        QEvent.Type.KeyPress,
    )

    def __init__(self, schedule: ScheduleBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._schedule = schedule
        self.suspended = False  # the staff keypad or panel is open over the closed screen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.suspended:
            return False
        return self._schedule.is_closed and event.type() in self._EVENTS
