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
# A display may open with a word or two that are not dialled ("Text 233733", "Call 911"); from
# the first digit on, everything is the number: letters are keypad letters, the rest separators.
_LABEL = re.compile(r"(?:[^\W\d_]+ )*[^\W\d_]+:? +")
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


def dialled(display: str) -> str | None:
    """The digits a person dials from reading ``display``, or None when it is not a number.

    Letters after the first digit are keypad letters; a label before it ("Text ") is not dialled.
    """
    start = next((i for i, c in enumerate(display) if c in "+(" or "0" <= c <= "9"), None)
    if start is None:
        return None
    label, shown = display[:start], display[start:]
    if label and not _LABEL.fullmatch(label):
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
            f"display {display!r} must show the number: an optional word such as 'Text', then "
            "only digits, keypad letters, spaces, dashes, dots and parentheses"
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
