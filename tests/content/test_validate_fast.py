"""The start-up's text checks take shortcuts (issue 18): they must find exactly what the plain
character-by-character check and libphonenumber's matcher find."""

from __future__ import annotations

import unicodedata

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.content import phones
from kiosk.content.validate import _BIDI_CONTROLS, _INVISIBLE, MAX_COMBINING, text_problem


def plain_text_problem(text: str) -> str | None:
    """text_problem as it was: every character looked at."""
    run = 0
    for i, char in enumerate(text):
        if char in _BIDI_CONTROLS or char in _INVISIBLE:
            kind = "bidi control" if char in _BIDI_CONTROLS else "invisible character"
            return (
                f"text holds the {kind} U+{ord(char):04X} ({unicodedata.name(char).lower()}) at "
                f"character {i + 1}, which can make it read as something else; remove it"
            )
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co") and char not in "\n\t":
            return f"text holds the control character U+{ord(char):04X} at character {i + 1}"
        run = run + 1 if category.startswith("M") else 0
        if run > MAX_COMBINING:
            return (
                f"more than {MAX_COMBINING} combining marks on one letter at character {i + 1}; "
                "they draw over the text around them"
            )
    return None


# Letters, spaces, newlines, combining marks, controls, bidi and invisible characters, digits of
# other scripts: the characters the two paths treat differently, often side by side.
TRICKY = st.sampled_from(
    [
        *"ae 1\n\t.-()+\x00\x1f\x7f\x85\u0301\u0323\u0302\u064b\u200b\u200d\u202e\u2066\ufeff",
        *["\ue000", "\u0663", "\uff11", "é", "ệ"],
    ]
)
TEXTS = st.lists(st.one_of(TRICKY, st.characters()), max_size=40).map("".join)


@settings(max_examples=400)
@given(TEXTS)
def test_text_problem_finds_what_the_plain_check_finds(text: str) -> None:
    assert text_problem(text) == plain_text_problem(text)


def test_three_marks_apart_are_not_a_run_but_three_together_are() -> None:
    assert text_problem("e\u0301 e\u0301 e\u0301") is None
    assert text_problem("e\u0301\u0323\u0302") is not None
    assert text_problem("e\u0301\n\u0323\u0302") is None


NUMBER_TEXTS = st.lists(
    st.one_of(
        st.sampled_from(
            ["Call ", "1-800-843-5678", "911", " or ", "(202) 555-0143", "+44 20 7946 0958"]
        ),
        st.sampled_from(
            ["\u0661\u0662\u0663", "\uff12\uff10\uff12", "version 2026.11.0", "15-20 min"]
        ),
        st.text(max_size=8),
    ),
    max_size=5,
).map("".join)


@settings(max_examples=200)
@given(NUMBER_TEXTS)
def test_numbers_in_text_finds_what_libphonenumber_finds(text: str) -> None:
    matcher = phonenumbers.PhoneNumberMatcher(
        text, phones.DEFAULT_REGION, phonenumbers.Leniency.VALID
    )
    assert phones.numbers_in_text(text) == [m.raw_string for m in matcher]
