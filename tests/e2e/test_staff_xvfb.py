"""The staff layer in the real full-screen process on a bare X server, driven with xdotool.

The chord and the corner gesture open the keypad; taps on the keypad's keys open the panel; the
lockdown's chords still do nothing. Where the keys are comes from ``keypad_layout`` (the same QML
laid out offscreen at the same size), so the taps land on the real keys.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.intake import signing
from kiosk.intake.store import PackStore
from kiosk.ops import staff
from tests.e2e.xserver import bare_x, wait_for
from tests.packs import home_without_sticks

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool (make test installs them)",
)

W, H = 1280, 800
PIN = "2580"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def display() -> Iterator[str]:
    with bare_x(400, f"{W}x{H}") as name:
        yield name


def xdotool(display: str, *args: str) -> str:
    env = {**os.environ, "DISPLAY": display}
    return subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, text=True, check=True
    ).stdout


def keypad_centres() -> dict[str, list[int]]:
    out = subprocess.run(
        [sys.executable, "-m", "tests.e2e.keypad_layout", str(W), str(H)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_chord_gesture_keypad_taps_and_the_notice(display: str, tmp_path: Path) -> None:
    keys = keypad_centres()
    home = tmp_path / "home"
    staff.save_pin(home, staff.hash_pin(PIN))
    home_without_sticks(home)
    log = tmp_path / "kiosk.log"
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "KIOSK_HOME": str(home)}
    with log.open("w") as out:
        kiosk = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kiosk",
                "--verbose",
                "run",
                "--exit-after",
                "60",
                "--poll-seconds",
                "0.5",
            ],
            env=env,
            stderr=out,
            stdout=out,
        )
    try:
        assert wait_for(lambda: "first frame" in log.read_text()), log.read_text()
        window = xdotool(display, "search", "--name", "Awareness kiosk").split()[0]
        xdotool(display, "mousemove", "640", "400", "windowfocus", "--sync", window)

        xdotool(display, "key", "ctrl+alt+shift+s")
        assert wait_for(lambda: "staff keypad opened" in log.read_text(), 10), log.read_text()
        for name in [f"pinKey-{d}" for d in PIN] + ["pinKey-ok"]:
            x, y = keys[name]
            xdotool(display, "mousemove", str(x), str(y), "click", "1")
            time.sleep(0.15)
        assert wait_for(lambda: "staff panel opened" in log.read_text(), 10), log.read_text()
        xdotool(display, "key", "Escape")
        assert wait_for(lambda: "staff panel closed" in log.read_text(), 10), log.read_text()

        # The corner gesture: hold the top-left corner 3 s, then tap the other three.
        xdotool(display, "mousemove", "4", "4", "mousedown", "1")
        time.sleep(3.3)
        xdotool(display, "mouseup", "1")
        for x, y in ((W - 4, 4), (W - 4, H - 4), (4, H - 4)):
            xdotool(display, "mousemove", str(x), str(y), "click", "1")
            time.sleep(0.2)
        assert wait_for(lambda: log.read_text().count("staff keypad opened") == 2, 10), (
            log.read_text()
        )
        # The lockdown still holds with the keypad open.
        xdotool(display, "key", "alt+F4", "ctrl+q")
        assert wait_for(lambda: "ignored Alt+F4" in log.read_text(), 5), log.read_text()
        xdotool(display, "key", "Escape")

        # A signed pack dropped in the inbox: the staff notice says it went in.
        base = tmp_path / "acme"
        _, pub, _ = signing.new_keypair(base)
        PackStore(home).trust(pub)
        built = tmp_path / "test.kpack"
        key = signing.load_private_key(base.with_suffix(".key"))
        signing.build_signed_archive(ROOT / "tests" / "fixtures" / "minimal_pack", key, built)
        os.utime(built, (1, 1))  # long settled: not a file still being copied
        shutil.copy2(built, home / "inbox" / "test.kpack")
        notice = "staff notice: New content installed: Test pack 1.0.0"
        assert wait_for(lambda: notice in log.read_text(), 20), log.read_text()
        time.sleep(0.5)
        assert kiosk.poll() is None, log.read_text()
    finally:
        kiosk.terminate()
        kiosk.wait(10)
    assert "Traceback" not in log.read_text()
