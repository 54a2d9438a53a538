"""Accessibility mode in the real QML: the button, larger text, high contrast, slower pacing,
read-aloud through a speaker, and the reset when the session ends."""

import itertools
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF

from kiosk.content.model import Pack
from kiosk.playback.access import TEXT_SCALE
from kiosk.ui.app import Scene
from kiosk.ui.bridges.access import system_speaker
from tests.helpers import ManualClock, SceneDriver, make_scene


class FakeSpeaker:
    """Records what would be read aloud."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []
        self.stops = 0

    def say(self, text: str, language: str) -> None:
        self.said.append((text, language))

    def stop(self) -> None:
        self.stops += 1


@pytest.fixture
def speaker() -> FakeSpeaker:
    return FakeSpeaker()


@pytest.fixture
def spoken(qapp, qtbot, default_pack: Pack, speaker: FakeSpeaker) -> Iterator[SceneDriver]:
    """A scene with a speech engine (the fake speaker)."""
    clock = ManualClock(1000.0)
    scene = Scene(default_pack, venue="transit", animate=False, clock=clock, speaker=speaker)
    warnings: list[str] = []
    scene.engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
    scene.window.resize(1920, 1080)
    scene.window.show()
    qtbot.waitExposed(scene.window)
    driver = SceneDriver(scene, clock, warnings)
    yield driver
    driver.close()
    assert not warnings, warnings


def open_first_card(scene: SceneDriver) -> None:
    scene.click_at(600, 500)
    scene.click("lessonTile0")
    assert scene.screen() == "card"


def test_the_button_is_a_large_target_in_the_lower_two_thirds(qapp, qtbot, default_pack) -> None:
    for size in ((1920, 1080), (1080, 1920)):
        scene = make_scene(qtbot, default_pack, size)
        scene.click_at(600, 500)
        button = scene.item("accessButton")
        assert button.isVisible()
        scale = min(size) / 1080
        assert button.height() / scale >= 96
        assert button.width() / scale >= 96
        assert button.mapToScene(QPointF(0, 0)).y() >= size[1] / 3, size
        assert "Accessibility" in str(find_text(button))
        scene.close()


def find_text(button) -> str:
    texts = [c for c in button.childItems()[0].childItems() if c.property("text") is not None]
    return str(texts[0].property("text"))


def test_the_button_turns_on_large_text_and_high_contrast(scene) -> None:
    open_first_card(scene)
    body = scene.item("cardBody")
    normal_size = body.property("font").pixelSize()
    normal_min = body.property("minimumPixelSize")
    scene.click("accessButton")
    assert scene.scene.access.property("active")
    assert scene.scene.access.property("textScale") == TEXT_SCALE
    assert scene.scene.access.property("highContrast")
    assert body.property("minimumPixelSize") >= 1.5 * normal_min
    assert body.property("font").pixelSize() >= normal_min * 1.5
    assert normal_size > 0
    assert scene.window.property("color").name() == "#000000"
    assert find_text(scene.item("accessButton")) == "Accessibility: on"
    scene.click("accessButton")
    assert not scene.scene.access.property("active")
    assert scene.window.property("color").name() == "#0e2235"


def test_accessibility_doubles_the_idle_time_before_the_countdown(scene) -> None:
    open_first_card(scene)
    idle = scene.session.idle_seconds
    scene.click("accessButton")
    scene.clock.advance(idle + 1)
    scene.session.tick()
    assert scene.session.property("countdown") == -1  # not yet: twice the time
    scene.clock.advance(idle)
    scene.session.tick()
    assert scene.session.property("countdown") > 0


def test_settings_reset_when_the_session_ends(scene) -> None:
    open_first_card(scene)
    scene.click("accessButton")
    scene.click("quickExitButton")
    assert scene.screen() == "cover"
    assert not scene.scene.access.property("active")
    assert scene.scene.access.property("textScale") == 1.0
    assert scene.session.session.idle_seconds == scene.session.idle_seconds
    scene.session.touch()  # the cover returns to the loop; the next visitor starts plain
    scene.session.touch()
    assert scene.screen() == "menu"
    assert not scene.scene.access.property("active")


def test_no_speech_engine_hides_read_aloud(scene) -> None:
    open_first_card(scene)
    scene.click("accessButton")
    assert not scene.scene.access.property("canSpeak")
    assert not scene.item("readAloudButton").isVisible()


def test_read_aloud_reads_the_card_and_stops_on_leaving(spoken, speaker: FakeSpeaker) -> None:
    open_first_card(spoken)
    assert not spoken.item("readAloudButton").isVisible()  # only in accessibility mode
    spoken.click("accessButton")
    spoken.click("readAloudButton")
    card = spoken.attract.pack.lessons[0].cards[0]
    text, language = speaker.said[-1]
    assert language == "en"
    assert text.startswith(card.headline.get("en"))
    assert " ".join(card.body.get("en").split())[:40] in text
    stops = speaker.stops
    if spoken.scene.session.property("parts") > 1:
        spoken.click("nextButton")  # the card's next page: it is still the card being read
        assert speaker.stops == stops
    spoken.next_screen()
    assert speaker.stops > stops  # leaving the card stops reading


def test_read_aloud_reads_a_question_and_its_choices(spoken, speaker: FakeSpeaker) -> None:
    open_first_card(spoken)
    spoken.click("accessButton")
    lesson = spoken.attract.pack.lessons[0]
    for _ in lesson.cards:
        spoken.next_screen()
    assert spoken.screen() == "question"
    spoken.click("readAloudButton")
    text = speaker.said[-1][0]
    question = lesson.questions[0]
    assert question.prompt.get("en") in text
    assert f"1. {question.choices[0].text.get('en')}" in text
    stops = speaker.stops
    spoken.click("quickExitButton")
    assert speaker.stops > stops


def test_the_speech_engine_starts_when_accessibility_is_first_turned_on(
    qapp, qtbot, default_pack: Pack, speaker: FakeSpeaker
) -> None:
    """Not before the first frame (it takes seconds with speech-dispatcher): on first use, once."""
    starts: list[int] = []

    def start() -> FakeSpeaker:
        starts.append(1)
        return speaker

    scene = Scene(default_pack, venue="transit", animate=False, start_speaker=start)
    scene.window.resize(1920, 1080)
    scene.window.show()
    qtbot.waitExposed(scene.window)
    driver = SceneDriver(scene, ManualClock(1000.0), [])
    open_first_card(driver)
    assert starts == []
    assert not scene.access.property("canSpeak")
    driver.click("accessButton")
    qtbot.waitUntil(lambda: scene.access.property("canSpeak"), timeout=5000)
    assert driver.item("readAloudButton").isVisible()
    driver.click("readAloudButton")
    assert speaker.said
    driver.click("accessButton")
    driver.click("accessButton")
    qtbot.wait(400)
    assert starts == [1]  # started once, kept
    driver.close()


def test_no_engine_on_first_use_hides_read_aloud(qapp, qtbot, default_pack: Pack) -> None:
    starts: list[int] = []
    scene = Scene(
        default_pack, venue="transit", animate=False, start_speaker=lambda: starts.append(1)
    )
    scene.window.resize(1920, 1080)
    scene.window.show()
    qtbot.waitExposed(scene.window)
    driver = SceneDriver(scene, ManualClock(1000.0), [])
    open_first_card(driver)
    driver.click("accessButton")
    qtbot.waitUntil(lambda: starts == [1], timeout=5000)
    assert not scene.access.property("canSpeak")
    assert not driver.item("readAloudButton").isVisible()
    driver.close()


def test_without_qt_text_to_speech_there_is_no_speaker(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)  # the import fails
    assert system_speaker() is None


BUTTONS = ("quickExitButton", "backButton", "nextButton", "accessButton", "languageButton_es")


def button_rects(scene: SceneDriver) -> dict[str, tuple[float, float, float, int]]:
    """Each shown navigation button: left, right, top and its label's pixel size."""
    found = {}
    for name in BUTTONS:
        button = scene.item(name)
        if not button.isVisible():
            continue
        left = button.mapToScene(QPointF(0, 0))
        label = button.property("labelPx")
        found[name] = (left.x(), left.x() + button.width(), left.y(), int(label))
    return found


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_button_labels_grow_as_far_as_their_row_has_room(qapp, qtbot, default_pack, size) -> None:
    scene = make_scene(qtbot, default_pack, size)
    try:
        open_first_card(scene)
        before = button_rects(scene)
        scene.click("accessButton")
        after = button_rects(scene)
        scale = min(size) / 1080
        base = round(40 * scale)
        assert {label for *_, label in before.values()} == {base}
        margin = max(size[0] * 0.05, 48 * scale)
        for name, (left, right, _top, label) in after.items():
            assert label >= base, name  # never smaller than before
            assert left >= margin - 1, name  # and never past the safe margin
            assert right <= size[0] - margin + 1, name
        # Exit, Back and Next share a row: one size, larger than before, at most 1.5x.
        nav = {after[n][3] for n in ("quickExitButton", "backButton", "nextButton")}
        assert len(nav) == 1
        assert base < nav.pop() <= round(40 * scale * TEXT_SCALE)
        assert after["accessButton"][3] == after["languageButton_es"][3]
        assert after["accessButton"][3] > base
        # No two buttons overlap.
        boxes = sorted(after.values())
        for (_, right, top, _l), (left, _, top2, _l2) in itertools.pairwise(boxes):
            assert right <= left + 1 or top != top2
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings
