"""Find new ``.kpack`` files in ``KIOSK_HOME/inbox/`` and on removable media, and install them.

The running kiosk calls :func:`scan_for_new_packs` every few seconds (off the UI thread). Files are
never deleted or changed where they are found (a stick may be read-only). What was processed is
remembered in ``KIOSK_HOME/inbox-seen.json``:

* a pack by its identity (id, version, MANIFEST digest), so a re-zipped copy is the same pack;
  a signed pack installed or refused is never forgotten;
* every file by its sha256, pointing at that identity, or, for junk that never got that far, with
  its outcome (junk memory is bounded, but what is on a stick right now is never forgotten, so a
  stick of 600 files is not processed again on every poll);
* a file's path, size and time, so an unchanged file is not even hashed again.

A refused file is tried again only when what decided the refusal changes (the trusted keys, the
link allow-list, ``verify`` or the app's version). Only what is not the pack's fault is retried on
its own (see :func:`kiosk.intake.trust.is_transient`), after a capped, growing delay. A file that
cannot even be opened or hashed (a damaged stick answering EIO) waits the same way, remembered by
its path, size and time; such retries have their own small share of each scan
(``retries_per_scan``), so files that always fail never use up the share of new ones.

A stick may hold tens of thousands of files (by accident or on purpose). Every cost is bounded
(:class:`ScanLimits`): at most ``candidates`` ``.kpack`` files at the watched depth are looked at
per scan, at most ``new_per_scan`` new ones are opened and hashed (the rest wait for the next
poll), and the memory holds at most ``files`` file records (the oldest absent ones forgotten
first) with every string in them capped, so ``inbox-seen.json`` stays under its own size cap and
is never read back as damaged (which made the kiosk hash everything again on every poll).

A refusal is remembered only when it is a verdict on the bytes that were hashed: after one, the
file is read again from the same descriptor, and if it no longer reads whole with the same digest
(a stick pulled, a file rewritten in place while it was read) the refusal says nothing about the
pack and the file is tried again later, so the intact file is installed when it comes back.

Each file is opened once, without following a symlink, and everything (its hash, the signature
check, the copy into ``staging/``) is read from that descriptor: a name swapped for a link to a
folder or to ``packs/<id>/<version>`` between two looks is never followed. Only regular files are
considered: a FIFO, a device or a link to ``/dev/zero`` named ``pack.kpack`` would block or never
end. Nothing is read past :data:`~kiosk.content.limits.MAX_ARCHIVE_BYTES`.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from kiosk import __version__
from kiosk.common.digest import sha256
from kiosk.common.message import ARGS_MAX, Message
from kiosk.content import files, records
from kiosk.content.limits import MAX_ARCHIVE_BYTES
from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS
from kiosk.content.validate import DEFAULT_LINK_HOSTS
from kiosk.content.words import NAME_LIMIT, clean_name, log_quote
from kiosk.intake import trust
from kiosk.intake.store import InstallResult, PackStore

log = logging.getLogger("kiosk.inbox")

SEEN_FILE = "inbox-seen.json"
JUNK_LIMIT = 5_000  # junk remembered by file digest, beyond the files present now
MEMORY_MAX_BYTES = 64_000_000
SETTLE_SECONDS = 2.0  # a file changed more recently may still be being copied in
SUFFIX = ".kpack"
# Stands for a digest in the memory when a file could not be read (keyed by its stat key).
UNREADABLE = "unreadable:"
# The installer's reason as remembered for the staff panel (it quotes names from the archive).
MESSAGE_LIMIT = 200
# The same reason as the staff panel words it (kiosk.common.message): its arguments are names
# and numbers, each cut to this many characters, and the whole at most SAID_BYTES of JSON (a
# longer one is remembered as "the log says why").
SAID_ARG_LIMIT = 120
SAID_BYTES = 1_200
# The most one remembered file costs in inbox-seen.json (indented, every character of the name
# and the reason escaped as a surrogate pair): keys, digests and times, plus the two texts, and
# the reason as the panel words it with its indentation.
ENTRY_MAX_BYTES = 400 + 12 * (NAME_LIMIT + MESSAGE_LIMIT) + SAID_BYTES + 200


@dataclass(frozen=True)
class ScanLimits:
    """What one scan may cost, whatever a stick holds (tests pass small ones).

    Attributes:
        candidates: ``.kpack`` files looked at per scan (the drop folder first, then the
            watched folders in order); more are left alone, and said once per scan.
        new_per_scan: files not seen before that are opened and hashed per scan; the rest wait
            for the next poll, so a stick of 56,000 files costs one poll's worth at a time.
        retries_per_scan: files tried again after a failure that was not the pack's fault (a
            read error, a stick pulled, a busy store) per scan. Apart from ``new_per_scan``, so
            files that always fail (a damaged stick) never hold back the new ones behind them.
        files: file records kept in the memory; beyond it the oldest absent ones go first.
        packs: pack identities kept; beyond it the oldest no file points at go first.
        memory_bytes: the most ``inbox-seen.json`` may hold (read and written).
    """

    candidates: int = 2_000
    new_per_scan: int = 25
    retries_per_scan: int = 5
    files: int = 7_000
    packs: int = 2_000
    memory_bytes: int = MEMORY_MAX_BYTES


def worst_case_bytes(limits: ScanLimits) -> int:
    """The most the memory's records can take at these limits, every string at its longest.

    Files and packs at :data:`ENTRY_MAX_BYTES`; a stat entry and a retry per file looked at.
    The defaults stay well under :data:`MEMORY_MAX_BYTES` (a test holds it), so the last check
    in :meth:`_Memory.save` never has to forget anything.
    """
    return (limits.files + limits.packs) * ENTRY_MAX_BYTES + limits.candidates * 2 * 200


def find_candidates(
    home: Path, watch_globs: Iterable[str], *, limit: int = ScanLimits.candidates
) -> list[tuple[Path, str]]:
    """Every ``.kpack`` in ``home/inbox/`` and in the folders the ``watch_globs`` match.

    A glob may also match ``.kpack`` files directly. Sub-folders are not searched. Only regular
    files count: symlinks, folders, devices and pipes with a ``.kpack`` name are skipped. Names
    are filtered before anything else is asked of a file, so a folder of 56,000 photos costs one
    listing, and no more than ``limit`` files are returned (the first in name order). The suffix
    is matched in any case (``PACK.KPACK`` on a FAT stick).

    Returns:
        ``(path, origin)`` pairs, origin ``inbox`` or ``media``, without duplicates.
    """
    return files.find_dropped(home, watch_globs, SUFFIX, limit)


def _stat_key(path: Path, info: os.stat_result) -> str:
    """A fixed-size key for a file's path, size and time: a 4 KB path costs 32 characters."""
    text = f"{path}|{info.st_size}|{info.st_mtime_ns}"
    return sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _conditions(
    store: PackStore, verify: bool, link_hosts: tuple[str, ...], numbers: tuple[str, ...]
) -> str:
    """A fingerprint of what decides a refusal; when it changes, refused files are retried."""
    keys = sorted(k.key_id for k in store.trusted_keys())
    # The app's version too: an upgrade may accept what an older kiosk refused.
    text = json.dumps([keys, sorted(link_hosts), verify, __version__, sorted(numbers)])
    return sha256(text.encode()).hexdigest()[:16]


class _Memory:
    """``inbox-seen.json``: packs by identity, files by digest, retries and the stat cache."""

    def __init__(self, path: Path, limits: ScanLimits | None = None) -> None:
        self.path = path
        self.limits = limits or ScanLimits()
        # Generous: a memory read as damaged is a stick processed again on every poll.
        data = records.read_json(path, limit=self.limits.memory_bytes)
        data = data if isinstance(data, dict) else {}

        def section(name: str) -> dict[str, Any]:
            value = data.get(name)
            return value if isinstance(value, dict) else {}

        self.packs = section("packs")
        self.files = section("files")
        self.retry = section("retry")
        self.stat = section("stat")
        self.dirty = False

    def outcome(self, sha: str) -> dict[str, Any] | None:
        """What happened to the file ``sha`` last time, through its identity when it had one."""
        record = self.files.get(sha)
        if not isinstance(record, dict):
            return None
        key = record.get("pack")
        if isinstance(key, str):
            pack = self.packs.get(key)
            return pack if isinstance(pack, dict) else None
        return record

    def due(self, sha: str) -> float:
        """When the transient failure of ``sha`` may be tried again (0 when not waiting)."""
        record = self.retry.get(sha)
        next_try = record.get("next") if isinstance(record, dict) else None
        return float(next_try) if isinstance(next_try, int | float) else 0.0

    def waiting(self, sha: str, now: float) -> bool:
        """True while a transient failure of ``sha`` waits for its next try."""
        record = self.retry.get(sha)
        next_try = record.get("next") if isinstance(record, dict) else None
        return isinstance(next_try, int | float) and now < next_try

    def remember(self, sha: str, result: InstallResult, record: dict[str, Any]) -> None:
        self.dirty = True
        self.retry.pop(sha, None)
        if result.identity is not None:
            self.packs[result.identity.key] = record
            self.files[sha] = {"pack": result.identity.key, "time": record["time"]}
        else:
            self.files[sha] = record

    def postpone(self, sha: str, now: float) -> float:
        """Count a transient failure of ``sha``; returns the delay before the next try."""
        self.dirty = True
        record = self.retry.get(sha)
        attempts = record.get("attempts", 0) if isinstance(record, dict) else 0
        attempts = (attempts if isinstance(attempts, int) else 0) + 1
        delay = trust.retry_delay(attempts)
        self.retry[sha] = {"attempts": attempts, "next": now + delay}
        return delay

    def _forget(self, present: set[str]) -> None:
        """Keep the records within their limits: absent junk beyond JUNK_LIMIT, then any file
        beyond ``files`` (absent before present, oldest first), then packs no file points at."""
        absent = sorted((k for k in self.files if k not in present), key=self._age)
        drop = max(len(absent) - JUNK_LIMIT, len(self.files) - self.limits.files, 0)
        doomed = absent[:drop]
        if drop > len(absent):
            kept = sorted((k for k in self.files if k in present), key=self._age)
            doomed += kept[: drop - len(absent)]
        for key in doomed:
            del self.files[key]
        if len(self.packs) > self.limits.packs:
            used = {r.get("pack") for r in self.files.values() if isinstance(r, dict)}
            spare = sorted((k for k in self.packs if k not in used), key=self._pack_age)
            for key in spare[: len(self.packs) - self.limits.packs]:
                del self.packs[key]
        self.dirty = self.dirty or bool(doomed)

    def _age(self, key: str) -> float:
        return _time_of(self.files[key])

    def _pack_age(self, key: str) -> float:
        return _time_of(self.packs[key])

    def _data(self) -> dict[str, Any]:
        return {"packs": self.packs, "files": self.files, "retry": self.retry, "stat": self.stat}

    def _fit(self) -> None:
        """The last guard of the size cap: forget the oldest quarter until the file fits.

        The limits keep the file far below its cap; this holds even if they are set wrongly, so
        the memory is never written too big to be read back (which would forget everything).
        """
        while True:
            size = len(json.dumps(self._data(), indent=2, sort_keys=True).encode("utf-8")) + 1
            if size <= self.limits.memory_bytes:
                return
            log.warning("inbox-seen.json would hold %d bytes; forgetting its oldest records", size)
            for section, age in ((self.files, self._age), (self.packs, self._pack_age)):
                oldest = sorted(section, key=age)[: max(1, len(section) // 4)]
                for key in oldest:
                    del section[key]
            if not self.files and not self.packs:
                if not self.retry and not self.stat:
                    return  # nothing left to forget: a cap below an empty file
                self.retry, self.stat = {}, {}

    def save(self, present: set[str], stat_cache: dict[str, str]) -> None:
        """Write it back if it changed, within its limits."""
        self.dirty = self.dirty or stat_cache != self.stat
        self.stat = stat_cache
        retry = {k: v for k, v in self.retry.items() if k in present}
        self.dirty = self.dirty or len(retry) != len(self.retry)
        self.retry = retry
        self._forget(present)
        if not self.dirty:
            return
        self._fit()
        try:
            records.write_json_atomic(self.path, self._data())
        except OSError as exc:
            log.warning("cannot remember processed packs: %s", exc.strerror or exc)
            return
        self.dirty = False


def _digest(fh: BinaryIO, stat_key: str) -> str:
    """The sha256 of the open file, read once from its descriptor; never past the limit."""
    return _read_digest(fh, stat_key)


def _read_digest(fh: BinaryIO, stat_key: str) -> str:
    import hashlib  # OpenSSL (libcrypto) only once a file is to be hashed: kiosk.common.digest

    oversize = "oversize:" + sha256(stat_key.encode()).hexdigest()
    digest = hashlib.sha256()
    size = 0
    fh.seek(0)
    while chunk := fh.read(files.CHUNK):
        size += len(chunk)
        if size > MAX_ARCHIVE_BYTES:  # longer than its size said: the install refuses it too
            return oversize
        digest.update(chunk)
    return digest.hexdigest()


def _still_reads_as(fh: BinaryIO, sha: str, stat_key: str) -> bool:
    """Whether the open file still reads, whole, as the bytes whose digest was ``sha``.

    Asked after a refusal: a verdict is remembered against a digest only when the install judged
    those bytes. A stick pulled, or a file rewritten in place while it was read, gives a read
    error or other bytes here: the refusal says nothing about the pack, and it is tried again.
    """
    if sha.startswith("oversize:"):
        return True  # judged on its size alone
    try:
        return _read_digest(fh, stat_key) == sha
    except OSError:
        return False


@dataclass(frozen=True)
class _Todo:
    """A file this scan may open: where it was listed, and what the memory knew of it."""

    index: int
    path: Path
    origin: str
    info: os.stat_result
    stat_key: str
    known: str | None


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
    limits: ScanLimits | None = None,
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
        limits: what one scan may cost (:class:`ScanLimits`; tests pass small ones).

    Returns:
        The outcome of each install attempted, in order; empty when nothing was new. A caller
        that sees an ``installed`` result knows ``active.json`` changed.
    """
    hosts, numbers = tuple(link_hosts), tuple(hotline_numbers)
    limits = limits or ScanLimits()
    if store is None:
        store = PackStore(home)
    memory = _Memory(store.home / SEEN_FILE, limits)
    # Computed only when a file needs it: it reads every trusted key.
    conditions = functools.cache(lambda: _conditions(store, verify, hosts, numbers))
    results: list[InstallResult] = []
    stat_cache: dict[str, str] = {}
    present: set[str] = set()

    def unreadable(path: Path, stat_key: str, exc: OSError) -> None:
        """A file that cannot be opened or hashed waits like a transient refusal: remembered by
        its path, size and time (its digest is unknown), tried again after a growing delay."""
        key = UNREADABLE + stat_key
        stat_cache[stat_key] = key
        present.add(key)
        delay = memory.postpone(key, clock())
        log.warning(
            "cannot read %s (%s): will try again in %.0f s",
            log_quote(str(path)),
            exc.strerror or exc,
            delay,
        )

    def settled(record: dict[str, Any] | None) -> bool:
        return isinstance(record, dict) and (
            record.get("status") != "refused" or record.get("conditions") == conditions()
        )

    candidates = find_candidates(store.home, watch_globs, limit=limits.candidates + 1)
    _say_if_too_many(store.home, len(candidates) > limits.candidates, limits.candidates)
    candidates = candidates[: limits.candidates]
    new: list[_Todo] = []
    retries: list[_Todo] = []
    for index, (path, origin) in enumerate(candidates):
        try:
            info = path.lstat()
        except OSError:
            continue  # gone already (a stick pulled)
        if not stat.S_ISREG(info.st_mode) or clock() - info.st_mtime < settle_seconds:
            continue
        stat_key = _stat_key(path, info)
        known = memory.stat.get(stat_key)
        if not isinstance(known, str):
            new.append(_Todo(index, path, origin, info, stat_key, None))
        elif settled(memory.outcome(known)) or memory.waiting(known, clock()):
            stat_cache[stat_key] = known
            present.add(known)
        elif known in memory.retry:
            # Kept while it waits for a share, so its count of attempts (its delay) is not lost.
            stat_cache[stat_key] = known
            present.add(known)
            retries.append(_Todo(index, path, origin, info, stat_key, known))
        else:
            new.append(_Todo(index, path, origin, info, stat_key, known))
    # This poll's shares: the first new files, and the retries that have waited longest (the
    # first by name would take the share every time); the rest wait for the next poll.
    retries.sort(key=lambda todo: memory.due(todo.known or ""))
    chosen = new[: limits.new_per_scan] + retries[: limits.retries_per_scan]
    for todo in sorted(chosen, key=lambda todo: todo.index):
        path, info, stat_key, known = todo.path, todo.info, todo.stat_key, todo.known
        try:
            fh = files.open_plain_file(path)
        except files.NotAPlainFile:
            continue  # swapped for a link, folder or device since it was listed: never followed
        except OSError as exc:
            unreadable(path, stat_key, exc)
            continue
        with fh:
            try:
                sha = _digest(fh, stat_key) if info.st_size <= MAX_ARCHIVE_BYTES else None
            except OSError as exc:
                unreadable(path, stat_key, exc)
                continue
            if isinstance(known, str) and known.startswith(UNREADABLE):
                present.discard(known)  # readable again: its wait is over, and forgotten
            sha = sha or "oversize:" + sha256(stat_key.encode()).hexdigest()
            stat_cache[stat_key] = sha
            present.add(sha)
            if settled(memory.outcome(sha)) or memory.waiting(sha, clock()):
                continue
            log.info("new content pack found: %s", log_quote(str(path)))
            # The install reads this descriptor too: the path is never opened again.
            result = store.install(
                path,
                verify=verify,
                link_hosts=hosts,
                hotline_numbers=numbers,
                origin=todo.origin,
                opened=fh,
            )
            # A refusal is a verdict only on the bytes hashed; anything else is tried again.
            judged = result.status != "refused" or _still_reads_as(fh, sha, stat_key)
        results.append(result)
        if result.transient or not judged:
            delay = memory.postpone(sha, clock())
            log.info("will try %s again in %.0f s", log_quote(path.name), delay)
            continue
        record = {
            "name": clean_name(path.name),
            "status": result.status,
            "message": clean_name(result.message, MESSAGE_LIMIT),
            "said": _remembered(result.said),
            "conditions": conditions(),
            "time": clock(),
        }
        memory.remember(sha, result, record)
    memory.save(present, stat_cache)
    return results


_too_many: set[Path] = set()  # homes whose sticks hold more files than a scan reads (said once)


def _say_if_too_many(home: Path, too_many: bool, limit: int) -> None:
    """Say once, not on every poll, that only the first ``limit`` files are read."""
    if too_many and home not in _too_many:
        _too_many.add(home)
        log.warning(
            "more than %d pack files in the drop folder and on sticks: only the first are read",
            limit,
        )
    elif not too_many:
        _too_many.discard(home)


def _time_of(record: Any) -> float:
    value = record.get("time", 0) if isinstance(record, dict) else 0
    return float(value) if isinstance(value, int | float) else 0.0


KEYS_SHOWN = 20  # .pub files offered on the staff panel: each is read on the GUI thread


def find_public_keys(
    home: Path, watch_globs: Iterable[str], *, limit: int = KEYS_SHOWN
) -> list[tuple[Path, str]]:
    """``.pub`` files beside the packs (inbox and media tops), for staff to trust on screen.

    At most ``limit`` (the first by name, the drop folder first): a stick of thousands of
    ``.pub`` files must not freeze the panel that reads each one. Found as the packs are (any
    case: ``KEY.PUB`` on a FAT stick; a glob may name a key file directly).

    Returns:
        ``(path, origin)`` pairs as :func:`find_candidates` gives them; only plain files.
    """
    return files.find_dropped(home, watch_globs, ".pub", limit)


def _remembered(said: Message | None) -> dict[str, Any] | None:
    """A refusal's reason as inbox-seen.json keeps it, within :data:`SAID_BYTES`."""
    if said is None:
        return None
    data = _bounded(said).to_json()
    if len(json.dumps(data)) > SAID_BYTES:
        return Message.of("seeLog").to_json()
    return data


def _bounded(said: Message, depth: int = 0) -> Message:
    """A reason fit to remember: its text arguments cut, messages inside it at most 3 deep."""
    args: list[tuple[str, str | int | float | Message]] = []
    for key, value in said.args[:ARGS_MAX]:
        if isinstance(value, Message):
            args.append((key, _bounded(value, depth + 1) if depth < 2 else Message.of("seeLog")))
        elif isinstance(value, str):
            args.append((key, clean_name(value, SAID_ARG_LIMIT) if value else ""))
        else:
            args.append((key, value))
    return Message(said.kind, tuple(args))


@dataclass(frozen=True)
class Outcome:
    """What the kiosk made of a ``.kpack`` present now (:func:`last_outcomes`).

    Attributes:
        path: where it is.
        origin: ``inbox`` (the drop folder) or ``media`` (a stick).
        status: ``installed``, ``unchanged``, ``refused``, ``retrying`` or ``new``.
        message: the installer's words (English, cleaned), "" when none.
        said: why it was refused, as the staff panel words it (None: not refused, or
            remembered by a kiosk before reasons were kept so).
    """

    path: Path
    origin: str
    status: str
    message: str = ""
    said: Message | None = None


def last_outcomes(
    home: Path, watch_globs: Iterable[str], limits: ScanLimits | None = None
) -> list[Outcome]:
    """The ``.kpack`` files present now and what the kiosk made of each, without reading them.

    What is known comes from ``inbox-seen.json`` (by path, size and time): a file not looked at
    yet is ``new``. Nothing is hashed here, but a stick may be slow: the staff panel calls it
    off the GUI thread.
    """
    limits = limits or ScanLimits()
    memory = _Memory(home / SEEN_FILE, limits)
    out: list[Outcome] = []
    for path, origin in find_candidates(home, watch_globs, limit=limits.candidates):
        try:
            info = path.lstat()
        except OSError:
            continue
        sha = memory.stat.get(_stat_key(path, info))
        record = memory.outcome(sha) if isinstance(sha, str) else None
        if isinstance(sha, str) and sha in memory.retry:
            out.append(Outcome(path, origin, "retrying", "could not be read yet; trying again"))
        elif record is None:
            out.append(Outcome(path, origin, "new", "not checked yet"))
        else:
            status = str(record.get("status", "?"))
            message = str(record.get("message", ""))
            out.append(
                Outcome(path, origin, status, message, Message.from_json(record.get("said")))
            )
    return out
