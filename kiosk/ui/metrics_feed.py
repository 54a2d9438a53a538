"""The running kiosk's side of the metrics: a snapshot of its health, published from the GUI thread.

``kiosk.yaml`` ``metrics`` starts a :class:`~kiosk.ops.metrics_export.MetricsExporter`, whose
threads serve ``/metrics`` and write the textfile. They never touch a Qt object: every
``PUBLISH_MILLIS`` this feed, on the GUI thread, reads the pack on screen, the schedule and the
last self-check into an immutable :class:`~kiosk.ops.metrics.Snapshot` and hands it over. A GUI
thread that stops turning stops publishing, which ``kiosk_snapshot_timestamp_seconds`` shows.

prometheus_client is the optional ``fleet`` extra: without it the kiosk says so once and runs on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from kiosk.common import paths
from kiosk.config import MetricsSettings
from kiosk.content.model import Pack
from kiosk.ops.health import Health
from kiosk.ops.metrics import Snapshot
from kiosk.ui.bridges.attract import AttractBridge
from kiosk.ui.bridges.schedule import ScheduleBridge

if TYPE_CHECKING:
    from kiosk.ops.metrics_export import MetricsExporter

log = logging.getLogger(__name__)

PUBLISH_MILLIS = 2_000


class MetricsFeed(QObject):
    """Publishes a :class:`Snapshot` to the exporter every ``PUBLISH_MILLIS``.

    Args:
        exporter: where snapshots go (its threads read them).
        attract: the attract loop (the pack on screen).
        schedule: opening hours.
        health: the self-checks' results and the start time.
        author_pack: the pack is an author's ``--pack`` folder.
        clock: the wall clock.
        parent: owner; the timer goes when it goes.
    """

    def __init__(
        self,
        exporter: MetricsExporter,
        attract: AttractBridge,
        schedule: ScheduleBridge,
        health: Health,
        *,
        author_pack: bool = False,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.exporter = exporter
        self._attract = attract
        self._schedule = schedule
        self._health = health
        self._author_pack = author_pack
        self._clock = clock
        self._pack: Pack | None = None
        self._pack_parts: tuple[str, frozenset[str], frozenset[str]] = (
            "",
            frozenset(),
            frozenset(),
        )
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.publish)

    def start(self) -> None:
        """Publish now and every ``PUBLISH_MILLIS``; serve; stop both when the app quits."""
        self.publish()
        self.exporter.start()
        self._timer.start(PUBLISH_MILLIS)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def stop(self) -> None:
        self._timer.stop()
        self.exporter.stop()

    def publish(self) -> None:
        """Hand the exporter the health as it is now."""
        pack = self._attract.pack
        if pack is not self._pack:  # a path lookup and two sets once per pack, not every time
            self._pack = pack
            self._pack_parts = (
                self._origin(pack),
                frozenset(slide.id for slide in pack.slides),
                frozenset(lesson.id for lesson in pack.lessons),
            )
        origin, slide_ids, lesson_ids = self._pack_parts
        check = self._health.last_self_check
        self.exporter.publish(
            Snapshot(
                published=self._clock(),
                started=self._health.started,
                pack_id=pack.id,
                pack_version=pack.version,
                pack_origin=origin,
                open=not self._schedule.is_closed,
                self_check_at=check.at if check is not None else None,
                self_check_ok=check.ok if check is not None else None,
                self_check_failed_in_a_row=self._health.failed_in_a_row,
                slide_ids=slide_ids,
                lesson_ids=lesson_ids,
            )
        )

    def _origin(self, pack: Pack) -> str:
        if self._author_pack:
            return "folder"
        try:
            bundled = pack.root.resolve() == paths.default_pack_dir().resolve()
        except OSError:
            bundled = False
        return "built-in" if bundled else "installed"


def start_metrics(
    home: Path,
    settings: MetricsSettings | None,
    attract: AttractBridge,
    schedule: ScheduleBridge,
    health: Health,
    *,
    author_pack: bool,
    parent: QObject,
) -> MetricsFeed | None:
    """Start what ``kiosk.yaml`` ``metrics`` asks for (None: nothing asked, or no library)."""
    if settings is None:
        return None
    try:
        from kiosk.ops.metrics_export import MetricsExporter  # the optional `fleet` extra
    except ImportError as exc:  # not installed, or the bundle (which leaves out ssl)
        log.error(
            "metrics are off: %s (they need prometheus_client: pip install 'kiosk[fleet]'; "
            "the PyInstaller bundle has none)",
            exc,
        )
        return None
    feed = MetricsFeed(
        MetricsExporter(home, settings),
        attract,
        schedule,
        health,
        author_pack=author_pack,
        parent=parent,
    )
    feed.start()
    return feed
