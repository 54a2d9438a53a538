"""Health of the running kiosk, judged without Qt: a frozen attract loop, memory, self-checks.

The Qt side (``kiosk.ui.selfcheck``) grabs frames and decodes the QR; the decisions live here so
they are plain functions of numbers and digests, tested without a screen. A staff panel reads
:class:`Health` for "last self-check", uptime and memory.

The frame checks run on the GUI thread, so they cannot see that thread stuck (a slot that never
returns, a render that never ends). :class:`StallWatch` can: a thread of its own reads the GUI
thread's pulse and ends the process with ``EXIT_FROZEN`` when it stops for too long.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.common.message import Message

log = logging.getLogger(__name__)

# Exit codes of a deliberate restart (cli.py has 0-3). systemd's Restart=always restarts the
# kiosk on any exit; the distinct codes say why in `systemctl status` and the journal.
EXIT_FROZEN = 4
EXIT_MEMORY = 5

FROZEN_AFTER_PERIODS = 3.0
MIN_SAME_SAMPLES = 3

# The GUI thread pulses every second; this long without a pulse, it is stuck. Long enough for
# anything the GUI thread legitimately does at once (switching packs at a slide boundary, a
# self-check grab), short enough that a frozen screen is back within about a minute.
DEFAULT_STALL_SECONDS = 60.0
# While staff have the keypad or panel open, the bound is this many times longer: what staff ask
# for may take the GUI thread a while, and a restart under their hands would lose their work.
STAFF_PATIENCE = 10.0
# How long the exit may wait for log handlers (a stuck disk or pipe) before it goes regardless.
EXIT_GRACE_SECONDS = 5.0
# The shortest bound the environment may set (tests shorten it to a few seconds): any shorter and
# a healthy GUI thread busy for a moment would be taken for a stuck one.
MIN_STALL_SECONDS = 0.5


@dataclass(frozen=True)
class SelfCheckResult:
    """One self-check of the live frame: did the QR on screen read as the slide's link?

    Attributes:
        at: wall-clock time of the check (``time.time()``), for people to read.
        expected: the link the slide shows (its QR's URL).
        found: every QR text decoded from the frame (empty: no QR found).
    """

    at: float
    expected: str
    found: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.expected in self.found

    def describe(self) -> str:
        """One line for the log, ``systemctl status`` and a staff panel."""
        if self.ok:
            return f"self-check ok: the QR on screen reads {self.expected}"
        if not self.found:
            return f"self-check failed: no QR found on screen (expected {self.expected})"
        found = ", ".join(self.found)
        return f"self-check failed: the QR on screen reads {found}, not {self.expected}"


@dataclass
class Health:
    """What a staff panel shows about the kiosk's own health.

    Attributes:
        started: wall-clock start time (uptime = now - started).
        last_self_check: the latest QR self-check, or None before the first.
        failed_in_a_row: consecutive failed self-checks (0 after a good one).
        last_error: the latest reason the kiosk gave for restarting itself, if any, as the
            staff panel words it (the log has it in English).
    """

    started: float = field(default_factory=time.time)
    last_self_check: SelfCheckResult | None = None
    failed_in_a_row: int = 0
    last_error: Message | None = None

    def record(self, result: SelfCheckResult) -> None:
        self.last_self_check = result
        self.failed_in_a_row = 0 if result.ok else self.failed_in_a_row + 1


class FreezeJudge:
    """Decides from digests of sampled frames whether the attract loop is frozen.

    A playing loop changes its frame at every slide (and its progress bar in between). The frame
    is frozen when it has stayed the same for more than ``periods`` slide periods (the longest
    period seen meanwhile) and over at least ``min_samples`` samples after the first, so a single
    coincidence between two samples is never enough. Time while the loop is not playing (a
    visitor's lesson, the quick-exit cover) does not count: the judge starts afresh.
    """

    def __init__(
        self, periods: float = FROZEN_AFTER_PERIODS, min_samples: int = MIN_SAME_SAMPLES
    ) -> None:
        self.periods = periods
        self.min_samples = min_samples
        self.reset()

    def reset(self) -> None:
        """Forget the frames seen so far (the loop paused, or the screen changed on purpose)."""
        self._digest: bytes | None = None
        self._since = 0.0
        self._same = 0
        self._longest = 0.0
        self.moving = False

    @property
    def still(self) -> bool:
        """Whether the last sample showed the same frame as the one before it."""
        return self._same > 0

    @property
    def suspicious(self) -> bool:
        """Whether the loop still has to show that it moves: no change seen between the last two
        samples (or fewer than two samples since a reset). Only then are samples needed often."""
        return not self.moving

    def observe(self, digest: bytes, now: float, slide_seconds: float) -> float | None:
        """Take one sample of a playing loop.

        Args:
            digest: a digest of the frame's pixels.
            now: a monotonic time in seconds.
            slide_seconds: the period of the slide the loop is showing.

        Returns:
            How long the frame has been unchanged, once that makes it frozen; else None.
        """
        if digest != self._digest:
            self.moving = self._digest is not None
            self._digest, self._since, self._same = digest, now, 0
            self._longest = slide_seconds
            return None
        self._same += 1
        self.moving = False
        self._longest = max(self._longest, slide_seconds)
        unchanged = now - self._since
        if unchanged > self.periods * self._longest and self._same >= self.min_samples:
            return unchanged
        return None


def rss_mb() -> float | None:
    """This process's resident memory in MB, or None where /proc is missing (not Linux)."""
    try:
        resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576


class MemoryCeiling:
    """``memory_limit_mb`` from kiosk.yaml: above it the kiosk restarts itself cleanly.

    A slow leak (a driver, the binding) is cheaper to restart away between visitors than to let
    the kernel's OOM killer pick a moment.
    """

    def __init__(self, limit_mb: int | None, rss: Callable[[], float | None] = rss_mb) -> None:
        self.limit_mb = limit_mb
        self._rss = rss
        self._unknown_logged = False

    def exceeded(self) -> float | None:
        """The RSS in MB when it is over the limit; None when under it or no limit is set."""
        if self.limit_mb is None:
            return None
        rss = self._rss()
        if rss is None:
            if not self._unknown_logged:
                log.warning("memory_limit_mb is set but this system does not report RSS")
                self._unknown_logged = True
            return None
        return rss if rss > self.limit_mb else None


def stalled_for(last_pulse: float, patient: bool, now: float, bound: float) -> float | None:
    """How long the GUI thread has been silent, once that is longer than allowed; else None.

    Args:
        last_pulse: monotonic time of the GUI thread's last pulse.
        patient: whether staff had the keypad or panel open at that pulse (``STAFF_PATIENCE``).
        now: monotonic time now.
        bound: seconds of silence allowed (``DEFAULT_STALL_SECONDS``).
    """
    allowed = bound * STAFF_PATIENCE if patient else bound
    silent = now - last_pulse
    return silent if silent > allowed else None


def stall_bound(setting: str | None) -> float:
    """The stall watch's bound from ``KIOSK_STALL_SECONDS`` (``setting``; None when unset).

    The setting may only shorten the bound (tests do), never lengthen it: whoever can set the
    kiosk's environment could otherwise switch the freeze check off (86,400 s was accepted). A
    setting that is not a number from ``MIN_STALL_SECONDS`` up is ignored with a warning; one
    above the default gives the default.
    """
    if not setting:
        return DEFAULT_STALL_SECONDS
    try:
        seconds = float(setting)
    except ValueError:
        seconds = math.nan
    if not seconds >= MIN_STALL_SECONDS:  # NaN too
        log.warning(
            "KIOSK_STALL_SECONDS=%r is not a number of seconds from %g: using %g s",
            setting[:40],
            MIN_STALL_SECONDS,
            DEFAULT_STALL_SECONDS,
        )
        return DEFAULT_STALL_SECONDS
    if seconds > DEFAULT_STALL_SECONDS:
        log.warning(
            "KIOSK_STALL_SECONDS=%r may only shorten the bound: using %g s",
            setting[:40],
            DEFAULT_STALL_SECONDS,
        )
        return DEFAULT_STALL_SECONDS
    return seconds


def arm_backstop() -> None:
    """End the process with ``EXIT_FROZEN`` ``EXIT_GRACE_SECONDS`` from now, whatever else hangs.

    A daemon timer with nothing to log or flush, so it fires even when every log handler is
    blocked (the GUI thread stuck inside one holds its lock: a full stderr pipe, a stalled
    journald). Armed before anything that could block.
    """
    backstop = threading.Timer(EXIT_GRACE_SECONDS, os._exit, (EXIT_FROZEN,))
    backstop.daemon = True
    backstop.start()


def exit_frozen(reason: str) -> None:
    """Log ``reason`` and end the process with ``EXIT_FROZEN``, from any thread.

    The GUI thread is stuck, so no orderly quit can run: the log handlers are flushed and the
    process ends with ``os._exit``. Should logging itself hang (the GUI thread stuck inside a
    handler, a full pipe), a second timer ends the process after ``EXIT_GRACE_SECONDS`` anyway.
    """
    arm_backstop()  # the stall watch has armed one already; this call may come from elsewhere
    log.error("%s (exit %d)", reason, EXIT_FROZEN)
    handlers = list(logging.getLogger().handlers)
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            handlers.extend(logger.handlers)
    # Leaving anyway: a handler or stream that cannot flush is no reason to stay.
    for handler in handlers:
        with contextlib.suppress(Exception):
            handler.flush()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(EXIT_FROZEN)


class StallWatch:
    """Watches the GUI thread's pulse from a daemon thread of its own; ends a stuck process.

    The GUI thread calls :meth:`pulse` from a timer (``kiosk.platform.heartbeat.Pulse``); when
    no pulse has come for ``bound`` seconds (``STAFF_PATIENCE`` times that while staff had the
    panel open at the last pulse), the watch arms ``backstop``, then logs where the GUI thread
    is stuck and calls ``on_stall`` with the reason, once, and stops. The backstop comes first:
    logging can block (the stuck GUI thread may hold a handler's lock), and the process must end
    regardless. A pulse is a single attribute assignment, so the GUI thread never waits for the
    watch.

    Args:
        bound: seconds of silence allowed.
        clock: a monotonic clock in seconds.
        on_stall: what to do with the reason (default :func:`exit_frozen`).
        poll: seconds between looks (default: a quarter of ``bound``, at most one second).
        backstop: called first on a stall (default :func:`arm_backstop`: exit 4 in 5 s).
    """

    def __init__(
        self,
        bound: float = DEFAULT_STALL_SECONDS,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_stall: Callable[[str], None] = exit_frozen,
        poll: float | None = None,
        backstop: Callable[[], None] = arm_backstop,
    ) -> None:
        self.bound = bound
        self._clock = clock
        self._on_stall = on_stall
        self._backstop = backstop
        self._poll = poll if poll is not None else min(1.0, bound / 4)
        self._last: tuple[float, bool] = (clock(), False)  # replaced whole: no lock needed
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._gui_thread: int | None = None  # the thread that calls start(): the one watched

    def pulse(self, *, patient: bool = False) -> None:
        """The GUI thread turns (``patient``: staff have the keypad or panel open)."""
        self._last = (self._clock(), patient)

    def check(self) -> str | None:
        """One look: why the process must end, or None while the GUI thread pulses."""
        at, patient = self._last
        silent = stalled_for(at, patient, self._clock(), self.bound)
        if silent is None:
            return None
        allowed = self.bound * STAFF_PATIENCE if patient else self.bound
        return (
            f"the screen is frozen: the GUI thread has not turned for {silent:.1f} s "
            f"(the bound is {allowed:g} s): exiting for a restart"
        )

    def start(self) -> None:
        """Start watching (one thread; a second call does nothing)."""
        if self._thread is not None:
            return
        self._gui_thread = threading.get_ident()
        self.pulse()
        self._thread = threading.Thread(target=self._watch, name="kiosk-stall-watch", daemon=True)
        self._thread.start()
        log.info("stall watch: the GUI thread must turn at least every %.0f s", self.bound)

    def stop(self) -> None:
        """Stop watching (an orderly quit, which may take the GUI thread a while)."""
        self._stopped.set()

    def where(self) -> str:
        """Where the watched thread is in Python now (``app.exec`` when it is stuck inside Qt)."""
        frame = sys._current_frames().get(self._gui_thread or -1)
        if frame is None:
            return "(the GUI thread is gone)"
        return "".join(traceback.format_stack(frame)).rstrip()

    def _watch(self) -> None:
        while not self._stopped.wait(self._poll):
            reason = self.check()
            if reason is not None:
                self._stopped.set()
                self._backstop()  # before logging, which may block for good
                # For whoever reads the log: the line the GUI thread is stuck on.
                log.error("the GUI thread stopped turning here:\n%s", self.where())
                self._on_stall(reason)
                return
