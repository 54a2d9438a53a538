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
import logging
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kiosk.content import phones, schema
from kiosk.content.problems import PackError, Problem, format_path
from kiosk.content.validate import DEFAULT_LINK_HOSTS, schema_problems
from kiosk.content.yamlsafe import MAX_BYTES, YamlDoc, read_yaml

log = logging.getLogger("kiosk.config")

DEFAULT_WATCH = ("/media/*/", "/media/*/*/", "/run/media/*/*/")
LAST_GOOD_SUFFIX = ".last-good"
_INTERNAL_ERROR = "internal error while reading the settings (details in the log)"

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
        # Two languages on the attract loop: one slide each (the default), or both on each slide.
        "language_layout": {"enum": ["alternate", "together"]},
    },
}


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
    language_layout: str = "alternate"  # see docs/architecture.md, "Languages"
    problems: tuple[Problem, ...] = field(default=(), compare=False)


def last_good_path(path: Path) -> Path:
    """Where ``kiosk run`` keeps a copy of the last ``kiosk.yaml`` that read cleanly."""
    return path.with_name(path.name + LAST_GOOD_SUFFIX)


def load_config(path: Path, *, strict: bool, keep_last_good: bool = False) -> KioskConfig:
    """Read ``kiosk.yaml``; a missing, empty or comment-only file means all defaults.

    Args:
        path: the file to read.
        strict: raise on any problem (CLI commands) instead of falling back per key (``kiosk run``).
        keep_last_good: ``kiosk run`` only: save a clean file as :func:`last_good_path`, and when
            the file cannot be read as YAML at all, use the settings saved there.

    Raises:
        PackError: when ``strict`` and the file has problems (nothing else, ever; and nothing at
            all when not ``strict``: a kiosk in public must start).
    """
    try:
        return _load(path, strict, keep_last_good)
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


def _parse(raw: bytes, name: str) -> tuple[YamlDoc, list[Problem]]:
    """The document and its problems; empty or comment-only text is an empty mapping."""
    doc = read_yaml(raw, name)
    if doc.data is None:
        doc.data = {}
    numbers = doc.data.get("hotline_numbers") if isinstance(doc.data, dict) else None
    if isinstance(numbers, list):  # YAML reads an unquoted 911 as a number: take it as meant
        numbers[:] = [str(n) if type(n) is int and n >= 0 else n for n in numbers]
    problems = schema_problems(doc, CONFIG_SCHEMA)
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


def _load(path: Path, strict: bool, keep_last_good: bool) -> KioskConfig:
    config = KioskConfig()
    name = path.name
    try:
        raw = read_bounded(path, name)
        if raw is None:
            return config
        doc, problems = _parse(raw, name)
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
    if "idle_seconds" in good:  # JSON Schema counts 30.0 as an integer; timers want an int
        good["idle_seconds"] = int(good["idle_seconds"])
    return replace(config, **good)


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
