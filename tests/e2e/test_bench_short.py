"""`make bench` in its short form, so that it cannot rot between the runs that fill the docs.

One run of the floor and of the kiosk, a few seconds each, on fresh Xvfb screens: the figures
must come out (the screen seen changing at the start and after the tap, memory, CPU), whatever
they are; timings are never asserted (the machine is shared).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not shutil.which("Xvfb"), reason="needs Xvfb (make test)")


def test_the_bench_runs_and_reads_the_screen(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.bench", "--short", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text())
    default = results["modes"]["default"]
    for kind in ("kiosk", "reference"):
        figures = default[kind]
        for key in ("first_content_s", "peak_rss_mb", "cpu_loop_pct", "tap_to_screen_ms"):
            assert figures[key] is not None, (kind, key, done.stdout[-3000:])
    # The floor drew with what the kiosk picked by itself.
    assert default["drawn_by"]["kiosk"] == results["settings"]["default_renderer"]
    assert default["drawn_by"]["reference"] == default["drawn_by"]["kiosk"]
    assert "| first content on screen (s) |" in done.stdout
