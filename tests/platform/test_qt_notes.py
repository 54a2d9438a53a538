"""Qt's expected platform messages are named once in the log; unknown warnings stay warnings."""

from __future__ import annotations

import ctypes.util
import importlib.util
import logging
import os
import subprocess
import sys
import textwrap

import pytest

from kiosk.platform.qt_notes import KnownPlatformMessages

CATEGORY = "qt.multimedia.symbolsresolver"


def qt_record(category: str, text: str, level: int = logging.WARNING) -> logging.LogRecord:
    """A record as route_qt_messages makes it."""
    return logging.LogRecord("kiosk.qt", level, __file__, 1, "%s: %s", (category, text), None)


def test_the_known_pipewire_lines_become_one_note() -> None:
    notes = KnownPlatformMessages()
    first = qt_record(CATEGORY, "Couldn't load pipewire-0.3 library")
    assert notes.filter(first)
    assert first.levelno == logging.INFO
    assert first.levelname == "INFO"
    assert "no PipeWire" in first.getMessage()
    assert "PulseAudio" in first.getMessage()
    assert first.getMessage().startswith(f"{CATEGORY}: expected:")
    # Its companion line, and the same lines again (each read-aloud start), say nothing more.
    assert not notes.filter(qt_record(CATEGORY, "Couldn't resolve pipewire-0.3 symbols"))
    assert not notes.filter(qt_record(CATEGORY, "Couldn't load pipewire-0.3 library"))


@pytest.mark.parametrize(
    ("category", "text"),
    [
        (CATEGORY, "Couldn't load pipewire-0.4 library"),  # other words: not the known line
        (CATEGORY, "Couldn't load pipewire-0.3 library; and something else"),
        ("qt.multimedia.ffmpeg", "Couldn't load pipewire-0.3 library"),  # another category
        ("qt.qpa.xcb", "could not connect to display"),
    ],
)
def test_any_other_warning_passes_unchanged(category: str, text: str) -> None:
    notes = KnownPlatformMessages()
    notes.filter(qt_record(CATEGORY, "Couldn't load pipewire-0.3 library"))  # noted already
    record = qt_record(category, text)
    assert notes.filter(record)
    assert record.levelno == logging.WARNING
    assert record.getMessage() == f"{category}: {text}"


def test_records_of_another_shape_pass() -> None:
    record = logging.LogRecord(
        "kiosk.qt", logging.WARNING, __file__, 1, "Couldn't load pipewire-0.3 library", None, None
    )
    assert KnownPlatformMessages().filter(record)
    assert record.levelno == logging.WARNING


SCRIPT = textwrap.dedent(
    """
    import logging, sys
    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(levelname)s %(message)s")
    from PySide6.QtGui import QGuiApplication
    from kiosk.platform.native import route_qt_messages
    route_qt_messages()
    app = QGuiApplication([])
    from PySide6.QtTextToSpeech import QTextToSpeech
    engine = QTextToSpeech("mock")  # loads Qt Multimedia, as read-aloud's first start does
    from PySide6.QtCore import qWarning
    qWarning("a warning nobody expects")
    """
)


def test_turning_read_aloud_on_logs_one_note_and_no_pipewire_warning() -> None:
    """The real path: Qt Multimedia loaded through Qt's text to speech, its messages routed."""
    if importlib.util.find_spec("PySide6.QtTextToSpeech") is None:  # found, not loaded here
        pytest.skip("this PySide6 has no Qt text to speech")
    if ctypes.util.find_library("pipewire-0.3"):
        pytest.skip("PipeWire is installed here: Qt Multimedia has nothing to warn about")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    pipewire = [line for line in lines if "pipewire" in line.lower()]
    assert pipewire == [
        f"INFO {CATEGORY}: expected: Qt Multimedia (used by read-aloud) finds no PipeWire here "
        "and plays through PulseAudio; its pipewire warnings are left out of the log "
        "(docs/operating.md, The log)"
    ]
    assert "WARNING default: a warning nobody expects" in lines
