"""``kiosk staff set-pin`` as a real process, reading the PIN twice from stdin."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from kiosk.ops import staff


def _set_pin(home: Path, text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--home", str(home), "staff", "set-pin"],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def test_set_pin_via_stdin(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = _set_pin(home, "482916\n482916\n")
    assert done.returncode == 0, done.stderr
    assert f"KIOSK_HOME: {home}" in done.stderr
    assert "staff PIN set" in done.stdout
    assert "482916" not in staff.pin_file(home).read_text()
    assert stat.S_IMODE(staff.pin_file(home).stat().st_mode) == 0o600
    stored = staff.load_pin(home)
    assert stored is not None
    assert staff.check_pin("482916", stored)
    refused = _set_pin(home, "abcd\nabcd\n")
    assert refused.returncode == 1
    assert "digits only" in refused.stderr
    assert staff.check_pin("482916", staff.load_pin(home) or stored)  # unchanged
