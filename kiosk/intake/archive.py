"""``.kpack`` archives: read and check one before anything is unpacked; write one reproducibly.

A ``.kpack`` is a zip that arrives from outside (a USB stick, a download), so nothing in it is
trusted. :class:`Archive` reads only the zip's table of contents and checks every entry: its
name must be a plain relative path (no ``..``, no absolute path, no backslash or drive letter), it
must be a plain file or folder (no symlink, no device), and the entry count and declared sizes must
be within the limits. Small entries (MANIFEST, MANIFEST.sig, pack.yaml) can then be read with a
bounded read, so the signature is checked before a byte is written. Unpacking enforces the limits
again while streaming, counting the bytes really written, and checks each file's sha256 against the
signed MANIFEST: an archive whose headers lie gets no further than one whose headers are true.

Every problem names the archive entry and, where one applies, the limit, in words a member of staff
understands.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from kiosk.common.message import Message
from kiosk.common.problems import PackError, Problem, capped, os_problem
from kiosk.content import files
from kiosk.content.files import CHUNK, SourceReadError
from kiosk.content.limits import (
    MAX_ARCHIVE_BYTES,
    MAX_DIRECTORY_BYTES,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_NAME_CHARS,
    MAX_TOTAL_BYTES,
)
from kiosk.intake import trust
from kiosk.intake.trust import Entry

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: builds are reproducible
NOT_A_ZIP = "is not a content pack: not a zip archive, or a damaged one"

__all__ = [
    "Archive",
    "pack_folder",
    "unpack",
    "write_zip",
]


def _is_folder(info: zipfile.ZipInfo) -> bool:
    return info.is_dir() or stat.S_IFMT(info.external_attr >> 16) == stat.S_IFDIR


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

        reason = trust.name_problem(name)
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
        if _is_folder(info):
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
    return capped(problems, label)


class Archive:
    """An open ``.kpack`` whose table of contents was read and checked; nothing unpacked yet.

    Attributes:
        label: how problems about the whole archive name it.
        files: every file entry's name and declared size.
        folders: every folder entry's name, without the final ``/``.
    """

    def __init__(self, fh: BinaryIO, label: str) -> None:
        """Read the table of contents of the open zip ``fh``.

        Raises:
            PackError: not a zip, too big, or an entry breaks a rule (every problem at once).
            SourceReadError: the file could not be read.
        """
        self.label = label
        try:
            size = os.fstat(fh.fileno()).st_size
            fh.seek(0)
        except OSError as exc:
            raise SourceReadError([os_problem(label, exc, "read the archive")]) from None
        if size > MAX_ARCHIVE_BYTES:
            raise PackError(
                [
                    Problem(
                        label,
                        0,
                        "",
                        f"the archive is {size:,} bytes; the limit is {MAX_ARCHIVE_BYTES:,} bytes",
                    )
                ],
                Message.of("tooLarge"),
            )
        _check_directory(fh, label)
        try:
            self._zf = zipfile.ZipFile(fh)
        except OSError as exc:
            raise SourceReadError([os_problem(label, exc, "read the archive")]) from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, KeyError):
            raise PackError([Problem(label, 0, "", NOT_A_ZIP)], Message.of("notAPack")) from None
        self.infos = self._zf.infolist()
        problems = _entry_problems(self.infos, label)
        if problems:
            self._zf.close()
            raise PackError(problems)
        self.files = {i.filename: i.file_size for i in self.infos if not _is_folder(i)}
        self.folders = {i.filename.rstrip("/") for i in self.infos if _is_folder(i)}

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._zf.close()

    def read(self, name: str, limit: int) -> bytes | None:
        """The bytes of the file entry ``name``, or None when there is none; at most ``limit``.

        Raises:
            PackError: the entry is longer than ``limit`` or damaged.
        """
        if name not in self.files:
            return None
        if self.files[name] > limit:
            raise PackError(
                [Problem(name, 0, "", f"is {self.files[name]:,} bytes; the limit is {limit:,}")],
                Message.of("tooLarge"),
            )
        try:
            with self._zf.open(name) as src:
                data = src.read(limit + 1)
        except OSError as exc:
            raise SourceReadError([os_problem(self.label, exc, "read the archive")]) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
            problem = Problem(name, 0, "", f"archive entry is damaged ({exc})")
            raise PackError([problem], Message.of("damaged")) from None
        if len(data) > limit:
            problem = Problem(name, 0, "", f"is more than {limit:,} bytes; the limit")
            raise PackError([problem], Message.of("tooLarge"))
        return data

    def extract(self, dest: Path, *, signed: Mapping[str, Entry] | None = None) -> list[str]:
        """Unpack every entry into the empty folder ``dest``.

        Args:
            dest: an existing, empty folder.
            signed: the verified MANIFEST by path; each file's sha256 must match its entry.

        Returns:
            The POSIX paths of the files written, sorted.

        Raises:
            PackError: a limit broken while streaming, a damaged entry, a file other than the one
                signed, or a write that failed (:class:`files.DiskFullError` for a full disk).
                ``dest`` may then hold part of the archive.
        """
        if any(dest.iterdir()):
            raise ValueError(f"{dest} is not empty")
        return _extract(self._zf, self.infos, dest, self.label, signed)


def unpack(archive: Path, dest: Path, *, label: str | None = None) -> list[str]:
    """Unpack the ``.kpack`` at ``archive`` (a path an operator gave) into the empty ``dest``.

    Raises:
        PackError: see :class:`Archive` and :meth:`Archive.extract`.
    """
    label = label or archive.name
    if any(dest.iterdir()):
        raise ValueError(f"{dest} is not empty")
    with files.open_source(archive, label, follow_symlinks=True) as fh, Archive(fh, label) as zf:
        return zf.extract(dest)


def _check_directory(fh: BinaryIO, label: str) -> None:
    """Refuse a zip whose table of contents is too big, before it is read into memory."""
    try:
        end = zipfile._EndRecData(fh)  # type: ignore[attr-defined]
    except OSError as exc:
        raise SourceReadError([os_problem(label, exc, "read the archive")]) from None
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
            ],
            Message.of("tooLarge"),
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
            ],
            Message.of("tooLarge"),
        )


def _extract(
    zf: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    dest: Path,
    label: str,
    signed: Mapping[str, Entry] | None,
) -> list[str]:
    import hashlib  # here: kiosk run loads OpenSSL only to hash a file (kiosk.common.digest)

    written_files: list[str] = []
    folders = {dest}
    total = 0
    for info in infos:
        name = info.filename
        target = dest.joinpath(*name.rstrip("/").split("/"))
        try:
            if _is_folder(info):
                target.mkdir(parents=True, exist_ok=True)
                folders.add(target)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            flags |= getattr(os, "O_BINARY", 0)
            fd = os.open(target, flags, 0o644)
            digest = hashlib.sha256()
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
                            ],
                            Message.of("tooLarge"),
                        )
                    if count > info.file_size:
                        raise PackError(
                            [Problem(name, 0, "", "file holds more data than the archive says")],
                            Message.of("damaged"),
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
                            ],
                            Message.of("tooLarge"),
                        )
                    digest.update(chunk)
                    files.write_all(out, chunk)
                if count != info.file_size:
                    raise PackError(
                        [Problem(name, 0, "", "file is shorter than the archive says (damaged)")],
                        Message.of("damaged"),
                    )
                entry = signed.get(name) if signed is not None else None
                if entry is not None:
                    problem = trust.check_entry_digest(entry, digest.hexdigest())
                    if problem:
                        raise PackError([problem], Message.of("changedAfterSigning"))
                os.fsync(out.fileno())
            written_files.append(name)
        except PackError:
            raise
        except OSError as exc:
            raise files.write_error(name, exc, "unpack this file") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
            detail = f" ({exc})" if str(exc) else ""
            problem = Problem(name, 0, "", f"archive entry is damaged{detail}")
            raise PackError([problem], Message.of("damaged")) from None
        except (NotImplementedError, RuntimeError):
            raise PackError(
                [Problem(name, 0, "", "archive entry cannot be read (unsupported or encrypted)")],
                Message.of("damaged"),
            ) from None
    for folder in folders:
        files.fsync_dir(folder)
    return sorted(written_files)


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
        Path(tmp).replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def pack_folder(
    folder: Path,
    out: Path,
    *,
    extra: Mapping[str, bytes] | None = None,
    leave_out: Iterable[str] = (),
) -> list[str]:
    """Zip the pack in ``folder`` into ``out`` deterministically.

    Hidden files (``.DS_Store``, ``.git``) are left out, and the files named in ``leave_out``.
    ``extra`` adds or replaces entries, e.g. ``MANIFEST`` and ``MANIFEST.sig``.

    Returns:
        The names of the folder's files that went in, sorted (``extra`` not included).
    """
    extra = dict(extra or {})
    names = files.walk_files(folder, skip_hidden=True, exclude={*extra, *leave_out})
    entries: dict[str, Path | bytes] = {f: folder.joinpath(*f.split("/")) for f in names}
    entries.update(extra)
    write_zip(out, entries)
    return names
