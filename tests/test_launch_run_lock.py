"""One kiosk per home: the run lock refuses a second holder and never a dead one's file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kiosk.launch import RUN_LOCK, AlreadyRunning, hold_run_lock


def test_a_second_holder_is_refused_and_a_left_lock_file_does_not_block(tmp_path: Path) -> None:
    first = hold_run_lock(tmp_path)
    assert first is not None
    with pytest.raises(AlreadyRunning):
        hold_run_lock(tmp_path)
    os.close(first)  # the holder ends (a dead process's descriptors close the same way)
    assert (tmp_path / RUN_LOCK).exists(), "the file stays behind"
    again = hold_run_lock(tmp_path)
    assert again is not None
    os.close(again)


def test_a_home_where_no_lock_can_be_made_still_runs(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert hold_run_lock(blocked) is None


def test_a_lock_file_it_cannot_write_still_guards_the_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / RUN_LOCK).write_text("1\n")  # left by a root run: 0644 root, not ours to write
    real_open = os.open

    def as_another_user(path: str | Path, flags: int, *args: int) -> int:
        # Root ignores modes (the tests run as root): refuse the write as the kernel would.
        if Path(path).name == RUN_LOCK and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", as_another_user)
    first = hold_run_lock(tmp_path)
    assert first is not None, "the kiosk must not run without the lock"
    with pytest.raises(AlreadyRunning):
        hold_run_lock(tmp_path)
    os.close(first)
