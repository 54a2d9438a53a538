"""What the staff panel shows, in words, as plain data (no Qt; the bridge hands it to QML).

Every function reads the same records the command line reads (``PackStore``, the inbox memory,
the trusted keys, :class:`~kiosk.ops.health.Health`) and returns lists and dicts of strings, so
the panel and ``kiosk status`` cannot disagree, and QML only lays them out.
"""

from __future__ import annotations

import logging
import re
import shutil
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.common.problems import PackError
from kiosk.content import records
from kiosk.content.model import Localized, Pack
from kiosk.content.words import clean_key_name, clean_name
from kiosk.intake import signing, trust
from kiosk.intake.install import InstallResult
from kiosk.intake.store import PackStore
from kiosk.ops import inbox
from kiosk.ops.health import Health, rss_mb

log = logging.getLogger(__name__)

NOTICE_SECONDS = 10
# The installer's reason on a panel row: room for "pack.yaml:12: hotlines[0].number: …", never a
# screenful (it quotes names from inside the archive).
DETAIL_LIMIT = 160
_REVIEW_WORDS = {
    "draft": "draft (not reviewed)",
    "awaiting-review": "awaiting review",
    "approved": "approved",
}

_STATUS_WORDS = {
    "installed": "installed",
    "unchanged": "already here",
    "refused": "not installed",
    "retrying": "trying again",
    "new": "not checked yet",
}


def grouped(fingerprint: str) -> str:
    """A fingerprint in groups of four, as people compare it by eye."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def key_file_name(name: str) -> str:
    """A key file's name, as staff may read it beside a fingerprint: cleaned, hex runs masked.

    The name is the stick's words, not the key's: ``a1b2c3d4e5f6a7b8.pub`` could name another
    key's fingerprint, and so could Cyrillic or full-width look-alikes of its digits
    (:func:`~kiosk.content.words.clean_key_name`).
    """
    return clean_key_name(name)


def key_name(key: signing.TrustedKey) -> str:
    """A trusted key's name: its key id (computed, shown as it is) or a file's name (masked)."""
    return key.name if key.name == key.key_id else key_file_name(key.name)


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def signer_parts(store: PackStore, pack: Pack) -> tuple[str, str, str]:
    """Who signed an installed pack, as (kind, name, fingerprint) for QML to word.

    ``kind`` is "key" (a trusted key: its name and fingerprint), "untrusted" (a key no longer
    trusted: its key id as the name) or "unknown" (no readable signature).
    """
    sig = store.pack_dir(trust.PackRef(pack.id, pack.version)) / trust.SIGNATURE
    try:
        kid, _ = trust.parse_signature(sig.read_bytes()[:4096])
    except (OSError, PackError):
        return "unknown", "", ""
    known = {k.key_id: k for k in store.trusted_keys()}
    key = known.get(kid)
    if key is None:
        return "untrusted", kid, ""
    return "key", key_name(key), key.fingerprint


def _text(value: Any, language: str) -> str:
    """A publisher as text, whether the model gives a string, a Localized or an object with one.

    The ``publisher`` field is added to the pack model by another change; its final shape
    (a plain name, a :class:`Localized`, or a record with a ``name``) is read here either way.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Localized | dict):
        return str(value.get(language, ""))
    name = getattr(value, "name", None)
    return _text(name, language) if name is not None else ""


def live_info(
    store: PackStore, pack: Pack, *, bundled: bool, language: str | None = None
) -> dict[str, str]:
    """The pack on screen: title, id, version, publisher, signer and review status.

    The pack's texts are in ``language`` (the one on screen; default the pack's first).
    ``signer`` and ``review`` are English words (for a kind QML does not know); QML words
    ``signerKind`` ("bundled", "key", "untrusted", "unknown") with ``signerName``, and
    ``reviewStatus`` (the pack's ``review.status``).
    """
    language = language or pack.languages[0]
    if bundled:
        kind, name, fingerprint = "bundled", "", ""
        signer = "the app itself (bundled, not signed)"
    else:
        kind, name, fingerprint = signer_parts(store, pack)
        signer = f"key {name} (no longer trusted)" if kind == "untrusted" else name
    # Packs gain an optional `publisher` in another change; read it when the model has it.
    publisher: Any = getattr(pack, "publisher", None)
    publisher_text = _text(publisher, language)
    return {
        "title": pack.title.get(language, pack.id),
        "id": pack.id,
        "version": pack.version,
        "publisher": publisher_text,
        "signer": signer or "unknown",
        "signerKind": kind,
        "signerName": name,
        "fingerprint": grouped(fingerprint),
        "review": _REVIEW_WORDS.get(pack.review_status, pack.review_status),
        "reviewStatus": pack.review_status,
        "bundled": "yes" if bundled else "",
    }


def playing_parts(venue: str | None, slide: str) -> dict[str, str]:
    """What the loop plays, for QML to word: the venue ("" for all venues) and the slide's id."""
    return {"venue": venue or "", "slide": slide}


def installed(store: PackStore, bundled: Pack) -> list[dict[str, Any]]:
    """Every installed pack and the bundled one, each with whether it is live."""
    active = store.active()
    rows: list[dict[str, Any]] = [
        {
            "id": bundled.id,
            "version": bundled.version,
            "label": f"{bundled.id} {bundled.version} (bundled)",
            "live": active.builtin or (active.live is None and not store.list_installed()),
            "bundled": True,
        }
    ]
    rows += [
        {
            "id": p.id,
            "version": p.version,
            "label": f"{p.id} {p.version}",
            "live": p.live and not active.builtin,
            "bundled": False,
        }
        for p in store.list_installed()
    ]
    return rows


def found_packs(home: Path, watch: Iterable[str]) -> list[dict[str, str]]:
    """``.kpack`` files in the inbox and on sticks, with what the kiosk made of each."""
    rows = []
    for path, origin, status, message in inbox.last_outcomes(home, watch):
        # The file's name and the installer's reason (which quotes names from inside the
        # archive) are the stick's words: cleaned to one bounded line each (docs/security.md).
        detail = clean_name(found_reason(message, path.name), DETAIL_LIMIT) if message else ""
        rows.append(
            {
                "name": clean_name(path.name),
                "path": str(path),  # for the Install button only; never shown
                "where": "USB stick" if origin == "media" else "drop folder",
                "origin": origin,  # "media" (a stick) or "inbox" (the drop folder), for QML
                "status": status,
                "words": _found_words(status, detail),
                # The installer's own reason (English, as in the log), after QML's status word.
                "detail": detail if detail != _STATUS_WORDS.get(status, status) else "",
            }
        )
    return rows


# The installer's words for a file refused for being no pack at all: "refused NAME: NAME:0: …",
# and the same shortened in the middle (the inbox keeps 200 characters of a message).
_OWN_NAME_TWICE = re.compile(r"refused (?P<name>.+): (?P=name):\d+: ")
_SHORTENED = re.compile(r"refused .*\u2026.*\.kpack:\d+: ")


def found_reason(message: str, file_name: str) -> str:
    """The installer's reason for a found file, without the file's name.

    The installer names the file once or twice before its reason ("refused NAME: NAME:0: is not
    a content pack: …"). The row shows the name on a line of its own and caps its lines, so a
    long name said again filled the row and the reason was cut off. ``message`` is as the inbox
    remembers it (cleaned); a message that does not start so is given whole.
    """
    twice = _OWN_NAME_TWICE.match(message) or _SHORTENED.match(message)
    if twice:
        return message[twice.end() :]
    for prefix in (f"refused {clean_name(file_name, limit=1_000)}: ", "installed "):
        if message.startswith(prefix) and len(message) > len(prefix):
            return message[len(prefix) :]
    return message


def _found_words(status: str, message: str) -> str:
    words = _STATUS_WORDS.get(status, status)
    return f"{words}: {message}" if message and message != words else words


def stick_keys(store: PackStore, watch: Iterable[str]) -> list[dict[str, str]]:
    """``.pub`` files beside the packs, with their fingerprints, for a trust decision."""
    trusted = {k.key_id for k in store.trusted_keys()}
    rows = []
    for path, origin in inbox.find_public_keys(store.home, watch):
        try:
            key = signing.load_public_key(path)
        except (OSError, PackError):
            continue
        rows.append(
            {
                # The file's name, never mistaken for a fingerprint (see key_file_name).
                "name": key_file_name(path.stem),
                "path": str(path),  # for the Trust button only; never shown
                "where": "USB stick" if origin == "media" else "drop folder",
                "origin": origin,
                "keyId": trust.key_id(key),
                "fingerprint": trust.key_fingerprint(key),
                "fingerprintText": grouped(trust.key_fingerprint(key)),
                "trusted": "yes" if trust.key_id(key) in trusted else "",
            }
        )
    return rows


def trusted_keys(store: PackStore) -> list[dict[str, str]]:
    """The trusted keys: name, key id, fingerprint and when added (the file's time)."""
    rows = []
    for key in store.trusted_keys():
        try:
            added = _when(key.path.stat().st_mtime)
        except OSError:
            added = "?"
        rows.append(
            {
                "name": key_name(key),
                "keyId": key.key_id,
                "fingerprint": key.fingerprint,
                "fingerprintText": grouped(key.fingerprint),
                "added": added,
            }
        )
    return rows


def health_rows(
    health: Health | None, home: Path, now: float | None = None, *, guard_note: str = ""
) -> list[dict[str, Any]]:
    """Uptime, memory, disk free, last error and last self-check, as label/value pairs.

    ``label`` and ``value`` are English (the words for a ``kind`` QML does not know); QML words
    each row from its ``kind`` and numbers in the language on screen:

    - ``uptime``: ``days``, ``hours``, ``minutes``;
    - ``memory``: ``mb`` (-1: unknown); ``disk``: ``gb`` (text with one decimal; "": unknown);
    - ``error``: ``text``, the reason the kiosk gave ("": none);
    - ``selfCheck``: ``at`` (a UTC time, "" before the first), ``ok``, ``expected`` and
      ``found`` (the addresses the QR should read and did read);
    - ``guard``: ``text``, why the crash-loop guard set the live pack aside.
    """
    now = time.time() if now is None else now
    rows: list[dict[str, Any]] = []
    if health is not None:
        up = max(0, int(now - health.started))
        days, hours, minutes = up // 86400, up % 86400 // 3600, up % 3600 // 60
        rows.append(
            {
                "kind": "uptime",
                "days": days,
                "hours": hours,
                "minutes": minutes,
                "label": "Running for",
                "value": f"{days} d {hours} h {minutes} min",
            }
        )
    rss = rss_mb()
    rows.append(
        {
            "kind": "memory",
            "mb": round(rss) if rss is not None else -1,
            "label": "Memory",
            "value": f"{rss:.0f} MB" if rss is not None else "unknown",
        }
    )
    try:
        free = f"{shutil.disk_usage(home).free / 1e9:.1f}"
    except OSError:
        free = ""
    rows.append(
        {
            "kind": "disk",
            "gb": free,
            "label": "Disk free",
            "value": f"{free} GB" if free else "unknown",
        }
    )
    if health is not None:
        rows.append(
            {
                "kind": "error",
                "text": health.last_error,
                "label": "Last error",
                "value": health.last_error or "none",
            }
        )
        check = health.last_self_check
        rows.append(
            {
                "kind": "selfCheck",
                "at": _when(check.at) if check else "",
                "ok": check.ok if check else False,
                "expected": check.expected if check else "",
                "found": ", ".join(check.found) if check else "",
                "label": "Last self-check",
                "value": f"{_when(check.at)}: {check.describe()}" if check else "not yet",
            }
        )
    if guard_note:  # the crash-loop guard set the live pack aside at this start
        rows.append(
            {"kind": "guard", "text": guard_note, "label": "Crash-loop guard", "value": guard_note}
        )
    sync = sync_row(home, now)
    if sync is not None:
        rows.append(sync)
    return rows


def sync_row(home: Path, now: float) -> dict[str, Any] | None:
    """The last fleet sync, from ``sync-status.json`` (written by ``kiosk.fleet.sync``), or None.

    Kind ``sync``: ``result``, ``at`` (UTC), ``text`` (the reason), ``expired`` (the repository's
    timestamp this kiosk last trusted has expired: updates stop until the publisher re-signs;
    the live pack stays). QML words it from ``label``/``value`` for now.
    """
    data = records.read_json(home / "sync-status.json", limit=64_000)
    if not isinstance(data, dict) or not isinstance(data.get("result"), str):
        return None
    result = clean_name(data["result"], 20)
    reason = clean_name(str(data.get("reason") or ""), DETAIL_LIMIT)
    at = clean_name(str(data.get("last_attempt") or "?"), 40)
    expires = data.get("timestamp_expires")
    expired = False
    if isinstance(expires, str):
        try:
            expired = datetime.fromisoformat(expires.replace("Z", "+00:00")).timestamp() < now
        except ValueError:
            expired = False
    value = f"{result} at {at}: {reason}"
    if expired:
        value += " (the repository's timestamp has expired: no updates until it is re-signed)"
    return {
        "kind": "sync",
        "result": result,
        "at": at,
        "text": reason,
        "expired": expired,
        "label": "Fleet sync",
        "value": value,
    }


def notice_parts(result: InstallResult, title: str) -> dict[str, str]:
    """The staff notice's pieces, for QML to put in the words of the language on screen.

    The notice is on the public screen, so it says what happened in the kiosk's own words and
    never names a file: a file's name is whatever the stick's owner typed ("numbers below are out
    of service, call …"). The only outside text it may hold is ``title``, the title of a pack
    whose signature and content were checked (the live pack, or the installed one offered again),
    cleaned and capped like a name.

    Kinds: "installed" and "already" (with ``title`` and ``version``; ``title`` "" when none is
    known, which QML words without one), "refused" (with ``where``: "media" or "inbox"),
    "pulled" (a stick removed mid-copy), "copyAgain" (a drop-folder file gone mid-copy), or ""
    (nothing to say: a retry on its own, e.g. another install was running).
    """
    ref = result.pack
    version = ref.version if ref else ""
    shown = clean_name(title) if title.strip() else ""
    if result.status == "installed":
        return {"kind": "installed", "title": shown, "version": version if shown else ""}
    if result.status == "unchanged":
        return {"kind": "already", "title": shown, "version": version if shown else ""}
    if result.status != "refused":
        return {"kind": ""}
    inbox_file = Path(result.source).parent.name == "inbox"  # KIOSK_HOME/inbox
    if result.cause == "source":
        # Not the pack's fault and retried when it is back; staff must know to plug it in again.
        return {"kind": "copyAgain" if inbox_file else "pulled"}
    if result.transient:
        return {"kind": ""}
    return {"kind": "refused", "where": "inbox" if inbox_file else "media"}


_NOTICE_WORDS = {
    "installed": "A new content pack is now showing",
    "already": "This content pack is already installed",
    "pulled": "Not installed: the USB stick was removed during the copy; plug it in again",
    "copyAgain": (
        "Not installed: the file went away during the copy; copy it to the drop folder again"
    ),
    "refusedmedia": "A pack on the USB stick was refused; the staff panel says why",
    "refusedinbox": "A pack in the drop folder was refused; the staff panel says why",
}


def notice_words(parts: dict[str, str]) -> str:
    """The notice in English (the log, and QML's words for a kind it does not know)."""
    kind = parts.get("kind", "")
    title, version = parts.get("title", ""), parts.get("version", "")
    if kind == "installed" and title:
        return f"New content installed: {title} {version}".rstrip()
    if kind == "already" and title:
        return f"Already installed: {title} {version}".rstrip()
    return _NOTICE_WORDS.get(kind + parts.get("where", ""), "")


def notice_text(result: InstallResult, title: str) -> str:
    """The staff notice for one inbox or stick install ("" for nothing worth saying)."""
    return notice_words(notice_parts(result, title))
