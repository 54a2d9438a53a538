"""The running kiosk's alert polling: feeds every ``every_minutes``, venue messages more often.

A timer ticks every :data:`TICK_MS` and hands one :meth:`kiosk.alerts.poll.Sources.poll` to its
own :class:`~kiosk.platform.worker.Worker` (at the watcher's lower CPU priority): the feeds when
their ``every_minutes`` (kiosk.yaml ``alerts``) has passed, the drop folder and sticks for
``.kmsg`` messages every tick (a stick is read within seconds, as packs are). The report comes
back on the GUI thread to :meth:`AlertsBridge.use_report`. A poll still running when the next
tick comes is not doubled; a feed that is down changes nothing on screen.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.alerts.decide import Rules
from kiosk.alerts.poll import Report, Sources
from kiosk.config import AlertsSettings, KioskConfig
from kiosk.platform.watcher import background_priority
from kiosk.platform.worker import Worker
from kiosk.ui.bridges.alerts import AlertsBridge

log = logging.getLogger("kiosk.alerts")

TICK_MS = 5_000  # venue messages on a stick or in the drop folder: seen within seconds
FIRST_MS = 3_000  # after start: the first frames come first


class AlertPoller(QObject):
    """Polls the alert sources off the GUI thread and hands each report to the bridge.

    Signals:
        polled: each poll's :class:`~kiosk.alerts.poll.Report` (tests listen).
    """

    polled = Signal(object)

    def __init__(
        self,
        bridge: AlertsBridge,
        sources: Sources,
        *,
        every_minutes: float,
        tick_ms: int = TICK_MS,
        first_ms: int = FIRST_MS,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._sources = sources
        self._every = max(1.0, every_minutes * 60.0)
        self._monotonic = monotonic
        self._feeds_due = monotonic()
        self._worker = Worker("alert-poll", initializer=background_priority, parent=self)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(first_ms)
        self._first.timeout.connect(self.tick)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        self._bridge.start()
        self._first.start()
        self._timer.start()

    def stop(self) -> None:
        self._first.stop()
        self._timer.stop()
        self._worker.stop()
        self._bridge.stop()

    def tick(self) -> None:
        """Start one poll (the feeds too when they are due), unless one is still running."""
        now = self._monotonic()
        feeds = bool(self._sources.feeds) and now >= self._feeds_due
        job = functools.partial(
            self._sources.poll, self._bridge.board, self._bridge.moment(), feeds=feeds
        )
        if self._worker.run(job, self._done, self._failed) and feeds:
            self._feeds_due = now + self._every

    def _done(self, report: Report) -> None:
        self._bridge.use_report(report)
        self.polled.emit(report)

    def _failed(self, exc: Exception) -> None:
        # Sources.poll never raises for a source's fault; a bug might.
        log.error("alert poll failed; the alerts on screen stay", exc_info=exc)


def start_alerts(
    bridge: AlertsBridge, home: Path, config: KioskConfig, *, parent: QObject
) -> AlertPoller:
    """Poll kiosk.yaml ``alerts`` feeds (none: venue messages only) for ``kiosk run``."""
    settings = config.alerts or AlertsSettings()
    rules = Rules(frozenset(settings.areas), settings.events)
    sources = Sources(settings.feeds, rules, home=home, watch=config.watch)
    poller = AlertPoller(bridge, sources, every_minutes=settings.every_minutes, parent=parent)
    poller.start()
    if settings.feeds:
        log.info("alerts: %d feed(s) every %g min, areas %s", len(settings.feeds),
                 settings.every_minutes, ", ".join(settings.areas))  # fmt: skip
    return poller
