"""A restart on a bare X server: the last start's first frame is on the screen before the scene
loads, it is the picture the live scene draws, and an edited kiosk.yaml makes a new one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtGui import QImage

from kiosk.ops import startframe
from tests.e2e.xserver import bare_x, wait_for
from tests.packs import NO_STICKS

ROOT = Path(__file__).resolve().parents[2]


def _start(
    home: Path, display: str, seconds: float = 4, slide_seconds: float = 60
) -> subprocess.Popen[str]:
    """``kiosk run`` (by default the first slide stays up for the whole run)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display, "KIOSK_HOME": str(home)}
    command = [sys.executable, "-m", "kiosk", "run", "--exit-after", str(seconds)]
    command += ["--slide-seconds", str(slide_seconds)]
    return subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)


def _log(process: subprocess.Popen[str]) -> list[str]:
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    return err.splitlines()


def _grab(display: str, out: Path) -> bool:
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.screen_grab", str(out)],
        env={**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display},
        cwd=ROOT,
        check=False,
        timeout=30,
    )
    return done.returncode == 0


def _index(lines: list[str], words: str) -> int:
    return next(i for i, line in enumerate(lines) if words in line)


def _rows_that_differ(a: QImage, b: QImage) -> int:
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    assert a.size() == b.size()
    line = a.bytesPerLine()
    bits_a, bits_b = bytes(a.constBits()), bytes(b.constBits())  # type: ignore[call-overload]
    return sum(
        bits_a[y * line : (y + 1) * line] != bits_b[y * line : (y + 1) * line]
        for y in range(a.height())
    )


def test_a_restart_shows_the_kept_first_frame_before_the_scene(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "kiosk.yaml").write_text(NO_STICKS)
    record_file, picture = home / startframe.RECORD_FILE, home / startframe.IMAGE_FILE
    with bare_x(300) as display:
        # The first start has nothing kept: it shows the scene, then keeps its first frame.
        first = _start(home, display)
        assert wait_for(record_file.exists, 30)
        time.sleep(1.0)  # the first slide, still up
        shot = tmp_path / "screen.png"
        grabbed = _grab(display, shot)
        lines = _log(first)
        assert grabbed
        assert not any("start frame shown" in line for line in lines)
        assert any("start frame kept" in line for line in lines)
        kept = json.loads(record_file.read_text())
        # The kept picture is what the screen showed (the progress bar under the slide has moved
        # on since the first frame: a few rows).
        screen, frame = QImage(str(shot)), QImage(str(picture))
        assert frame.width() == screen.width() == 1280
        assert _rows_that_differ(screen, frame) <= screen.height() // 50

        # The next start puts it on the screen before its scene's first frame, keeps nothing,
        # and the start frame's window is gone once the scene draws: when the slides have moved
        # on, the screen shows another slide, not the kept picture.
        second = _start(home, display, seconds=8, slide_seconds=2)
        time.sleep(5.5)
        assert _grab(display, shot)
        lines = _log(second)
        assert _index(lines, "start frame shown") < _index(lines, "first frame")
        assert json.loads(record_file.read_text()) == kept
        assert _rows_that_differ(QImage(str(shot)), frame) > screen.height() // 10

        # kiosk.yaml edited: what the first frame shows may differ; no kept frame is shown, and
        # this start's own first frame is kept instead.
        (home / "kiosk.yaml").write_text(NO_STICKS + "idle_seconds: 90\n")
        lines = _log(_start(home, display))
        assert not any("start frame shown" in line for line in lines)
        assert any("start frame kept" in line for line in lines)
        assert json.loads(record_file.read_text())["key"] != kept["key"]
