"""One sync of a kiosk with a TUF repository of packs (``kiosk sync``, ``kiosk.yaml`` ``sync``).

TUF secures the channel; the pack's own signature stays the publisher's word. python-tuf's
ngclient ``Updater`` fetches and checks the repository's metadata (root rotation, signatures and
thresholds, versions never going back, expiry, every length and hash), then the one target
this kiosk wants; the downloaded ``.kpack`` then goes through the very intake a USB stick
does (``PackStore.install(origin="sync")``: signature, high-water mark, verify before unpack,
atomic install). The running kiosk's watcher follows ``active.json``, so a pack installed here
goes live at the next slide boundary.

The decisions are pure functions at the top (:func:`url_problem`, :func:`offers_from`,
:func:`choose`, :func:`judge_error`); :func:`sync_once` is the shell. It never raises: every
outcome, including no network, is an :class:`Outcome` and a line in ``sync-status.json``, and
none of them touches the live pack unless a new one installed.

On disk, in ``KIOSK_HOME``::

    tuf/metadata/       the trusted metadata (ngclient's cache; root.json → root_history/N)
    tuf/downloads/      a target while it is fetched and installed (removed after)
    tuf/refused.json    targets the intake refused (by sha256), not fetched again
    sync-status.json    the last attempt (shared with the staff panel and the metrics)
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from ipaddress import ip_address
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from kiosk import __version__
from kiosk.content import records
from kiosk.content.limits import MAX_ARCHIVE_BYTES
from kiosk.content.model import version_tuple
from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS
from kiosk.content.records import StoreBusy, write_json_atomic
from kiosk.content.schema import VENUES
from kiosk.content.trust import PackRef
from kiosk.content.validate import DEFAULT_LINK_HOSTS
from kiosk.content.words import clean_name, log_quote
from kiosk.fleet import FleetUnavailable, need_fleet

if TYPE_CHECKING:
    from kiosk.content.store import PackStore

log = logging.getLogger("kiosk.sync")

Result = Literal["up-to-date", "installed", "refused", "error"]
STATUS_FILE = "sync-status.json"
TUF_DIR = "tuf"
REASON_LIMIT = 300
ROOT_MAX_BYTES = 512_000  # python-tuf's own default bound for root metadata
REFUSED_KEEP = 100
_TARGET_PATH = re.compile(r"^[A-Za-z0-9._-]{1,200}$")  # top-level targets, no folders
_LOOPBACK_NAMES = frozenset({"localhost", "localhost."})


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

    @property
    def exit_code(self) -> int:
        return 0 if self.result in ("up-to-date", "installed") else 1


class Refusal(Exception):
    """A sync that must stop here, with its outcome."""

    def __init__(self, result: Result, reason: str) -> None:
        super().__init__(reason)
        self.result = result
        self.reason = reason


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
    if parts.scheme == "http" and not _is_loopback(host):
        return "plain http is allowed only to a loopback address (127.0.0.1, ::1); use https"
    return None


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


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
        )
    if not fitting:
        return None
    return max(fitting, key=lambda o: version_tuple(o.ref.version))


def judge_error(exc: BaseException) -> tuple[Result, str]:
    """What a failed sync says: ``refused`` when the repository failed TUF's checks (an attack
    or a publisher's mistake: trying again will not help), ``error`` when the network failed
    (tried again at the next sync)."""
    from tuf.api import exceptions
    from urllib3.exceptions import HTTPError as Urllib3Error

    text = clean_name(str(exc) or type(exc).__name__, 160)
    if isinstance(exc, exceptions.ExpiredMetadataError):
        return "refused", (
            f"the repository's metadata has expired ({text}): a freeze attack or a publisher "
            "who has not run kiosk repo refresh; the live pack stays"
        )
    if isinstance(exc, exceptions.LengthOrHashMismatchError):
        return "refused", f"a file does not match its signed length or hash ({text})"
    if isinstance(exc, exceptions.BadVersionNumberError):
        return "refused", f"the repository went back to older metadata ({text}): rollback refused"
    if isinstance(exc, exceptions.UnsignedMetadataError):
        return "refused", f"metadata not signed by the trusted keys ({text})"
    if isinstance(exc, exceptions.RepositoryError):
        return "refused", f"the repository failed TUF's checks ({text})"
    if isinstance(exc, exceptions.SlowRetrievalError):
        return "error", "the server stalled; will try again at the next sync"
    if isinstance(exc, exceptions.DownloadHTTPError):
        return "error", f"the server answered HTTP {exc.status_code}; will try again"
    if isinstance(exc, exceptions.DownloadError | Urllib3Error):
        # A connection broken mid-body reaches us as urllib3's own error (ngclient reads the
        # body outside the fetcher's wrapper).
        cause = exc.__cause__ or exc
        reason = clean_name(str(cause) or type(cause).__name__, 160)
        return "error", f"download failed ({reason}); will try again at the next sync"
    if isinstance(exc, OSError):
        return "error", f"cannot write the kiosk's files ({exc.strerror or exc})"
    return "error", f"unexpected error ({text}); details in the log"


def status_record(
    url: str, outcome: Outcome, *, now: datetime, last_success: str | None
) -> dict[str, Any]:
    """``sync-status.json`` after one attempt (the shared interface, see docs/architecture.md)."""
    ok = outcome.result in ("up-to-date", "installed")
    expires = outcome.timestamp_expires
    return {
        "url": clean_name(url, 300),
        "last_attempt": _iso(now),
        "last_success": _iso(now) if ok else last_success,
        "result": outcome.result,
        "reason": clean_name(outcome.reason, REASON_LIMIT),
        "timestamp_expires": _iso(expires) if expires is not None else None,
    }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# -- the shell -------------------------------------------------------------------------------


def sync_once(
    home: Path,
    url: str,
    *,
    trust_root: Path | None = None,
    venue: str | None = None,
    pack_id: str | None = None,
    verify: bool = True,
    link_hosts: Iterable[str] = DEFAULT_LINK_HOSTS,
    hotline_numbers: Iterable[str] = DEFAULT_HOTLINE_NUMBERS,
    transport: Transport = Transport(),
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Outcome:
    """Sync ``home`` with the repository at ``url`` once; write ``sync-status.json``.

    Args:
        home: KIOSK_HOME.
        url: the repository's folder (holding ``metadata/`` and ``targets/``).
        trust_root: the repository's ``1.root.json`` (or a later root), for the first sync;
            stored in ``tuf/metadata``. Later syncs trust what is stored (and follow rotations).
        venue: this kiosk's venue (``kiosk.yaml``); None takes packs for every venue.
        pack_id: which pack, when the repository offers several.
        verify, link_hosts, hotline_numbers: as for every install (``kiosk.yaml``).
        transport: timeouts and the largest pack.
        clock: now, in UTC.

    Returns:
        The outcome; never raises for bad input, the network or the disk.
    """
    from kiosk.content.store import PackStore

    problem = url_problem(url)
    timestamp_expires = None
    if problem is not None:
        outcome = Outcome("refused", problem)
    else:
        try:
            need_fleet()
            store = PackStore(home)
            tuf_dir = store.home / TUF_DIR
            (tuf_dir / "metadata").mkdir(parents=True, exist_ok=True)
            with records.hold_lock(tuf_dir / ".lock", timeout=1.0):
                try:
                    outcome = _sync(
                        store,
                        url,
                        trust_root,
                        venue,
                        pack_id,
                        verify,
                        (tuple(link_hosts), tuple(hotline_numbers)),
                        transport,
                    )
                finally:
                    timestamp_expires = trusted_timestamp_expiry(tuf_dir / "metadata")
        except FleetUnavailable as exc:
            outcome = Outcome("error", str(exc))
        except StoreBusy:
            outcome = Outcome("error", "another sync is running on this kiosk; try again soon")
        except Refusal as exc:
            outcome = Outcome(exc.result, exc.reason)
        except Exception as exc:
            result, reason = judge_error(exc)
            if reason.startswith("unexpected"):
                log.exception("sync from %s failed", log_quote(url))
            outcome = Outcome(result, reason)
    # Reasons quote the repository and the pack (names, problems): one clean, bounded line.
    reason = clean_name(outcome.reason, REASON_LIMIT)
    outcome = Outcome(outcome.result, reason, outcome.pack, timestamp_expires)
    _say(url, outcome)
    write_status(home, url, outcome, clock())
    return outcome


def _say(url: str, outcome: Outcome) -> None:
    level = logging.INFO if outcome.exit_code == 0 else logging.WARNING
    log.log(
        level,
        "sync %s from %s: %s",
        outcome.result,
        log_quote(url),
        log_quote(outcome.reason),
        extra=records.SECURITY if outcome.result == "refused" else None,
    )


def write_status(home: Path, url: str, outcome: Outcome, now: datetime) -> None:
    """Write ``sync-status.json`` (best effort: a full disk is logged, never raised)."""
    path = Path(home) / STATUS_FILE
    previous = records.read_json(path, limit=64_000)
    last = previous.get("last_success") if isinstance(previous, dict) else None
    record = status_record(
        url, outcome, now=now, last_success=last if isinstance(last, str) else None
    )
    try:
        write_json_atomic(path, record)
    except OSError as exc:
        log.warning("could not write %s: %s", STATUS_FILE, exc.strerror or exc)


def read_status(home: Path) -> dict[str, Any] | None:
    """The last ``sync-status.json``, or None (never synced, or damaged)."""
    data = records.read_json(Path(home) / STATUS_FILE, limit=64_000)
    return data if isinstance(data, dict) else None


def trusted_timestamp_expiry(metadata_dir: Path) -> datetime | None:
    """When the timestamp this kiosk last trusted expires (ngclient stores only verified ones)."""
    from tuf.api.metadata import Metadata

    try:
        md = Metadata[Any].from_bytes((metadata_dir / "timestamp.json").read_bytes())
    except Exception:  # none yet, or damaged: ngclient fetches a new one next time
        return None
    expires = md.signed.expires
    return expires if isinstance(expires, datetime) else None


def _bootstrap(metadata_dir: Path, trust_root: Path | None) -> bytes | None:
    """The root to start from: the given file the first time, else None (the stored one).

    Raises:
        Refusal: no root trusted yet and none given, or another root is trusted already.
    """
    stored = metadata_dir / "root.json"
    if trust_root is None:
        if not stored.exists():
            raise Refusal(
                "refused",
                "no repository root is trusted yet: run kiosk sync --url URL "
                "--trust-root 1.root.json once (the file from the publisher)",
            )
        return None
    try:
        with trust_root.open("rb") as fh:
            data = fh.read(ROOT_MAX_BYTES + 1)
    except OSError as exc:
        raise Refusal("refused", f"cannot read the root to trust: {exc.strerror or exc}") from None
    if len(data) > ROOT_MAX_BYTES:
        raise Refusal("refused", f"the root to trust is over {ROOT_MAX_BYTES:,} bytes")
    if not stored.exists():
        return data
    for known in sorted((metadata_dir / "root_history").glob("*.root.json")):
        if known.read_bytes() == data:
            return None  # trusted already (perhaps rotated since): start from the newest
    raise Refusal(
        "refused",
        "this kiosk already trusts another repository root; to trust a new repository, "
        f"remove {metadata_dir.parent} first",
    )


def _sync(
    store: PackStore,
    url: str,
    trust_root: Path | None,
    venue: str | None,
    pack_id: str | None,
    verify: bool,
    allow: tuple[tuple[str, ...], tuple[str, ...]],
    transport: Transport,
) -> Outcome:
    from tuf.api.metadata import Metadata
    from tuf.ngclient import Updater, UpdaterConfig

    tuf_dir = store.home / TUF_DIR
    metadata_dir = tuf_dir / "metadata"
    downloads = tuf_dir / "downloads"
    downloads.mkdir(exist_ok=True)
    bootstrap = _bootstrap(metadata_dir, trust_root)
    base = url.rstrip("/")
    try:
        updater = Updater(
            str(metadata_dir),
            f"{base}/metadata/",
            str(downloads),
            f"{base}/targets/",
            fetcher=_deadline_fetcher(transport),
            config=UpdaterConfig(app_user_agent=f"kiosk/{__version__}"),
            bootstrap=bootstrap,
        )
    except (ValueError, TypeError) as exc:
        reason = f"the root to trust is not TUF root metadata ({clean_name(str(exc), 120)})"
        raise Refusal("refused", reason) from None
    updater.refresh()
    # ngclient stored targets.json only after verifying it; the chosen target is asked of the
    # Updater again below, so its length and hashes come from the trusted set itself.
    targets = Metadata[Any].from_bytes((metadata_dir / "targets.json").read_bytes())
    offered = {path: target.custom for path, target in targets.signed.targets.items()}
    live = store.live()
    offer = choose(
        offers_from(offered), venue=venue, pack_id=pack_id, live_id=live.id if live else None
    )
    if offer is None:
        return Outcome("up-to-date", "the repository offers no pack for this kiosk")
    ref = offer.ref
    if ref in {p.ref for p in store.list_installed()}:
        return Outcome("up-to-date", f"{ref} is installed", ref)
    highest = store.marks().highest.get(ref.id)
    if highest is not None and version_tuple(highest) > version_tuple(ref.version):
        return Outcome("up-to-date", f"{ref.id} {highest} is newer than the repository's", ref)
    info = updater.get_targetinfo(offer.path)
    if info is None:
        raise Refusal("refused", f"{offer.path} is not a signed target")
    if info.length > transport.max_target_bytes:
        raise Refusal(
            "refused",
            f"{ref} is {info.length:,} bytes; the limit is {transport.max_target_bytes:,}",
        )
    digest = str(info.hashes.get("sha256", ""))
    conditions = _conditions(store, verify, allow)
    refused = _read_refused(tuf_dir)
    known = refused.get(digest)
    if isinstance(known, dict) and known.get("conditions") == conditions:
        return Outcome("refused", str(known.get("reason", "refused before")), ref)
    dest = downloads / f"{ref.id}-{ref.version}.kpack"
    try:
        updater.download_target(info, str(dest))
        result = store.install(
            dest,
            verify=verify,
            link_hosts=allow[0],
            hotline_numbers=allow[1],
            origin="sync",
        )
    finally:
        dest.unlink(missing_ok=True)
    if result.status == "installed":
        return Outcome("installed", result.message or f"{ref} installed", result.pack or ref)
    if result.status == "unchanged":
        return Outcome("up-to-date", result.message or f"{ref} is installed", result.pack or ref)
    reason = "; ".join([result.message, *(str(p) for p in result.problems[:3])])
    if result.transient:
        return Outcome("error", f"{reason} (will try again)", ref)
    _remember_refused(tuf_dir, refused, digest, conditions, reason)
    return Outcome("refused", reason, ref)


def _conditions(
    store: PackStore, verify: bool, allow: tuple[tuple[str, ...], tuple[str, ...]]
) -> str:
    """What decided a refusal (as the inbox keeps it): when it changes, the target is retried."""
    keys = sorted(k.key_id for k in store.trusted_keys())
    text = json.dumps([keys, sorted(allow[0]), verify, __version__, sorted(allow[1])])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _read_refused(tuf_dir: Path) -> dict[str, Any]:
    data = records.read_json(tuf_dir / "refused.json", limit=1_000_000)
    return data if isinstance(data, dict) else {}


def _remember_refused(
    tuf_dir: Path, refused: dict[str, Any], digest: str, conditions: str, reason: str
) -> None:
    if not digest:
        return
    refused[digest] = {"conditions": conditions, "reason": clean_name(reason, REASON_LIMIT)}
    kept = dict(list(refused.items())[-REFUSED_KEEP:])
    try:
        write_json_atomic(tuf_dir / "refused.json", kept)
    except OSError as exc:  # it is only fetched again next time
        log.warning("could not remember a refused target: %s", exc.strerror or exc)


def _deadline_fetcher(transport: Transport) -> Any:
    """python-tuf's urllib3 fetcher, with a deadline for a whole download.

    Its own timeout is per gap between bytes, so a server that drips a byte every second would
    hold a sync for ever; TUF's length bound stops endless data, this stops endless time. The
    body is read with ``read1`` (what has arrived, not a whole chunk), and a timer shuts the
    response down at the deadline, so even a blocked read ends on time. The request itself is
    python-tuf's (its proxy handling from the environment, ``_proxy_env``; tuf is pinned < 8).
    """
    import urllib3
    from tuf.api.exceptions import DownloadHTTPError, SlowRetrievalError
    from tuf.ngclient import Urllib3Fetcher

    class DeadlineFetcher(Urllib3Fetcher):
        def _fetch(self, url: str) -> Iterator[bytes]:
            deadline = time.monotonic() + transport.deadline_seconds
            try:
                response = self._proxy_env.request(
                    "GET",
                    url,
                    preload_content=False,
                    timeout=urllib3.Timeout(self.socket_timeout),
                )
            except urllib3.exceptions.MaxRetryError as exc:
                if isinstance(exc.reason, urllib3.exceptions.TimeoutError):
                    raise SlowRetrievalError from exc
                raise
            if response.status >= 400:
                response.close()
                raise DownloadHTTPError(f"HTTP {response.status}", response.status)
            timer = threading.Timer(transport.deadline_seconds, response.shutdown)
            timer.daemon = True
            timer.start()
            return self._until(response, timer, deadline)

        def _until(self, response: Any, timer: threading.Timer, deadline: float) -> Iterator[bytes]:
            try:
                while True:
                    try:
                        chunk = response.read1(self.chunk_size)
                    except Exception as exc:
                        if time.monotonic() >= deadline:
                            raise SlowRetrievalError(
                                f"over {transport.deadline_seconds} s"
                            ) from exc
                        if isinstance(exc, urllib3.exceptions.TimeoutError):
                            raise SlowRetrievalError from exc
                        raise
                    if time.monotonic() >= deadline:
                        raise SlowRetrievalError(f"over {transport.deadline_seconds} s")
                    if not chunk:
                        return
                    yield chunk
            finally:
                timer.cancel()
                response.release_conn()

    return DeadlineFetcher(
        socket_timeout=transport.socket_timeout, app_user_agent=f"kiosk/{__version__}"
    )
