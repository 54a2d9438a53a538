"""The small files ``KIOSK_HOME`` keeps: atomic JSON, the install lock and the install journal.

``active.json``, ``versions.json``, ``last-install.json`` and ``inbox-seen.json`` are replaced
atomically (write a temp file, fsync, rename, fsync the folder), so a power cut leaves the old file
or the new one. ``logs/installs.jsonl`` is the journal of installs, activations and rollbacks; it
rotates by size so that nothing, not even a stick full of junk, can fill the disk with it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.common.problems import PackError, Problem
from kiosk.content import files

log = logging.getLogger("kiosk.store")

JOURNAL_MAX_BYTES = 1_000_000
JOURNAL_KEEP = 3  # rotated files kept beside the current one: installs.jsonl.1 … .3
LOCK_TIMEOUT = 60.0
# `log.warning("...", x, extra=SECURITY)`: a security event (a pack installed, refused or made
# live, a key trusted, a wrong PIN), also kept in logs/security.log by kiosk.ops.logfile. Here, in
# the core, so the store and the staff panel mark events with one marker that logfile reads.
SECURITY: Mapping[str, object] = {"security": True}


def write_json_atomic(
    path: Path,
    data: Any,
    *,
    before_rename: Callable[[], None] | None = None,
    mode: int = 0o644,
) -> None:
    """Replace ``path`` by ``data`` as JSON: write a temp file, fsync, rename, fsync the folder.

    Args:
        path: the file to replace.
        data: anything ``json.dumps`` takes.
        before_rename: called once the temp file is durable, just before the rename (crash
            tests stop the process there).
        mode: the file's permissions (0600 for the staff PIN's hash), set before it is named.

    Raises:
        OSError: the write failed (e.g. ``ENOSPC``); ``path`` is then as it was.
    """
    raw = (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(fd, "wb", buffering=0) as fh:
            if mode != 0o644:
                os.fchmod(fh.fileno(), mode)  # exact, whatever the umask
            files.write_all(fh, raw)
            os.fsync(fh.fileno())
        if before_rename is not None:
            before_rename()
        Path(tmp).replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    files.fsync_dir(path.parent)


class Damaged:
    """What :func:`read_json` returns for a file that exists but is not JSON (or is empty)."""


DAMAGED = Damaged()


def read_json(path: Path, *, limit: int = 4_000_000) -> Any:
    """The JSON in ``path``; None when it does not exist; :data:`DAMAGED` when it cannot be used.

    A file over ``limit`` bytes is damaged too: it is never read whole.
    """
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.error("cannot read %s: %s", path, exc.strerror or exc)
        return DAMAGED
    if len(raw) > limit:
        return DAMAGED
    try:
        return json.loads(raw)
    except ValueError:
        return DAMAGED


# -- the lock ----------------------------------------------------------------------------------

if sys.platform == "win32":  # pragma: no cover - the kiosk runs on Linux; Windows for authors
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


class StoreBusy(PackError):
    """Another process holds ``KIOSK_HOME/.lock``."""


@contextmanager
def hold_lock(lock_file: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold ``lock_file`` (shared by the CLI and the running kiosk).

    Raises:
        StoreBusy: another process held it for ``timeout`` seconds.
        OSError: the lock file could not be opened.
    """
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    [
                        Problem(
                            ".lock",
                            0,
                            "",
                            "another pack install is running on this kiosk; try again in a minute",
                        )
                    ]
                )
            time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


# -- the journal -------------------------------------------------------------------------------


class Journal:
    """``logs/installs.jsonl``: one JSON object a line, rotated by size.

    When the file would grow past ``max_bytes`` it becomes ``installs.jsonl.1`` (the older ones
    move up, the oldest beyond ``keep`` is dropped), so the journal never takes more than about
    ``(keep + 1) * max_bytes`` of the disk.
    """

    def __init__(
        self, path: Path, *, max_bytes: int = JOURNAL_MAX_BYTES, keep: int = JOURNAL_KEEP
    ) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.keep = keep

    def _rotated(self, number: int) -> Path:
        return self.path.with_name(f"{self.path.name}.{number}")

    def append(self, entry: dict[str, Any]) -> None:
        """Add ``entry`` as one line.

        Raises:
            OSError: it could not be written.
        """
        line = (json.dumps(entry, sort_keys=True) + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            size = 0
        if size and size + len(line) > self.max_bytes:
            self._rotated(self.keep).unlink(missing_ok=True)
            for number in range(self.keep - 1, 0, -1):
                older = self._rotated(number)
                if older.exists():
                    Path(older).replace(self._rotated(number + 1))
            Path(self.path).replace(self._rotated(1))
        with self.path.open("ab") as fh:
            files.write_all(fh, line)

    def entries(self) -> list[dict[str, Any]]:
        """Every readable entry, oldest first (lines that are not JSON objects are skipped)."""
        found: list[dict[str, Any]] = []
        for path in [*(self._rotated(n) for n in range(self.keep, 0, -1)), self.path]:
            try:
                with path.open("rb") as fh:
                    raw = fh.read(self.max_bytes * 2)
            except OSError:
                continue
            for line in raw.splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if isinstance(entry, dict):
                    found.append(entry)
        return found
