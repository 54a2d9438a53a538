"""`kiosk say` speaks through the kiosk's own read-aloud path, and is heard (tests/audio.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.audio import heard, speech_missing

pytestmark = pytest.mark.skipif(
    speech_missing(), reason="needs speech-dispatcher with espeak-ng and PulseAudio"
)


def test_a_sentence_is_heard_and_the_command_waits_until_it_is_spoken(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "kiosk", "say", "Notice the signs. Call the hotline."]
    loud, failed = heard(command, tmp_path / "heard.raw")
    assert not failed, failed
    assert loud > 0.5, f"only {loud:.2f} s of sound"


def test_nothing_to_say_is_refused(tmp_path: Path) -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "say", "   "], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "nothing to say" in done.stderr
