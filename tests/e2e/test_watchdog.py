"""The real kiosk under a stand-in for systemd: a notify socket, the watchdog, a restart.

The test plays systemd's part: it binds the AF_UNIX datagram socket named by ``NOTIFY_SOCKET``,
sets ``WATCHDOG_USEC``, reads READY=1 and the WATCHDOG=1 heartbeats (with the sender's pid, as
systemd checks ``NotifyAccess=``), and when they stop for longer than the watchdog period it
kills the kiosk and starts it again, as ``WatchdogSec=`` with ``Restart=always`` would.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.common import paths
from kiosk.content.loader import load_pack
from kiosk.ops.health import EXIT_MEMORY
from tests.packs import NO_STICKS, home_without_sticks

WATCHDOG_SECONDS = 2.0  # systemd's WatchdogSec= for this test: heartbeats every 1 s


@dataclass
class Message:
    pid: int
    fields: list[str]
    at: float


class FakeSystemd:
    """The notify socket end of systemd: datagrams with the sender's credentials."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)

    def receive(self, timeout: float) -> Message | None:
        self.sock.settimeout(max(timeout, 0.001))
        try:
            data, ancillary, _, _ = self.sock.recvmsg(4096, socket.CMSG_SPACE(12))
        except TimeoutError:
            return None
        pid = 0
        for level, kind, creds in ancillary:
            if (level, kind) == (socket.SOL_SOCKET, socket.SCM_CREDENTIALS):
                pid = int.from_bytes(creds[:4], "little")
        return Message(pid, data.decode().split("\n"), time.monotonic())

    def wait_for(self, field: str, pid: int, timeout: float) -> list[Message]:
        """Every message until one from ``pid`` holds ``field``; fails after ``timeout``."""
        seen: list[Message] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self.receive(deadline - time.monotonic())
            if message is None:
                break
            seen.append(message)
            if message.pid == pid and field in message.fields:
                return seen
        raise AssertionError(f"no {field} from pid {pid} in {timeout} s; got {seen}")

    def collect(self, seconds: float) -> list[Message]:
        seen: list[Message] = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            message = self.receive(left)
            if message is not None:
                seen.append(message)
        return seen

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def systemd(tmp_path: Path) -> Iterator[FakeSystemd]:
    fake = FakeSystemd(tmp_path / "notify")
    yield fake
    fake.close()


def start_kiosk(
    home: Path, systemd: FakeSystemd, *args: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    if not (home / "kiosk.yaml").exists():
        home_without_sticks(home)
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KIOSK_HOME": str(home),
        "NOTIFY_SOCKET": str(systemd.path),
        "WATCHDOG_USEC": str(int(WATCHDOG_SECONDS * 1_000_000)),
        **(env or {}),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--strict", "--slide-seconds", "4", *args],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(proc: subprocess.Popen[str]) -> str:
    """Kill ``proc`` if it still runs, and return what it logged."""
    if proc.poll() is None:
        proc.kill()
    _, stderr = proc.communicate(timeout=30)
    return stderr


def test_a_sigstopped_kiosk_stops_its_heartbeat_and_is_restarted(
    tmp_path: Path, systemd: FakeSystemd
) -> None:
    kiosk = start_kiosk(tmp_path, systemd)
    try:
        systemd.wait_for("READY=1", kiosk.pid, timeout=90)
        beats = [m for m in systemd.collect(4.0) if m.fields == ["WATCHDOG=1"]]
        assert len(beats) >= 2, beats
        assert {m.pid for m in beats} == {kiosk.pid}
        gaps = [b.at - a.at for a, b in itertools.pairwise(beats)]
        assert max(gaps) < WATCHDOG_SECONDS, gaps  # systemd would not have fired

        kiosk.send_signal(signal.SIGSTOP)  # frozen solid, as a hung GUI thread would be
        stopped_at = time.monotonic()
        # Heartbeats sent just before the stop may still be queued; then nothing may come.
        late = [m for m in systemd.collect(2.5 * WATCHDOG_SECONDS) if m.pid == kiosk.pid]
        assert all(m.at - stopped_at < 0.5 for m in late), late
        silent_for = time.monotonic() - max([stopped_at, *(m.at for m in late)])
        assert silent_for > WATCHDOG_SECONDS  # systemd's watchdog would fire here

        kiosk.kill()  # what systemd does to a unit whose watchdog ran out (SIGABRT, then KILL)
        kiosk.wait(30)
        assert kiosk.returncode == -signal.SIGKILL
    finally:
        stop(kiosk)

    restarted = start_kiosk(tmp_path, systemd)  # Restart=always
    try:
        systemd.wait_for("READY=1", restarted.pid, timeout=90)
        beats = [m for m in systemd.collect(2.5) if m.fields == ["WATCHDOG=1"]]
        assert beats
        assert {m.pid for m in beats} == {restarted.pid}
    finally:
        stop(restarted)


def test_self_check_reads_the_qr_then_a_clean_quit_says_stopping(
    tmp_path: Path, systemd: FakeSystemd
) -> None:
    kiosk = start_kiosk(
        tmp_path, systemd, "--exit-after", "14", env={"KIOSK_SELF_CHECK_SECONDS": "3"}
    )
    try:
        ready = systemd.wait_for("READY=1", kiosk.pid, timeout=90)[-1]
        assert any(f.startswith("STATUS=showing ") for f in ready.fields)
        seen = systemd.wait_for("STOPPING=1", kiosk.pid, timeout=60)
        assert kiosk.wait(30) == 0
    finally:
        stderr = stop(kiosk)
    urls = {link.url for link in load_pack(paths.default_pack_dir()).links.values()}
    statuses = [f for m in seen for f in m.fields if f.startswith("STATUS=self-check")]
    assert statuses, seen
    assert all(s.startswith("STATUS=self-check ok: the QR on screen reads ") for s in statuses)
    assert statuses[0].rsplit(" ", 1)[1] in urls
    assert "self-check ok: the QR on screen reads https://" in stderr, stderr


def test_over_the_memory_limit_the_kiosk_restarts_itself_cleanly(
    tmp_path: Path, systemd: FakeSystemd
) -> None:
    # Any Qt process is above 64 MB.
    (tmp_path / "kiosk.yaml").write_text("memory_limit_mb: 64\n" + NO_STICKS)
    kiosk = start_kiosk(tmp_path, systemd)
    try:
        seen = systemd.wait_for("STOPPING=1", kiosk.pid, timeout=90)
        assert kiosk.wait(30) == EXIT_MEMORY
    finally:
        stderr = stop(kiosk)
    assert "is over memory_limit_mb 64: restarting cleanly (exit 5)" in stderr, stderr
    assert any("READY=1" in m.fields for m in seen)
    assert "Traceback" not in stderr
