"""One sync of a kiosk with a TUF repository of packs (``kiosk sync``, ``kiosk.yaml`` ``sync``).

TUF secures the channel; the pack's own signature stays the publisher's word. python-tuf's
ngclient ``Updater`` fetches and checks the repository's metadata (root rotation, signatures and
thresholds, versions never going back, expiry, every length and hash), then the one target
this kiosk wants; the downloaded ``.kpack`` then goes through the very intake a USB stick
does (``PackStore.install(origin="sync")``: signature, high-water mark, verify before unpack,
atomic install). The running kiosk's watcher follows ``active.json``, so a pack installed here
goes live at the next slide boundary.

The decisions are pure functions in :mod:`kiosk.fleet.decide`; :func:`sync_once` is the shell
(as :mod:`kiosk.intake.store` is around :mod:`kiosk.intake.trust`). It never raises: every
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
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import __version__
from kiosk.common.message import Message
from kiosk.content import records
from kiosk.content.model import version_tuple
from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS
from kiosk.content.records import StoreBusy, write_json_atomic
from kiosk.content.validate import DEFAULT_LINK_HOSTS
from kiosk.content.words import clean_name, log_quote
from kiosk.fleet import FleetUnavailable, need_fleet
from kiosk.fleet.decide import (
    REASON_LIMIT,
    Offer,
    Outcome,
    Refusal,
    Result,
    Transport,
    choose,
    judge_error,
    offers_from,
    shown_url,
    status_record,
    url_problem,
)
from kiosk.fleet.fetch import deadline_fetcher
from kiosk.fleet.messages import fetch_messages

if TYPE_CHECKING:
    from kiosk.intake.store import PackStore

log = logging.getLogger("kiosk.sync")
DEFAULT_TRANSPORT = Transport()

STATUS_FILE = "sync-status.json"
TUF_DIR = "tuf"
ROOT_MAX_BYTES = 512_000  # python-tuf's own default bound for root metadata
REFUSED_KEEP = 100

__all__ = [
    "Offer",
    "Outcome",
    "Refusal",
    "Result",
    "Transport",
    "choose",
    "offers_from",
    "read_status",
    "sync_once",
    "url_problem",
    "write_status",
]


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
    transport: Transport = DEFAULT_TRANSPORT,
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
    from kiosk.intake.store import PackStore

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
            outcome = Outcome("error", str(exc), said=Message.of("seeLog"))
        except StoreBusy:
            busy = "another sync is running on this kiosk; try again soon"
            outcome = Outcome("error", busy, said=Message.of("busy"))
        except Refusal as exc:
            outcome = Outcome(exc.result, exc.reason, said=exc.said)
        except Exception as exc:
            result, reason, said = judge_error(exc)
            if reason.startswith("unexpected"):
                log.exception("sync from %s failed", log_quote(shown_url(url)))
            outcome = Outcome(result, reason, said=said)
    # Reasons quote the repository and the pack (names, problems): one clean, bounded line.
    reason = clean_name(outcome.reason, REASON_LIMIT)
    outcome = Outcome(outcome.result, reason, outcome.pack, timestamp_expires, outcome.said)
    _say(url, outcome)
    write_status(home, url, outcome, clock())
    return outcome


def _say(url: str, outcome: Outcome) -> None:
    level = logging.INFO if outcome.exit_code == 0 else logging.WARNING
    log.log(
        level,
        "sync %s from %s: %s",
        outcome.result,
        log_quote(shown_url(url)),
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
        path.parent.mkdir(parents=True, exist_ok=True)  # a first sync refused before the store
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
    for left in downloads.iterdir():  # what a sync killed mid-download left (up to 216 MB)
        if left.is_file() and not left.is_symlink():
            left.unlink(missing_ok=True)
    bootstrap = _bootstrap(metadata_dir, trust_root)
    base = url.rstrip("/")
    try:
        updater = Updater(
            str(metadata_dir),
            f"{base}/metadata/",
            str(downloads),
            f"{base}/targets/",
            fetcher=deadline_fetcher(transport),
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
    fetch_messages(updater, offered, store.home, downloads)  # venue messages, for kiosk.alerts
    live = store.live()
    offer = choose(
        offers_from(offered), venue=venue, pack_id=pack_id, live_id=live.id if live else None
    )
    if offer is None:
        nothing = "the repository offers no pack for this kiosk"
        return Outcome("up-to-date", nothing, said=Message.of("syncNothingNew"))
    ref = offer.ref
    nothing_new = Message.of("syncNothingNew")
    if ref in {p.ref for p in store.list_installed()}:
        return Outcome("up-to-date", f"{ref} is installed", ref, said=nothing_new)
    highest = store.marks().highest.get(ref.id)
    if highest is not None and version_tuple(highest) > version_tuple(ref.version):
        newer = f"{ref.id} {highest} is newer than the repository's"
        return Outcome("up-to-date", newer, ref, said=nothing_new)
    info = updater.get_targetinfo(offer.path)
    if info is None:
        unsigned = f"{offer.path} is not a signed target"
        raise Refusal("refused", unsigned, Message.of("syncChecksFailed"))
    if info.length > transport.max_target_bytes:
        raise Refusal(
            "refused",
            f"{ref} is {info.length:,} bytes; the limit is {transport.max_target_bytes:,}",
            Message.of("syncPackRefused", pack=str(ref), reason=Message.of("tooLarge")),
        )
    digest = str(info.hashes.get("sha256", ""))
    conditions = _conditions(store, verify, allow)
    refused = _read_refused(tuf_dir)
    known = refused.get(digest)
    if isinstance(known, dict) and known.get("conditions") == conditions:
        said = Message.from_json(known.get("said")) or Message.of("seeLog")
        return Outcome("refused", str(known.get("reason", "refused before")), ref, said=said)
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
    got = result.pack or ref
    if result.status == "installed":
        said = Message.of("syncGotPack", pack=str(got))
        return Outcome("installed", result.message or f"{ref} installed", got, said=said)
    if result.status == "unchanged":
        said = Message.of("syncNothingNew")
        return Outcome("up-to-date", result.message or f"{ref} is installed", got, said=said)
    reason = "; ".join([result.message, *(str(p) for p in result.problems[:3])])
    why = result.said or Message.of("seeLog")
    if result.transient:
        said = Message.of("syncPackRetry", pack=str(ref), reason=why)
        return Outcome("error", f"{reason} (will try again)", ref, said=said)
    said = Message.of("syncPackRefused", pack=str(ref), reason=why)
    _remember_refused(tuf_dir, refused, digest, conditions, reason, said)
    return Outcome("refused", reason, ref, said=said)


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
    tuf_dir: Path,
    refused: dict[str, Any],
    digest: str,
    conditions: str,
    reason: str,
    said: Message,
) -> None:
    if not digest:
        return
    refused[digest] = {
        "conditions": conditions,
        "reason": clean_name(reason, REASON_LIMIT),
        "said": said.to_json(),
    }
    kept = dict(list(refused.items())[-REFUSED_KEEP:])
    try:
        write_json_atomic(tuf_dir / "refused.json", kept)
    except OSError as exc:  # it is only fetched again next time
        log.warning("could not remember a refused target: %s", exc.strerror or exc)
