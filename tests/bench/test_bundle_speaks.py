"""The frozen build reads aloud: ``dist/kiosk/kiosk say`` heard through a null sink.

Run by ``make bundle`` after the build (``KIOSK_BUNDLE`` names the frozen program), never by
``make test``, which does not build the bundle. Qt TextToSpeech needs Qt Multimedia, which the
bundle once left out: the engine did not load and the frozen kiosk could not read aloud.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.audio import heard, speech_missing

BUNDLE = os.environ.get("KIOSK_BUNDLE", "")

pytestmark = [
    pytest.mark.skipif(not BUNDLE, reason="KIOSK_BUNDLE names no frozen build (make bundle)"),
    pytest.mark.skipif(
        speech_missing(), reason="needs speech-dispatcher with espeak-ng and PulseAudio"
    ),
]


def test_the_frozen_kiosk_speaks_a_sentence(tmp_path: Path) -> None:
    command = [BUNDLE, "say", "This kiosk can read aloud."]
    loud, failed = heard(command, tmp_path / "heard.raw")
    assert not failed, failed
    assert loud > 0.5, f"only {loud:.2f} s of sound"
