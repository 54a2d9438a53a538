"""The systemd heartbeat, sent from the Qt GUI thread so that a frozen UI stops it.

``WATCHDOG=1`` goes out from a ``QTimer`` on the GUI thread's event loop: when that loop stops
turning (a slot that never returns, a deadlock, a SIGSTOPped process) the heartbeat stops too,
systemd's ``WatchdogSec=`` runs out and it kills and restarts the kiosk. A heartbeat from a thread
of its own would keep a dead screen "alive". ``READY=1`` is sent after the first frame, so the
unit becomes active only once something is on the glass; ``STOPPING=1`` when the app quits.

:class:`Pulse` is the same idea inside the process: every second the GUI thread tells a
:class:`~kiosk.ops.health.StallWatch` that it turns, and the watch, on a thread of its own, ends
the process (exit 4) when the pulses stop. It works with or without systemd.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtQuick import QQuickWindow

from kiosk.ops.health import StallWatch
from kiosk.ops.watchdog import Notifier

log = logging.getLogger(__name__)


class Heartbeat(QObject):
    """READY=1 at the first frame, WATCHDOG=1 every half watchdog period, STOPPING=1 at quit.

    Args:
        notifier: where the messages go (a no-op one outside systemd).
        window: the kiosk's window; its first swapped frame means "ready".
        status: the ``STATUS=`` line sent with READY=1 (what the kiosk shows).
        parent: owner; the timer goes when it goes.
    """

    def __init__(
        self,
        notifier: Notifier,
        window: QQuickWindow,
        *,
        status: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self._window = window
        self._status = status
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.beat)
        self.ready = False
        self.stopped = False

    def start(self) -> None:
        """Arm READY=1 for the first frame, the heartbeat timer and STOPPING=1 at quit."""
        if not self.notifier.enabled:
            log.debug("no NOTIFY_SOCKET: not started by systemd, no heartbeat")
            return
        self._window.frameSwapped.connect(self._first_frame, Qt.ConnectionType.SingleShotConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        seconds = self.notifier.heartbeat_seconds()
        if seconds is not None:
            self._timer.start(max(1, round(seconds * 1000)))
            log.info("systemd watchdog: heartbeat every %.3g s from the GUI thread", seconds)

    def beat(self) -> None:
        """One ``WATCHDOG=1``."""
        self.notifier.heartbeat()

    def _first_frame(self) -> None:
        self.ready = True
        self.notifier.ready(self._status)
        log.info("systemd: ready (%s)", self._status or "first frame shown")

    def stop(self, status: str = "") -> None:
        """``STOPPING=1`` (once) and no more heartbeats."""
        if self.stopped:
            return
        self.stopped = True
        self._timer.stop()
        self.notifier.stopping(status)
        self.notifier.close()


PULSE_MILLIS = 1_000


class Pulse(QObject):
    """The GUI thread's pulse for a :class:`~kiosk.ops.health.StallWatch`, once a second.

    Args:
        watch: the watch that hears the pulse on its own thread.
        patient: asked at every pulse: whether staff have the keypad or panel open.
        parent: owner; the timer goes when it goes.
    """

    def __init__(
        self, watch: StallWatch, patient: Callable[[], bool], *, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.watch = watch
        self._patient = patient
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.beat)

    def start(self) -> None:
        """Pulse from now on; stop watching when the app quits in order."""
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self._timer.start(PULSE_MILLIS)
        self.watch.start()

    def beat(self) -> None:
        """One pulse."""
        self.watch.pulse(patient=self._patient())

    def stop(self) -> None:
        self._timer.stop()
        self.watch.stop()
