"""Accessibility mode's decisions (no Qt): what it changes, when it ends, what is read aloud."""

import pytest

from kiosk.playback.access import IDLE_FACTOR, TEXT_SCALE, Access, card_words, question_words
from kiosk.playback.session import Screen


def test_off_by_default_changes_nothing() -> None:
    access = Access()
    assert (access.on, access.text_scale, access.high_contrast, access.idle_factor) == (
        False,
        1.0,
        False,
        1.0,
    )


def test_on_enlarges_text_by_at_least_half_contrasts_and_slows_pacing() -> None:
    access = Access().toggled()
    assert access.on
    assert access.text_scale == TEXT_SCALE >= 1.5
    assert access.high_contrast
    assert access.idle_factor == IDLE_FACTOR >= 2.0
    assert access.toggled() == Access()


@pytest.mark.parametrize("screen", [Screen.MENU, Screen.CARD, Screen.QUESTION, Screen.END])
def test_stays_on_during_the_session(screen: Screen) -> None:
    assert Access(on=True).after(screen).on


@pytest.mark.parametrize("screen", [Screen.ATTRACT, Screen.COVER])
def test_the_end_of_the_session_turns_it_off(screen: Screen) -> None:
    assert Access(on=True).after(screen) == Access()


def test_a_card_is_read_headline_then_body_with_a_pause_between() -> None:
    assert card_words("Look closer", "A child  may\nbe controlled.") == (
        "Look closer. A child may be controlled."
    )
    assert card_words("", "Only a body!") == "Only a body!"


def test_a_question_is_read_with_numbered_choices_then_why_once_answered() -> None:
    assert question_words("Who can report?", ["Anyone", "Only police"]) == (
        "Who can report? 1. Anyone. 2. Only police."
    )
    assert question_words("Who can report?", ["Anyone"], why="Anyone can call.") == (
        "Who can report? 1. Anyone. Anyone can call."
    )
