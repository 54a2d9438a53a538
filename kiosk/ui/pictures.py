"""Pack pictures reach QML as file URLs, decode off the GUI thread, and may not take too long.

Every picture from a pack (slide pictogram, lesson icon and card picture, publisher logo) is a
``PackPicture`` in QML: an ``Image`` with ``asynchronous: true``, so Qt decodes it on its image
reader thread, in C++, and the GUI thread (taps, the loop, the hotline strip, the heartbeat) never
waits for it. The validator bounds what an SVG may expand to (``kiosk.content.svg``); this is the
second line: a picture that has still not decoded after :data:`LIMIT_MILLIS` is given up and
shows nothing (the words, hotlines and QR stay), and :class:`Pictures` logs its file once.

Why not decode in Python on a pool thread: PySide6 keeps the GIL while ``QSvgRenderer`` draws
(measured: a 3 s render held every other Python thread for 3 s), so a slow picture would stop the
GUI thread's Python and the freeze watchdog with it. Qt's own reader thread holds no GIL.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Property, QObject, QUrl, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.content.words import log_quote

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

# The default pack's pictures decode in a few milliseconds; one that takes seconds would not be
# seen in its slide anyway, and snapshot waits no longer than this for a picture.
LIMIT_MILLIS = 5_000
# How many distinct late pictures are remembered, so that each is logged once (a pack holds at
# most 2,000 files; the set cannot grow without bound across pack changes).
_REMEMBERED = 4_096


def file_url(path: object) -> str:
    """A pack's file as a URL a ``PackPicture`` can load."""
    return QUrl.fromLocalFile(str(path)).toString()


@QmlElement
@QmlSingleton
class Pictures(QObject):
    """The QML side's one call into Python for pack pictures: "this one was too slow".

    Signals:
        limitChanged: never sent while running (a notify signal lets qmllint check bindings).

    Properties:
        limitMillis: how long a picture may take to decode before it is given up.
    """

    limitChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._told: set[str] = set()

    def _limit_millis(self) -> int:
        return LIMIT_MILLIS

    limitMillis = Property(int, _limit_millis, notify=limitChanged, final=True)

    @Slot(str, int)
    def late(self, source: str, millis: int) -> None:
        """``source`` did not decode within ``millis``: log it, once per file."""
        url = QUrl(source)
        name = url.toLocalFile() if url.isLocalFile() else source
        if name in self._told:
            return
        if len(self._told) >= _REMEMBERED:
            self._told.clear()
        self._told.add(name)
        log.warning(
            "picture %s did not decode within %.1f s: it is shown as nothing",
            log_quote(name),
            millis / 1000,
        )
