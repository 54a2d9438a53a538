"""Qt's expected platform messages, named once in the log instead of repeated as warnings.

Some of Qt's warnings say only how the machine is built and need no action. Qt Multimedia, which
Qt's text to speech loads when read-aloud starts, looks for PipeWire first and warns when there
is none ("Couldn't load pipewire-0.3 library", then "Couldn't resolve pipewire-0.3 symbols")
before it plays through PulseAudio, as it should on a Debian 12 kiosk without PipeWire. An
operator reading WARNING lines would chase them.

:class:`KnownPlatformMessages` (a filter on the ``kiosk.qt`` logger, which carries Qt's messages)
recognises such lines exactly, by category and whole message, and logs one short note at INFO the
first time one of a kind comes, then none. Every other message, and any Qt warning whose words
differ, passes through unchanged: nothing unknown is ever hidden.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownMessage:
    """Qt messages of one category whose whole text matches ``pattern``, and what they mean."""

    category: str
    pattern: re.Pattern[str]
    note: str


KNOWN_PLATFORM_MESSAGES = (
    KnownMessage(
        "qt.multimedia.symbolsresolver",
        re.compile(r"Couldn't (load pipewire-0\.3 library|resolve pipewire-0\.3 symbols)"),
        "expected: Qt Multimedia (used by read-aloud) finds no PipeWire here and plays through "
        "PulseAudio; its pipewire warnings are left out of the log (docs/operating.md, The log)",
    ),
)


class KnownPlatformMessages(logging.Filter):
    """Turns the first of each kind of known Qt message into its note and drops the others.

    It reads the records ``kiosk.platform.native.route_qt_messages`` makes: the message
    ``"%s: %s"`` with Qt's category and Qt's text as its arguments.
    """

    def __init__(self, known: tuple[KnownMessage, ...] = KNOWN_PLATFORM_MESSAGES) -> None:
        super().__init__()
        self._known = known
        self._noted: set[KnownMessage] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        kind = self._kind(record)
        if kind is None:
            return True
        if kind in self._noted:
            return False
        self._noted.add(kind)
        record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        record.msg, record.args = "%s: %s", (kind.category, kind.note)
        return True

    def _kind(self, record: logging.LogRecord) -> KnownMessage | None:
        args = record.args
        if record.msg != "%s: %s" or not isinstance(args, tuple) or len(args) != 2:
            return None
        category, text = args
        for kind in self._known:
            if category == kind.category and isinstance(text, str) and kind.pattern.fullmatch(text):
                return kind
        return None
