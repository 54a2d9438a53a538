"""The staff layer over the show: closed, the PIN keypad or the panel, and the corner notice.

:class:`StaffLayer` is what Main.qml receives: the mode, and the three bridges each screen talks
to (:class:`~kiosk.ui.bridges.staff_keypad.KeypadBridge`,
:class:`~kiosk.ui.bridges.staff_panel.PanelBridge`,
:class:`~kiosk.ui.bridges.staff_notice.NoticeBridge`). It opens and closes them, stops the loop
beneath while they show, closes them after 60 s untouched, and says where a drop-folder or stick
install's notice goes: the corner over the show, or the panel's status line while it is open (the
corner notice would cover the panel's buttons).

:class:`StaffFilter` sits on the window: it sees presses for the corner gesture and the key chord
from ``kiosk.yaml`` (``staff: {chord: ...}``), and while the keypad or the panel is open it keeps
the show's own input filters out of the way and restarts the auto-close on every touch. It is a
child of the layer and the scene removes it from the window before either goes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import Property, QEnum, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QTouchEvent, QWindow
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.common.message import Message
from kiosk.config import KioskConfig
from kiosk.intake.install import InstallResult
from kiosk.ops import staff, staff_panel
from kiosk.ops.health import Health
from kiosk.ops.logfile import SECURITY
from kiosk.ops.staff_words import word
from kiosk.ui.bridges.attract import AttractBridge
from kiosk.ui.bridges.schedule import ClosedInputFilter
from kiosk.ui.bridges.session import InputFilter, SessionBridge
from kiosk.ui.bridges.staff_keypad import KeypadBridge
from kiosk.ui.bridges.staff_notice import NoticeBridge
from kiosk.ui.bridges.staff_panel import PanelBridge

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

CLOSE_AFTER_MS = 60_000
# A keyboard in the cabinet types the PIN too: its digit keys (top row and keypad) by value.
_DIGIT_KEYS = {int(Qt.Key.Key_0) + n: n for n in range(10)}


@QmlElement
@QmlUncreatable("the scene hands it to Main.qml as a required property")
class StaffLayer(QObject):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """What the staff layer shows, and the bridges of its screens.

    Signals:
        modeChanged: the keypad or the panel opened, or the layer closed.

    Properties:
        mode: a :class:`StaffLayer.Mode` (Closed, Pin, Panel).
        keypad, panel, notice: the screens' bridges (constant); Python reaches them as
            ``keypad_bridge``, ``panel_bridge`` and ``notice_bridge``.
    """

    @QEnum
    class Mode(IntEnum):
        """What the staff layer shows: nothing, the keypad or the panel."""

        Closed = 0
        Pin = 1
        Panel = 2

    modeChanged = Signal()

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
        self._mode = StaffLayer.Mode.Closed
        self._resume = False  # the loop was playing when the staff layer opened
        language = attract.current_language
        self.keypad_bridge = KeypadBridge(home=home, language=language, clock=clock, parent=self)
        self.panel_bridge = PanelBridge(
            attract, home=home, config=config, language=language, clock=clock, parent=self
        )
        self.panel_bridge.kiosk_health = health  # what the running kiosk's self-checks found
        self.notice_bridge = NoticeBridge(language, parent=self)
        self.keypad_bridge.accepted.connect(self.open_panel)
        self.keypad_bridge.cancelRequested.connect(self.cancel)
        self.panel_bridge.closeRequested.connect(self.cancel)
        self._close = QTimer(self)
        self._close.setSingleShot(True)
        self._close.setInterval(close_after_ms)
        self._close.timeout.connect(self.cancel)

    @property
    def is_open(self) -> bool:
        return self._mode != StaffLayer.Mode.Closed

    @property
    def showing(self) -> StaffLayer.Mode:
        """The mode, as Python reads it (QML reads ``mode``)."""
        return self._mode

    def open_pin(self) -> None:
        """The gesture or the chord was made: show the keypad (or how to set a PIN)."""
        if self.is_open:
            return
        log.info("staff keypad opened")
        self._session.done()  # whoever made the gesture is staff: no lesson stays open beneath
        self.keypad_bridge.open()
        self._set_mode(StaffLayer.Mode.Pin)

    def open_panel(self) -> None:
        """Show the panel (after the right PIN; ``kiosk snapshot`` calls it directly)."""
        self._session.done()
        self.keypad_bridge.close()
        self.notice_bridge.hide()  # the panel says it itself
        self.panel_bridge.open()
        self._set_mode(StaffLayer.Mode.Panel)
        log.info("staff panel opened", extra=SECURITY)

    def cancel(self) -> None:
        """Close the keypad or the panel and return to the show."""
        if self.is_open:
            log.info("staff panel closed")
        self.keypad_bridge.close()
        self.panel_bridge.close()
        self._set_mode(StaffLayer.Mode.Closed)

    def touched(self) -> None:
        """Any touch or key while open: the auto-close starts again."""
        if self.is_open:
            self._close.start()

    def set_close_after(self, millis: int) -> None:
        """How long the keypad and panel stay open untouched (60 s; tests shorten it)."""
        self._close.setInterval(millis)

    def use_config(self, new: KioskConfig) -> None:
        """An edited ``kiosk.yaml`` (see :meth:`PanelBridge.use_config`)."""
        self.panel_bridge.use_config(new)

    def stop(self) -> None:
        """The app is quitting."""
        self.panel_bridge.stop()

    def retranslate(self) -> None:
        """The language on screen changed: every screen words itself again."""
        self.keypad_bridge.retranslate()
        self.panel_bridge.retranslate()
        self.notice_bridge.retranslate()

    def show_notice(self, result: InstallResult, title: str) -> None:
        """A drop-folder or stick install finished: say so in the corner for 10 s, or on the
        panel's status line while it is open."""
        said: Message | None = staff_panel.notice(result, title)
        if said is None:
            return
        log.info("staff notice: %s", word(said))  # names in it are cleaned by word()
        if self._mode == StaffLayer.Mode.Panel:
            self.panel_bridge.note(said)
        else:
            self.notice_bridge.show(said)

    def _set_mode(self, mode: StaffLayer.Mode) -> None:
        was_open = self.is_open
        self._mode = mode
        if mode == StaffLayer.Mode.Closed:
            self._close.stop()
            if was_open and self._resume:
                self._attract.start()  # back to the show, from the slide it left
        else:
            self._close.start()
            if not was_open:
                # The loop stands still under the keypad and panel: nothing draws unseen, and
                # the self-check does not take the still picture for a frozen loop.
                self._resume = bool(self._attract.property("running"))
                self._attract.stop()
        self.modeChanged.emit()

    def _get_mode(self) -> int:
        return int(self._mode)

    def _get_keypad(self) -> KeypadBridge:
        return self.keypad_bridge

    def _get_panel(self) -> PanelBridge:
        return self.panel_bridge

    def _get_notice(self) -> NoticeBridge:
        return self.notice_bridge

    mode = Property(int, _get_mode, notify=modeChanged, final=True)
    keypad = Property(KeypadBridge, _get_keypad, constant=True, final=True)
    panel = Property(PanelBridge, _get_panel, constant=True, final=True)
    notice = Property(NoticeBridge, _get_notice, constant=True, final=True)


class StaffFilter(QObject):
    """The window's watch for the staff gesture and chord; it keeps the show out while open.

    Install it after the show's filters (the session's :class:`InputFilter` and the closed
    screen's, so Qt asks it first) and before the full-screen lockdown (so a blocked chord
    never reaches it). Its parent is the layer; the scene removes it from the window first.
    """

    _PRESS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
    _RELEASE = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd)

    def __init__(
        self,
        layer: StaffLayer,
        show_filters: Sequence[InputFilter | ClosedInputFilter],
        *,
        chord: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(layer)
        self._layer = layer
        self._show_filters = tuple(show_filters)
        self._chord = QKeySequence.fromString(chord)
        self._clock = clock
        self._gesture = staff.GestureRecognizer(1920, 1080)
        layer.modeChanged.connect(self._follow)

    def _follow(self) -> None:
        for show_filter in self._show_filters:
            show_filter.suspended = self._layer.is_open

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        layer = self._layer
        kind = event.type()
        if layer.is_open:
            if kind in self._PRESS or kind == QEvent.Type.KeyPress:
                layer.touched()
            escape = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
            if kind == QEvent.Type.KeyPress and escape:
                layer.cancel()
                return True
            if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._pin_key(event)
            return False  # the keypad and the panel take it (the show's filter is suspended)
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if QKeySequence(event.keyCombination()) == self._chord:
                layer.open_pin()
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
                layer.open_pin()
                return True
            return self._gesture.armed
        return False

    def _pin_key(self, event: QKeyEvent) -> bool:
        """A key on the keypad's screen: digits, Backspace and Enter type the PIN."""
        if self._layer.showing != StaffLayer.Mode.Pin:
            return False  # the panel's own keys (none today) and focus moves pass
        key, keypad = event.key(), self._layer.keypad_bridge
        if key in _DIGIT_KEYS:
            keypad.digit(_DIGIT_KEYS[key])
        elif key == Qt.Key.Key_Backspace:
            keypad.backspace()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            keypad.enter()
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
