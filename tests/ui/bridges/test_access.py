"""Accessibility mode in the real QML: the button, larger text, high contrast, slower pacing,
read-aloud through a speaker, and the reset when the session ends."""

import itertools
import sys
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from kiosk.content.model import Pack
from kiosk.playback.access import TEXT_SCALE
from kiosk.ui.app import Scene
from kiosk.ui.bridges import access as access_bridge
from kiosk.ui.bridges.access import QtSpeaker, system_speaker
from tests.helpers import ManualClock, SceneDriver, make_scene, polish


class FakeSpeaker:
    """Records what would be read aloud; ``finish`` ends the reading as a real engine would."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []
        self.stops = 0
        self._finished: Callable[[], None] | None = None

    def say(self, text: str, language: str, finished: Callable[[], None]) -> None:
        self.said.append((text, language))
        self._finished = finished

    def stop(self) -> None:
        self.stops += 1
        self._finished = None

    def finish(self) -> None:
        """The text has been read to its end."""
        done, self._finished = self._finished, None
        assert done is not None, "nothing was being read"
        done()


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


def starting_scene(qtbot, pack: Pack, size: tuple[int, int], start) -> SceneDriver:
    """A scene whose speech engine starts, through ``start``, when accessibility is turned on."""
    scene = Scene(pack, venue="transit", animate=False, start_speaker=start)
    warnings: list[str] = []
    scene.engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
    scene.window.resize(*size)
    scene.window.show()
    qtbot.waitExposed(scene.window)
    return SceneDriver(scene, ManualClock(1000.0), warnings)


TOOLS = (*BUTTONS, "readAloudButton")


def tool_rects(scene: SceneDriver) -> dict[str, tuple[float, float, float, float]]:
    """Each shown navigation and accessibility button: left, top, width, label size."""
    found = {}
    for name in TOOLS:
        button = scene.item(name)
        polish(button)
        if button.isVisible():
            left = button.mapToScene(QPointF(0, 0))
            found[name] = (left.x(), left.y(), button.width(), button.property("labelPx"))
    return found


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_read_aloud_shows_at_once_while_its_engine_starts_and_nothing_moves(
    qapp, qtbot, default_pack: Pack, speaker: FakeSpeaker, size, monkeypatch
) -> None:
    """The button is there from the tap that turns the mode on, faint and untappable while the
    engine starts; once it works the button is usable where it was, and no button moved."""
    # The engine starts on a real timer: long enough here that a loaded machine still checks
    # the starting state before it ends.
    monkeypatch.setattr(access_bridge, "SPEECH_START_DELAY_MS", 3000)
    driver = starting_scene(qtbot, default_pack, size, lambda: speaker)
    try:
        open_first_card(driver)
        driver.click("accessButton")
        access = driver.scene.access
        assert access.property("speechStarting")
        assert not access.property("canSpeak")
        button = driver.item("readAloudButton")
        assert button.isVisible()
        assert not button.isEnabled()
        assert button.opacity() < 1  # looks unavailable
        # The tapped button's new label ("Accessibility: on") sizes it at the next polish, which
        # a loaded machine may reach a moment later: measure the row once that has run (the
        # engine starts 3 s after the tap, far later).
        qtbot.wait(200)
        starting = tool_rects(driver)
        assert "readAloudButton" in starting
        QTest.mouseClick(
            driver.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
            button.mapToScene(QPointF(button.width() / 2, button.height() / 2)).toPoint(),
        )  # fmt: skip
        assert not speaker.said
        assert not access.property("reading")
        qtbot.waitUntil(lambda: access.property("canSpeak"), timeout=15000)
        assert not access.property("speechStarting")
        assert button.isEnabled()
        assert button.opacity() == 1
        assert tool_rects(driver) == starting  # nothing reflowed
        driver.click("readAloudButton")
        assert access.property("reading")
        assert tool_rects(driver) == starting  # "Reading… Stop" takes the same room
    finally:
        driver.close()
    assert not driver.warnings, driver.warnings


def test_the_button_says_it_is_reading_and_stops_when_tapped(spoken, speaker: FakeSpeaker) -> None:
    open_first_card(spoken)
    spoken.click("accessButton")
    button = spoken.item("readAloudButton")
    assert find_text(button) == "Read aloud"
    assert not button.property("highlighted")
    spoken.click("readAloudButton")
    assert spoken.scene.access.property("reading")
    assert find_text(button) == "Reading… Stop"
    assert button.property("highlighted")
    assert button.property("iconName") == "stop-light"
    stops = speaker.stops
    said = len(speaker.said)
    spoken.click("readAloudButton")  # Stop
    assert speaker.stops == stops + 1
    assert len(speaker.said) == said  # stopped, not read again
    assert not spoken.scene.access.property("reading")
    assert find_text(button) == "Read aloud"
    assert button.property("iconName") == "speaker-light"


def test_the_button_returns_to_read_aloud_when_the_reading_ends(
    spoken, speaker: FakeSpeaker
) -> None:
    open_first_card(spoken)
    spoken.click("accessButton")
    button = spoken.item("readAloudButton")
    spoken.click("readAloudButton")
    speaker.finish()  # read to its end
    assert not spoken.scene.access.property("reading")
    assert find_text(button) == "Read aloud"
    # Moving on ends it too, and the next card offers Read aloud again.
    spoken.click("readAloudButton")
    assert find_text(button) == "Reading… Stop"
    spoken.next_screen()
    assert not spoken.scene.access.property("reading")
    assert find_text(spoken.item("readAloudButton")) == "Read aloud"


def test_an_earlier_reading_ending_late_leaves_the_new_one_reading(
    spoken, speaker: FakeSpeaker
) -> None:
    open_first_card(spoken)
    spoken.click("accessButton")
    spoken.click("readAloudButton")
    ends_first = speaker._finished
    spoken.click("readAloudButton")  # Stop
    spoken.click("readAloudButton")  # and read again
    assert ends_first is not None
    ends_first()  # the first reading's end, told late
    assert spoken.scene.access.property("reading")
    speaker.finish()
    assert not spoken.scene.access.property("reading")


def test_the_reading_label_is_in_spanish(spoken, speaker: FakeSpeaker) -> None:
    open_first_card(spoken)
    spoken.click("languageButton_es")
    spoken.click("accessButton")
    button = spoken.item("readAloudButton")
    assert find_text(button) == "Leer en voz alta"
    spoken.click("readAloudButton")
    assert speaker.said[-1][1] == "es"
    assert find_text(button) == "Leyendo… Detener"


@pytest.mark.qt_log_ignore("pipewire")  # Qt Multimedia, under Qt TextToSpeech: see the README
def test_the_qt_speaker_says_when_a_reading_ends_and_not_when_it_is_replaced(qtbot) -> None:
    """Qt's own ``mock`` engine (silent, timed like speech): a reading replaced by another, or
    stopped, never reports an end; the last one does, once."""
    tts = pytest.importorskip("PySide6.QtTextToSpeech")
    engine = tts.QTextToSpeech("mock")
    speaker = QtSpeaker(engine)
    ended: list[str] = []
    speaker.say("A first text, replaced before its end.", "en", lambda: ended.append("first"))
    qtbot.waitUntil(lambda: engine.state() == tts.QTextToSpeech.State.Speaking, timeout=2000)
    speaker.say("Then a second one.", "en", lambda: ended.append("second"))
    qtbot.waitUntil(lambda: ended == ["second"], timeout=10000)
    qtbot.wait(100)
    assert ended == ["second"]
    speaker.say("A third, stopped.", "en", lambda: ended.append("third"))
    qtbot.waitUntil(lambda: engine.state() == tts.QTextToSpeech.State.Speaking, timeout=2000)
    speaker.stop()
    qtbot.wait(300)
    assert ended == ["second"]
