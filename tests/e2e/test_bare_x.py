"""The kiosk on a bare X server (Xvfb, no window manager), the way many kiosk PCs run it."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool (make test installs them)",
)


def wait_for(predicate, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_fills_the_screen_and_answers_a_click(tmp_path: Path) -> None:
    display = f":{90 + os.getpid() % 100}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    log = tmp_path / "kiosk.log"
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "KIOSK_HOME": str(tmp_path)}
    try:
        assert wait_for(lambda: Path(f"/tmp/.X11-unix/X{display[1:]}").exists(), 10)
        with log.open("w") as out:
            kiosk = subprocess.Popen(
                [sys.executable, "-m", "kiosk", "run", "--exit-after", "15"],
                env=env,
                stderr=out,
                stdout=out,
            )
        try:
            assert wait_for(lambda: "first frame" in log.read_text()), log.read_text()
            assert "first frame 1280x800" in log.read_text(), log.read_text()
            geometry = subprocess.run(
                ["xdotool", "search", "--name", "Awareness kiosk", "getwindowgeometry"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            assert "Position: 0,0" in geometry, geometry
            assert "Geometry: 1280x800" in geometry, geometry
            subprocess.run(
                ["xdotool", "mousemove", "640", "400", "click", "1"], env=env, check=True
            )
            assert wait_for(lambda: "screen attract -> menu" in log.read_text(), 10), (
                log.read_text()
            )
        finally:
            kiosk.terminate()
            kiosk.wait(10)
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    assert "Traceback" not in log.read_text()
