"""The kiosk's health as Prometheus metric families, decided without Qt or prometheus_client.

A fleet already watches Prometheus; the kiosk speaks its language (``kiosk.yaml``
``metrics: {listen: ...}`` or ``{textfile: ...}``, served by :mod:`kiosk.ops.metrics_export`).
What to say is a pure function of two small values:

- :class:`Snapshot`, published by the GUI thread every few seconds (the pack on screen, open or
  closed, the last self-check): the HTTP thread never touches a Qt object, it reads the latest
  snapshot, which is immutable and replaced whole.
- :class:`HomeFacts`, read from ``KIOSK_HOME`` by the exporter (the crash-loop guard's
  ``starts.json``, ``restarts.json``, the install journal, ``sync-status.json``,
  ``stats.sqlite3``), at most every few seconds and only when a file changed.

Every label value comes from a small fixed set or from the live pack's own ids (which the pack
schema bounds): nothing from outside (a refusal's text, a stranger's file name, a stats key the
live pack does not have) ever becomes a label, so a hostile stick cannot blow up a fleet's
time series. What falls outside the sets is counted under ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Literal, TypeVar

from kiosk.content.schema import LANGUAGES

Kind = Literal["gauge", "counter", "info"]
OTHER = "other"

# Where an install came from (kiosk.intake.trust's origins); anything else is "other".
ORIGINS = ("cli", "inbox", "media", "sync")
# Why a pack was refused, sorted into kinds a fleet can alert on (see reason_kind).
REASON_KINDS = (
    "signature",  # not signed, by a key this kiosk does not trust, or bound to another key
    "tampered",  # a file changed, added or missing after signing
    "version",  # below the high-water mark, rolled back from, same version with other content
    "limits",  # too many files, too many bytes, too many pixels
    "unreadable",  # not a zip, a damaged archive, a stick pulled mid-copy
    "busy",  # another install held the lock
    "disk_full",
    "invalid",  # the pack breaks a content rule (validation)
    OTHER,
)
SYNC_RESULTS = ("up-to-date", "installed", "refused", "error")
# stats.sqlite3's counters (the shared interface with `kiosk stats`) and what their key holds.
IMPACT_KEYS: Mapping[str, str] = MappingProxyType(
    {
        "slide_shown": "slide/lang",
        "qr_slide_shown": "slide",
        "touch_session": "",
        "lesson_started": "lesson",
        "lesson_finished": "lesson",
        "answered_right_first_try": "lesson",
        "language_switch": "lang",
        "accessibility_on": "",
        "read_aloud": "",
    }
)
RESTART_REASONS = ("frozen", "memory")  # exit 4 and exit 5 (kiosk.ops.health)
PACK_ORIGINS = ("installed", "built-in", "folder")

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_VERSION = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6}){0,3}")


@dataclass(frozen=True)
class Sample:
    """One value of a family, with its label values in the family's label order."""

    labels: tuple[str, ...]
    value: float


@dataclass(frozen=True)
class Family:
    """One metric family: what prometheus_client's ``*MetricFamily`` is built from.

    ``name`` is without the ``_total`` (counter) or ``_info`` (info) suffix, as prometheus_client
    wants it; the exposition adds it.
    """

    name: str
    kind: Kind
    help: str
    label_names: tuple[str, ...] = ()
    samples: tuple[Sample, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """What the GUI thread publishes for the exporter (immutable: replaced, never changed).

    Attributes:
        published: wall-clock time of publishing (a GUI thread that stops turning stops it).
        started: wall-clock time the kiosk started.
        pack_id: the pack on screen.
        pack_version: its version.
        pack_origin: one of :data:`PACK_ORIGINS`.
        open: inside opening hours (``kiosk.yaml`` ``schedule``).
        self_check_at: wall-clock time of the last QR self-check, None before the first.
        self_check_ok: whether it read the slide's link.
        self_check_failed_in_a_row: failed self-checks in a row.
        slide_ids: the pack's slide ids (the only slide keys of impact counts shown as labels).
        lesson_ids: the pack's lesson ids (likewise).
    """

    published: float
    started: float
    pack_id: str
    pack_version: str
    pack_origin: str = "installed"
    open: bool = True
    self_check_at: float | None = None
    self_check_ok: bool | None = None
    self_check_failed_in_a_row: int = 0
    slide_ids: frozenset[str] = frozenset()
    lesson_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SyncStatus:
    """``KIOSK_HOME/sync-status.json`` (written by ``kiosk sync``), as far as it could be read."""

    result: str  # one of SYNC_RESULTS, else "other"
    last_attempt: float | None
    last_success: float | None
    timestamp_expires: float | None


@dataclass(frozen=True)
class HomeFacts:
    """What the exporter read from ``KIOSK_HOME`` (each part empty when its file is absent).

    Attributes:
        restarts: restarts by reason (:data:`RESTART_REASONS`), from ``restarts.json``.
        fallback_starts: starts on a fallback pack by the crash-loop guard, ever.
        on_fallback: the guard has set the live pack aside now (``starts.json``).
        failed_in_a_row: failed starts in a row of the live pack.
        installs: installs by origin, from the install journal.
        refusals: refusals by (origin, reason kind).
        sync: the last sync attempt, or None (no ``sync-status.json``).
        impact: impact counts by (counter, key), keys already bounded (:func:`bounded_impact`).
        rss_bytes: resident memory, None where the system does not say.
    """

    restarts: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    fallback_starts: float = 0
    on_fallback: bool = False
    failed_in_a_row: int = 0
    installs: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    refusals: Mapping[tuple[str, str], float] = field(default_factory=lambda: MappingProxyType({}))
    sync: SyncStatus | None = None
    impact: Mapping[tuple[str, str], float] = field(default_factory=lambda: MappingProxyType({}))
    rss_bytes: float | None = None


# -- bounded labels -----------------------------------------------------------------------------


def origin_label(origin: object) -> str:
    return origin if isinstance(origin, str) and origin in ORIGINS else OTHER


def pack_label(text: str, pattern: re.Pattern[str]) -> str:
    """A pack id or version as a label: the pack schema's form, else ``other``."""
    return text if pattern.fullmatch(text) else OTHER


def reason_kind(entry: Mapping[str, Any]) -> str:
    """The kind (one of :data:`REASON_KINDS`) of a refusal in the install journal.

    Sorted by its first problem's file and field, which the kiosk itself sets, and by fixed
    phrases of the kiosk's own messages; the message's own words never leave this function.
    """
    problems = entry.get("problems")
    first = problems[0] if isinstance(problems, list) and problems else None
    if not isinstance(first, dict):
        return OTHER
    file = str(first.get("file") or "")
    where = str(first.get("field") or "")
    message = str(first.get("message") or "")
    if file == ".lock":
        return "busy"
    if "No space left" in message or "quota" in message.lower():
        return "disk_full"
    if file == "MANIFEST.sig" or (
        file == "MANIFEST" and ("signature" in message or "not signed" in message)
    ):
        return "signature"
    if file == "MANIFEST" or "after signing" in message or "in MANIFEST" in message:
        return "tampered"
    if file == "pack.yaml" and where == "version":
        return "version"
    if "the limit" in message or "limit is" in message:
        return "limits"
    unreadable = ("zip archive", "archive entry", "archive says", "cannot be read", "no such file")
    if any(phrase in message for phrase in unreadable) or "being read" in message:
        return "unreadable"
    return "invalid"


def install_counts(
    entries: Iterable[Mapping[str, Any]],
) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Installs by origin and refusals by (origin, reason kind) in the install journal.

    Activations and rollbacks (operators' choices) and "unchanged" (nothing done) are neither.
    """
    installs: dict[str, int] = {}
    refusals: dict[tuple[str, str], int] = {}
    for entry in entries:
        status = entry.get("status")
        origin = origin_label(entry.get("origin"))
        if status == "installed":
            installs[origin] = installs.get(origin, 0) + 1
        elif status == "refused":
            key = (origin, reason_kind(entry))
            refusals[key] = refusals.get(key, 0) + 1
    return installs, refusals


def bounded_impact(
    totals: Mapping[tuple[str, str], int], slide_ids: frozenset[str], lesson_ids: frozenset[str]
) -> dict[tuple[str, str], int]:
    """Impact totals with every key a label may hold: the live pack's ids, language codes.

    A key outside them (a slide of an earlier pack, a damaged row) is summed under ``other``;
    a counter not in :data:`IMPACT_KEYS` is dropped.
    """
    bounded: dict[tuple[str, str], int] = {}
    for (counter, key), count in totals.items():
        shape = IMPACT_KEYS.get(counter)
        if shape is None or type(count) is not int or count < 0:
            continue
        label = key if _key_fits(shape, key, slide_ids, lesson_ids) else OTHER
        bounded[(counter, label)] = bounded.get((counter, label), 0) + count
    return bounded


def _key_fits(shape: str, key: str, slide_ids: frozenset[str], lesson_ids: frozenset[str]) -> bool:
    if shape == "slide/lang":
        slide, _, lang = key.partition("/")
        return slide in slide_ids and lang in LANGUAGES
    if shape == "slide":
        return key in slide_ids
    if shape == "lesson":
        return key in lesson_ids
    if shape == "lang":
        return key in LANGUAGES
    return key == ""


K = TypeVar("K", bound=Hashable)


def advance(
    exported: Mapping[K, float], last_raw: Mapping[K, float], raw: Mapping[K, float]
) -> dict[K, float]:
    """Counters that never go down, from totals that may (read again from files).

    The install journal rotates and the stats database drops its oldest hour, so a total read
    again can be smaller; Prometheus would take that for a restart and count the whole value
    again. So a value only grows, by what its total grew since it was last read; a label seen
    for the first time starts at its total.
    """
    result = dict(exported)
    for key, value in raw.items():
        if key not in result:
            result[key] = value
        else:
            result[key] += max(0.0, value - last_raw.get(key, 0.0))
    return result


# -- files read by the exporter (parsed here, read there) ----------------------------------------


def parse_time(text: object) -> float | None:
    """An ISO-8601 time (``sync-status.json``) as a Unix time; None when it is not one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        return None  # the interface says UTC; a time without a zone is not trusted to be
    return when.timestamp()


def parse_sync_status(data: object) -> SyncStatus | None:
    """``sync-status.json`` as read (None when absent or not an object)."""
    if not isinstance(data, dict):
        return None
    result = data.get("result")
    return SyncStatus(
        result=result if isinstance(result, str) and result in SYNC_RESULTS else OTHER,
        last_attempt=parse_time(data.get("last_attempt")),
        last_success=parse_time(data.get("last_success")),
        timestamp_expires=parse_time(data.get("timestamp_expires")),
    )


# -- the families -------------------------------------------------------------------------------


def _gauge(name: str, help_text: str, value: float | None) -> Family:
    samples = () if value is None else (Sample((), float(value)),)
    return Family(name, "gauge", help_text, (), samples)


def _labelled(
    name: str, kind: Kind, help_text: str, labels: tuple[str, ...], values: Mapping[Any, float]
) -> Family:
    samples = tuple(
        Sample(key if isinstance(key, tuple) else (key,), float(value))
        for key, value in sorted(values.items())
    )
    return Family(name, kind, help_text, labels, samples)


def families(
    snapshot: Snapshot | None, facts: HomeFacts, now: float, *, up: bool = True
) -> tuple[Family, ...]:
    """Every metric family for one scrape (or one textfile write) at wall-clock time ``now``.

    Args:
        snapshot: the GUI thread's latest, or None before its first (only ``kiosk_up`` and what
            the files say are exported then).
        facts: what ``KIOSK_HOME`` holds.
        now: the wall-clock time.
        up: False for the textfile's last write when the kiosk quits in order.
    """
    out: list[Family] = [_gauge("kiosk_up", "1 while the kiosk process runs.", int(up))]
    if snapshot is not None:
        out += _snapshot_families(snapshot, now)
    out += [
        _labelled(
            "kiosk_restarts",
            "counter",
            "Restarts the kiosk asked for: frozen screen (exit 4), memory ceiling (exit 5).",
            ("reason",),
            {reason: facts.restarts.get(reason, 0) for reason in RESTART_REASONS},
        ),
        Family(
            "kiosk_crash_loop_fallback_starts",
            "counter",
            "Starts on which the crash-loop guard set the live pack aside.",
            (),
            (Sample((), float(facts.fallback_starts)),),
        ),
        _gauge(
            "kiosk_crash_loop_fallback",
            "1 while the crash-loop guard shows another pack than the live one.",
            1 if facts.on_fallback else 0,
        ),
        _gauge(
            "kiosk_failed_starts_in_a_row",
            "Starts in a row of the live pack that did not run clean.",
            facts.failed_in_a_row,
        ),
        _labelled(
            "kiosk_pack_installs",
            "counter",
            "Packs installed, by where they came from (install journal).",
            ("origin",),
            facts.installs,
        ),
        _labelled(
            "kiosk_pack_refusals",
            "counter",
            "Packs refused, by where they came from and the kind of reason.",
            ("origin", "reason"),
            facts.refusals,
        ),
        _gauge("kiosk_memory_rss_bytes", "Resident memory of the kiosk process.", facts.rss_bytes),
    ]
    out += _sync_families(facts.sync, now)
    if facts.impact:
        out.append(
            _labelled(
                "kiosk_impact",
                "counter",
                "Impact counts (stats.sqlite3, all hours kept), by counter and key.",
                ("counter", "key"),
                facts.impact,
            )
        )
    return tuple(out)


def _snapshot_families(snapshot: Snapshot, now: float) -> list[Family]:
    origin = snapshot.pack_origin if snapshot.pack_origin in PACK_ORIGINS else OTHER
    pack = Family(
        "kiosk_pack",
        "info",
        "The pack on screen.",
        ("id", "version", "origin"),
        (
            Sample(
                (
                    pack_label(snapshot.pack_id, _ID),
                    pack_label(snapshot.pack_version, _VERSION),
                    origin,
                ),
                1.0,
            ),
        ),
    )
    check_age = None if snapshot.self_check_at is None else max(0.0, now - snapshot.self_check_at)
    ok = None if snapshot.self_check_ok is None else (1 if snapshot.self_check_ok else 0)
    return [
        _gauge("kiosk_start_time_seconds", "When the kiosk started (Unix time).", snapshot.started),
        _gauge(
            "kiosk_uptime_seconds",
            "Seconds since the kiosk started.",
            max(0.0, now - snapshot.started),
        ),
        _gauge(
            "kiosk_snapshot_timestamp_seconds",
            "When the GUI thread last published its health (it stops when the GUI thread does).",
            snapshot.published,
        ),
        pack,
        _gauge("kiosk_open", "1 inside opening hours, 0 outside (schedule).", int(snapshot.open)),
        _gauge("kiosk_self_check_ok", "1 if the last QR self-check read the slide's link.", ok),
        _gauge("kiosk_self_check_age_seconds", "Seconds since the last QR self-check.", check_age),
        _gauge(
            "kiosk_self_check_failures_in_a_row",
            "Failed QR self-checks in a row.",
            snapshot.self_check_failed_in_a_row,
        ),
    ]


def _sync_families(sync: SyncStatus | None, now: float) -> list[Family]:
    if sync is None:
        return []
    age = None if sync.last_success is None else max(0.0, now - sync.last_success)
    return [
        _labelled(
            "kiosk_sync_result",
            "gauge",
            "1 for the result of the last sync attempt.",
            ("result",),
            {result: int(result == sync.result) for result in (*SYNC_RESULTS, OTHER)},
        ),
        _gauge(
            "kiosk_sync_last_attempt_timestamp_seconds",
            "When the kiosk last tried to sync.",
            sync.last_attempt,
        ),
        _gauge(
            "kiosk_sync_last_success_timestamp_seconds",
            "When a sync last succeeded.",
            sync.last_success,
        ),
        _gauge("kiosk_sync_age_seconds", "Seconds since a sync last succeeded.", age),
        _gauge(
            "kiosk_sync_timestamp_expires_seconds",
            "When the TUF timestamp the kiosk holds expires.",
            sync.timestamp_expires,
        ),
    ]
