"""A frame-timing probe for ``make bench``, enabled only by ``$KIOSK_FRAME_PROBE`` (a file path).

When enabled it records, with ``time.monotonic()``: every frame's start (``beforeSynchronizing``)
and swap (``frameSwapped``), every press on the window and every slide change, and writes them as
``kind seconds`` lines to the file when the app quits (nothing is written while it runs). That is
Python work on every frame, which is why it is off unless asked for; the kiosk never enables it.
The bench's reference window (``tests/bench/reference.py``) uses the same probe, so the two are
measured alike.

The stamps are taken on the thread that renders (direct connections). On Qt's threaded render
loop that is the render thread, which then needs the GIL while the GUI thread may hold it in
``grabWindow()`` (the self-check), waiting for that very render thread: a deadlock. The kiosk
never draws on the threaded loop (:mod:`kiosk.platform.renderer`), and ``make bench`` gives the
floor the loop the kiosk has.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, SignalInstance
from PySide6.QtQuick import QQuickWindow

PROBE_ENV = "KIOSK_FRAME_PROBE"


class FrameProbe(QObject):
    """Records frame, press and slide timestamps of ``window``; writes them to ``path`` at quit."""

    def __init__(self, window: QQuickWindow, path: Path, slide_changed: SignalInstance) -> None:
        super().__init__(window)
        self._path = path
        self.events: list[tuple[str, float]] = []
        direct = Qt.ConnectionType.DirectConnection  # the render thread's signals, stamped there
        window.beforeSynchronizing.connect(lambda: self._stamp("sync"), direct)
        window.frameSwapped.connect(lambda: self._stamp("swap"), direct)
        slide_changed.connect(lambda: self._stamp("slide"))
        window.installEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.write)

    def _stamp(self, kind: str) -> None:
        self.events.append((kind, time.monotonic()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self._stamp("press")
        return False

    def write(self) -> None:
        """Write the events recorded so far (``kind seconds`` lines)."""
        lines = (f"{kind} {at:.6f}\n" for kind, at in self.events)
        self._path.write_text("".join(lines), encoding="utf-8")


def probe_from_env(window: QQuickWindow, slide_changed: SignalInstance) -> FrameProbe | None:
    """A probe on ``window`` when ``$KIOSK_FRAME_PROBE`` names a file, else None (no cost)."""
    target = os.environ.get(PROBE_ENV, "")
    return FrameProbe(window, Path(target), slide_changed) if target else None
