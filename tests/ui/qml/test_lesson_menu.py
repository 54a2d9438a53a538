"""Any valid pack lays out: the menu holds 1 to 8 lessons above the navigation bar, and a lesson
written for another venue never shows (tests/fixtures/many_lessons_pack: 7 for any venue and one
for transit, the most a pack may hold; a hotel-only ninth is added in memory, past the
validator)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtTest import QTest

from kiosk import cli
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.render.snapshot import settle
from tests import FIXTURES_DIR
from tests.helpers import SceneDriver, make_scene
from tests.helpers import scene_rect as rect
from tests.packs import home_without_sticks

pytestmark = pytest.mark.slow  # renders or a child process: scheduled first

FIXTURE = FIXTURES_DIR / "many_lessons_pack"
SIZES = ((1920, 1080), (1080, 1920))
MENU_SIZES = (*SIZES, (1280, 720))
HOTEL_ONLY = "hotel-only"


@pytest.fixture(scope="module")
def many_lessons() -> Pack:
    """The fixture plus a hotel-only lesson (a valid pack of 8 for hotels, 8 for transit)."""
    pack = load_pack(FIXTURE)
    hotel = dataclasses.replace(pack.lessons[0], id=HOTEL_ONLY, venues=("hotel",))
    return dataclasses.replace(pack, lessons=(*pack.lessons, hotel))


def check_menu(scene: SceneDriver, count: int) -> None:
    """Every tile is whole, a touch target, apart from the others and above Exit."""
    scene.session.touch()
    assert scene.screen() == "menu"
    QTest.qWait(50)  # let the page lay out
    assert len(scene.session.property("lessons")) == count
    window = QRectF(0, 0, scene.window.width(), scene.window.height())
    target = 96 * min(window.width(), window.height()) / 1080  # Theme.touchTarget, scaled
    nav_top = min(rect(scene.item(n)).top() for n in ("quickExitButton", "backButton"))
    tiles = [rect(scene.item(f"lessonTile{i}")) for i in range(count)]
    for i, tile in enumerate(tiles):
        assert scene.item(f"lessonTile{i}").isVisible()
        assert window.contains(tile), (i, tile)
        assert tile.height() >= target, (i, tile)
        assert tile.width() >= target, (i, tile)
        assert tile.bottom() <= nav_top - 16, (i, tile, nav_top)  # never under Exit or Back
        for j, other in enumerate(tiles[:i]):
            gap = tile.adjusted(-16, -16, 16, 16)
            assert not gap.intersects(other), (i, j)  # ≥ 16 px apart
        title = scene.item(f"lessonTitle{i}")
        assert not title.property("truncated"), (i, title.property("text"))
        assert title.property("contentHeight") <= title.height() + 1, i
    assert find_missing(scene, f"lessonTile{count}")


def find_missing(scene: SceneDriver, name: str) -> bool:
    try:
        scene.item(name)
    except AssertionError:
        return True
    return False


def test_a_transit_kiosk_never_offers_the_hotel_only_lesson(qapp, qtbot, many_lessons) -> None:
    scene = make_scene(qtbot, many_lessons)  # at the transit venue
    try:
        ids = [lesson.id for lesson in scene.session.session.lessons]
        assert HOTEL_ONLY not in ids
        assert len(ids) == 8
        check_menu(scene, 8)
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings


@pytest.mark.parametrize("size", MENU_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_menu_holds_one_to_eight_lessons(qapp, qtbot, many_lessons, size) -> None:
    offered = [lesson for lesson in many_lessons.lessons if lesson.id != HOTEL_ONLY]
    for count in range(1, 9):
        pack = dataclasses.replace(many_lessons, lessons=tuple(offered[:count]))
        scene = make_scene(qtbot, pack, size)
        try:
            check_menu(scene, count)
        finally:
            scene.close()
        assert not scene.warnings, (count, scene.warnings)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_of_eight_lessons_fits(qapp, tmp_path: Path, size) -> None:
    width, height = size
    out = tmp_path / "shots"
    code = cli.main(
        [
            "--home",
            str(home_without_sticks(tmp_path / "home")),
            "snapshot",
            "--pack",
            str(FIXTURE),
            "--venue",
            "transit",
            "--size",
            f"{width}x{height}",
            "--out",
            str(out),
        ]
    )
    index = json.loads((out / "index.json").read_text())
    overflow = {s["id"]: s["overflow"] for s in index["screens"] if s["overflow"]}
    assert code == 0, overflow
    assert overflow == {}
    lessons = {s["lesson"] for s in index["screens"] if "lesson" in s}
    assert len(lessons) == 8
    assert HOTEL_ONLY not in lessons
    assert any(s["kind"] == "lesson-menu" for s in index["screens"])


def test_keyboard_focus_shows_the_large_text_menu_page_of_its_tile(qapp, qtbot) -> None:
    """Arrows move through every lesson; the paged large-text menu shows the focused tile."""
    scene = make_scene(qtbot, load_pack(FIXTURE), (1280, 720))
    try:
        scene.click_at(600, 500)
        scene.click("accessButton")
        settle(scene.window)
        assert scene.session.state.parts > 1
        last = len(scene.session.lessons) - 1
        for _ in range(last):
            scene.key(Qt.Key.Key_Down)
            settle(scene.window)
        assert scene.session.state.part == scene.session.state.parts - 1
        assert scene.item(f"lessonTile{last}").isVisible()
        assert not scene.item("lessonTile0").isVisible()
        scene.key(Qt.Key.Key_Return)
        assert scene.screen() == "card"  # the focused tile opens, as on one page
        assert scene.session.state.lesson == last
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings
