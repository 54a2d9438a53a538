"""The fleet sync's decisions: pure functions of plain data, no I/O, no python-tuf at import.

Which URL may be synced from (:func:`url_problem`), which targets are packs
(:func:`offers_from`), which one this kiosk takes (:func:`choose`), how a failure reads
(:func:`judge_error`, which sorts python-tuf's errors) and what ``sync-status.json`` says
(:func:`status_record`). :mod:`kiosk.fleet.sync` is the shell around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from kiosk.common.message import Message
from kiosk.common.urls import is_loopback
from kiosk.content.limits import MAX_ARCHIVE_BYTES
from kiosk.content.model import version_tuple
from kiosk.content.schema import VENUES
from kiosk.content.words import clean_name
from kiosk.intake.trust import PackRef

Result = Literal["up-to-date", "installed", "refused", "error"]
REASON_LIMIT = 300
_TARGET_PATH = re.compile(r"^[A-Za-z0-9._-]{1,200}$")  # top-level targets, no folders


@dataclass(frozen=True)
class Transport:
    """How patient a sync is.

    Attributes:
        socket_timeout: seconds to connect, and between two received bytes.
        deadline_seconds: one download in all (a server that drips a byte a minute is stalling).
        max_target_bytes: the largest pack fetched; larger is refused before a byte is fetched.
    """

    socket_timeout: int = 30
    deadline_seconds: float = 600.0
    max_target_bytes: int = MAX_ARCHIVE_BYTES


@dataclass(frozen=True)
class Offer:
    """A pack a repository offers: a target with the kiosk's custom metadata."""

    path: str
    ref: PackRef
    venues: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What one sync did; ``reason`` is cleaned, one line, for staff and the status file."""

    result: Result
    reason: str
    pack: PackRef | None = None
    timestamp_expires: datetime | None = field(default=None, compare=False)
    # The reason as the staff panel words it (kiosk.ops.staff_words); None: "see the log".
    said: Message | None = field(default=None, compare=False)

    @property
    def exit_code(self) -> int:
        return 0 if self.result in ("up-to-date", "installed") else 1


class Refusal(Exception):
    """A sync that must stop here, with its outcome."""

    def __init__(self, result: Result, reason: str, said: Message | None = None) -> None:
        super().__init__(reason)
        self.result = result
        self.reason = reason
        self.said = said


# -- decisions -------------------------------------------------------------------------------


def url_problem(url: str) -> str | None:
    """Why ``url`` may not be synced from (None: it may).

    https, or plain http to a loopback address only (a local relay, the tests): TUF's
    signatures carry the trust, but a kiosk should not announce what it fetches on the venue's
    network. No user name or password in the URL (it would be logged and shown).
    """
    if len(url) > 2000:
        return "the URL is longer than 2,000 characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "the URL cannot be read"
    if parts.scheme not in ("https", "http") or not host:
        return "the URL must be https://HOST/PATH (the folder that holds metadata/ and targets/)"
    if parts.username or parts.password:
        return "the URL must not hold a user name or password"
    if parts.query or parts.fragment:
        return "the URL must not have a ?query or #fragment"
    if parts.scheme == "http" and not is_loopback(host):
        return "plain http is allowed only to a loopback address (127.0.0.1, ::1); use https"
    return None


def shown_url(url: str) -> str:
    """``url`` fit to log and record: a user name or password in it is masked (it is refused
    anyway, but the refusal must not write the secret to the log or the status file)."""
    scheme, sep, rest = url.partition("://")
    authority, slash, path = rest.partition("/")
    if sep and "@" in authority:
        return f"{scheme}://***@{authority.rpartition('@')[2]}{slash}{path}"
    return url


def offers_from(targets: Mapping[str, Any]) -> list[Offer]:
    """The packs among a repository's targets (path → custom metadata); others are skipped.

    A target is a pack when its custom metadata is ``{"kiosk": {"id", "version", "venues"}}``
    with a well-formed id and version and known venues, and its path is a plain file name.
    """
    found = []
    for path, custom in targets.items():
        kiosk = custom.get("kiosk") if isinstance(custom, dict) else None
        ref = PackRef.from_json(kiosk)
        venues = kiosk.get("venues", ["any"]) if isinstance(kiosk, dict) else None
        if ref is None or not isinstance(venues, list) or not venues:
            continue
        if not all(isinstance(v, str) and v in VENUES for v in venues):
            continue
        if not _TARGET_PATH.fullmatch(path) or ".." in path:
            continue
        found.append(Offer(path, ref, tuple(venues)))
    return found


def choose(
    offers: Iterable[Offer], *, venue: str | None, pack_id: str | None, live_id: str | None
) -> Offer | None:
    """The newest pack for this kiosk, or None when the repository offers none for it.

    A pack is for this kiosk when it names its venue or ``any`` (a kiosk with no venue takes
    every pack). Which pack id: ``pack_id`` when set (``kiosk.yaml`` ``sync.pack``), else the
    live pack's id when offered, else the only id offered, else the only id that names this
    venue itself (not just ``any``).

    Raises:
        Refusal: several pack ids fit and nothing says which (set ``sync.pack``).
    """
    fitting = [o for o in offers if venue is None or venue in o.venues or "any" in o.venues]
    if pack_id is not None:
        fitting = [o for o in fitting if o.ref.id == pack_id]
    elif live_id is not None and any(o.ref.id == live_id for o in fitting):
        fitting = [o for o in fitting if o.ref.id == live_id]
    ids = sorted({o.ref.id for o in fitting})
    if len(ids) > 1 and venue is not None:
        own = sorted({o.ref.id for o in fitting if venue in o.venues})
        if len(own) == 1:
            fitting = [o for o in fitting if o.ref.id == own[0]]
            ids = own
    if len(ids) > 1:
        names = ", ".join(ids[:5])
        raise Refusal(
            "refused",
            f"the repository offers several packs for this kiosk ({names}); name one in "
            "kiosk.yaml sync: {pack: ID} (or kiosk sync --pack ID)",
            Message.of("syncSeveralPacks", names=names),
        )
    if not fitting:
        return None
    return max(fitting, key=lambda o: version_tuple(o.ref.version))


def judge_error(exc: BaseException) -> tuple[Result, str, Message]:
    """What a failed sync says: ``refused`` when the repository failed TUF's checks (an attack
    or a publisher's mistake: trying again will not help), ``error`` when the network failed
    (tried again at the next sync). The reason in English, and as the staff panel words it."""
    from tuf.api import exceptions
    from urllib3.exceptions import HTTPError as Urllib3Error

    text = clean_name(str(exc) or type(exc).__name__, 160)
    if isinstance(exc, exceptions.ExpiredMetadataError):
        return (
            "refused",
            f"the repository's metadata has expired ({text}): a freeze attack or a publisher "
            "who has not run kiosk repo refresh; the live pack stays",
            Message.of("syncMetadataExpired"),
        )
    if isinstance(exc, exceptions.LengthOrHashMismatchError):
        return (
            "refused",
            f"a file does not match its signed length or hash ({text})",
            Message.of("syncHashMismatch"),
        )
    if isinstance(exc, exceptions.BadVersionNumberError):
        return (
            "refused",
            f"the repository went back to older metadata ({text}): rollback refused",
            Message.of("syncOlderMetadata"),
        )
    if isinstance(exc, exceptions.UnsignedMetadataError):
        return (
            "refused",
            f"metadata not signed by the trusted keys ({text})",
            Message.of("syncUnsigned"),
        )
    if isinstance(exc, exceptions.RepositoryError):
        return (
            "refused",
            f"the repository failed TUF's checks ({text})",
            Message.of("syncChecksFailed"),
        )
    if isinstance(exc, exceptions.SlowRetrievalError):
        return (
            "error",
            "the server stalled; will try again at the next sync",
            Message.of("syncStalled"),
        )
    if isinstance(exc, exceptions.DownloadHTTPError):
        return (
            "error",
            f"the server answered HTTP {exc.status_code}; will try again",
            Message.of("syncHttp", status=str(exc.status_code)),
        )
    if _cannot_connect(exc):
        return (
            "error",
            "cannot reach the server (no network?); will try again at the next sync",
            Message.of("syncNoNetwork"),
        )
    if isinstance(exc, exceptions.DownloadError | Urllib3Error):
        # A connection broken mid-body reaches us as urllib3's own error (ngclient reads the
        # body outside the fetcher's wrapper).
        cause = exc.__cause__ or exc
        reason = clean_name(str(cause) or type(cause).__name__, 160)
        return (
            "error",
            f"download failed ({reason}); will try again at the next sync",
            Message.of("syncDownloadFailed"),
        )
    if isinstance(exc, OSError):
        return (
            "error",
            f"cannot write the kiosk's files ({exc.strerror or exc})",
            Message.of("syncCannotWrite"),
        )
    return "error", f"unexpected error ({text}); details in the log", Message.of("seeLog")


def _cannot_connect(exc: BaseException) -> bool:
    """A refused or unroutable connection, anywhere in the chain of causes."""
    from urllib3.exceptions import MaxRetryError, NewConnectionError

    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return False
        if isinstance(seen, NewConnectionError):
            return True
        if isinstance(seen, MaxRetryError) and isinstance(seen.reason, NewConnectionError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def status_record(
    url: str, outcome: Outcome, *, now: datetime, last_success: str | None
) -> dict[str, Any]:
    """``sync-status.json`` after one attempt (the shared interface, see docs/architecture.md)."""
    ok = outcome.result in ("up-to-date", "installed")
    expires = outcome.timestamp_expires
    return {
        "url": clean_name(shown_url(url), 300),
        "last_attempt": _iso(now),
        "last_success": _iso(now) if ok else last_success,
        "result": outcome.result,
        "reason": clean_name(outcome.reason, REASON_LIMIT),
        # The same reason for the staff panel to word in the language on screen.
        "said": (outcome.said or Message.of("seeLog")).to_json(),
        "timestamp_expires": _iso(expires) if expires is not None else None,
    }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
