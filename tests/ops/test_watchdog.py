"""The sd_notify protocol against a real AF_UNIX datagram socket, as systemd listens on one."""

import logging
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.ops.watchdog import Notifier


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[str, socket.socket]]:
    """A bound datagram socket at a file path, like /run/systemd/notify."""
    path = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(5)
    yield str(path), sock
    sock.close()


@pytest.fixture
def make() -> Iterator[Callable[[str], Notifier]]:
    """Makes notifiers and closes them after the test (their sockets would warn as unclosed)."""
    made: list[Notifier] = []

    def notifier(address: str) -> Notifier:
        made.append(Notifier(address))
        return made[-1]

    yield notifier
    for notifier_ in made:
        notifier_.close()


def receive(sock: socket.socket) -> list[str]:
    return sock.recv(4096).decode().split("\n")


def test_ready_heartbeat_status_and_stopping_arrive_as_datagrams(listener, make) -> None:
    address, sock = listener
    notifier = make(address)
    assert notifier.enabled
    assert notifier.ready("showing us-awareness 2026.11.0")
    assert receive(sock) == ["READY=1", "STATUS=showing us-awareness 2026.11.0"]
    assert notifier.heartbeat()
    assert receive(sock) == ["WATCHDOG=1"]
    assert notifier.status("self-check ok")
    assert receive(sock) == ["STATUS=self-check ok"]
    assert notifier.stopping()
    assert receive(sock) == ["STOPPING=1"]


def test_a_newline_in_a_status_cannot_forge_another_field(listener, make) -> None:
    address, sock = listener
    make(address).status("pack title\nREADY=1")
    assert receive(sock) == ["STATUS=pack title READY=1"]


def test_abstract_socket_address_with_at_sign(make) -> None:
    name = f"kiosk-test-{uuid.uuid4().hex}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(b"\0" + name.encode())
    sock.settimeout(5)
    try:
        assert make("@" + name).heartbeat()
        assert receive(sock) == ["WATCHDOG=1"]
    finally:
        sock.close()


def test_sender_credentials_are_the_kiosk_process(listener, make) -> None:
    """systemd checks the sender's pid (SCM_CREDENTIALS) against NotifyAccess=."""
    address, sock = listener
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    make(address).heartbeat()
    data, ancillary, _, _ = sock.recvmsg(4096, socket.CMSG_SPACE(12))
    assert data == b"WATCHDOG=1"
    level, kind, creds = ancillary[0]
    assert (level, kind) == (socket.SOL_SOCKET, socket.SCM_CREDENTIALS)
    assert int.from_bytes(creds[:4], "little") == os.getpid()


def test_without_notify_socket_everything_is_a_no_op() -> None:
    notifier = Notifier.from_env({})
    assert not notifier.enabled
    assert notifier.heartbeat_seconds() is None
    assert not notifier.ready()
    assert not notifier.heartbeat()
    assert not notifier.stopping()


def test_heartbeat_interval_is_half_of_watchdog_usec(listener) -> None:
    address, _ = listener
    env = {"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "30000000"}
    assert Notifier.from_env(env).heartbeat_seconds() == 15.0
    assert Notifier.from_env({"NOTIFY_SOCKET": address}).heartbeat_seconds() is None
    assert Notifier.from_env({**env, "WATCHDOG_USEC": "junk"}).heartbeat_seconds() is None
    assert Notifier.from_env({**env, "WATCHDOG_USEC": "0"}).heartbeat_seconds() is None
    # A watchdog without a socket to ping is no watchdog.
    assert Notifier.from_env({"WATCHDOG_USEC": "30000000"}).heartbeat_seconds() is None


def test_watchdog_pid_of_the_parent_xinit_is_still_honoured(listener, caplog) -> None:
    address, _ = listener
    caplog.set_level(logging.INFO, "kiosk.ops.watchdog")
    env = {"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "1"}
    assert Notifier.from_env(env).heartbeat_seconds() == 1.0
    assert "WATCHDOG_PID 1 is our parent's (xinit)" in caplog.text


def test_a_vanished_socket_never_raises_and_is_logged_once(tmp_path: Path, caplog, make) -> None:
    caplog.set_level(logging.DEBUG, "kiosk.ops.watchdog")
    notifier = make(str(tmp_path / "gone"))
    assert notifier.enabled
    for _ in range(3):
        assert not notifier.heartbeat()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "systemd notify failed (WATCHDOG=1)" in warnings[0].getMessage()


def test_a_full_queue_fails_the_send_instead_of_blocking(listener, make) -> None:
    """A service manager that stopped reading must not freeze the GUI thread that sends."""
    address, sock = listener
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    notifier = make(address)
    results = [notifier.heartbeat() for _ in range(5000)]
    assert results[0]
    assert not results[-1]
