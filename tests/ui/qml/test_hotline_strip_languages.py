"""A hotline's display in the language on screen: the loop's slide, or the visitor's choice."""

from kiosk.content.model import Pack
from tests.helpers import SceneDriver, find_item

ENGLISH = "Text HELP to 233733"
SPANISH = "Envíe HELP al 233733"


def text_line(pack: Pack) -> tuple[int, int]:
    """The text hotline's place in the strip: (group, index among the group's other numbers)."""
    for g, group in enumerate(pack.hotline_groups()):
        for o, hotline in enumerate(group.hotlines[1:]):
            if hotline.kind == "text":
                return g, o
    raise AssertionError("the default pack has a text hotline among a group's other numbers")


def test_the_strip_shows_the_text_line_in_the_slide_language(scene: SceneDriver) -> None:
    g, o = text_line(scene.attract.pack)
    strip = scene.item("hotlineStrip")
    assert scene.attract.current_language() == "en"
    assert find_item(strip, f"groupOther{g}_{o}").property("text") == ENGLISH
    scene.attract.advance()  # the next slide is Spanish, and so is the strip
    assert scene.attract.current_language() == "es"
    assert find_item(strip, f"groupOther{g}_{o}").property("text") == SPANISH
    scene.attract.advance()
    assert find_item(strip, f"groupOther{g}_{o}").property("text") == ENGLISH


def test_the_end_screen_lists_the_text_line_in_the_visitor_language(scene: SceneDriver) -> None:
    g, o = text_line(scene.attract.pack)
    scene.click_at(600, 500)
    scene.click("languageButton_es")
    scene.click("lessonTile0")
    lesson = scene.attract.pack.lessons[0]
    for _ in lesson.cards:
        scene.click("nextButton")
    for question in lesson.questions:
        scene.click(f"choice{question.correct_index}")
        scene.click("nextButton")
    assert scene.screen() == "end"
    end = scene.item("endHotlines")
    assert find_item(end, f"groupOther{g}_{o}").property("text") == SPANISH
    labels = [h["display"] for h in scene.attract.property("hotlines")]
    assert SPANISH in labels
    assert ENGLISH not in labels
