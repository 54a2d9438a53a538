"""The running kiosk's fleet sync: ``kiosk.yaml`` ``sync: {url, every_minutes}``.

A timer starts :func:`kiosk.fleet.sync.sync_once` on its own :class:`~kiosk.platform.worker.Worker`
(at the watcher's lower CPU priority) soon after start, then every ``every_minutes``. A sync
only installs into ``KIOSK_HOME``; the :class:`~kiosk.platform.watcher.PackWatcher` follows
``active.json`` and hands the new pack to the attract loop at the next slide boundary, exactly
as for a stick. No network, a refused repository or a missing ``fleet`` extra never touches
the screen: the outcome is logged and written to ``sync-status.json`` (the staff panel's row).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.config import KioskConfig, SyncSettings
from kiosk.fleet import FleetUnavailable, need_fleet
from kiosk.platform.watcher import background_priority
from kiosk.platform.worker import Worker

log = logging.getLogger(__name__)

FIRST_SYNC_MS = 20_000  # after start: the first frames and the self-check come first


class SyncTimer(QObject):
    """Syncs with the fleet's TUF repository every ``every_minutes`` off the GUI thread.

    Signals:
        synced: each sync's :class:`kiosk.fleet.sync.Outcome` (tests and the panel listen).
    """

    synced = Signal(object)

    def __init__(
        self,
        home: Path,
        config: KioskConfig,
        settings: SyncSettings,
        *,
        first_ms: int = FIRST_SYNC_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._home = home
        self._config = config
        self._settings = settings
        self._worker = Worker("pack-sync", initializer=background_priority, parent=self)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(first_ms)
        self._first.timeout.connect(self._tick)
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(settings.every_minutes * 60_000)))
        self._timer.timeout.connect(self._tick)

    def start(self) -> bool:
        """Start the timers; False (said once in the log) when python-tuf is not installed."""
        try:
            need_fleet()
        except FleetUnavailable as exc:
            log.error("kiosk.yaml sync is set but %s; the kiosk runs without it", exc)
            return False
        self._first.start()
        self._timer.start()
        return True

    def stop(self) -> None:
        self._first.stop()
        self._timer.stop()
        self._worker.stop()

    def _tick(self) -> None:
        from kiosk.fleet.sync import sync_once

        settings, config = self._settings, self._config
        job = functools.partial(
            sync_once,
            self._home,
            settings.url,
            trust_root=Path(settings.trust_root) if settings.trust_root else None,
            venue=config.venue,
            pack_id=settings.pack,
            verify=config.verify,
            link_hosts=config.link_hosts,
            hotline_numbers=config.hotline_numbers,
        )
        # A sync still running when the next is due is not doubled (Worker.run says False).
        self._worker.run(job, self.synced.emit, self._failed)

    def _failed(self, exc: Exception) -> None:  # sync_once never raises; a bug might
        log.error("fleet sync failed; will try again", exc_info=exc)
