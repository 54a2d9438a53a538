"""Signed venue messages (``.kmsg``): a notice for a venue that has no feed, signed like a pack.

A ``.kmsg`` is a zip of ``message.yaml``, an optional photo, and the pack format's ``MANIFEST``
and ``MANIFEST.sig`` (:mod:`kiosk.content.trust`): the same Ed25519 keys, the same trusted keys
(``kiosk keys trust``), the same check that every entry is listed with its size and hash. An
unsigned message, one signed by a key this kiosk does not trust, or one changed after signing
is refused. ``message.yaml``::

    id: missing-child-2026-11-30     # [a-z0-9-]; a later message with the same id replaces it
    from: 2026-11-30T14:00:00-05:00  # shown from (a time zone is required)
    until: 2026-12-01T14:00:00-05:00 # until (at most 7 days after from)
    issued: 2026-11-30T13:40:00-05:00  # optional (default: from): the newest issue wins
    sender: Example Transit Police   # optional, shown small
    call: "911"                      # optional; a number to call, checked like hotline numbers
    photo: photo.jpg                 # optional, beside message.yaml; JPEG or PNG
    text:                            # one or more languages of the kiosk
      en: {headline: "...", description: "...", instruction: "..."}
      es: {headline: "...", description: "..."}

``kiosk message build FILE.yaml --key KEY -o FILE.kmsg`` checks and signs it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from kiosk.alerts.cap import clean_text
from kiosk.alerts.reasons import Kind, Refusal, Refused
from kiosk.common.digest import sha256
from kiosk.common.problems import PackError, Problem, format_path, os_problem
from kiosk.common.yamlsafe import YamlDoc, read_yaml
from kiosk.content import files, phones, schema
from kiosk.content.validate import schema_problems
from kiosk.content.words import clean_name
from kiosk.intake import archive, trust
from kiosk.intake.ed25519 import PrivateKey, PublicKey
from kiosk.intake.signing import signature_bytes

MESSAGE_FILE = "message.yaml"
SUFFIX = ".kmsg"
MAX_MESSAGE_BYTES = 4_000_000  # the whole .kmsg: its YAML, a photo and the signature
MAX_YAML_BYTES = 64_000
MAX_PHOTO_BYTES = 3_000_000
MAX_DAYS = 7
TEXT_LIMITS = {"headline": 100, "description": 600, "instruction": 200}
_PHOTO_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.(jpg|jpeg|png)$"
# ISO 8601 with its zone: 2026-11-30T14:00:00-05:00 (seconds and their fraction optional).
_TIME = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"([+-][0-9]{2}:[0-9]{2}|Z)$"
)

_WORDS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["headline"],
    "properties": {
        name: {"type": "string", "minLength": 1, "maxLength": limit}
        for name, limit in TEXT_LIMITS.items()
    },
}
MESSAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "from", "until", "text"],
    "properties": {
        "id": schema.single_line(schema.ID_PATTERN),
        "from": schema.single_line(_TIME),
        "until": schema.single_line(_TIME),
        "issued": schema.single_line(_TIME),
        "sender": schema.single_line(r"^.{1,80}$"),
        "call": schema.single_line(schema.NUMBER_PATTERN),
        "photo": schema.single_line(_PHOTO_NAME),
        "text": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {code: _WORDS for code in schema.LANGUAGES},
        },
    },
}


@dataclass(frozen=True)
class VenueMessage:
    """A checked venue message; ``signer`` is the key id that signed it ("" before signing)."""

    id: str
    start: datetime
    end: datetime
    issued: datetime
    sender: str
    call: str
    texts: tuple[
        tuple[str, tuple[str, str, str]], ...
    ]  # language → headline, description, instruction
    photo: str  # the photo's name in the archive ("" for none)
    photo_bytes: bytes
    signer: str
    digest: str  # sha256 of the whole .kmsg


# -- reading and checking message.yaml ---------------------------------------------------------


def check_yaml(raw: bytes, name: str = MESSAGE_FILE) -> tuple[dict[str, Any], list[Problem]]:
    """The data of ``message.yaml`` and every problem with it (file, line, field, message)."""
    try:
        doc = read_yaml(raw, name)
    except PackError as exc:
        return {}, list(exc.problems)
    if doc.data is None:
        doc.data = {}
    problems = _time_problems(doc, name)
    problems += schema_problems(doc, MESSAGE_SCHEMA)
    data = doc.data if isinstance(doc.data, dict) else {}
    if problems:
        return data, problems
    start, end = datetime.fromisoformat(data["from"]), datetime.fromisoformat(data["until"])
    if end <= start:
        problems.append(_problem(doc, name, ("until",), "must be after from"))
    elif end - start > timedelta(days=MAX_DAYS):
        problems.append(_problem(doc, name, ("until",), f"is more than {MAX_DAYS} days after from"))
    call = data.get("call")
    if isinstance(call, str):
        reason = phones.number_problem(call, "call")
        if reason:
            problems.append(_problem(doc, name, ("call",), reason))
    return data, problems


def _time_problems(doc: YamlDoc, name: str) -> list[Problem]:
    """YAML reads an unquoted ``2026-11-30T14:00:00-05:00`` as a time: take it as the text meant,
    and say so when it has no time zone (the kiosk cannot guess the publisher's)."""
    problems = []
    data = doc.data if isinstance(doc.data, dict) else {}
    for key in ("from", "until", "issued"):
        value = data.get(key)
        if isinstance(value, datetime):
            if value.tzinfo is None:
                message = "needs its time zone, e.g. 2026-11-30T14:00:00-05:00"
                problems.append(_problem(doc, name, (key,), message))
            data[key] = value.isoformat()
    return problems


def _problem(doc: YamlDoc, name: str, where: tuple[str | int, ...], message: str) -> Problem:
    return Problem(name, doc.line(where), format_path(where), message)


def message_from(
    data: Mapping[str, Any], photo_bytes: bytes, *, signer: str, digest: str
) -> VenueMessage:
    """A :class:`VenueMessage` from checked data; every text cleaned and bounded again."""
    start = datetime.fromisoformat(data["from"])

    def clean(words: Mapping[str, Any], key: str) -> str:
        return clean_text(str(words.get(key, "")), TEXT_LIMITS[key])

    texts = tuple(
        (code, (clean(w, "headline"), clean(w, "description"), clean(w, "instruction")))
        for code, w in data["text"].items()
    )
    return VenueMessage(
        id=data["id"],
        start=start,
        end=datetime.fromisoformat(data["until"]),
        issued=datetime.fromisoformat(data["issued"]) if "issued" in data else start,
        sender=clean_text(str(data.get("sender", "")), 80),
        call=str(data.get("call", "")),
        texts=texts,
        photo=str(data.get("photo", "")),
        photo_bytes=photo_bytes,
        signer=signer,
        digest=digest,
    )


# -- building -----------------------------------------------------------------------------------


def build(source: Path, key: PrivateKey, out: Path) -> VenueMessage:
    """Check ``source`` (a ``message.yaml`` and the photo it names, beside it) and write the
    signed ``out``.

    Raises:
        PackError: every problem with the YAML or the photo, or the archive could not be written.
    """
    try:
        with files.open_plain_file(source, follow_symlinks=True) as fh:
            raw = fh.read(MAX_YAML_BYTES + 1)
    except OSError as exc:
        raise PackError([os_problem(str(source), exc, "read it")]) from None
    if len(raw) > MAX_YAML_BYTES:
        raise PackError([Problem(source.name, 0, "", f"is over {MAX_YAML_BYTES:,} bytes")])
    data, problems = check_yaml(raw, source.name)
    photo = b""
    if not problems and data.get("photo"):
        photo, problems = _read_photo(source.parent / data["photo"], data["photo"])
    if problems:
        raise PackError(problems)
    entries: dict[str, bytes] = {MESSAGE_FILE: raw}
    if photo:
        entries[data["photo"]] = photo
    manifest = trust.manifest_bytes(
        trust.Entry(sha256(content).hexdigest(), len(content), name)
        for name, content in sorted(entries.items())
    )
    entries[trust.MANIFEST] = manifest
    entries[trust.SIGNATURE] = signature_bytes(manifest, key)
    try:
        archive.write_zip(out, dict(entries))
    except OSError as exc:
        raise PackError([os_problem(str(out), exc, "write the message")]) from None
    body = out.read_bytes()
    return message_from(data, photo, signer=trust.key_id(key.public_key()), digest=_sha(body))


def _read_photo(path: Path, name: str) -> tuple[bytes, list[Problem]]:
    from kiosk.alerts.photo import prepare  # Pillow: only when a photo is there

    try:
        with files.open_plain_file(path, follow_symlinks=True) as fh:
            raw = fh.read(MAX_PHOTO_BYTES + 1)
    except OSError as exc:
        return b"", [os_problem(name, exc, "read the photo")]
    if len(raw) > MAX_PHOTO_BYTES:
        return b"", [Problem(name, 0, "", f"is over {MAX_PHOTO_BYTES:,} bytes")]
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        try:
            prepare(raw, Path(scratch))
        except Refused as exc:
            return b"", [Problem(name, 0, "", exc.refusal.detail)]
    return raw, []


def _sha(data: bytes) -> str:
    return sha256(data).hexdigest()


# -- verifying a .kmsg ------------------------------------------------------------------------


def read(fh: BinaryIO, label: str, keys: Mapping[str, PublicKey]) -> VenueMessage:
    """Verify and read the ``.kmsg`` open as ``fh`` (a file on disk, read from that descriptor
    alone: the intake copies a stick's file into the home first).

    Raises:
        Refused: ``oversized``, ``unsigned`` (no signature, one that does not match, an entry
            not listed or changed), ``untrusted`` (a key this kiosk does not trust) or
            ``malformed`` (not a zip, a ``message.yaml`` with problems).
    """
    try:
        size = os.fstat(fh.fileno()).st_size
        fh.seek(0)
        raw = fh.read(MAX_MESSAGE_BYTES + 1)
    except OSError as exc:
        raise Refused(Refusal("unreadable", clean_name(exc.strerror or str(exc), 120))) from None
    if max(size, len(raw)) > MAX_MESSAGE_BYTES:
        raise Refused(Refusal("oversized", f"over {MAX_MESSAGE_BYTES:,} bytes"))
    try:
        with archive.Archive(fh, label) as zf:
            manifest = zf.read(trust.MANIFEST, 64_000)
            signature = zf.read(trust.SIGNATURE, 1_024)
            if signature is None:
                raise Refused(Refusal("unsigned", "it has no signature (MANIFEST.sig)"))
            signer, _ = trust.parse_signature(signature)
            if signer not in keys:
                raise Refused(
                    Refusal("untrusted", f"signed by key {signer}, which this kiosk does not trust")
                )
            _, listed = trust.check_signature(manifest, signature, keys)
            problems = trust.check_listing(listed, zf.files, zf.folders)
            if problems:
                raise Refused(Refusal("unsigned", clean_name(problems[0].message, 160)))
            contents = {}
            for entry in listed:
                content = (
                    zf.read(
                        entry.path,
                        MAX_YAML_BYTES if entry.path == MESSAGE_FILE else MAX_PHOTO_BYTES,
                    )
                    or b""
                )
                problem = trust.check_entry_digest(entry, _sha(content))
                if problem is not None:
                    raise Refused(
                        Refusal(
                            "unsigned", f"{clean_name(entry.path, 60)} was changed after signing"
                        )
                    )
                contents[entry.path] = content
    except PackError as exc:
        first = exc.problems[0] if exc.problems else None
        text = clean_name(first.message if first else "cannot be read", 160)
        signed = first is not None and first.file in trust.SIGNED_FILES
        kind: Kind = "unsigned" if signed else "malformed"
        raise Refused(Refusal(kind, text)) from None
    if MESSAGE_FILE not in contents:
        raise Refused(Refusal("malformed", f"it holds no {MESSAGE_FILE}"))
    data, problems = check_yaml(contents[MESSAGE_FILE])
    if problems:
        raise Refused(Refusal("malformed", clean_name(str(problems[0]), 160)))
    photo_name = str(data.get("photo", ""))
    if photo_name and photo_name not in contents:
        raise Refused(Refusal("malformed", f"its photo {clean_name(photo_name, 60)} is not in it"))
    return message_from(data, contents.get(photo_name, b""), signer=signer, digest=_sha(raw))
