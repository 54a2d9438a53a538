"""The 20-second form of ``make soak`` (the 10-minute one is ``make soak``, outside CI).

Long enough to catch an abort, a frozen loop or a harness that rotted; the soak itself (memory
growth, hours of transitions) is ``make soak``, where CI's time limit does not apply.
"""

import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool (make test installs them)",
)


def test_twenty_seconds_of_fast_slides_touch_sessions_and_junk_in_the_inbox() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench.soak", "--seconds", "20"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SOAK exit status 0" in result.stdout
    transitions = int(result.stdout.split("SOAK transitions ")[1].split(",")[0])
    assert transitions > 50, result.stdout  # the loop really ran fast (0.05-0.2 s a slide)
