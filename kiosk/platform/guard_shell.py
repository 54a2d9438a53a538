"""The crash-loop guard in the running kiosk: the clean-run timer and a new pack going live.

The decisions and ``starts.json`` are :mod:`kiosk.ops.crashguard`; this only hands it Qt's
events. The timer is Qt's, which runs on a monotonic clock, so setting the wall clock neither
hurries nor delays a clean start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, SignalInstance

from kiosk.common import paths
from kiosk.content.model import Pack
from kiosk.intake.store import PackStore
from kiosk.intake.trust import PackRef
from kiosk.launch import Guarded
from kiosk.ops.crashguard import CrashGuard

log = logging.getLogger(__name__)


class GuardShell(QObject):
    """Records the start, marks it clean after ``clean_minutes``, follows hot-swapped packs."""

    def __init__(
        self,
        guard: CrashGuard,
        guarded: Guarded,
        pack_changed: SignalInstance,
        showing: Callable[[], Pack],
        parent: QObject,
    ) -> None:
        """``pack_changed`` fires when ``showing()`` may name a new live pack."""
        super().__init__(parent)
        self._guard = guard
        self._showing = showing
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, round(guard.clean_seconds * 1000)))
        self._timer.timeout.connect(guard.ran_clean)
        self._pack = guarded.pack
        guard.started(guarded.ref, guarded.reason)
        self._timer.start()
        pack_changed.connect(self._pack_changed)

    def _pack_changed(self) -> None:
        pack = self._showing()
        if pack is self._pack:
            return  # packChanged also means a language change: the same pack, nothing new
        self._pack = pack
        # The watcher brings what active.json names: an installed pack, or the bundled one
        # that staff chose; the kiosk.yaml reloader may bring the bundled one too. The bundled
        # pack is None to the guard, like the built-in fallback.
        active = PackStore(self._guard.path.parent).active()
        bundled = active.builtin or pack.root.resolve() == paths.default_pack_dir().resolve()
        shown = None if bundled else PackRef(pack.id, pack.version)
        if self._guard.now_showing(shown, active.live):
            self._timer.start()  # the new pack must run clean_minutes of its own

    def stopped(self, code: int) -> None:
        """The event loop returned ``code``: 0 is a deliberate exit, anything else a failure."""
        self._timer.stop()
        if code == 0:
            self._guard.stopped()
