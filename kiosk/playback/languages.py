"""Which language shows when: the attract loop's rotation and the visitor's choice (no Qt).

The attract loop shows the venue's languages (``kiosk.yaml`` ``languages``, else the pack's own)
one slide at a time: slide *n* of the loop is in language *n mod k*, counted over every slide
shown, so a loop with an odd number of slides still shows every slide in every language in turn.
A visitor in touch mode picks any language of the pack; the choice ends with the session.
"""

from __future__ import annotations

from collections.abc import Sequence

# Each language named in itself, as the language button shows it: a Spanish speaker looks for
# "Español", not "Spanish". Codes are those of ``kiosk.content.schema.LANGUAGES``.
NATIVE_NAMES = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "pt": "Português",
    "zh": "中文",
    "vi": "Tiếng Việt",
    "ko": "한국어",
    "tl": "Tagalog",
    "ar": "العربية",
    "ru": "Русский",
    "ht": "Kreyòl ayisyen",
    "de": "Deutsch",
    "it": "Italiano",
    "ja": "日本語",
}


def native_name(code: str) -> str:
    """The language's name in that language (the code itself for one not in the table)."""
    return NATIVE_NAMES.get(code, code)


def attract_languages(venue: Sequence[str], pack: Sequence[str]) -> tuple[str, ...]:
    """The languages the attract loop rotates through, in the venue's order.

    The venue's languages that the pack has; with none set (or none the pack has), the pack's.
    """
    chosen = tuple(dict.fromkeys(code for code in venue if code in pack))
    return chosen or tuple(pack)


def rotation_language(languages: Sequence[str], shown: int) -> str:
    """The language of the ``shown``-th slide the loop shows (counting from 0)."""
    return languages[shown % len(languages)]
