"""Impact counts in the running kiosk: written off the GUI thread, and the staff panel's chart.

The bridges count into one :class:`~kiosk.ops.stats.Tally` (in memory, on the GUI thread).
:class:`ImpactRecorder` hands what it holds to the UI's :class:`~kiosk.platform.worker.Worker`
once a minute and just after each hour ends, which adds it to ``KIOSK_HOME/stats.sqlite3`` in one
transaction; at exit it writes the rest. A kill -9 loses at most the counts since the last write,
all of them of the current hour. A write that fails (a full disk) keeps the counts in memory
for the next try: the show never waits on the disk and never stops for it.

:class:`ImpactDays` is the chart's list model: one row per day of the last seven.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.common.message import Message
from kiosk.ops import stats
from kiosk.ops.stats import Day, Row, StatsStore, Tally
from kiosk.platform.worker import Worker
from kiosk.ui.staff_words import on_screen

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

CHART_DAYS = 7


class ImpactRecorder(QObject):
    """Writes the tally to ``KIOSK_HOME/stats.sqlite3`` on a worker thread.

    Args:
        tally: what the bridges count into.
        home: KIOSK_HOME.
        every: seconds between writes (at most; also just after each hour ends).
        now: wall-clock seconds (the tally's clock, for the hour's end).
    """

    def __init__(
        self,
        tally: Tally,
        home: Path,
        *,
        every: float = stats.FLUSH_SECONDS,
        now: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tally = tally
        self._store = StatsStore(home)
        self._every = every
        self._now = now
        self._pruned = ""  # the hour of the last pruning: once an hour, first at start
        self._worker = Worker("stats", parent=self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def worker(self) -> Worker:
        """The writer (tests wait for its ``finished``)."""
        return self._worker

    def start(self) -> None:
        self._arm()

    def _arm(self) -> None:
        self._timer.start(round(stats.flush_delay(self._now(), self._every) * 1000))

    def flush(self) -> None:
        """Hand what was counted to the writer (it waits a turn while a write is running)."""
        self._arm()
        hour = self._tally.hour()
        prune = hour != self._pruned
        if self._worker.busy:
            return
        rows = self._tally.take()
        if not rows and not prune:
            return

        def written(_: None) -> None:
            if prune:
                self._pruned = hour

        def failed(exc: Exception) -> None:
            self._tally.give_back(rows)
            log.warning("impact counts not written, kept for the next try: %s", _why(exc))

        self._worker.run(lambda: self._store.write(rows, prune=prune), written, failed)

    def stop(self) -> None:
        """The kiosk is quitting: no more timer; what is left is written now (a few ms)."""
        self._timer.stop()
        self._worker.stop()
        try:
            self._store.write(self._tally.take())
        except (sqlite3.Error, OSError) as exc:
            log.warning("impact counts of this hour not written at exit: %s", _why(exc))

    def days(self, today: date | None = None) -> list[Day]:
        """Touch sessions and slides shown on each of the last 7 local days (written or not)."""
        today = today or datetime.fromtimestamp(self._now()).date()
        since = stats.since_hour(self._now(), CHART_DAYS + 1)  # a local day may start earlier
        try:
            rows: list[Row] = stats.chart_rows(self._store.path, since)
        except sqlite3.Error as exc:
            log.warning("impact counts unreadable: %s", _why(exc))
            rows = []
        return stats.daily([*rows, *self._tally.pending()], today, None, CHART_DAYS)


def _why(exc: Exception) -> str:
    """An error in a few words (the path is the kiosk's own; no visitor word is in it)."""
    return f"{type(exc).__name__}: {exc}"[:200]


@QmlElement
@QmlUncreatable("the staff bridge holds it")
class ImpactDays(QAbstractListModel):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """The staff panel's chart: one row per day, oldest first.

    Roles: ``label`` (the day, e.g. "Sat 5", in the language on screen), ``sessions``,
    ``slides`` (touch sessions and slides shown that day), ``text`` (the day's line, worded by
    :mod:`kiosk.ops.staff_words` in the language on screen).

    Properties:
        sessionsPeak, slidesPeak: the largest day of each (at least 1), to scale the bars.
    """

    peaksChanged = Signal()

    LABEL = Qt.ItemDataRole.UserRole + 1
    SESSIONS = Qt.ItemDataRole.UserRole + 2
    SLIDES = Qt.ItemDataRole.UserRole + 3
    TEXT = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int, int, str]] = []

    def show(self, days: Sequence[Day], language: str) -> None:
        """Show ``days``; their names and lines in ``language``."""
        locale = QLocale(language)
        self.beginResetModel()
        self._rows = []
        for d in days:
            label = locale.toString(QDate(d.day.year, d.day.month, d.day.day), "ddd d")
            said = Message.of("impactDay", day=label, sessions=d.sessions, slides=d.slides)
            self._rows.append((label, d.sessions, d.slides, on_screen(said, language)))
        self.endResetModel()
        self.peaksChanged.emit()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        label, sessions, slides, text = self._rows[index.row()]
        return {
            self.LABEL: label,
            self.SESSIONS: sessions,
            self.SLIDES: slides,
            self.TEXT: text,
        }.get(role)

    def roleNames(self) -> dict[int, QByteArray]:
        return {
            self.LABEL: QByteArray(b"label"),
            self.SESSIONS: QByteArray(b"sessions"),
            self.SLIDES: QByteArray(b"slides"),
            self.TEXT: QByteArray(b"text"),
        }

    def _sessions_peak(self) -> int:
        return max([1, *(r[1] for r in self._rows)])

    def _slides_peak(self) -> int:
        return max([1, *(r[2] for r in self._rows)])

    sessionsPeak = Property(int, _sessions_peak, notify=peaksChanged, final=True)
    slidesPeak = Property(int, _slides_peak, notify=peaksChanged, final=True)
