"""kiosk.content.phones: real numbers, displays that dial what they say, the kiosk's list."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.content import phones

# Only numbers from the content brief, plus damaged copies of them.


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("911", "call"),
        ("711", "call"),  # TTY relay
        ("1-800-843-5678", "call"),
        ("1-888-373-7888", "call"),
        ("1-866-347-2423", "call"),
        ("(888) 373-7888", "call"),
        ("+1 888 373 7888", "call"),
        ("233733", "text"),
        ("1-888-373-7888", "text"),  # a full number can take texts too
    ],
)
def test_real_numbers_pass(number: str, kind: str) -> None:
    assert phones.number_problem(number, kind) is None


@pytest.mark.parametrize(
    ("number", "kind", "words"),
    [
        ("1-888-373-788", "call", "not a valid phone number"),  # issue 13: one digit short
        ("91", "call", "3-digit short code"),  # issue 13: one digit short
        ("+1 888 373 788", "call", "not a valid phone number for its country"),
        ("233733", "call", "3-digit short code"),  # an SMS code cannot be called
        ("911", "text", "SMS short code"),  # nor can 911 take a text
        ("2337", "text", "SMS short code"),  # too short for an SMS code
        ("133733", "text", "SMS short code"),  # SMS codes never start with 1
        ("1-888-373-78888", "call", "not a valid phone number"),
    ],
)
def test_damaged_numbers_are_refused(number: str, kind: str, words: str) -> None:
    reason = phones.number_problem(number, kind)
    assert reason is not None
    assert words in reason
    assert repr(number) in reason


@pytest.mark.parametrize(
    ("display", "number"),
    [
        ("1-800-THE-LOST", "1-800-843-5678"),
        ("1-800-the-lost", "1-800-843-5678"),
        ("(800) THE-LOST", "1-800-843-5678"),  # the same number without the trunk 1
        ("Text 233733", "233733"),  # a label word before the number is not dialled
        ("Call now: 911", "911"),
        ("+1 888 373 7888", "1-888-373-7888"),
        # Words before the number in any language are not dialled: accented letters, written
        # precomposed or as a letter and a combining mark, quotes, apostrophes, abbreviations.
        ("Envíe HELP al 233733", "233733"),
        ("Envi\u0301e HELP al 233733", "233733"),
        ("Texte « HELP » au 233733", "233733"),
        ("Envíe “HELP” al 233733", "233733"),
        ("Textez l'aide au 233733", "233733"),
        ("Tél. : 911", "911"),
        ("Mande AJUDA: 233733", "233733"),
        ("发送 HELP 至 233733", "233733"),
        ("أرسل HELP إلى 233733", "233733"),
    ],
)
def test_displays_that_dial_their_number(display: str, number: str) -> None:
    assert phones.display_problem(display, number) is None


@pytest.mark.parametrize(
    ("display", "number", "words"),
    [
        ("1-800-THE-LOSS", "1-800-843-5678", "dials 18008435677"),
        ("1-888-373-7887", "1-888-373-7888", "dials 18883737887"),
        ("1-8OO-843-5678", "1-800-843-5678", "dials 18668435678"),  # letter O is not zero
        ("911 HELP", "911", "dials 9114357"),  # letters after the number are dialled too
        ("Text 233733", "1-888-373-7888", "dials 233733"),
        ("\u202e8765-348-008-1", "1-800-843-5678", "must show the number"),
        ("1-800-\u09ea43-5678", "1-800-843-5678", "must show the number"),  # Bengali 4 looks like 8
        ("Call", "911", "must show the number"),
        # Label words hold letters only: no digit of any script, no stray signs.
        ("Llame al \u09ea 911", "911", "must show the number"),
        ("Envíe HELP, al 233733", "233733", "must show the number"),
        ("« 911", "911", "must show the number"),
        ("Envíe HELP al 233734", "233733", "dials 233734"),
    ],
)
def test_displays_that_dial_something_else_are_refused(
    display: str, number: str, words: str
) -> None:
    reason = phones.display_problem(display, number)
    assert reason is not None
    assert words in reason, reason


def test_the_list_compares_numbers_not_spelling() -> None:
    allowed = phones.DEFAULT_HOTLINE_NUMBERS
    for same in ("911", "1-800-843-5678", "(800) 843-5678", "+1 800 843 5678", "18883737888"):
        assert phones.allowed_problem(same, allowed) is None, same
    reason = phones.allowed_problem("1-866-347-2423", allowed)
    assert reason is not None
    assert "hotline_numbers" in reason
    assert phones.allowed_problem("1-866-347-2423", [*allowed, "866.347.2423"]) is None
    # A damaged SMS code can still look like one; the list is what stops it.
    assert phones.number_problem("23373", "text") is None
    assert phones.allowed_problem("23373", allowed) is not None


@given(st.text(max_size=40), st.sampled_from(["call", "text", "web"]))
def test_any_text_gives_an_answer_not_an_exception(text: str, kind: str) -> None:
    phones.number_problem(text, kind)
    phones.display_problem(text, "911")
    phones.number_key(text)
