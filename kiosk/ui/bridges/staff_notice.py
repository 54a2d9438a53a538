"""The staff notice for QML: a corner line for 10 s after a drop-folder or stick install.

What it says is decided in :func:`kiosk.ops.staff_panel.notice` (the kiosk's own words, never a
file's name: it is on the public screen) and worded in the language on screen
(:mod:`kiosk.ui.staff_words`), again whenever that language changes while it shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Property, QObject, QTimer, Signal
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.common.message import Message
from kiosk.ops.staff_panel import NOTICE_SECONDS
from kiosk.ui.staff_words import on_screen

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

NOTICE_MS = NOTICE_SECONDS * 1000


@QmlElement
@QmlUncreatable("the staff layer holds it")
class NoticeBridge(QObject):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """The corner notice.

    Signals:
        textChanged: the notice appeared, went, or is worded again.

    Properties:
        text: the notice in the language on screen ("" while hidden).
    """

    textChanged = Signal()

    def __init__(self, language: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._said: Message | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTICE_MS)
        self._timer.timeout.connect(self.hide)

    @property
    def said(self) -> Message | None:
        """What the notice says, as data (None: hidden)."""
        return self._said

    def show(self, said: Message) -> None:
        """Say ``said`` in the corner for 10 s."""
        self._said = said
        self._timer.start()
        self.textChanged.emit()

    def hide(self) -> None:
        self._timer.stop()
        if self._said is not None:
            self._said = None
            self.textChanged.emit()

    def retranslate(self) -> None:
        """The language on screen changed: the notice is worded again."""
        if self._said is not None:
            self.textChanged.emit()

    def _get_text(self) -> str:
        return on_screen(self._said, self._language()) if self._said else ""

    text = Property(str, _get_text, notify=textChanged, final=True)
