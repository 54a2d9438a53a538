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

import array
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.content.model import Pack
from kiosk.ui.app import Scene
from kiosk.ui.bridges.access import system_speaker
from tests.e2e.xserver import wait_for
from tests.helpers import ManualClock, SceneDriver

ESPEAK_MODULE = Path("/usr/lib/speech-dispatcher-modules/sd_espeak-ng")
RATE = 16_000  # samples a second, mono, 16 bit
LOUD = 1_000  # a sample louder than this is sound (full scale is 32767)

pytestmark = [
    # Qt Multimedia (under Qt TextToSpeech) looks for PipeWire first, then uses PulseAudio.
    pytest.mark.qt_log_ignore("pipewire"),
    pytest.mark.skipif(
        not (
            ESPEAK_MODULE.exists()
            and all(shutil.which(t) for t in ("pulseaudio", "parec", "pactl", "speech-dispatcher"))
        ),
        reason="needs speech-dispatcher with espeak-ng and PulseAudio (make speech-deps)",
    ),
]


@pytest.fixture
def audio(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A private PulseAudio with one null sink; speech-dispatcher spawns into the same runtime dir.

    A short path: the sockets live under it and a socket path has room for 107 bytes.
    """
    runtime = Path(tempfile.mkdtemp(prefix="kiosk-xdg-"))
    runtime.chmod(0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "HOME": str(runtime)}
    env.pop("PULSE_SERVER", None)
    pulse = subprocess.Popen(
        [
            "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
            "--log-target=stderr", "--load=module-null-sink sink_name=kiosk",
            "--load=module-native-protocol-unix",
        ],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        info = ["pactl", "info"]
        assert wait_for(lambda: subprocess.run(info, env=env, capture_output=True).returncode == 0)
        subprocess.run(["pactl", "set-default-sink", "kiosk"], env=env, check=True)
        for name, value in env.items():
            if name in ("XDG_RUNTIME_DIR", "HOME"):
                monkeypatch.setenv(name, value)
        yield env
    finally:
        pid_file = runtime / "speech-dispatcher" / "pid" / "speech-dispatcher.pid"
        if pid_file.exists():
            with contextlib.suppress(ValueError, ProcessLookupError):
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)
        pulse.terminate()
        pulse.wait(timeout=10)
        shutil.rmtree(runtime, ignore_errors=True)


class Recorder:
    """``parec`` on the null sink's monitor, raw 16-bit mono."""

    def __init__(self, env: dict[str, str], out: Path) -> None:
        self._out = out.open("wb")
        self._proc = subprocess.Popen(
            ["parec", "-d", "kiosk.monitor", "--format=s16le", "--channels=1", f"--rate={RATE}"],
            env=env, stdout=self._out,
        )  # fmt: skip
        self._path = out

    def samples(self) -> array.array[int]:
        """Everything recorded so far."""
        self._out.flush()
        data = self._path.read_bytes()
        return array.array("h", data[: len(data) // 2 * 2])

    def close(self) -> None:
        self._proc.terminate()
        self._proc.wait(timeout=10)
        self._out.close()


def loud_seconds(samples: array.array[int]) -> float:
    return sum(1 for s in samples if abs(s) > LOUD) / RATE


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

        driver.next_screen()  # leaving the card (past its pages) stops reading
        qtbot.wait(1_000)  # what was already in the sink's buffer drains
        before = len(recorder.samples())
        qtbot.wait(2_000)
        after = recorder.samples()[before:]
        assert len(after) > RATE  # still recording
        assert loud_seconds(after) < 0.05, "reading goes on after the visitor moved on"
    finally:
        recorder.close()
        driver.close()
