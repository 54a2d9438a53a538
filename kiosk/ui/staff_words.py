"""Staff messages in the language on screen: :mod:`kiosk.ops.staff_words` through Qt.

The table of words is Qt-free (the log and the command line word it in English); here its
templates go through Qt's translator (``kiosk/ui/i18n``, context ``StaffWords``, the translator
:mod:`kiosk.ui.translations` points at the language on screen), its numbers through
:class:`QLocale` ("4,5 GB" in Spanish), and names from outside into bidi isolates that suit the
screen's direction.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, Qt

from kiosk.common.message import Message
from kiosk.ops import staff_words
from kiosk.ops.staff_words import CONTEXT, FSI, PDI, Wording, word

LRI = "\u2066"  # left-to-right isolate: a version or a key id inside right-to-left text


def wording(language: str) -> Wording:
    """How staff messages read on a screen in ``language``."""
    locale = QLocale(language)
    right_to_left = locale.textDirection() == Qt.LayoutDirection.RightToLeft

    def translate(template: str) -> str:
        return QCoreApplication.translate(CONTEXT, template)

    def number(value: int | float) -> str:
        if isinstance(value, float):
            return locale.toString(value, "f", 1)
        return locale.toString(value)

    def isolate(text: str) -> str:
        if staff_words.has_right_to_left(text):
            return f"{FSI}{text}{PDI}"
        # In a right-to-left sentence, a version or an id reads left to right as it is.
        return f"{LRI}{text}{PDI}" if right_to_left else text

    return Wording(translate, number, isolate)


def on_screen(message: Message, language: str) -> str:
    """``message`` in ``language``'s words (English where no translation ships)."""
    return word(message, wording(language))
