"""Words from outside: cleaned for the staff panel, quoted for the log."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.content.words import (
    ELLIPSIS,
    HEX_MASK,
    NAME_LIMIT,
    clean_key_name,
    clean_name,
    escape_invisible,
    has_hex_lookalike,
    log_quote,
    mask_hex_lookalikes,
)
from kiosk.ops.logfile import escape_line


def test_a_name_with_newlines_is_one_line() -> None:
    name = "pack.kpack\n\nNUMBERS BELOW ARE OUT OF SERVICE\r\ncall 555-0100"
    assert clean_name(name, limit=200) == (
        "pack.kpack NUMBERS BELOW ARE OUT OF SERVICE call 555-0100"
    )


def test_bidi_and_zero_width_characters_are_dropped() -> None:
    # U+202E turns "kcap" around on screen; U+200B hides a break inside a word.
    assert clean_name("evil\u202ekcap.exe\u200b") == "evilkcap.exe"


def test_a_long_name_keeps_its_start_and_its_end() -> None:
    name = "a" * 100 + ".kpack"
    cleaned = clean_name(name)
    assert len(cleaned) == NAME_LIMIT
    assert cleaned.startswith("aaa")
    assert cleaned.endswith(".kpack")
    assert ELLIPSIS in cleaned


def test_combining_marks_are_capped_but_accents_stay() -> None:
    assert clean_name("Espan\u0303ol") == "Español"
    # NFC makes "a" + the first mark one letter (á); two more marks stay, the rest go.
    assert clean_name("a" + "\u0301" * 30) == "\u00e1\u0301\u0301"


def test_an_empty_or_invisible_name_still_shows_something() -> None:
    assert clean_name("\u200b\n\t ") == "?"


def test_log_quote_keeps_a_forged_line_on_its_own_line() -> None:
    quoted = log_quote('x.kpack\n2026-12-06 10:00:00 INFO installed "fake" is live')
    assert "\n" not in quoted
    assert quoted.startswith('"x.kpack\\n2026')
    assert '\\"fake\\"' in quoted


def test_log_quote_escapes_invisible_characters_and_keeps_letters() -> None:
    assert log_quote("Envíe\u202e\x00") == '"Envíe\\u202e\\x00"'


def test_the_log_formatter_escapes_by_the_same_rule_as_log_quote() -> None:
    """escape_line once left NBSP, private-use and unassigned characters as they were, and
    wrote U+E0001 as ``\\ue0001`` (U+E000 and a "1")."""
    for char, escaped in [
        ("\u00a0", "\\xa0"),  # NBSP: a space that is not one
        ("\ue000", "\\ue000"),  # private use
        ("\U000e0001", "\\U000e0001"),  # language tag: a fixed-width escape, not \ue0001
        ("\U0010fffe", "\\U0010fffe"),  # unassigned
        ("\u2028", "\\u2028"),  # line separator
    ]:
        assert escape_line(f"a{char}b") == f"a{escaped}b"
        assert log_quote(f"a{char}b") == f'"a{escaped}b"'


def test_escape_invisible_escapes_exactly_what_never_belongs_in_a_line() -> None:
    """Every code point: escaped iff it is a control, format, surrogate, private-use or
    unassigned character, or a separator other than the plain space; letters of any language
    pass."""
    escaped = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}
    # The whole BMP, the tags, private use and the last code points (the rest cost CI seconds).
    planes = [range(0x10000), range(0x1F000, 0x1F700), range(0xE0000, 0xE0080)]
    planes += [range(0xF0000, 0xF0010), range(0x10FFF0, 0x110000)]
    for char in (chr(code) for plane in planes for code in plane):
        hidden = unicodedata.category(char) in escaped and char != " "
        assert (escape_invisible(char) != char) is hidden, hex(ord(char))


def test_log_quote_is_bounded() -> None:
    assert len(log_quote("x" * 10_000)) < 200


def test_limit_must_leave_room() -> None:
    with pytest.raises(ValueError, match="limit"):
        clean_name("abc", limit=2)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(min_value=3, max_value=80))
def test_any_text_cleans_to_one_bounded_printable_line(text: str, limit: int) -> None:
    cleaned = clean_name(text, limit=limit)
    assert 1 <= len(cleaned) <= limit
    assert cleaned.isprintable()
    quoted = log_quote(text)
    assert quoted.isprintable()


# The reviewer's look-alikes of the fingerprint start 3f1a 9c2e 8b7c 4d6a (written as escapes so
# that the source shows which letters are not Latin).
CYRILLIC = "3f1\u04309c2\u04358b7\u04414d6\u0430"  # Cyrillic a, ie, es
FULL_WIDTH = "".join(chr(0xFF10 + ord(c) - 0x30) if c.isdigit() else chr(0xFF41 + ord(c) - 0x61)
                     for c in "3f1a9c2e8b7c4d6a")  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [
        "3f1a9c2e8b7c4d6a",
        CYRILLIC,
        FULL_WIDTH,
        "3f1a-9c2e-8b7c-4d6a-11aa",
        "3f1a 9c2e:8b7c.4d6a_11aa",
        "3f1a\u00b79c2e",  # a middle dot between the groups
        "3f1a9c2\U0001f130",  # a squared A (a symbol, NFKC "A") ends it
        "\u0437\u0430\u04416\u0435\u043e\u0430\u0435",  # all Cyrillic, reads 3ac6eoae
    ],
)
def test_a_run_that_could_read_as_hex_is_found_in_any_script_or_width(name: str) -> None:
    assert has_hex_lookalike(name)
    assert mask_hex_lookalikes(name) == HEX_MASK
    assert clean_key_name(f"{name}.pub") == HEX_MASK + ".pub"


@pytest.mark.parametrize(
    "name", ["acme-2026", "add a bad face", "a%2b", "deadbeef cafe", "3f1a9c2", "publisher"]
)
def test_words_and_short_numbers_are_not_hex_runs(name: str) -> None:
    assert not has_hex_lookalike(name)
    assert mask_hex_lookalikes(name) == name


def test_masking_keeps_the_rest_of_the_name_and_is_stable() -> None:
    masked = clean_key_name(f"uk {CYRILLIC} kit")
    assert masked == f"uk {HEX_MASK} kit"
    assert clean_key_name(masked) == masked
