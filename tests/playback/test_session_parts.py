"""Pages of a card or question (accessibility mode): Next and Back step through them first."""

from __future__ import annotations

import pytest

from kiosk.playback.clock import ManualClock
from kiosk.playback.session import MAX_PARTS, Screen, Session
from tests.playback.test_session import LESSONS, go_to


@pytest.fixture
def session() -> Session:
    return Session(LESSONS, clock=ManualClock())


def test_next_shows_every_page_of_a_card_before_the_next_card(session: Session) -> None:
    go_to(session, Screen.CARD)
    session.set_parts(3)
    assert [session.next().part for _ in range(2)] == [1, 2]
    assert session.state.card == 0
    after = session.next()
    assert (after.card, after.part, after.parts) == (1, 0, 1)  # the next card starts whole


def test_back_steps_back_through_the_pages_then_to_the_card_before(session: Session) -> None:
    go_to(session, Screen.CARD)
    session.next()
    session.set_parts(2)
    session.next()
    assert (session.state.card, session.state.part) == (1, 1)
    assert session.back().part == 0
    assert session.back().card == 0


def test_an_unanswered_question_pages_through_its_choices(session: Session) -> None:
    go_to(session, Screen.QUESTION)
    session.set_parts(2)
    assert session.next().part == 1
    assert session.next().part == 1  # the last page: still waits for an answer
    assert session.state.screen is Screen.QUESTION


def test_an_answer_starts_the_feedback_on_its_own_first_page(session: Session) -> None:
    go_to(session, Screen.QUESTION)
    session.set_parts(2)
    session.next()
    after = session.answer(1)
    assert (after.answer, after.part, after.parts) == (1, 0, 1)
    session.set_parts(2)
    assert session.next().part == 1
    assert session.next().question == 1  # then on to the next question


def test_fewer_parts_keep_the_page_on_show_inside_them(session: Session) -> None:
    go_to(session, Screen.CARD)
    session.set_parts(3)
    session.next()
    session.next()
    assert session.set_parts(2).part == 1  # e.g. the visitor switched to a shorter language


@pytest.mark.parametrize(("asked", "kept"), [(0, 1), (-5, 1), (10_000, MAX_PARTS)])
def test_the_measure_is_bounded(session: Session, asked: int, kept: int) -> None:
    go_to(session, Screen.CARD)
    assert session.set_parts(asked).parts == kept


@pytest.mark.parametrize("screen", [Screen.ATTRACT, Screen.END, Screen.COVER])
def test_parts_off_a_card_or_question_are_ignored(session: Session, screen: Screen) -> None:
    before = go_to(session, screen)
    assert session.set_parts(3) == before


def test_a_measure_is_not_input() -> None:
    clock = ManualClock()
    session = Session(LESSONS, idle_seconds=45, clock=clock)
    go_to(session, Screen.CARD)
    clock.advance(46)
    session.tick()
    assert session.state.countdown is not None
    assert session.set_parts(2).countdown is not None  # still counting down


def test_show_part_jumps_to_a_page_of_this_screen_only(session: Session) -> None:
    go_to(session, Screen.QUESTION)
    session.set_parts(3)
    assert session.show_part(2).part == 2
    assert session.show_part(3).part == 2  # no such page
    assert session.show_part(-1).part == 2
    assert session.show_part(0).part == 0


def test_the_large_text_menu_pages_with_next_and_back(session: Session) -> None:
    # Issue 24: the large-text menu pages its tiles (it scrolled behind a thin bar).
    go_to(session, Screen.MENU)
    session.set_parts(2)
    after = session.next()
    assert (after.screen, after.part) == (Screen.MENU, 1)
    assert session.next().part == 1  # the last page: Next has nothing more to show
    assert (session.back().screen, session.state.part) == (Screen.MENU, 0)
    assert session.back().screen is Screen.ATTRACT  # then Back leaves the menu, as before
    session.touch()
    assert (session.state.part, session.state.parts) == (0, 1)  # a new visit starts whole


def test_a_lesson_left_returns_to_the_menu_whole(session: Session) -> None:
    go_to(session, Screen.MENU)
    session.set_parts(3)
    session.show_part(2)
    session.open_lesson(0)
    assert session.state.parts == 1
    assert session.back().screen is Screen.MENU
    assert (session.state.part, session.state.parts) == (0, 1)  # the view measures again
