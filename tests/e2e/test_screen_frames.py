"""The self-check reads a software-rendered kiosk's frames from the X server, a band at a time."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.xserver import bare_x

pytestmark = pytest.mark.skipif(
    not shutil.which("Xvfb"), reason="needs Xvfb (make test installs it)"
)


def test_screen_frames_see_every_row_and_never_hold_a_whole_frame(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    env.pop("QT_QUICK_BACKEND", None)
    with bare_x(600, "1920x1080") as display:
        env["DISPLAY"] = display
        done = subprocess.run(
            [sys.executable, "-m", "tests.e2e.screen_frames", str(tmp_path / "frame.qml")],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["screen"], seen  # software renderer on X11: the screen's own pixels
    assert seen["equal_when_still"]
    assert seen["differs_after_change"]  # 4 rows at the bottom right are part of the digest
    assert seen["region_size"] == [20, 10]
    assert seen["region_colour"] == "#2050a0"  # the blue box, where the scene put it
    # A 1920x1080 frame is 7.9 MiB: reading it band by band never holds a quarter of it.
    assert seen["risen_bytes"] < seen["frame_bytes"] / 4, seen
    assert seen["covered_reads_the_cover"]
