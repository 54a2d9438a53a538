"""What a test may not touch: /media, the real home, or a host that is not this machine.

An audit hook (``sys.addaudithook``) sees every file opened, folder listed or globbed and socket
connected in the test process, whoever asks (the kiosk's code or the test's), and notes each
touch outside; tests/conftest.py fails the test that made one. A stick left in the developer's
machine or a file in their home then cannot change a result. Processes a test starts (tests/e2e)
are not watched: they inherit the temporary XDG folders, and each runs on a temporary home whose
kiosk.yaml watches no stick folder (``tests.packs.NO_STICKS``) or only the test's own.
"""

from __future__ import annotations

import ipaddress
import os
import site
import socket
import sys
import sysconfig
import threading
from pathlib import Path
from typing import Any

# The events that name a path or an address; every other event returns at the first test.
_PATH_EVENTS = frozenset(
    {"open", "os.listdir", "os.scandir", "glob.glob", "glob.glob/2", "os.mkdir", "os.rename"}
)
_NET_EVENTS = frozenset({"socket.connect", "socket.getaddrinfo"})
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", ""})
_MEDIA = ("/media", "/run/media")  # where sticks are mounted (kiosk.config.DEFAULT_WATCH)


def _interpreter_folders() -> tuple[str, ...]:
    """Where Python and its packages are read from: inside the home for a pyenv or user install."""
    places = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    places |= set(sysconfig.get_paths().values())
    places.add(site.getuserbase())
    return tuple(sorted({os.path.realpath(p) for p in places if p}))


class Guard:
    """Notes, in order, every touch of /media, the real home or another host."""

    def __init__(self, home: str) -> None:
        self.home = os.path.realpath(home)
        self.allowed = _interpreter_folders()
        self.touches: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if event in _PATH_EVENTS:
            self._path(event, args[0] if args else None)
        elif event in _NET_EVENTS:
            self._host(event, args)

    def _note(self, what: str) -> None:
        with self._lock:
            self.touches.append(what)

    def _path(self, event: str, path: object) -> None:
        if isinstance(path, int) or path is None:
            return  # a descriptor: its path was seen when it was opened
        try:
            text = os.fsdecode(os.fspath(path))  # type: ignore[arg-type]
        except TypeError:
            return
        full = os.path.abspath(text)  # noqa: PTH100 - no file system call inside an audit hook
        if _under(full, _MEDIA):
            self._note(f"{event} {full}")
        elif _under(full, (self.home,)) and not _under(full, self.allowed):
            self._note(f"{event} {full} (the real home)")

    def _host(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "socket.getaddrinfo":
            host = args[0]
        else:
            address = args[1] if len(args) > 1 else None
            if not isinstance(address, tuple):
                return  # AF_UNIX: a path on this machine
            host = address[0]
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if host is None or _is_local(str(host)):
            return
        self._note(f"{event} {host}")


def _under(path: str, folders: tuple[str, ...]) -> bool:
    return any(path == f or path.startswith(f.rstrip("/") + "/") for f in folders)


def _is_local(host: str) -> bool:
    if host.lower() in _LOCAL_NAMES or host == socket.gethostname():
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


_guard: Guard | None = None


def install() -> Guard:
    """The process's guard, added once (an audit hook cannot be removed)."""
    global _guard
    if _guard is None:
        _guard = Guard(str(Path.home()))
        sys.addaudithook(_guard)
    return _guard
