"""Find new ``.kpack`` files in ``KIOSK_HOME/inbox/`` and on removable media, and install them.

The running kiosk calls :func:`scan_for_new_packs` every few seconds (off the UI thread). Files are
never deleted or changed where they are found (a stick may be read-only); a processed file is
remembered by its sha256 in ``KIOSK_HOME/inbox-seen.json`` so it is installed only once. A refused
file is tried again only when what decided the refusal changes (the trusted keys, the link
allow-list, ``verify`` or the app's version), so trusting the publisher's key and re-inserting the
stick works. An attempt that failed for reasons other than the pack (the stick was pulled, another
install held the lock, the disk was full) is not remembered, so it is tried again.

Only regular files are considered: a stick is hostile input, and a FIFO, a device or a link to
``/dev/zero`` named ``pack.kpack`` would block or never end. Nothing is read past
:data:`~kiosk.content.archive.MAX_ARCHIVE_BYTES`.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import json
import logging
import stat
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.content.archive import MAX_ARCHIVE_BYTES
from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS
from kiosk.content.problems import PackError
from kiosk.content.signing import file_digest
from kiosk.content.store import InstallResult, PackStore, write_json_atomic
from kiosk.content.validate import DEFAULT_LINK_HOSTS

log = logging.getLogger("kiosk.inbox")

SEEN_FILE = "inbox-seen.json"
SEEN_LIMIT = 500  # remembered files; the oldest are forgotten first
SETTLE_SECONDS = 2.0  # a file changed more recently may still be being copied in
SUFFIX = ".kpack"


def find_candidates(home: Path, watch_globs: Iterable[str]) -> list[tuple[Path, str]]:
    """Every ``.kpack`` in ``home/inbox/`` and in the folders the ``watch_globs`` match.

    A glob may also match ``.kpack`` files directly. Sub-folders are not searched. Only regular
    files count: symlinks, folders, devices and pipes with a ``.kpack`` name are skipped.

    Returns:
        ``(path, origin)`` pairs, origin ``inbox`` or ``media``, without duplicates.
    """
    found: dict[Path, str] = {}

    def add_folder(folder: Path, origin: str) -> None:
        try:
            children = sorted(folder.iterdir())
        except OSError:
            return
        for child in children:
            name = child.name
            if name.lower().endswith(SUFFIX) and not name.startswith(".") and _is_plain(child):
                found.setdefault(child, origin)

    add_folder(home / "inbox", "inbox")
    for pattern in watch_globs:
        for match in sorted(glob.glob(pattern)):
            path = Path(match)
            if path.name.lower().endswith(SUFFIX) and _is_plain(path):
                found.setdefault(path, "media")
            elif path.is_dir():
                add_folder(path, "media")
    return [(path, origin) for path, origin in found.items()]


def _is_plain(path: Path) -> bool:
    """True for a regular file; a symlink is never followed (it may point at ``/dev/zero``)."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _conditions(
    store: PackStore, verify: bool, link_hosts: tuple[str, ...], numbers: tuple[str, ...]
) -> str:
    """A fingerprint of what decides a refusal; when it changes, refused files are retried."""
    keys = sorted(k.key_id for k in store.trusted_keys())
    # The app's version too: an upgrade may accept what an older kiosk refused.
    text = json.dumps([keys, sorted(link_hosts), verify, __version__, sorted(numbers)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _load_seen(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    files = data.get("files")
    stats = data.get("stat")
    return {
        "files": files if isinstance(files, dict) else {},
        "stat": stats if isinstance(stats, dict) else {},
    }


def scan_for_new_packs(
    home: Path,
    watch_globs: Iterable[str],
    *,
    verify: bool = True,
    link_hosts: Iterable[str] = DEFAULT_LINK_HOSTS,
    hotline_numbers: Iterable[str] = DEFAULT_HOTLINE_NUMBERS,
    settle_seconds: float = SETTLE_SECONDS,
    clock: Callable[[], float] = time.time,
    store: PackStore | None = None,
) -> list[InstallResult]:
    """Install every ``.kpack`` not seen before, from the inbox and the watched media folders.

    Args:
        home: KIOSK_HOME.
        watch_globs: folder globs such as ``/media/*/`` (``kiosk.yaml`` ``watch``).
        verify: check signatures (``kiosk.yaml`` ``verify``; True on any real kiosk).
        link_hosts: the kiosk's link allow-list.
        hotline_numbers: the numbers a pack may show on this kiosk.
        settle_seconds: skip files modified more recently than this (still being copied).
        clock: the current time, in seconds since the epoch (tests inject it).
        store: the store of ``home`` to install into; a poller passes its own rather than have
            every scan make one (which creates folders, takes the lock and sweeps staging).

    Returns:
        The outcome of each install attempted, in order; empty when nothing was new. A caller
        that sees an ``installed`` result knows ``active.json`` changed.
    """
    hosts = tuple(link_hosts)
    numbers = tuple(hotline_numbers)
    if store is None:
        store = PackStore(home)
    seen_path = store.home / SEEN_FILE
    seen = _load_seen(seen_path)
    # Computed only when a file needs it: it reads every trusted key.
    conditions = functools.cache(lambda: _conditions(store, verify, hosts, numbers))
    results: list[InstallResult] = []
    stat_cache: dict[str, str] = {}
    changed = False
    for path, origin in find_candidates(store.home, watch_globs):
        try:
            info = path.lstat()
        except OSError:
            continue  # gone already (a stick pulled)
        if not stat.S_ISREG(info.st_mode):
            continue  # replaced by something else since it was listed
        if clock() - info.st_mtime < settle_seconds:
            continue
        stat_key = f"{path}|{info.st_size}|{info.st_mtime_ns}"
        sha = seen["stat"].get(stat_key)
        if not isinstance(sha, str):
            oversize = "oversize:" + hashlib.sha256(stat_key.encode()).hexdigest()
            if info.st_size > MAX_ARCHIVE_BYTES:
                sha = oversize
            else:
                try:
                    sha, _ = file_digest(path, limit=MAX_ARCHIVE_BYTES)
                except PackError:  # longer than its size said: the install refuses it too
                    sha = oversize
                except OSError as exc:
                    log.warning("cannot read %s yet: %s", path, exc.strerror or exc)
                    continue
        stat_cache[stat_key] = sha
        record = seen["files"].get(sha)
        if isinstance(record, dict) and (
            record.get("status") != "refused" or record.get("conditions") == conditions()
        ):
            continue
        log.info("new content pack found: %s", path)
        result = store.install(
            path, verify=verify, link_hosts=hosts, hotline_numbers=numbers, origin=origin
        )
        results.append(result)
        if result.transient:
            continue
        key = result.source_sha256 or sha
        stat_cache[stat_key] = key  # what the install read, should the two differ
        seen["files"][key] = {
            "name": path.name,
            "status": result.status,
            "message": result.message,
            "conditions": conditions(),
            "time": clock(),
        }
        changed = True
    if changed or stat_cache != seen["stat"]:
        files = seen["files"]
        newest = sorted(files, key=lambda k: _time_of(files[k]))[-SEEN_LIMIT:]
        data = {"files": {k: files[k] for k in newest}, "stat": stat_cache}
        try:
            write_json_atomic(seen_path, data)
        except OSError as exc:
            log.warning("cannot remember processed packs: %s", exc.strerror or exc)
    return results


def _time_of(record: Any) -> float:
    value = record.get("time", 0) if isinstance(record, dict) else 0
    return float(value) if isinstance(value, int | float) else 0.0
