"""kiosk.content.files: open once without following, copy durably, walk a pack folder."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kiosk.common.problems import PackError
from kiosk.content import files
from kiosk.content.limits import MAX_ARCHIVE_BYTES


def test_walk_files_refuses_symlinks_and_lists_posix_paths(packs) -> None:
    folder = packs.folder()
    assert files.walk_files(folder) == ["images/dot.svg", "lessons/basics.yaml", "pack.yaml"]
    (folder / "images" / "link.svg").symlink_to(folder / "images" / "dot.svg")
    (folder / "linked").symlink_to(folder / "images")
    with pytest.raises(PackError) as info:
        files.walk_files(folder)
    assert [p.file for p in info.value.problems] == ["images/link.svg", "linked"]


def test_copy_file_refuses_a_short_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stick was pulled: the file ends before the size it had when opened."""
    src = tmp_path / "a.kpack"
    src.write_bytes(b"x" * 1000)
    real_fstat = os.fstat

    class Grown:
        def __init__(self, result: os.stat_result) -> None:
            self.st_mode = result.st_mode
            self.st_size = result.st_size + 500

    monkeypatch.setattr(files.os, "fstat", lambda fd: Grown(real_fstat(fd)))
    with pytest.raises(files.SourceReadError, match="read only in part"):
        files.copy_file(src, tmp_path / "b", limit=10_000)


class _FailingReader:
    """A file whose reads fail after the first, like a stick pulled mid-copy."""

    def __init__(self, real) -> None:
        self.real = real
        self.reads = 0

    def read(self, size: int = -1) -> bytes:
        self.reads += 1
        if self.reads > 1:
            raise OSError(errno.EIO, "Input/output error")
        return self.real.read(size)

    def fileno(self) -> int:
        return self.real.fileno()

    def seek(self, offset: int) -> int:
        return self.real.seek(offset)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.real.close()


def test_copy_file_read_error_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.kpack").write_bytes(b"x" * 200_000)
    src = tmp_path / "a.kpack"
    real_open = files.open_plain_file
    monkeypatch.setattr(
        files, "open_plain_file", lambda path, **kw: _FailingReader(real_open(path, **kw))
    )
    with pytest.raises(files.SourceReadError) as info:
        files.copy_file(src, tmp_path / "b", limit=1_000_000)
    assert str(info.value) == (
        "a.kpack:0: could not read it: the disk could not be read or written "
        "(was a USB stick removed?)"
    )


def test_copy_file_over_limit(tmp_path: Path) -> None:
    src = tmp_path / "a.kpack"
    src.write_bytes(b"x" * 100)
    with pytest.raises(PackError, match="the limit is 50 bytes"):
        files.copy_file(src, tmp_path / "b", limit=50)


def test_copy_tree_copies_a_pack(packs, tmp_path: Path) -> None:
    folder = packs.folder()
    dest = tmp_path / "copy"
    dest.mkdir()
    assert files.copy_tree(folder, dest) == files.walk_files(folder)
    assert (dest / "images" / "dot.svg").read_bytes() == (folder / "images/dot.svg").read_bytes()


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "pipe.kpack"
    os.mkfifo(fifo)
    return fifo


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_copy_file_refuses_a_fifo_without_blocking(tmp_path: Path, finishes) -> None:
    """Opening a FIFO for reading blocks until a writer comes: it must never be opened."""
    fifo = _fifo(tmp_path)
    with pytest.raises(PackError, match="is not a plain file") as info:
        finishes(lambda: files.copy_file(fifo, tmp_path / "b", limit=1_000))
    assert not isinstance(info.value, files.TransientError)  # retrying will not help


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_copy_file_refuses_a_device_behind_a_symlink(tmp_path: Path, finishes) -> None:
    link = tmp_path / "pack.kpack"
    link.symlink_to("/dev/zero")
    with pytest.raises(PackError, match="is not a plain file"):
        finishes(lambda: files.copy_file(link, tmp_path / "b", limit=MAX_ARCHIVE_BYTES))
    assert not (tmp_path / "b").exists()


def test_open_plain_file_does_not_follow_symlinks_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "real.kpack"
    target.write_bytes(b"x")
    link = tmp_path / "link.kpack"
    link.symlink_to(target)
    with pytest.raises(files.NotAPlainFile):
        files.open_plain_file(link)
    with pytest.raises(files.NotAPlainFile):
        files.open_plain_file(tmp_path)  # a folder
    with files.open_plain_file(link, follow_symlinks=True) as fh:
        assert fh.read() == b"x"
