"""Hot reload: new packs from the inbox, removable media or the CLI reach the running loop.

Every few seconds a worker thread scans ``KIOSK_HOME/inbox/`` and the watched media folders
(installing what is new, see :mod:`kiosk.ops.inbox`) and checks which pack ``active.json`` names.
When the live pack changed, the worker loads it and the GUI thread hands it to the attract loop,
which swaps at the next slide boundary — never mid-slide, never during a visitor's lesson.
Installing, hashing and loading happen off the GUI thread so the crossfade never stutters, and
at a lower CPU priority (the worker thread's own nice value, :func:`background_priority`): on a
two-core box an install takes a whole core for seconds, and the GUI and render threads must win it.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.common.problems import PackError
from kiosk.config import KioskConfig
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS
from kiosk.intake.store import InstallResult, PackRef, PackStore
from kiosk.launch import bundled_pack
from kiosk.ops.inbox import scan_for_new_packs
from kiosk.platform.worker import Worker

log = logging.getLogger(__name__)

POLL_MILLIS = 3000
# The worker thread's nice value (0 is normal, 19 the lowest): installs yield the CPU to the show.
WORKER_NICE = 10


def background_priority(nice: int = WORKER_NICE) -> None:
    """Lower the CPU priority of the calling thread only (Linux keeps a nice value per thread).

    Run as the worker's initializer. Where that is not possible (another OS, a sandbox that
    refuses), the worker runs at normal priority: slower frames during an install, nothing worse.
    """
    if not hasattr(os, "setpriority"):  # pragma: no cover - not Linux
        return
    try:
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, max(os.getpriority(os.PRIO_PROCESS, thread), nice))
    except OSError as exc:  # pragma: no cover - refused by the system
        log.info("pack watcher runs at normal priority: %s", exc.strerror or exc)


@dataclass
class _Poll:
    results: list[InstallResult] = field(default_factory=list)
    # (live pack, bundled pack chosen, the live pack may not be shown: see PackStore.revoked_live)
    live: tuple[PackRef | None, bool, bool] = (None, False, False)
    pack: Pack | None = None
    # Titles of packs offered again that were already installed, for "Already installed: …".
    titles: dict[PackRef, str] = field(default_factory=dict)


class PackWatcher(QObject):
    """Polls for new packs off the GUI thread and hands a new live pack to the attract loop.

    Signals:
        outcome: one line per install attempt from the inbox or media (tests listen to it).
        result: each install attempt's ``InstallResult``, with the live pack's title when it
            was installed (the staff notice shows it).
    """

    outcome = Signal(str)
    result = Signal(object, str)

    def __init__(
        self,
        home: Path,
        replace_pack: Callable[[Pack], None],
        *,
        watch: Iterable[str],
        verify: bool,
        link_hosts: Iterable[str],
        hotline_numbers: Iterable[str] = DEFAULT_HOTLINE_NUMBERS,
        interval_ms: int = POLL_MILLIS,
        prepare: Callable[[Pack], object] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``prepare`` is called on the worker thread with each pack about to go live, before
        it is handed over (``kiosk run`` makes its QR codes there, kiosk.ui.qr)."""
        super().__init__(parent)
        self._home = home
        self._replace_pack = replace_pack
        self._prepare = prepare
        self._watch = tuple(watch)
        self._verify = verify
        self._hosts = tuple(link_hosts)
        self._numbers = tuple(hotline_numbers)
        self._store = PackStore(home)
        self._live = self._showing()
        self._worker = Worker("pack-watcher", initializer=background_priority, parent=self)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._timer.start()

    def set_allow_lists(self, link_hosts: Iterable[str], hotline_numbers: Iterable[str]) -> None:
        """Edited ``kiosk.yaml``: packs installed from now on are checked against these."""
        self._hosts, self._numbers = tuple(link_hosts), tuple(hotline_numbers)

    def stop(self) -> None:
        self._timer.stop()
        self._worker.stop()

    def _showing(self) -> tuple[PackRef | None, bool, bool]:
        active = self._store.active()
        # Checked at every poll: a key untrusted while active.json could not be saved (or a
        # damaged signature) must not leave its pack on screen until the next restart.
        revoked = not active.builtin and self._store.revoked_live() is not None
        return active.live, active.builtin, revoked

    def _tick(self) -> None:
        # While an install still runs, no second poll: the next starts when it is done.
        self._worker.run(functools.partial(self._poll, self._live), self._apply, self._failed)

    def _failed(self, exc: Exception) -> None:
        log.error("checking for new packs failed; will try again", exc_info=exc)

    def _poll(self, seen: tuple[PackRef | None, bool, bool]) -> _Poll:
        """Runs on the worker thread: install what is new, then see what is live."""
        results = scan_for_new_packs(
            self._home,
            self._watch,
            verify=self._verify,
            link_hosts=self._hosts,
            hotline_numbers=self._numbers,
            store=self._store,
        )
        live = self._showing()
        pack = None
        if live != seen and live[1]:  # staff chose the bundled pack
            pack = bundled_pack(KioskConfig(link_hosts=self._hosts, hotline_numbers=self._numbers))
        elif live != seen and live[0] is not None:
            pack = self._store.live_pack(self._hosts, self._numbers)  # skips a revoked pack
            if pack is None and live[2]:  # nothing earlier may be shown either
                config = KioskConfig(link_hosts=self._hosts, hotline_numbers=self._numbers)
                pack = bundled_pack(config)
        if pack is not None and self._prepare is not None:
            try:
                self._prepare(pack)
            except Exception:  # the pack goes live anyway; what is missing is made when shown
                log.exception("could not prepare the new live pack")
        return _Poll(results, live, pack, self._titles(results))

    def _titles(self, results: Iterable[InstallResult]) -> dict[PackRef, str]:
        """Runs on the worker: the title of each already installed pack a result names."""
        titles: dict[PackRef, str] = {}
        for result in results:
            ref = result.pack
            if result.status != "unchanged" or ref is None or ref in titles:
                continue
            folder = self._store.pack_dir(ref)
            try:
                pack = load_pack(folder, self._hosts, self._numbers)
            except (PackError, OSError):
                continue  # the notice names the pack by its id instead
            titles[ref] = pack.title.get(pack.languages[0], "")
        return titles

    def _apply(self, poll: _Poll) -> None:
        for result in poll.results:
            # The store has logged the details; this is the one-line summary.
            self.outcome.emit(result.message)
            pack = poll.pack
            same = pack is not None and result.pack == PackRef(pack.id, pack.version)
            title = pack.title.get(pack.languages[0], "") if same and pack is not None else ""
            if result.pack is not None and not title:
                title = poll.titles.get(result.pack, "")
            self.result.emit(result, title)
        if poll.live != self._live:
            self._live = poll.live
            if poll.pack is not None:
                self._replace_pack(poll.pack)
