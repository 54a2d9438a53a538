"""The kiosk on a bare X server (Xvfb, no window manager), the way many kiosk PCs run it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.xserver import bare_x, wait_for
from tests.packs import home_without_sticks

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool (make test installs them)",
)


def test_fills_the_screen_and_answers_a_click(tmp_path: Path) -> None:
    log = tmp_path / "kiosk.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "KIOSK_HOME": str(home_without_sticks(tmp_path))}
    with bare_x(90) as display:
        env["DISPLAY"] = display
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
    assert "Traceback" not in log.read_text()
