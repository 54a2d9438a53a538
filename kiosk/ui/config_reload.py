"""An edited ``kiosk.yaml`` reaches the running kiosk, without a restart, at the next slide.

Every few seconds the GUI thread compares the file's size, time and inode with the last look
(a ``stat``, nothing more). When it changed, a worker reads it the way ``kiosk run`` does (each
broken key keeps its default, an unreadable file the last good one; every problem is logged)
and, when the allow-lists changed, checks the pack on screen against the new ones. The GUI
thread then hands each bridge its part: the venue and languages go to the attract loop, which
switches at its next slide boundary, like a new pack; the schedule is judged again; the idle
time counts from the next visitor; the staff panel checks what it installs, activates or rolls
back against the new allow-lists. What only a start reads (``watch``, ``verify``, the staff
chord, ``crash_guard``, ``memory_limit_mb``, ``venue_name``) is named in one log line asking for
a restart. A pack on screen that the new allow-lists refuse gives way to the bundled pack,
which always shows the hotlines: a narrower list never leaves a refused number on screen.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.common import paths
from kiosk.common.problems import PackError
from kiosk.config import KioskConfig, language_problem, load_config, setting_changes
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.launch import bundled_pack
from kiosk.platform.watcher import PackWatcher
from kiosk.platform.worker import Worker
from kiosk.ui.bridges.attract import AttractBridge
from kiosk.ui.bridges.schedule import ScheduleBridge
from kiosk.ui.bridges.session import SessionBridge
from kiosk.ui.bridges.staff_layer import StaffLayer

log = logging.getLogger(__name__)

POLL_MILLIS = 3000

Signature = tuple[int, int, int] | None


def signature(path: Path) -> Signature:
    """What tells an edit apart: size, modification time (ns) and inode; None when missing."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


@dataclass(frozen=True)
class _Reload:
    config: KioskConfig
    replacement: Pack | None  # the bundled pack, when the new allow-lists refuse the one shown


def pack_name(pack: Pack) -> str:
    return f"pack {pack.id} {pack.version}"


def recheck(pack: Pack, config: KioskConfig) -> Pack | None:
    """Runs on the worker: the pack to show instead of ``pack`` under ``config``'s allow-lists.

    Returns:
        None when ``pack`` still passes; else the bundled pack.
    """
    bundled = pack.root.resolve() == paths.default_pack_dir().resolve()
    if bundled:
        return None  # the app's own pack is checked against the defaults as well, always
    try:
        load_pack(pack.root, config.link_hosts, config.hotline_numbers)
    except (PackError, OSError) as exc:
        problems = exc.problems if isinstance(exc, PackError) else [exc]
        for problem in problems[:10]:
            log.error("kiosk.yaml: %s breaks the new allow-lists: %s", pack_name(pack), problem)
        log.error("showing the bundled pack until a pack that keeps them goes live")
        return bundled_pack(config)
    return None


class ConfigReloader(QObject):
    """Watches ``kiosk.yaml`` and applies what can change while running.

    Signals:
        applied: an edited file was read and applied (tests wait for it).
    """

    applied = Signal()

    def __init__(
        self,
        path: Path,
        config: KioskConfig,
        *,
        attract: AttractBridge,
        session: SessionBridge,
        schedule: ScheduleBridge,
        watcher: PackWatcher | None,
        venue_option: str | None,
        staff: StaffLayer | None = None,
        interval_ms: int = POLL_MILLIS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._path = path
        self._config = config
        self._attract = attract
        self._session = session
        self._schedule = schedule
        self._watcher = watcher
        self._staff = staff
        self._venue_option = venue_option  # --venue wins over kiosk.yaml, as at start
        self._seen = signature(path)
        self._worker = Worker("kiosk-yaml", parent=self)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        attract.packChanged.connect(self._check_languages)
        self._languages_said = ""
        self._check_languages()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._worker.stop()

    def _tick(self) -> None:
        now = signature(self._path)
        if now == self._seen or self._worker.busy:
            return
        self._seen = now
        shown = self._attract.pending_pack or self._attract.pack
        job = functools.partial(self._read, self._config, shown)
        self._worker.run(job, self._done, self._failed)

    def _read(self, old: KioskConfig, shown: Pack) -> _Reload:
        """Runs on the worker: the file as ``kiosk run`` reads it, and the pack check."""
        config = load_config(self._path, strict=False, keep_last_good=True)
        for problem in config.problems:
            log.warning("kiosk.yaml: %s", problem)
        lists = (config.link_hosts, config.hotline_numbers)
        changed = lists != (old.link_hosts, old.hotline_numbers)
        return _Reload(config, recheck(shown, config) if changed else None)

    def _done(self, reload: _Reload) -> None:
        self.apply(reload.config, reload.replacement)

    def _failed(self, exc: Exception) -> None:
        log.error(
            "reading the edited kiosk.yaml failed; the settings stay as they were", exc_info=exc
        )

    def apply(self, new: KioskConfig, replacement: Pack | None = None) -> None:
        """Hand each bridge its part of ``new`` (on the GUI thread)."""
        live, later = setting_changes(self._config, new)
        self._config = new
        if live:
            log.info("kiosk.yaml changed: %s apply from the next slide", ", ".join(live))
        if later:
            log.warning(
                "kiosk.yaml changed: %s: read at start only; restart to apply "
                "(systemctl restart kiosk)",
                ", ".join(later),
            )
        if {"venue", "languages", "language_layout"} & set(live):
            venue = self._venue_option or new.venue
            together = new.language_layout == "together"
            self._attract.use_settings(venue, new.languages, together=together)
        if {"venue", "idle_seconds"} & set(live):
            self._session.use_idle_seconds(new.idle_seconds)
        if "schedule" in live:
            self._schedule.use_settings(new.schedule)
        if {"link_hosts", "hotline_numbers"} & set(live) and self._watcher is not None:
            self._watcher.set_allow_lists(new.link_hosts, new.hotline_numbers)
        if self._staff is not None:  # the panel's installs check the new allow-lists too
            self._staff.use_config(new)
        if replacement is not None:
            self._attract.replace_pack(replacement)
        self._languages_said = ""
        self._check_languages()
        self.applied.emit()

    def _check_languages(self) -> None:
        """Say once per pack and setting when ``languages`` names one the pack lacks."""
        pack = self._attract.pack
        said = language_problem(self._config.languages, pack.languages, pack_name(pack))
        if said and said != self._languages_said:
            log.warning("kiosk.yaml: %s", said)
        self._languages_said = said
