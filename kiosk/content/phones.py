"""Hotline numbers that dial what they say: valid numbers, honest displays, the kiosk's list.

A wrong digit on a reporting strip sends a frightened person to a stranger, so every ``number`` is
checked with libphonenumber's data (``phonenumbers``): a full number must be valid for its country
(the United States unless it starts with ``+`` and a country code); a short code must be one that
libphonenumber knows for the United States: 3 digits for a ``call`` (911, 711), an SMS short code of
5 or 6 digits for a ``text`` (233733). A ``display`` must dial the same number as ``number``, its
letters read off a phone keypad (1-800-THE-LOST is 1-800-843-5678). The kiosk's ``hotline_numbers``
(``kiosk.yaml``) lists the numbers a pack may put on its screen; they are compared as numbers, so
``(800) 843-5678`` and ``+1 800 843 5678`` are the same one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import phonenumbers
from phonenumbers import shortnumberinfo

DEFAULT_REGION = "US"
# 711 is the US relay service (TTY), which the National Human Trafficking Hotline lists.
DEFAULT_HOTLINE_NUMBERS = ("911", "1-800-843-5678", "1-888-373-7888", "233733", "711")

# Short codes are dialled as they are: 3 digits to call (N11 codes such as 911 and 711), 5 or 6
# digits to text (common short codes such as 233733). libphonenumber decides which exist.
_CALL_SHORT_LENGTHS = (3,)
_TEXT_SHORT_LENGTHS = (5, 6)
_SHORT_MAX = max(*_CALL_SHORT_LENGTHS, *_TEXT_SHORT_LENGTHS)

_KEYPAD = {
    letter: digit
    for digit, letters in (
        ("2", "ABC"),
        ("3", "DEF"),
        ("4", "GHI"),
        ("5", "JKL"),
        ("6", "MNO"),
        ("7", "PQRS"),
        ("8", "TUV"),
        ("9", "WXYZ"),
    )
    for letter in letters
}
# A display may open with words that are not dialled ("Text 233733", "Envíe HELP al 233733",
# "Texte « HELP » au 233733"); from the first digit on, everything is the number: letters are
# keypad letters, the rest separators. See _is_label for what the words may hold.
# Quotes around a word (straight, curly, low-9, guillemets, CJK corner brackets) and apostrophes
# and hyphens inside one ("l'aide", "SMS-Nummer"); escaped, as several look like ASCII signs.
_OPENING_QUOTES = "\"'\u201c\u2018\u00ab\u201e\u201a\u2039\u300c\u300e"
_CLOSING_QUOTES = "\"'\u201d\u2019\u00bb\u201c\u2018\u203a\u300d\u300f"
_WORD_JOINERS = "'\u2019-\u2010"
# ASCII only: a digit from another script (Bengali 4 looks like 8) is not what gets dialled.
_DIALLED = re.compile(r"\+?[0-9A-Za-z .()-]*")


def _digits(text: str) -> str:
    return "".join(c for c in text if "0" <= c <= "9")


def _parse(number: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(number, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None


def number_key(number: str) -> str:
    """The number ``number`` dials, in one form for comparing: E.164, or the digits of a short code.

    ``1-800-843-5678``, ``(800) 843-5678`` and ``+1 800 843 5678`` give the same key. A number that
    is not valid keeps its digits (with a leading ``+``), so it matches only itself.
    """
    digits = _digits(number)
    if not number.strip().startswith("+") and len(digits) <= _SHORT_MAX:
        return digits
    parsed = _parse(number)
    if parsed is not None and phonenumbers.is_valid_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return ("+" if number.strip().startswith("+") else "") + digits


def number_problem(number: str, kind: str) -> str | None:
    """Why ``number`` cannot be dialled (``call``) or texted (``text``), or None when it can."""
    digits = _digits(number)
    international = number.strip().startswith("+")
    if not international and len(digits) <= _SHORT_MAX:
        lengths = _TEXT_SHORT_LENGTHS if kind == "text" else _CALL_SHORT_LENGTHS
        parsed = _parse(digits)
        known = (
            parsed is not None
            and len(digits) in lengths
            and shortnumberinfo.is_valid_short_number_for_region(parsed, DEFAULT_REGION)
        )
        if kind == "text" and known and parsed is not None:
            known = shortnumberinfo.is_sms_service_for_region(parsed, DEFAULT_REGION)
        if known:
            return None
        what = "an SMS short code (5 or 6 digits)" if kind == "text" else "a 3-digit short code"
        return (
            f"number {number!r} is not a full phone number nor {what} known in the "
            f"{DEFAULT_REGION}; check every digit"
        )
    parsed = _parse(number)
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        where = "its country" if international else f"the {DEFAULT_REGION} (or start with +country)"
        return f"number {number!r} is not a valid phone number for {where}; check every digit"
    return None


def _is_word(word: str) -> bool:
    """One word of a display's label: letters of any script with their combining marks (a
    decomposed "í" is "i" and U+0301), joined by an apostrophe or hyphen, perhaps quoted
    ("«HELP»") and perhaps ending in "." (an abbreviation, "Tel."). No digit of any script:
    U+09EA (Bengali 4) looks like 8 and would be read as part of the number.
    """
    if word[:1] and word[0] in _OPENING_QUOTES:
        word = word[1:]
    word = word.removesuffix(".")
    if word[-1:] and word[-1] in _CLOSING_QUOTES:
        word = word[:-1]
    if not word or not unicodedata.category(word[0]).startswith("L"):
        return False
    previous = word[0]
    for char in word[1:]:
        kind = unicodedata.category(char)
        if char in _WORD_JOINERS:
            if previous in _WORD_JOINERS:
                return False
        elif not (kind.startswith("L") or kind.startswith("M")):
            return False
        previous = char
    return previous not in _WORD_JOINERS


def _is_label(label: str) -> bool:
    """Words before a display's number, in any language, separated by single spaces, the last
    perhaps followed by ":" (or " :"), then at least one space before the number.

    >>> _is_label("Envíe HELP al "), _is_label("Texte « HELP » au "), _is_label("Call 1")
    (True, True, False)
    """
    words = label.rstrip(" ")
    if words == label:
        return False  # the number must stand apart from the words
    tokens = words.removesuffix(":").rstrip(" ").split(" ")  # French sets " :"
    # A quote standing alone ("« HELP »", as French sets it) belongs to the word beside it.
    merged: list[str] = []
    for i, token in enumerate(tokens):
        if token and token in _OPENING_QUOTES and i + 1 < len(tokens):
            tokens[i + 1] = token + tokens[i + 1]
        elif token and token in _CLOSING_QUOTES and merged:
            merged[-1] += token
        else:
            merged.append(token)
    return bool(merged) and all(_is_word(word) for word in merged)


def dialled(display: str) -> str | None:
    """The digits a person dials from reading ``display``, or None when it is not a number.

    Letters after the first digit are keypad letters; a label before it ("Text ") is not dialled.
    """
    start = next((i for i, c in enumerate(display) if c in "+(" or "0" <= c <= "9"), None)
    if start is None:
        return None
    label, shown = display[:start], display[start:]
    if label and not _is_label(label):
        return None
    if not _DIALLED.fullmatch(shown):
        return None
    keyed = "".join(_KEYPAD.get(c.upper(), c) for c in shown)
    return ("+" if shown.startswith("+") else "") + _digits(keyed)


def display_problem(display: str, number: str) -> str | None:
    """Why ``display`` may not stand for ``number`` (it would dial something else), or None."""
    shown = dialled(display)
    if shown is None:
        return (
            f"display {display!r} must show the number: optional words in any language "
            "('Text HELP to', 'Envíe HELP al'), then only digits, keypad letters, spaces, dashes, "
            "dots and parentheses"
        )
    if number_key(shown) != number_key(number):
        return f"display {display!r} dials {shown}, not the number {number}"
    return None


_DIGIT = re.compile(r"\d")  # any Unicode decimal digit, as libphonenumber reads them


def numbers_in_text(text: str) -> list[str]:
    """The full phone numbers written in ``text`` (as written), e.g. in a slide's body.

    Only numbers libphonenumber finds valid count: "version 2026.11.0" or "15-20 minutes" must
    not read as numbers. Short codes and vanity spellings in running text are not found.
    """
    if not _DIGIT.search(text):  # no digit in any script: no number (most texts; every start)
        return []
    matcher = phonenumbers.PhoneNumberMatcher(text, DEFAULT_REGION, phonenumbers.Leniency.VALID)
    return [match.raw_string for match in matcher]


def allowed_problem(number: str, allowed: Iterable[str]) -> str | None:
    """Why ``number`` may not be shown on this kiosk (not on its ``hotline_numbers``), or None."""
    if number_key(number) in {number_key(a) for a in allowed}:
        return None
    return f"number {number!r} is not on this kiosk's list (kiosk.yaml hotline_numbers)"


# Numbers held whole on screen. A line may break after a hyphen or at a space, so "1-800-THE-LOST"
# came out as "1-800-" / "THE-LOST" and "Envíe HELP al 233733" as "Envíe HELP al" / "233733".
# A number written with separators (digits, then groups after a space, dot or hyphen; letters
# only after a hyphen, as in a vanity number), and a capitalised keyword with the short code it
# goes to ("HELP al 233733", "HELP o INFO al 233733", "TTY 711").
_SEPARATED_NUMBER = re.compile(
    r"(?<![\w-])\+?\(?\d{1,4}\)?(?:[ .-]\(?\d{2,}\)?|-[A-Z]{2,})+(?![\w-])"
)
_KEYWORD_NUMBER = re.compile(r"\b[A-Z]{2,}(?: [^\s\d]{1,4}){0,3} \d{3,}\b")
WORD_JOINER = "\u2060"  # no break here; drawn as nothing (the bundled font has no glyph for it)
NO_BREAK_SPACE = "\u00a0"


def _hold(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", NO_BREAK_SPACE).replace("-", "-" + WORD_JOINER)


def kept_whole(text: str) -> str:
    """``text`` with its numbers tied so no line breaks inside one, for the screen.

    Spaces inside a number become no-break spaces and a word joiner follows each of its hyphens;
    both draw as the text did (Atkinson Hyperlegible has a no-break space; a word joiner is drawn
    as nothing). A pack's text may not hold a word joiner itself (validate refuses invisible
    characters), so :func:`as_written` gives back exactly what the pack says.
    """
    if not _DIGIT.search(text):
        return text
    return _SEPARATED_NUMBER.sub(_hold, _KEYWORD_NUMBER.sub(_hold, text))


def as_written(shown: str) -> str:
    """The text a screen shows with :func:`kept_whole`'s ties undone (spaces stay no-break)."""
    return shown.replace(WORD_JOINER, "")
