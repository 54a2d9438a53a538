"""The torture pack (issue 24) on the lesson screens: nothing cut, every word on a page.

Two runs here, the hardest of each mode: accessibility mode at 1280x720 in Spanish (large text
on the smallest screen, the longer language) and the normal mode at 1080x1920 in English.
`make bench` runs every size, language and mode (tests/bench/test_torture_matrix.py).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.content import schema
from kiosk.content.model import Pack
from kiosk.render.snapshot import settle
from tests.helpers import make_scene
from tests.torture import Seen, lesson_overflow, load_torture, problems, render

pytestmark = pytest.mark.slow  # renders or a child process: scheduled first


@pytest.fixture(scope="module")
def torture() -> Pack:
    return load_torture()


@pytest.fixture(scope="module")
def large_720_es(qapp, torture: Pack) -> list[Seen]:
    return render(torture, (1280, 720), "es", accessible=True)


@pytest.fixture(scope="module")
def normal_portrait_en(qapp, torture: Pack) -> list[Seen]:
    return render(torture, (1080, 1920), "en", accessible=False)


def test_large_text_on_the_smallest_screen_cuts_nothing(
    torture: Pack, large_720_es: list[Seen]
) -> None:
    assert problems(torture, large_720_es, "es") == []


def test_large_text_pages_with_a_cue(large_720_es: list[Seen]) -> None:
    paged = [s for s in large_720_es if "-page-" in s.shot.id and s.shot.kind != "lesson-menu"]
    assert paged, "the longest texts need more than one page at 1280x720"
    first = next(s for s in large_720_es if s.shot.id == paged[0].screen)
    assert first.texts["pageCue"].startswith("Página 1 de ")
    assert all("pageCue" in s.texts for s in paged)
    # The picture gives way to the words.
    cards = [s for s in large_720_es if s.shot.kind == "lesson-card"]
    assert cards
    assert all("cardImage" not in s.shown and "cardBody" in s.shown for s in cards)


def test_the_normal_mode_shows_every_word_of_the_longest_lessons(
    torture: Pack, normal_portrait_en: list[Seen]
) -> None:
    # Four 120-character choices do not fit two columns at their floor size: the question
    # takes the paged single column at the normal sizes instead of eliding them.
    assert problems(torture, normal_portrait_en, "en") == []
    cards = [s for s in normal_portrait_en if s.shot.kind == "lesson-card"]
    assert all("cardImage" in s.shown for s in cards)  # the normal mode keeps its pictures


def test_it_is_a_torture_pack(torture: Pack) -> None:
    """Every text at its limit, in both languages, so the runs above test the worst case."""
    assert len(torture.lessons) == schema.MAX_LESSONS
    for language in ("en", "es"):
        for lesson in torture.lessons:
            assert len(lesson.title.get(language)) == schema.TITLE_MAX
            for card in lesson.cards:
                assert len(card.headline.get(language)) == schema.CARD_HEADLINE_MAX
                assert len(card.body.get(language)) == schema.CARD_BODY_MAX
            for question in lesson.questions:
                assert len(question.prompt.get(language)) == schema.PROMPT_MAX
                assert len(question.choices) == 4
                for choice in question.choices:
                    assert len(choice.text.get(language)) == schema.CHOICE_MAX
                    assert len(choice.why.get(language)) == schema.WHY_MAX
    displays = [h.display.get("en") for h in torture.hotlines]
    assert min(map(len, displays)) == 3  # 911
    assert max(map(len, displays)) == schema.HOTLINE_DISPLAY_MAX


def menu(seen: list[Seen]) -> list[str]:
    return next(lesson_overflow(s) for s in seen if s.shot.kind == "lesson-menu")


def test_the_menu_of_eight_long_titles_fits(normal_portrait_en: list[Seen]) -> None:
    assert menu(normal_portrait_en) == []


# Issue 24 point 4, LessonMenu's part: in large text the menu pages its tiles (it scrolled behind
# a thin bar whose edge cut them); every page of it is clean.
def test_the_menu_of_eight_long_titles_in_large_text_cuts_nothing(
    large_720_es: list[Seen],
) -> None:
    pages = [s for s in large_720_es if s.shot.kind == "lesson-menu"]
    assert len(pages) > 1
    assert [lesson_overflow(s) for s in pages] == [[] for _ in pages]
    assert pages[0].texts["menuPageCue"].startswith("Página 1 de ")


def test_keyboard_focus_shows_the_page_of_its_choice(qapp, qtbot, torture: Pack) -> None:
    scene = make_scene(qtbot, torture, (1280, 720))
    try:
        scene.click_at(600, 500)
        scene.click("accessButton")
        scene.click("lessonTile0")
        scene.next_screen()  # past the card's pages, to the question
        assert scene.screen() == "question"
        settle(scene.window)
        assert scene.session.state.parts > 1
        for _ in range(3):
            scene.key(Qt.Key.Key_Down)
            settle(scene.window)
        assert scene.item("choice3").isVisible()  # the last choice's page, not the prompt's
        assert scene.session.state.part > 0
        scene.key(Qt.Key.Key_Return)
        assert scene.session.state.answer == 3
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings
