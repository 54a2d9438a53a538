"""The guard that keeps tests off /media, the real home and other hosts sees what it should."""

from __future__ import annotations

import glob
import os
from pathlib import Path

from tests import hermetic
from tests.conftest import GUARD


def test_a_stick_folder_the_home_and_another_host_are_noted() -> None:
    guard = hermetic.Guard("/home/someone")
    guard("glob.glob", ("/media/*/", False))
    guard("os.scandir", ("/run/media/someone/STICK",))
    guard("open", ("/home/someone/.config/kiosk/kiosk.yaml", "r", 0))
    guard("socket.connect", (None, ("203.0.113.7", 443)))
    guard("socket.getaddrinfo", ("example.org", 443, 0, 0, 0, 0))
    assert guard.touches == [
        "glob.glob /media/*",
        "os.scandir /run/media/someone/STICK",
        "open /home/someone/.config/kiosk/kiosk.yaml (the real home)",
        "socket.connect 203.0.113.7",
        "socket.getaddrinfo example.org",
    ]


def test_temporary_folders_this_machine_and_descriptors_are_not() -> None:
    guard = hermetic.Guard("/home/someone")
    guard("open", ("/tmp/pytest-of-someone/x/home/kiosk.yaml", "r", 0))
    guard("open", (7, "r", 0))
    guard("os.listdir", ("/home/someone-else",))  # not under the home: a name that starts alike
    guard("socket.connect", (None, ("127.0.0.1", 8000)))
    guard("socket.connect", (None, ("::1", 8000, 0, 0)))
    guard("socket.connect", (None, "/run/systemd/notify"))  # AF_UNIX
    guard("socket.getaddrinfo", ("localhost", 80, 0, 0, 0, 0))
    guard("compile", (b"", "<string>"))
    assert guard.touches == []


def test_the_running_guard_sees_a_glob_of_media(tmp_path: Path) -> None:
    before = len(GUARD.touches)
    glob.glob("/media/*/")  # noqa: PTH207 - the call the kiosk's inbox makes
    list(tmp_path.iterdir())
    seen = GUARD.touches[before:]
    del GUARD.touches[before:]  # this test's own touch is not its failure
    assert seen[0] == "glob.glob /media/*"
    assert all("/media" in touch for touch in seen), seen


def test_the_real_home_is_the_one_the_session_started_with() -> None:
    assert GUARD.home == os.path.realpath(Path.home())
