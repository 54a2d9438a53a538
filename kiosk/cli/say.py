"""``kiosk say TEXT``: speak one sentence through the kiosk's own read-aloud, to hear the speakers.

The same path as a visitor's *Read aloud* (``kiosk.ui.bridges.access``: Qt's text to speech, its
``speechd`` engine, speech-dispatcher and its voice), without a window. It waits until the
sentence has been spoken: exit 0; no working speech engine, an engine error or no end within
:data:`SAY_SECONDS`: exit 1, with the reason on stderr. ``make bundle`` uses it to hear the frozen
build speak (``tests/bench/test_bundle_speaks.py``).
"""

from __future__ import annotations

import argparse
import os
import sys

from kiosk.launch import EXIT_OK, EXIT_REFUSED

SAY_SECONDS = 60
TEXT_LIMIT = 500


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``say`` command."""
    p = sub.add_parser(
        "say",
        help="speak a sentence through the kiosk's read-aloud (to check the speakers)",
        description="Speak TEXT the way Read aloud does, and wait until it has been spoken.",
    )
    p.add_argument("text", help=f"what to say (at most {TEXT_LIMIT} characters)")
    p.add_argument("--language", default="en", help="its language, e.g. es (default en)")
    p.set_defaults(handler=_cmd_say)


def _cmd_say(args: argparse.Namespace) -> int:
    text = " ".join(str(args.text).split())[:TEXT_LIMIT]
    if not text:
        print("kiosk say: nothing to say", file=sys.stderr)
        return EXIT_REFUSED
    # No window: any display will do, and none is needed.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QGuiApplication

    from kiosk.ui.bridges.access import system_speaker

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    speaker = system_speaker(app)
    if speaker is None:
        print(
            "kiosk say: no speech engine works here (install speech-dispatcher and a voice: "
            "make speech-deps; the log above says what is missing)",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    from PySide6.QtTextToSpeech import QTextToSpeech  # loaded: system_speaker found an engine

    loop = QEventLoop()
    spoken: list[bool] = []

    def finished() -> None:  # read to its end, or it could not be read
        spoken.append(True)
        loop.quit()

    QTimer.singleShot(SAY_SECONDS * 1000, loop.quit)
    speaker.say(text, args.language, finished)
    if not spoken:  # (an engine may fail at once, before the loop runs)
        loop.exec()
    engine = app.findChild(QTextToSpeech)  # the engine the speaker speaks through
    if engine is not None and engine.state() == QTextToSpeech.State.Error:
        print(f"kiosk say: the speech engine failed: {engine.errorString()}", file=sys.stderr)
        return EXIT_REFUSED
    if not spoken:
        print(f"kiosk say: the sentence was not spoken within {SAY_SECONDS} s", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK
