"""The fit check in-process: a menu tile's text is named by its lesson's file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.content.loader import load_pack
from kiosk.render.fitcheck import fit_problems
from tests import FIXTURES_DIR

FIXTURE = FIXTURES_DIR / "minimal_pack"
WIDE = "WWWWWWWWWWWWWWW WWWWWWWWWWWWWWWWWWW WWWWWWWWWWWWWWWWWWWWWWWW"  # 58 characters


def test_a_lesson_title_too_wide_for_its_menu_tile(qapp, tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE, folder)
    path = folder / "lessons" / "basics.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('en: "Basics"', f'en: "{WIDE}"'), encoding="utf-8"
    )
    problems = fit_problems(load_pack(folder), sizes=[(1080, 1920)], accessible_sizes=[])
    assert [str(p) for p in problems] == [
        "lessons/basics.yaml:2: [0].title.en: text does not fit at 1080x1920 (screen menu, en); "
        "shorten it"
    ]


def test_the_minimal_pack_fits(qapp) -> None:
    assert fit_problems(load_pack(FIXTURE), sizes=[(1920, 1080)]) == []


def test_a_display_is_measured_in_every_language(qapp, tmp_path: Path) -> None:
    """A Spanish display that is too wide is named by its own language's field."""
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE, folder)
    path = folder / "pack.yaml"
    wide = "WWWWW WWW 1-800-THE-LOST"  # 24 characters: within the validator's limit
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'display: "1-800-THE-LOST"', f'display: {{en: "1-800-THE-LOST", es: "{wide}"}}'
        ),
        encoding="utf-8",
    )
    problems = [
        str(p) for p in fit_problems(load_pack(folder), sizes=[(1080, 1920)], accessible_sizes=[])
    ]
    assert problems == [
        "pack.yaml:11: hotlines[0].display.es: does not fit on one line of the hotlines at "
        "1080x1920 (screen first, es); shorten it"
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
            '  - {kind: call, label: {en: "Danger to life, right now", es: "Peligro"},'
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


def test_accessibility_mode_is_measured_too(qapp, tmp_path: Path) -> None:
    """Large text on the card screens, named by the pack field, with the mode in the message."""
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE, folder)
    path = folder / "lessons" / "basics.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('en: "Basics"', f'en: "{WIDE}"'), encoding="utf-8"
    )
    problems = fit_problems(load_pack(folder), sizes=[], accessible_sizes=[(1080, 1920)])
    # The card's header in large text: a 24-letter word is wider than its line.
    assert [str(p) for p in problems] == [
        "lessons/basics.yaml:2: [0].title.en: text does not fit at 1080x1920 in accessibility "
        "mode (screen basics/card-1, en); shorten it"
    ]
