"""What the staff panel shows, in words, as plain data (no Qt; the bridge hands it to QML).

Every function reads the same records the command line reads (``PackStore``, the inbox memory,
the trusted keys, :class:`~kiosk.ops.health.Health`) and returns lists and dicts of strings, so
the panel and ``kiosk status`` cannot disagree, and QML only lays them out.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.content import signing, trust
from kiosk.content.install import InstallResult
from kiosk.content.model import Localized, Pack
from kiosk.content.problems import PackError
from kiosk.content.store import PackStore
from kiosk.ops import inbox
from kiosk.ops.health import Health, rss_mb

log = logging.getLogger(__name__)

NOTICE_SECONDS = 10

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


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def signer_of(store: PackStore, pack: Pack) -> tuple[str, str]:
    """The name and fingerprint of the key that signed an installed pack ("" when unknown)."""
    sig = store.pack_dir(trust.PackRef(pack.id, pack.version)) / trust.SIGNATURE
    try:
        kid, _ = trust.parse_signature(sig.read_bytes()[:4096])
    except (OSError, PackError):
        return "", ""
    known = {k.key_id: k for k in store.trusted_keys()}
    key = known.get(kid)
    if key is None:
        return f"key {kid} (no longer trusted)", ""
    return key.name, key.fingerprint


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


def live_info(store: PackStore, pack: Pack, *, bundled: bool) -> dict[str, str]:
    """The pack on screen: title, id, version, publisher, signer and review status."""
    language = pack.languages[0]
    signer, fingerprint = ("the app itself (bundled, not signed)", "") if bundled else ("", "")
    if not bundled:
        signer, fingerprint = signer_of(store, pack)
    # Packs gain an optional `publisher` in another change; read it when the model has it.
    publisher: Any = getattr(pack, "publisher", None)
    publisher_text = _text(publisher, language)
    return {
        "title": pack.title.get(language, pack.id),
        "id": pack.id,
        "version": pack.version,
        "publisher": publisher_text,
        "signer": signer or "unknown",
        "fingerprint": grouped(fingerprint),
        "review": _REVIEW_WORDS.get(pack.review_status, pack.review_status),
        "bundled": "yes" if bundled else "",
    }


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
    return [
        {
            "name": path.name,
            "path": str(path),
            "where": "USB stick" if origin == "media" else "drop folder",
            "status": status,
            "words": _found_words(status, message),
        }
        for path, origin, status, message in inbox.last_outcomes(home, watch)
    ]


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
                "name": path.stem,
                "path": str(path),
                "where": "USB stick" if origin == "media" else "drop folder",
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
                "name": key.name,
                "keyId": key.key_id,
                "fingerprint": key.fingerprint,
                "fingerprintText": grouped(key.fingerprint),
                "added": added,
            }
        )
    return rows


def health_rows(
    health: Health | None, home: Path, now: float | None = None, *, guard_note: str = ""
) -> list[dict[str, str]]:
    """Uptime, memory, disk free, last error and last self-check, as label/value pairs."""
    now = time.time() if now is None else now
    rows = []
    if health is not None:
        up = max(0, int(now - health.started))
        rows.append(
            {
                "label": "Running for",
                "value": f"{up // 86400} d {up % 86400 // 3600} h {up % 3600 // 60} min",
            }
        )
    rss = rss_mb()
    rows.append({"label": "Memory", "value": f"{rss:.0f} MB" if rss is not None else "unknown"})
    try:
        free = shutil.disk_usage(home).free / 1e9
        rows.append({"label": "Disk free", "value": f"{free:.1f} GB"})
    except OSError:
        rows.append({"label": "Disk free", "value": "unknown"})
    if health is not None:
        rows.append({"label": "Last error", "value": health.last_error or "none"})
        check = health.last_self_check
        rows.append(
            {
                "label": "Last self-check",
                "value": f"{_when(check.at)}: {check.describe()}" if check else "not yet",
            }
        )
    if guard_note:  # the crash-loop guard set the live pack aside at this start
        rows.append({"label": "Crash-loop guard", "value": guard_note})
    return rows


def notice_text(result: InstallResult, title: str) -> str:
    """The staff notice for one inbox or stick install ("" for nothing worth saying)."""
    if result.status == "installed":
        what = title or (str(result.pack) if result.pack else Path(result.source).name)
        version = result.pack.version if result.pack else ""
        return f"New content installed: {what} {version}".rstrip()
    if result.status == "unchanged":
        # The same pack again (a stick plugged in twice, a copy in the drop folder).
        ref = result.pack
        what = title or (ref.id if ref else Path(result.source).name)
        return f"Already installed: {what} {ref.version if ref else ''}".rstrip()
    if result.status == "refused" and result.cause == "source":
        # Not the pack's fault and retried when it is back; staff must know to plug it in again.
        name = Path(result.source).name
        if Path(result.source).parent.name == "inbox":  # KIOSK_HOME/inbox
            return f"Not installed: {name} went away while it was being copied; copy it again"
        return f"Not installed: the stick was removed while copying {name}; plug it in again"
    if result.status == "refused" and not result.transient:
        what = str(result.pack) if result.pack else Path(result.source).name
        return f"Not installed: {what} (see the staff panel)"
    return ""


def notice_parts(result: InstallResult, title: str) -> dict[str, str]:
    """The staff notice's pieces, for QML to put in the words of the language on screen.

    ``kind`` follows :func:`notice_text`'s cases: "installed" and "already" (with ``title`` and
    ``version``), "refused", "pulled" (a stick removed mid-copy) and "copyAgain" (a drop-folder
    file gone mid-copy), the last three with ``file``; "" when there is nothing to say. QML
    shows :func:`notice_text` (English) for a kind it does not know.
    """
    if not notice_text(result, title):
        return {"kind": ""}
    ref = result.pack
    name = Path(result.source).name
    if result.status == "installed":
        what = title or (str(ref) if ref else name)
        return {"kind": "installed", "title": what, "version": ref.version if ref else ""}
    if result.status == "unchanged":
        what = title or (ref.id if ref else name)
        return {"kind": "already", "title": what, "version": ref.version if ref else ""}
    if result.cause == "source":
        inbox = Path(result.source).parent.name == "inbox"
        return {"kind": "copyAgain" if inbox else "pulled", "file": name}
    return {"kind": "refused", "file": str(ref) if ref else name}
