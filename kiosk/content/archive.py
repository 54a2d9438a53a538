"""Safe unpacking of ``.kpack`` archives, and deterministic packing of a folder into one.

A ``.kpack`` is a zip that arrives from outside (a USB stick, a download), so nothing in it is
trusted. Every entry is checked before a byte is written: its name must be a plain relative path
(no ``..``, no absolute path, no backslash or drive letter), it must be a plain file or folder (no
symlink, no device), and the entry count and declared sizes must be within the limits. Then the
limits are enforced again while streaming, counting the bytes really written, so an archive whose
headers lie gets no further than one whose headers tell the truth.

Every problem names the archive entry and, where one applies, the limit, in words a member of staff
understands.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

from kiosk.content.problems import PackError, Problem, os_problem
from kiosk.content.validate import MAX_FILE_BYTES

MAX_ENTRIES = 2_000
MAX_TOTAL_BYTES = 200_000_000
# The archive itself is compressed; this leaves room for zip overhead on top of the unpacked limit.
MAX_ARCHIVE_BYTES = MAX_TOTAL_BYTES + 16_000_000
MAX_NAME_CHARS = 400
# The zip's table of contents is read into memory before the entries can be counted, so its size
# is checked first: a real entry takes about 100 bytes there.
MAX_DIRECTORY_BYTES = MAX_ENTRIES * 2048
MAX_REPORTED = 30  # beyond this many problems, say how many more rather than list them all

CHUNK = 1 << 16  # bytes per read when copying or hashing a file
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: builds are reproducible
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

__all__ = [
    "CHUNK",
    "MAX_ARCHIVE_BYTES",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_TOTAL_BYTES",
    "NotAPlainFile",
    "SourceReadError",
    "TransientError",
    "copy_file",
    "copy_tree",
    "fsync_dir",
    "name_problem",
    "open_plain_file",
    "pack_folder",
    "unpack",
    "walk_files",
    "write_chunk",
    "write_zip",
]


class TransientError(PackError):
    """Not the pack's fault (a stick pulled, the kiosk's disk full): trying again may work."""


class SourceReadError(TransientError):
    """The source could not be read in full (a USB stick pulled?); trying again may work."""


class NotAPlainFile(OSError):
    """The path is a symlink, folder, device or pipe where a regular file was expected."""


def open_plain_file(path: Path, *, follow_symlinks: bool = False) -> BinaryIO:
    """Open the regular file ``path`` for reading, without ever blocking on it.

    A hostile stick may hold a FIFO, a device or a link to ``/dev/zero`` under a ``.kpack`` name:
    opening a FIFO blocks and reading a device never ends. The path is checked before it is opened
    (so a device is never opened) and the open file again (in case it was swapped in between).

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
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotAPlainFile(errno.EINVAL, "not a plain file", str(path))
        # O_NONBLOCK has no effect on reading a regular file, so it may stay set.
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def write_chunk(fh: BinaryIO, data: bytes) -> None:
    """Write ``data`` to ``fh``.

    Every write of an install goes through this one function, so a test can make the disk "fill
    up" at any point by replacing it. Unbuffered files may write only part of ``data``; the
    rest is written until all of it is, or the OS raises (e.g. ``ENOSPC``).
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


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a safe path inside a pack, or None when it is.

    Folder entries of a zip end in ``/``; that one trailing slash is allowed.
    """
    if not name or name == "/":
        return "has an empty name"
    if len(name) > MAX_NAME_CHARS:
        return f"has a name longer than {MAX_NAME_CHARS} characters"
    if _CONTROL.search(name):
        return "has control characters in its name"
    if "\\" in name:
        return "uses a backslash (\\) in its path; paths inside a pack use /"
    if name.startswith("/"):
        return "is an absolute path; every path must stay inside the pack"
    if _DRIVE.match(name):
        return "starts with a drive letter; every path must stay inside the pack"
    parts = name[:-1].split("/") if name.endswith("/") else name.split("/")
    if ".." in parts:
        return "uses '..' to reach outside the pack; every path must stay inside the pack"
    if any(part in ("", ".") for part in parts):
        return "has an empty or '.' part in its path"
    return None


def _capped(problems: list[Problem], file: str) -> list[Problem]:
    if len(problems) <= MAX_REPORTED:
        return problems
    more = len(problems) - MAX_REPORTED
    return [*problems[:MAX_REPORTED], Problem(file, 0, "", f"... and {more:,} more problems")]


def _entry_problems(infos: list[zipfile.ZipInfo], label: str) -> list[Problem]:
    """Everything wrong with the archive's headers, before anything is unpacked."""
    if len(infos) > MAX_ENTRIES:
        return [
            Problem(
                label,
                0,
                "",
                f"the archive holds {len(infos):,} entries; the limit is {MAX_ENTRIES:,}",
            )
        ]
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    total = 0
    for info in infos:
        name = info.filename
        shown = name if len(name) <= MAX_NAME_CHARS else name[:MAX_NAME_CHARS] + "..."

        def refuse(message: str, shown: str = shown) -> None:
            problems.append(Problem(shown, 0, "", message))

        reason = name_problem(name)
        if reason:
            refuse(f"archive entry {reason}")
            continue
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind == stat.S_IFLNK:
            refuse("archive entry is a symbolic link; links are not allowed in a pack")
            continue
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            refuse("archive entry is a device or other special file; only plain files are allowed")
            continue
        if info.flag_bits & 0x1:
            refuse("archive entry is encrypted; packs cannot be encrypted")
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            refuse("archive entry uses a compression method packs do not use (stored or deflate)")
            continue
        key = name.rstrip("/").casefold()
        if key in seen:
            refuse(f"archive entry has the same name as {seen[key]!r} (upper/lower case aside)")
            continue
        seen[key] = name
        if info.is_dir() or kind == stat.S_IFDIR:
            continue
        if info.file_size > MAX_FILE_BYTES:
            refuse(
                f"file is {info.file_size:,} bytes unpacked; "
                f"the limit is {MAX_FILE_BYTES:,} bytes per file"
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        problems.append(
            Problem(
                label,
                0,
                "",
                f"the archive unpacks to {total:,} bytes; the limit is {MAX_TOTAL_BYTES:,} bytes",
            )
        )
    return _capped(problems, label)


def unpack(archive: Path, dest: Path, *, label: str | None = None) -> list[str]:
    """Unpack the ``.kpack`` at ``archive`` into the empty folder ``dest``.

    Args:
        archive: the zip file.
        dest: an existing, empty folder.
        label: how problems about the whole archive name it (default: its file name).

    Returns:
        The POSIX paths of the files written, sorted.

    Raises:
        PackError: the archive is not a zip, is damaged, breaks a limit or holds an unsafe entry;
            or the disk could not be written. ``dest`` may then hold part of the archive.
    """
    label = label or archive.name
    if any(dest.iterdir()):
        raise ValueError(f"{dest} is not empty")
    try:
        size = archive.stat().st_size
    except OSError as exc:
        raise TransientError([os_problem(label, exc, "read the archive")]) from None
    if size > MAX_ARCHIVE_BYTES:
        raise PackError(
            [
                Problem(
                    label,
                    0,
                    "",
                    f"the archive is {size:,} bytes; the limit is {MAX_ARCHIVE_BYTES:,} bytes",
                )
            ]
        )
    _check_directory(archive, label)
    try:
        zf = zipfile.ZipFile(archive)
    except OSError as exc:
        raise TransientError([os_problem(label, exc, "read the archive")]) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, KeyError):
        raise PackError(
            [Problem(label, 0, "", "is not a content pack: not a zip archive, or a damaged one")]
        ) from None
    with zf:
        infos = zf.infolist()
        problems = _entry_problems(infos, label)
        if problems:
            raise PackError(problems)
        return _extract(zf, infos, dest, label)


def _check_directory(archive: Path, label: str) -> None:
    """Refuse a zip whose table of contents is too big, before it is read into memory."""
    try:
        with archive.open("rb") as fh:
            end = zipfile._EndRecData(fh)  # type: ignore[attr-defined]
    except OSError as exc:
        raise TransientError([os_problem(label, exc, "read the archive")]) from None
    except Exception:  # not a zip: ZipFile() says so below, in its own words
        return
    if not end:
        return
    entries, size = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]  # type: ignore[attr-defined]
    if entries > MAX_ENTRIES:
        raise PackError(
            [
                Problem(
                    label,
                    0,
                    "",
                    f"the archive holds {entries:,} entries; the limit is {MAX_ENTRIES:,}",
                )
            ]
        )
    if size > MAX_DIRECTORY_BYTES:
        raise PackError(
            [
                Problem(
                    label,
                    0,
                    "",
                    f"the archive's table of contents is {size:,} bytes; "
                    f"the limit is {MAX_DIRECTORY_BYTES:,}",
                )
            ]
        )


def _extract(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], dest: Path, label: str
) -> list[str]:
    written_files: list[str] = []
    folders = {dest}
    total = 0
    for info in infos:
        name = info.filename
        target = dest.joinpath(*name.rstrip("/").split("/"))
        try:
            if info.is_dir() or stat.S_IFMT(info.external_attr >> 16) == stat.S_IFDIR:
                target.mkdir(parents=True, exist_ok=True)
                folders.add(target)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            flags |= getattr(os, "O_BINARY", 0)
            fd = os.open(target, flags, 0o644)
            with os.fdopen(fd, "wb", buffering=0) as out, zf.open(info) as src:
                count = 0
                while chunk := src.read(CHUNK):
                    count += len(chunk)
                    total += len(chunk)
                    if count > MAX_FILE_BYTES:
                        raise PackError(
                            [
                                Problem(
                                    name,
                                    0,
                                    "",
                                    f"file unpacks to more than {MAX_FILE_BYTES:,} bytes; "
                                    "that is the limit per file",
                                )
                            ]
                        )
                    if count > info.file_size:
                        raise PackError(
                            [Problem(name, 0, "", "file holds more data than the archive says")]
                        )
                    if total > MAX_TOTAL_BYTES:
                        raise PackError(
                            [
                                Problem(
                                    label,
                                    0,
                                    "",
                                    f"the archive unpacks to more than {MAX_TOTAL_BYTES:,} bytes;"
                                    " that is the limit",
                                )
                            ]
                        )
                    write_chunk(out, chunk)
                if count != info.file_size:
                    raise PackError(
                        [Problem(name, 0, "", "file is shorter than the archive says (damaged)")]
                    )
                os.fsync(out.fileno())
            written_files.append(name)
        except PackError:
            raise
        except OSError as exc:
            raise TransientError([os_problem(name, exc, "unpack this file")]) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
            detail = f" ({exc})" if str(exc) else ""
            raise PackError([Problem(name, 0, "", f"archive entry is damaged{detail}")]) from None
        except (NotImplementedError, RuntimeError):
            raise PackError(
                [Problem(name, 0, "", "archive entry cannot be read (unsupported or encrypted)")]
            ) from None
    for folder in folders:
        fsync_dir(folder)
    return sorted(written_files)


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
        raise PackError(_capped(problems, where))
    return sorted(files)


def _stream(src: BinaryIO, dst: BinaryIO, limit: int, label: str) -> tuple[int, str]:
    """Copy ``src`` to ``dst`` counting the real bytes; refuse past ``limit``."""
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
            write_chunk(dst, chunk)
        except OSError as exc:
            raise TransientError([os_problem(label, exc, "copy it to the kiosk")]) from None


def copy_file(src: Path, dest: Path, *, limit: int, label: str | None = None) -> str:
    """Copy ``src`` to the new file ``dest``, durably; a short read is refused, not half-copied.

    A USB stick may be pulled at any moment: a read error, or a file that ends before the size it
    had when opened, gives a clean refusal.

    Returns:
        The sha256 (hex) of the bytes copied.

    Raises:
        PackError: the source could not be read in full, is over ``limit``, or the disk is full.
    """
    label = label or src.name
    try:
        fin = open_plain_file(src, follow_symlinks=True)
    except NotAPlainFile:
        raise PackError(
            [Problem(label, 0, "", "is not a plain file (folders, devices and pipes are refused)")]
        ) from None
    except OSError as exc:
        raise SourceReadError([os_problem(label, exc, "read it")]) from None
    with fin:
        try:
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
            raise TransientError([os_problem(label, exc, "copy it to the kiosk")]) from None
        with fout:
            count, digest = _stream(fin, fout, limit, label)
            try:
                os.fsync(fout.fileno())
            except OSError as exc:
                raise TransientError([os_problem(label, exc, "copy it to the kiosk")]) from None
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
            raise TransientError([os_problem(relative, exc, "copy it to the kiosk")]) from None
        copy_file(source, target, limit=MAX_FILE_BYTES, label=relative)
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


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.create_system = 3  # Unix, whatever machine builds it, so the bytes are the same
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_zip(out: Path, entries: Mapping[str, Path | bytes]) -> None:
    """Write a deterministic zip: entries sorted by name, fixed times and modes.

    The file appears at ``out`` only when complete (written beside it, then renamed).

    Args:
        out: the archive to write.
        entries: archive name → a file to copy, or the bytes to store.
    """
    tmp = out.with_name(f".{out.name}.part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(entries):
                content = entries[name]
                if isinstance(content, bytes):
                    zf.writestr(_zip_info(name), content)
                else:
                    with content.open("rb") as src, zf.open(_zip_info(name), "w") as dst:
                        while chunk := src.read(CHUNK):
                            dst.write(chunk)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def pack_folder(folder: Path, out: Path, *, extra: Mapping[str, bytes] | None = None) -> list[str]:
    """Zip the pack in ``folder`` into ``out`` deterministically.

    Hidden files (``.DS_Store``, ``.git``) are left out. ``extra`` adds or replaces entries, e.g.
    ``MANIFEST`` and ``MANIFEST.sig``.

    Returns:
        The names of the folder's files that went in, sorted (``extra`` not included).
    """
    extra = dict(extra or {})
    files = walk_files(folder, skip_hidden=True, exclude=extra)
    entries: dict[str, Path | bytes] = {f: folder.joinpath(*f.split("/")) for f in files}
    entries.update(extra)
    write_zip(out, entries)
    return files
