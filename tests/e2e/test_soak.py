"""The 60-second form of ``make soak`` (the 10-minute one is ``make soak``, outside CI)."""

import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool (make test installs them)",
)


def test_a_minute_of_fast_slides_touch_sessions_and_junk_in_the_inbox() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench.soak", "--seconds", "60"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SOAK exit status 0" in result.stdout
    transitions = int(result.stdout.split("SOAK transitions ")[1].split(",")[0])
    assert transitions > 150, result.stdout  # the loop really ran fast (0.05-0.2 s a slide)
