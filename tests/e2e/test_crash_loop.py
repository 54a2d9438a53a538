"""A pack that crashes the kiosk at every start is set aside after N tries (the real process).

A pack "crashes" the kiosk through a change made by the test, not in the product: the test
starts the kiosk's own entry point with the crash-loop shell wrapped so that a start showing the
named pack exits non-zero 0.2 s later, which is what systemd would see from a pack that kills the
kiosk; ``Restart=always`` is played by starting it again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from kiosk.intake import signing
from kiosk.ops.restarts import read_restarts
from tests.packs import NO_STICKS

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minimal_pack"
EXIT_CRASH = 86

# `python -c CRASH_RUN PACK-ID ARGS…`: the kiosk's entry point, where a start that shows PACK-ID
# ends with EXIT_CRASH shortly after, as a pack that crashes the kiosk would.
CRASH_RUN = f"""
import logging, sys
from PySide6.QtCore import QCoreApplication, QTimer
from kiosk.platform import guard_shell

crashing = sys.argv.pop(1)
started = guard_shell.GuardShell.__init__

def init(self, guard, guarded, pack_changed, showing, parent):
    started(self, guard, guarded, pack_changed, showing, parent)
    if guarded.pack.id == crashing:
        logging.getLogger("test").error("pack %s: exiting as if it crashed", crashing)
        QTimer.singleShot(200, lambda: QCoreApplication.exit({EXIT_CRASH}))

guard_shell.GuardShell.__init__ = init
from kiosk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def kiosk(home: Path, *args: str, crash: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_HOME": str(home)}
    entry = ["-c", CRASH_RUN, crash] if crash else ["-m", "kiosk"]
    return subprocess.run(
        [sys.executable, *entry, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def install(tmp_path: Path, home: Path, key: Path, pack_id: str) -> None:
    folder = tmp_path / pack_id
    shutil.copytree(FIXTURE, folder)
    main = folder / "pack.yaml"
    main.write_text(main.read_text().replace("id: test-pack", f"id: {pack_id}", 1))
    kpack = tmp_path / f"{pack_id}.kpack"
    # Signed as `kiosk pack build` signs (its fit check, a child process, is tested with it).
    signing.build_signed_archive(folder, signing.load_private_key(key), kpack)
    done = kiosk(home, "pack", "install", str(kpack))
    assert done.returncode == 0, done.stderr


def test_three_crashed_starts_fall_back_to_the_last_clean_pack_then_built_in(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "kiosk.yaml").write_text(
        "crash_guard: {failed_starts: 3, clean_minutes: 0.05}\n" + NO_STICKS
    )
    key, pub, _ = signing.new_keypair(tmp_path / "publisher")
    assert kiosk(home, "keys", "trust", str(pub)).returncode == 0
    install(tmp_path, home, key, "good-pack")
    run = ("run", "--exit-after", "5", "--slide-seconds", "2")
    clean = kiosk(home, *run)  # runs 5 s, clean after 3 s
    assert clean.returncode == 0, clean.stderr
    assert "ran 0.05 minutes: a clean start" in clean.stderr

    install(tmp_path, home, key, "bad-pack")  # live now, and it crashes every start
    for attempt in range(3):
        crashed = kiosk(home, *run, crash="bad-pack")
        assert crashed.returncode == EXIT_CRASH, crashed.stderr
        assert "showing installed pack bad-pack 1.0.0" in crashed.stderr, attempt
    fallen = kiosk(home, *run, crash="bad-pack")
    assert fallen.returncode == 0, fallen.stderr
    assert "showing installed pack good-pack 1.0.0" in fallen.stderr
    reason = "because pack bad-pack 1.0.0 failed to start 3 times in a row"
    assert f"crash-loop guard: showing pack good-pack 1.0.0 {reason}" in fallen.stderr
    status = kiosk(home, "status", "--json")
    assert status.returncode == 0, status.stderr
    guard = json.loads(status.stdout)["crash_guard"]
    assert reason in guard["fallback"]
    assert guard["last_clean"] == "good-pack 1.0.0"
    assert reason in kiosk(home, "status").stdout

    # The last clean pack crashes as well: after three more, the built-in pack shows.
    for _ in range(3):
        assert kiosk(home, *run, crash="good-pack").returncode == EXIT_CRASH
    built_in = kiosk(home, *run, crash="good-pack")
    assert built_in.returncode == 0, built_in.stderr
    assert "showing the bundled default pack" in built_in.stderr
    assert "crash-loop guard: showing the built-in pack because" in built_in.stderr
    assert "Traceback" not in built_in.stderr
    # For a fleet: every start on a fallback (kiosk_crash_loop_fallback_starts_total), the three
    # of the last clean pack that crashed too among them.
    assert read_restarts(home) == {"fallback": 5}
