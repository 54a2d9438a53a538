"""Hearing the kiosk speak: a private PulseAudio whose only sink is a null sink, and a recorder.

speech-dispatcher (spawned by the kiosk's speech engine, as on a kiosk) plays into the private
PulseAudio through ``XDG_RUNTIME_DIR``; ``parec`` records the null sink's monitor, and the tests
measure the sound. Used by tests/ui/bridges/test_access_heard.py, tests/cli/test_say.py and the
bundle's smoke test (tests/bench/test_bundle_speaks.py). They need ``make speech-deps`` and are
skipped without it.
"""

from __future__ import annotations

import array
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ESPEAK_MODULE = Path("/usr/lib/speech-dispatcher-modules/sd_espeak-ng")
RATE = 16_000  # samples a second, mono, 16 bit
LOUD = 1_000  # a sample louder than this is sound (full scale is 32767)
TOOLS = ("pulseaudio", "parec", "pactl", "speech-dispatcher")


def speech_missing() -> bool:
    """Whether speech-dispatcher with espeak-ng, or PulseAudio, is missing here."""
    return not (ESPEAK_MODULE.exists() and all(shutil.which(t) for t in TOOLS))


@contextlib.contextmanager
def null_sink() -> Iterator[dict[str, str]]:
    """A private PulseAudio with one null sink; the environment that plays into it.

    A short path: the sockets live under it and a socket path has room for 107 bytes.
    speech-dispatcher spawns into the same runtime folder and is ended with it.
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
        deadline = time.monotonic() + 20
        info = ["pactl", "info"]
        while subprocess.run(info, env=env, capture_output=True).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError("the private PulseAudio did not start")
            time.sleep(0.1)
        subprocess.run(["pactl", "set-default-sink", "kiosk"], env=env, check=True)
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


def heard(command: list[str], recording: Path, timeout: float = 120) -> tuple[float, str]:
    """Run ``command`` (a ``kiosk say``) playing into a fresh null sink; the seconds of sound
    recorded while it ran, and its exit code and stderr as one text for assertion messages."""
    with null_sink() as env:
        recorder = Recorder(env, recording)
        try:
            done = subprocess.run(
                command, env={**env, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True,
                text=True, timeout=timeout, check=False,
            )  # fmt: skip
            time.sleep(0.5)  # what is still in the sink's buffer
            loud = loud_seconds(recorder.samples())
        finally:
            recorder.close()
    return loud, f"exit {done.returncode}: {done.stderr[-2000:]}" if done.returncode else ""
