"""Crash-loop guard: a pack the kiosk cannot start with is set aside for one that ran cleanly.

systemd restarts a kiosk that dies (``Restart=always``), but a pack that kills it at every start
would loop forever with nothing on the screen. So every start is written down in
``KIOSK_HOME/starts.json`` *before* the show begins and marked clean once it has run
``clean_minutes``; a start still unmarked when the next one begins did not end well (a crash,
a freeze, a kill). After ``failed_starts`` such starts in a row with the live pack, the kiosk
shows the last pack that ran cleanly instead, and after as many with that one, the built-in
pack, which is never set aside (something must show the hotlines).

The decisions are pure functions of a :class:`StartRecord` (tested without processes);
:class:`CrashGuard` is the shell that reads and writes ``starts.json`` atomically. Nothing here
touches Qt: ``kiosk run`` calls it, ``kiosk status`` and the staff panel read
:func:`guard_status`.

The fallback lasts until the live pack changes (an install, an activation, a rollback): the
pack watcher only swaps packs when ``active.json`` names another one, and a pack newly made
live starts with a clean slate.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kiosk.common.message import Message
from kiosk.config import CrashGuardSettings
from kiosk.content.records import DAMAGED, read_json, write_json_atomic
from kiosk.intake.trust import PackRef

log = logging.getLogger(__name__)

STARTS_FILE = "starts.json"
BUILT_IN = "built-in"  # the key of the bundled pack in the failure counts


def _key(ref: PackRef | None) -> str:
    return str(ref) if ref is not None else BUILT_IN


def _name(ref: PackRef | None) -> str:
    return f"pack {ref}" if ref is not None else "the built-in pack"


def _said_name(ref: PackRef | None) -> str | Message:
    return str(ref) if ref is not None else Message.of("builtInPack")


@dataclass(frozen=True)
class StartRecord:
    """What ``starts.json`` holds.

    Attributes:
        running: the pack of the start in progress, not yet clean (``""``: none; the built-in
            pack is ``"built-in"``); still set at the next start, that start failed.
        failures: failed starts in a row, by pack (``"id version"`` or ``"built-in"``).
        last_clean: the last installed pack that ran ``clean_minutes``.
        live_seen: the live pack (``active.json``) at the last start; another one resets its count.
        fallback: why the kiosk is not showing the live pack, or ``""``.
        started_at: wall-clock time of the last start, for people.
    """

    running: str = ""
    failures: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    last_clean: PackRef | None = None
    live_seen: PackRef | None = None
    fallback: str = ""
    started_at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "running": self.running,
            "failures": dict(self.failures),
            "last_clean": self.last_clean.to_json() if self.last_clean else None,
            "live_seen": self.live_seen.to_json() if self.live_seen else None,
            "fallback": self.fallback,
            "started_at": self.started_at,
        }

    @staticmethod
    def from_json(data: Any) -> StartRecord:
        """Parse ``starts.json``; anything unusable reads as a fresh record (never raises)."""
        if not isinstance(data, dict):
            return StartRecord()
        failures = data.get("failures")
        counts = {
            k: v
            for k, v in (failures.items() if isinstance(failures, dict) else ())
            if isinstance(k, str) and type(v) is int and v > 0
        }
        running = data.get("running")
        started = data.get("started_at")
        return StartRecord(
            running=running if isinstance(running, str) else "",
            failures=MappingProxyType(counts),
            last_clean=PackRef.from_json(data.get("last_clean")),
            live_seen=PackRef.from_json(data.get("live_seen")),
            fallback=str(data.get("fallback") or ""),
            started_at=float(started) if isinstance(started, int | float) else 0.0,
        )

    def failed(self, ref: PackRef | None) -> int:
        return self.failures.get(_key(ref), 0)


@dataclass(frozen=True)
class Choice:
    """The pack to start with: ``ref`` (None: the built-in pack) and why, when not the live one.

    ``reason`` is English (the log, ``starts.json``, ``kiosk status``); ``said`` is the same for
    the staff panel to word in the language on screen.
    """

    ref: PackRef | None
    reason: str = ""
    said: Message | None = None

    @property
    def fell_back(self) -> bool:
        return bool(self.reason)


def count_unfinished(record: StartRecord) -> StartRecord:
    """A start still running at the next start did not end well: count it as failed."""
    if not record.running:
        return record
    counts = dict(record.failures)
    counts[record.running] = counts.get(record.running, 0) + 1
    return replace(record, running="", failures=MappingProxyType(counts))


def choose(record: StartRecord, live: PackRef | None, limit: int) -> tuple[StartRecord, Choice]:
    """Which pack to start with, after ``record``'s failures have been counted.

    The live pack, unless it failed ``limit`` starts in a row; then the last pack that ran
    cleanly, unless that failed as often too; then the built-in pack, never set aside. A live
    pack other than the one seen at the last start begins with a clean slate.

    Returns:
        The record (with a changed live pack's count cleared) and the choice.
    """
    counts = dict(record.failures)
    if live != record.live_seen and live is not None:
        counts.pop(_key(live), None)
    record = replace(record, failures=MappingProxyType(counts), live_seen=live)
    if live is None:  # nothing installed is live: the built-in pack shows anyway
        return record, Choice(None)
    candidates: list[PackRef | None] = []
    for ref in (live, record.last_clean):
        if ref is not None and ref not in candidates:
            candidates.append(ref)
    candidates.append(None)
    passed: list[str] = []
    said: list[Message] = []
    for ref in candidates:
        failed = record.failed(ref)
        if ref is None or failed < limit:
            if ref == live:
                return record, Choice(ref)
            why = " and ".join(passed)
            because = (
                said[0]
                if len(said) == 1
                else Message.of("guardBoth", first=said[0], second=said[1])
            )
            shown = Message.of("guardShowing", pack=_said_name(ref), why=because)
            return record, Choice(ref, f"showing {_name(ref)} because {why}", shown)
        times = "once" if failed == 1 else f"{failed} times"
        passed.append(f"{_name(ref)} failed to start {times} in a row")
        if failed == 1:
            said.append(Message.of("guardFailedOnce", pack=_said_name(ref)))
        else:
            said.append(Message.of("guardFailed", pack=_said_name(ref), times=failed))
    raise AssertionError("unreachable: the built-in pack is always a candidate")  # pragma: no cover


def started(record: StartRecord, shown: PackRef | None, reason: str, at: float) -> StartRecord:
    """The start with ``shown`` begins (written before the screen shows anything)."""
    return replace(record, running=_key(shown), fallback=reason, started_at=at)


def now_showing(
    record: StartRecord, shown: PackRef | None, live: PackRef | None, at: float
) -> StartRecord:
    """While running, ``shown`` came on screen (None: the built-in pack); ``live`` is the pack
    ``active.json`` names now. A crash from here on counts against ``shown``.

    ``live_seen`` follows ``active.json`` only, never the pack on screen: were a fallback shown
    instead of the live pack recorded as "seen", the next start would take the live pack for a
    new one, forget its failures and give the pack that crashes the kiosk ``limit`` fresh tries.
    """
    reason = "" if shown == live else record.fallback
    return started(replace(record, live_seen=live), shown, reason, at)


def ran_clean(record: StartRecord, shown: PackRef | None) -> StartRecord:
    """``shown`` ran long enough: its failures are forgotten and, if installed, it is the one
    to fall back to from now on."""
    counts = {k: v for k, v in record.failures.items() if k != _key(shown)}
    last = shown if shown is not None else record.last_clean
    return replace(record, running="", failures=MappingProxyType(counts), last_clean=last)


def stopped(record: StartRecord) -> StartRecord:
    """A deliberate, clean exit (staff, tests): neither a failure nor a clean run."""
    return replace(record, running="")


@dataclass(frozen=True)
class GuardStatus:
    """What ``kiosk status`` and the staff panel say about the crash-loop guard.

    Attributes:
        fallback: why the live pack is not shown (e.g. "showing pack a 1 because pack b 2 failed
            to start 3 times in a row"), or ``""``.
        failed_in_a_row: failed starts in a row of the live pack.
        last_clean: the last installed pack that ran cleanly, as ``"id version"``, or ``""``.
    """

    fallback: str
    failed_in_a_row: int
    last_clean: str

    def describe(self) -> str:
        if self.fallback:
            return f"crash-loop guard: {self.fallback}"
        if self.failed_in_a_row:
            return (
                f"crash-loop guard: the live pack failed {self.failed_in_a_row} start(s) in a row"
            )
        return "crash-loop guard: starts are fine"

    def to_json(self) -> dict[str, Any]:
        return {
            "fallback": self.fallback,
            "failed_in_a_row": self.failed_in_a_row,
            "last_clean": self.last_clean,
        }


def guard_status(home: Path) -> GuardStatus:
    """The guard's state in ``home``, read only (a running kiosk may be writing it)."""
    record = _read(Path(home) / STARTS_FILE)
    return GuardStatus(
        fallback=record.fallback,
        failed_in_a_row=record.failed(record.live_seen) if record.live_seen else 0,
        last_clean=str(record.last_clean) if record.last_clean else "",
    )


def _read(path: Path) -> StartRecord:
    data = read_json(path)
    if data is DAMAGED:
        log.error("%s is damaged; starting the count afresh", path)
        return StartRecord()
    return StartRecord.from_json(data)


class CrashGuard:
    """``starts.json`` in one ``KIOSK_HOME``: the shell around the decisions above.

    A write that fails (a read-only or full disk) is logged and the kiosk goes on: the guard
    must never be the reason nothing shows.
    """

    def __init__(
        self,
        home: Path,
        settings: CrashGuardSettings = CrashGuardSettings(),  # noqa: B008 - frozen
        *,
        clock: Any = time.time,
    ) -> None:
        self.path = Path(home) / STARTS_FILE
        self.settings = settings
        self._clock = clock
        self._record = StartRecord()
        self._shown: PackRef | None = None

    @property
    def record(self) -> StartRecord:
        return self._record

    @property
    def clean_seconds(self) -> float:
        return self.settings.clean_minutes * 60

    def choose(self, live: PackRef | None) -> Choice:
        """Count the last start if it did not end well, then say which pack to show."""
        before = _read(self.path)
        record = count_unfinished(before)
        if record.failures != before.failures and before.running:
            log.warning(
                "the last start with %s did not run %g minutes: %d failed start(s) in a row",
                before.running,
                self.settings.clean_minutes,
                record.failures.get(before.running, 0),
            )
        self._record, choice = choose(record, live, self.settings.failed_starts)
        if choice.fell_back:
            log.error("crash-loop guard: %s", choice.reason)
        return choice

    def started(self, shown: PackRef | None, reason: str = "") -> None:
        """Record the start with ``shown`` (None: the built-in pack) before the show begins."""
        self._shown = shown
        self._write(started(self._record, shown, reason, self._clock()))

    def now_showing(self, shown: PackRef | None, live: PackRef | None) -> bool:
        """Another pack came on screen while running (see :func:`now_showing`).

        Args:
            shown: the pack now on screen (None: the built-in pack).
            live: the pack ``active.json`` names now (None: none, or the built-in pack).

        Returns:
            Whether it is another pack than before (its clean time starts now).
        """
        if shown == self._shown:
            return False
        self._shown = shown
        self._write(now_showing(self._record, shown, live, self._clock()))
        return True

    def ran_clean(self) -> None:
        """The pack shown has run ``clean_minutes``."""
        log.info(
            "%s ran %g minutes: a clean start", _name(self._shown), self.settings.clean_minutes
        )
        self._write(ran_clean(self._record, self._shown))

    def stopped(self) -> None:
        """The kiosk is quitting on purpose: this start was no failure."""
        self._write(stopped(self._record))

    def _write(self, record: StartRecord) -> None:
        self._record = record
        try:
            write_json_atomic(self.path, record.to_json())
        except OSError as exc:
            log.error("cannot record the start in %s: %s", self.path, exc.strerror or exc)
