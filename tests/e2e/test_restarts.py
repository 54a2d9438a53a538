"""Ordinary restarts are no crashes, and one home runs one kiosk (the real process).

``systemctl restart`` sends SIGTERM; the kiosk must exit 0 and the crash-loop guard must not
count it. ``failed_starts: 1`` makes the point with few starts: a single counted restart would
set the installed pack aside at the next start.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from kiosk.intake import signing
from kiosk.launch import EXIT_REFUSED
from tests.packs import NO_STICKS

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minimal_pack"


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_HOME": str(home)}


def kiosk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class Running:
    """``kiosk run`` in the background, its stderr read line by line on a thread."""

    def __init__(self, home: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "run", "--strict", "--slide-seconds", "1"],
            env=_env(home),
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 30) -> None:
        while not any(text in line for line in self.seen):
            self.seen.append(self.lines.get(timeout=timeout))

    def stop(self, signum: int) -> str:
        self.process.send_signal(signum)
        self.process.wait(timeout=30)
        self._reader.join(timeout=10)  # stderr is at its end once the process has gone
        assert self.process.stderr is not None
        self.process.stderr.close()
        while not self.lines.empty():
            self.seen.append(self.lines.get_nowait())
        return "".join(self.seen)


def test_sigterm_and_sigint_stop_cleanly_and_restarts_keep_the_pack_live(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "kiosk.yaml").write_text(
        "crash_guard: {failed_starts: 1, clean_minutes: 60}\n" + NO_STICKS
    )
    key, pub, _ = signing.new_keypair(tmp_path / "publisher")
    assert kiosk(home, "keys", "trust", str(pub)).returncode == 0
    shutil.copytree(FIXTURE, tmp_path / "pack")
    kpack = tmp_path / "test.kpack"
    # Signed as `kiosk pack build` signs (its fit check, a child process, is tested with it).
    signing.build_signed_archive(tmp_path / "pack", signing.load_private_key(key), kpack)
    assert kiosk(home, "pack", "install", str(kpack)).returncode == 0

    for attempt, signum in enumerate((signal.SIGTERM, signal.SIGINT, signal.SIGTERM)):
        running = Running(home)
        running.wait_for("first frame")
        if attempt == 0:  # a second kiosk on the same home refuses, and says why
            second = kiosk(home, "run", "--exit-after", "20")
            assert second.returncode == EXIT_REFUSED, second.stderr
            assert "another kiosk is already running" in second.stderr
        log = running.stop(signum)
        assert running.process.returncode == 0, log
        assert "showing installed pack test-pack 1.0.0" in log, attempt
        assert f"{signal.Signals(signum).name}: stopping cleanly" in log
        assert "crash-loop guard:" not in log, log
    status = kiosk(home, "status")
    assert "crash-loop guard: starts are fine" in status.stdout, status.stdout
