"""The staff panel for QML: what is live and playing, packs and keys, health, and the actions.

What the panel shows is read by :mod:`kiosk.ops.staff_panel` (the same model ``kiosk status``
prints, :mod:`kiosk.ops.status`) as messages, worded here in the language on screen
(:mod:`kiosk.ui.staff_words`). The kiosk's own records are read as the panel opens; the drop
folder and the USB sticks, which may be slow, are looked at on a worker thread
(:class:`~kiosk.platform.worker.Worker`). Every action goes through the same
:class:`~kiosk.intake.store.PackStore` calls as the command line, on another worker, and its
outcome comes back to the GUI thread: the screen never freezes on a slow stick.

What an action said belongs to that opening of the panel: the next opening starts without it.
Lists reach QML as :class:`StaffRows` models; each small value has its own notify signal.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.common.message import Message
from kiosk.common.problems import PackError
from kiosk.config import LIVE_SETTINGS, KioskConfig
from kiosk.content import files
from kiosk.content.model import Pack
from kiosk.content.words import clean_name, log_quote
from kiosk.intake import signing, trust
from kiosk.intake.store import PackRef, PackStore
from kiosk.launch import EXIT_OK, bundled_pack
from kiosk.ops import staff, staff_panel
from kiosk.ops.health import Health
from kiosk.ops.logfile import SECURITY
from kiosk.ops.staff_panel import Found, PanelView, Row, Shown
from kiosk.ops.staff_words import word
from kiosk.ops.status import grouped, key_file_name, key_name
from kiosk.platform.worker import Worker
from kiosk.ui.bridges.attract import AttractBridge
from kiosk.ui.impact import ImpactDays, ImpactRecorder
from kiosk.ui.staff_words import on_screen

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("the staff panel's bridge holds its lists")
class StaffRows(QAbstractListModel):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """One list of the staff panel, worded in the language on screen as QML reads it.

    Roles: ``text`` (the row's words), ``key`` (what its button acts on: a path, ``"id
    version"`` or a key id; never shown), ``name`` (a file's cleaned name), and the row's flag
    under the name the list gives it (``live`` for packs, ``trusted`` for keys found).
    """

    TEXT = Qt.ItemDataRole.UserRole + 1
    KEY = Qt.ItemDataRole.UserRole + 2
    NAME = Qt.ItemDataRole.UserRole + 3
    FLAG = Qt.ItemDataRole.UserRole + 4

    def __init__(
        self, flag: str, language: Callable[[], str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._flag = flag.encode()
        self._language = language
        self._rows: tuple[Row, ...] = ()

    @property
    def rows(self) -> tuple[Row, ...]:
        return self._rows

    def find(self, key: str) -> Row | None:
        return next((r for r in self._rows if r.key == key), None)

    def show(self, rows: Sequence[Row]) -> None:
        """Show ``rows`` (nothing is redrawn when they are the rows shown already)."""
        rows = tuple(rows)
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def retranslate(self) -> None:
        """The language on screen changed: every row is worded again."""
        if self._rows:
            last = self.index(len(self._rows) - 1)
            self.dataChanged.emit(self.index(0), last, [self.TEXT])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == self.TEXT:
            return on_screen(row.said, self._language())
        return {self.KEY: row.key, self.NAME: row.name, self.FLAG: row.flag}.get(role)

    def roleNames(self) -> dict[int, QByteArray]:
        return {
            self.TEXT: QByteArray(b"text"),
            self.KEY: QByteArray(b"key"),
            self.NAME: QByteArray(b"name"),
            self.FLAG: QByteArray(self._flag),
        }


@QmlElement
@QmlUncreatable("the staff layer holds it")
class PanelBridge(QObject):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """The staff panel: what QML shows and the one slot its buttons call.

    Signals:
        shownChanged: liveText, revokedText, playingText, canRollback.
        statusChanged: statusText, busy.
        armedChanged: exitArmed, armedKey (a destructive button awaits its second tap).
        confirmChanged: confirmFingerprint, confirmName (the trust dialog).
        scanningChanged: scanning.
        closeRequested: Close (or an action that leaves the panel) was pressed.

    Properties:
        liveText: "On screen", a line each (title, publisher, signer, review).
        revokedText: the warning that the live pack's signer is no longer trusted ("" none).
        playingText: where the loop is.
        statusText: what happened in this opening (an action running or its outcome, a pack a
            stick brought); "" when nothing has.
        busy: an action runs.
        canRollback: Roll back has an earlier pack to go to.
        exitArmed, armedKey: Exit, or Untrust for that key id, awaits its second tap.
        confirmFingerprint: the fingerprint of the key awaiting a trust decision, in groups of
            four ("" no dialog); confirmName: its file's name, labelled as not a fingerprint.
        scanning: the drop folder and the sticks are being looked at.
        packs, found, stickKeys, keys, health: the lists (:class:`StaffRows`; flags ``live``
            for packs and ``trusted`` for keys found).
        impactDays: the last 7 days' counts (:class:`~kiosk.ui.impact.ImpactDays`).

    Slots:
        act(action, arg): ``install`` (a found file's path), ``activate`` (``"id version"``),
        ``rollback``, ``askTrust`` (a found key's path), ``confirmTrust``, ``cancelTrust``,
        ``untrust`` (a key id; acts on the second tap), ``exit`` (second tap), ``restart``,
        ``close``.
    """

    shownChanged = Signal()
    statusChanged = Signal()
    armedChanged = Signal()
    confirmChanged = Signal()
    scanningChanged = Signal()
    closeRequested = Signal()

    def __init__(
        self,
        attract: AttractBridge,
        *,
        home: Path | None,
        config: KioskConfig,
        language: Callable[[], str],
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._attract = attract
        self._home = home
        self._config = config
        self._language = language
        self._clock = clock
        self.kiosk_health: Health | None = None  # the running kiosk's (kiosk.ui.alive)
        self.guard: Message | None = None  # why the crash-loop guard set the live pack aside
        self.impact: ImpactRecorder | None = None  # the chart's counts
        self._open = False
        self._view = PanelView()
        self._status: Message | None = None
        self._busy = False
        self._confirm: Row | None = None
        self._scan_wanted = False
        self._days: list[Any] = []
        # Exit and Untrust act on a second tap; the "Confirm: …" state goes after a few seconds.
        self._taps = staff.TwoTaps()
        self._taps_timer = QTimer(self)
        self._taps_timer.setSingleShot(True)
        self._taps_timer.setInterval(int(staff.CONFIRM_SECONDS * 1000))
        self._taps_timer.timeout.connect(self._disarm)
        self.packs_model = StaffRows("live", language, self)
        self.found_model = StaffRows("flag", language, self)
        self.stick_keys_model = StaffRows("trusted", language, self)
        self.keys_model = StaffRows("flag", language, self)
        self.health_model = StaffRows("flag", language, self)
        self.impact_days = ImpactDays(self)
        self._reader = Worker("staff-read", parent=self)  # the drop folder and the sticks
        self._actor = Worker("staff-act", parent=self)  # installs, switches, keys

    # -- opening and closing (the staff layer) -----------------------------------------------

    def open(self) -> None:
        """The panel shows: what is true now, and nothing an earlier opening said."""
        self._open = True
        self._taps.clear()
        self._confirm = None
        if not self._busy:
            self._set_status(None)
        self.armedChanged.emit()
        self.confirmChanged.emit()
        self.refresh()

    def close(self) -> None:
        self._open = False
        self._taps.clear()
        self._taps_timer.stop()
        self._confirm = None
        self.armedChanged.emit()
        self.confirmChanged.emit()

    def use_config(self, new: KioskConfig) -> None:
        """An edited ``kiosk.yaml``: installs, activations and rollbacks from the panel check
        packs against its allow-lists from now on. Only what a running kiosk applies is taken
        (``LIVE_SETTINGS``); ``verify`` and ``watch`` stay as at start, as the log says."""
        live = {name: getattr(new, name) for name in LIVE_SETTINGS}
        self._config = dataclasses.replace(self._config, **live)

    def stop(self) -> None:
        """The app is quitting: nothing more is started or delivered."""
        self._reader.stop()
        self._actor.stop()

    def retranslate(self) -> None:
        """The language on screen changed: everything is worded again."""
        self.shownChanged.emit()
        self.statusChanged.emit()
        self.confirmChanged.emit()
        for model in self._models():
            model.retranslate()
        self.impact_days.show(self._days, self._language())

    def note(self, said: Message) -> None:
        """Something happened while the panel is open (a stick's pack installed): say it on the
        status line, unless an action is running, and show what is true now."""
        if not self._busy:
            self._set_status(said)
        # Once the watcher that said it has put its pack on show (it does right after).
        QTimer.singleShot(0, self, self.refresh)

    # -- what the panel shows ------------------------------------------------------------------

    @property
    def view(self) -> PanelView:
        return self._view

    @property
    def status(self) -> Message | None:
        """What this opening's status line says, as data."""
        return self._status

    @property
    def loading(self) -> bool:
        """The drop folder and the sticks are being looked at (tests wait for it)."""
        return self._reader.busy or self._scan_wanted

    def _shown(self) -> Shown:
        attract = self._attract
        pending = attract.pending_pack
        return Shown(
            pack=pending or attract.pack,
            next_slide=pending is not None,
            venue=attract.venue,
            slide=attract.playlist.current.id,
            language=attract.current_language(),
        )

    def refresh(self) -> None:
        """Read what the panel shows: the kiosk's own records now, the sticks on the worker."""
        shown = self._shown()
        if self._home is not None:
            view = staff_panel.read_panel(
                self._home, shown, self._bundled(), health=self.kiosk_health, guard=self.guard
            )
        else:
            view = PanelView(
                playing=staff_panel.playing(shown.venue, shown.slide),
                health=staff_panel.health_lines(self.kiosk_health, Path(), guard=self.guard),
            )
        self._show(view)
        self._days = self.impact.days() if self.impact is not None else []
        self.impact_days.show(self._days, shown.language)
        self.scan()

    def scan(self) -> None:
        """Look at the drop folder and the sticks on the worker; once more if asked meanwhile."""
        if self._home is None:
            return
        if self._reader.busy:
            self._scan_wanted = True
            return
        home, watch = self._home, tuple(self._config.watch)
        started = self._reader.run(
            lambda: staff_panel.read_found(home, watch), self._found, self._scan_failed
        )
        if started:
            self.scanningChanged.emit()

    def _found(self, found: Found) -> None:
        self.found_model.show(found.packs)
        self.stick_keys_model.show(found.keys)
        self._after_scan()

    def _scan_failed(self, exc: Exception) -> None:
        log.error("the staff panel could not look at the drop folder and sticks: %r", exc)
        self._after_scan()

    def _after_scan(self) -> None:
        if self._scan_wanted:
            self._scan_wanted = False
            self.scan()
        self.scanningChanged.emit()

    def _show(self, view: PanelView) -> None:
        self._view = view
        self.packs_model.show(view.packs)
        self.keys_model.show(view.keys)
        self.health_model.show(tuple(Row(m) for m in view.health))
        self.shownChanged.emit()

    def show_rows(self, **rows: Any) -> None:
        """Example rows over what this home holds (``kiosk snapshot`` only, never written):
        ``packs``, ``keys`` and ``canRollback`` replace the view's; ``found`` and
        ``stickKeys`` the scan's."""
        self._reader.stop()  # a scan finishing later must not replace the example
        if "packs" in rows or "keys" in rows or "canRollback" in rows or "revoked" in rows:
            self._show(
                dataclasses.replace(
                    self._view,
                    packs=rows.get("packs", self._view.packs),
                    keys=rows.get("keys", self._view.keys),
                    can_roll_back=rows.get("canRollback", self._view.can_roll_back),
                    revoked=rows.get("revoked", self._view.revoked),
                )
            )
        self.found_model.show(rows.get("found", self.found_model.rows))
        self.stick_keys_model.show(rows.get("stickKeys", self.stick_keys_model.rows))

    def _models(self) -> tuple[StaffRows, ...]:
        return (
            self.packs_model,
            self.found_model,
            self.stick_keys_model,
            self.keys_model,
            self.health_model,
        )

    def _bundled(self) -> Pack:
        return bundled_pack(self._config)

    def _live_pack(self) -> Pack:
        store = PackStore(self._home) if self._home is not None else None
        pack = None
        if store is not None and not store.active().builtin:
            pack = store.live_pack(self._config.link_hosts, self._config.hotline_numbers)
        return pack or self._bundled()

    # -- actions --------------------------------------------------------------------------------

    @Slot(str, str)
    def act(self, action: str, arg: str) -> None:
        """A button of the panel (QML's one call); see the class's Slots."""
        if not self._open:
            return
        if action == "install":
            self.install(arg)
        elif action == "activate":
            row = self.packs_model.find(arg)
            if row is not None:
                ref = arg.split(" ", 1)
                self.activate(ref[0], ref[1] if len(ref) > 1 else "", row.bundled)
        elif action == "rollback":
            self.rollback()
        elif action == "askTrust":
            self.ask_trust(arg)
        elif action == "confirmTrust":
            self.confirm_trust()
        elif action == "cancelTrust":
            self.cancel_trust()
        elif action in ("untrust", "exit"):
            self.press(action, arg)
        elif action == "restart":
            self.restart_show()
        elif action == "close":
            self.closeRequested.emit()

    def _run(self, running: Message, job: Callable[[], Message], *, reload: bool = False) -> None:
        if self._busy or self._home is None:
            return
        self._taps.clear()  # another button was tapped: an armed Exit or Untrust starts over
        self._taps_timer.stop()
        self.armedChanged.emit()
        self._busy = True
        self._set_status(running)
        self._actor.run(
            job,
            lambda said: self._done(said, reload),
            lambda exc: self._done(self._failure(exc), reload),
        )

    def _failure(self, exc: Exception) -> Message:
        if not isinstance(exc, PackError):
            log.error("staff action failed", exc_info=exc)  # never let a panel action end the show
        return staff_panel.failure(exc)

    def _done(self, said: Message, reload: bool) -> None:
        self._busy = False
        log.info("staff panel: %s", log_quote(word(said)), extra=SECURITY)
        if self._open:
            self._set_status(said)
        else:
            self._set_status(None)  # an outcome belongs to the opening that asked for it
        if reload:
            self._attract.replace_pack(self._live_pack())  # on screen from the next slide
        if self._open:
            self.refresh()

    def install(self, path: str) -> None:
        home, config = self._home or Path(), self._config

        def job() -> Message:
            store = PackStore(home)
            # A file on a stick is opened once, never through a link (as the inbox does); the
            # rules are an operator's (origin "cli"): staff chose this pack on purpose.
            with files.open_plain_file(Path(path)) as opened:
                result = store.install(
                    Path(path),
                    verify=config.verify,
                    link_hosts=config.link_hosts,
                    hotline_numbers=config.hotline_numbers,
                    origin="cli",
                    opened=opened,
                )
            if result.status == "refused":  # the installer's words, commands and all, for the log
                details = " ".join(log_quote(str(p), limit=1_000) for p in result.problems)
                log.warning("panel install refused: %s %s", log_quote(result.message), details)
            return staff_panel.install_outcome(result)

        name = clean_name(Path(path).name, staff_panel.NAME_LIMIT)
        self._run(Message.of("installing", file=name), job, reload=True)

    def rollback(self) -> None:
        home, config, own = self._home or Path(), self._config, self._bundled()

        def job() -> Message:
            ref = PackStore(home).rollback(
                link_hosts=config.link_hosts,
                hotline_numbers=config.hotline_numbers,
                bundled=PackRef(own.id, own.version),
            )
            if ref is None:  # before the first install, the bundled pack showed
                return Message.of("rolledBackBundled", pack=f"{own.id} {own.version}")
            return Message.of("rolledBack", pack=str(ref))

        self._run(Message.of("rollingBack"), job, reload=True)

    def activate(self, pack_id: str, version: str, bundled: bool) -> None:
        home, config, own = self._home or Path(), self._config, self._bundled()

        def job() -> Message:
            store = PackStore(home)
            if bundled:
                store.activate_builtin(PackRef(own.id, own.version))
                return Message.of("bundledLive", pack=f"{own.id} {own.version}")
            ref = store.activate(
                pack_id,
                version,
                link_hosts=config.link_hosts,
                hotline_numbers=config.hotline_numbers,
            )
            return Message.of("live", pack=str(ref))

        said = Message.of("activating", pack=f"{pack_id} {version}")
        self._run(said, job, reload=True)

    def ask_trust(self, path: str) -> None:
        """First step of trusting a key from a stick: show its fingerprint to compare."""
        row = self.stick_keys_model.find(path)
        if row is not None and not row.flag:
            self._confirm = row
            self.confirmChanged.emit()

    def cancel_trust(self) -> None:
        self._confirm = None
        self.confirmChanged.emit()

    def confirm_trust(self) -> None:
        row, self._confirm = self._confirm, None
        self.confirmChanged.emit()
        if row is None:
            return
        path, shown, home = Path(row.key), row.fingerprint, self._home or Path()

        def job() -> Message:
            key = signing.load_public_key(path)
            if trust.key_fingerprint(key) != shown:  # changed on the stick meanwhile
                return Message.of("trustChanged", file=key_file_name(path.name))
            kid = PackStore(home).trust_key(key, str(path))  # the key compared
            return Message.of("trusted", name=row.name, keyId=kid)

        self._run(Message.of("trusting", name=row.name), job)

    def untrust(self, key_id: str) -> None:
        home = self._home or Path()

        def job() -> Message:
            key = PackStore(home).untrust(key_id)
            # The key file's words: cleaned, look-alikes masked.
            return Message.of("untrusted", name=key_name(key), keyId=key.key_id)

        # Its packs leave the screen (kiosk.intake.trust.revoked): show what is live now.
        self._run(Message.of("untrusting", keyId=key_id), job, reload=True)

    def press(self, action: str, arg: str) -> None:
        """A destructive button (``exit``, or ``untrust`` with the key id): the first tap arms
        it ("Confirm: …"), a second one within a few seconds does it."""
        if action not in ("exit", "untrust") or not self._open:
            return
        if not self._taps.tap(action, arg, self._clock()):
            self._taps_timer.start()
            self.armedChanged.emit()
            return
        self._taps_timer.stop()
        self.armedChanged.emit()
        if action == "exit":
            self.exit_to_desktop()
        else:
            self.untrust(arg)

    def _disarm(self) -> None:
        self._taps.clear()
        self.armedChanged.emit()

    def restart_show(self) -> None:
        """Reload the live pack from disk and start the loop from its first slide."""
        self.closeRequested.emit()
        self._attract.replace_pack(self._live_pack())
        self._attract.advance()  # the swap happens now, not a slide later
        log.info("staff restarted the show")

    def exit_to_desktop(self) -> None:
        """Leave the kiosk with exit code 0 (systemd's Restart=always starts it again)."""
        log.warning("staff asked to exit to the desktop")
        self.closeRequested.emit()
        QCoreApplication.exit(EXIT_OK)

    # -- properties -----------------------------------------------------------------------------

    def _set_status(self, said: Message | None) -> None:
        self._status = said
        self.statusChanged.emit()

    def _words(self, said: Message | None) -> str:
        return on_screen(said, self._language()) if said is not None else ""

    def _get_live(self) -> str:
        return "\n".join(self._words(m) for m in self._view.live)

    def _get_revoked(self) -> str:
        return self._words(self._view.revoked)

    def _get_playing(self) -> str:
        return self._words(self._view.playing)

    def _get_can_rollback(self) -> bool:
        return self._view.can_roll_back

    def _get_status(self) -> str:
        return self._words(self._status)

    def _get_busy(self) -> bool:
        return self._busy

    def _get_exit_armed(self) -> bool:
        return self._taps.pending(self._clock()) == ("exit", "")

    def _get_armed_key(self) -> str:
        pending = self._taps.pending(self._clock())
        return pending[1] if pending and pending[0] == "untrust" else ""

    def _get_confirm_fingerprint(self) -> str:
        return grouped(self._confirm.fingerprint) if self._confirm else ""

    def _get_confirm_name(self) -> str:
        if self._confirm is None:
            return ""
        return self._words(Message.of("trustFileName", name=self._confirm.name))

    def _get_scanning(self) -> bool:
        return self.loading

    def _get_packs(self) -> StaffRows:
        return self.packs_model

    def _get_found(self) -> StaffRows:
        return self.found_model

    def _get_stick_keys(self) -> StaffRows:
        return self.stick_keys_model

    def _get_keys(self) -> StaffRows:
        return self.keys_model

    def _get_health(self) -> StaffRows:
        return self.health_model

    def _get_impact_days(self) -> ImpactDays:
        return self.impact_days

    liveText = Property(str, _get_live, notify=shownChanged, final=True)
    revokedText = Property(str, _get_revoked, notify=shownChanged, final=True)
    playingText = Property(str, _get_playing, notify=shownChanged, final=True)
    canRollback = Property(bool, _get_can_rollback, notify=shownChanged, final=True)
    statusText = Property(str, _get_status, notify=statusChanged, final=True)
    busy = Property(bool, _get_busy, notify=statusChanged, final=True)
    exitArmed = Property(bool, _get_exit_armed, notify=armedChanged, final=True)
    armedKey = Property(str, _get_armed_key, notify=armedChanged, final=True)
    confirmFingerprint = Property(str, _get_confirm_fingerprint, notify=confirmChanged, final=True)
    confirmName = Property(str, _get_confirm_name, notify=confirmChanged, final=True)
    scanning = Property(bool, _get_scanning, notify=scanningChanged, final=True)
    packs = Property(StaffRows, _get_packs, constant=True, final=True)
    found = Property(StaffRows, _get_found, constant=True, final=True)
    stickKeys = Property(StaffRows, _get_stick_keys, constant=True, final=True)
    keys = Property(StaffRows, _get_keys, constant=True, final=True)
    health = Property(StaffRows, _get_health, constant=True, final=True)
    impactDays = Property(ImpactDays, _get_impact_days, constant=True, final=True)
