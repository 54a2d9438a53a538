"""The torture pack on every screen: nothing cut, every word of a lesson on a page.

Every size (1920x1080, 1280x720, 1080x1920), language and mode (the normal one and
accessibility mode, as `kiosk snapshot` and `snapshot --accessible` draw them), each rendered
once and shared by the tests below. The pack holds every text at its length limit with its
field's longest word (tests/fixtures/torture_pack), so a clean render means the limits match
what the screens' boxes hold.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from kiosk.content import schema
from kiosk.content.model import Localized, Pack
from kiosk.render.snapshot import settle
from tests.helpers import make_scene
from tests.torture import SIZES, Seen, load_torture, problems, render

Render = Callable[[tuple[int, int], str, bool], list[Seen]]

pytestmark = pytest.mark.slow  # renders or a child process: scheduled first


@pytest.fixture(scope="module")
def torture() -> Pack:
    return load_torture()


@pytest.fixture(scope="module")
def rendered(qapp, torture: Pack) -> Render:
    """Each size, language and mode rendered at most once in this module."""
    seen: dict[tuple[tuple[int, int], str, bool], list[Seen]] = {}

    def get(size: tuple[int, int], language: str, accessible: bool) -> list[Seen]:
        key = (size, language, accessible)
        if key not in seen:
            seen[key] = render(torture, size, language, accessible)
        return seen[key]

    return get


@pytest.mark.parametrize(
    ("size", "language", "accessible"),
    list(itertools.product(SIZES, ("en", "es"), (False, True))),
    ids=lambda v: "x".join(map(str, v)) if isinstance(v, tuple) else str(v),
)
def test_every_screen_renders_clean(
    torture: Pack, rendered: Render, size: tuple[int, int], language: str, accessible: bool
) -> None:
    """No text elided, spilling or cut by an edge (the snapshot's own check), on any screen,
    and every word of the lesson's card, prompt, choices and feedback on one of its pages."""
    seen = rendered(size, language, accessible)
    kinds = {s.shot.kind for s in seen}
    assert {"lesson-menu", "lesson-card", "lesson-question", "lesson-end"} <= kinds
    if not accessible:
        assert {"slide", "staff-pin", "staff-panel", "staff-notice", "closed"} <= kinds
    assert problems(torture, seen, language) == []


def test_large_text_pages_with_a_cue(rendered: Render) -> None:
    large = rendered((1280, 720), "es", True)
    paged = [s for s in large if "-page-" in s.shot.id and s.shot.kind != "lesson-menu"]
    assert paged, "the longest texts need more than one page at 1280x720"
    first = next(s for s in large if s.shot.id == paged[0].screen)
    assert first.texts["pageCue"].startswith("Página 1 de ")
    assert all("pageCue" in s.texts for s in paged)
    # The picture gives way to the words.
    cards = [s for s in large if s.shot.kind == "lesson-card"]
    assert cards
    assert all("cardImage" not in s.shown and "cardBody" in s.shown for s in cards)


def test_the_normal_mode_keeps_its_pictures(rendered: Render) -> None:
    # Four 120-character choices do not fit two columns at their floor size: the question
    # takes the paged single column at the normal sizes instead of eliding them (the clean
    # render above); the cards keep their pictures.
    cards = [s for s in rendered((1080, 1920), "en", False) if s.shot.kind == "lesson-card"]
    assert cards
    assert all("cardImage" in s.shown for s in cards)


def test_the_menu_shows_all_eight_long_titles(rendered: Render) -> None:
    for size in SIZES:
        menu = next(s for s in rendered(size, "en", False) if s.shot.kind == "lesson-menu")
        titles = [menu.texts[f"lessonTitle{i}"] for i in range(schema.MAX_LESSONS)]
        assert all(len(t) == schema.TITLE_MAX for t in titles), size
        assert not menu.overflow, size


# In large text the menu pages its tiles (it scrolled behind a thin bar whose edge cut them).
def test_the_menu_of_eight_long_titles_in_large_text_pages(rendered: Render) -> None:
    pages = [s for s in rendered((1280, 720), "es", True) if s.shot.kind == "lesson-menu"]
    assert len(pages) > 1
    assert [s.overflow for s in pages] == [[] for _ in pages]
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


def at_limit(text: Localized, limit: int, word: int | None = None) -> None:
    """Every language's text is ``limit`` characters, its longest word ``word``."""
    for language in ("en", "es"):
        value = text.get(language)
        assert len(value) == limit, (language, value)
        if word is not None:
            assert max(map(len, value.split())) == word, (language, value)


def test_it_is_a_torture_pack(torture: Pack) -> None:
    """Every text at its limit, with its field's longest word, in both languages, so the
    renders above test the worst case the validator lets through."""
    at_limit(torture.title, schema.PACK_TITLE_MAX)
    assert torture.publisher is not None
    at_limit(torture.publisher.name, schema.PUBLISHER_MAX)
    for group in torture.hotline_groups():  # the headings: a name, or the label over 911
        if group.organisation is not None:
            at_limit(group.organisation.name, schema.LABEL_MAX)
        else:
            at_limit(group.hotlines[0].label, schema.SHORT_LABEL_MAX)
    at_limit(torture.links["training"].label, schema.LINK_LABEL_MAX)
    slide = torture.slides[0]
    at_limit(slide.headline, schema.SLIDE_HEADLINE_MAX, schema.SLIDE_HEADLINE_WORD_MAX)
    at_limit(slide.body, schema.SLIDE_BODY_MAX, schema.SLIDE_BODY_WORD_MAX)
    assert len(torture.lessons) == schema.MAX_LESSONS
    for lesson in torture.lessons:
        at_limit(lesson.title, schema.TITLE_MAX, schema.TITLE_WORD_MAX)
        for card in lesson.cards:
            at_limit(card.headline, schema.CARD_HEADLINE_MAX, schema.CARD_HEADLINE_WORD_MAX)
            at_limit(card.body, schema.CARD_BODY_MAX, schema.LESSON_WORD_MAX)
        for question in lesson.questions:
            at_limit(question.prompt, schema.PROMPT_MAX, schema.LESSON_WORD_MAX)
            assert len(question.choices) == 4
            for choice in question.choices:
                at_limit(choice.text, schema.CHOICE_MAX, schema.LESSON_WORD_MAX)
                at_limit(choice.why, schema.WHY_MAX, schema.LESSON_WORD_MAX)
    # The renders walk the first lesson's screens: the others say the same.
    first = torture.lessons[0]
    assert all(
        (lesson.cards, lesson.questions) == (first.cards, first.questions)
        for lesson in torture.lessons
    )
    mains = [h.display.get("en") for h in torture.hotlines if h.kind == "call"]
    assert "911" in mains  # the narrowest main number
    assert max(map(len, mains)) == schema.MAIN_DISPLAY_MAX
    others = [h.display.get("en") for h in torture.hotlines if h.kind == "text"]
    assert max(map(len, others)) == schema.HOTLINE_DISPLAY_MAX
