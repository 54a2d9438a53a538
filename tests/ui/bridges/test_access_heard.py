"""Read-aloud heard for real: Qt's speechd engine, speech-dispatcher and espeak-ng, recorded.

The other read-aloud tests use a fake speaker. This one runs the whole path a kiosk with a
speaker has: the accessibility button, the read-aloud button, ``QTextToSpeech`` through
speech-dispatcher (spawned by the client, as on a kiosk) to espeak-ng, into a private
PulseAudio server whose only sink is a null sink. ``parec`` records that sink's monitor, and the
test measures the sound: speech while the card is read, silence once the visitor moves on.

It needs ``make speech-deps`` (speech-dispatcher, its espeak-ng module, PulseAudio), which
``make test`` installs; it is skipped where they are missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.content.model import Pack
from kiosk.ui.app import Scene
from kiosk.ui.bridges.access import system_speaker
from tests.audio import RATE, Recorder, loud_seconds, null_sink, speech_missing
from tests.helpers import ManualClock, SceneDriver

pytestmark = [
    pytest.mark.slow,
    # Qt Multimedia (under Qt TextToSpeech) looks for PipeWire first, then uses PulseAudio.
    pytest.mark.qt_log_ignore("pipewire"),
    pytest.mark.skipif(
        speech_missing(),
        reason="needs speech-dispatcher with espeak-ng and PulseAudio (make speech-deps)",
    ),
]


@pytest.fixture
def audio(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A private PulseAudio with one null sink (tests/audio.py); this process plays into it."""
    with null_sink() as env:
        for name in ("XDG_RUNTIME_DIR", "HOME"):
            monkeypatch.setenv(name, env[name])
        yield env


def test_the_card_is_heard_in_the_visitors_language_and_stops_when_she_moves_on(
    qapp, qtbot, default_pack: Pack, audio: dict[str, str], tmp_path: Path
) -> None:
    speaker = system_speaker()
    assert speaker is not None, "speech-dispatcher is installed, so the kiosk must find it"
    clock = ManualClock(1000.0)
    scene = Scene(default_pack, venue="transit", animate=False, clock=clock, speaker=speaker)
    scene.window.resize(1920, 1080)
    scene.window.show()
    qtbot.waitExposed(scene.window)
    driver = SceneDriver(scene, clock, [])
    recorder = Recorder(audio, tmp_path / "heard.raw")
    try:
        driver.click_at(600, 500)
        driver.click("languageButton_es")
        driver.click("lessonTile0")
        driver.click("accessButton")
        assert driver.item("readAloudButton").isVisible()
        qtbot.wait(500)
        assert loud_seconds(recorder.samples()) == 0, "silence before read-aloud"

        driver.click("readAloudButton")
        heard = qtbot.waitUntil(lambda: loud_seconds(recorder.samples()) > 0.5, timeout=20_000)
        assert heard is None  # waitUntil raises on timeout
        engine_locale = speaker._engine.locale().name()  # the locale it speaks in
        assert engine_locale.startswith("es"), engine_locale
        assert scene.access.property("reading")

        driver.click("readAloudButton")  # "Leyendo… Detener": Stop
        assert not scene.access.property("reading")
        qtbot.wait(1_000)  # what was already in the sink's buffer drains
        before = len(recorder.samples())
        qtbot.wait(1_500)
        assert loud_seconds(recorder.samples()[before:]) < 0.05, "Stop did not stop the reading"

        driver.click("readAloudButton")  # read again
        before = len(recorder.samples())
        qtbot.waitUntil(lambda: loud_seconds(recorder.samples()[before:]) > 0.5, timeout=20_000)
        driver.next_screen()  # leaving the card (past its pages) stops reading
        qtbot.wait(1_000)  # what was already in the sink's buffer drains
        before = len(recorder.samples())
        qtbot.wait(2_000)
        after = recorder.samples()[before:]
        assert len(after) > RATE  # still recording
        assert loud_seconds(after) < 0.05, "reading goes on after the visitor moved on"

        # The engine says when a reading has ended: the button turns back from "Reading… Stop".
        # (Here, not in a test of its own: one process reaches one speech-dispatcher.)
        ended: list[int] = []
        speaker.say("Hola.", "es", lambda: ended.append(1))
        qtbot.waitUntil(lambda: ended == [1], timeout=20_000)
    finally:
        recorder.close()
        driver.close()
