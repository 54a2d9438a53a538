"""Impact counts: what a funder asks, by hour, never per person.

The kiosk counts slides shown (per slide and language), QR slides shown, touch sessions, lessons
started and finished, questions answered right on the first try, language switches,
accessibility mode and read-aloud. Each count is a row ``(hour, counter, key, n)`` in
``KIOSK_HOME/stats.sqlite3``: ``hour`` is ``YYYY-MM-DDTHH`` in UTC, ``counter`` one of
:data:`COUNTERS`, ``key`` an id from the pack or a language code (or ""). Nothing else is kept:
no session id, no time finer than the hour, nothing a visitor typed, no order of events, so no
row can be joined to another to follow one person (docs/operating.md, "Impact counts").

The pure part is :class:`Tally` (counts in memory, by hour), :class:`SessionEvents` (which screen
change is a lesson started, finished or answered), and the readers' arithmetic and formatting.
:class:`StatsStore` is the thin SQLite shell: one short connection per write, so the writer
thread (the UI's :class:`~kiosk.platform.worker.Worker`) and the command line never share one.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Protocol

__all__ = [
    "COUNTERS",
    "DB_NAME",
    "KEEP_HOURS",
    "SessionEvents",
    "StatsStore",
    "Tally",
    "clean_key",
    "csv_text",
    "daily",
    "hour_of",
    "summary_text",
    "totals",
]

DB_NAME = "stats.sqlite3"

# counter -> what its key is: "slide/lang", "id", "lang" or "" (no key).
COUNTERS: Mapping[str, str] = {
    "slide_shown": "slide/lang",
    "qr_slide_shown": "id",
    "touch_session": "",
    "lesson_started": "id",
    "lesson_finished": "id",
    "answered_right_first_try": "id",
    "language_switch": "lang",
    "accessibility_on": "",
    "read_aloud": "",
}
# A pack's ids (kiosk.content.schema.ID_PATTERN) and ISO 639 language codes: nothing else is a key.
_ID = r"[a-z0-9][a-z0-9-]{0,62}"
_LANG = r"[a-z]{2,3}"
_KEYS = {
    "slide/lang": re.compile(rf"{_ID}/{_LANG}"),
    "id": re.compile(_ID),
    "lang": re.compile(_LANG),
    "": re.compile(""),
}
OTHER = "other"
"""The key of a count whose key was not a clean id, or came past :data:`KEYS_PER_HOUR`."""

# A year of hourly rows (a leap year's), then the oldest hours go.
KEEP_HOURS = 366 * 24
# Distinct (counter, key) pairs kept for one hour: a pack has far fewer slides times languages;
# a flood of new keys (a bug, a hostile pack) is summed under OTHER instead of growing the file.
KEYS_PER_HOUR = 2_000
# How long a write waits for another writer (the command line never writes; a second kiosk
# on the same home is refused by the run lock) before it gives up and keeps its counts.
BUSY_SECONDS = 5.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS counts (
    hour TEXT NOT NULL,
    counter TEXT NOT NULL,
    key TEXT NOT NULL DEFAULT '',
    n INTEGER NOT NULL,
    PRIMARY KEY (hour, counter, key)
)
"""

Row = tuple[str, str, str, int]
"""(hour, counter, key, n)."""


def hour_of(moment: float) -> str:
    """The UTC hour ``moment`` (seconds since the epoch) falls in, as ``YYYY-MM-DDTHH``."""
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H")


FLUSH_SECONDS = 60.0


def flush_delay(now: float, every: float = FLUSH_SECONDS) -> float:
    """Seconds until the next write: ``every``, or sooner when the hour ends before that.

    Written at least once a minute and just after each hour ends, a kill -9 loses at most the
    counts since the last write, which are all of the current hour.
    """
    return min(every, 3600.0 - now % 3600.0 + 0.05)


def clean_key(counter: str, key: str) -> str:
    """``key`` when it is what ``counter`` takes (an id, a language code, ""), else ``other``.

    Keys come from the pack (already validated) and the kiosk's own language codes; the check
    makes sure no other word (a visitor's, a broken pack's) ever reaches the database.
    """
    kind = COUNTERS[counter]
    return key if _KEYS[kind].fullmatch(key) else OTHER


class Tally:
    """Counts in memory by hour, until the writer takes them (:meth:`take`).

    Used on one thread (the GUI's): the writer gets an immutable batch and gives it back
    (:meth:`give_back`) when it could not be written.

    Args:
        now: wall-clock seconds since the epoch (injected: tests script an hour in no time).
    """

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self._counts: Counter[tuple[str, str, str]] = Counter()
        self._keys: Counter[str] = Counter()  # distinct (counter, key) per hour

    def add(self, counter: str, key: str = "", n: int = 1) -> None:
        """Count ``n`` of ``counter`` (one of :data:`COUNTERS`) for ``key`` in the hour now."""
        if counter not in COUNTERS:
            raise ValueError(f"not a counter: {counter!r}")
        self._add((hour_of(self._now()), counter, clean_key(counter, key)), n)

    def _add(self, where: tuple[str, str, str], n: int) -> None:
        hour, counter, _key = where
        if where not in self._counts:
            if self._keys[hour] >= KEYS_PER_HOUR:
                where = (hour, counter, OTHER)
            if where not in self._counts:
                self._keys[hour] += 1
        self._counts[where] += n

    def hour(self) -> str:
        """The hour now, as counts are filed."""
        return hour_of(self._now())

    def pending(self) -> list[Row]:
        """What is counted and not yet taken, as rows."""
        return [(h, c, k, n) for (h, c, k), n in sorted(self._counts.items())]

    def take(self) -> list[Row]:
        """Everything counted so far, as rows; the tally starts again from nothing."""
        rows = self.pending()
        self._counts.clear()
        self._keys.clear()
        return rows

    def give_back(self, rows: Iterable[Row]) -> None:
        """Rows the writer could not write: counted again, to be written next time."""
        for hour, counter, key, n in rows:
            self._add((hour, counter, key), n)


# -- which screen changes are counted ----------------------------------------------------------


class SessionStep(Protocol):
    """What :class:`SessionEvents` reads of a :class:`kiosk.playback.session.SessionState`."""

    @property
    def screen(self) -> str: ...

    @property
    def lesson(self) -> int | None: ...

    @property
    def question(self) -> int: ...

    @property
    def answer(self) -> int | None: ...


@dataclass
class SessionEvents:
    """Turns the touch session's screen changes into counts, once each per lesson run.

    A step back and forward again is not a second lesson finished, and a question answered
    again after going back is no longer a first try. What it remembers (the questions of the
    lesson on screen that were answered) lives only as long as that lesson, in memory.
    """

    _answered: set[int] = field(default_factory=set)
    _finished: bool = False

    def step(
        self, before: SessionStep, after: SessionStep, lesson_ids: Sequence[str], right: bool
    ) -> list[tuple[str, str]]:
        """The counts of the change ``before`` -> ``after`` as (counter, key).

        Args:
            lesson_ids: the ids of the session's lessons, by index.
            right: the answer now on screen is the right one.
        """
        events: list[tuple[str, str]] = []
        if before.screen == "attract" and after.screen not in ("attract", "cover"):
            events.append(("touch_session", ""))
        lesson = lesson_ids[after.lesson] if after.lesson is not None else ""
        if after.screen == "card" and before.screen == "menu":
            self._answered, self._finished = set(), False
            events.append(("lesson_started", lesson))
        if (
            after.screen == "question"
            and after.answer is not None
            and before.answer is None
            and after.question not in self._answered
        ):
            self._answered.add(after.question)
            if right:
                events.append(("answered_right_first_try", lesson))
        if after.screen == "end" and before.screen != "end" and not self._finished:
            self._finished = True
            events.append(("lesson_finished", lesson))
        return events


# -- the database ------------------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    # One fsync per write (a minute apart): a power cut keeps what was written, not only a kill.
    db.execute("PRAGMA synchronous=FULL")
    db.execute(SCHEMA)
    return db


class StatsStore:
    """``KIOSK_HOME/stats.sqlite3``: add batches of counts, keep a year of hours."""

    def __init__(self, home: Path) -> None:
        self.path = home / DB_NAME

    def write(self, rows: Sequence[Row], *, prune: bool = False) -> None:
        """Add ``rows`` to the counts in one transaction (all or none, also under kill -9).

        ``prune``: then drop every hour older than the newest :data:`KEEP_HOURS` hours.
        """
        if not rows and not prune:
            return
        with _closing(_connect(self.path)) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(
                    "INSERT INTO counts (hour, counter, key, n) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (hour, counter, key) DO UPDATE SET n = n + excluded.n",
                    [r for r in rows if r[1] in COUNTERS],
                )
                if prune:
                    db.execute(
                        "DELETE FROM counts WHERE hour < (SELECT hour FROM (SELECT DISTINCT "
                        "hour FROM counts ORDER BY hour DESC LIMIT 1 OFFSET ?))",
                        (KEEP_HOURS - 1,),
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise


class _closing:
    """``with`` for a connection that closes it (sqlite3's own ``with`` only commits)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, *exc: object) -> None:
        self.db.close()


def _read(path: Path, query: str, args: Sequence[object] = ()) -> list[tuple[object, ...]]:
    """Rows of ``query`` on the database at ``path``, opened read-only; none when it is missing."""
    if not path.is_file():
        return []
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS)
    with _closing(db):
        return list(db.execute(query, args))


def rows(path: Path, since: str = "") -> list[Row]:
    """Every row from the hour ``since`` on (all when ""), by hour, counter and key."""
    found = _read(
        path,
        "SELECT hour, counter, key, n FROM counts WHERE hour >= ? ORDER BY hour, counter, key",
        (since,),
    )
    return [(str(h), str(c), str(k), int(str(n))) for h, c, k, n in found]


def totals(path: Path) -> dict[tuple[str, str], int]:
    """All-time sums by (counter, key) of the database at ``path`` ({} when there is none)."""
    found = _read(path, "SELECT counter, key, SUM(n) FROM counts GROUP BY counter, key")
    return {(str(c), str(k)): int(str(n)) for c, k, n in found}


def chart_rows(path: Path, since: str) -> list[Row]:
    """Touch sessions and slides shown by hour (keys added up) from ``since`` on: the chart's."""
    found = _read(
        path,
        "SELECT hour, counter, '', SUM(n) FROM counts WHERE hour >= ? "
        "AND counter IN ('touch_session', 'slide_shown') GROUP BY hour, counter",
        (since,),
    )
    return [(str(h), str(c), "", int(str(n))) for h, c, _k, n in found]


# -- what the readers show ---------------------------------------------------------------------


def _hour_start(hour: str) -> datetime:
    return datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=UTC)


def since_hour(now: float, days: int) -> str:
    """The first hour of the last ``days`` days up to ``now`` (days * 24 hours, this one last)."""
    return hour_of(now - (days * 24 - 1) * 3600)


@dataclass(frozen=True)
class Day:
    """One day's sums for the staff panel's chart."""

    day: date
    sessions: int
    slides: int


def daily(rows: Iterable[Row], today: date, zone: tzinfo | None, days: int = 7) -> list[Day]:
    """Touch sessions and slides shown on each of the last ``days`` local days, oldest first.

    Args:
        rows: counts (any keys; other counters are ignored).
        today: the last day, in ``zone``.
        zone: the kiosk's time zone (None: the system's).
    """
    sums: dict[tuple[date, str], int] = defaultdict(int)
    for hour, counter, _key, n in rows:
        sums[_hour_start(hour).astimezone(zone).date(), counter] += n
    wanted = [today - timedelta(days=back) for back in range(days - 1, -1, -1)]
    return [Day(d, sums[d, "touch_session"], sums[d, "slide_shown"]) for d in wanted]


def csv_text(rows: Iterable[Row]) -> str:
    """The header ``hour,counter,key,n``, then one line per row (for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["hour", "counter", "key", "n"])
    writer.writerows(rows)
    return out.getvalue()


TOP = 5  # slides and lessons named in the summary


def summary_text(all_rows: Sequence[Row], since: str, *, top: int = TOP) -> str:
    """``kiosk stats``: each counter over the last 7 days and all time, then the top slides
    and lessons. ``since``: the first hour of the last 7 days (:func:`since_hour`)."""
    week: Counter[str] = Counter()
    ever: Counter[str] = Counter()
    slides: Counter[str] = Counter()
    slides_week: Counter[str] = Counter()
    lessons: dict[str, Counter[str]] = defaultdict(Counter)
    for hour, counter, key, n in all_rows:
        ever[counter] += n
        recent = hour >= since
        if recent:
            week[counter] += n
        if counter == "slide_shown":
            slide = key.split("/", 1)[0]
            slides[slide] += n
            if recent:
                slides_week[slide] += n
        elif COUNTERS.get(counter) == "id" and counter != "qr_slide_shown":
            lessons[key][counter] += n
    hours = sorted({r[0] for r in all_rows})
    lines = [
        f"Counts by hour, {hours[0]}:00 to {hours[-1]}:59 UTC" if hours else "No counts yet.",
        "",
        f"{'counter':<26}{'last 7 days':>14}{'all time':>14}",
    ]
    lines += [f"{c:<26}{week[c]:>14}{ever[c]:>14}" for c in COUNTERS]
    if slides:
        lines += ["", f"{'Top slides (all languages)':<40}{'last 7 days':>14}{'all time':>14}"]
        for slide, n in slides.most_common(top):
            lines.append(f"  {slide:<38}{slides_week[slide]:>14}{n:>14}")
    if lessons:
        lines += [
            "",
            f"{'Top lessons (all time)':<40}{'started':>10}{'finished':>10}{'right 1st':>10}",
        ]
        ranked = sorted(lessons.items(), key=lambda item: (-item[1]["lesson_started"], item[0]))
        for lesson, c in ranked[:top]:
            lines.append(
                f"  {lesson:<38}{c['lesson_started']:>10}{c['lesson_finished']:>10}"
                f"{c['answered_right_first_try']:>10}"
            )
    return "\n".join(lines) + "\n"
