"""Serving the kiosk's health to Prometheus: ``/metrics`` over HTTP and/or a textfile.

The shell around :mod:`kiosk.ops.metrics`. prometheus_client (the optional ``fleet`` extra)
serves ``/metrics`` from a daemon thread of its own (``start_http_server``) and writes
node_exporter's textfile format atomically (``write_to_textfile``: a temp file, then a rename),
from another daemon thread every ``every_seconds``. Neither thread touches Qt: the GUI thread
hands over a :class:`~kiosk.ops.metrics.Snapshot` with :meth:`MetricsExporter.publish` (one
attribute assignment), and :class:`HomeReader` reads ``KIOSK_HOME``'s small files, at most
every few seconds and again only when one changed. Nothing here hashes a pack or reads one.

Metrics are a window, not a part of the show: a port already in use or a textfile folder that
cannot be written is one clear log line, and the kiosk runs on.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, start_http_server, write_to_textfile
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    InfoMetricFamily,
    Metric,
)

from kiosk.config import MetricsSettings
from kiosk.content.records import DAMAGED, Journal, read_json
from kiosk.ops import metrics
from kiosk.ops.crashguard import STARTS_FILE, guard_status
from kiosk.ops.health import rss_mb
from kiosk.ops.restarts import RESTARTS_FILE, read_restarts

log = logging.getLogger(__name__)

SYNC_STATUS_FILE = "sync-status.json"  # written by `kiosk sync` and the kiosk's sync timer
STATS_FILE = "stats.sqlite3"  # written by the impact counter (likewise)
JOURNAL = Path("logs") / "installs.jsonl"
REFRESH_SECONDS = 5.0  # the small files are looked at no more often than this
STATS_SECONDS = 60.0  # the impact database is summed no more often than this
# All-time sums of the impact counts: the table `kiosk stats` reads too.
STATS_QUERY = "SELECT counter, key, SUM(n) FROM counts GROUP BY counter, key"
STATS_ROWS = 100_000  # (counter, key) pairs read at most: a damaged database costs no more


Signature = tuple[int, int, int] | None


def _signature(path: Path) -> Signature:
    """What changes when a file is replaced or grows (None: absent)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def read_stats_totals(path: Path) -> dict[tuple[str, str], int]:
    """All-time impact counts by (counter, key) from ``stats.sqlite3``, opened read-only.

    Absent or unreadable: empty (logged by the caller's once-only guard).

    Raises:
        sqlite3.Error: the database exists but cannot be read.
    """
    if not path.is_file():
        return {}
    uri = f"{path.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=1.0)
    try:
        rows = connection.execute(STATS_QUERY).fetchmany(STATS_ROWS)
    finally:
        connection.close()
    totals: dict[tuple[str, str], int] = {}
    for counter, key, count in rows:
        if isinstance(counter, str) and isinstance(key, str) and type(count) is int:
            totals[(counter, key)] = count
    return totals


class HomeReader:
    """Reads ``KIOSK_HOME`` for :class:`~kiosk.ops.metrics.HomeFacts`, cheaply and thread-safe.

    Scrapes may come at once on the server's threads: one lock, and each file read again only
    when its signature changed and ``REFRESH_SECONDS`` passed. Counters read from files only
    grow (:func:`kiosk.ops.metrics.advance`).

    Args:
        home: ``KIOSK_HOME``.
        clock: a monotonic clock in seconds (tests step it).
        rss: resident memory in MB (tests inject one).
    """

    def __init__(
        self,
        home: Path,
        *,
        clock: Callable[[], float] = time.monotonic,
        rss: Callable[[], float | None] = rss_mb,
    ) -> None:
        self.home = Path(home)
        self._clock = clock
        self._rss = rss
        self._lock = threading.Lock()
        self._seen: dict[str, Signature] = {}
        self._next_look = float("-inf")
        self._next_stats = float("-inf")
        self._facts = metrics.HomeFacts()
        self._raw_installs: dict[str, float] = {}
        self._installs: dict[str, float] = {}
        self._raw_refusals: dict[tuple[str, str], float] = {}
        self._refusals: dict[tuple[str, str], float] = {}
        self._stats_totals: dict[tuple[str, str], int] = {}
        self._ids: tuple[frozenset[str], frozenset[str]] | None = None
        self._raw_impact: dict[tuple[str, str], float] = {}
        self._impact: dict[tuple[str, str], float] = {}
        self._complained: set[str] = set()

    def facts(self, snapshot: metrics.Snapshot | None) -> metrics.HomeFacts:
        """What the files say now (impact keys bounded by ``snapshot``'s pack)."""
        with self._lock:
            now = self._clock()
            if now >= self._next_look:
                self._next_look = now + REFRESH_SECONDS
                self._look(snapshot, now)
            return replace(self._facts, rss_bytes=_bytes(self._rss()))

    def _changed(self, name: str, path: Path) -> bool:
        signature = _signature(path)
        if self._seen.get(name, ()) == signature:
            return False
        self._seen[name] = signature
        return True

    def _look(self, snapshot: metrics.Snapshot | None, now: float) -> None:
        facts = self._facts
        home = self.home
        if self._changed("starts", home / STARTS_FILE):
            status = guard_status(home)
            facts = replace(
                facts, on_fallback=bool(status.fallback), failed_in_a_row=status.failed_in_a_row
            )
        if self._changed("restarts", home / RESTARTS_FILE):
            counts = read_restarts(home)
            facts = replace(
                facts,
                restarts={k: v for k, v in counts.items() if k in metrics.RESTART_REASONS},
                fallback_starts=counts.get("fallback", 0),
            )
        journal = home / JOURNAL
        rotated = journal.with_name(journal.name + ".1")
        if self._changed("journal", journal) | self._changed("journal.1", rotated):
            installs, refusals = metrics.install_counts(Journal(journal).entries())
            self._installs = metrics.advance(self._installs, self._raw_installs, installs)
            self._refusals = metrics.advance(self._refusals, self._raw_refusals, refusals)
            self._raw_installs, self._raw_refusals = dict(installs), dict(refusals)
            facts = replace(facts, installs=dict(self._installs), refusals=dict(self._refusals))
        if self._changed("sync", home / SYNC_STATUS_FILE):
            data = read_json(home / SYNC_STATUS_FILE, limit=64_000)
            facts = replace(
                facts, sync=None if data is DAMAGED else metrics.parse_sync_status(data)
            )
        facts = replace(facts, impact=self._impact_now(snapshot, now))
        self._facts = facts

    def _impact_now(
        self, snapshot: metrics.Snapshot | None, now: float
    ) -> dict[tuple[str, str], float]:
        """The impact counters, summed again at most every ``STATS_SECONDS`` (a year of hours)."""
        if snapshot is None:
            return {}
        ids = (snapshot.slide_ids, snapshot.lesson_ids)
        read_again = now >= self._next_stats and self._changed_stats()
        if read_again:
            self._next_stats = now + STATS_SECONDS
            try:
                self._stats_totals = read_stats_totals(self.home / STATS_FILE)
                self._complained.discard("stats")
            except sqlite3.Error as exc:  # the last totals read stay (a counter never drops)
                self._complain("stats", "cannot read %s: %s", STATS_FILE, exc)
        if read_again or ids != self._ids:
            self._ids = ids
            raw = metrics.bounded_impact(self._stats_totals, *ids)
            self._impact = metrics.advance(self._impact, self._raw_impact, raw)
            self._raw_impact = dict(raw)
        # Only the keys the live pack has now (the state keeps the others, should they return).
        return {key: self._impact[key] for key in self._raw_impact}

    def _changed_stats(self) -> bool:
        # A WAL database grows its -wal file between checkpoints: either file says it changed.
        db = self.home / STATS_FILE
        wal = db.with_name(db.name + "-wal")
        return self._changed("stats", db) | self._changed("stats-wal", wal)

    def _complain(self, what: str, message: str, *args: object) -> None:
        """Log a failure once, not at every scrape, until it has gone away."""
        if what not in self._complained:
            self._complained.add(what)
            log.warning("metrics: " + message, *args)


def _bytes(megabytes: float | None) -> float | None:
    return None if megabytes is None else megabytes * 1_048_576


def to_prometheus(family: metrics.Family) -> Metric:
    """A :class:`~kiosk.ops.metrics.Family` as prometheus_client's metric family."""
    if family.kind == "info":
        info = InfoMetricFamily(family.name, family.help, labels=())
        for sample in family.samples:
            info.add_metric([], dict(zip(family.label_names, sample.labels, strict=True)))
        return info
    made: GaugeMetricFamily | CounterMetricFamily
    if family.kind == "counter":
        made = CounterMetricFamily(family.name, family.help, labels=family.label_names)
    else:
        made = GaugeMetricFamily(family.name, family.help, labels=family.label_names)
    for sample in family.samples:
        made.add_metric(list(sample.labels), sample.value)
    return made


class KioskCollector:
    """prometheus_client's custom collector: the latest snapshot and the home's facts, at once.

    Args:
        reader: the home's files.
        snapshot: where to find the GUI thread's latest snapshot.
        clock: the wall clock (ages and uptime).
    """

    def __init__(
        self,
        reader: HomeReader,
        snapshot: Callable[[], metrics.Snapshot | None],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.reader = reader
        self._snapshot = snapshot
        self._clock = clock
        self.up = True

    def collect(self) -> Iterator[Metric]:
        snapshot = self._snapshot()
        try:
            facts = self.reader.facts(snapshot)
        except Exception:  # a scrape must answer; what broke is in the log
            log.exception("metrics: cannot read the kiosk's files")
            facts = metrics.HomeFacts()
        for family in metrics.families(snapshot, facts, self._clock(), up=self.up):
            if family.samples:  # an empty family says nothing (e.g. no self-check yet)
                yield to_prometheus(family)


class MetricsExporter:
    """``/metrics`` and/or the textfile, as ``kiosk.yaml`` ``metrics`` asks.

    Args:
        home: ``KIOSK_HOME``.
        settings: ``kiosk.yaml`` ``metrics``.
        reader: the home's files (default: a :class:`HomeReader` of ``home``).
        clock: the wall clock.
    """

    def __init__(
        self,
        home: Path,
        settings: MetricsSettings,
        *,
        reader: HomeReader | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self._snapshot: metrics.Snapshot | None = None
        self.collector = KioskCollector(reader or HomeReader(home), lambda: self._snapshot, clock)
        # A registry of its own: none of prometheus_client's default process and platform
        # metrics (the kiosk says what a fleet needs), and no describe pass at registration.
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(self.collector)
        self._server: Any = None
        self._server_thread: threading.Thread | None = None
        self._textfile_thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self._textfile_failing = False

    @property
    def port(self) -> int | None:
        """The port ``/metrics`` is served on, once started (None: not served)."""
        return int(self._server.server_port) if self._server is not None else None

    def publish(self, snapshot: metrics.Snapshot) -> None:
        """The GUI thread's latest health (replaced whole: readers never see half of one)."""
        self._snapshot = snapshot

    def start(self) -> None:
        """Serve and/or write, as configured; a failure to listen is logged, never raised."""
        settings = self.settings
        if settings.port is not None:
            where = f"{settings.host}:{settings.port}"
            try:
                self._server, self._server_thread = start_http_server(
                    settings.port, addr=settings.host, registry=self.registry
                )
            except OSError as exc:
                reason = "the port is in use" if exc.errno == errno.EADDRINUSE else exc.strerror
                log.error(
                    "metrics: cannot serve /metrics on %s: %s; the kiosk runs on", where, reason
                )
            else:
                log.info("metrics: serving /metrics on %s", where)
        if settings.textfile is not None:
            self._textfile_thread = threading.Thread(
                target=self._write_every, name="kiosk-metrics-textfile", daemon=True
            )
            self._textfile_thread.start()
            log.info("metrics: writing %s every %d s", settings.textfile, settings.every_seconds)

    def stop(self) -> None:
        """Stop serving; the textfile's last write says ``kiosk_up 0`` (an orderly quit)."""
        self._stopped.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._textfile_thread is not None:
            self._textfile_thread.join(timeout=5.0)
            self._textfile_thread = None
            self.collector.up = False
            self.write_textfile()

    def write_textfile(self) -> bool:
        """One atomic write of the textfile (a failure is logged once until it recovers)."""
        path = self.settings.textfile
        if path is None:
            return False
        try:
            write_to_textfile(path, self.registry)
        except OSError as exc:
            if not self._textfile_failing:
                log.error("metrics: cannot write %s: %s", path, exc.strerror or exc)
            self._textfile_failing = True
            return False
        if self._textfile_failing:
            log.info("metrics: writing %s again", path)
        self._textfile_failing = False
        return True

    def _write_every(self) -> None:
        while not self._stopped.is_set():
            self.write_textfile()
            self._stopped.wait(self.settings.every_seconds)
