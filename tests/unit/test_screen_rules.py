"""Pack rules for the screen (issue 15): at most 8 lessons, link addresses that lead where the
QR does, hotlines grouped by organisation, and the pack's publisher."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.content import schema
from kiosk.content.loader import load_pack
from kiosk.content.problems import PackError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def problems(folder: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    return [str(p) for p in caught.value.problems]


def copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return target


def test_a_pack_of_eight_lessons_loads_and_a_ninth_is_refused_where_it_is(tmp_path: Path) -> None:
    folder = copy("many_lessons_pack", tmp_path)
    assert len(load_pack(folder).lessons) == schema.MAX_LESSONS
    lessons = folder / "lessons" / "lessons.yaml"
    text = lessons.read_text()
    first = text[: text.index("- id:", 1)]
    lessons.write_text(text + first.replace("- id: watch", "- id: ninth"))
    ninth_line = lessons.read_text().splitlines().index("- id: ninth") + 1
    assert problems(folder) == [
        f"lessons/lessons.yaml:{ninth_line}: [8]: a pack holds at most 8 lessons (the menu's "
        "room); this is lesson 9 of 9"
    ]
