"""SIGTERM and SIGINT end the kiosk cleanly: the event loop returns 0, as a staff exit would.

``systemctl stop`` and ``systemctl restart`` send SIGTERM; without a handler Python dies of it
(exit 143), the crash-loop guard never hears that the start ended on purpose, and three ordinary
restarts would set the venue's pack aside as if it crashed. A Python signal handler, though, only
runs when the interpreter gets control, and a Qt event loop can sit in C++ for as long as nothing
happens on screen. So the signal number is also written to a socket (``signal.set_wakeup_fd``)
that a :class:`QSocketNotifier` watches: the loop wakes at once, and the slot calls
``QCoreApplication.exit(0)`` — never ``quit()``, which the locked window would refuse
(docs/architecture.md, "Lockdown").
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
from collections.abc import Callable, Iterable
from types import FrameType

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

_Handler = Callable[[int, FrameType | None], object] | int | None


def _note(signum: int, frame: FrameType | None) -> None:
    """The Python-level handler: nothing to do here, the wake-up socket carries the signal."""


class StopOnSignal(QObject):
    """Ends the event loop with exit code 0 when one of ``signals`` arrives.

    Install it once the application exists and before ``exec()``; :meth:`close` puts the
    previous handlers back (a second signal during shutdown then ends the process as usual).

    Attributes:
        received: the signal that asked the kiosk to stop, or 0.
    """

    def __init__(
        self, signals: Iterable[signal.Signals] = STOP_SIGNALS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.received = 0
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        # warn_on_full_buffer=False: a burst of signals only needs one wake-up.
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous: dict[signal.Signals, _Handler] = {}
        for signum in signals:
            self._previous[signum] = signal.signal(signum, _note)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        try:
            data = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        # Each byte is the number of a signal that arrived; only ours stop the kiosk.
        wanted = [b for b in data if b in {int(s) for s in self._previous}]
        if not wanted or self.received:
            return
        self.received = wanted[0]
        log.info("%s: stopping cleanly", signal.Signals(self.received).name)
        QCoreApplication.exit(0)

    def close(self) -> None:
        """Restore the handlers and the wake-up descriptor that were there before."""
        self._notifier.setEnabled(False)
        for signum, handler in self._previous.items():
            # None: a handler set outside Python; the default is the closest we can restore.
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        signal.set_wakeup_fd(self._previous_fd)
        with contextlib.suppress(OSError):
            self._reader.close()
            self._writer.close()
