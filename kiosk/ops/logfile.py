"""The kiosk's own log files: ``KIOSK_HOME/logs/kiosk.log`` and ``logs/security.log``.

``kiosk run`` logs to stderr (journald on a Debian kiosk) and, through this module, to a file
that staff can copy to a stick when journald is not at hand (Windows, a kiosk without a shell).
The file is rotated by size, not by date: a kiosk that runs for months with nothing to say keeps
its old lines, one that logs in a loop cannot fill the disk. ``MAX_BYTES`` x (``BACKUPS`` + 1)
is the most it ever holds (6 MB).

Three guards keep what the log says true and kept (docs/security.md):

- :class:`SafeFormatter`: what a line quotes (a file's name, a reason from an archive) cannot
  start a line of its own. Arguments are escaped (``\\n``, ``\\u202e``) and the message's own
  continuation lines are indented, so a name holding "\\n… installed … is live" never forges a
  line; a traceback and a stack keep their lines, escaped and indented under their record (an
  exception's text quotes data too). Call sites also quote outside words with
  :func:`kiosk.content.words.log_quote`: this is the net beneath them.
- :class:`RepeatFilter`: a stick of 56,000 junk files once rotated the whole history away in
  seconds. The first ``BURST`` lines of one shape (the same logger, level and message template)
  per ``WINDOW`` seconds are written; the rest are counted and summed up in one line, "… and N
  more like this".
- ``logs/security.log``: wrong staff PINs, keys trusted or untrusted and packs installed,
  refused, activated or rolled back, on their own rotating file that no flood of other lines can
  rotate away. Only records logged with ``extra=SECURITY`` (or on the ``kiosk.security`` logger)
  go there; they go to ``kiosk.log`` and stderr as well. No kind of event is cut after ten lines
  there (ten packs installed in a minute are ten lines to keep): :class:`SecurityBudget` holds
  it to a byte budget per minute, shared out by kind, so a flood of refusals can neither rotate
  the file away in hours nor hide the one "pack installed" line among it.

What is logged is for operators: packs, installs, screens the show moved through, errors. Nothing
a visitor chose or answered (which lesson, which answer, which language) is ever logged, in the
file or on stderr; ``tests/ui/test_app_log_privacy.py`` runs a visitor's session and checks.

A logs folder that cannot be written (a read-only disk, wrong owner) never stops the kiosk: the
log goes to stderr only, and one warning says so.
"""

from __future__ import annotations

import atexit
import copy
import logging
import logging.handlers
import re
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# SECURITY marks a security event (`extra=SECURITY`); defined in the core, where the store
# marks its events, and re-exported here for the UI's call sites.
from kiosk.content.records import SECURITY as SECURITY
from kiosk.content.words import escape_invisible

log = logging.getLogger(__name__)

LOG_DIR = "logs"
LOG_FILE = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
SECURITY_FILE = "security.log"
SECURITY_MAX_BYTES = 1_000_000
SECURITY_BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Lines of one shape written per window; the rest are counted and summed up. Sixty a minute is
# above anything people do at the screen (a visitor's session logs ~6 screen changes; a busy
# minute with several visitors stays under it: at 10, the second visitor's "screen menu -> card"
# vanished) and far below a flood: one shape at full burst takes ~2 hours to fill kiosk.log
# (1 MB) and ~12 to rotate its history away, where a junk stick took seconds.
BURST = 60
WINDOW = 60.0
SHAPES = 1_000  # shapes followed at once; the oldest is summed up and dropped beyond it
# security.log is limited by bytes, not by lines of one shape (see SecurityBudget): each kind of
# event may write SECURITY_SHARE bytes per WINDOW, all of them together SECURITY_BUDGET.
SECURITY_SHARE = 4_000
SECURITY_BUDGET = 32_000
SECURITY_KINDS = 100  # kinds followed per window (the code has a few dozen); more share one
SECURITY_LOGGER = "kiosk.security"

_NUMBERS = re.compile(r"\d+")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
# A record's own lines start at column 0; every line after its first is indented by this.
INDENT = "    "


def escape_line(text: str) -> str:
    """``text`` with everything that could end a log line or hide itself written as an escape.

    The same rule and spelling as :func:`~kiosk.content.words.log_quote` (both are
    :func:`~kiosk.content.words.escape_invisible`), but it adds no quotes and leaves quotes and
    backslashes alone, so a word already quoted passes unchanged.
    """
    return escape_invisible(text)


def _indented(text: str) -> str:
    """Every line of ``text`` escaped, and every line after the first indented."""
    return ("\n" + INDENT).join(escape_line(part) for part in text.split("\n"))


def _safe_arg(value: object) -> object:
    if isinstance(value, int | float):
        return value  # `%d` and `%.0f` need the number itself
    return escape_line(str(value))


class SafeFormatter(logging.Formatter):
    """A formatter whose arguments cannot forge a line: escaped, and continuation lines indented."""

    def format(self, record: logging.LogRecord) -> str:
        safe = copy.copy(record)
        args = record.args
        if isinstance(args, Mapping):
            safe.args = {key: _safe_arg(value) for key, value in args.items()}
        elif args:
            safe.args = tuple(_safe_arg(value) for value in args)
        else:
            safe.msg = escape_line(str(record.msg))  # a message with no template is all data
        try:
            safe.getMessage()
        except (TypeError, ValueError):  # escaping changed what a conversion needs
            safe = copy.copy(record)
        # Another handler's formatter may have cached the traceback raw on the record: ours
        # formats it again (escaped, indented); a cached text with no exception is escaped too.
        if safe.exc_info:
            safe.exc_text = None
        elif safe.exc_text:
            safe.exc_text = INDENT + _indented(safe.exc_text)
        return super().format(safe)

    def formatMessage(self, record: logging.LogRecord) -> str:
        # The code's own line breaks stay, indented: no line but a record's starts at column 0.
        record.message = _indented(record.message)
        return super().formatMessage(record)

    def formatException(self, ei: Any) -> str:
        # An exception's text is data too (`ValueError(f"bad {name}")`): escaped, and indented
        # under its record, so a name in it cannot start a line of its own.
        return INDENT + _indented(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return INDENT + _indented(super().formatStack(stack_info))


@dataclass
class _Shape:
    start: float
    count: int = 0
    dropped: int = 0


def shape_of(record: logging.LogRecord) -> tuple[str, int, str]:
    """What makes two records "the same line": logger, level and template (or its words)."""
    template = str(record.msg)[:200]
    if not record.args:  # no template: numbers and quoted words vary, the rest is the shape
        template = _NUMBERS.sub("#", _QUOTED.sub('"…"', template))
    return record.name, record.levelno, template


class RepeatFilter(logging.Filter):
    """Writes the first ``burst`` records of one shape per ``window`` seconds, then sums up.

    A handler's filter: the records it drops are counted per shape; when the shape's window is
    over, one line says how many were left out ("… and 5,203 more like this in 60 s, not
    logged"), written straight to ``handler``. Thread-safe (the pack watcher logs from its own
    thread).

    DEBUG records pass untouched: they are written only when someone asked for them (``-v``), and
    the ones that repeat by design (a line per slide, which ``make soak`` counts transitions by)
    would otherwise vanish after ``burst`` slides.
    """

    def __init__(
        self,
        handler: logging.Handler,
        *,
        burst: int = BURST,
        window: float = WINDOW,
        shapes: int = SHAPES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._handler = handler
        self._burst = burst
        self._window = window
        self._max_shapes = shapes
        self._clock = clock
        self._shapes: OrderedDict[tuple[str, int, str], _Shape] = OrderedDict()
        self._lock = threading.Lock()
        self._next_check = 0.0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.INFO:
            return True
        now = self._clock()
        key = shape_of(record)
        with self._lock:
            summaries = self._ended(now)
            shape = self._shapes.get(key)
            if shape is None or now - shape.start >= self._window:
                if shape is not None and shape.dropped:
                    summaries.append((key, shape))
                shape = self._shapes[key] = _Shape(now)
            self._shapes.move_to_end(key)
            while len(self._shapes) > self._max_shapes:
                old_key, old = self._shapes.popitem(last=False)
                if old.dropped:
                    summaries.append((old_key, old))
            shape.count += 1
            keep = shape.count <= self._burst
            if not keep:
                shape.dropped += 1
        for old_key, old in summaries:
            self._summarise(old_key, old, now)
        return keep

    def flush(self) -> None:
        """Sum up every shape with lines left out (at exit)."""
        with self._lock:
            pending = [(k, s) for k, s in self._shapes.items() if s.dropped]
            self._shapes.clear()
        for key, shape in pending:
            self._summarise(key, shape, self._clock())

    def _ended(self, now: float) -> list[tuple[tuple[str, int, str], _Shape]]:
        """Shapes whose window is over with lines left out (looked at once a second)."""
        if now < self._next_check:
            return []
        self._next_check = now + 1.0
        ended = [
            (k, s) for k, s in self._shapes.items() if s.dropped and now - s.start >= self._window
        ]
        for key, _ in ended:
            del self._shapes[key]
        return ended

    def _summarise(self, key: tuple[str, int, str], shape: _Shape, now: float) -> None:
        name, level, template = key
        elapsed = max(now - shape.start, 0.0)
        _emit_straight(
            self._handler,
            name,
            level,
            "… and %d more like this in %.0f s, not logged: %s",
            (shape.dropped, elapsed, template),
        )


def _emit_straight(
    handler: logging.Handler, name: str, level: int, msg: str, args: tuple[object, ...]
) -> None:
    """Write a summary line straight to ``handler``: not counted, not filtered again."""
    summary = logging.LogRecord(name, level, __file__, 0, msg, args, None)
    handler.acquire()
    try:
        handler.emit(summary)
    finally:
        handler.release()


@dataclass
class _Spend:
    written: int = 0  # bytes
    dropped: int = 0  # lines


class SecurityBudget(logging.Filter):
    """security.log's flood guard: a byte budget per window, shared out by kind of event.

    Every security event matters on its own (ten packs installed in a minute are ten lines to
    keep), so no kind is cut after a number of lines, as :class:`RepeatFilter` does in kiosk.log.
    But a flood of events (a stick of 56,000 junk packs, each refused) must not rotate older
    events away either. So, per ``window`` seconds:

    - each kind of event (:func:`shape_of`: logger, level and template) writes until it has
      written ``share`` bytes, so a flood of refusals cannot crowd out the one "pack installed"
      line it was meant to hide;
    - all kinds together write until ``budget`` bytes, which bounds how fast the file can turn
      over even when many kinds flood at once;
    - the line that crosses a limit is still written whole (a long refusal is never cut off);
      the rest are counted, and when the window is over (at the next event, or at exit) one
      line per kind says how many were left out. kiosk.log has them (under its own guard).

    With the defaults, security.log (6 MB over its backups) takes at least 25 hours to turn over
    under one kind's flood, and over 3 hours if eight kinds flood at once (docs/security.md).
    Thread-safe.
    """

    def __init__(
        self,
        handler: logging.Handler,
        *,
        share: int = SECURITY_SHARE,
        budget: int = SECURITY_BUDGET,
        window: float = WINDOW,
        kinds: int = SECURITY_KINDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._handler = handler
        self._share = share
        self._budget = budget
        self._window = window
        self._max_kinds = kinds
        self._clock = clock
        self._lock = threading.Lock()
        self._start = clock()
        self._spent = 0
        self._kinds: dict[tuple[str, int, str], _Spend] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        # The line as it will be written: what it costs the file.
        cost = len(self._handler.format(record).encode("utf-8", "replace")) + 1
        now = self._clock()
        key = shape_of(record)
        with self._lock:
            ended = self._take_ended(now) if now - self._start >= self._window else []
            if key not in self._kinds and len(self._kinds) >= self._max_kinds:
                key = (SECURITY_LOGGER, logging.WARNING, "(other kinds of security events)")
            spend = self._kinds.setdefault(key, _Spend())
            keep = spend.written < self._share and self._spent < self._budget
            if keep:
                spend.written += cost
                self._spent += cost
            else:
                spend.dropped += 1
        self._summarise(ended, now)
        return keep

    def flush(self) -> None:
        """Sum up what was left out in the current window (at exit)."""
        now = self._clock()
        with self._lock:
            ended = self._take_ended(now)
        self._summarise(ended, now)

    def _take_ended(self, now: float) -> list[tuple[tuple[str, int, str], int, float]]:
        """Close the window (the lock held): the kinds with lines left out, and a new window."""
        ended = [(k, s.dropped, now - self._start) for k, s in self._kinds.items() if s.dropped]
        self._kinds = {}
        self._spent = 0
        self._start = now
        return ended

    def _summarise(self, ended: list[tuple[tuple[str, int, str], int, float]], now: float) -> None:
        for (name, level, template), dropped, elapsed in ended:
            _emit_straight(
                self._handler,
                name,
                level,
                "… and %d more security events like this in %.0f s, not kept here (over "
                "security.log's budget; kiosk.log has them): %s",
                (dropped, max(elapsed, 0.0), template),
            )


def _is_security_event(record: logging.LogRecord) -> bool:
    return bool(getattr(record, "security", False)) or record.name == SECURITY_LOGGER


def guard(handler: logging.Handler, **repeats: Any) -> logging.Handler:
    """Give ``handler`` the safe formatter and the repeat filter (``repeats``: its options)."""
    handler.setFormatter(SafeFormatter(FORMAT))
    handler.addFilter(RepeatFilter(handler, **repeats))
    return handler


def _rotating(path: Path, max_bytes: int, backups: int) -> logging.Handler | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return logging.handlers.RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
        )
    except OSError as exc:
        log.warning(
            "cannot write the log file %s (%s): logging to stderr only",
            path,
            exc.strerror or exc,
        )
        return None


def add_file_log(
    home: Path,
    *,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
    logger: logging.Logger | None = None,
    burst: int = BURST,
    window: float = WINDOW,
) -> logging.Handler | None:
    """Also log to ``home/logs/kiosk.log``, rotated at ``max_bytes`` keeping ``backups`` old files.

    Args:
        home: KIOSK_HOME.
        max_bytes: the size at which the file is rotated (``kiosk.log`` → ``kiosk.log.1`` …).
        backups: how many rotated files are kept.
        logger: where to attach the handler (the root logger by default).
        burst: lines of one shape written per ``window`` seconds (:class:`RepeatFilter`).
        window: see ``burst``.

    Returns:
        The handler added, or None when the folder or file cannot be written (said once on
        stderr through the other handlers; the kiosk goes on).
    """
    target = logger if logger is not None else logging.getLogger()
    path = home / LOG_DIR / LOG_FILE
    handler = _rotating(path, max_bytes, backups)
    if handler is None:
        return None
    target.addHandler(guard(handler, burst=burst, window=window))
    log.info("logging to %s (rotated at %d bytes, %d kept)", path, max_bytes, backups)
    return handler


def add_security_log(
    home: Path,
    *,
    max_bytes: int = SECURITY_MAX_BYTES,
    backups: int = SECURITY_BACKUPS,
    logger: logging.Logger | None = None,
    share: int = SECURITY_SHARE,
    budget: int = SECURITY_BUDGET,
    window: float = WINDOW,
    clock: Callable[[], float] = time.monotonic,
) -> logging.Handler | None:
    """Also keep security events in ``home/logs/security.log``, apart from everything else.

    Only records marked with ``extra=SECURITY`` (or logged on ``kiosk.security``) are written,
    so a flood of other lines never rotates them away; a flood of security events is held to a
    byte budget per ``window`` (:class:`SecurityBudget`: ``share`` per kind, ``budget`` in all),
    never to a number of lines per kind.

    Returns:
        The handler added, or None when it cannot be written (said once; the kiosk goes on).
    """
    target = logger if logger is not None else logging.getLogger()
    handler = _rotating(home / LOG_DIR / SECURITY_FILE, max_bytes, backups)
    if handler is None:
        return None
    handler.setFormatter(SafeFormatter(FORMAT))
    handler.addFilter(_is_security_event)  # before the budget: only events are counted
    handler.addFilter(
        SecurityBudget(handler, share=share, budget=budget, window=window, clock=clock)
    )
    target.addHandler(handler)
    return handler


def guard_stderr(logger: logging.Logger | None = None) -> None:
    """Give the stderr handler ``logging.basicConfig`` made (journald's) the same two guards."""
    target = logger if logger is not None else logging.getLogger()
    for handler in target.handlers:
        if type(handler) is logging.StreamHandler and handler.stream is sys.stderr:
            guard(handler)


def setup_run_logs(home: Path) -> None:
    """What ``kiosk run`` logs to: stderr, ``kiosk.log`` and ``security.log``, all guarded.

    At exit, every flood still being counted is summed up before the files close.
    """
    guard_stderr()
    if add_file_log(home) is not None:
        add_security_log(home)
    for handler in logging.getLogger().handlers:
        for found in handler.filters:
            if isinstance(found, RepeatFilter | SecurityBudget):
                # Registered after logging's own shutdown hook, so it runs first (LIFO).
                atexit.register(found.flush)
