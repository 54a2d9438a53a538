"""``kiosk preview``'s window: the kiosk's screen at a chosen size, with the status bar under it.

The kiosk's QML fills the window's content item and scales everything by the window's size
less ``reservedBottom`` (``Main.qml``). The preview makes the window taller than the screen it
shows by the status bar's height, reserves that strip and keeps the content item that much
shorter, so the bar sits below the kiosk's screen and never covers a word of it. Resizing the
window by hand resizes the screen; a bar that changes height (hidden with H, or wrapping onto
another line) changes the window's height, not the screen's.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtQuick import QQuickItem, QQuickWindow

# Room left on the desktop for the window's frame and a panel: a screen size that does not fit
# the desktop is shown smaller, at the same shape (the kiosk's layout depends only on its shape).
DESKTOP_SHARE = 0.9


def fitted(size: QSize, room: QSize, bar: int) -> QSize:
    """``size``, scaled down (never up) so that it and a bar of height ``bar`` fit in ``room``."""
    if room.isEmpty():
        return size
    scale = min(
        1.0,
        room.width() * DESKTOP_SHARE / size.width(),
        (room.height() * DESKTOP_SHARE - bar) / size.height(),
    )
    return QSize(
        max(1, math.floor(size.width() * scale)), max(1, math.floor(size.height() * scale))
    )


class PreviewFrame(QObject):
    """Keeps the kiosk's screen (the window's content item) above ``bar``.

    Signals:
        resized: the kiosk's screen changed size.

    Attributes:
        screen: the size of the kiosk's screen in the window now.
        wanted: the size asked for (``--size``, turned by S); ``screen`` is smaller when the
            desktop is, and follows the window when it is resized by hand (S then turns the
            size asked for, not the hand-made one).
    """

    resized = Signal()

    def __init__(self, window: QQuickWindow, bar: QQuickItem) -> None:
        super().__init__(window)
        self._window = window
        self._bar = bar
        self._bar_height = self._measure_bar()
        self.screen = QSize(window.width(), max(1, window.height() - self._bar_height))
        self.wanted = self.screen
        window.widthChanged.connect(self._window_resized)
        window.heightChanged.connect(self._window_resized)
        bar.heightChanged.connect(self._bar_changed)
        bar.visibleChanged.connect(self._bar_changed)
        # Qt sizes the content item to the whole window on every resize: take the bar off again.
        window.contentItem().heightChanged.connect(self._fit_content)
        self._fit_content()

    def show_screen(self, size: QSize) -> None:
        """Show the kiosk's screen at ``size`` (smaller, same shape, if the desktop is smaller)."""
        self.wanted = size
        room = self._window.screen().availableGeometry().size()
        screen = fitted(size, room, self._bar_height)
        self._window.resize(screen.width(), screen.height() + self._bar_height)
        self._window_resized()  # a platform may tell the new size later, or not at all

    def turned(self) -> QSize:
        """The size asked for, turned a quarter: landscape becomes portrait and back."""
        return QSize(self.wanted.height(), self.wanted.width())

    def _measure_bar(self) -> int:
        return math.ceil(self._bar.height()) if self._bar.isVisible() else 0

    def _window_resized(self) -> None:
        screen = QSize(self._window.width(), max(1, self._window.height() - self._bar_height))
        self._fit_content()
        if screen != self.screen:
            self.screen = screen
            self.resized.emit()

    def _bar_changed(self) -> None:
        height = self._measure_bar()
        if height != self._bar_height:
            self._bar_height = height
            self._window.resize(self.screen.width(), self.screen.height() + height)
        self._fit_content()

    def _fit_content(self) -> None:
        # Main.qml scales the kiosk's screen by the window less this strip.
        if self._window.property("reservedBottom") != self._bar_height:
            self._window.setProperty("reservedBottom", self._bar_height)
        content = self._window.contentItem()
        height = max(1, self._window.height() - self._bar_height)
        if content is not None and content.height() != height:  # None: the window is closing
            content.setHeight(height)
