"""Which documents already passed their schema, so that ``kiosk run`` can skip that one pass.

The schema pass (jsonschema, with referencing and rpds) is the costliest import before the
kiosk's first frame: ~60 ms and ~9 MB resident, for a pack and a ``kiosk.yaml`` that are the same
day after day. The record holds one digest per (schema, document) that passed: SHA-256 over the
schema and the document's parsed data, both as canonical JSON. A document whose data changed in
any way, or a schema changed in any rule, gives another digest and is checked again; jsonschema
itself implements a fixed draft (2020-12), so the schema's text is what decides. Only the schema
pass is skipped: every other rule (links, numbers, languages, files, limits) runs on every load.

Pure: :func:`read_passes` and :func:`write_passes` are the only I/O, on ``KIOSK_HOME``'s
``schema-passed.json``; a missing or damaged file is an empty record (everything is checked).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiosk.common.digest import sha256
from kiosk.common.distinfo import installed_version
from kiosk.content import records

log = logging.getLogger(__name__)

FILE_NAME = "schema-passed.json"
KEEP = 256  # digests kept, newest last: a pack's few files, several packs, kiosk.yaml's versions


def _canonical(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


class SchemaPasses:
    """The digests of (schema, document data) pairs that passed the schema with no problem."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self._known = list(dict.fromkeys(known))[-KEEP:]
        self._schemas: dict[int, tuple[dict[str, Any], bytes]] = {}
        self.changed = False

    def digest(self, schema: dict[str, Any], data: Any) -> str | None:
        """The pair's digest; None when the data has no canonical JSON form (never skipped)."""
        kept = self._schemas.get(id(schema))
        if kept is None or kept[0] is not schema:
            # jsonschema's version too: a newer one may judge the same schema otherwise.
            validator = (installed_version("jsonschema") or "").encode()
            kept = (schema, sha256(validator + b"\0" + _canonical(schema)).digest())
            self._schemas[id(schema)] = kept
        try:
            text = _canonical(data)
        except (TypeError, ValueError):  # e.g. mixed key types, NaN: let the schema pass judge
            return None
        return sha256(kept[1] + b"\0" + text).hexdigest()

    def passed(self, schema: dict[str, Any], data: Any) -> bool:
        """True when exactly this data passed exactly this schema before."""
        digest = self.digest(schema, data)
        return digest is not None and digest in self._known

    def add(self, schema: dict[str, Any], data: Any) -> None:
        """Record that ``data`` passed ``schema``."""
        digest = self.digest(schema, data)
        if digest is None or digest in self._known:
            return
        self._known = [*self._known, digest][-KEEP:]
        self.changed = True

    def to_json(self) -> dict[str, Any]:
        return {"version": 1, "passed": list(self._known)}


def read_passes(home: Path) -> SchemaPasses:
    """The record in ``home``; an empty one when it is missing or damaged."""
    data = records.read_json(home / FILE_NAME, limit=100_000)
    if not isinstance(data, dict) or data.get("version") != 1:
        return SchemaPasses()
    known = data.get("passed")
    if not isinstance(known, list):
        return SchemaPasses()
    return SchemaPasses(d for d in known if isinstance(d, str) and len(d) == 64)


def write_passes(home: Path, passes: SchemaPasses) -> None:
    """Save the record if it changed; a failure is logged (the next start checks again)."""
    if not passes.changed:
        return
    try:
        records.write_json_atomic(home / FILE_NAME, passes.to_json())
        passes.changed = False
    except OSError as exc:
        log.warning("cannot save %s: %s", FILE_NAME, exc.strerror or exc)
