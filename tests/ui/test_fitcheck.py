"""The fit check in-process: a menu tile's text is named by its lesson's file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.content.loader import load_pack
from kiosk.ui.fitcheck import fit_problems

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minimal_pack"
WIDE = "WWWWWWWWWWWWWWW WWWWWWWWWWWWWWWWWWW WWWWWWWWWWWWWWWWWWWWWWWW"  # 58 characters


def test_a_lesson_title_too_wide_for_its_menu_tile(qapp, tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE, folder)
    path = folder / "lessons" / "basics.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('en: "Basics"', f'en: "{WIDE}"'), encoding="utf-8"
    )
    problems = fit_problems(load_pack(folder), sizes=[(1080, 1920)])
    assert [str(p) for p in problems] == [
        "lessons/basics.yaml:2: [0].title.en: text does not fit at 1080x1920 (screen menu, en); "
        "shorten it"
    ]


def test_the_minimal_pack_fits(qapp) -> None:
    assert fit_problems(load_pack(FIXTURE), sizes=[(1920, 1080)]) == []
