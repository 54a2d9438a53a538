"""The staff panel for QML: the hidden gesture and key chord, the PIN keypad, the panel, the notice.

Decisions are in :mod:`kiosk.ops.staff` (PIN, lockout, gesture) and :mod:`kiosk.ops.staff_panel`
(what the panel says); every action goes through the same :class:`~kiosk.intake.store.PackStore`
calls as the command line, on one worker thread, and its outcome comes back to the GUI thread
through a queued signal, so the screen never freezes on a slow stick.

:class:`StaffFilter` sits on the window: it sees presses for the corner gesture and the key chord
from ``kiosk.yaml`` (``staff: {chord: ...}``), and while the keypad or the panel is open it keeps
the show's own input filter out of the way and restarts the 60 s auto-close on every touch.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    Property,
    QCoreApplication,
    QEnum,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QTouchEvent, QWindow
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.common.problems import PackError
from kiosk.config import LIVE_SETTINGS, KioskConfig
from kiosk.content import files
from kiosk.content.model import Pack
from kiosk.content.words import clean_name, log_quote
from kiosk.intake import signing, trust
from kiosk.intake.install import InstallResult
from kiosk.intake.store import PackRef, PackStore
from kiosk.launch import EXIT_OK, bundled_pack
from kiosk.ops import staff, staff_panel
from kiosk.ops.health import Health
from kiosk.ops.logfile import SECURITY
from kiosk.ops.staff_panel import DETAIL_LIMIT
from kiosk.ui.bridges.attract import AttractBridge
from kiosk.ui.bridges.schedule import ClosedInputFilter
from kiosk.ui.bridges.session import InputFilter, SessionBridge
from kiosk.ui.impact import ImpactDays, ImpactRecorder

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

CLOSE_AFTER_MS = 60_000
COUNTDOWN_MS = 1000
# A keyboard in the cabinet types the PIN too: its digit keys (top row and keypad) by value.
_DIGIT_KEYS = {int(Qt.Key.Key_0) + n: n for n in range(10)}
NOTICE_MS = staff_panel.NOTICE_SECONDS * 1000
SET_PIN_HINT = (
    "No staff PIN is set on this kiosk, so the staff panel cannot open. "
    "On the kiosk's computer, as the kiosk's user, run:\nkiosk staff set-pin"
)


Outcome = tuple[str, dict[str, str]]
"""What a panel action says: English for the log and ``status``, and ``statusParts`` for QML."""


def said(english: str, kind: str, **parts: str) -> Outcome:
    """An action's words: ``english`` and the pieces QML words (``kind`` and its names).

    Kinds while it runs: installing (file), rollingBack, activating (pack), trusting (name),
    untrusting (keyId). When done: installed and already (pack), refused and message (text,
    the installer's or the store's own English), rolledBack, live and bundledLive (pack),
    trustChanged (file), trusted and untrusted (name, keyId).
    """
    return english, {"kind": kind, **parts}


def install_said(result: InstallResult) -> Outcome:
    """A panel install's outcome: its kind, and the installer's own reason when refused."""
    # The file's name and the reason (which quotes names from inside the archive) are outside
    # words: one clean, bounded line each on the panel.
    pack = str(result.pack) if result.pack else clean_name(Path(result.source).name)
    if result.status == "installed":
        return said(result.message, "installed", pack=pack)
    if result.status == "unchanged":
        return said(result.message, "already", pack=pack)
    # Without the file's name, said once or twice before the reason: the status line names it.
    name = Path(result.source).name
    reason = staff_panel.found_reason(clean_name(result.message, limit=10_000), name)
    return said(result.message, "refused", pack=pack, text=clean_name(reason, DETAIL_LIMIT))


def pin_words(parts: dict[str, Any]) -> str:
    """The keypad's message in English (``pinMessage``, for a kind QML does not know).

    ``parts`` is ``pinParts``: ``kind`` "" (nothing to say), "noPin" (:data:`SET_PIN_HINT`),
    "wrong", "wrongWait" and "locked" (with ``seconds`` to wait), "again" (the wait is over) or
    "length" (with ``min`` and ``max`` digits). QML words them in the language on screen.
    """
    kind = parts.get("kind", "")
    wait = f" Try again in {parts.get('seconds', 0)} s."
    words = {
        "": "",
        "noPin": SET_PIN_HINT,
        "wrong": "Wrong PIN.",
        "wrongWait": "Wrong PIN." + wait,
        "locked": "Too many wrong PINs." + wait,
        "again": "You can try again now.",
        "length": f"A PIN has {parts.get('min')} to {parts.get('max')} digits.",
    }
    return words.get(kind, "")


@QmlElement
@QmlUncreatable("the scene hands it to Main.qml as a required property")
class StaffBridge(QObject):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """The staff keypad, panel and notice.

    Signals:
        changed: the mode, the keypad or the panel's data changed.
        noticeChanged: the corner notice appeared or went.

    Properties:
        mode: a :class:`StaffBridge.Mode` (Closed, Pin, Panel).
        pinLength: digits typed so far (shown as dots); pinMessage: "Wrong PIN", a wait, or
        the set-pin hint, in English; pinParts: its pieces (:func:`pin_words`), which QML
        words in the language on screen; hasPin: a PIN is set; busy: an action runs;
        status: the last action's outcome in English; statusParts: its pieces (:func:`said`),
        which QML words; live (dict), playing (str, English),
        playingParts (venue, slide: :func:`kiosk.ops.staff_panel.playing_parts`), installed,
        found, stickKeys, keys, health (lists of dicts from :mod:`kiosk.ops.staff_panel`, with
        kinds and numbers that QML words); confirmKey: the key awaiting a trust confirmation
        (empty: none); impactDays: the last 7 days' touch sessions and slides shown
        (:class:`~kiosk.ui.impact.ImpactDays`, empty without counts); notice: the corner
        notice ("" hidden), in English for the log; noticeParts: its pieces (kind, title,
        version, file) from :func:`kiosk.ops.staff_panel.notice_parts`, which QML words in
        the language on screen.

    Slots:
        digit(n), clearPin, backspace, enter, cancel, touched, install(path), rollback,
        activate(id, version, bundled), askTrust(path), confirmTrust, cancelTrust,
        untrust(keyId), press(action, arg), restartShow, exitToDesktop.

    Also: pendingAction ({action, arg} of a destructive button awaiting its second tap, see
    :class:`kiosk.ops.staff.TwoTaps`; {} none), canRollback (rollback has somewhere to go),
    revokedLive ({pack, keyId} when the live pack's signer is no longer trusted; {} none).
    """

    @QEnum
    class Mode(IntEnum):
        """What the staff layer shows: nothing, the keypad or the panel."""

        Closed = 0
        Pin = 1
        Panel = 2

    changed = Signal()
    noticeChanged = Signal()
    _finished = Signal(object)  # (message, reload) from the worker, delivered on the GUI thread

    def __init__(
        self,
        attract: AttractBridge,
        session: SessionBridge,
        *,
        home: Path | None,
        config: KioskConfig,
        health: Health | None = None,
        clock: Callable[[], float] = time.monotonic,
        close_after_ms: int = CLOSE_AFTER_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._attract = attract
        self._session = session
        self._home = home
        self._config = config
        self.kiosk_health = health  # what the running kiosk's self-checks found (run_kiosk)
        self.guard_note = ""  # set by run_kiosk when the crash-loop guard fell back
        self.impact: ImpactRecorder | None = None  # set by run_kiosk: the chart's counts
        self._clock = clock
        self._gate: staff.PinGate | None = None  # the lockout, counted in memory (see _pin_gate)
        self._mode = StaffBridge.Mode.Closed
        self._digits = ""
        self._pin: dict[str, Any] = {"kind": ""}  # the keypad's message, see pin_words
        self._status = ""
        self._status_parts: dict[str, str] = {"kind": ""}
        self._busy = False
        self._confirm: dict[str, str] = {}
        self._notice = ""
        self._notice_parts: dict[str, str] = {"kind": ""}
        self._data: dict[str, Any] = {}
        self._preview_pin: bool | None = None
        self._resume = False  # the loop was playing when the staff layer opened
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="staff")
        self._close = QTimer(self)
        self._close.setSingleShot(True)
        self._close.setInterval(close_after_ms)
        self._close.timeout.connect(self.cancel)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_MS)
        self._notice_timer.timeout.connect(self.hide_notice)
        # The lockout's "Try again in N s." counts down live, once a second, while it lasts.
        self._countdown = QTimer(self)
        self._countdown.setInterval(COUNTDOWN_MS)
        self._countdown.timeout.connect(self._count_down)
        self._lock_kind = ""  # "wrongWait" or "locked": the message the wait belongs to
        # Exit and Untrust act on a second tap; the "Confirm: …" state goes after a few seconds.
        self._taps = staff.TwoTaps()
        self._taps_timer = QTimer(self)
        self._taps_timer.setSingleShot(True)
        self._taps_timer.setInterval(int(staff.CONFIRM_SECONDS * 1000))
        self._taps_timer.timeout.connect(self._disarm)
        self._finished.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self.impact_days = ImpactDays(self)  # the chart, filled by refresh()

    # -- opening ------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._mode != StaffBridge.Mode.Closed

    def open_pin(self) -> None:
        """The gesture or the chord was made: show the keypad (or how to set a PIN)."""
        if self.is_open:
            return
        log.info("staff keypad opened")
        self._session.done()  # whoever made the gesture is staff: no lesson stays open beneath
        self._digits = ""
        self._pin = {"kind": "" if self._has_pin() else "noPin"}
        self._set_mode(StaffBridge.Mode.Pin)
        self._locked_message()

    def open_panel(self) -> None:
        """Show the panel (after the right PIN; ``kiosk snapshot`` calls it directly)."""
        self._session.done()
        self._digits = ""
        self.refresh()
        self._set_mode(StaffBridge.Mode.Panel)
        log.info("staff panel opened", extra=SECURITY)

    def use_config(self, new: KioskConfig) -> None:
        """An edited ``kiosk.yaml``: installs, activations and rollbacks from the panel check
        packs against its allow-lists from now on. Only what a running kiosk applies is taken
        (``LIVE_SETTINGS``); ``verify`` and ``watch`` stay as at start, as the log says."""
        live = {name: getattr(new, name) for name in LIVE_SETTINGS}
        self._config = dataclasses.replace(self._config, **live)

    def set_close_after(self, millis: int) -> None:
        """How long the keypad and panel stay open untouched (60 s; tests shorten it)."""
        self._close.setInterval(millis)

    def preview_keypad(
        self, *, digits: int, has_pin: bool = True, message: dict[str, Any] | None = None
    ) -> None:
        """The keypad as staff see it, whatever this home holds (``kiosk snapshot`` only).

        ``message``: the keypad's message as :func:`pin_words` takes it (e.g. a lockout's wait).
        """
        self._preview_pin = has_pin
        self._digits = "0" * digits
        self._pin = message or {"kind": "" if has_pin else "noPin"}
        self._set_mode(StaffBridge.Mode.Pin)

    def preview_panel(self, **rows: Any) -> None:
        """The panel with example ``rows`` (``found``, ``keys``, …: the shapes :meth:`refresh`
        reads) over what this home holds, so a snapshot shows a busy panel without writing
        into the home (``kiosk snapshot`` only)."""
        self.open_panel()
        self._data.update(rows)
        self.changed.emit()

    def _set_mode(self, mode: StaffBridge.Mode) -> None:
        was_open = self.is_open
        self._mode = mode
        if mode == StaffBridge.Mode.Closed:
            self._close.stop()
            self._countdown.stop()
            self._confirm = {}
            self._taps.clear()
            self._preview_pin = None
            if was_open and self._resume:
                self._attract.start()  # back to the show, from the slide it left
        else:
            self._close.start()
            if not was_open:
                # The loop stands still under the keypad and panel: nothing draws unseen, and
                # the self-check does not take the still picture for a frozen loop.
                self._resume = bool(self._attract.property("running"))
                self._attract.stop()
        self.changed.emit()

    def _has_pin(self) -> bool:
        if self._preview_pin is not None:
            return self._preview_pin
        return self._home is not None and staff.load_pin(self._home) is not None

    def _pin_gate(self) -> staff.PinGate | None:
        """The lockout of this run: read from the file once, then counted in memory first."""
        if self._gate is None and self._home is not None:
            self._gate = staff.PinGate(self._home, clock=self._clock)
        return self._gate

    def _locked_message(self) -> None:
        gate = self._pin_gate()
        if gate is None:
            return
        wait = gate.wait()
        if wait > 0:
            self._start_countdown("locked", wait)

    def _start_countdown(self, kind: str, wait: float) -> None:
        """Show the message ``kind`` and the seconds left, then count them down once a second."""
        self._lock_kind = kind
        self._pin = {"kind": kind, "seconds": int(wait + 0.999)}
        self._countdown.start()
        self.changed.emit()

    def _count_down(self) -> None:
        """The 1 s tick of the lockout message; it stops (and the message goes) at zero."""
        wait = 0.0
        gate = self._pin_gate()
        if self._mode == StaffBridge.Mode.Pin and gate is not None:
            wait = gate.wait()
        if wait > 0:
            self._pin = {"kind": self._lock_kind, "seconds": int(wait + 0.999)}
        else:
            self._countdown.stop()
            if self._lock_kind and self._mode == StaffBridge.Mode.Pin:
                self._pin = {"kind": "again"}
            self._lock_kind = ""
        self.changed.emit()

    # -- the keypad ---------------------------------------------------------------------------

    @Slot(int)
    def digit(self, n: int) -> None:
        if self._mode == StaffBridge.Mode.Pin and 0 <= n <= 9 and len(self._digits) < staff.PIN_MAX:
            self._digits += str(n)
            self.changed.emit()

    @Slot()
    def clearPin(self) -> None:
        self._digits = ""
        self.changed.emit()

    @Slot()
    def backspace(self) -> None:
        """A keyboard's Backspace: the last digit goes."""
        if self._mode == StaffBridge.Mode.Pin and self._digits:
            self._digits = self._digits[:-1]
            self.changed.emit()

    @Slot()
    def enter(self) -> None:
        """Check the PIN typed (counted in memory, then saved, before the answer shows)."""
        gate = self._pin_gate()
        if self._mode != StaffBridge.Mode.Pin or gate is None:
            return
        if self._has_pin() and len(self._digits) < staff.PIN_MIN:
            self._pin = {"kind": "length", "min": staff.PIN_MIN, "max": staff.PIN_MAX}
            self.changed.emit()
            return  # a slip of the finger costs no try
        verdict, wait = gate.enter(self._digits)  # a disk that refuses the copy is only logged
        self._digits = ""
        if verdict is staff.Verdict.OPEN:
            self.open_panel()
            return
        if verdict is staff.Verdict.NO_PIN:
            self._pin = {"kind": "noPin"}
        elif verdict is staff.Verdict.WRONG:
            log.warning("wrong staff PIN (%d counted)", gate.lockout.failures, extra=SECURITY)
            if wait > 0:
                log.warning("staff keypad locked for %.0f s", wait, extra=SECURITY)
                self._start_countdown("wrongWait", wait)
                return
            self._pin = {"kind": "wrong"}
        else:
            log.warning("staff PIN tried while locked (%.0f s left)", wait, extra=SECURITY)
            self._start_countdown("locked", wait)
            return
        self.changed.emit()

    @Slot()
    def cancel(self) -> None:
        """Close the keypad or the panel and return to the show."""
        if self.is_open:
            log.info("staff panel closed")
        self._digits = ""
        self._set_mode(StaffBridge.Mode.Closed)

    @Slot()
    def touched(self) -> None:
        """Any touch or key while open: the 60 s auto-close starts again."""
        if self.is_open:
            self._close.start()

    # -- the panel's data ---------------------------------------------------------------------

    def _store(self) -> PackStore | None:
        return PackStore(self._home) if self._home is not None else None

    def refresh(self) -> None:
        """Read what the panel shows (small files only: nothing is hashed or unpacked here)."""
        store = self._store()
        pack = self._attract.pack
        slide = self._attract.playlist.current
        venue = self._attract.venue or "all venues"
        data: dict[str, Any] = {
            "playing": f"{venue}: slide {slide.id}",
            "playingParts": staff_panel.playing_parts(self._attract.venue, slide.id),
            "health": staff_panel.health_rows(
                self.kiosk_health, self._home or Path(), guard_note=self.guard_note
            ),
        }
        if store is not None:
            # The pack on screen may still be the one before a swap: describe what is shown.
            bundled = store.live() != PackRef(pack.id, pack.version) or store.active().builtin
            language = self._attract.current_language()  # the pack's texts as on screen
            data["live"] = staff_panel.live_info(store, pack, bundled=bundled, language=language)
            data["installed"] = staff_panel.installed(store, self._bundled())
            data["found"] = staff_panel.found_packs(store.home, self._config.watch)
            data["stickKeys"] = staff_panel.stick_keys(store, self._config.watch)
            data["keys"] = staff_panel.trusted_keys(store)
            data["canRollback"] = store.can_roll_back()
            revoked = store.revoked_live()
            data["revokedLive"] = {"pack": str(revoked[0]), "keyId": revoked[1]} if revoked else {}
        self._data = data
        days = self.impact.days() if self.impact is not None else []
        self.impact_days.show(days, self._attract.current_language())
        self.changed.emit()

    def _bundled(self) -> Pack:
        return bundled_pack(self._config)

    # -- actions (worker thread) --------------------------------------------------------------

    def _run(self, what: Outcome, job: Callable[[], Outcome], *, reload: bool = False) -> None:
        if self._busy or self._home is None:
            return
        self._taps.clear()  # another button was tapped: an armed Exit or Untrust starts over
        self._busy = True
        self._status = f"{what[0]}…"
        self._status_parts = what[1]
        self.changed.emit()
        future = self._pool.submit(job)

        def report(done: Future[Outcome]) -> None:
            try:
                outcome = done.result()
            except PackError as exc:
                # Problems quote key and file names from outside: cleaned like any name shown.
                message = clean_name("; ".join(p.message for p in exc.problems) or str(exc), 400)
                outcome = said(message, "message", text=message)
            except Exception as exc:  # never let a panel action end the show
                log.exception("staff action failed")
                message = clean_name(f"failed: {exc}", DETAIL_LIMIT)
                outcome = said(message, "message", text=message)
            with contextlib.suppress(RuntimeError):  # the bridge went with the app meanwhile
                self._finished.emit((outcome, reload))

        future.add_done_callback(report)

    def _done(self, done: tuple[Outcome, bool]) -> None:
        (message, parts), reload = done
        self._busy = False
        self._status = message
        self._status_parts = parts
        log.info("staff panel: %s", log_quote(message), extra=SECURITY)
        if reload:
            self._reload()
        if self.is_open:
            self.refresh()
        else:
            self.changed.emit()

    def _live_pack(self) -> Pack:
        store = self._store()
        pack = None
        if store is not None and not store.active().builtin:
            pack = store.live_pack(self._config.link_hosts, self._config.hotline_numbers)
        return pack or self._bundled()

    def _reload(self) -> None:
        """The live pack on disk goes on screen at the next slide (the watcher would too)."""
        self._attract.replace_pack(self._live_pack())

    @Slot(str)
    def install(self, path: str) -> None:
        def job() -> Outcome:
            store = PackStore(self._home or Path())
            # A file on a stick is opened once, never through a link (as the inbox does); the
            # rules are an operator's (origin "cli"): staff chose this pack on purpose.
            with files.open_plain_file(Path(path)) as opened:
                result = store.install(
                    Path(path),
                    verify=self._config.verify,
                    link_hosts=self._config.link_hosts,
                    hotline_numbers=self._config.hotline_numbers,
                    origin="cli",
                    opened=opened,
                )
            return install_said(result)

        name = clean_name(Path(path).name)
        self._run(said(f"installing {name}", "installing", file=name), job, reload=True)

    @Slot()
    def rollback(self) -> None:
        def job() -> Outcome:
            own = self._bundled()
            ref = PackStore(self._home or Path()).rollback(
                link_hosts=self._config.link_hosts,
                hotline_numbers=self._config.hotline_numbers,
                bundled=PackRef(own.id, own.version),
            )
            if ref is None:  # before the first install, the bundled pack showed
                words = f"rolled back: the bundled pack {own.id} {own.version} is live"
                return said(words, "bundledLive", pack=f"{own.id} {own.version}")
            return said(
                f"rolled back: {ref} is live from the next slide", "rolledBack", pack=str(ref)
            )

        self._run(said("rolling back", "rollingBack"), job, reload=True)

    @Slot(str, str, bool)
    def activate(self, pack_id: str, version: str, bundled: bool) -> None:
        def job() -> Outcome:
            store = PackStore(self._home or Path())
            if bundled:
                own = self._bundled()
                store.activate_builtin(PackRef(own.id, own.version))
                words = f"the bundled pack {own.id} {own.version} is live from the next slide"
                return said(words, "bundledLive", pack=f"{own.id} {own.version}")
            ref = store.activate(
                pack_id,
                version,
                link_hosts=self._config.link_hosts,
                hotline_numbers=self._config.hotline_numbers,
            )
            return said(f"{ref} is live from the next slide", "live", pack=str(ref))

        what = f"{pack_id} {version}"
        self._run(said(f"activating {what}", "activating", pack=what), job, reload=True)

    @Slot(str)
    def askTrust(self, path: str) -> None:
        """First step of trusting a key from a stick: show its fingerprint to compare."""
        for row in self._data.get("stickKeys", []):
            if row["path"] == path:
                self._confirm = dict(row)
                self.changed.emit()

    @Slot()
    def cancelTrust(self) -> None:
        self._confirm = {}
        self.changed.emit()

    @Slot()
    def confirmTrust(self) -> None:
        row, self._confirm = self._confirm, {}
        if not row:
            return
        path, shown = Path(row["path"]), row["fingerprint"]

        def job() -> Outcome:
            key = signing.load_public_key(path)
            if trust.key_fingerprint(key) != shown:  # changed on the stick meanwhile
                words = f"not trusted: {path.name} changed since its fingerprint was shown"
                return said(words, "trustChanged", file=staff_panel.key_file_name(path.name))
            kid = PackStore(self._home or Path()).trust_key(key, str(path))  # the key compared
            return said(
                f"trusting key {row['name']} ({kid})", "trusted", name=row["name"], keyId=kid
            )

        self._run(said(f"trusting {row['name']}", "trusting", name=row["name"]), job)

    @Slot(str)
    def untrust(self, key_id: str) -> None:
        def job() -> Outcome:
            key = PackStore(self._home or Path()).untrust(key_id)
            name = staff_panel.key_name(key)  # the key file's words: cleaned, look-alikes masked
            words = f"no longer trusting key {name} ({key.key_id})"
            return said(words, "untrusted", name=name, keyId=key.key_id)

        # Its packs leave the screen (kiosk.intake.trust.revoked): show what is live now.
        self._run(said(f"untrusting {key_id}", "untrusting", keyId=key_id), job, reload=True)

    @Slot(str, str)
    def press(self, action: str, arg: str) -> None:
        """A destructive button (``exit``, or ``untrust`` with the key id): the first tap arms
        it ("Confirm: …"), a second one within a few seconds does it."""
        if action not in ("exit", "untrust") or self._mode != StaffBridge.Mode.Panel:
            return
        if not self._taps.tap(action, arg, self._clock()):
            self._taps_timer.start()
            self.changed.emit()
            return
        self._taps_timer.stop()
        self.changed.emit()
        if action == "exit":
            self.exitToDesktop()
        else:
            self.untrust(arg)

    def _disarm(self) -> None:
        self._taps.clear()
        self.changed.emit()

    @Slot()
    def restartShow(self) -> None:
        """Reload the live pack from disk and start the loop from its first slide."""
        self.cancel()
        self._attract.replace_pack(self._live_pack())
        self._attract.advance()  # the swap happens now, not a slide later
        log.info("staff restarted the show")

    @Slot()
    def exitToDesktop(self) -> None:
        """Leave the kiosk with exit code 0 (systemd's Restart=always starts it again)."""
        log.warning("staff asked to exit to the desktop")
        self.cancel()
        QCoreApplication.exit(EXIT_OK)

    def stop(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    # -- the staff notice ---------------------------------------------------------------------

    def show_notice(self, result: InstallResult, title: str) -> None:
        """An inbox or stick install finished: say so in the corner for 10 s."""
        text = staff_panel.notice_text(result, title)
        if not text:
            return
        log.info("staff notice: %s", text)
        self._notice = text
        self._notice_parts = staff_panel.notice_parts(result, title)
        self._notice_timer.start()
        self.noticeChanged.emit()
        if self._mode == StaffBridge.Mode.Panel and not self._busy:
            self.refresh()  # a stick plugged in while the panel is open shows at once

    def hide_notice(self) -> None:
        self._notice = ""
        self._notice_parts = {"kind": ""}
        self.noticeChanged.emit()

    # -- properties ---------------------------------------------------------------------------

    def _get_mode(self) -> int:
        return int(self._mode)

    def _get_pin_length(self) -> int:
        return len(self._digits)

    def _get_message(self) -> str:
        return pin_words(self._pin)

    def _get_pin_parts(self) -> dict[str, Any]:
        return dict(self._pin)

    def _get_playing_parts(self) -> dict[str, Any]:
        return dict(self._data.get("playingParts", {}))

    def _get_has_pin(self) -> bool:
        return self._has_pin()

    def _get_busy(self) -> bool:
        return self._busy

    def _get_status(self) -> str:
        return self._status

    def _get_status_parts(self) -> dict[str, str]:
        return dict(self._status_parts)

    def _get_live(self) -> dict[str, Any]:
        return dict(self._data.get("live", {}))

    def _get_playing(self) -> str:
        return str(self._data.get("playing", ""))

    def _get_installed(self) -> list[Any]:
        return list(self._data.get("installed", []))

    def _get_found(self) -> list[Any]:
        return list(self._data.get("found", []))

    def _get_stick_keys(self) -> list[Any]:
        return list(self._data.get("stickKeys", []))

    def _get_keys(self) -> list[Any]:
        return list(self._data.get("keys", []))

    def _get_health(self) -> list[Any]:
        return list(self._data.get("health", []))

    def _get_confirm(self) -> dict[str, Any]:
        return dict(self._confirm)

    def _get_pending(self) -> dict[str, str]:
        pending = self._taps.pending(self._clock())
        return {"action": pending[0], "arg": pending[1]} if pending else {}

    def _get_can_rollback(self) -> bool:
        return bool(self._data.get("canRollback", False))

    def _get_revoked_live(self) -> dict[str, str]:
        return dict(self._data.get("revokedLive", {}))

    def _get_impact_days(self) -> ImpactDays:
        return self.impact_days

    def _get_notice(self) -> str:
        return self._notice

    def _get_notice_parts(self) -> dict[str, str]:
        return dict(self._notice_parts)

    mode = Property(int, _get_mode, notify=changed)
    pinLength = Property(int, _get_pin_length, notify=changed)
    pinMessage = Property(str, _get_message, notify=changed)
    pinParts = Property(dict, _get_pin_parts, notify=changed)
    hasPin = Property(bool, _get_has_pin, notify=changed)
    busy = Property(bool, _get_busy, notify=changed)
    status = Property(str, _get_status, notify=changed)
    statusParts = Property(dict, _get_status_parts, notify=changed)
    live = Property(dict, _get_live, notify=changed)
    playing = Property(str, _get_playing, notify=changed)
    playingParts = Property(dict, _get_playing_parts, notify=changed)
    installed = Property(list, _get_installed, notify=changed)
    found = Property(list, _get_found, notify=changed)
    stickKeys = Property(list, _get_stick_keys, notify=changed)
    keys = Property(list, _get_keys, notify=changed)
    health = Property(list, _get_health, notify=changed)
    confirmKey = Property(dict, _get_confirm, notify=changed)
    pendingAction = Property(dict, _get_pending, notify=changed)
    canRollback = Property(bool, _get_can_rollback, notify=changed)
    revokedLive = Property(dict, _get_revoked_live, notify=changed)
    impactDays = Property(ImpactDays, _get_impact_days, notify=changed)
    notice = Property(str, _get_notice, notify=noticeChanged)
    noticeParts = Property(dict, _get_notice_parts, notify=noticeChanged)


class StaffFilter(QObject):
    """The window's watch for the staff gesture and chord; it keeps the show out while open.

    Install it after the show's filters (the session's :class:`InputFilter` and the closed
    screen's, so Qt asks it first) and before the full-screen lockdown (so a blocked chord
    never reaches it).
    """

    _PRESS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
    _RELEASE = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd)

    def __init__(
        self,
        bridge: StaffBridge,
        show_filters: Sequence[InputFilter | ClosedInputFilter],
        *,
        chord: str,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._show_filters = tuple(show_filters)
        self._chord = QKeySequence.fromString(chord)
        self._clock = clock
        self._gesture = staff.GestureRecognizer(1920, 1080)
        bridge.changed.connect(self._follow)

    def _follow(self) -> None:
        for show_filter in self._show_filters:
            show_filter.suspended = self._bridge.is_open

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A scene being collected: Python's cycle collector may clear the bridge's (or this
        # filter's) attributes while Qt still delivers the window's last events; there is no
        # staff state left to act on, so the event passes untouched.
        bridge = getattr(self, "_bridge", None)
        if bridge is None or not hasattr(bridge, "_mode"):
            return False
        kind = event.type()
        if self._bridge.is_open:
            if kind in self._PRESS or kind == QEvent.Type.KeyPress:
                self._bridge.touched()
            escape = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
            if kind == QEvent.Type.KeyPress and escape:
                self._bridge.cancel()
                return True
            if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._pin_key(event)
            return False  # the keypad and the panel take it (the show's filter is suspended)
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if QKeySequence(event.keyCombination()) == self._chord:
                self._bridge.open_pin()
                return True
            return False
        if kind in self._PRESS and isinstance(watched, QWindow):
            point = _position(event)
            if point is None:
                return False
            self._gesture.resize(watched.width(), watched.height())
            return self._gesture.press(point[0], point[1], self._clock())
        if kind in self._RELEASE and _position(event) is not None:
            if self._gesture.release(self._clock()):
                self._bridge.open_pin()
                return True
            return self._gesture.armed
        return False

    def _pin_key(self, event: QKeyEvent) -> bool:
        """A key on the keypad's screen: digits, Backspace and Enter type the PIN."""
        if self._bridge.property("mode") != int(StaffBridge.Mode.Pin):
            return False  # the panel's own keys (none today) and focus moves pass
        key = event.key()
        if key in _DIGIT_KEYS:
            self._bridge.digit(_DIGIT_KEYS[key])
        elif key == Qt.Key.Key_Backspace:
            self._bridge.backspace()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._bridge.enter()
        else:
            return False
        return True


def _position(event: QEvent) -> tuple[float, float] | None:
    """Where a press or release landed; None for a mouse event Qt made up from a touch."""
    if isinstance(event, QTouchEvent):
        points = event.points()
        if not points:
            return None
        pos = points[0].position()
        return pos.x(), pos.y()
    if isinstance(event, QMouseEvent):
        if event.source() != Qt.MouseEventSource.MouseEventNotSynthesized:
            return None  # the touch itself was counted
        pos = event.position()
        return pos.x(), pos.y()
    return None
