"""Touch mode in the real QML: tap, answer, idle reset, quick exit, keyboard."""

from PySide6.QtCore import QLocale, QPoint, QPointF, Qt, QTime
from PySide6.QtGui import QFontInfo, QPointingDevice
from PySide6.QtTest import QTest

from kiosk.playback.session import ESCAPE_WINDOW, Screen
from kiosk.ui.bridges.session import SessionBridge
from tests.helpers import find_item, make_scene
from tests.helpers import scene_rect as helper_rect


def open_menu(scene) -> None:
    scene.click_at(600, 500)
    assert scene.screen() == "menu"
    assert scene.item("lessonMenu").isVisible()


def test_hint_invites_the_first_touch(scene) -> None:
    assert scene.item("tapHintText").property("text") == "Tap to learn the signs"


def test_hint_is_a_full_touch_target_clear_of_the_slide(scene) -> None:
    hint = scene.item("tapHint")
    assert hint.height() >= 96  # Theme.touchTarget at 1080p
    top, bottom = hint.mapToScene(QPointF(0, 0)), hint.mapToScene(QPointF(0, hint.height()))
    assert top.y() >= 0
    layer = scene.item("slideLayerA")
    for name in ("headline", "slideImage"):
        item = find_item(layer, name)
        assert item is not None
        assert item.mapToScene(QPointF(0, 0)).y() >= bottom.y(), name


def test_a_tap_anywhere_opens_the_menu_with_every_lesson(scene) -> None:
    open_menu(scene)
    lessons = scene.attract.pack.lessons
    for i, lesson in enumerate(lessons):
        assert scene.item(f"lessonTitle{i}").property("text") == lesson.title.get("en")
        assert scene.item(f"lessonMinutes{i}").property("text") == f"{lesson.minutes} min"
        tile = scene.item(f"lessonTile{i}")
        assert tile.height() >= 96
        assert tile.width() >= 96
    assert not scene.attract.property("running")  # the loop pauses under a visitor


def test_walk_through_a_whole_lesson_by_touch(scene, qtbot) -> None:
    open_menu(scene)
    lesson = scene.attract.pack.lessons[0]
    scene.click("lessonTile0")
    assert scene.screen() == "card"
    for i, card in enumerate(lesson.cards):
        assert scene.item("cardHeadline").property("text") == card.headline.get("en"), (
            scene.screen(),
            scene.session.property("cardIndex"),
            i,
        )
        assert scene.session.property("cardIndex") == i
        scene.click("nextButton")
    for question in lesson.questions:
        assert scene.screen() == "question"
        assert scene.item("questionPrompt").property("text") == question.prompt.get("en")
        assert not scene.item("nextButton").isVisible()  # answer first
        wrong = next(i for i, c in enumerate(question.choices) if not c.correct)
        scene.click(f"choice{wrong}")
        assert scene.item("verdict").property("text") == "Not quite."
        assert scene.item("why").property("text") == question.choices[wrong].why.get("en")
        right_text = question.choices[question.correct_index].text.get("en")
        assert scene.item("rightAnswer").property("text") == f"The right answer: {right_text}"
        scene.click(f"choice{question.correct_index}")  # answers are final
        assert scene.item("verdict").property("text") == "Not quite."
        scene.click("nextButton")
    assert scene.screen() == "end"
    training = scene.attract.pack.links["training"]
    # Whole, broken after a "/" as under every QR (never at a hyphen, which reads as hyphenation).
    shown = scene.item("endQr").property("display")
    assert shown.replace("\n", "") == training.url.removeprefix("https://")
    scene.click("nextButton")  # "Done"
    assert scene.screen() == "attract"
    assert scene.attract.property("running")


def test_right_answer_says_so_in_words(scene) -> None:
    open_menu(scene)
    scene.click("lessonTile1")
    lesson = scene.attract.pack.lessons[1]
    for _ in lesson.cards:
        scene.click("nextButton")
    scene.click(f"choice{lesson.questions[0].correct_index}")
    assert scene.item("verdict").property("text") == "Right."


def test_quick_exit_covers_at_once_with_a_neutral_screen(scene) -> None:
    open_menu(scene)
    scene.click("lessonTile0")
    scene.click("quickExitButton")
    assert scene.screen() == "cover"
    assert scene.item("coverScreen").isVisible()
    assert not scene.item("touchMode").isVisible()
    # An ordinary screen's clock: not in the kiosk's face (Atkinson's zero is slashed).
    clock = scene.item("coverClock")
    assert "Atkinson" not in QFontInfo(clock.property("font")).family()
    # The time as the loop's language writes it: "3:05 PM" in US English, "15:05" in Spanish.
    language = scene.attract.current_language()
    locale = QLocale(language)  # "en": US English
    shown = [
        locale.toString(QTime.currentTime().addSecs(-s), QLocale.FormatType.ShortFormat)
        for s in (0, 60)  # the minute may turn between the two reads
    ]
    assert clock.property("text") in shown, (language, shown)
    assert "Atkinson" not in QFontInfo(scene.item("coverVenue").property("font")).family()
    scene.click_at(500, 500)
    assert scene.screen() == "attract"
    open_menu(scene)
    assert scene.session.property("lessonTitle") == ""  # nothing of the last visitor is kept


def test_idle_countdown_then_reset(scene) -> None:
    open_menu(scene)
    scene.click("lessonTile2")
    scene.click("nextButton")
    scene.clock.now += 46
    scene.session.tick()
    assert scene.item("idleCountdown").isVisible()
    assert "Returning to the start in" in scene.item("countdownText").property("text")
    scene.click("moreTimeButton")
    assert not scene.item("idleCountdown").isVisible()
    assert scene.screen() == "card"
    assert scene.session.property("cardIndex") == 1
    scene.clock.now += 46 + 21
    scene.session.tick()
    scene.session.tick()
    assert scene.screen() == "attract"
    assert not scene.item("idleCountdown").isVisible()


def test_touch_anywhere_during_the_countdown_stays(scene) -> None:
    open_menu(scene)
    scene.clock.now += 50
    scene.session.tick()
    assert scene.session.property("countdown") > 0
    scene.click_at(20, 20)
    assert scene.session.property("countdown") == -1
    assert scene.screen() == "menu"


def test_keyboard_walks_and_escape_goes_back_one_level(scene) -> None:
    scene.key(Qt.Key.Key_Return)
    assert scene.screen() == "menu"
    scene.key(Qt.Key.Key_Down)
    assert scene.session.property("focusIndex") == 1
    scene.key(Qt.Key.Key_Return)
    assert scene.screen() == "card"
    assert scene.session.property("lessonTitle") == scene.attract.pack.lessons[1].title.get("en")
    scene.key(Qt.Key.Key_Right)
    assert scene.session.property("cardIndex") == 1
    scene.key(Qt.Key.Key_Escape)
    assert scene.session.property("cardIndex") == 0
    scene.clock.now += ESCAPE_WINDOW + 0.1  # the scene's clock: a later Esc is not part of a triple
    scene.key(Qt.Key.Key_Escape)
    assert scene.screen() == "menu"


def test_triple_escape_is_a_quick_exit(scene) -> None:
    open_menu(scene)
    scene.click("lessonTile0")
    for _ in range(3):
        scene.key(Qt.Key.Key_Escape)
    assert scene.screen() == "cover"


def test_real_touch_events_open_the_menu_and_a_lesson(scene) -> None:
    device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)

    def tap(point: QPoint) -> None:
        QTest.touchEvent(scene.window, device).press(0, point, scene.window).commit()
        QTest.touchEvent(scene.window, device).release(0, point, scene.window).commit()

    tap(QPoint(700, 400))
    assert scene.screen() == "menu"
    tap(scene.center("lessonTile0"))
    assert scene.screen() == "card"


def test_swipe_moves_between_cards(scene) -> None:
    open_menu(scene)
    scene.click("lessonTile0")
    start = scene.center("cardBody")
    end = QPoint(start.x() - 400, start.y())
    QTest.mousePress(scene.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 11):
        QTest.mouseMove(scene.window, QPoint(start.x() - 40 * step, start.y()), 10)
    QTest.mouseRelease(scene.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert scene.session.property("cardIndex") == 1


def test_touch_on_the_countdown_does_not_press_what_is_beneath(scene) -> None:
    open_menu(scene)
    scene.click("lessonTile0")
    for _ in scene.attract.pack.lessons[0].cards:
        scene.click("nextButton")
    choice = scene.center("choice0")
    scene.clock.now += 50
    scene.session.tick()
    assert scene.item("idleCountdown").isVisible()
    scene.click_at(choice.x(), choice.y())
    assert scene.session.property("countdown") == -1
    assert scene.session.property("answerIndex") == -1  # the press only meant "still here"
    assert scene.screen() == "question"


def test_exit_on_the_countdown_leaves_at_once(scene) -> None:
    open_menu(scene)
    scene.clock.now += 50
    scene.session.tick()
    scene.click("countdownExitButton")
    assert scene.screen() == "cover"


def test_exit_works_when_held_down(scene) -> None:
    open_menu(scene)
    point = scene.center("quickExitButton")
    QTest.mousePress(scene.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert scene.screen() == "cover"  # on the press, not on the release
    QTest.qWait(1200)
    QTest.mouseRelease(
        scene.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    assert scene.screen() == "cover"


def test_a_long_press_on_a_tile_still_opens_it(scene) -> None:
    open_menu(scene)
    point = scene.center("lessonTile1")
    QTest.mousePress(scene.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.qWait(1200)
    QTest.mouseRelease(
        scene.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    assert scene.screen() == "card"


def test_every_session_screen_has_a_qml_enum_value() -> None:
    assert [s.name.title() for s in Screen] == [s.name for s in SessionBridge.Screen]


def test_bridge_gives_qml_the_screen_the_step_and_the_right_answer(scene) -> None:
    session = scene.session
    assert session.property("screen") == SessionBridge.Screen.Attract
    open_menu(scene)
    assert session.property("screen") == SessionBridge.Screen.Menu
    scene.click("lessonTile0")
    lesson = scene.attract.pack.lessons[0]
    assert session.property("stepCount") == len(lesson.cards) + len(lesson.questions)
    for i in range(len(lesson.cards)):
        assert session.property("screen") == SessionBridge.Screen.Card
        assert session.property("step") == i
        assert session.property("rightIndex") == -1
        session.advance()
    question = lesson.questions[0]
    assert session.property("screen") == SessionBridge.Screen.Question
    assert session.property("step") == len(lesson.cards)
    assert session.property("rightIndex") == question.correct_index
    assert not session.property("canAdvance")  # answer first
    session.answer(question.correct_index)
    assert session.property("canAdvance")


def outlined(scene, name: str) -> bool:
    """Whether ``name`` draws the keyboard focus outline (its border binds to ``focused``)."""
    return bool(scene.item(name).property("focused"))


def test_focus_outline_hides_until_a_key_is_pressed(scene) -> None:
    open_menu(scene)
    assert not scene.session.property("keyboardActive")
    assert not outlined(scene, "lessonTile0")  # a touch visitor sees no tile as chosen
    scene.click("lessonTile0")
    for _ in scene.attract.pack.lessons[0].cards:
        scene.click("nextButton")
    assert scene.screen() == "question"
    assert not any(outlined(scene, f"choice{i}") for i in range(2))  # no answer looks chosen
    scene.key(Qt.Key.Key_Down)
    assert scene.session.property("keyboardActive")
    assert outlined(scene, "choice1")
    assert not outlined(scene, "choice0")
    scene.click_at(5, 5)  # a touch anywhere hides it again
    assert not scene.session.property("keyboardActive")
    assert not outlined(scene, "choice1")
    assert scene.session.property("focusIndex") == 1  # the keyboard's place is kept


def test_keyboard_outline_shows_on_the_menu_and_ends_with_the_session(scene) -> None:
    scene.key(Qt.Key.Key_Return)  # a keyboard visitor sees where they are at once
    assert scene.screen() == "menu"
    assert outlined(scene, "lessonTile0")
    scene.click("quickExitButton")
    assert scene.screen() == "cover"
    assert not scene.session.property("keyboardActive")
    scene.click_at(500, 500)
    open_menu(scene)
    assert not outlined(scene, "lessonTile0")


def scene_rect(scene, name: str) -> tuple[int, int, int, int]:
    """Where ``name`` is in the window: x, y, width, height."""
    point = scene.center(name)
    item = scene.item(name)
    width, height = round(item.width()), round(item.height())
    return point.x() - width // 2, point.y() - height // 2, width, height


def test_back_and_next_keep_their_places_on_every_lesson_screen(scene) -> None:
    open_menu(scene)
    scene.click("lessonTile0")
    lesson = scene.attract.pack.lessons[0]
    back, nxt = scene_rect(scene, "backButton"), scene_rect(scene, "nextButton")
    assert back[0] + back[2] <= nxt[0] - 16  # apart, Back on the left
    for _ in lesson.cards:
        assert (scene_rect(scene, "backButton"), scene_rect(scene, "nextButton")) == (back, nxt)
        scene.click("nextButton")
    assert scene.screen() == "question"
    assert not scene.item("nextButton").isVisible()
    assert scene_rect(scene, "backButton") == back  # not moved into Next's place
    scene.click(f"choice{lesson.questions[0].correct_index}")
    assert (scene_rect(scene, "backButton"), scene_rect(scene, "nextButton")) == (back, nxt)
    for question in lesson.questions[1:]:
        scene.click("nextButton")
        scene.click(f"choice{question.correct_index}")
    scene.click("nextButton")
    assert scene.screen() == "end"
    assert scene_rect(scene, "nextButton") == nxt


def test_done_does_not_look_like_exit(scene) -> None:
    open_menu(scene)
    lesson = scene.attract.pack.lessons[0]
    scene.session.openLesson(0)
    for _ in lesson.cards:
        scene.session.next()
    for question in lesson.questions:
        scene.session.answer(question.correct_index)
        scene.session.next()
    assert scene.screen() == "end"
    done, exit_ = scene.item("nextButton"), scene.item("quickExitButton")
    assert done.property("text") == "Done"
    assert not done.property("primary")
    assert done.property("color") != exit_.property("color")
    assert done.property("color") == scene.item("backButton").property("color")


def check_hotline_strip(scene) -> None:
    """The hotline block above Back, Next and Exit: each group's main number on one line, at a
    readable size, inside the block; in landscape all on one baseline."""
    strip = scene.item("lessonHotlines")
    assert strip.isVisible()
    x, y, width, height = scene_rect(scene, "lessonHotlines")
    scale = min(scene.window.width(), scene.window.height()) / 1080
    nav_top = min(scene_rect(scene, n)[1] for n in ("quickExitButton", "backButton"))
    assert y + height <= nav_top - 8  # never covers Back, Next or Exit
    tops = set()
    block = scene.item("touchHotlines")
    mains = [group.hotlines[0] for group in scene.attract.pack.hotline_groups()]
    assert [h.display.get("en") for h in mains] == ["911", "1-800-THE-LOST", "1-888-373-7888"]
    for i, hotline in enumerate(mains):
        text = find_item(block, f"groupMain{i}")
        assert text is not None
        assert text.property("text") == hotline.display.get("en")
        assert text.property("font").pixelSize() >= round(44 * scale)
        assert not text.property("truncated")
        tx, ty, tw, th = rect_of(text)
        assert x <= tx
        assert tx + tw <= x + width, (i, hotline.display)  # all of it inside the strip
        assert y <= ty
        assert ty + th <= y + height
        tops.add(ty)
    landscape = scene.window.width() > scene.window.height()
    assert len(tops) == (1 if landscape else 2)  # one baseline; 911 beside NCMEC in portrait


def rect_of(item) -> tuple[float, float, float, float]:
    r = helper_rect(item)
    return r.x(), r.y(), r.width(), r.height()


def test_hotline_strip_on_every_card_and_question(scene) -> None:
    open_menu(scene)
    check_hotline_strip(scene)  # the menu, where every visitor who taps lands, shows them too
    scene.click("lessonTile0")
    lesson = scene.attract.pack.lessons[0]
    for _ in lesson.cards:
        check_hotline_strip(scene)
        scene.click("nextButton")
    for question in lesson.questions:
        check_hotline_strip(scene)
        scene.click(f"choice{question.correct_index}")
        check_hotline_strip(scene)
        scene.click("nextButton")
    assert scene.screen() == "end"  # which places its own block beside the QR
    assert not scene.item("lessonHotlines").isVisible()
    assert scene.item("endHotlines").isVisible()


def test_hotline_strip_fits_in_portrait(qapp, qtbot, default_pack) -> None:
    portrait = make_scene(qtbot, default_pack, (1080, 1920))
    try:
        portrait.session.touch()
        portrait.session.openLesson(0)
        check_hotline_strip(portrait)
    finally:
        portrait.close()
    assert not portrait.warnings, portrait.warnings
