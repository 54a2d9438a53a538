"""Outside opening hours on a bare X server: the closed screen, taps ignored, DPMS or its fallback.

Xvfb has no DPMS extension, so ``closed: display-off`` meets the real ``xset`` failing (or no
``xset`` at all) and must fall back to the dim screen and say why; that is the path a kiosk PC
with a screen that cannot sleep takes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.xserver import bare_x, wait_for
from tests.packs import NO_STICKS

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool (make test installs them)",
)

CLOSED_ALL_WEEK = "schedule:\n  closed: display-off\n  hours:\n" + "".join(
    f"    {day}: closed\n" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
)


def test_closed_kiosk_on_bare_x_falls_back_to_the_dim_screen_and_ignores_taps(
    tmp_path: Path,
) -> None:
    (tmp_path / "kiosk.yaml").write_text(CLOSED_ALL_WEEK + NO_STICKS)
    log = tmp_path / "kiosk.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "KIOSK_HOME": str(tmp_path)}
    with bare_x(190) as display:
        env["DISPLAY"] = display
        with log.open("w") as out:
            kiosk = subprocess.Popen(
                [sys.executable, "-m", "kiosk", "run", "--exit-after", "12"],
                env=env,
                stderr=out,
                stdout=out,
            )
        try:
            assert wait_for(lambda: "first frame" in log.read_text()), log.read_text()
            assert wait_for(lambda: "closed: display-off" in log.read_text()), log.read_text()
            text = log.read_text()
            assert "cannot switch the display off" in text, text
            assert "showing the dim screen" in text
            subprocess.run(
                ["xdotool", "mousemove", "640", "400", "click", "1"], env=env, check=True
            )
            time.sleep(1.5)
            assert "screen attract -> menu" not in log.read_text(), "a tap opened the menu"
            assert kiosk.wait(30) == 0, log.read_text()
        finally:
            if kiosk.poll() is None:
                kiosk.terminate()
                kiosk.wait(10)
    assert "Traceback" not in log.read_text()
