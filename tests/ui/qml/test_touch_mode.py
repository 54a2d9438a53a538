"""Touch mode's pages: the menu is made ahead (a tap shows it at once); a lesson's card, questions
and end screen only once a visitor chooses a lesson, so they cost nothing on the attract loop."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.helpers import SceneDriver, find_item

LESSON_PAGES = ("lessonCard", "questionView", "lessonEnd")


def made(scene: SceneDriver, name: str) -> bool:
    return find_item(scene.window.contentItem(), name) is not None


def test_the_lesson_pages_are_made_when_a_lesson_opens(scene: SceneDriver, qtbot: QtBot) -> None:
    # Touch mode is created in the background after the first frame, with its menu.
    qtbot.waitUntil(lambda: made(scene, "lessonMenu"))
    assert not [name for name in LESSON_PAGES if made(scene, name)]
    scene.click_at(600, 500)
    assert scene.screen() == "menu"
    assert scene.item("lessonMenu").isVisible()
    assert not [name for name in LESSON_PAGES if made(scene, name)]

    scene.click("lessonTile0")
    assert scene.screen() == "card"
    assert scene.item("lessonCard").isVisible()
    lesson = scene.attract.pack.lessons[0]
    assert scene.item("cardHeadline").property("text") == lesson.cards[0].headline.get("en")
    # The question and the end screen follow in the background while the card is read.
    qtbot.waitUntil(lambda: made(scene, "questionView") and made(scene, "lessonEnd"))
    assert not scene.item("questionView").isVisible()
    assert not scene.item("lessonEnd").isVisible()


def test_a_page_wanted_before_its_background_load_ends_is_there_at_once(
    scene: SceneDriver,
) -> None:
    scene.click_at(600, 500)
    scene.click("lessonTile0")
    for _ in scene.attract.pack.lessons[0].cards:
        scene.click("nextButton")  # no wait: the question's page finishes loading at once
    assert scene.screen() == "question"
    assert scene.item("questionView").isVisible()
    prompt = scene.attract.pack.lessons[0].questions[0].prompt.get("en")
    assert scene.item("questionPrompt").property("text") == prompt
