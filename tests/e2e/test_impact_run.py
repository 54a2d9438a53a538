"""The real kiosk counts the slides it shows and writes them when it quits (issue 27)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kiosk.ops import stats
from tests.packs import home_without_sticks


def test_the_running_kiosk_writes_its_counts_at_exit(tmp_path: Path) -> None:
    home = home_without_sticks(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--exit-after", "3", "--slide-seconds", "0.5"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    counts = stats.totals(tmp_path / "stats.sqlite3")
    shown = sum(n for (counter, _key), n in counts.items() if counter == "slide_shown")
    qr = sum(n for (counter, _key), n in counts.items() if counter == "qr_slide_shown")
    assert shown >= 3  # a slide every half second for about two seconds after the first frame
    assert qr == shown  # every slide carries its QR
    assert {counter for counter, _key in counts} == {"slide_shown", "qr_slide_shown"}
    assert "impact counts" not in result.stderr  # no write failed
