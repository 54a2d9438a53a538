"""A hotline's ``display`` per language: a plain string for all, or a map held to every rule."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from kiosk.common.problems import PackError
from kiosk.content import schema
from kiosk.content.loader import load_pack
from tests.packs import Packs

PLAIN = 'display: "1-800-THE-LOST"'
LINE = 11  # the display's line in the fixture's pack.yaml


def problems(folder: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    return [str(p) for p in caught.value.problems]


def with_display(packs: Packs, display: str, *, fallback: bool = False) -> Path:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", PLAIN, f"display: {display}")
    if fallback:
        packs.replace(folder, "pack.yaml", "review:", "fallback: true\nreview:")
    return folder


def test_a_plain_display_is_the_same_text_in_every_language(packs: Packs) -> None:
    pack = load_pack(packs.folder())
    display = pack.hotlines[0].display
    assert [display.get(lang) for lang in pack.languages] == ["1-800-THE-LOST"] * 2
    assert all(display.has(lang) for lang in pack.languages)


def test_a_display_map_gives_each_language_its_words(packs: Packs) -> None:
    folder = with_display(packs, '{en: "Call 1-800-THE-LOST", es: "Llame al 1-800-THE-LOST"}')
    display = load_pack(folder).hotlines[0].display
    assert display.get("en") == "Call 1-800-THE-LOST"
    assert display.get("es") == "Llame al 1-800-THE-LOST"


def test_a_display_missing_a_language_is_a_problem(packs: Packs) -> None:
    folder = with_display(packs, '{en: "Call 1-800-THE-LOST"}')
    assert problems(folder) == [f"pack.yaml:{LINE}: hotlines[0].display: no 'es' text"]


def test_with_fallback_a_display_may_lack_a_language_but_the_first(packs: Packs) -> None:
    pack = load_pack(with_display(packs, '{en: "Call 1-800-THE-LOST"}', fallback=True))
    display = pack.hotlines[0].display
    assert not display.has("es")
    assert display.get("es", pack.languages[0]) == "Call 1-800-THE-LOST"
    folder = with_display(packs, '{es: "Llame al 1-800-THE-LOST"}', fallback=True)
    assert problems(folder) == [f"pack.yaml:{LINE + 1}: hotlines[0].display: no 'en' text"]


def test_a_display_in_a_language_the_pack_lacks_is_a_problem(packs: Packs) -> None:
    three = '{en: "1-800-THE-LOST", es: "1-800-THE-LOST", fr: "1-800-THE-LOST"}'
    folder = with_display(packs, three)
    assert problems(folder) == [
        f"pack.yaml:{LINE}: hotlines[0].display.fr: language 'fr' is not in the pack's "
        "languages (en, es)"
    ]


def test_every_language_of_a_display_must_dial_the_hotline_number(packs: Packs) -> None:
    # One wrong digit in the Spanish display alone: a Spanish reader would call a stranger.
    folder = with_display(packs, '{en: "Call 1-800-THE-LOST", es: "Llame al 1-800-843-5679"}')
    assert problems(folder) == [
        f"pack.yaml:{LINE}: hotlines[0].display.es: display 'Llame al 1-800-843-5679' dials "
        "18008435679, not the number 1-800-843-5678"
    ]


def test_every_language_of_a_web_display_must_be_the_address(packs: Packs) -> None:
    folder = packs.folder()
    packs.replace(
        folder,
        "pack.yaml",
        'display: "report.cybertip.org"',
        'display: {en: "report.cybertip.org", es: "reporte.cybertip.org"}',
    )
    found = problems(folder)
    assert len(found) == 1, found
    assert found[0].startswith("pack.yaml:15: hotlines[1].display.es: display 'reporte.")


def test_display_text_is_checked_like_any_text(packs: Packs) -> None:
    folder = with_display(packs, '{en: "1-800-THE-LOST", es: "<b>1-800-THE-LOST</b>"}')
    found = problems(folder)
    where = f"pack.yaml:{LINE}: hotlines[0].display.es: text may not"
    assert any(p.startswith(where) for p in found), found
    too_long = "Llame gratis ahora al 1-800-THE-LOST"
    folder = with_display(packs, f'{{en: "1-800-THE-LOST", es: "{too_long}"}}')
    assert problems(folder) == [
        f"pack.yaml:{LINE}: hotlines[0].display.es: text is {len(too_long)} characters; at most "
        f"{schema.HOTLINE_DISPLAY_MAX} fit on screen here"
    ]


def test_the_schema_takes_a_string_or_a_language_map_and_nothing_else() -> None:
    display = schema.PACK["properties"]["hotlines"]["items"]["properties"]["display"]
    check = jsonschema.Draft202012Validator(display)
    assert check.is_valid("911")
    assert check.is_valid({"en": "Text HELP to 233733", "es": "Envíe HELP al 233733"})
    for wrong in (911, [], {}, {"xx": "911"}, {"en": ""}, ""):
        assert not check.is_valid(wrong), wrong
