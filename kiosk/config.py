"""KioskConfig: the venue's settings from ``KIOSK_HOME/kiosk.yaml``.

Loaded like a pack (typed, ``file:line: field: message`` problems). ``kiosk run`` with a broken file
logs every problem and uses defaults for the broken keys, so the screen is never left blank; other
commands refuse with exit 1 (``strict=True``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kiosk.content import schema
from kiosk.content.problems import PackError, Problem
from kiosk.content.validate import DEFAULT_LINK_HOSTS, schema_problems
from kiosk.content.yamlsafe import read_yaml

log = logging.getLogger("kiosk.config")

DEFAULT_WATCH = ("/media/*/", "/media/*/*/", "/run/media/*/*/")
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
        "watch": {"type": "array", "items": {"type": "string"}},
        "verify": {"type": "boolean"},
        "venue_name": {"type": "string", "maxLength": 60},
        "memory_limit_mb": {"type": "integer", "minimum": 64},  # RSS ceiling: restart above it
    },
}


@dataclass(frozen=True)
class KioskConfig:
    """The settings of one kiosk. ``venue=None`` plays every slide."""

    venue: str | None = None
    languages: tuple[str, ...] = ("en",)
    idle_seconds: int | None = None  # None: the pack's value, else 45
    link_hosts: tuple[str, ...] = DEFAULT_LINK_HOSTS
    watch: tuple[str, ...] = DEFAULT_WATCH
    verify: bool = True
    venue_name: str = ""
    memory_limit_mb: int | None = None  # None: no ceiling (kiosk.ui.selfcheck restarts above it)
    problems: tuple[Problem, ...] = field(default=(), compare=False)


def load_config(path: Path, *, strict: bool) -> KioskConfig:
    """Read ``kiosk.yaml``; a missing file means all defaults.

    Args:
        path: the file to read.
        strict: raise on any problem (CLI commands) instead of falling back per key (``kiosk run``).

    Raises:
        PackError: when ``strict`` and the file has problems (nothing else, ever; and nothing at
            all when not ``strict``: a kiosk in public must start).
    """
    try:
        return _load(path, strict)
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


def _load(path: Path, strict: bool) -> KioskConfig:
    config = KioskConfig()
    name = path.name
    try:
        if not path.exists():
            return config
        doc = read_yaml(path.read_bytes(), name)
    except OSError as exc:
        problems = [Problem(name, 0, "", f"cannot be read: {exc.strerror}")]
        if strict:
            raise PackError(problems) from None
        return replace(config, problems=tuple(problems))
    except PackError as exc:
        if strict:
            raise
        return replace(config, problems=tuple(exc.problems))
    data = doc.data if doc.data is not None else {}
    problems = schema_problems(doc, CONFIG_SCHEMA)
    if strict and problems:
        raise PackError(problems)
    if not isinstance(data, dict):
        return replace(config, problems=tuple(problems))
    broken = {p.field.split(".")[0].split("[")[0] for p in problems}
    good = {k: v for k, v in data.items() if k not in broken and k in CONFIG_SCHEMA["properties"]}
    for key in ("languages", "link_hosts", "watch"):
        if key in good:
            good[key] = tuple(good[key])
    if "idle_seconds" in good:  # JSON Schema counts 30.0 as an integer; timers want an int
        good["idle_seconds"] = int(good["idle_seconds"])
    return replace(config, problems=tuple(problems), **good)
