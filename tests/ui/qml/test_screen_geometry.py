"""The attract screen measured from the loaded QML (issue 15, "The screen"): text sizes, the 5 %
safe area, headline heights, the portrait pictogram, the QR address and the publisher, at
1920x1080, 1080x1920 and 1280x720 on every slide of the default pack; and (issue 24) the hotline
block's grid on every screen that shows it, and the QR block."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QFontMetricsF, QImage
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.common import paths
from kiosk.content.loader import load_pack
from kiosk.content.model import Localized, Pack, Publisher
from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS
from kiosk.content.validate import DEFAULT_LINK_HOSTS
from kiosk.ui.bridges import schedule as schedule_bridge
from kiosk.ui.bridges.attract import address_lines
from tests import FIXTURES_DIR
from tests.helpers import SceneDriver, find_item, make_scene, polish
from tests.helpers import scene_rect as rect

SIZES = ((1920, 1080), (1080, 1920), (1280, 720))
FIXTURES = FIXTURES_DIR


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def sized(request, qapp, qtbot, default_pack: Pack) -> Iterator[SceneDriver]:
    scene = make_scene(qtbot, default_pack, request.param)
    yield scene
    scene.close()
    assert not scene.warnings, scene.warnings


def shown(item: QQuickItem) -> bool:
    """Visible and not in the faded-out slide layer."""
    node: QQuickItem | None = item
    while node is not None:
        if not node.isVisible() or node.opacity() == 0:
            return False
        node = node.parentItem()
    return True


def texts(root: QQuickItem) -> Iterator[QQuickItem]:
    """Every shown text item under ``root`` that has something to say."""
    for child in root.childItems():
        if not shown(child):
            continue
        if child.inherits("QQuickText") and child.property("text"):
            yield child
        yield from texts(child)


def show_slide(scene: SceneDriver, index: int) -> None:
    scene.attract.showSlide(index)
    QTest.qWait(30)


def scale_of(scene: SceneDriver) -> float:
    return min(scene.window.width(), scene.window.height()) / 1080


def px(item: QQuickItem) -> int:
    return int(item.property("font").pixelSize())


def test_hotline_sizes_at_1080_scale(sized: SceneDriver) -> None:
    scale = scale_of(sized)
    strip = sized.item("hotlineStrip")
    groups = sized.attract.pack.hotline_groups()
    assert len(groups) == 3
    for g, group in enumerate(groups):
        main = find_item(strip, f"groupMain{g}")
        assert main is not None
        assert px(main) >= round(92 * scale)
        # Capitals of at least 64 px (read from 5 m), measured in the font on screen.
        assert QFontMetricsF(main.property("font")).capHeight() >= 64 * scale - 0.5
        heading = find_item(strip, f"groupHeading{g}")
        assert heading is not None
        # 44 px where a group has a row to itself (portrait), 36 px in a landscape row of three
        # (Theme.hotlineLabelRow, docs/architecture.md "The hotline grid").
        landscape = sized.window.width() > sized.window.height()
        assert px(heading) >= round((36 if landscape else 44) * scale)
        assert not heading.property("truncated")
        for o in range(len(group.hotlines) - 1):
            other = find_item(strip, f"groupOther{g}_{o}")
            assert other is not None
            assert px(other) >= round(44 * scale)
    dialled = find_item(strip, "groupDialled1")  # 1-800-THE-LOST's digits
    assert dialled is not None
    assert dialled.property("text") == "1-800-843-5678"
    assert px(dialled) >= round(44 * scale)
    # One row in landscape; in portrait one group a row (the QR beside 911).
    tops = []
    for g in range(3):
        heading = find_item(strip, f"groupHeading{g}")
        assert heading is not None
        tops.append(round(rect(heading).y()))
    if sized.window.width() > sized.window.height():
        assert len(set(tops)) == 1
    else:
        assert tops[0] < tops[1] < tops[2]


def test_every_slide_keeps_its_text_large_and_inside_the_safe_area(sized: SceneDriver) -> None:
    width, height = sized.window.width(), sized.window.height()
    scale = scale_of(sized)
    safe = QRectF(width * 0.05, height * 0.05, width * 0.9, height * 0.9).adjusted(-1, -1, 1, 1)
    loop = sized.item("attractLoop")
    for index in range(len(sized.attract.playlist.slides)):
        show_slide(sized, index)
        seen = list(texts(loop))
        names = {t.objectName() for t in seen}
        assert {"packTitle", "publisher", "headline", "body", "qrLabel", "qrDisplay"} <= names
        assert "tapHintText" in names
        for text in seen:
            where = (index, text.objectName(), text.property("text"))
            assert px(text) >= round(32 * scale), where
            assert safe.contains(rect(text)), (where, rect(text), safe)
            assert not text.property("truncated"), where
        for name in ("qrCode", "slideImage", "tapHint"):
            item = sized.item(name) if name == "tapHint" else front_item(sized, name)
            if shown(item):
                assert safe.contains(rect(item)), (index, name, rect(item), safe)


def front_item(scene: SceneDriver, name: str) -> QQuickItem:
    """``name`` in the slide layer on screen."""
    for layer in ("slideLayerA", "slideLayerB"):
        item = scene.item(layer)
        if item.opacity() == 1:
            found = find_item(item, name)
            assert found is not None
            return found
    raise AssertionError("no slide layer is on screen")


def test_headlines_start_at_one_height_and_portrait_puts_the_pictogram_beside_the_title(
    sized: SceneDriver,
) -> None:
    width = sized.window.width()
    tops = set()
    for index, slide in enumerate(sized.attract.playlist.slides):
        show_slide(sized, index)
        headline = front_item(sized, "headline")
        assert headline.property("text") == slide.headline.get("en")
        tops.add(round(rect(headline).y()))
        picture = front_item(sized, "slideImage")
        if width < sized.window.height() and slide.image:
            # At the right margin, level with the pack's title, above the words.
            assert abs(rect(picture).right() - width * 0.95) <= 1, (slide.id, rect(picture))
            assert rect(picture).top() == rect(sized.item("packTitle")).top()
            assert rect(sized.item("packTitle")).right() < rect(picture).left()
            assert rect(picture).bottom() <= rect(headline).top()
    assert len(tops) == 1, tops  # slides differ in body length and picture; the headline does not


def test_a_slide_without_a_picture_starts_its_headline_at_the_same_height(
    qapp, qtbot, default_pack: Pack
) -> None:
    for size in ((1920, 1080), (1080, 1920)):
        scene = make_scene(qtbot, default_pack, size)
        try:
            QTest.qWait(30)
            headline = front_item(scene, "headline")
            with_picture = rect(headline).y()
            layer = headline.parentItem()
            while not layer.objectName().startswith("slideLayer"):  # up to the SlideView
                layer = layer.parentItem()
            slide = dict(layer.property("slide"))
            slide["image"] = ""
            slide["body"] = "Short."
            layer.setProperty("slide", slide)
            QTest.qWait(30)
            assert rect(headline).y() == with_picture
        finally:
            scene.close()
        assert not scene.warnings, scene.warnings


def test_the_whole_qr_address_is_written_under_the_code(sized: SceneDriver) -> None:
    training = sized.attract.pack.links["training"]
    for index, slide in enumerate(sized.attract.playlist.slides):
        show_slide(sized, index)
        address = front_item(sized, "qrDisplay")
        link = sized.attract.pack.links[slide.qr]
        assert address.property("text") == address_lines(link.display)
        assert address.property("text").replace("\n", "") == link.url.removeprefix("https://")
        assert not address.property("truncated")
        assert address.property("lineCount") <= 2
        assert px(address) >= round(32 * scale_of(sized))
        code = rect(front_item(sized, "qrCode"))
        shown_at = rect(address)
        assert shown_at.top() >= code.bottom() or shown_at.left() >= code.right()
    assert address_lines(training.display) == (
        "connect.missingkids.org/products/\nintroduction-to-child-sex-trafficking"
    )


def test_the_publisher_is_named_on_every_slide(sized: SceneDriver) -> None:
    publisher = sized.attract.pack.publisher
    assert publisher is not None
    for index in range(len(sized.attract.playlist.slides)):
        show_slide(sized, index)
        named = sized.item("publisher")
        assert shown(named)
        assert named.property("text") == publisher.name.get("en")
        assert px(named) >= round(32 * scale_of(sized))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_publisher_logo_sits_beside_its_name_inside_the_safe_area(
    qapp, qtbot, size: tuple[int, int]
) -> None:
    pack = load_pack(FIXTURES / "minimal_pack")
    pack = dataclasses.replace(
        pack,
        publisher=Publisher(Localized({"en": "A publisher", "es": "Un editor"}), "images/dot.svg"),
    )
    scene = make_scene(qtbot, pack, size)
    try:
        QTest.qWait(30)
        width, height = size
        safe = QRectF(width * 0.05, height * 0.05, width * 0.9, height * 0.9).adjusted(-1, -1, 1, 1)
        logo, name = scene.item("publisherLogo"), scene.item("publisher")
        assert shown(logo)
        assert logo.property("source").toLocalFile().endswith("/images/dot.svg")
        assert logo.property("progress") == 1.0  # the pack's SVG, loaded
        assert name.property("text") == "A publisher"
        assert rect(logo).right() <= rect(name).left()
        assert safe.contains(rect(logo))
        assert safe.contains(rect(name))
        assert px(name) >= round(32 * min(size) / 1080)
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings


def test_no_publisher_means_no_empty_line(qapp, qtbot) -> None:
    scene = make_scene(qtbot, load_pack(FIXTURES / "minimal_pack"))
    try:
        assert not scene.item("publisher").isVisible()
        assert not scene.item("publisherLogo").isVisible()
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings


@pytest.mark.parametrize("size", [(800, 600), (768, 1024), (1920, 1200)], ids=str)
def test_squarer_screens_shrink_the_16_9_layout_to_fit(
    qapp, qtbot, default_pack: Pack, size: tuple[int, int]
) -> None:
    """4:3, 3:4 and 16:10 show the whole layout, shrunk, inside the safe area, nothing elided."""
    width, height = size
    scene = make_scene(qtbot, default_pack, size)
    try:
        safe = QRectF(width * 0.05, height * 0.05, width * 0.9, height * 0.9).adjusted(-1, -1, 1, 1)
        loop = scene.item("attractLoop")
        for index in range(len(scene.attract.playlist.slides)):
            show_slide(scene, index)
            for text in texts(loop):
                where = (index, text.objectName())
                assert safe.contains(rect_mapped(text)), (where, rect_mapped(text), safe)
                assert not text.property("truncated"), where
            assert safe.contains(rect_mapped(front_item(scene, "qrCode")))
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings


def rect_mapped(item: QQuickItem) -> QRectF:
    """Where ``item`` is drawn in the window, with the canvas's shrink applied."""
    polish(item)
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


# -- the hotline block and the QR block (issue 24) ------------------------------------------------


def group_items(root: QQuickItem, g: int) -> dict[str, QQuickItem]:
    found = {}
    for part in ("Heading", "Main"):
        item = find_item(root, f"group{part}{g}")
        assert item is not None, (part, g)
        found[part] = item
    return found


def assert_one_line(item: QQuickItem) -> None:
    where = (item.objectName(), item.property("text"))
    assert item.property("lineCount") == 1, where
    assert not item.property("truncated"), where
    assert item.property("contentWidth") <= item.width() + 1, where


def test_the_strip_is_a_grid_numbers_on_one_baseline_labels_on_one_line(sized: SceneDriver) -> None:
    """'Danger now' on one line, so 911 stands on the other main numbers' baseline (it sat
    55 px lower), and 1-800-THE-LOST ends well before the rule after it (it ended 12-18 px
    from it)."""
    scale = scale_of(sized)
    strip = sized.item("hotlineStrip")
    groups = sized.attract.pack.hotline_groups()
    tops = []
    for g in range(len(groups)):
        items = group_items(strip, g)
        assert_one_line(items["Heading"])
        assert_one_line(items["Main"])
        tops.append(rect(items["Main"]).top())
    landscape = sized.window.width() > sized.window.height()
    # One font for every main number, so one top is one baseline (portrait: a group a row).
    assert (len(set(tops)) == 1) if landscape else (tops[0] < tops[1] < tops[2]), tops
    if landscape:
        lost = find_item(strip, "groupMain1")
        rule = find_item(strip, "groupRule2")
        assert lost is not None
        assert rule is not None
        end = rect(lost).left() + float(lost.property("contentWidth"))
        assert rect(rule).center().x() - end >= 30 * scale, (end, rect(rule).center().x())
    for name in ("groupDialled1", "groupOther2_0", "groupOther2_1"):
        item = find_item(strip, name)
        assert item is not None
        assert_one_line(item)


SWAPPED = "1-800-222-1222"  # a valid US toll-free number, narrower than 1-800-THE-LOST


def swapped_pack(tmp_path: Path) -> Pack:
    """The default pack with NCMEC's number swapped for another of its kind, listed as allowed."""
    folder = tmp_path / "pack"
    shutil.copytree(paths.default_pack_dir(), folder)
    yaml = folder / "pack.yaml"
    text = yaml.read_text(encoding="utf-8")
    old = 'number: "1-800-843-5678", display: "1-800-THE-LOST"'
    assert old in text
    yaml.write_text(text.replace(old, f'number: "{SWAPPED}", display: "{SWAPPED}"'), "utf-8")
    return load_pack(folder, DEFAULT_LINK_HOSTS, (*DEFAULT_HOTLINE_NUMBERS, SWAPPED))


def above_the_strip(scene: SceneDriver, index: int) -> QImage:
    show_slide(scene, index)
    QTest.qWait(30)
    image = scene.window.grabWindow()
    top = rect(scene.item("progressTrack")).top()
    return image.copy(0, 0, image.width(), int(top))


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_narrower_number_moves_nothing_above_the_strip(
    qapp, qtbot, default_pack: Pack, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Done when of issue 24: the slides above the strip are pixel-identical after a number swap.

    The strip's number is the only thing the two scenes differ in, and it can reach a slide
    only through the strip's height (one value per scene, the same for every slide), so the
    strip's top and two slides stand for all: one with a picture and a long text, and the next.
    """
    swapped = swapped_pack(tmp_path)
    assert [h.display.get("en") for h in swapped.hotlines][1] == SWAPPED
    shown: dict[str, list[QImage]] = {}
    tops: dict[str, float] = {}
    for name, pack in (("default", default_pack), ("swapped", swapped)):
        scene = make_scene(qtbot, pack, size)
        try:
            QTest.qWait(30)
            strip = scene.item("hotlineStrip")
            main = find_item(strip, "groupMain1")
            assert main is not None
            assert main.property("text") == (SWAPPED if name == "swapped" else "1-800-THE-LOST")
            tops[name] = rect(strip).top()
            shown[name] = [above_the_strip(scene, i) for i in (0, 1)]
        finally:
            scene.close()
        assert not scene.warnings, scene.warnings
    assert tops["default"] == tops["swapped"]
    for before, after in zip(shown["default"], shown["swapped"], strict=True):
        assert before.size() == after.size()
        assert before == after


def walk_touch_screens(scene: SceneDriver) -> Iterator[str]:
    """Menu, a card, a question (answered), the end screen: yields each screen's name."""
    scene.session.touch()
    QTest.qWait(30)
    yield "menu"
    scene.session.openLesson(0)
    QTest.qWait(30)
    yield "card"
    for _ in range(40):
        if scene.screen() == "question":
            break
        scene.session.advance()
    QTest.qWait(30)
    yield "question"
    for _ in range(40):
        if scene.screen() == "end":
            break
        if scene.screen() == "question" and not scene.session.property("canAdvance"):
            scene.session.answer(0)
        scene.session.advance()
    QTest.qWait(30)
    yield "end"


def check_block(
    scene: SceneDriver, block: QQuickItem, label_px: int, number_px: int, other_px: int
) -> None:
    """Every group of the pack, in order, headed by its label, its numbers on one line each."""
    window = QRectF(0, 0, scene.window.width(), scene.window.height())
    scale = scale_of(scene)
    assert shown(block)
    groups = scene.attract.property("hotlineGroups")
    for g, group in enumerate(groups):
        items = group_items(block, g)
        assert items["Heading"].property("text") == group["heading"]
        assert items["Main"].property("text") == group["main"]["display"]
        assert px(items["Heading"]) >= round(label_px * scale)
        assert px(items["Main"]) >= round(number_px * scale)
        for o, other in enumerate(group["others"]):
            item = find_item(block, f"groupOther{g}_{o}")
            assert item is not None
            assert shown(item)
            assert item.property("text") == other["display"]
            assert px(item) >= round(other_px * scale)
            assert_one_line(item)
        for item in items.values():
            assert_one_line(item)
            assert window.contains(rect(item)), (item.objectName(), rect(item))


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_touch_screen_shows_the_grouped_hotlines(
    qapp, qtbot, default_pack: Pack, size: tuple[int, int]
) -> None:
    """Menu (it had none), card and question (an unlabelled line with no text line or TTY),
    end screen: one block, with headings, the text line and TTY, above the navigation."""
    scene = make_scene(qtbot, default_pack, size)
    try:
        groups = scene.attract.property("hotlineGroups")
        assert [len(g["others"]) for g in groups] == [0, 0, 2]  # the text line and TTY
        for screen in walk_touch_screens(scene):
            assert scene.screen() == screen
            name = "endHotlines" if screen == "end" else "touchHotlines"
            block = scene.item(name)
            # Touch mode's compact sizes: headings and other numbers 36 px, main numbers 44.
            check_block(scene, block, 36, 44, 36)
            nav = min(rect(scene.item(n)).top() for n in ("quickExitButton", "nextButton"))
            assert rect(block).bottom() <= nav, screen
            if screen == "end":
                label = scene.item("endQr")
                qr_label = find_item(label, "qrLabel")
                assert qr_label is not None
                # The pack's own label (its Spanish says the course is in English).
                assert qr_label.property("text") == default_pack.links["training"].label.get("en")
                check_qr_centred(scene, label)
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings


def check_qr_centred(scene: SceneDriver, badge: QQuickItem) -> None:
    """The label on one line above the code, the address centred under it, as painted."""
    label, code, address = (find_item(badge, n) for n in ("qrLabel", "qrCode", "qrDisplay"))
    assert label is not None
    assert code is not None
    assert address is not None
    assert_one_line(label)
    assert rect(label).bottom() <= rect(code).top() + 1
    assert rect(address).top() >= rect(code).bottom() - 1
    assert not address.property("truncated")
    left, right = painted_span(scene.window.grabWindow(), rect(address))
    middle = rect(code).center().x()
    assert abs((left + right) / 2 - middle) <= 3 * scale_of(scene), (left, right, middle)


def painted_span(image: QImage, box: QRectF) -> tuple[int, int]:
    """The first and last columns of ``box`` where anything differs from its corner's colour."""
    top, bottom = int(box.top()), min(int(box.bottom()), image.height() - 1)
    first, last = max(0, int(box.left())), min(int(box.right()), image.width() - 1)
    ground = image.pixel(first, top)
    columns = [
        x for x in range(first, last + 1)
        if any(image.pixel(x, y) != ground for y in range(top, bottom + 1, 2))
    ]  # fmt: skip
    assert columns, box
    return columns[0], columns[-1]


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_qr_address_is_centred_under_the_code_on_every_slide(
    qapp, qtbot, default_pack: Pack, size: tuple[int, int]
) -> None:
    """It was to the code's left on report-if-unsure, 278 px left of it on text-for-help."""
    scene = make_scene(qtbot, default_pack, size)
    try:
        for index in range(len(scene.attract.playlist.slides)):
            show_slide(scene, index)
            check_qr_centred(scene, front_item(scene, "qrBadge"))
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings


TURN_MS = 123_456  # an interval no other timer of the schedule has: the test fires it by hand


def language_turns(scene: SceneDriver) -> QTimer:
    """The schedule's timer that turns the closed screen's language."""
    timers = [t for t in scene.scene.schedule.findChildren(QTimer) if t.interval() == TURN_MS]
    assert len(timers) == 1
    return timers[0]


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_closed_screen_shows_the_strip_block_and_turns_the_languages(
    qapp, qtbot, default_pack: Pack, monkeypatch, size: tuple[int, int]
) -> None:
    """Grouped like the strip, at its sizes (its capitals were ~40 px), the text line under the
    hotline it belongs to (it sat under NCMEC), in each of the venue's languages in turn (it
    stayed in the first all night)."""
    monkeypatch.setattr(schedule_bridge, "CLOSED_TURN_MS", TURN_MS)
    scene = make_scene(qtbot, default_pack, size)
    try:
        scene.scene.schedule.show_closed(None)
        QTest.qWait(10)
        turn = language_turns(scene)
        assert turn.isActive()
        block = scene.item("closedHotlines")
        assert scene.attract.current_language() == "en"
        # The strip's sizes: headings 36 px in a landscape row, 44 px in portrait.
        label_px = 36 if size[0] > size[1] else 44
        check_block(scene, block, label_px, 96, 44)
        main = find_item(block, "groupMain0")
        assert main is not None
        assert QFontMetricsF(main.property("font")).capHeight() >= 64 * scale_of(scene) - 0.5
        text_line = find_item(block, "groupOther2_0")
        assert text_line is not None
        assert text_line.property("text") == "Text HELP to 233733"
        check_qr_centred(scene, scene.item("closedQr"))
        turn.timeout.emit()  # the next turn, without waiting 10 s for it
        QTest.qWait(10)
        assert scene.attract.current_language() == "es"
        check_block(scene, block, label_px, 96, 44)
        text_line = find_item(block, "groupOther2_0")  # the groups are new: so are their items
        assert text_line is not None
        assert text_line.property("text") == "Envíe HELP al 233733"
        heading = find_item(block, "groupHeading1")
        assert heading is not None
        assert heading.property("text") == "Menor en riesgo: NCMEC"
        assert scene.item("closedHeading").property("text").startswith("Cerrado")
        turn.timeout.emit()
        assert scene.attract.current_language() == "en"
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings
