"""kiosk.content.validate and schema: plain text, no line breaks in names, display lengths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.common.problems import PackError
from kiosk.content import phones, schema
from kiosk.content.loader import load_pack


def problems(folder: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("id: test-pack", 'id: "test-pack\\n"', "pack.yaml:2: id:"),
        ("version: 1.0.0", 'version: "1.0.0\\n"', "pack.yaml:3: version:"),
        ("  - id: first", '  - id: "first\\n"', "pack.yaml:22: slides[0].id:"),
        ('number: "1-800-843-5678"', 'number: "911\\n"', "pack.yaml:10: hotlines[0].number:"),
        ("image: images/dot.svg", 'image: "images/dot.svg\\n"', "pack.yaml:27: slides[0].image:"),
    ],
)
def test_a_trailing_line_break_is_refused(packs, old: str, new: str, where: str) -> None:
    """Python's ``$`` matches before a final newline; ids and versions become folder names."""
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", old, new)
    found = problems(folder)
    assert any(p.startswith(where) and "may not contain a line break" in p for p in found), found


def test_a_link_name_with_a_line_break_is_refused(packs) -> None:
    folder = packs.folder()
    extra = (
        '  "more\\n": {url: "https://missingkids.org", display: missingkids.org,'
        " label: {en: a, es: b}}\n"
    )
    packs.replace(folder, "pack.yaml", "  training:", extra + "  training:")
    assert problems(folder) == ["pack.yaml:16: links: 'more\\n' may not contain a line break"]


def test_the_printed_schema_stays_editor_friendly() -> None:
    """Editors use ECMA-262 regexes, which have no ``\\Z``; the guard is a separate ``not``."""
    text = json.dumps(schema.pack_schema())
    assert "\\\\Z" not in text
    assert "\\\\z" not in text
    assert schema.pack_schema()["properties"]["id"]["not"] == {"pattern": r"\n"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('title: {en: "Test pack"', 'title: {en: "Test <b>pack</b>"'),
        ('label: {en: "Call"', 'label: {en: "<i>Call</i>"'),
        ('body: {en: "A short body."', 'body: {en: "A short </p> body."'),
        ('display: "1-800-THE-LOST"', 'display: "<u>1-800</u>"'),
        ('display: "connect.missingkids.org"', 'display: "<!-- x -->"'),
    ],
)
def test_text_with_markup_is_refused(packs, old: str, new: str) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", old, new)
    found = [p for p in problems(folder) if "markup" in p]
    assert len(found) == 1, found
    assert found[0].endswith("; write plain text")
    assert "text may not contain markup such as <" in found[0]


def test_markup_is_refused_in_lesson_files_too(packs) -> None:
    folder = packs.folder()
    text = (folder / "lessons" / "basics.yaml").read_text(encoding="utf-8")
    head, _, rest = text.partition('en: "')
    (folder / "lessons" / "basics.yaml").write_text(f'{head}en: "<a href=x>{rest}', "utf-8")
    assert any(
        p.startswith("lessons/basics.yaml:") and "markup such as <a href=x>" in p
        for p in problems(folder)
    )


def test_plain_text_with_angle_brackets_is_fine(packs) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", 'body: {en: "A short body."', 'body: {en: "1 < 2, <3 > 2"')
    assert load_pack(folder).slides[0].body.texts["en"] == "1 < 2, <3 > 2"


@pytest.mark.parametrize(
    ("old", "fits", "limit"),
    [
        # A hotline display must still dial its number, so it is filled with words, not x.
        ('display: "1-800-THE-LOST"', "Call now: 1-800-THE-LOST", schema.HOTLINE_DISPLAY_MAX),
    ],
)
def test_display_lengths(packs, old: str, fits: str, limit: int) -> None:
    assert len(fits) == limit
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", old, f'display: "{fits}"')
    load_pack(folder)
    packs.replace(folder, "pack.yaml", f'display: "{fits}"', f'display: "{fits}x"')
    assert any(f"at most {limit} fit on screen" in p for p in problems(folder))


def test_a_link_with_a_line_break_is_refused(packs) -> None:
    """urlsplit() drops line breaks, so the host check alone would pass this."""
    folder = packs.folder()
    packs.replace(
        folder,
        "pack.yaml",
        '"https://connect.missingkids.org"',
        '"https://connect.missingkids.org\\n"',
    )
    assert any("may not contain spaces or line breaks" in p for p in problems(folder))


# -- text that cannot lie (issue 13, case 8) --------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where", "words"),
    [
        # Shown right to left, "8765-348-008-1" reads as 1-800-843-5678 backwards: another number.
        (
            'display: "1-800-THE-LOST"',
            'display: "\\u202E8765-348-008-1"',
            "pack.yaml:11: hotlines[0].display:",
            "bidi control U+202E (right-to-left override) at character 1",
        ),
        (
            'display: "connect.missingkids.org"',
            'display: "connect.missing\\u200Bkids.org"',
            "pack.yaml:19: links.training.display:",
            "invisible character U+200B (zero width space) at character 16",
        ),
        (
            'title: {en: "Test pack"',
            # 59 characters: within the title's 60, so no overflow was reported
            'title: {en: "T' + "\\u0301" * 58 + '"',
            "pack.yaml:5: title.en:",
            "more than 2 combining marks on one letter",
        ),
        (
            'label: {en: "Call"',
            'label: {en: "Ca\\u2066ll"',
            "pack.yaml:9: hotlines[0].label.en:",
            "bidi control U+2066 (left-to-right isolate)",
        ),
        (
            'label: {en: "Call"',
            'label: {en: "Call\\u200F"',
            "pack.yaml:9: hotlines[0].label.en:",
            "U+200F (right-to-left mark)",
        ),
        (
            'label: {en: "Call"',
            'label: {en: "\\uFEFFCall"',
            "pack.yaml:9: hotlines[0].label.en:",
            "U+FEFF (zero width no-break space)",
        ),
        (
            "  training:",
            '  "train\\u200Cing": {url: "https://missingkids.org", display: x, '
            "label: {en: a, es: b}}\n  training:",
            "pack.yaml:17: links:",
            "U+200C (zero width non-joiner)",
        ),
    ],
)
def test_text_that_could_lie_is_refused(packs, old: str, new: str, where: str, words: str) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", old, new)
    found = [p for p in problems(folder) if p.startswith(where) and words in p]
    # Exactly one says so; later stages may add their own word (a display that dials nothing).
    assert len(found) == 1, problems(folder)


def test_hidden_text_is_refused_in_lesson_files_and_ids(packs) -> None:
    folder = packs.folder()
    packs.replace(
        folder, "lessons/basics.yaml", 'body: {en: "Card body."', 'body: {en: "Ca\\u202Ed"'
    )
    found = problems(folder)
    assert any(
        p.startswith("lessons/basics.yaml:8: [0].cards[0].body.en:") and "U+202E" in p
        for p in found
    ), found


def test_two_marks_on_a_letter_and_ordinary_accents_are_fine(packs) -> None:
    """Decomposed Vietnamese puts two marks on one letter (e + dot below + circumflex)."""
    folder = packs.folder()
    packs.replace(
        folder, "pack.yaml", 'body: {en: "A short body."', 'body: {en: "Vie\u0323\u0302t"'
    )
    assert load_pack(folder).slides[0].body.texts["en"] == "Vie\u0323\u0302t"


# -- hotline numbers (issue 13, case 8) --------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "display", "where", "words"),
    [
        ("1-888-373-788", "1-888-373-788", "hotlines[0].number:", "not a valid phone number"),
        ("91", "91", "hotlines[0].number:", "not a full phone number nor a 3-digit short code"),
        ("1-800-843-5678", "1-800-843-5679", "hotlines[0].display:", "dials 18008435679"),
        ("1-800-843-5678", "1-888-373-7888", "hotlines[0].display:", "not the number"),
        ("1-866-347-2423", "1-866-347-2423", "hotlines[0].number:", "kiosk.yaml hotline_numbers"),
    ],
)
def test_hotline_numbers_that_would_mislead_are_refused(
    packs, number: str, display: str, where: str, words: str
) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", 'number: "1-800-843-5678"', f'number: "{number}"')
    packs.replace(folder, "pack.yaml", 'display: "1-800-THE-LOST"', f'display: "{display}"')
    found = problems(folder)
    assert len(found) == 1, found
    line = 10 if where.endswith("number:") else 11
    assert found[0].startswith(f"pack.yaml:{line}: {where}"), found
    assert words in found[0], found


def test_a_kiosk_may_allow_other_numbers(packs) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", 'number: "1-800-843-5678"', 'number: "1-866-347-2423"')
    packs.replace(folder, "pack.yaml", 'display: "1-800-THE-LOST"', 'display: "1-866-347-2423"')
    with pytest.raises(PackError, match="hotline_numbers"):
        load_pack(folder)
    hosts = ["connect.missingkids.org", "report.cybertip.org"]
    pack = load_pack(folder, hosts, ["(866) 347-2423"])
    assert pack.hotlines[0].number == "1-866-347-2423"
    with pytest.raises(PackError, match=r"pack\.yaml:10: hotlines\[0\]\.number: .*hotline_numbers"):
        load_pack(folder, hosts, ["911"])


def test_a_number_written_in_slide_text_must_be_on_the_list_too(packs) -> None:
    """The strip is not the only place a number reaches the screen."""
    folder = packs.folder()
    body = 'body: {en: "Tips: 1-866-347-2423.", es: "Avisos: (866) 347-2423."'
    packs.replace(folder, "pack.yaml", 'body: {en: "A short body.", es: "Un texto corto."', body)
    found = problems(folder)
    assert [p.split(": number")[0] for p in found] == [
        "pack.yaml:26: slides[0].body.en",
        "pack.yaml:26: slides[0].body.es",
    ], found
    assert all("hotline_numbers" in p for p in found)
    hosts = ["connect.missingkids.org", "report.cybertip.org"]
    load_pack(folder, hosts, [*phones.DEFAULT_HOTLINE_NUMBERS, "1-866-347-2423"])


def test_versions_years_and_ranges_in_text_are_not_numbers(packs) -> None:
    folder = packs.folder()
    body = 'body: {en: "Since 2019-2021, v2026.11.0; 15-20 min; 24/7.", es: "Un texto corto."'
    packs.replace(folder, "pack.yaml", 'body: {en: "A short body.", es: "Un texto corto."', body)
    load_pack(folder)


@pytest.mark.parametrize(
    "url", ["https://[connect.missingkids.org/", "https://connect.missingkids.org:port/"]
)
def test_a_link_that_is_not_an_address_is_a_problem_not_a_crash(url: str) -> None:
    from kiosk.content.validate import link_problem

    reason = link_problem(url, ["connect.missingkids.org"])
    assert reason is not None
    assert "is not a valid address" in reason
