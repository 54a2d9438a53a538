"""What the kiosk should show now: opening hours, playlists by time of day, dated slides.

A pure core (no Qt, no reading of clocks): every function takes the time it judges, so tests
need no waiting. ``kiosk.ui.bridges.schedule`` is the thin shell that reads the clocks at minute
boundaries and hands the result to the screen.

The clock cannot be trusted blindly: a kiosk without a network may boot in 1970, and a clock
set by hand or by a late NTP sync jumps. :class:`ClockJudge` watches the wall clock against a
monotonic one; while it distrusts the wall clock, :func:`plan` treats the kiosk as open and
ignores slides' ``from``/``until`` dates. The clock never blanks the screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Literal

from kiosk.config import ScheduleSettings
from kiosk.content.model import Pack, Slide
from kiosk.playback.playlist import interleave, slides_for_venue

DAY_MINUTES = 24 * 60
ClosedMode = Literal["dim", "display-off"]
CLOSED_MODES: tuple[ClosedMode, ...] = ("dim", "display-off")

# Below this date the wall clock is certainly wrong (this code did not exist before it). A pack's
# version date (2026.11.1 → 2026-11-01) raises the floor further: see :func:`clock_floor`.
BUILD_FLOOR = date(2026, 11, 1)
# A change of the wall clock against the monotonic clock larger than this is a jump, not drift
# (NTP slews at most 0.5 ms/s; the shell looks once a minute).
JUMP_SECONDS = 120.0
# After a jump the new time is believed only once it has held this long without another jump.
SETTLE_SECONDS = 600.0


def format_time(minutes: int) -> str:
    """Minutes since midnight → ``"HH:MM"``."""
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Span:
    """A stretch of one day, in minutes since midnight; ``end <= start`` runs past midnight.

    ``06:00-22:00`` is ``Span(360, 1320)``; ``18:00-02:00`` is ``Span(1080, 120)``, open until
    02:00 on the next day.
    """

    start: int
    end: int

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    def covers(self, minute: int) -> bool:
        """Whether ``minute`` of the span's own day falls in it (the part before midnight)."""
        if self.overnight:
            return minute >= self.start
        return self.start <= minute < self.end

    def spills_into(self, minute: int) -> bool:
        """Whether ``minute`` of the next day falls in the part after midnight."""
        return self.overnight and minute < self.end

    def __str__(self) -> str:
        return f"{format_time(self.start)}-{format_time(self.end)}"


@dataclass(frozen=True)
class Slot:
    """A playlist for part of the day: these slides (by id) and/or these venues' slides.

    Attributes:
        span: when it plays (``from``/``until``; may run past midnight).
        slides: slide ids to play.
        venues: venues whose slides play (``any`` means the general slides).
        days: weekdays it applies to (0 = Monday); empty: every day.
    """

    span: Span
    slides: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()
    days: tuple[int, ...] = ()

    def applies(self, when: datetime) -> bool:
        minute = when.hour * 60 + when.minute
        today, yesterday = when.weekday(), (when.weekday() - 1) % 7
        if self.span.covers(minute) and (not self.days or today in self.days):
            return True
        return self.span.spills_into(minute) and (not self.days or yesterday in self.days)

    def describe(self) -> str:
        what = [*self.slides, *(f"venue {v}" for v in self.venues)]
        return f"playlist {self.span} ({', '.join(what)})"


@dataclass(frozen=True)
class Schedule:
    """``kiosk.yaml`` ``schedule``.

    Attributes:
        hours: opening hours per weekday (0 = Monday); a weekday not listed is open all day,
            and no hours at all (the default) means always open.
        closed: what to show outside the hours: ``dim`` (a dim, still, hotline-only screen) or
            ``display-off`` (DPMS off where the X server allows it, else ``dim``).
        playlists: slots by time of day; the first that applies chooses the slides.
        clock_floor: a date the wall clock cannot be before (raises :data:`BUILD_FLOOR`).
    """

    hours: Mapping[int, tuple[Span, ...]] = field(default_factory=lambda: MappingProxyType({}))
    closed: ClosedMode = "dim"
    playlists: tuple[Slot, ...] = ()
    clock_floor: date | None = None

    @classmethod
    def from_settings(cls, settings: ScheduleSettings) -> Schedule:
        """The schedule ``kiosk.yaml`` describes (already checked by :mod:`kiosk.config`)."""
        hours = {day: tuple(Span(*r) for r in ranges) for day, ranges in settings.hours}
        slots = tuple(
            Slot(Span(s.start, s.end), s.slides, s.venues, s.days) for s in settings.playlists
        )
        closed: ClosedMode = "display-off" if settings.closed == "display-off" else "dim"
        return cls(MappingProxyType(hours), closed, slots, settings.clock_floor)

    def is_open(self, when: datetime) -> bool:
        """Whether ``when`` (local wall time) is within the opening hours."""
        minute = when.hour * 60 + when.minute
        today, yesterday = when.weekday(), (when.weekday() - 1) % 7
        if today not in self.hours:
            return True  # a day not listed is open all day
        if any(span.covers(minute) for span in self.hours[today]):
            return True
        return any(span.spills_into(minute) for span in self.hours.get(yesterday, ()))

    def opens_at(self, when: datetime) -> datetime | None:
        """The next opening after ``when`` (which is closed), or None if it never opens."""
        day0 = when.replace(hour=0, minute=0, second=0, microsecond=0)
        best: datetime | None = None
        for offset in range(8):
            day = day0 + timedelta(days=offset)
            spans = self.hours.get(day.weekday())
            if spans is None:  # a day not listed is open from midnight
                starts = [day]
            else:
                starts = [day + timedelta(minutes=span.start) for span in spans]
            for start in starts:
                if start > when and (best is None or start < best):
                    best = start
            if best is not None:
                return best
        return None


def in_dates(slide: Slide, today: date) -> bool:
    """Whether a slide plays on ``today`` by its ``from``/``until`` dates (both inclusive)."""
    if slide.from_date is not None and today < slide.from_date:
        return False
    return slide.until_date is None or today <= slide.until_date


def dated_slides(slides: Sequence[Slide], today: date | None) -> tuple[Slide, ...]:
    """``slides`` that play on ``today``; None (an untrusted clock) ignores the dates.

    Never empty for non-empty ``slides``: when every slide is out of its dates, the general
    (``any``) ones play, else all of them.
    """
    if today is None:
        return tuple(slides)
    current = tuple(s for s in slides if in_dates(s, today))
    return current or tuple(s for s in slides if "any" in s.venues) or tuple(slides)


def slot_slides(pack: Pack, slot: Slot) -> tuple[Slide, ...]:
    """The pack's slides that ``slot`` names, in pack order."""
    return tuple(
        s for s in pack.slides if s.id in slot.slides or any(v in slot.venues for v in s.venues)
    )


@dataclass(frozen=True)
class Plan:
    """What the kiosk shows now.

    Attributes:
        open: within the opening hours (always True while the clock is not trusted).
        slides: the attract loop's sequence (never empty for a valid pack).
        notes: why, in a few words each, for the log and the staff panel.
        opens_at: the next opening (local time) while closed, else None.
    """

    open: bool
    slides: tuple[Slide, ...]
    notes: tuple[str, ...] = ()
    opens_at: datetime | None = None


def plan(schedule: Schedule, pack: Pack, venue: str | None, when: datetime | None) -> Plan:
    """What to show at local time ``when``; None means the wall clock is not trusted.

    With no trusted time the kiosk is open, plays its venue's slides and ignores dates.
    """
    notes: list[str] = []
    if when is None:
        notes.append("clock not trusted: open, every date ignored")
        return Plan(True, interleave(slides_for_venue(pack, venue)), tuple(notes))
    chosen = slides_for_venue(pack, venue)
    slot = next((s for s in schedule.playlists if s.applies(when)), None)
    if slot is not None:
        named = slot_slides(pack, slot)
        if named:
            chosen = named
            notes.append(slot.describe())
        else:
            notes.append(f"{slot.describe()} names no slide of this pack: venue slides play")
    slides = dated_slides(chosen, when.date())
    if not any(in_dates(s, when.date()) for s in chosen):
        notes.append("every slide is out of its dates: general slides play")
    is_open = schedule.is_open(when)
    opens = None if is_open else schedule.opens_at(when)
    if not is_open:
        notes.append(f"closed until {opens:%a %H:%M}" if opens else "closed")
    return Plan(is_open, interleave(slides), tuple(notes), opens)


def describe_now(schedule: Schedule, when: datetime, floor: date) -> str:
    """One line for ``kiosk status``: open or closed now by ``kiosk.yaml``, as a kiosk sees it."""
    if when.date() < floor:
        return f"schedule: open (the clock says {when:%Y-%m-%d}, before {floor}: not trusted)"
    if not schedule.hours:
        return "schedule: always open"
    if schedule.is_open(when):
        return "schedule: open now"
    opens = schedule.opens_at(when)
    how = "display off" if schedule.closed == "display-off" else "dim screen"
    until = f" until {opens:%a %H:%M}" if opens else ""
    return f"schedule: closed{until} ({how})"


def next_change(schedule: Schedule, when: datetime) -> datetime | None:
    """The first minute after ``when`` at which the kiosk opens or closes (None: not in a week).

    Read minute by minute through the same :meth:`Schedule.is_open` the running kiosk asks, so an
    overnight span, a day not listed and a day with two spans all come out as the kiosk acts.
    """
    if not schedule.hours:
        return None  # always open
    state = schedule.is_open(when)
    minute = when.replace(second=0, microsecond=0)
    for _ in range(8 * 24 * 60):
        minute += timedelta(minutes=1)
        if schedule.is_open(minute) != state:
            return minute
    return None


def describe_clock(verdict: ClockVerdict, when: datetime, floor: date) -> str:
    """One line for ``kiosk status``: whether the kiosk believes the wall clock now, and why not."""
    if verdict.trusted:
        return f"clock: trusted ({when:%Y-%m-%d %H:%M}; not before {floor})"
    return f"clock: NOT trusted ({verdict.reason}): the kiosk stays open and ignores slide dates"


def clock_floor(schedule: Schedule, pack_version: str) -> date:
    """The earliest date the wall clock may show: the build, kiosk.yaml's floor, the pack's date.

    A pack version of the form ``YYYY.MM.N`` dates the pack (it cannot be older than its own
    month); other versions add nothing.
    """
    floors = [BUILD_FLOOR]
    if schedule.clock_floor is not None:
        floors.append(schedule.clock_floor)
    parts = pack_version.split(".")
    if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
        year, month = int(parts[0]), int(parts[1])
        if 2000 <= year <= 9999 and 1 <= month <= 12:
            floors.append(date(year, month, 1))
    return max(floors)


@dataclass(frozen=True)
class ClockVerdict:
    """Whether the wall clock is believed, and why not."""

    trusted: bool
    reason: str = ""


class ClockJudge:
    """Decides from (wall, monotonic) readings whether the wall clock can be believed.

    The monotonic clock only ever moves forward at a steady rate, so ``wall - monotonic`` stays
    (nearly) constant while nobody sets the clock. The wall clock is not believed while it is
    before ``floor``, nor for ``settle`` seconds after that difference moved by more than
    ``jump`` seconds (then the new time must hold still). A boot in 1970 followed by an NTP
    sync is: untrusted (before the floor), a jump, ``settle`` seconds later trusted.

    Args:
        floor: the earliest believable date (see :func:`clock_floor`).
        jump: a larger change of ``wall - monotonic`` between readings is a jump.
        settle: seconds a new time must hold before it is believed.
    """

    def __init__(
        self, floor: date, jump: float = JUMP_SECONDS, settle: float = SETTLE_SECONDS
    ) -> None:
        self.floor = floor
        self.jump = jump
        self.settle = settle
        self._offset: float | None = None
        self._jumped_at: float | None = None
        self._jump_size = 0.0

    def observe(self, wall: datetime, monotonic: float) -> ClockVerdict:
        """Judge one reading: ``wall`` as local time, ``monotonic`` in seconds."""
        offset = wall.timestamp() - monotonic
        if self._offset is not None and abs(offset - self._offset) > self.jump:
            self._jumped_at = monotonic
            self._jump_size = offset - self._offset
        self._offset = offset
        if wall.date() < self.floor:
            return ClockVerdict(False, f"the clock says {wall:%Y-%m-%d}, before {self.floor}")
        if self._jumped_at is not None:
            if monotonic - self._jumped_at < self.settle:
                size = f"{self._jump_size:+.0f} s"
                return ClockVerdict(False, f"the clock jumped by {size}; waiting for it to hold")
            self._jumped_at = None
        return ClockVerdict(True)


@dataclass(frozen=True)
class Drift:
    """Where the hotline strip and the QR sit now, as a fraction of the screen's short side.

    Both are moved *inwards* by ``(x, y)`` (away from the nearest screen edges), so the 5 % safe
    area holds; the QR moves with its quiet zone.
    """

    x: float
    y: float


DRIFT_MAX = 0.012  # of the screen's short side: 13 px at 1080p (the limit is 1.5 %)
DRIFT_GRID = 4  # positions per axis: steps of 4-5 px at 1080p


def drift(step: int, amount: float = DRIFT_MAX, grid: int = DRIFT_GRID) -> Drift:
    """The burn-in offset for timer tick ``step``: a walk over a ``grid`` x ``grid`` lattice.

    The walk goes back and forth along rows (a boustrophedon), so consecutive positions are
    neighbours (a move is one small step, never a leap across the screen), and every position is
    visited in each period of ``2 * grid * grid - 2`` steps, forever.

    Args:
        step: how many times the slow timer has fired (any integer).
        amount: the largest offset, as a fraction of the screen's short side.
        grid: positions per axis (at least 2).
    """
    cells = grid * grid
    period = 2 * cells - 2  # there and back, without repeating the two ends
    k = step % period
    index = k if k < cells else period - k
    row, col = divmod(index, grid)
    if row % 2:
        col = grid - 1 - col
    unit = amount / (grid - 1)
    return Drift(col * unit, row * unit)


@dataclass(frozen=True)
class ScheduleStatus:
    """What the staff panel and the log say about time: open or closed, and the clock.

    Attributes:
        open: the kiosk is showing its loop (False: the closed screen).
        closed_mode: ``dim`` or ``display-off`` (kiosk.yaml).
        display_off: the display is off through DPMS right now.
        display_problem: why ``display-off`` fell back to the dim screen, or ``""``.
        clock_trusted: the wall clock is believed.
        clock_problem: why not, or ``""``.
        notes: the latest plan's notes (playlist, dates, closed until …).
    """

    open: bool = True
    closed_mode: str = "dim"
    display_off: bool = False
    display_problem: str = ""
    clock_trusted: bool = True
    clock_problem: str = ""
    notes: tuple[str, ...] = ()

    def describe(self) -> list[str]:
        """A few lines in plain words."""
        lines = ["open" if self.open else "closed: " + ("display off" if self.display_off else
                                                         "dim screen")]  # fmt: skip
        if self.display_problem:
            lines.append(f"display stays on: {self.display_problem}")
        if not self.clock_trusted:
            lines.append(f"clock not trusted ({self.clock_problem}): open, slide dates ignored")
        lines.extend(self.notes)
        return lines
