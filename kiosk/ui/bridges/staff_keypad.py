"""The staff PIN keypad for QML: digits typed, the lockout and its countdown, the message.

The PIN and the lockout are decided in :mod:`kiosk.ops.staff` (a salted hash, wrong tries counted
on disk so that a restart does not reset them); this bridge keeps the digits typed so far and says
what happened, worded in the language on screen (:mod:`kiosk.ui.staff_words`). While locked out
it takes no digit and counts the wait down once a second, in words ("Try again in 4 min 47 s.").

Each value has its own notify signal: a digit typed makes QML read the dots, nothing else.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.common.message import Message
from kiosk.ops import staff
from kiosk.ops.logfile import SECURITY
from kiosk.ops.staff_words import wait, word
from kiosk.ui.staff_words import on_screen

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

COUNTDOWN_MS = 1000
KEYS = frozenset("0123456789")


@QmlElement
@QmlUncreatable("the staff layer holds it")
class KeypadBridge(QObject):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """The keypad: what QML shows and the one slot its keys call.

    Signals:
        digitsChanged, messageChanged, hasPinChanged, lockedChanged: each property's own.
        accepted: the right PIN was entered (the staff layer opens the panel).
        cancelRequested: Cancel was pressed (the staff layer closes).

    Properties:
        pinLength: digits typed so far (shown as dots, never the digits).
        message: what happened (a wrong PIN, the wait, how to set a PIN), in the language on
            screen; "" when there is nothing to say.
        hasPin: a staff PIN is set (without one the keypad says how to set it instead).
        locked: too many wrong PINs: the keys take nothing until the wait is over.

    Slots:
        press(key): "0" to "9", "clear", "back", "ok" or "cancel".
    """

    digitsChanged = Signal()
    messageChanged = Signal()
    hasPinChanged = Signal()
    lockedChanged = Signal()
    accepted = Signal()
    cancelRequested = Signal()

    def __init__(
        self,
        *,
        home: Path | None,
        language: Callable[[], str],
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._home = home
        self._language = language
        self._clock = clock
        self._gate: staff.PinGate | None = None  # the lockout, counted in memory (see _pin_gate)
        self._active = False
        self._digits = ""
        self._said: Message | None = None
        self._has_pin = False
        self._locked = False
        self._lock_kind = ""  # "pinWrongWait" or "pinLocked": the message the wait belongs to
        self._preview_wait: float | None = None
        self._countdown = QTimer(self)
        self._countdown.setInterval(COUNTDOWN_MS)
        self._countdown.timeout.connect(self._count_down)

    # -- opening and closing (the staff layer) -----------------------------------------------

    def open(self) -> None:
        """The keypad shows: nothing typed, the lockout as it stands."""
        self._active = True
        self._set_digits("")
        self._set_has_pin(self._home is not None and staff.load_pin(self._home) is not None)
        self._say(None if self._has_pin else Message.of("pinNone"))
        gate = self._pin_gate()
        remaining = gate.wait() if gate is not None else 0.0
        if remaining > 0:
            self._start_countdown("pinLocked", remaining)
        else:
            self._set_locked(False)

    def close(self) -> None:
        self._active = False
        self._countdown.stop()
        self._preview_wait = None
        self._lock_kind = ""
        self._set_digits("")

    def preview(self, *, digits: int, has_pin: bool = True, locked_for: float = 0.0) -> None:
        """The keypad as staff see it, whatever this home holds (``kiosk snapshot`` only):
        ``digits`` typed, and locked for ``locked_for`` seconds when above 0."""
        self._active = True
        self._set_has_pin(has_pin)
        self._set_digits("0" * digits)
        self._say(None if has_pin else Message.of("pinNone"))
        if locked_for > 0:
            self._preview_wait = locked_for
            self._lock_kind = "pinLocked"
            self._set_locked(True)
            self._say(Message.of("pinLocked", wait=wait(locked_for)))
        else:
            self._set_locked(False)

    def retranslate(self) -> None:
        """The language on screen changed: the message is worded again."""
        self.messageChanged.emit()

    # -- keys ---------------------------------------------------------------------------------

    @Slot(str)
    def press(self, key: str) -> None:
        """A key of the keypad (QML's one call): a digit, Clear, Backspace, OK or Cancel."""
        if key in KEYS and len(key) == 1:
            self.digit(int(key))
        elif key == "clear":
            self.clear()
        elif key == "back":
            self.backspace()
        elif key == "ok":
            self.enter()
        elif key == "cancel":
            self.cancelRequested.emit()

    def digit(self, n: int) -> None:
        """A digit, unless locked out (it is refused, not typed and then ignored)."""
        if self._active and not self._locked and 0 <= n <= 9 and len(self._digits) < staff.PIN_MAX:
            self._set_digits(self._digits + str(n))

    def clear(self) -> None:
        self._set_digits("")

    def backspace(self) -> None:
        """A keyboard's Backspace: the last digit goes."""
        if self._active and self._digits:
            self._set_digits(self._digits[:-1])

    def enter(self) -> None:
        """Check the PIN typed (counted in memory, then saved, before the answer shows)."""
        gate = self._pin_gate()
        if not self._active or gate is None:
            return
        if self._locked:
            # Only a keyboard's Enter gets here (the keys are disabled): a try all the same.
            log.warning("staff PIN tried while locked (%.0f s left)", gate.wait(), extra=SECURITY)
            self._set_digits("")
            return
        if self._has_pin and len(self._digits) < staff.PIN_MIN:
            self._say(Message.of("pinLength", min=staff.PIN_MIN, max=staff.PIN_MAX))
            return  # a slip of the finger costs no try
        verdict, remaining = gate.enter(self._digits)  # a disk refusing the copy is only logged
        self._set_digits("")
        if verdict is staff.Verdict.OPEN:
            self._say(None)
            self.accepted.emit()
            return
        if verdict is staff.Verdict.NO_PIN:
            self._say(Message.of("pinNone"))
        elif verdict is staff.Verdict.WRONG:
            log.warning("wrong staff PIN (%d counted)", gate.lockout.failures, extra=SECURITY)
            if remaining > 0:
                log.warning("staff keypad locked for %.0f s", remaining, extra=SECURITY)
                self._start_countdown("pinWrongWait", remaining)
            else:
                self._say(Message.of("pinWrong"))
        else:
            log.warning("staff PIN tried while locked (%.0f s left)", remaining, extra=SECURITY)
            self._start_countdown("pinLocked", remaining)

    # -- the lockout --------------------------------------------------------------------------

    def _pin_gate(self) -> staff.PinGate | None:
        """The lockout of this run: read from the file once, then counted in memory first."""
        if self._gate is None and self._home is not None:
            self._gate = staff.PinGate(self._home, clock=self._clock)
        return self._gate

    def _start_countdown(self, kind: str, remaining: float) -> None:
        """Say ``kind`` with the time left, lock the keys, and count down once a second."""
        self._lock_kind = kind
        self._set_locked(True)
        self._say(Message.of(kind, wait=wait(remaining)))
        self._countdown.start()

    def _count_down(self) -> None:
        """The 1 s tick of the lockout message; at zero the keys take digits again."""
        gate = self._pin_gate()
        remaining = gate.wait() if self._active and gate is not None else 0.0
        if remaining > 0:
            self._say(Message.of(self._lock_kind, wait=wait(remaining)))
            return
        self._countdown.stop()
        self._set_locked(False)
        if self._lock_kind and self._active:
            self._say(Message.of("pinAgain"))
        self._lock_kind = ""

    # -- properties ---------------------------------------------------------------------------

    def _say(self, said: Message | None) -> None:
        if said != self._said:
            self._said = said
            self.messageChanged.emit()

    def _set_digits(self, digits: str) -> None:
        if digits != self._digits:
            self._digits = digits
            self.digitsChanged.emit()

    def _set_has_pin(self, value: bool) -> None:
        if value != self._has_pin:
            self._has_pin = value
            self.hasPinChanged.emit()

    def _set_locked(self, value: bool) -> None:
        if value != self._locked:
            self._locked = value
            self.lockedChanged.emit()

    @property
    def said(self) -> Message | None:
        """The message shown, as data (tests; the log words it in English)."""
        return self._said

    def english(self) -> str:
        """The message in English, as the log would say it."""
        return word(self._said) if self._said else ""

    def _get_pin_length(self) -> int:
        return len(self._digits)

    def _get_message(self) -> str:
        return on_screen(self._said, self._language()) if self._said else ""

    def _get_has_pin(self) -> bool:
        return self._has_pin

    def _get_locked(self) -> bool:
        return self._locked

    pinLength = Property(int, _get_pin_length, notify=digitsChanged, final=True)
    message = Property(str, _get_message, notify=messageChanged, final=True)
    hasPin = Property(bool, _get_has_pin, notify=hasPinChanged, final=True)
    locked = Property(bool, _get_locked, notify=lockedChanged, final=True)
