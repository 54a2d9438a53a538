"""Full-screen lockdown: no key chord or close request leaves the kiosk; an idle cursor hides.

A kiosk runs for months in front of passers-by, some of whom will try Alt+F4. Full screen,
:class:`Lockdown` swallows the chords that close or leave a window and refuses every close
request (a window manager's, or ``QWindow.close()``). Escape is not among them: it belongs to the
session (back; three presses make the quick exit). Chords the X server or the operating system
takes before any window sees them (Ctrl+Alt+Backspace, VT switching, Ctrl+Alt+Del on Windows)
are the operating system's to disable: see docs/operating.md, "Locking the kiosk down".

:class:`CursorHider` hides the mouse pointer after a few seconds still, and never shows it for a
touch screen. It uses the application's override cursor, which wins over any cursor a QML item
sets, so hovering a button cannot bring the pointer back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QInputDevice, QKeyEvent, QMouseEvent, QWindow

log = logging.getLogger(__name__)

HIDE_CURSOR_MS = 3000
LOG_EVERY_SECONDS = 60.0

_Mod = Qt.KeyboardModifier
_Key = Qt.Key
# Modifiers that tell chords apart; the keypad flag and the like are not part of a chord.
_CHORD_MODIFIERS = _Mod.ShiftModifier | _Mod.ControlModifier | _Mod.AltModifier | _Mod.MetaModifier

# (key, modifiers) -> the chord's name for the log. Window managers and desktops close a window or
# switch away on these; without one (a bare X server) they reach the kiosk as plain keys, where
# they must not count as a visitor's input either.
BLOCKED_CHORDS: dict[tuple[int, int], str] = {
    (_Key.Key_F4, _Mod.AltModifier.value): "Alt+F4",
    (_Key.Key_F4, _Mod.ControlModifier.value): "Ctrl+F4",
    (_Key.Key_Q, _Mod.ControlModifier.value): "Ctrl+Q",
    (_Key.Key_W, _Mod.ControlModifier.value): "Ctrl+W",
    (_Key.Key_Tab, _Mod.AltModifier.value): "Alt+Tab",
    # Shift+Tab arrives as Backtab with the Shift flag still set.
    (_Key.Key_Backtab, (_Mod.AltModifier | _Mod.ShiftModifier).value): "Alt+Shift+Tab",
    # The development quit key: it quits only with --windowed; full screen, no key leaves.
    (_Key.Key_Q, (_Mod.ControlModifier | _Mod.ShiftModifier).value): "Ctrl+Shift+Q",
}


# A modifier pressed alone is the start of a chord, not a visitor's key: passed on, the Alt of
# Alt+F4 would open the menu before the F4 is swallowed.
MODIFIER_KEYS = frozenset(
    {
        _Key.Key_Shift,
        _Key.Key_Control,
        _Key.Key_Alt,
        _Key.Key_AltGr,
        _Key.Key_Meta,
        _Key.Key_Super_L,
        _Key.Key_Super_R,
    }
)


def blocked_chord(key: int, modifiers: Qt.KeyboardModifier) -> str | None:
    """The name of the escape chord ``key`` + ``modifiers`` makes, or None for any other key."""
    return BLOCKED_CHORDS.get((key, (modifiers & _CHORD_MODIFIERS).value))


class Throttle:
    """Lets one log line through per ``seconds``, counting the ones it held back."""

    def __init__(
        self, seconds: float = LOG_EVERY_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._seconds = seconds
        self._clock = clock
        self._last: float | None = None
        self.held = 0

    def allow(self) -> bool:
        """True when a line may be logged now; otherwise count it as held back."""
        now = self._clock()
        if self._last is not None and now - self._last < self._seconds:
            self.held += 1
            return False
        self._last = now
        return True


class Lockdown(QObject):
    """An event filter for the full-screen window: escape chords and close requests do nothing.

    Install it after the session's input filter: Qt asks the filter installed last first, so a
    swallowed chord (its lone modifier press included) never reaches the session as a visitor's
    key press.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._throttle = Throttle(clock=clock)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Close:
            # Ignored, so whoever asked (the window manager, QWindow.close) sees a refusal.
            event.ignore()
            self._note("a window close request")
            return True
        if kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and isinstance(event, QKeyEvent):
            if event.key() in MODIFIER_KEYS:
                return True
            chord = blocked_chord(event.key(), event.modifiers())
            if chord is None:
                return False
            if kind == QEvent.Type.KeyPress and not event.isAutoRepeat():
                self._note(chord)
            return True
        return False

    def _note(self, what: str) -> None:
        log.debug("ignored %s", what)
        # Someone trying every chord must not flood a log that has to last months.
        if self._throttle.allow():
            held, self._throttle.held = self._throttle.held, 0
            log.info(
                "ignored %s: full screen, nothing on a keyboard leaves the kiosk"
                " (%d more ignored since the last note)",
                what,
                held,
            )


class CursorHider(QObject):
    """Hides the pointer after ``hide_after_ms`` without movement; a mouse move shows it again.

    It starts hidden: a kiosk is mostly touched, and X may have put the pointer in the middle of
    the screen. Moves that a touch screen makes (or Qt synthesises from a touch) never show it.
    """

    def __init__(
        self, window: QWindow, *, hide_after_ms: int = HIDE_CURSOR_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent or window)
        self._window = window
        self._hidden = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hide_after_ms)
        self._timer.timeout.connect(self.hide)
        window.installEventFilter(self)
        self.hide()

    @property
    def hidden(self) -> bool:
        """Whether the pointer is hidden now."""
        return self._hidden

    def hide(self) -> None:
        """Hide the pointer (idempotent: the override cursor is a stack)."""
        self._timer.stop()
        if not self._hidden:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
            self._hidden = True

    def show(self) -> None:
        """Show the pointer and start counting down to hiding it again."""
        if self._hidden:
            QGuiApplication.restoreOverrideCursor()
            self._hidden = False
        self._timer.start()

    def release(self) -> None:
        """Stop watching and give the pointer back (the window goes, or a test ends)."""
        self._timer.stop()
        self._window.removeEventFilter(self)
        if self._hidden:
            QGuiApplication.restoreOverrideCursor()
            self._hidden = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate):
            self.hide()
        elif kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            if _from_touch(event):
                self.hide()
            else:
                self.show()
        return False  # only watches: the move still reaches QML


def _from_touch(event: QMouseEvent) -> bool:
    """Whether a mouse event stands for a finger on a touch screen rather than a mouse."""
    if event.pointingDevice().type() == QInputDevice.DeviceType.TouchScreen:
        return True
    # Deprecated in Qt 6 but still the one flag set on mouse events made up from touches.
    return event.source() != Qt.MouseEventSource.MouseEventNotSynthesized


def lock_down(window: QWindow, *, parent: QObject | None = None) -> tuple[Lockdown, CursorHider]:
    """Lock the full-screen ``window`` down: call after the scene installed its input filter."""
    lockdown = Lockdown(parent=parent or window)
    window.installEventFilter(lockdown)
    return lockdown, CursorHider(window, parent=parent)
