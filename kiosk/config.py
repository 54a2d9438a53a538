"""KioskConfig: the venue's settings from ``KIOSK_HOME/kiosk.yaml``.

Loaded like a pack (typed, ``file:line: field: message`` problems). ``kiosk run`` with a broken file
logs every problem and uses defaults for the broken keys, so the screen is never left blank; other
commands refuse with exit 1 (``strict=True``). An empty or comment-only file means defaults. A file
over 1 MB is refused before a byte of it is read. ``kiosk run`` keeps a copy of the last file that
read cleanly (``kiosk.yaml.last-good``) and falls back to it when ``kiosk.yaml`` cannot be read as
YAML at all: a half-saved edit must not turn a venue's settings back into the defaults.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import re
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.common.problems import PackError, Problem, format_path
from kiosk.common.urls import web_url_problem
from kiosk.common.yamlsafe import MAX_BYTES, YamlDoc, read_yaml
from kiosk.content import phones, schema
from kiosk.content.schemapass import SchemaPasses
from kiosk.content.validate import DEFAULT_LINK_HOSTS, schema_problems

log = logging.getLogger("kiosk.config")

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # datetime.weekday() order
DEFAULT_WATCH = ("/media/*/", "/media/*/*/", "/run/media/*/*/")
LAST_GOOD_SUFFIX = ".last-good"
_INTERNAL_ERROR = "internal error while reading the settings (details in the log)"

DEFAULT_STAFF_CHORD = "Ctrl+Alt+Shift+S"
# Two to four modifiers and one letter, digit or function key: a chord no visitor types by chance.
STAFF_CHORD_PATTERN = r"^(?:(?:Ctrl|Alt|Shift|Meta)\+){2,4}(?:[A-Z0-9]|F[1-9]|F1[0-2])$"

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "venue": {"enum": [v for v in schema.VENUES if v != "any"]},
        "languages": {
            "type": "array",
            "items": {"enum": list(schema.LANGUAGES)},
            "minItems": 1,
            "uniqueItems": True,
        },
        "idle_seconds": {"type": "integer", "minimum": 15, "maximum": 600},
        "link_hosts": {
            "type": "array",
            "items": schema.single_line(r"^[a-z0-9.-]+$"),
            "minItems": 1,
        },
        "hotline_numbers": {
            "type": "array",
            "items": schema.single_line(schema.NUMBER_PATTERN),
            "minItems": 1,
        },
        "watch": {"type": "array", "items": {"type": "string"}},
        "verify": {"type": "boolean"},
        "venue_name": {"type": "string", "maxLength": 60},
        "memory_limit_mb": {"type": "integer", "minimum": 64},  # RSS ceiling: restart above it
        # The staff panel: the key chord that opens it (the PIN itself is kept apart, 0600).
        "staff": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"chord": {"type": "string", "pattern": STAFF_CHORD_PATTERN}},
        },
        "schedule": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                # Each day: "HH:MM-HH:MM", a list of them, or closed (read by parse_spans).
                "hours": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {day: {"type": ["string", "array"]} for day in WEEKDAYS},
                },
                "closed": {"enum": ["dim", "display-off"]},
                "playlists": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["from", "until"],
                        "properties": {
                            "from": {"type": "string"},
                            "until": {"type": "string"},
                            "slides": {
                                "type": "array",
                                "items": schema.single_line(schema.ID_PATTERN),
                                "minItems": 1,
                            },
                            "venues": {
                                "type": "array",
                                "items": {"enum": list(schema.VENUES)},
                                "minItems": 1,
                            },
                            "days": {
                                "type": "array",
                                "items": {"enum": list(WEEKDAYS)},
                                "minItems": 1,
                            },
                        },
                    },
                },
                "clock_floor": schema.DATE,
            },
        },
        "crash_guard": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "failed_starts": {"type": "integer", "minimum": 1, "maximum": 100},
                "clean_minutes": {"type": "number", "minimum": 0.05, "maximum": 1440},
            },
        },
        # Two languages on the attract loop: one slide each (the default), or both on each slide.
        "language_layout": {"enum": ["alternate", "together"]},
        # How Qt Quick draws (kiosk.ops.renderer): auto picks software on a software rasterizer.
        "renderer": {"enum": ["auto", "software", "opengl"]},
        # Packs from a TUF repository (kiosk.fleet.sync; needs the `fleet` extra). The URL's
        # rules (https, or http to loopback) are checked where it is used, with the reason.
        "sync": {
            "type": "object",
            "additionalProperties": False,
            "required": ["url"],
            "properties": {
                "url": {"type": "string", "minLength": 1, "maxLength": 2000},
                "every_minutes": {"type": "number", "minimum": 1, "maximum": 10080},
                "pack": schema.single_line(schema.ID_PATTERN),  # when several are offered
                "trust_root": {"type": "string", "minLength": 1, "maxLength": 4096},
            },
        },
        # Health for Prometheus (kiosk.ops.metrics_export); read by parse_listen/textfile_problem.
        "metrics": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {
                "listen": {"type": ["string", "integer"]},
                "textfile": {"type": "string", "maxLength": 1024},
                "every_seconds": {"type": "integer", "minimum": 5, "maximum": 3600},
            },
        },
        # AMBER Alerts (CAP 1.2) from feeds, for the venue's counties (kiosk.alerts). The feeds'
        # addresses (https, or http to loopback) and the codes are checked by _alerts_problems.
        "alerts": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "feeds": {
                    "type": "array",
                    "items": {"type": "string", "minLength": 1, "maxLength": 2000},
                    "maxItems": 20,
                },
                "areas": {
                    "type": "array",
                    "items": {"type": ["string", "integer"]},
                    "maxItems": 200,
                },
                "events": {
                    "type": "array",
                    "items": schema.single_line(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,59}$"),
                    "minItems": 1,
                    "maxItems": 20,
                },
                "every_minutes": {"type": "number", "minimum": 0.5, "maximum": 60},
            },
        },
    },
}

TimeRange = tuple[int, int]
"""Minutes since midnight: (start, end); ``end <= start`` runs past midnight."""
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$|^24:00$")


def parse_time(text: object) -> int:
    """``"06:30"`` → minutes since midnight (``"24:00"`` is 1440, the end of the day).

    Raises:
        ValueError: not ``HH:MM`` on a 24-hour clock.
    """
    if not isinstance(text, str) or not _CLOCK.match(text):
        raise ValueError(f"{text!r} is not a time of day HH:MM (00:00 to 24:00)")
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def parse_spans(value: object) -> tuple[TimeRange, ...]:
    """One weekday's hours: ``"06:00-22:00"``, a list of such ranges, or ``"closed"``.

    Raises:
        ValueError: the message says what is wrong, for a ``kiosk.yaml`` problem.
    """
    if value == "closed":
        return ()
    texts = [value] if isinstance(value, str) else value
    if not isinstance(texts, list) or not texts:
        raise ValueError('expected "HH:MM-HH:MM", a list of them, or closed')
    spans = []
    for text in texts:
        if not isinstance(text, str) or text.count("-") != 1:
            raise ValueError(f'{text!r} is not a range "HH:MM-HH:MM" (or closed)')
        start, end = (parse_time(part.strip()) for part in text.split("-"))
        if start == 24 * 60:
            raise ValueError(f"{text!r}: a range cannot start at 24:00")
        if start == end:
            raise ValueError(f"{text!r} is empty; write 00:00-24:00 for the whole day")
        spans.append((start, end))
    return tuple(spans)


@dataclass(frozen=True)
class SlotSettings:
    """One ``schedule.playlists`` entry: these slides and/or venues from ``start`` to ``end``."""

    start: int
    end: int
    slides: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()
    days: tuple[int, ...] = ()  # 0 = Monday; empty: every day


@dataclass(frozen=True)
class ScheduleSettings:
    """``kiosk.yaml`` ``schedule``, parsed; ``kiosk.playback.schedule`` decides with it.

    Attributes:
        hours: weekday (0 = Monday) → its opening hours; a weekday not listed is open all day.
        closed: ``dim`` or ``display-off`` outside the hours.
        playlists: slots by time of day, first match wins.
        clock_floor: the wall clock is wrong before this day.
    """

    hours: tuple[tuple[int, tuple[TimeRange, ...]], ...] = ()
    closed: str = "dim"
    playlists: tuple[SlotSettings, ...] = ()
    clock_floor: date | None = None


@dataclass(frozen=True)
class CrashGuardSettings:
    """``kiosk.yaml`` ``crash_guard``: after ``failed_starts`` starts in a row that did not run
    ``clean_minutes``, the live pack is set aside for the last one that ran cleanly."""

    failed_starts: int = 3
    clean_minutes: float = 10.0


@dataclass(frozen=True)
class SyncSettings:
    """``kiosk.yaml`` ``sync``: fetch packs from a TUF repository every ``every_minutes``.

    ``trust_root`` names the repository's root file for the first sync of a new kiosk (else
    run ``kiosk sync --url URL --trust-root FILE`` once); ``pack`` picks one when the
    repository offers several for this venue.
    """

    url: str
    every_minutes: float = 15.0
    pack: str | None = None
    trust_root: str | None = None


@dataclass(frozen=True)
class MetricsSettings:
    """``kiosk.yaml`` ``metrics``: serve ``/metrics`` on ``host:port`` and/or write ``textfile``
    (node_exporter's textfile format) every ``every_seconds``."""

    host: str = "127.0.0.1"
    port: int | None = None  # None: no HTTP server
    textfile: str | None = None
    every_seconds: int = 30


@dataclass(frozen=True)
class AlertsSettings:
    """``kiosk.yaml`` ``alerts``: CAP feeds, the venue's county codes, the events shown.

    ``areas`` are six-digit SAME codes (``006037``: Los Angeles County); ``events`` are CAP
    event codes or event names (CAE, a Child Abduction Emergency, by default); the feeds are
    read every ``every_minutes``.
    """

    feeds: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    events: tuple[str, ...] = ("CAE",)
    every_minutes: float = 2.0


def parse_listen(value: object) -> tuple[str, int]:
    """``metrics.listen``: ``PORT`` (on 127.0.0.1), ``HOST:PORT`` or ``[IPV6]:PORT``.

    The host is an IP address or ``localhost``, never a name to look up: the address a kiosk
    listens on must be the one written, and anything but loopback only when written out.

    Raises:
        ValueError: the message says what is wrong, for a ``kiosk.yaml`` problem.
    """
    text = str(value) if type(value) is int else value
    if not isinstance(text, str) or len(text) > 60:
        raise ValueError('expected a port or "HOST:PORT", e.g. "127.0.0.1:9464"')
    host, port_text = "127.0.0.1", text
    if ":" in text:
        host, _, port_text = text.rpartition(":")
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        if host != "localhost":
            try:
                ipaddress.ip_address(host)
            except ValueError:
                raise ValueError(
                    f"{text!r}: the host must be an IP address (e.g. 127.0.0.1, 0.0.0.0) "
                    "or localhost"
                ) from None
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise ValueError(f"{text!r}: the port must be a number from 1 to 65535")
    return host, int(port_text)


def textfile_problem(text: str) -> str:
    """Why ``metrics.textfile`` cannot be used, else ``""``."""
    if not Path(text).is_absolute():
        return f"{text!r} is not an absolute path"
    if not text.endswith(".prom"):
        return f"{text!r} must end in .prom (node_exporter reads only those)"
    return ""


@dataclass(frozen=True)
class KioskConfig:
    """The settings of one kiosk. ``venue=None`` plays every slide."""

    venue: str | None = None
    languages: tuple[str, ...] = ()  # the attract loop's; empty: the pack's own languages
    idle_seconds: int | None = None  # None: the pack's value, else 45
    link_hosts: tuple[str, ...] = DEFAULT_LINK_HOSTS
    hotline_numbers: tuple[str, ...] = phones.DEFAULT_HOTLINE_NUMBERS
    watch: tuple[str, ...] = DEFAULT_WATCH
    verify: bool = True
    venue_name: str = ""
    memory_limit_mb: int | None = None  # None: no ceiling (kiosk.ui.selfcheck restarts above it)
    staff_chord: str = DEFAULT_STAFF_CHORD  # kiosk.yaml `staff: {chord: ...}`
    schedule: ScheduleSettings = ScheduleSettings()  # the default: always open
    crash_guard: CrashGuardSettings = CrashGuardSettings()
    language_layout: str = "alternate"  # see docs/architecture.md, "Languages"
    renderer: str = "auto"  # auto, software or opengl: kiosk.ops.renderer (at start only)
    sync: SyncSettings | None = None  # None: no fleet sync
    metrics: MetricsSettings | None = None  # None: no metrics (kiosk.ops.metrics_export)
    alerts: AlertsSettings | None = None  # None: no feeds (signed venue messages still show)
    problems: tuple[Problem, ...] = field(default=(), compare=False)


# What a running kiosk takes from an edited kiosk.yaml, at the next slide boundary
# (kiosk.ui.config_reload); everything else is read at start only. See docs/operating.md,
# "kiosk.yaml".
LIVE_SETTINGS = frozenset(
    {"venue", "languages", "language_layout", "schedule", "idle_seconds", "link_hosts",
     "hotline_numbers"}
)  # fmt: skip
_YAML_KEYS = {"staff_chord": "staff.chord"}


def setting_changes(old: KioskConfig, new: KioskConfig) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``kiosk.yaml`` keys whose settings differ: (applied while running, needing a restart)."""
    changed = [
        f.name
        for f in fields(KioskConfig)
        if f.name != "problems" and getattr(old, f.name) != getattr(new, f.name)
    ]
    live = tuple(name for name in changed if name in LIVE_SETTINGS)
    later = tuple(_YAML_KEYS.get(name, name) for name in changed if name not in LIVE_SETTINGS)
    return live, later


def language_problem(wanted: Sequence[str], pack_languages: Sequence[str], pack: str) -> str:
    """What to say when ``languages`` names one the pack on screen does not have, else ``""``.

    The loop still shows the pack's other languages (or all of them): the kiosk never goes
    blank for a setting; but a venue that asked for Spanish must learn that it gets none.
    """
    missing = [code for code in wanted if code not in pack_languages]
    if not missing:
        return ""
    has = ", ".join(pack_languages)
    left = [code for code in wanted if code in pack_languages]
    shown = ", ".join(left) if left else f"the pack's own ({has})"
    return f"languages: {', '.join(missing)} not in {pack} (it has {has}); the loop shows {shown}"


def last_good_path(path: Path) -> Path:
    """Where ``kiosk run`` keeps a copy of the last ``kiosk.yaml`` that read cleanly."""
    return path.with_name(path.name + LAST_GOOD_SUFFIX)


def load_config(
    path: Path, *, strict: bool, keep_last_good: bool = False, passes: SchemaPasses | None = None
) -> KioskConfig:
    """Read ``kiosk.yaml``; a missing, empty or comment-only file means all defaults.

    Args:
        path: the file to read.
        strict: raise on any problem (CLI commands) instead of falling back per key (``kiosk run``).
        keep_last_good: ``kiosk run`` only: save a clean file as :func:`last_good_path`, and when
            the file cannot be read as YAML at all, use the settings saved there.
        passes: ``kiosk run`` only: skip the schema pass for a file that passed it before
            (:mod:`kiosk.content.schemapass`); every other check still runs.

    Raises:
        PackError: when ``strict`` and the file has problems (nothing else, ever; and nothing at
            all when not ``strict``: a kiosk in public must start).
    """
    try:
        return _load(path, strict, keep_last_good, passes)
    except PackError:
        if strict:
            raise
        # _load returns problems rather than raise when not strict; this is a bug's way out.
        log.exception("unexpected error while reading %s; using the defaults", path)
    except Exception:
        log.exception("unexpected error while reading %s", path)
        if strict:
            raise PackError([Problem(path.name, 0, "", _INTERNAL_ERROR)]) from None
    return KioskConfig(problems=(Problem(path.name, 0, "", _INTERNAL_ERROR),))


def read_bounded(path: Path, name: str) -> bytes | None:
    """The bytes of ``path``, or None when it does not exist; nothing past :data:`MAX_BYTES`.

    The size is checked on the open file before anything is read, and the read itself stops one
    byte past the limit, so a 400 MB file (or a FIFO, a device) costs nothing.

    Raises:
        PackError: the file is too large or not a plain file.
        OSError: it cannot be opened or read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise PackError([Problem(name, 0, "", "cannot be read: it is not a plain file")])
        if info.st_size > MAX_BYTES:
            size_text = f"file is {info.st_size:,} bytes; the limit is {MAX_BYTES:,}"
            raise PackError([Problem(name, 0, "", size_text)])
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:  # it grew after the check
            grew = f"file is over the limit of {MAX_BYTES:,} bytes"
            raise PackError([Problem(name, 0, "", grew)])
        return b"".join(chunks)
    finally:
        os.close(fd)


def _parse(
    raw: bytes, name: str, passes: SchemaPasses | None = None
) -> tuple[YamlDoc, list[Problem]]:
    """The document and its problems; empty or comment-only text is an empty mapping."""
    doc = read_yaml(raw, name)
    if doc.data is None:
        doc.data = {}
    numbers = doc.data.get("hotline_numbers") if isinstance(doc.data, dict) else None
    if isinstance(numbers, list):  # YAML reads an unquoted 911 as a number: take it as meant
        numbers[:] = [str(n) if type(n) is int and n >= 0 else n for n in numbers]
    _schedule_as_text(doc.data)
    problems = schema_problems(doc, CONFIG_SCHEMA, passes)
    # In the same pass, so that one edit fixes everything (a field the schema refused already
    # has its problem, and the schedule's own rules skip it).
    problems += _schedule_problems(doc, name, {p.field for p in problems})
    problems += _metrics_problems(doc, name, {p.field for p in problems})
    problems += _alerts_problems(doc, name, {p.field for p in problems})
    for i, number in enumerate(numbers if isinstance(numbers, list) else []):
        # A number not in the schema's form already has its problem.
        well_formed = isinstance(number, str) and re.fullmatch(schema.NUMBER_PATTERN, number)
        reason = _number_problem(number) if well_formed else None
        if reason:
            where = ("hotline_numbers", i)
            problems.append(Problem(name, doc.line(where), format_path(where), reason))
    return doc, problems


def _number_problem(number: str) -> str | None:
    """A listed number must be one a person can call or text (a typo would refuse the real one)."""
    call = phones.number_problem(number, "call")
    return call if call and phones.number_problem(number, "text") else None


def _load(
    path: Path, strict: bool, keep_last_good: bool, passes: SchemaPasses | None = None
) -> KioskConfig:
    config = KioskConfig()
    name = path.name
    try:
        raw = read_bounded(path, name)
        if raw is None:
            return config
        doc, problems = _parse(raw, name, passes)
    except (OSError, PackError) as exc:
        if isinstance(exc, OSError):
            problems = [Problem(name, 0, "", f"cannot be read: {exc.strerror or exc}")]
        else:
            problems = list(exc.problems)
        if strict:
            raise PackError(problems) from None
        if keep_last_good:
            return _last_good(path, problems)
        return replace(config, problems=tuple(problems))
    if strict and problems:
        raise PackError(problems)
    if keep_last_good and not problems:
        _save_last_good(path, raw)
    return _settings(doc.data, problems)


def _settings(data: object, problems: list[Problem]) -> KioskConfig:
    """The settings in ``data``, each broken key replaced by its default."""
    config = KioskConfig(problems=tuple(problems))
    if not isinstance(data, dict):
        return config
    broken = {p.field.split(".")[0].split("[")[0] for p in problems}
    good = {k: v for k, v in data.items() if k not in broken and k in CONFIG_SCHEMA["properties"]}
    for key in ("languages", "link_hosts", "hotline_numbers", "watch"):
        if key in good:
            good[key] = tuple(good[key])
    staff = good.pop("staff", None)
    if isinstance(staff, dict) and "chord" in staff:
        good["staff_chord"] = staff["chord"]
    if "schedule" in good:
        good["schedule"] = _schedule_settings(good["schedule"])
    if "crash_guard" in good:
        good["crash_guard"] = CrashGuardSettings(**good["crash_guard"])
    if "sync" in good:
        good["sync"] = SyncSettings(**good["sync"])
    if "metrics" in good:
        good["metrics"] = _metrics_settings(good["metrics"])
    if "alerts" in good:
        alerts = good["alerts"]
        good["alerts"] = AlertsSettings(
            feeds=tuple(alerts.get("feeds", ())),
            areas=tuple(alerts.get("areas", ())),
            events=tuple(alerts.get("events", ("CAE",))),
            every_minutes=float(alerts.get("every_minutes", 2.0)),
        )
    if "idle_seconds" in good:  # JSON Schema counts 30.0 as an integer; timers want an int
        good["idle_seconds"] = int(good["idle_seconds"])
    return replace(config, **good)


def _schedule_as_text(data: object) -> None:
    """Take YAML's readings of unquoted times and dates as meant.

    YAML 1.1 reads ``from: 18:00`` as the number 1080 (base 60: the minutes since midnight, as
    it happens) and ``clock_floor: 2027-01-01`` as a date; both are turned back into text.
    """
    schedule = data.get("schedule") if isinstance(data, dict) else None
    if not isinstance(schedule, dict):
        return
    if type(schedule.get("clock_floor")) is date:
        schedule["clock_floor"] = schedule["clock_floor"].isoformat()
    slots = schedule.get("playlists")
    for slot in slots if isinstance(slots, list) else []:
        for key in ("from", "until") if isinstance(slot, dict) else ():
            value = slot.get(key)
            if type(value) is int and 0 <= value <= 24 * 60:
                slot[key] = f"{value // 60:02d}:{value % 60:02d}"


def _schedule_problems(doc: YamlDoc, name: str, refused: set[str]) -> list[Problem]:
    """What the schema cannot say: the hours and times read, and a floor that is a real day.

    Runs whatever the schema found, on whatever shape the file has; ``refused`` names the
    fields that already have a problem (they, and what is inside or above them, are skipped).
    """
    problems: list[Problem] = []
    schedule = doc.data.get("schedule") if isinstance(doc.data, dict) else None
    if not isinstance(schedule, dict):
        return problems

    def known(field: str) -> bool:
        return any(
            field == other
            or other.startswith((f"{field}.", f"{field}["))
            or field.startswith((f"{other}.", f"{other}["))
            for other in refused
        )

    def check(where: tuple[str | int, ...], parse: Any, value: object) -> None:
        if known(format_path(where)):
            return
        try:
            parse(value)
        except ValueError as exc:
            problems.append(Problem(name, doc.line(where), format_path(where), str(exc)))

    hours = schedule.get("hours")
    for day, value in hours.items() if isinstance(hours, dict) else ():
        check(("schedule", "hours", day), parse_spans, value)
    slots = schedule.get("playlists")
    for i, slot in enumerate(slots if isinstance(slots, list) else []):
        if not isinstance(slot, dict):
            continue  # the schema has said what it should be
        for key in ("from", "until"):
            if key in slot:
                check(("schedule", "playlists", i, key), parse_time, slot[key])
        where = ("schedule", "playlists", i)
        if "slides" not in slot and "venues" not in slot and format_path(where) not in refused:
            message = "a playlist needs slides (ids) or venues"
            problems.append(Problem(name, doc.line(where), format_path(where), message))
    if "clock_floor" in schedule:
        check(("schedule", "clock_floor"), date.fromisoformat, schedule["clock_floor"])
    return problems


def _metrics_problems(doc: YamlDoc, name: str, refused: set[str]) -> list[Problem]:
    """What the schema cannot say about ``metrics``: the address and the textfile's path."""
    metrics = doc.data.get("metrics") if isinstance(doc.data, dict) else None
    if not isinstance(metrics, dict) or "metrics" in refused:
        return []
    problems = []
    listen = metrics.get("listen")
    if listen is not None and "metrics.listen" not in refused:
        try:
            parse_listen(listen)
        except ValueError as exc:
            where = ("metrics", "listen")
            problems.append(Problem(name, doc.line(where), format_path(where), str(exc)))
    textfile = metrics.get("textfile")
    reason = textfile_problem(textfile) if isinstance(textfile, str) else ""
    if reason and "metrics.textfile" not in refused:
        where = ("metrics", "textfile")
        problems.append(Problem(name, doc.line(where), format_path(where), reason))
    return problems


def _alerts_problems(doc: YamlDoc, name: str, refused: set[str]) -> list[Problem]:
    """What the schema cannot say about ``alerts``: each feed's address and each county code.

    An unquoted ``006037`` is read by YAML as the octal number 3103, so a code must be quoted;
    a feed needs its area codes, or nothing it sends could ever match this venue.
    """
    alerts = doc.data.get("alerts") if isinstance(doc.data, dict) else None
    if not isinstance(alerts, dict) or "alerts" in refused:
        return []
    problems = []

    def add(where: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(name, doc.line(where), format_path(where), message))

    feeds = alerts.get("feeds")
    for i, url in enumerate(feeds if isinstance(feeds, list) else []):
        reason = web_url_problem(url) if isinstance(url, str) else None
        if reason:
            add(("alerts", "feeds", i), reason)
    areas = alerts.get("areas")
    for i, code in enumerate(areas if isinstance(areas, list) else []):
        if isinstance(code, int) and not isinstance(code, bool):
            add(("alerts", "areas", i), 'write each county code in quotes, e.g. "006037" '
                "(unquoted, YAML reads 006037 as a number)")  # fmt: skip
        elif not (isinstance(code, str) and re.fullmatch(r"[0-9]{6}", code)):
            add(("alerts", "areas", i), 'a county code is six digits (SAME PSSCCC), e.g. "006037"')
    if isinstance(feeds, list) and feeds and not (isinstance(areas, list) and areas):
        add(("alerts",), 'feeds need areas: the venue\'s county codes, e.g. areas: ["006037"]')
    return problems


def _metrics_settings(data: dict[str, Any]) -> MetricsSettings:
    """A checked ``metrics`` mapping as :class:`MetricsSettings`."""
    settings = MetricsSettings(every_seconds=int(data.get("every_seconds", 30)))
    if "listen" in data:
        host, port = parse_listen(data["listen"])
        settings = replace(settings, host=host, port=port)
    if "textfile" in data:
        settings = replace(settings, textfile=data["textfile"])
    return settings


def _schedule_settings(data: dict[str, Any]) -> ScheduleSettings:
    """A checked ``schedule`` mapping as :class:`ScheduleSettings`."""
    hours = tuple(
        (WEEKDAYS.index(day), parse_spans(value)) for day, value in data.get("hours", {}).items()
    )
    slots = tuple(
        SlotSettings(
            start=parse_time(slot["from"]),
            end=parse_time(slot["until"]),
            slides=tuple(slot.get("slides", ())),
            venues=tuple(slot.get("venues", ())),
            days=tuple(WEEKDAYS.index(day) for day in slot.get("days", ())),
        )
        for slot in data.get("playlists", [])
    )
    floor = data.get("clock_floor")
    return ScheduleSettings(
        hours=hours,
        closed=data.get("closed", "dim"),
        playlists=slots,
        clock_floor=date.fromisoformat(floor) if floor else None,
    )


def _last_good(path: Path, problems: list[Problem]) -> KioskConfig:
    """The settings of the last clean ``kiosk.yaml``, with the problems of the current one."""
    saved = last_good_path(path)
    try:
        raw = read_bounded(saved, saved.name)
        if raw is None:
            return KioskConfig(problems=tuple(problems))
        doc, saved_problems = _parse(raw, saved.name)
    except (OSError, PackError) as exc:
        log.error("the last good settings %s cannot be used either: %s", saved, exc)
        return KioskConfig(problems=tuple(problems))
    note = Problem(path.name, 0, "", f"using the last good settings, saved in {saved.name}")
    return _settings(doc.data, [*problems, *saved_problems, note])


def _save_last_good(path: Path, raw: bytes) -> None:
    """Keep ``raw`` as the last good file: written to a temporary file, synced, then renamed."""
    target = last_good_path(path)
    try:
        with contextlib.suppress(PackError):  # a damaged copy is simply replaced
            if read_bounded(target, target.name) == raw:
                return  # unchanged: spare the flash a write at every start
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                os.fchmod(out.fileno(), 0o644)  # settings, not secrets: readable like kiosk.yaml
                out.write(raw)
                out.flush()
                os.fsync(out.fileno())
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:  # a read-only home: the kiosk still runs, without the safety copy
        log.warning("cannot keep a copy of the good %s: %s", path.name, exc.strerror or exc)
