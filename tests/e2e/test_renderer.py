"""The renderer `kiosk run` picks on a bare X server, and what the log and `kiosk status` say.

Xvfb has no GPU: Mesa draws OpenGL there with llvmpipe, a software rasterizer (or there is no
OpenGL at all), so ``auto`` must choose Qt Quick's software renderer; ``kiosk.yaml`` and the
environment can still ask for another.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.xserver import bare_x

pytestmark = pytest.mark.skipif(not shutil.which("Xvfb"), reason="needs Xvfb (make test)")


def run(home: Path, display: str, **env: str) -> str:
    """`kiosk run` for a moment on ``display``; its log."""
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--exit-after", "2"],
        env={**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display, "KIOSK_HOME": str(home),
             **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_auto_draws_in_software_on_a_software_rasterizer_and_says_so(tmp_path: Path) -> None:
    for name in ("QT_QUICK_BACKEND", "QSG_RHI_BACKEND", "QSG_RENDER_LOOP"):
        assert name not in os.environ, f"{name} is set: the test would not see auto's choice"
    with bare_x(92) as display:
        log = run(tmp_path, display)
        assert "renderer: software (auto: " in log, log
        assert "first frame 1280x800, drawn by software" in log, log
        status = subprocess.run(
            [sys.executable, "-m", "kiosk", "--home", str(tmp_path), "status", "--json"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        record = json.loads(status.stdout)["renderer"]
        assert record["renderer"] == "software"
        assert record["setting"] == "auto"
        assert record["reason"].startswith("auto: ")

        (tmp_path / "kiosk.yaml").write_text("renderer: opengl\n")
        log = run(tmp_path, display)
        assert "renderer: opengl (kiosk.yaml renderer: opengl)" in log, log
        # The basic render loop: frames on the GUI thread, no Python on a render thread.
        assert "drawn by opengl (basic render loop)" in log, log

        (tmp_path / "kiosk.yaml").write_text("renderer: auto\n")
        log = run(tmp_path, display, QT_QUICK_BACKEND="software")
        assert "auto: the environment sets QT_QUICK_BACKEND=software" in log, log
        assert "drawn by software" in log, log


def test_opengl_with_render_loop_messages_and_self_check_grabs_does_not_freeze(
    tmp_path: Path,
) -> None:
    """The deadlock that made the kiosk draw OpenGL on the basic loop, provoked: a Qt message
    for every frame (the render loop's timing, routed to Python's logging) while the self-check
    grabs the window at start. On the threaded loop the first grab froze the kiosk for good
    (even SIGTERM's handler never ran); here it must quit on time."""
    (tmp_path / "kiosk.yaml").write_text("renderer: opengl\n")
    with bare_x(92) as display:
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "run", "--slide-seconds", "1", "--exit-after", "8"],
            env={**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display,
                 "KIOSK_HOME": str(tmp_path),
                 "QT_LOGGING_RULES": "qt.scenegraph.time.renderloop.debug=true"},
            capture_output=True,
            text=True,
            timeout=90,  # a frozen kiosk is killed here, and the test fails
            check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "drawn by opengl (basic render loop)" in done.stderr
    assert "self-check" in done.stderr
