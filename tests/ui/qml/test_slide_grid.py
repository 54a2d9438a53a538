"""Slides on a fixed grid (issue 24): every slide of an orientation puts its pictogram, headline
and body in the same boxes at the same sizes, whatever its words, the strip's numbers or the QR;
headlines are balanced (no word alone on the last line); a headline that cannot be is refused by
``kiosk pack fit``, naming its field."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

from kiosk.content.loader import load_pack
from kiosk.content.model import Localized, Pack
from kiosk.render.fitcheck import fit_problems
from kiosk.ui.app import Scene, load_fonts
from tests import FIXTURES_DIR
from tests.helpers import ManualClock, SceneDriver, find_item, polish
from tests.helpers import scene_rect as rect

pytestmark = pytest.mark.slow  # renders or a child process: scheduled first

SIZES = ((1920, 1080), (1080, 1920), (1280, 720))
FIXTURE = FIXTURES_DIR / "minimal_pack"


def all_slides_scene(qtbot: QtBot, pack: Pack, size: tuple[int, int], language: str) -> SceneDriver:
    """The real scene with every slide of ``pack`` (no venue), still, at ``size``."""
    load_fonts()
    clock = ManualClock(1000.0)
    scene = Scene(pack, venue=None, language=language, animate=False, clock=clock)
    warnings: list[str] = []
    scene.engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
    scene.window.resize(*size)
    scene.window.show()
    qtbot.waitExposed(scene.window)
    driver = SceneDriver(scene, clock, warnings)
    qtbot.waitUntil(lambda: driver.item("attractLoop").width() == size[0])
    return driver


@pytest.fixture(
    params=[(s, lang) for s in SIZES for lang in ("en", "es")],
    ids=lambda p: f"{p[0][0]}x{p[0][1]}-{p[1]}",
)
def every_slide(request, qapp, qtbot, default_pack: Pack) -> Iterator[SceneDriver]:
    size, language = request.param
    scene = all_slides_scene(qtbot, default_pack, size, language)
    yield scene
    scene.close()
    assert not scene.warnings, scene.warnings


def front(scene: SceneDriver, name: str) -> QQuickItem:
    """``name`` in the slide layer on screen (the loop is still: layer A)."""
    found = find_item(scene.item("slideLayerA"), name)
    assert found is not None, name
    polish(found)
    return found


def px(item: QQuickItem) -> int:
    return int(item.property("font").pixelSize())


def words_of_slide(scene: SceneDriver, index: int) -> dict[str, object]:
    """Where slide ``index`` draws its words and picture, and at what sizes."""
    scene.attract.showSlide(index)
    headline, body, picture = (front(scene, n) for n in ("headline", "body", "slideImage"))
    return {
        "headline box": (rect(headline).y(), headline.height(), headline.property("maxWidth")),
        "headline px": px(headline),
        "body box": rect(body),
        "body px": px(body),
        "picture": rect(picture),
    }


def last_line(text: str, font: QFont, width: float) -> tuple[int, str]:
    """How many lines ``text`` takes at ``width`` in ``font`` (word wrap), and its last line."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return len(lines), lines[-1]


def test_every_slide_uses_the_same_boxes_and_sizes(every_slide: SceneDriver) -> None:
    scene = every_slide
    width, height = scene.window.width(), scene.window.height()
    scale = min(width, height) / 1080
    seen = [words_of_slide(scene, i) for i in range(len(scene.attract.playlist.slides))]
    assert len(seen) == 20
    for key in seen[0]:
        assert len({repr(s[key]) for s in seen}) == 1, (key, {repr(s[key]) for s in seen})
    first = seen[0]
    assert first["headline px"] >= round(80 * scale)  # the floors: headline 80 px, body 44 px
    assert first["body px"] >= round(44 * scale)
    # The boxes lie above the progress bar and the strip; in landscape the pictogram above the QR.
    body = first["body box"]
    assert isinstance(body, QRectF)
    assert body.bottom() <= rect(scene.item("progressTrack")).top()
    if width > height:
        picture = first["picture"]
        assert isinstance(picture, QRectF)
        for index in range(len(scene.attract.playlist.slides)):
            scene.attract.showSlide(index)
            assert picture.bottom() <= rect(front(scene, "qrBadge")).top(), index


def test_headlines_are_balanced_and_every_text_fits(every_slide: SceneDriver) -> None:
    scene = every_slide
    for index, slide in enumerate(scene.attract.playlist.slides):
        scene.attract.showSlide(index)
        headline, body = front(scene, "headline"), front(scene, "body")
        assert not headline.property("truncated"), slide.id
        assert not body.property("truncated"), slide.id
        shown = str(headline.property("text"))
        # What is drawn is the headline as written, at most its last two words tied.
        assert shown.split() == slide.headline.get(scene.attract.language).split()
        lines, last = last_line(shown, headline.property("font"), headline.width())
        assert lines == headline.property("lineCount"), slide.id
        # Nothing to balance in a headline of two words; otherwise never one alone at the end.
        if lines > 1 and len(shown.split()) > 2:
            assert len(last.split()) >= 2, (slide.id, last)
            assert not headline.property("lonelyWord"), slide.id


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=str)
def test_a_narrower_hotline_number_moves_no_word_of_any_slide(
    qapp, qtbot, default_pack: Pack, size: tuple[int, int]
) -> None:
    """The issue's case: the trafficking hotline's main number swapped for a narrower valid one."""
    hotlines = list(default_pack.hotlines)
    main = next(i for i, h in enumerate(hotlines) if h.number == "1-888-373-7888")
    hotlines[main] = dataclasses.replace(
        hotlines[main], number="911", display=Localized({"en": "911"})
    )
    narrower = dataclasses.replace(default_pack, hotlines=tuple(hotlines))
    seen = []
    for pack in (default_pack, narrower):
        scene = all_slides_scene(qtbot, pack, size, "en")
        try:
            slides = []
            for index in range(len(scene.attract.playlist.slides)):
                shown = words_of_slide(scene, index)
                headline = front(scene, "headline")
                shown["headline"] = (headline.property("text"), headline.width())
                shown["body lines"] = front(scene, "body").property("lineCount")
                slides.append(shown)
            seen.append(slides)
        finally:
            scene.close()
        assert not scene.warnings, scene.warnings
    assert seen[0] == seen[1]


def test_a_headline_that_leaves_a_word_alone_is_refused_by_its_field(qapp, tmp_path: Path) -> None:
    """Two long last words cannot share a line, so no balancing helps: the author rewords."""
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE, folder)
    path = folder / "pack.yaml"
    lonely = "Keep Documentation Responsibilities"
    path.write_text(
        path.read_text(encoding="utf-8").replace('en: "Notice the signs"', f'en: "{lonely}"'),
        encoding="utf-8",
    )
    problems = [str(p) for p in fit_problems(load_pack(folder), sizes=[(1920, 1080)])]
    assert problems == [
        "pack.yaml:25: slides[0].headline.en: one word is left alone on its last line at "
        "1920x1080 (screen first, en); reword it so its last two words fit a line"
    ]


def test_a_pack_title_too_long_for_its_line_is_refused_not_moving_the_slides(
    qapp, tmp_path: Path
) -> None:
    """The header band is one line of title: a longer one would push every slide down."""
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE, folder)
    path = folder / "pack.yaml"
    long_title = "WATCH FOR THE SIGNS OF CHILD SEX TRAFFICKING, THEN REPORT IT"
    path.write_text(
        path.read_text(encoding="utf-8").replace('en: "Test pack"', f'en: "{long_title}"'),
        encoding="utf-8",
    )
    problems = [str(p) for p in fit_problems(load_pack(folder), sizes=[(1080, 1920)])]
    assert problems == [
        "pack.yaml:5: title.en: text does not fit at 1080x1920 (screen first, en); shorten it"
    ]
