"""What the staff panel shows, as messages (no Qt; the panel's bridge words and lays them out).

:func:`read_panel` reads what ``kiosk status`` reads (:func:`kiosk.ops.status.read_status`) and
the kiosk's health into a :class:`PanelView` (small files of the kiosk's own: fast);
:func:`read_found` looks at the drop folder and the USB sticks (:class:`Found`), which may be
slow, so the bridge calls it off the GUI thread. Every line is a
:class:`~kiosk.common.message.Message`, worded in the language on screen by the bridge through
:mod:`kiosk.ops.staff_words`.

The corner notice (:func:`notice`) and an action's outcome (:func:`install_outcome`) are
messages too: the log words them in English, the screen in its language.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.common.message import Message
from kiosk.common.problems import PackError, reason
from kiosk.content import records
from kiosk.content.model import Pack
from kiosk.content.words import clean_name
from kiosk.intake import signing, trust
from kiosk.intake.install import InstallResult
from kiosk.intake.store import PackStore
from kiosk.intake.trust import PackRef
from kiosk.ops import inbox
from kiosk.ops.health import Health, rss_mb
from kiosk.ops.status import (
    KioskStatus,
    LiveStatus,
    grouped,
    key_file_name,
    read_status,
)

log = logging.getLogger(__name__)

NOTICE_SECONDS = 10
NAME_LIMIT = 160  # a file's name on a panel row: room for a long one, never a screenful

_REVIEW = {
    "draft": "reviewDraft",
    "awaiting-review": "reviewAwaiting",
    "approved": "reviewApproved",
}
_VENUES = {
    "any": "venueAny",
    "transit": "venueTransit",
    "hotel": "venueHotel",
    "rest-stop": "venueRestStop",
    "retail": "venueRetail",
}
_FOUND = {
    "installed": "foundInstalled",
    "unchanged": "foundUnchanged",
    "retrying": "foundRetrying",
    "new": "foundNew",
}


@dataclass(frozen=True)
class Row:
    """One row of a list on the panel.

    Attributes:
        said: what it says.
        key: what its button acts on: a file's path, ``"id version"``, a key id (never shown).
        name: a file's name, cleaned (the button's object name in tests).
        flag: the pack is live (packs), the key is trusted already (keys found).
        fingerprint: a key's fingerprint (keys found: shown in the trust dialog).
        bundled: the app's own pack (packs).
    """

    said: Message
    key: str = ""
    name: str = ""
    flag: bool = False
    fingerprint: str = ""
    bundled: bool = False


@dataclass(frozen=True)
class PanelView:
    """Everything the panel shows at one moment.

    Attributes:
        live: the lines of "On screen".
        revoked: the warning that the live pack's signer is no longer trusted, or None.
        playing: where the loop is.
        packs, keys: the packs on this kiosk and the trusted keys.
        health: one message a line.
        can_roll_back: the Roll back button has somewhere to go.
    """

    live: tuple[Message, ...] = ()
    revoked: Message | None = None
    playing: Message | None = None
    packs: tuple[Row, ...] = ()
    keys: tuple[Row, ...] = ()
    health: tuple[Message, ...] = ()
    can_roll_back: bool = False


@dataclass(frozen=True)
class Found:
    """What the drop folder and the USB sticks hold: packs and publishers' keys."""

    packs: tuple[Row, ...] = ()
    keys: tuple[Row, ...] = ()


@dataclass(frozen=True)
class Shown:
    """What the screen shows as the panel opens, read on the GUI thread before the panel is.

    Attributes:
        pack: the pack on screen, or the one that replaces it at the next slide.
        next_slide: ``pack`` waits for the next slide (an install or a switch just made).
        venue: the loop's venue (None: all venues); slide: its slide's id.
        language: the language on screen.
    """

    pack: Pack
    next_slide: bool
    venue: str | None
    slide: str
    language: str


def when(seconds: float) -> str:
    """A time as the panel gives it: ``2026-11-02 09:14 UTC``."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def live_lines(live: LiveStatus, *, next_slide: bool) -> tuple[Message, ...]:
    """The lines of "On screen": title and version, publisher, signer, review status."""
    lines = [Message.of("liveTitle", title=live.title, pack=str(live.ref))]
    if next_slide:
        lines.append(Message.of("liveNext", pack=str(live.ref)))
    if live.publisher:
        lines.append(Message.of("livePublisher", publisher=live.publisher))
    signer = live.signer
    if signer.kind == "bundled":
        lines.append(Message.of("liveSigner", signer=Message.of("signerBundled")))
    elif signer.kind == "key":
        lines.append(
            Message.of("liveSignerKey", name=signer.name, fingerprint=grouped(signer.fingerprint))
        )
    elif signer.kind == "untrusted":
        said = Message.of("signerUntrusted", keyId=signer.name)
        lines.append(Message.of("liveSigner", signer=said))
    else:
        lines.append(Message.of("liveSigner", signer=Message.of("signerUnknown")))
    kind = _REVIEW.get(live.review_status)
    review = Message.of(kind) if kind else live.review_status
    lines.append(Message.of("liveReview", review=review))
    return tuple(lines)


def revoked_line(revoked: tuple[PackRef, str] | None) -> Message | None:
    """The warning for a live pack whose signer is no longer trusted (it is not shown)."""
    if revoked is None:
        return None
    ref, kid = revoked
    if kid == trust.UNREADABLE_SIGNER:
        return Message.of("revokedUnreadable", pack=str(ref))
    return Message.of("revoked", pack=str(ref), keyId=kid)


def playing(venue: str | None, slide: str) -> Message:
    """Where the loop is: its venue (all venues: None) and the slide's id."""
    if not venue:
        place: str | Message = Message.of("venueAll")
    else:
        kind = _VENUES.get(venue)
        place = Message.of(kind) if kind else venue
    return Message.of("playing", venue=place, slide=slide)


def pack_rows(status: KioskStatus) -> tuple[Row, ...]:
    """The packs on this kiosk; each row's key is ``"id version"``."""
    rows = []
    for p in status.packs:
        kind = {
            (False, False): "packRow",
            (False, True): "packRowLive",
            (True, False): "packRowBundled",
            (True, True): "packRowBundledLive",
        }[(p.bundled, p.live)]
        ref = str(p.ref)
        rows.append(Row(Message.of(kind, pack=ref), ref, flag=p.live, bundled=p.bundled))
    return tuple(rows)


def key_rows(status: KioskStatus) -> tuple[Row, ...]:
    """The trusted keys; each row's key is the key id."""
    return tuple(
        Row(
            Message.of(
                "trustedKey",
                name=k.name,
                added=when(k.added) if k.added is not None else "?",
                fingerprint=grouped(k.fingerprint),
            ),
            k.key_id,
        )
        for k in status.keys
    )


def _where(origin: str) -> Message:
    return Message.of("whereStick" if origin == "media" else "whereInbox")


def found_rows(home: Path, watch: Iterable[str]) -> tuple[Row, ...]:
    """``.kpack`` files in the drop folder and on sticks, with what the kiosk made of each."""
    rows = []
    for found in inbox.last_outcomes(home, watch):
        # The file's name is the stick's words: one clean, bounded line (docs/security.md).
        name = clean_name(found.path.name, NAME_LIMIT)
        if found.status == "refused":
            state = Message.of("foundRefused", reason=found.said or Message.of("seeLog"))
        else:
            state = Message.of(_FOUND.get(found.status, "foundNew"))
        said = Message.of("found", name=name, where=_where(found.origin), state=state)
        rows.append(Row(said, str(found.path), name))
    return tuple(rows)


def stick_key_rows(store: PackStore, watch: Iterable[str]) -> tuple[Row, ...]:
    """``.pub`` files beside the packs, with their fingerprints, for a trust decision."""
    trusted = {k.key_id for k in store.trusted_keys()}
    rows = []
    for path, origin in inbox.find_public_keys(store.home, watch):
        try:
            key = signing.load_public_key(path)
        except (OSError, PackError):
            continue
        # The file's name, never mistaken for a fingerprint (see key_file_name).
        name = key_file_name(path.stem)
        known = trust.key_id(key) in trusted
        kind = "stickKeyTrusted" if known else "stickKey"
        said = Message.of(kind, name=name, where=_where(origin))
        rows.append(Row(said, str(path), name, known, trust.key_fingerprint(key)))
    return tuple(rows)


def health_lines(
    health: Health | None, home: Path, now: float | None = None, *, guard: Message | None = None
) -> tuple[Message, ...]:
    """Uptime, memory, disk free, last error, last self-check, the crash-loop guard's note (when
    it set the live pack aside at this start) and the last fleet sync."""
    now = time.time() if now is None else now
    lines: list[Message] = []
    if health is not None:
        up = max(0, int(now - health.started))
        days, hours, minutes = up // 86400, up % 86400 // 3600, up % 3600 // 60
        lines.append(Message.of("uptime", days=days, hours=hours, minutes=minutes))
    rss = rss_mb()
    memory = Message.of("memory", mb=round(rss)) if rss is not None else None
    lines.append(memory or Message.of("memoryUnknown"))
    try:
        free = round(shutil.disk_usage(home).free / 1e9, 1)
        lines.append(Message.of("disk", gb=float(free)))
    except OSError:
        lines.append(Message.of("diskUnknown"))
    if health is not None:
        error = health.last_error
        last = Message.of("lastError", reason=error) if error else Message.of("lastErrorNone")
        lines.append(last)
        check = health.last_self_check
        if check is None:
            lines.append(Message.of("selfCheckNotYet"))
        elif check.ok:
            lines.append(Message.of("selfCheckOk", at=when(check.at), expected=check.expected))
        elif not check.found:
            lines.append(Message.of("selfCheckNoQr", at=when(check.at), expected=check.expected))
        else:
            found, expected = ", ".join(check.found), check.expected
            lines.append(
                Message.of("selfCheckWrongQr", at=when(check.at), found=found, expected=expected)
            )
    if guard is not None:
        lines.append(Message.of("guard", reason=guard))
    sync = sync_line(home, now)
    if sync is not None:
        lines.append(sync)
    return tuple(lines)


_SYNC_RESULTS = {
    "up-to-date": "syncUpToDate",
    "installed": "syncInstalled",
    "refused": "syncRefused",
    "error": "syncError",
}


def sync_line(home: Path, now: float) -> Message | None:
    """The last fleet sync, from ``sync-status.json`` (written by ``kiosk.fleet.sync``), or None.

    Its reason is the one the sync kept for the panel (``said``); a file written before that was
    kept says the log has it. When the repository's timestamp this kiosk last trusted has
    expired, updates stop until the publisher re-signs (the live pack stays): the line says so.
    """
    data = records.read_json(home / "sync-status.json", limit=64_000)
    if not isinstance(data, dict) or not isinstance(data.get("result"), str):
        return None
    kind = _SYNC_RESULTS.get(data["result"])
    result = Message.of(kind) if kind else clean_name(data["result"], 20)
    reason = Message.from_json(data.get("said")) or Message.of("seeLog")
    at = clean_name(str(data.get("last_attempt") or "?"), 40)
    expires = data.get("timestamp_expires")
    expired = False
    if isinstance(expires, str):
        try:
            expired = datetime.fromisoformat(expires.replace("Z", "+00:00")).timestamp() < now
        except ValueError:
            expired = False
    return Message.of("syncExpired" if expired else "sync", result=result, at=at, reason=reason)


def read_found(home: Path, watch: Iterable[str]) -> Found:
    """The packs and keys in the drop folder and on the sticks the ``watch`` globs match."""
    return Found(found_rows(home, watch), stick_key_rows(PackStore(home), watch))


def read_panel(
    home: Path,
    shown: Shown,
    bundled: Pack,
    *,
    health: Health | None = None,
    guard: Message | None = None,
) -> PanelView:
    """What the panel shows but the drop folder and the sticks (:func:`read_found`).

    Args:
        home: the ``KIOSK_HOME``.
        shown: the pack on screen and where the loop is.
        bundled: the app's own pack.
        health: the running kiosk's health (None: the rows it feeds are left out).
        guard: why the crash-loop guard set the live pack aside at this start, if it did.
    """
    store = PackStore(home)
    pack = shown.pack
    # The pack on screen may be the bundled one while an installed pack is live (a swap waits
    # for the slide's end, or the live one could not load): describe what is shown.
    is_bundled = store.active().builtin or store.live() != PackRef(pack.id, pack.version)
    status = read_status(home, pack, bundled, shown_bundled=is_bundled, language=shown.language)
    return PanelView(
        live=live_lines(status.live, next_slide=shown.next_slide),
        revoked=revoked_line(status.revoked),
        playing=playing(shown.venue, shown.slide),
        packs=pack_rows(status),
        keys=key_rows(status),
        health=health_lines(health, home, guard=guard),
        can_roll_back=status.can_roll_back,
    )


def install_outcome(result: InstallResult) -> Message:
    """What an install from the panel did: installed, already there, or refused and why."""
    pack = str(result.pack) if result.pack else clean_name(Path(result.source).name, NAME_LIMIT)
    if result.status == "installed":
        return Message.of("installed", pack=pack)
    if result.status == "unchanged":
        return Message.of("already", pack=pack)
    return Message.of("refused", pack=pack, reason=result.said or Message.of("seeLog"))


def failure(exc: Exception) -> Message:
    """An action that raised: its reason when the store gave one, else that the log has it."""
    if isinstance(exc, PackError):
        return Message.of("failed", reason=reason(exc.problems, exc.said))
    return Message.of("failed", reason=Message.of("seeLog"))


def notice(result: InstallResult, title: str) -> Message | None:
    """The corner notice for one drop-folder or stick install, or None (nothing worth saying).

    The notice is on the public screen, so it says what happened in the kiosk's own words and
    never names a file: a file's name is whatever the stick's owner typed ("numbers below are out
    of service, call …"). The only outside text it may hold is ``title``, the title of a pack
    whose signature and content were checked (the live pack, or the installed one offered again),
    cleaned and capped like a name. A retry on its own (another install was running) says
    nothing yet.
    """
    ref = result.pack
    version = ref.version if ref else ""
    shown = clean_name(title) if title.strip() else ""
    if result.status in ("installed", "unchanged"):
        kind = "noticeInstalled" if result.status == "installed" else "noticeAlready"
        if not shown:
            return Message.of(kind + "Untitled")
        return Message.of(kind, title=shown, version=version)
    if result.status != "refused":
        return None
    inbox_file = Path(result.source).parent.name == "inbox"  # KIOSK_HOME/inbox
    if result.cause == "source":
        # Not the pack's fault and retried when it is back; staff must know to plug it in again.
        return Message.of("noticeCopyAgain" if inbox_file else "noticePulled")
    if result.transient:
        return None
    return Message.of("noticeRefusedInbox" if inbox_file else "noticeRefusedStick")
