"""Careful file I/O for installs: open without following, copy durably, write everything, fsync.

Everything that arrives from outside (a USB stick, the inbox) is hostile: a path may be swapped for
a symlink, a FIFO or a device between two looks at it. So a file is opened once, checked through its
descriptor, and everything is read from that descriptor. Every write of an install goes through
:func:`write_all`, so a test can make the disk "fill up" at any point by replacing it.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from kiosk.common.problems import PackError, Problem, capped, os_problem
from kiosk.content.limits import MAX_ENTRIES, MAX_FILE_BYTES, MAX_TOTAL_BYTES
from kiosk.content.words import name_problem

CHUNK = 1 << 16  # bytes per read when copying or hashing a file
DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
# The kiosk's own disk said no (staging made read-only, a permission changed, an I/O error):
# nothing about the pack. Other write errors (a name too long, a file where a folder is) come
# from what the pack holds, and are remembered like any verdict on it.
KIOSK_DISK = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO})

__all__ = [
    "CHUNK",
    "DiskFullError",
    "KioskDiskError",
    "NotAPlainFile",
    "SourceReadError",
    "TransientError",
    "copy_file",
    "copy_from",
    "copy_tree",
    "find_dropped",
    "fsync_dir",
    "open_plain_file",
    "open_source",
    "walk_files",
    "write_all",
    "write_error",
]


class TransientError(PackError):
    """Not the pack's fault (a stick pulled, the kiosk's disk full): trying again may work."""


class SourceReadError(TransientError):
    """The source could not be read in full (a USB stick pulled?); trying again may work."""


class DiskFullError(TransientError):
    """The kiosk's disk is full; worth retrying only for a pack whose signature verified."""


class KioskDiskError(TransientError):
    """The kiosk's own disk refused a write (not full); retried like a full disk."""


class NotAPlainFile(OSError):
    """The path is a symlink, folder, device or pipe where a regular file was expected."""


def write_error(label: str, exc: OSError, doing: str) -> PackError:
    """The refusal for a failed write: a full disk may pass, a name too long never will."""
    problem = os_problem(label, exc, doing)
    if exc.errno in DISK_FULL:
        return DiskFullError([problem])
    if exc.errno in KIOSK_DISK:
        return KioskDiskError([problem])
    return PackError([problem])


def open_plain_file(path: Path, *, follow_symlinks: bool = False) -> BinaryIO:
    """Open the regular file ``path`` for reading, once, without ever blocking on it.

    A hostile stick may hold a FIFO, a device or a link to ``/dev/zero`` under a ``.kpack`` name:
    opening a FIFO blocks and reading a device never ends. The path is checked before it is opened
    (so a device is never opened) and the open file again (in case it was swapped in between);
    read everything from the file returned, never from ``path`` again.

    Args:
        path: the file.
        follow_symlinks: accept a symlink to a regular file (a path an operator typed).

    Raises:
        NotAPlainFile: ``path`` is not a regular file.
        OSError: it could not be opened.
    """
    before = path.stat() if follow_symlinks else path.lstat()
    if not stat.S_ISREG(before.st_mode):
        raise NotAPlainFile(errno.EINVAL, "not a plain file", str(path))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link swapped in since the lstat
            raise NotAPlainFile(errno.EINVAL, "not a plain file", str(path)) from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotAPlainFile(errno.EINVAL, "not a plain file", str(path))
        # O_NONBLOCK has no effect on reading a regular file, so it may stay set.
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def write_all(fh: BinaryIO, data: bytes) -> None:
    """Write all of ``data`` to ``fh``.

    Unbuffered files may write only part of ``data``; the rest is written until all of it is, or
    the OS raises (e.g. ``ENOSPC``). Every write of an install goes through this one function.
    """
    view = memoryview(data)
    while view:
        written = fh.write(view)
        if not written:
            raise OSError(errno.EIO, "nothing was written")
        view = view[written:]


def fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in folder ``path`` durable (no-op where that is impossible)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open a folder
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a folder
        pass
    finally:
        os.close(fd)


def walk_files(root: Path, *, skip_hidden: bool = False, exclude: Iterable[str] = ()) -> list[str]:
    """Every file under ``root`` as a sorted POSIX path relative to it, checked like an archive.

    Args:
        root: the folder.
        skip_hidden: leave out files and folders whose name starts with ``.`` (editor and OS
            litter such as ``.DS_Store``), as ``pack build`` does.
        exclude: relative paths to leave out (e.g. ``MANIFEST``).

    Raises:
        PackError: a symlink, device or unsafe name, or a limit broken.
    """
    excluded = set(exclude)
    files: list[str] = []
    problems: list[Problem] = []
    total = 0
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(folder)
        rel_base = base.relative_to(root).as_posix()
        prefix = "" if rel_base == "." else rel_base + "/"
        kept = []
        for name in sorted(dirnames):
            if skip_hidden and name.startswith("."):
                continue
            if (base / name).is_symlink():
                problems.append(
                    Problem(prefix + name, 0, "", "is a symbolic link; links are not allowed")
                )
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            relative = prefix + name
            if (skip_hidden and name.startswith(".")) or relative in excluded:
                continue
            reason = name_problem(relative)
            if reason:
                problems.append(Problem(relative, 0, "", f"file {reason}"))
                continue
            try:
                info = (base / name).lstat()
            except OSError as exc:
                problems.append(os_problem(relative, exc, "read this file"))
                continue
            if stat.S_ISLNK(info.st_mode):
                problems.append(
                    Problem(relative, 0, "", "is a symbolic link; links are not allowed")
                )
            elif not stat.S_ISREG(info.st_mode):
                problems.append(
                    Problem(relative, 0, "", "is a device or special file; only plain files")
                )
            elif info.st_size > MAX_FILE_BYTES:
                problems.append(
                    Problem(
                        relative,
                        0,
                        "",
                        f"file is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,} per file",
                    )
                )
            else:
                total += info.st_size
                files.append(relative)
    where = root.name or str(root)
    if len(files) > MAX_ENTRIES:
        problems.append(
            Problem(where, 0, "", f"holds {len(files):,} files; the limit is {MAX_ENTRIES:,}")
        )
    if total > MAX_TOTAL_BYTES:
        problems.append(
            Problem(where, 0, "", f"holds {total:,} bytes; the limit is {MAX_TOTAL_BYTES:,}")
        )
    if problems:
        raise PackError(capped(problems, where))
    return sorted(files)


def _stream(src: BinaryIO, dst: BinaryIO, limit: int, label: str) -> tuple[int, str]:
    """Copy ``src`` to ``dst`` counting the real bytes; refuse past ``limit``."""
    import hashlib  # here: kiosk run loads OpenSSL only to hash a file (kiosk.common.digest)

    digest = hashlib.sha256()
    count = 0
    while True:
        try:
            chunk = src.read(CHUNK)
        except OSError as exc:
            raise SourceReadError([os_problem(label, exc, "read it")]) from None
        if not chunk:
            return count, digest.hexdigest()
        count += len(chunk)
        if count > limit:
            raise PackError(
                [Problem(label, 0, "", f"is more than {limit:,} bytes; that is the limit")]
            )
        digest.update(chunk)
        try:
            write_all(dst, chunk)
        except OSError as exc:
            raise write_error(label, exc, "copy it to the kiosk") from None


def copy_from(fin: BinaryIO, dest: Path, *, limit: int, label: str) -> str:
    """Copy the open file ``fin`` from its start into the new file ``dest``, durably.

    A USB stick may be pulled at any moment: a read error, or a file that ends before the size it
    had when opened, gives a clean refusal.

    Returns:
        The sha256 (hex) of the bytes copied.

    Raises:
        PackError: the source could not be read in full, is over ``limit``, or the disk is full.
    """
    try:
        fin.seek(0)
        expected = os.fstat(fin.fileno()).st_size
    except OSError as exc:
        raise SourceReadError([os_problem(label, exc, "read it")]) from None
    if expected > limit:
        raise PackError(
            [Problem(label, 0, "", f"is {expected:,} bytes; the limit is {limit:,} bytes")]
        )
    try:
        fout = dest.open("xb", buffering=0)
    except OSError as exc:
        raise write_error(label, exc, "copy it to the kiosk") from None
    with fout:
        count, digest = _stream(fin, fout, limit, label)
        try:
            os.fsync(fout.fileno())
        except OSError as exc:
            raise write_error(label, exc, "copy it to the kiosk") from None
    if count != expected:
        raise SourceReadError(
            [
                Problem(
                    label,
                    0,
                    "",
                    f"could be read only in part ({count:,} of {expected:,} bytes); "
                    "was the USB stick removed? Insert it again",
                )
            ]
        )
    return digest


def open_source(path: Path, label: str, *, follow_symlinks: bool) -> BinaryIO:
    """Open ``path`` for :func:`copy_from`, with the refusals staff understand.

    Raises:
        PackError: not a plain file (never worth retrying).
        SourceReadError: it could not be opened (gone, unreadable).
    """
    try:
        return open_plain_file(path, follow_symlinks=follow_symlinks)
    except NotAPlainFile:
        raise PackError(
            [Problem(label, 0, "", "is not a plain file (folders, devices and pipes are refused)")]
        ) from None
    except FileNotFoundError:
        raise SourceReadError([Problem(label, 0, "", "there is no such file or folder")]) from None
    except OSError as exc:
        raise SourceReadError([os_problem(label, exc, "read it")]) from None


def copy_file(src: Path, dest: Path, *, limit: int, label: str | None = None) -> str:
    """Copy the file ``src`` (a link an operator typed is followed) to the new file ``dest``.

    Returns:
        The sha256 (hex) of the bytes copied.

    Raises:
        PackError: see :func:`copy_from`; also when ``src`` is not a plain file.
    """
    label = label or src.name
    with open_source(src, label, follow_symlinks=True) as fin:
        return copy_from(fin, dest, limit=limit, label=label)


def copy_tree(src: Path, dest: Path) -> list[str]:
    """Copy the pack folder ``src`` into the empty folder ``dest`` within the archive limits.

    Returns:
        The POSIX paths of the files copied, sorted.

    Raises:
        PackError: a symlink, device, unsafe name or broken limit in ``src``, a read error, or a
            full disk.
    """
    files = walk_files(src)
    total = 0
    for relative in files:
        source = src.joinpath(*relative.split("/"))
        target = dest.joinpath(*relative.split("/"))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(relative, exc, "copy it to the kiosk") from None
        with open_source(source, relative, follow_symlinks=False) as fin:
            copy_from(fin, target, limit=MAX_FILE_BYTES, label=relative)
        total += target.stat().st_size
        if total > MAX_TOTAL_BYTES:
            raise PackError(
                [
                    Problem(
                        src.name,
                        0,
                        "",
                        f"the pack is more than {MAX_TOTAL_BYTES:,} bytes; that is the limit",
                    )
                ]
            )
    for folder in {dest, *(dest.joinpath(*f.split("/")).parent for f in files)}:
        fsync_dir(folder)
    return files


def find_dropped(
    home: Path, watch_globs: Iterable[str], suffix: str, limit: int
) -> list[tuple[Path, str]]:
    """Plain files named ``*suffix`` (any case) in ``home/inbox/`` and the watched folders.

    The drop folder and the sticks are searched alike for packs, public keys and venue messages.
    A glob may also match such a file directly. Sub-folders are not searched. Only regular files
    count: symlinks, folders, devices and pipes with the name are skipped. Names are filtered
    before anything else is asked of a file, so a folder of 56,000 photos costs one listing, and
    no more than ``limit`` files are returned (the first in name order).

    Returns:
        ``(path, origin)`` pairs, origin ``inbox`` or ``media``, without duplicates.
    """
    found: dict[Path, str] = {}

    def wanted(name: str) -> bool:
        return name.lower().endswith(suffix) and not name.startswith(".")

    def add_folder(folder: Path, origin: str) -> None:
        try:
            with os.scandir(folder) as listing:
                # The listing's own file type (no stat per file on most file systems); the scan
                # looks at each file once more, without following links, before it opens it.
                names = sorted(
                    entry.name
                    for entry in listing
                    if wanted(entry.name) and entry.is_file(follow_symlinks=False)
                )
        except OSError:
            return
        for name in names[: max(limit - len(found), 0)]:
            found.setdefault(folder / name, origin)

    add_folder(home / "inbox", "inbox")
    for pattern in watch_globs:
        for match in sorted(glob.glob(pattern)):  # noqa: PTH207 - absolute globs such as /media/*/
            if len(found) >= limit:
                break
            path = Path(match)
            if wanted(path.name) and is_plain_file(path):
                found.setdefault(path, "media")
            elif path.is_dir():
                add_folder(path, "media")
    return list(found.items())


def is_plain_file(path: Path) -> bool:
    """True for a regular file; a symlink is never followed (it may point at ``/dev/zero``), and
    a FIFO, which would block whoever opens it, is none."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False
