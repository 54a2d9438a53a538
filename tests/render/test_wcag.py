"""WCAG 2.2 AA on every screen `kiosk snapshot` renders: in accessibility mode, in every language
of the pack and right to left. Contrast is measured on the rendered pixels (kiosk/render/wcag.py);
the Theme's colour pairs are checked in tests/ui/qml/test_theme.py. Touch targets are measured
from the QML items' geometry.

`tests/render/test_snapshot.py` renders the normal mode at three sizes and in every language;
`kiosk snapshot` exits 1 on any overflow, low contrast or small target, so its exit code is the
check there too. The renders are shared (tests/render/conftest.py).
"""

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.render import wcag
from kiosk.render.snapshot import overflowing_texts, settle
from tests import FIXTURES_DIR
from tests.helpers import make_scene
from tests.render.conftest import Snapshots

pytestmark = pytest.mark.slow  # renders or a child process: scheduled first

RTL_PACK = FIXTURES_DIR / "rtl_pack"
TOUCH_KINDS = {"lesson-menu", "lesson-card", "lesson-question", "lesson-end", "idle-countdown"}


def painted(fg: str, bg: str) -> QImage:
    image = QImage(400, 120, QImage.Format.Format_RGB32)
    image.fill(QColor(bg))
    painter = QPainter(image)
    painter.setPen(QColor(fg))
    font = QFont()
    font.setPixelSize(48)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(image.rect(), int(Qt.AlignmentFlag.AlignCenter), "Report 911")
    painter.end()
    return image


def test_measured_contrast_reads_glyphs_against_their_background(qapp) -> None:
    box = QRectF(0, 0, 400, 120)
    strong = wcag.measured_contrast(painted("#FFFFFF", "#0E2235"), box)
    assert strong == pytest.approx(wcag.contrast(0xFFFFFF, 0x0E2235), rel=0.02)
    weak = wcag.measured_contrast(painted("#8A8A8A", "#777777"), box)
    assert weak is not None
    assert weak < 1.5
    assert wcag.measured_contrast(painted("#777777", "#777777"), box) is None  # nothing drawn


def test_a_text_that_lacks_contrast_on_screen_is_named(scene) -> None:
    scene.click_at(600, 500)
    heading = scene.item("menuHeading")
    heading.setProperty("color", QColor("#34506B"))  # dim blue on the dark field
    image = scene.window.grabWindow()
    problems = wcag.contrast_problems(image, wcag.top_layer(scene.window.contentItem()), 1.0)
    assert [p.name for p in problems] == ["menuHeading"]
    assert problems[0].needed == wcag.LARGE  # 64 px: a headline


def test_a_small_touch_target_is_named(scene) -> None:
    scene.click_at(600, 500)
    layer = wcag.top_layer(scene.window.contentItem())
    assert wcag.small_targets(layer, 1.0) == []
    scene.item("accessButton").setHeight(60)
    assert [t.split()[0] for t in wcag.small_targets(layer, 1.0)] == ["accessButton"]


def test_accessible_snapshots_meet_wcag_in_both_orientations(
    snapshots: Snapshots, default_pack: Pack
) -> None:
    first, *others = default_pack.languages
    runs = [("1920x1080", first), ("1080x1920", first)]
    runs += [("1080x1920", language) for language in others]
    for size, language in runs:
        shot = snapshots(size, language=language, accessible=True)
        assert shot.failures() == [], (size, language)
        assert shot.code == 0, (size, language)
        assert shot.index["accessible"] is True
        assert shot.index["language"] == language
        assert {s["kind"] for s in shot.screens} >= TOUCH_KINDS


def test_a_right_to_left_pack_mirrors_and_meets_wcag(qtbot, snapshots: Snapshots) -> None:
    shot = snapshots("1920x1080", accessible=True, pack=RTL_PACK)
    assert shot.failures() == []
    assert shot.code == 0
    assert shot.index["language"] == "ar"
    scene = make_scene(qtbot, load_pack(RTL_PACK))
    try:
        assert scene.scene.access.property("rightToLeft")
        scene.click_at(600, 500)
        scene.click("lessonTile0")
        assert scene.screen() == "card"

        def left(name: str) -> float:
            item = scene.item(name)
            return item.mapToScene(QPointF(0, 0)).x()

        # Exit sits at the right edge, Next at the left; the picture left of the words.
        assert left("quickExitButton") > 1920 / 2
        assert left("nextButton") < left("backButton") < 1920 / 2
        assert left("cardImage") < left("cardHeadline")
        assert scene.item("cardHeadline").property("text") == "البطاقة الأولى"
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings


def test_a_left_to_right_pack_is_not_mirrored(scene) -> None:
    assert not scene.scene.access.property("rightToLeft")
    scene.click_at(600, 500)
    exit_x = scene.item("quickExitButton").mapToScene(QPointF(0, 0)).x()
    assert exit_x < 1920 / 2


MANY_LESSONS = FIXTURES_DIR / "many_lessons_pack"


# Issue 24 point 4: the large-text menu scrolled behind a thin bar whose edge cut tiles; it now
# pages whole rows of tiles, with the page cue, Next for the rest and Back for the page before.
@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (1080, 1920)])
def test_a_full_menu_in_large_text_pages_with_every_tile_whole(
    qapp, qtbot, size: tuple[int, int]
) -> None:
    scene = make_scene(qtbot, load_pack(MANY_LESSONS), size)
    try:
        scene.click_at(600, 500)
        scene.click("accessButton")
        settle(scene.window)
        scale = min(size) / 1080
        parts = scene.session.state.parts
        assert parts > 1  # more large tiles than one screen holds: pages, not a scroll area
        shown_on: dict[int, int] = {}
        for part in range(parts):
            assert scene.session.state.part == part
            assert scene.item("menuPageCue").isVisible()
            assert scene.item("nextButton").isVisible() == (part < parts - 1)
            layer = wcag.top_layer(scene.window.contentItem())
            assert wcag.small_targets(layer, scale) == []
            screen = (float(size[0]), float(size[1]))
            assert overflowing_texts(scene.window.contentItem(), screen) == []
            # Every tile on show lies wholly inside the menu, above the hotline block.
            menu = scene.item("lessonMenu")
            bottom = menu.mapToScene(QPointF(0, menu.height())).y()
            cue_top = scene.item("menuPageCue").mapToScene(QPointF(0, 0)).y()
            hotlines_top = scene.item("lessonHotlines").mapToScene(QPointF(0, 0)).y()
            for i in range(len(scene.session.lessons)):
                tile = scene.item(f"lessonTile{i}")
                if not tile.isVisible():
                    continue
                shown_on[i] = part
                top_left = tile.mapToScene(QPointF(0, 0))
                low = top_left.y() + tile.height()
                assert top_left.y() >= 0
                assert top_left.x() >= 0
                assert top_left.x() + tile.width() <= size[0]
                assert low <= min(bottom, cue_top, hotlines_top) + 0.5, (i, part, low)
            if part < parts - 1:
                scene.click("nextButton")
                settle(scene.window)
        assert sorted(shown_on) == list(range(len(scene.session.lessons)))  # each on a page
        assert scene.item("backButton").property("text") == "Back"  # a page back, not the start
        scene.click("backButton")
        assert scene.screen() == "menu"
        assert scene.session.state.part == parts - 2
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings


# The default pack's three lessons in large text: side by side, the Spanish titles made one row
# taller than the screen, which no page turn can split, and the hotline block covered the tiles'
# minutes (seen in `kiosk snapshot --accessible --language es`). Every tile lies above the block.
@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (1080, 1920)])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_default_menu_in_large_text_keeps_every_tile_above_the_hotlines(
    qapp, qtbot, default_pack: Pack, size: tuple[int, int], language: str
) -> None:
    scene = make_scene(qtbot, default_pack, size)
    try:
        scene.click_at(600, 500)
        if language != "en":
            scene.click(f"languageButton_{language}")
        scene.click("accessButton")
        settle(scene.window)
        shown: set[int] = set()
        for part in range(scene.session.state.parts):
            hotlines_top = scene.item("lessonHotlines").mapToScene(QPointF(0, 0)).y()
            for i in range(len(scene.session.lessons)):
                tile = scene.item(f"lessonTile{i}")
                if tile.isVisible():
                    shown.add(i)
                    low = tile.mapToScene(QPointF(0, tile.height())).y()
                    assert low <= hotlines_top + 0.5, (language, size, part, i, low)
            if part < scene.session.state.parts - 1:
                scene.click("nextButton")
                settle(scene.window)
        assert shown == set(range(len(scene.session.lessons)))
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings
