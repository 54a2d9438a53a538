"""The attract screen measured from the loaded QML (issue 15, "The screen"): text sizes, the 5 %
safe area, headline heights, the portrait pictogram, the QR address and the publisher, at
1920x1080, 1080x1920 and 1280x720 on every slide of the default pack."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.content.loader import load_pack
from kiosk.content.model import Localized, Pack, Publisher
from kiosk.ui.attract_bridge import address_lines
from tests.helpers import SceneDriver, find_item, make_scene, polish
from tests.helpers import scene_rect as rect

SIZES = ((1920, 1080), (1080, 1920), (1280, 720))
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


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
        assert px(heading) >= round(44 * scale)
        assert not heading.property("truncated")
        for o in range(len(group.hotlines) - 1):
            other = find_item(strip, f"groupOther{g}_{o}")
            assert other is not None
            assert px(other) >= round(44 * scale)
    dialled = find_item(strip, "groupDialled1")  # 1-800-THE-LOST's digits
    assert dialled is not None
    assert dialled.property("text") == "1-800-843-5678"
    assert px(dialled) >= round(44 * scale)
    # One row in landscape; in portrait 911 and NCMEC share the first row.
    tops = []
    for g in range(3):
        heading = find_item(strip, f"groupHeading{g}")
        assert heading is not None
        tops.append(round(rect(heading).y()))
    if sized.window.width() > sized.window.height():
        assert len(set(tops)) == 1
    else:
        assert tops[0] == tops[1] < tops[2]


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
            layer = headline.parentItem().parentItem()  # the SlideView
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
