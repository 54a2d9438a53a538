"""The fit check in-process: a menu tile's text is named by its lesson's file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.content import schema
from kiosk.content.loader import load_pack
from kiosk.render.fitcheck import fit_problems
from tests import FIXTURES_DIR

FIXTURE = FIXTURES_DIR / "minimal_pack"
EIGHT = FIXTURES_DIR / "many_lessons_pack"
# A lesson title within the validator's 40 characters and 15-character words, far too wide.
WIDE = "WWWWWWWWWWWWWWW WWWWWWWWWWWWWWW WWWWWWWW"


def test_a_lesson_title_too_wide_for_its_menu_tile(qapp, tmp_path: Path) -> None:
    """Eight lessons in portrait: a tile's title has one line."""
    folder = tmp_path / "pack"
    shutil.copytree(EIGHT, folder)
    path = folder / "lessons" / "lessons.yaml"
    text = path.read_text(encoding="utf-8")
    title = text[text.index("  title: {en: ") : text.index("\n", text.index("  title: {en: "))]
    path.write_text(text.replace(title, f'  title: {{en: "{WIDE}", es: "Lo básico"}}'), "utf-8")
    problems = fit_problems(load_pack(folder), sizes=[(1080, 1920)], accessible_sizes=[])
    assert [str(p) for p in problems] == [
        "lessons/lessons.yaml:2: [0].title.en: text does not fit at 1080x1920 (screen menu, en); "
        "shorten it"
    ]


def test_the_minimal_pack_fits(qapp) -> None:
    assert fit_problems(load_pack(FIXTURE), sizes=[(1920, 1080)]) == []


def test_a_display_is_measured_in_every_language(qapp, tmp_path: Path) -> None:
    """A Spanish display that is too wide is named by its own language's field."""
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE, folder)
    path = folder / "pack.yaml"
    # A text line under its organisation's main number: words before the number (not dialled),
    # 22 characters, within the validator's 24.
    wide = "WWWWW WWWWWWWWW 233733"
    text = path.read_text(encoding="utf-8")
    web = text[text.index("  - kind: web") : text.index("links:")]
    path.write_text(
        text.replace(
            web,
            '  - {kind: call, organisation: nhth, label: {en: "Call", es: "Llame"},'
            ' number: "1-888-373-7888", display: "1-888-373-7888"}\n'
            '  - {kind: text, organisation: nhth, label: {en: "Text", es: "Texto"},'
            f' number: "233733", display: {{en: "Text HELP to 233733", es: "{wide}"}}}}\n',
        ).replace(
            # Three groups, so the hotline's column is the grid's wide one (690 px).
            "hotlines:",
            'organisations:\n  nhth: {name: {en: "Hotline", es: "Línea"}}\nhotlines:\n'
            '  - {kind: call, label: {en: "Danger", es: "Peligro"}, number: "911", display: "911"}',
        ),
        encoding="utf-8",
    )
    line = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index(next(x for x in path.read_text(encoding="utf-8").splitlines() if wide in x))
    )
    problems = [
        str(p) for p in fit_problems(load_pack(folder), sizes=[(1920, 1080)], accessible_sizes=[])
    ]
    assert problems == [
        f"pack.yaml:{line + 1}: hotlines[3].display.es: does not fit on one line of the "
        "hotlines at 1920x1080 (screen first, es); shorten it"
    ]


def test_a_strip_label_that_needs_two_lines_is_refused_by_its_field(qapp, tmp_path: Path) -> None:
    """911's label over its narrow column of the strip's grid: never wrapped, named instead."""
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE, folder)
    path = folder / "pack.yaml"
    text = path.read_text(encoding="utf-8")
    web = text[text.index("  - kind: web") : text.index("links:")]
    path.write_text(
        text.replace(
            web,
            '  - {kind: call, label: {en: "WWWWW WWWWW WWWWW", es: "Peligro"},'
            ' number: "911", display: "911"}\n',
        ),
        encoding="utf-8",
    )
    problems = [
        str(p) for p in fit_problems(load_pack(folder), sizes=[(1920, 1080)], accessible_sizes=[])
    ]
    assert problems == [
        "pack.yaml:12: hotlines[1].label.en: does not fit on one line of the hotlines at "
        "1920x1080 (screen first, en); shorten it"
    ]


def test_accessibility_mode_is_measured_too(qapp, tmp_path: Path, monkeypatch) -> None:
    """Large text on the card screens, named by the pack field, with the mode in the message.

    A valid title fits large text (its limits are what the screens hold); this one, past the
    title's limits let through here, has a 24-letter word wider than the large header's line.
    """
    monkeypatch.setitem(schema.LESSON["properties"], "title", schema.localized(60))
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE, folder)
    path = folder / "lessons" / "basics.yaml"
    wide = "WWWWWWWWWWWWWWW WWWWWWWWWWWWWWWWWWW WWWWWWWWWWWWWWWWWWWWWWWW"
    path.write_text(
        path.read_text(encoding="utf-8").replace('en: "Basics"', f'en: "{wide}"'), encoding="utf-8"
    )
    problems = fit_problems(load_pack(folder), sizes=[], accessible_sizes=[(1080, 1920)])
    assert [str(p) for p in problems] == [
        "lessons/basics.yaml:2: [0].title.en: text does not fit at 1080x1920 in accessibility "
        "mode (screen basics/card-1, en); shorten it"
    ]
