"""The attract loop in real QML, offscreen."""

import dataclasses

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage
from PySide6.QtQml import QQmlExpression, qmlContext

from kiosk.ui.bridges.attract import group_data
from tests.helpers import find_item, make_scene


def to_pil(image: QImage) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    import io

    return Image.open(io.BytesIO(bytes(buffer.data())))


def test_qml_loads_without_warnings_and_shows_the_first_slide(scene, qtbot) -> None:
    first = scene.attract.playlist.current
    qtbot.waitUntil(lambda: scene.item("slideLayerA").property("opacity") == 1)
    shown = [scene.item("slideLayerA"), scene.item("slideLayerB")]
    visible = max(shown, key=lambda layer: layer.property("opacity"))
    assert visible.property("slide")["id"] == first.id
    assert scene.item("packTitle").property("text") == scene.attract.pack.title.get("en")


def test_hotline_strip_shows_every_hotline_in_its_group(scene) -> None:
    strip = scene.item("hotlineStrip")
    for g, group in enumerate(scene.attract.pack.hotline_groups()):
        main, *others = group.hotlines
        assert find_item(strip, f"groupMain{g}").property("text") == main.display.get("en")
        for o, other in enumerate(others):
            text = find_item(strip, f"groupOther{g}_{o}").property("text")
            assert text == other.display.get("en")


def test_rendered_qr_decodes_to_the_pack_training_url(scene, qtbot) -> None:
    qtbot.wait(100)
    frame = to_pil(scene.window.grabWindow())
    results = zxingcpp.read_barcodes(frame)
    texts = {r.text for r in results}
    slide = scene.attract.playlist.current
    assert scene.attract.pack.links[slide.qr].url in texts


def test_advance_crossfades_without_a_blank_frame(qapp, qtbot, default_pack) -> None:
    s = make_scene(qtbot, default_pack, size=(1280, 720), animate=True)
    first = s.attract.playlist.current.id
    s.attract.advance()
    # During the fade one layer is always fully opaque (the incoming one fades in over it).
    seen_fading = False
    for _ in range(30):
        a = s.item("slideLayerA").property("opacity")
        b = s.item("slideLayerB").property("opacity")
        assert max(a, b) >= 0.99
        seen_fading |= 0.01 < min(a, b) < 0.99
        qtbot.wait(40)
    assert seen_fading
    assert s.attract.playlist.current.id != first
    s.close()
    assert not s.warnings


def layered(item) -> bool:
    """Whether ``item`` is drawn through a texture (``layer.enabled``)."""
    expression = QQmlExpression(qmlContext(item), item, "layer.enabled")
    value, failed = expression.evaluate()
    assert not failed
    return bool(value)


def _fade_blocks(s, name: str) -> list:
    return [find_item(s.item(layer), name) for layer in ("slideLayerA", "slideLayerB")]


def _mid_fade(s, qtbot) -> None:
    layers = ("slideLayerA", "slideLayerB")
    s.attract.advance()
    qtbot.waitUntil(lambda: min(s.item(n).property("opacity") for n in layers) > 0.05)


def test_a_4k_fade_blends_each_slides_headline_from_a_texture_on_the_background(
    qapp, qtbot, default_pack
) -> None:
    """A 4K headline (176 px) is filled as paths by the software renderer, anew each frame of a
    fade: it is drawn once into a texture instead. The body (96 px) is not worth the memory."""
    s = make_scene(qtbot, default_pack, size=(3840, 2160), animate=True)
    headlines = _fade_blocks(s, "slideHeadlineBlock")
    bodies = _fade_blocks(s, "slideBodyBlock")
    grounds = [find_item(block, "slideWordsGround") for block in headlines]
    qtbot.wait(50)
    assert not any(layered(block) for block in headlines + bodies)  # between fades: no texture
    assert not any(ground.isVisible() for ground in grounds)
    _mid_fade(s, qtbot)
    # Both slides' headlines, the one fading out under the one fading in, each an opaque
    # texture of the screen's background and its words; the bodies as they are.
    assert all(layered(block) for block in headlines)
    assert not any(layered(block) for block in bodies)
    background = s.window.property("color")
    for ground in grounds:
        assert ground.isVisible()
        assert ground.property("color") == background
    for block in bodies:
        assert not find_item(block, "slideWordsGround").isVisible()
    qtbot.waitUntil(lambda: not any(layered(block) for block in headlines), timeout=3000)
    assert not any(ground.isVisible() for ground in grounds)
    s.close()
    assert not s.warnings


def test_the_outgoing_words_fade_out_as_the_incoming_slide_fades_in(
    qapp, qtbot, default_pack
) -> None:
    """A true crossfade of the words, with no texture: mid-fade the old words are dimmed, not
    at full strength under the new ones; the rest of the outgoing slide stays whole."""
    s = make_scene(qtbot, default_pack, size=(1920, 1080), animate=True)
    s.attract.advance()
    layers = {n: s.item(n) for n in ("slideLayerA", "slideLayerB")}

    qtbot.waitUntil(lambda: any(0.3 < v.property("opacity") < 0.7 for v in layers.values()))
    incoming = next(v for v in layers.values() if 0.3 < v.property("opacity") < 0.7)
    outgoing = next(v for v in layers.values() if v is not incoming)
    words_out = find_item(outgoing, "slideWords").property("opacity")
    assert outgoing.property("opacity") == 1  # its picture, QR and words' place stay whole
    assert 0.2 < words_out < 0.8  # its words dim as the new ones appear
    assert find_item(incoming, "slideWords").property("opacity") == 1
    qtbot.waitUntil(
        lambda: all(find_item(v, "slideWords").property("opacity") == 1 for v in layers.values()),
        timeout=3000,
    )
    s.close()
    assert not s.warnings


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_at_1080p_and_below_a_fade_keeps_no_texture(qapp, qtbot, default_pack, size) -> None:
    """The 1080p headline (88 px) costs less CPU as paths than its texture costs memory."""
    s = make_scene(qtbot, default_pack, size=size, animate=True)
    blocks = _fade_blocks(s, "slideHeadlineBlock") + _fade_blocks(s, "slideBodyBlock")
    _mid_fade(s, qtbot)
    assert not any(layered(block) for block in blocks)
    s.close()
    assert not s.warnings


def test_pack_swaps_at_the_slide_boundary(scene, default_pack) -> None:
    from dataclasses import replace

    newer = replace(default_pack, version="2099.1.0")
    scene.attract.replace_pack(newer)
    assert scene.attract.pack.version == default_pack.version  # not mid-slide
    scene.attract.advance()
    assert scene.attract.pack.version == "2099.1.0"


def test_every_size_renders_every_slide_without_qml_warnings(scene, qtbot) -> None:
    for width, height in ((1080, 1920), (1280, 720), (3840, 2160), (1920, 1080)):
        scene.window.resize(width, height)
        for i in range(scene.attract.property("slideCount")):
            scene.attract.showSlide(i)
            qtbot.wait(1)
    qtbot.wait(50)
    assert not scene.warnings


def test_a_pack_without_lessons_has_no_touch_mode(qapp, qtbot, default_pack) -> None:
    from dataclasses import replace

    s = make_scene(qtbot, replace(default_pack, lessons=()))
    assert not s.item("tapHint").isVisible()
    s.click_at(600, 500)
    assert s.screen() == "attract"
    s.close()
    assert not s.warnings


def test_a_new_pack_reusing_a_slide_id_still_updates_the_screen(qapp, qtbot, default_pack) -> None:
    from dataclasses import replace

    from kiosk.content.model import Localized

    s = make_scene(qtbot, replace(default_pack, slides=default_pack.slides[:1]), animate=True)
    qtbot.wait(50)
    first = default_pack.slides[0]
    newer = replace(
        default_pack,
        version="2099.1.0",
        slides=(replace(first, headline=Localized({"en": "A new headline"})),),
    )
    s.attract.replace_pack(newer)
    s.attract.advance()

    def shown() -> str:
        layers = [s.item("slideLayerA"), s.item("slideLayerB")]
        front = max(layers, key=lambda layer: (layer.property("opacity"), layer.z()))
        return front.property("slide")["headline"]

    qtbot.waitUntil(lambda: shown() == "A new headline", timeout=5000)
    s.close()
    assert not s.warnings


def test_the_progress_bar_steps_rather_than_redraws_every_frame(qapp, qtbot, default_pack) -> None:
    """A progress indicator that steps, so the loop idles between transitions."""
    s = make_scene(qtbot, default_pack, size=(1280, 720), animate=True)
    qtbot.wait(1200)  # past the first fade
    s.attract.start()  # the bar starts again from empty
    bar, track = s.item("progress"), s.item("progressTrack")
    widths = []
    for _ in range(30):  # 1.5 s, a sample every 50 ms
        widths.append(bar.width())
        qtbot.wait(50)
    steps = round(s.attract.slide_millis() / 500)
    assert all(w <= track.width() for w in widths)
    assert max(widths) > 0  # it moves
    fractions = [w * steps / track.width() for w in widths]
    assert all(abs(f - round(f)) < 0.05 for f in fractions)  # whole steps (to a pixel)
    assert len(set(widths)) <= 5  # 1.5 s at 500 ms a step: the widths of at most 4-5 steps
    s.close()
    assert not s.warnings


def test_only_a_short_number_on_its_own_takes_the_strips_narrow_column(default_pack) -> None:
    """The grid's column comes from a group's kind: 911 alone is short; an organisation's group
    (even one that starts with a short number) and a full number alone are not."""
    groups = default_pack.hotline_groups()
    assert [group_data(g, "en")["short"] for g in groups] == [True, False, False]
    tty = groups[2].hotlines[-1]
    assert tty.number == "711"
    alone = dataclasses.replace(groups[2], organisation=None, hotlines=(tty,))
    assert group_data(alone, "en")["short"]
    lost = dataclasses.replace(groups[1], organisation=None)
    assert not group_data(lost, "en")["short"]
    with_tty = dataclasses.replace(groups[2], hotlines=(tty, *groups[2].hotlines[:1]))
    assert not group_data(with_tty, "en")["short"]
