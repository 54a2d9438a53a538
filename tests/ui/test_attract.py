"""The attract loop in real QML, offscreen."""

import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage

from tests.ui.conftest import find_item


def to_pil(image: QImage) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    import io

    return Image.open(io.BytesIO(bytes(buffer.data())))


def test_qml_loads_without_warnings_and_shows_the_first_slide(kiosk, qtbot) -> None:
    first = kiosk.attract.playlist.current
    qtbot.waitUntil(lambda: kiosk.item("slideLayerA").property("opacity") == 1)
    shown = [kiosk.item("slideLayerA"), kiosk.item("slideLayerB")]
    visible = max(shown, key=lambda layer: layer.property("opacity"))
    assert visible.property("slide")["id"] == first.id
    assert kiosk.item("packTitle").property("text") == kiosk.attract.pack.title.get("en")


def test_hotline_strip_shows_every_hotline(kiosk) -> None:
    for i, hotline in enumerate(kiosk.attract.pack.hotlines):
        assert kiosk.item(f"hotlineDisplay{i}").property("text") == hotline.display


def test_rendered_qr_decodes_to_the_pack_training_url(kiosk, qtbot) -> None:
    qtbot.wait(100)
    frame = to_pil(kiosk.window.grabWindow())
    results = zxingcpp.read_barcodes(frame)
    texts = {r.text for r in results}
    slide = kiosk.attract.playlist.current
    assert kiosk.attract.pack.links[slide.qr].url in texts


def test_advance_changes_slide_and_crossfades_without_a_blank_frame(
    qapp, qtbot, default_pack
) -> None:
    from kiosk.ui.app import create_engine, root_window
    from kiosk.ui.bridge import AttractBridge

    attract = AttractBridge(default_pack, "hotel", seconds_override=60)
    engine = create_engine({"attract": attract}, animate=True)
    window = root_window(engine)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    first = attract.playlist.current.id
    attract.advance()
    # During the fade both layers together are always fully covered: one is at opacity 1.
    for _ in range(20):
        a = find_item(window.contentItem(), "slideLayerA")
        b = find_item(window.contentItem(), "slideLayerB")
        assert max(a.property("opacity"), b.property("opacity")) >= 0.99 or (
            a.property("opacity") + b.property("opacity") >= 0.99
        )
        qtbot.wait(50)
    qtbot.waitUntil(lambda: attract.playlist.current.id != first)
    window.close()
    del engine


def test_pack_swaps_at_the_slide_boundary(kiosk, default_pack) -> None:
    from dataclasses import replace

    newer = replace(default_pack, version="2099.1.0")
    kiosk.attract.replace_pack(newer)
    assert kiosk.attract.pack.version == default_pack.version  # not mid-slide
    kiosk.attract.advance()
    assert kiosk.attract.pack.version == "2099.1.0"


def test_every_size_renders_every_slide_without_qml_warnings(kiosk, qtbot) -> None:
    for width, height in ((1080, 1920), (1280, 720), (3840, 2160), (1920, 1080)):
        kiosk.window.resize(width, height)
        for i in range(kiosk.attract.property("slideCount")):
            kiosk.attract.showSlide(i)
            qtbot.wait(1)
    qtbot.wait(50)
    assert not kiosk.warnings
