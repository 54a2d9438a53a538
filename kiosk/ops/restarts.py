"""``KIOSK_HOME/restarts.json``: how often the kiosk restarted itself, and why, ever.

The crash-loop guard's ``starts.json`` counts failed starts *in a row* and forgets them after a
clean run; a fleet wants the totals (how often did screen 42 freeze this month?). So every
deliberate restart (a frozen screen, exit 4; the memory ceiling, exit 5) and every start on a
fallback pack adds one here, and the metrics ``kiosk_restarts_total`` and
``kiosk_crash_loop_fallback_starts_total`` (:mod:`kiosk.ops.metrics`) read it. Written whether
or not metrics are served, so that a kiosk given a ``metrics`` key later still has its history.
A write that fails is logged; it never keeps the kiosk from restarting or starting.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from kiosk.content.records import DAMAGED, read_json, write_json_atomic
from kiosk.ops.health import EXIT_FROZEN, EXIT_GRACE_SECONDS, EXIT_MEMORY, exit_frozen

log = logging.getLogger(__name__)

RESTARTS_FILE = "restarts.json"
_BY_CODE = {EXIT_FROZEN: "frozen", EXIT_MEMORY: "memory"}


def read_restarts(home: Path) -> dict[str, int]:
    """The counts in ``home`` (empty when the file is absent or damaged)."""
    data = read_json(Path(home) / RESTARTS_FILE, limit=64_000)
    return {} if data is DAMAGED else parse_restarts(data)


def parse_restarts(data: object) -> dict[str, int]:
    """``restarts.json``: counts by reason (``frozen``, ``memory``, ``fallback``); else empty."""
    if not isinstance(data, dict):
        return {}
    names = (*_BY_CODE.values(), "fallback")
    return {k: v for k, v in data.items() if k in names and type(v) is int and v >= 0}


def note(home: Path, reason: str) -> None:
    """Add one to ``reason`` (``frozen``, ``memory`` or ``fallback``)."""
    counts = read_restarts(home)
    counts[reason] = counts.get(reason, 0) + 1
    try:
        write_json_atomic(Path(home) / RESTARTS_FILE, counts)
    except OSError as exc:
        log.warning("cannot count the %s restart in %s: %s", reason, RESTARTS_FILE, exc.strerror)


def note_exit(home: Path, code: int) -> None:
    """The event loop returned ``code``: a restart the kiosk asked for is counted."""
    reason = _BY_CODE.get(code)
    if reason is not None:
        note(home, reason)


def frozen_exit(home: Path) -> Callable[[str], None]:
    """A :class:`~kiosk.ops.health.StallWatch` ``on_stall`` that counts, then exits 4.

    The GUI thread is stuck; so may be the disk. The process ends within
    ``EXIT_GRACE_SECONDS`` whether or not the count could be written.
    """

    def on_stall(reason: str) -> None:
        backstop = threading.Timer(EXIT_GRACE_SECONDS, os._exit, (EXIT_FROZEN,))
        backstop.daemon = True
        backstop.start()
        note(home, "frozen")
        exit_frozen(reason)

    return on_stall
