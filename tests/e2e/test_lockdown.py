"""Lockdown on a bare X server: no key chord or close request leaves the full-screen kiosk.

Only ``--windowed`` has the development quit key. The close request is the one a window manager
sends (WM_DELETE_WINDOW); the test sends it through libX11 and skips that step without libX11.
"""

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.x_close import libx11, request_close
from tests.e2e.xserver import bare_x, wait_for
from tests.packs import home_without_sticks

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool (make test installs them)",
)

CHORDS = ["alt+F4", "ctrl+q", "ctrl+w", "alt+Tab", "alt+shift+Tab", "ctrl+F4", "ctrl+shift+q"]
LOGGED = ["Alt+F4", "Ctrl+Q", "Ctrl+W", "Alt+Tab", "Alt+Shift+Tab", "Ctrl+F4", "Ctrl+Shift+Q"]


@pytest.fixture
def display() -> Iterator[str]:
    with bare_x(200, "1280x800") as name:
        yield name


def start(display: str, home: Path, log: Path, *args: str) -> subprocess.Popen[bytes]:
    home_without_sticks(home)
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "KIOSK_HOME": str(home)}
    with log.open("w") as out:
        kiosk = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--verbose", "run", "--exit-after", "20", *args],
            env=env,
            stderr=out,
            stdout=out,
        )
    assert wait_for(lambda: "first frame" in log.read_text()), log.read_text()
    return kiosk


def xdotool(display: str, *args: str) -> str:
    env = {**os.environ, "DISPLAY": display}
    return subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, text=True, check=True
    ).stdout


def kiosk_window(display: str) -> str:
    return xdotool(display, "search", "--name", "Awareness kiosk").split()[0]


def test_full_screen_no_chord_or_close_request_leaves(display: str, tmp_path: Path) -> None:
    log = tmp_path / "kiosk.log"
    kiosk = start(display, tmp_path, log)
    try:
        window = kiosk_window(display)
        # No window manager: the keyboard follows the pointer, so put it on the kiosk.
        xdotool(display, "mousemove", "640", "400", "windowfocus", "--sync", window)
        for chord in CHORDS:
            xdotool(display, "key", chord)
        for name in LOGGED:
            assert wait_for(lambda name=name: f"ignored {name}" in log.read_text(), 5), (
                log.read_text()
            )
        lib = libx11()
        if lib is not None:  # else: no libX11 to send the request with, so that step is skipped
            request_close(lib, display, int(window))
            assert wait_for(lambda: "ignored a window close request" in log.read_text(), 5), (
                log.read_text()
            )
        time.sleep(0.5)  # room for a quit, had any of them asked for one
        text = log.read_text()
        assert kiosk.poll() is None, text
        # Swallowed, not taken for a visitor's key: the attract loop never opened the menu.
        assert "attract -> menu" not in text, text
        # At most one INFO line a minute, however many were tried.
        assert text.count("INFO kiosk.platform.lockdown: ignored") == 1, text
        geometry = xdotool(display, "getwindowgeometry", window)
        assert "Position: 0,0" in geometry, geometry
        assert "Geometry: 1280x800" in geometry, geometry
        # Escape keeps its meaning: back from the menu to the attract loop.
        xdotool(display, "click", "1")
        assert wait_for(lambda: "screen attract -> menu" in log.read_text(), 10), log.read_text()
        xdotool(display, "key", "Escape")
        assert wait_for(lambda: "screen menu -> attract" in log.read_text(), 10), log.read_text()
        assert kiosk.poll() is None, log.read_text()
    finally:
        kiosk.terminate()
        kiosk.wait(10)
    assert "Traceback" not in log.read_text()


def test_windowed_ctrl_shift_q_quits(display: str, tmp_path: Path) -> None:
    log = tmp_path / "kiosk.log"
    kiosk = start(display, tmp_path, log, "--windowed", "--size", "800x600")
    try:
        window = kiosk_window(display)
        xdotool(display, "mousemove", "400", "300", "windowfocus", "--sync", window)
        xdotool(display, "key", "ctrl+shift+q")
        assert kiosk.wait(10) == 0, log.read_text()
    finally:
        if kiosk.poll() is None:
            kiosk.terminate()
            kiosk.wait(10)
    assert "Traceback" not in log.read_text()
