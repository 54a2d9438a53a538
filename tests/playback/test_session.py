"""The touch session state machine: every transition, the idle countdown, quick exit, and
property-based runs of random event sequences."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from kiosk.content.model import Card, Choice, Lesson, Localized, Question
from kiosk.playback.clock import ManualClock
from kiosk.playback.session import Screen, Session, SessionState, lessons_for_venue

IDLE = 45.0
COUNTDOWN = 20.0
COVER = 30.0


def loc(text: str) -> Localized:
    return Localized({"en": text})


def make_question(choices: int = 3, correct: int = 0, name: str = "q") -> Question:
    return Question(
        prompt=loc(f"{name}?"),
        choices=tuple(
            Choice(text=loc(f"{name} choice {i}"), correct=i == correct, why=loc(f"because {i}"))
            for i in range(choices)
        ),
    )


def make_lesson(
    lesson_id: str,
    cards: int = 3,
    questions: tuple[Question, ...] | None = None,
    venues: tuple[str, ...] = ("any",),
) -> Lesson:
    if questions is None:
        questions = (make_question(3, correct=1, name="mc"), make_question(2, correct=0, name="tf"))
    return Lesson(
        id=lesson_id,
        title=loc(lesson_id),
        icon=None,
        minutes=2,
        venues=venues,
        cards=tuple(Card(headline=loc(f"card {i}"), body=loc("body")) for i in range(cards)),
        questions=questions,
    )


# Lesson 0: 3 cards, a multiple-choice question (choice 1 right) then true/false (choice 0 right).
# Lesson 1: 2 cards, same questions.
LESSONS = (make_lesson("signs", cards=3), make_lesson("respond", cards=2))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1000.0)


@pytest.fixture
def session(clock: ManualClock) -> Session:
    return Session(
        LESSONS, idle_seconds=IDLE, countdown_seconds=COUNTDOWN, cover_seconds=COVER, clock=clock
    )


def state(
    screen: Screen,
    lesson: int | None = None,
    card: int = 0,
    question: int = 0,
    answer: int | None = None,
    countdown: int | None = None,
) -> SessionState:
    return SessionState(screen, lesson, card, question, answer, countdown)


ATTRACT = state(Screen.ATTRACT)
MENU = state(Screen.MENU)
COVERED = state(Screen.COVER)


def go_to(session: Session, screen: Screen, lesson: int = 0) -> SessionState:
    """Walk a fresh session to the first ``screen`` of ``lesson`` using ordinary events."""
    if screen is Screen.ATTRACT:
        return session.state
    if screen is Screen.COVER:
        return session.quick_exit()
    session.touch()
    if screen is Screen.MENU:
        return session.state
    session.open_lesson(lesson)
    while session.state.screen is not screen:
        if session.state.screen is Screen.QUESTION:
            session.answer(0)
        session.next()
    return session.state


ALL_SCREENS = list(Screen)
LESSON_SCREENS = [Screen.CARD, Screen.QUESTION, Screen.END]


# The snapshot ---------------------------------------------------------------------------------


def test_starts_on_the_attract_loop(session: Session) -> None:
    assert session.state == ATTRACT
    assert session.lessons == LESSONS


def test_lessons_are_kept_as_a_tuple(clock: ManualClock) -> None:
    session = Session(list(LESSONS), clock=clock)
    assert session.lessons == LESSONS
    assert isinstance(session.lessons, tuple)


def test_state_is_frozen(session: Session) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        session.state.screen = Screen.MENU  # type: ignore[misc]


def test_screen_names_are_the_strings_qml_sees() -> None:
    assert [str(s) for s in Screen] == ["attract", "menu", "card", "question", "end", "cover"]


def test_negative_timings_are_refused(clock: ManualClock) -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        Session(LESSONS, idle_seconds=-1, clock=clock)


def test_defaults_match_the_design(clock: ManualClock) -> None:
    session = Session(LESSONS, clock=clock)
    session.touch()
    clock.advance(44.75)
    assert session.tick().countdown is None
    clock.advance(0.25)
    assert session.tick().countdown == 20
    clock.advance(20)
    assert session.tick() == ATTRACT
    session.quick_exit()
    clock.advance(29.75)
    assert session.tick() == COVERED
    clock.advance(0.25)
    assert session.tick() == ATTRACT


# touch ----------------------------------------------------------------------------------------


def test_touch_on_attract_opens_the_menu(session: Session) -> None:
    assert session.touch() == MENU


def test_touch_on_the_cover_returns_to_attract(session: Session) -> None:
    session.quick_exit()
    assert session.touch() == ATTRACT


@pytest.mark.parametrize("screen", [Screen.MENU, Screen.CARD, Screen.QUESTION, Screen.END])
def test_touch_elsewhere_keeps_the_screen(session: Session, screen: Screen) -> None:
    before = go_to(session, screen)
    assert session.touch() == before


# open_lesson ----------------------------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 1])
def test_open_lesson_starts_at_its_first_card(session: Session, index: int) -> None:
    session.touch()
    assert session.open_lesson(index) == state(Screen.CARD, index, card=0)


@pytest.mark.parametrize("index", [-1, 2, 99])
def test_open_lesson_out_of_range_is_ignored(session: Session, index: int) -> None:
    session.touch()
    assert session.open_lesson(index) == MENU


@pytest.mark.parametrize("screen", [s for s in ALL_SCREENS if s is not Screen.MENU])
def test_open_lesson_outside_the_menu_is_ignored(session: Session, screen: Screen) -> None:
    before = go_to(session, screen, lesson=1)
    assert session.open_lesson(0) == before


def test_open_lesson_with_no_lessons_is_ignored(clock: ManualClock) -> None:
    session = Session((), clock=clock)
    session.touch()
    assert session.open_lesson(0) == MENU


# next -----------------------------------------------------------------------------------------


def test_next_walks_the_cards_then_the_first_question(session: Session) -> None:
    session.touch()
    session.open_lesson(0)
    assert session.next() == state(Screen.CARD, 0, card=1)
    assert session.next() == state(Screen.CARD, 0, card=2)
    assert session.next() == state(Screen.QUESTION, 0, question=0)


def test_next_on_an_unanswered_question_does_nothing(session: Session) -> None:
    before = go_to(session, Screen.QUESTION)
    assert session.next() == before


def test_next_on_an_answered_question_goes_to_the_next_one_unanswered(session: Session) -> None:
    go_to(session, Screen.QUESTION)
    session.answer(2)
    assert session.next() == state(Screen.QUESTION, 0, question=1)


def test_next_on_the_last_answered_question_ends_the_lesson(session: Session) -> None:
    go_to(session, Screen.QUESTION, lesson=1)
    session.answer(1)
    session.next()
    session.answer(1)
    assert session.next() == state(Screen.END, 1)


def test_next_on_the_end_is_done(session: Session) -> None:
    go_to(session, Screen.END)
    assert session.next() == ATTRACT


@pytest.mark.parametrize("screen", [Screen.ATTRACT, Screen.MENU, Screen.COVER])
def test_next_outside_a_lesson_is_ignored(session: Session, screen: Screen) -> None:
    before = go_to(session, screen)
    assert session.next() == before


# back -----------------------------------------------------------------------------------------


def test_back_from_a_later_question_clears_the_answer(session: Session) -> None:
    go_to(session, Screen.QUESTION)
    session.answer(1)
    session.next()
    session.answer(0)
    assert session.back() == state(Screen.QUESTION, 0, question=0, answer=None)


def test_back_from_the_first_question_goes_to_the_last_card(session: Session) -> None:
    go_to(session, Screen.QUESTION, lesson=1)
    assert session.back() == state(Screen.CARD, 1, card=1)


def test_back_walks_the_cards_to_the_menu(session: Session) -> None:
    go_to(session, Screen.QUESTION)
    assert session.back() == state(Screen.CARD, 0, card=2)
    assert session.back() == state(Screen.CARD, 0, card=1)
    assert session.back() == state(Screen.CARD, 0, card=0)
    assert session.back() == MENU


def test_back_from_the_end_goes_to_the_last_question(session: Session) -> None:
    go_to(session, Screen.END)
    assert session.back() == state(Screen.QUESTION, 0, question=1, answer=None)


def test_back_from_the_menu_goes_to_attract(session: Session) -> None:
    session.touch()
    assert session.back() == ATTRACT


def test_back_on_attract_stays(session: Session) -> None:
    assert session.back() == ATTRACT
    assert session.back() == ATTRACT


def test_back_never_lifts_the_cover(session: Session) -> None:
    session.quick_exit()
    assert session.back() == COVERED


# answer and is_correct ------------------------------------------------------------------------


def test_answer_is_recorded(session: Session) -> None:
    go_to(session, Screen.QUESTION)
    assert session.answer(2) == state(Screen.QUESTION, 0, question=0, answer=2)


def test_answers_are_final(session: Session) -> None:
    go_to(session, Screen.QUESTION)
    session.answer(0)
    assert session.answer(1).answer == 0


@pytest.mark.parametrize("choice", [-1, 3, 99])
def test_answer_out_of_range_is_ignored(session: Session, choice: int) -> None:
    before = go_to(session, Screen.QUESTION)
    assert session.answer(choice) == before


def test_answer_range_is_per_question(session: Session) -> None:
    go_to(session, Screen.QUESTION)
    session.answer(2)
    session.next()  # the true/false question has two choices
    assert session.answer(2).answer is None
    assert session.answer(1).answer == 1


@pytest.mark.parametrize("screen", [s for s in ALL_SCREENS if s is not Screen.QUESTION])
def test_answer_outside_a_question_is_ignored(session: Session, screen: Screen) -> None:
    before = go_to(session, screen)
    assert session.answer(0) == before


@pytest.mark.parametrize(("choice", "right"), [(0, False), (1, True), (2, False)])
def test_is_correct_multiple_choice(session: Session, choice: int, right: bool) -> None:
    go_to(session, Screen.QUESTION)
    session.answer(choice)
    assert session.is_correct() is right


@pytest.mark.parametrize(("choice", "right"), [(0, True), (1, False)])
def test_is_correct_true_false(session: Session, choice: int, right: bool) -> None:
    go_to(session, Screen.QUESTION)
    session.answer(1)
    session.next()
    session.answer(choice)
    assert session.is_correct() is right


def test_is_correct_is_none_until_answered(session: Session) -> None:
    go_to(session, Screen.QUESTION)
    assert session.is_correct() is None


@pytest.mark.parametrize("screen", [s for s in ALL_SCREENS if s is not Screen.QUESTION])
def test_is_correct_is_none_off_a_question(session: Session, screen: Screen) -> None:
    go_to(session, screen)
    assert session.is_correct() is None


# done -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("screen", ALL_SCREENS)
def test_done_from_anywhere_returns_to_attract(session: Session, screen: Screen) -> None:
    go_to(session, screen)
    assert session.done() == ATTRACT


# A whole lesson -------------------------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 1])
def test_a_visitor_walks_a_whole_lesson(session: Session, index: int) -> None:
    cards = len(LESSONS[index].cards)
    session.touch()
    seen = [session.open_lesson(index)]
    for _ in range(cards - 1):
        seen.append(session.next())
    seen.append(session.next())
    seen.append(session.answer(0))  # wrong
    assert session.is_correct() is False
    seen.append(session.next())
    seen.append(session.answer(0))  # right
    assert session.is_correct() is True
    seen.append(session.next())
    assert seen == [
        *(state(Screen.CARD, index, card=k) for k in range(cards)),
        state(Screen.QUESTION, index, question=0),
        state(Screen.QUESTION, index, question=0, answer=0),
        state(Screen.QUESTION, index, question=1),
        state(Screen.QUESTION, index, question=1, answer=0),
        state(Screen.END, index),
    ]
    assert session.done() == ATTRACT
    assert session.touch() == MENU  # nothing of the last visitor is left


def test_a_lesson_without_cards_starts_at_its_first_question(clock: ManualClock) -> None:
    session = Session((make_lesson("quiz", cards=0),), clock=clock)
    session.touch()
    assert session.open_lesson(0) == state(Screen.QUESTION, 0, question=0)
    assert session.back() == MENU


def test_an_empty_lesson_goes_straight_to_its_end(clock: ManualClock) -> None:
    session = Session((make_lesson("empty", cards=0, questions=()),), clock=clock)
    session.touch()
    assert session.open_lesson(0) == state(Screen.END, 0)
    assert session.back() == MENU


# Idle countdown -------------------------------------------------------------------------------


def test_no_countdown_before_idle_seconds(session: Session, clock: ManualClock) -> None:
    before = go_to(session, Screen.CARD)
    clock.advance(IDLE - 0.01)
    assert session.tick() == before


def test_countdown_appears_after_idle_seconds_and_counts_down(
    session: Session, clock: ManualClock
) -> None:
    go_to(session, Screen.CARD)
    clock.advance(IDLE)
    assert session.tick() == state(Screen.CARD, 0, countdown=20)
    seen = []
    for _ in range(4 * 20 - 1):  # a 250 ms timer, up to the last tick before the end
        clock.advance(0.25)
        seen.append(session.tick().countdown)
    assert seen[:4] == [20, 20, 20, 19]
    assert seen[-5:] == [2, 1, 1, 1, 1]
    assert sorted(set(seen), reverse=True) == list(range(20, 0, -1))
    assert session.state.screen is Screen.CARD


def test_countdown_is_the_ceiling_of_the_seconds_left(session: Session, clock: ManualClock) -> None:
    go_to(session, Screen.MENU)
    clock.advance(IDLE + 0.5)
    assert session.tick().countdown == 20
    clock.advance(0.5)
    assert session.tick().countdown == 19
    clock.advance(18.5)
    assert session.tick().countdown == 1


def test_countdown_runs_out_to_attract_wiping_everything(
    session: Session, clock: ManualClock
) -> None:
    go_to(session, Screen.QUESTION)
    session.answer(1)
    clock.advance(IDLE + COUNTDOWN - 0.25)
    assert session.tick() == state(Screen.QUESTION, 0, answer=1, countdown=1)
    clock.advance(0.25)
    assert session.tick() == ATTRACT
    assert session.touch() == MENU


def test_one_late_tick_goes_straight_to_attract(session: Session, clock: ManualClock) -> None:
    go_to(session, Screen.END)
    clock.advance(IDLE + COUNTDOWN + 500)
    assert session.tick() == ATTRACT


def test_touch_hides_the_countdown_and_restarts_the_idle_timer(
    session: Session, clock: ManualClock
) -> None:
    before = go_to(session, Screen.CARD)
    clock.advance(IDLE + 10)
    assert session.tick().countdown == 10
    assert session.touch() == before  # "More time"
    clock.advance(IDLE - 0.25)
    assert session.tick() == before
    clock.advance(0.25)
    assert session.tick().countdown == 20


@pytest.mark.parametrize(
    "event",
    [
        lambda s: s.next(),
        lambda s: s.back(),
        lambda s: s.answer(99),  # ignored, yet still input
        lambda s: s.open_lesson(0),  # ignored off the menu, yet still input
    ],
)
def test_any_event_is_input(session: Session, clock: ManualClock, event) -> None:
    go_to(session, Screen.QUESTION)
    clock.advance(IDLE + 5)
    assert session.tick().countdown == 15
    assert event(session).countdown is None
    clock.advance(IDLE - 0.01)
    assert session.tick().countdown is None


def test_tick_is_not_input(session: Session, clock: ManualClock) -> None:
    go_to(session, Screen.MENU)
    for _ in range(int((IDLE + COUNTDOWN) / 0.25)):
        clock.advance(0.25)
        session.tick()
    assert session.state == ATTRACT


def test_the_attract_loop_never_counts_down(session: Session, clock: ManualClock) -> None:
    clock.advance(10_000)
    assert session.tick() == ATTRACT


def test_an_event_after_an_overdue_timeout_starts_afresh(
    session: Session, clock: ManualClock
) -> None:
    go_to(session, Screen.CARD, lesson=1)
    clock.advance(IDLE + COUNTDOWN)  # the timer did not fire in time
    assert session.next() == ATTRACT  # the next visitor never sees the last one's card
    assert session.touch() == MENU


def test_an_overdue_touch_opens_a_fresh_menu(session: Session, clock: ManualClock) -> None:
    go_to(session, Screen.QUESTION)
    clock.advance(IDLE + COUNTDOWN + 1)
    assert session.touch() == MENU


def test_custom_timings(clock: ManualClock) -> None:
    session = Session(LESSONS, idle_seconds=5, countdown_seconds=2.5, clock=clock)
    session.touch()
    clock.advance(5)
    assert session.tick().countdown == 3
    clock.advance(2.25)
    assert session.tick().countdown == 1
    clock.advance(0.25)
    assert session.tick() == ATTRACT


# Quick exit -----------------------------------------------------------------------------------


@pytest.mark.parametrize("screen", ALL_SCREENS)
def test_quick_exit_covers_at_once_from_anywhere(session: Session, screen: Screen) -> None:
    go_to(session, screen)
    assert session.quick_exit() == COVERED


def test_quick_exit_during_the_countdown(session: Session, clock: ManualClock) -> None:
    go_to(session, Screen.CARD)
    clock.advance(IDLE + 1)
    session.tick()
    assert session.quick_exit() == COVERED


def test_the_cover_times_out_to_attract(session: Session, clock: ManualClock) -> None:
    go_to(session, Screen.QUESTION)
    session.quick_exit()
    clock.advance(COVER - 0.25)
    assert session.tick() == COVERED
    clock.advance(0.25)
    assert session.tick() == ATTRACT
    assert session.touch() == MENU  # the session was wiped


def test_the_cover_shows_no_countdown(clock: ManualClock) -> None:
    session = Session(LESSONS, idle_seconds=5, cover_seconds=100, clock=clock)
    session.quick_exit()
    for _ in range(90):
        clock.advance(1)
        assert session.tick() == COVERED


def test_quick_exit_again_restarts_the_cover(session: Session, clock: ManualClock) -> None:
    session.quick_exit()
    clock.advance(COVER - 1)
    session.quick_exit()
    clock.advance(2)
    assert session.tick() == COVERED
    clock.advance(COVER)
    assert session.tick() == ATTRACT


@pytest.mark.parametrize(
    "event",
    [lambda s: s.next(), lambda s: s.back(), lambda s: s.open_lesson(0), lambda s: s.answer(0)],
)
def test_other_events_leave_the_cover_up(session: Session, clock: ManualClock, event) -> None:
    session.quick_exit()
    clock.advance(COVER - 1)
    assert event(session) == COVERED
    clock.advance(1)  # and they do not extend it
    assert session.tick() == ATTRACT


def test_done_lifts_the_cover(session: Session) -> None:
    session.quick_exit()
    assert session.done() == ATTRACT


# Esc ------------------------------------------------------------------------------------------


def test_escape_goes_back_one_level(session: Session, clock: ManualClock) -> None:
    go_to(session, Screen.CARD)
    session.next()
    assert session.escape() == state(Screen.CARD, 0, card=0)
    clock.advance(1)
    assert session.escape() == MENU


def test_three_escapes_within_two_seconds_quick_exit(session: Session, clock: ManualClock) -> None:
    go_to(session, Screen.QUESTION)
    session.escape()
    clock.advance(1)
    session.escape()
    clock.advance(1)
    assert session.escape() == COVERED


def test_three_escapes_at_once_quick_exit_even_on_attract(session: Session) -> None:
    session.escape()
    session.escape()
    assert session.escape() == COVERED


def test_slow_escapes_only_go_back(session: Session, clock: ManualClock) -> None:
    go_to(session, Screen.QUESTION)  # lesson 0: three cards before it
    seen = []
    for _ in range(5):
        seen.append(session.escape().screen)
        clock.advance(1.01)
    assert seen == [Screen.CARD, Screen.CARD, Screen.CARD, Screen.MENU, Screen.ATTRACT]


def test_only_presses_within_the_window_count(session: Session, clock: ManualClock) -> None:
    go_to(session, Screen.END)
    session.escape()
    clock.advance(1.5)
    session.escape()
    clock.advance(1.5)  # the first press is now 3 s old
    assert session.escape().screen is Screen.CARD
    clock.advance(0.4)
    assert session.escape() == COVERED


def test_more_escapes_keep_the_cover_up(session: Session, clock: ManualClock) -> None:
    for _ in range(3):
        session.escape()
    for _ in range(5):
        clock.advance(0.3)
        assert session.escape() == COVERED


def test_a_lone_escape_on_the_cover_neither_lifts_nor_extends_it(
    session: Session, clock: ManualClock
) -> None:
    session.quick_exit()
    clock.advance(COVER - 1)
    assert session.escape() == COVERED
    clock.advance(1)
    assert session.tick() == ATTRACT


def test_escape_count_starts_afresh_after_a_quick_exit(
    session: Session, clock: ManualClock
) -> None:
    for _ in range(3):
        session.escape()
    session.touch()
    session.touch()
    assert session.state == MENU
    assert session.escape() == ATTRACT  # an ordinary Esc, not a fourth press


def test_other_input_between_escapes_does_not_reset_the_count(session: Session) -> None:
    go_to(session, Screen.CARD)
    session.escape()
    session.touch()
    session.escape()
    session.touch()
    assert session.escape() == COVERED


# Property-based -------------------------------------------------------------------------------


def assert_valid(session: Session) -> None:
    """The snapshot is internally consistent with the lessons."""
    s = session.state
    lessons = session.lessons
    if s.screen in (Screen.CARD, Screen.QUESTION, Screen.END):
        assert s.lesson is not None
        assert 0 <= s.lesson < len(lessons)
    else:
        assert s.lesson is None
    if s.screen is Screen.CARD:
        assert s.lesson is not None
        assert 0 <= s.card < len(lessons[s.lesson].cards)
    else:
        assert s.card == 0
    if s.screen is Screen.QUESTION:
        assert s.lesson is not None
        questions = lessons[s.lesson].questions
        assert 0 <= s.question < len(questions)
        if s.answer is not None:
            assert 0 <= s.answer < len(questions[s.question].choices)
            assert session.is_correct() is questions[s.question].choices[s.answer].correct
        else:
            assert session.is_correct() is None
    else:
        assert s.question == 0
        assert s.answer is None
        assert session.is_correct() is None
    if s.screen in (Screen.ATTRACT, Screen.COVER):
        assert s.countdown is None
    if s.countdown is not None:
        assert s.countdown >= 1


lesson_shapes = st.lists(
    st.tuples(
        st.integers(0, 3),  # cards
        st.lists(st.tuples(st.integers(1, 3), st.integers(0, 2)), max_size=2),  # (choices, right)
    ),
    min_size=1,  # a pack with no lessons is covered above; here it would only idle on the menu
    max_size=3,
)
# Mostly short steps, so visitors get deep into lessons and three Esc presses fall within 2 s;
# now and then a long one that crosses the idle countdown or a whole timeout.
short = st.floats(0, 1.5, allow_nan=False)
seconds = st.one_of(
    short,
    short,
    short,
    st.floats(0, 70, allow_nan=False),
    st.sampled_from([IDLE, COUNTDOWN, COVER]),
)


def build_lessons(shapes: list[tuple[int, list[tuple[int, int]]]]) -> tuple[Lesson, ...]:
    return tuple(
        make_lesson(
            f"lesson-{i}",
            cards=cards,
            questions=tuple(make_question(n, correct=min(right, n - 1)) for n, right in questions),
        )
        for i, (cards, questions) in enumerate(shapes)
    )


class SessionMachine(RuleBasedStateMachine):
    """Random visitors: any event in any order, with the clock moving between them.

    Beside the session it keeps the few times the timeouts depend on (last input, cover start,
    recent Esc presses), so each step can be checked against what the design says.
    """

    def __init__(self) -> None:
        super().__init__()
        self.clock = ManualClock(1000.0)
        self.session: Session | None = None
        self.idle = self.countdown = self.cover = 0.0
        self.last_input = self.cover_since = self.clock.now
        self.escapes: list[float] = []
        self.last_tick_countdown: int | None = None

    @initialize(
        shapes=lesson_shapes,
        # The defaults half the time; otherwise anything, down to a countdown of nothing.
        idle=st.one_of(st.just(IDLE), st.floats(1, 60, allow_nan=False)),
        countdown=st.one_of(st.just(COUNTDOWN), st.floats(0, 30, allow_nan=False)),
        cover=st.one_of(st.just(COVER), st.floats(0, 40, allow_nan=False)),
    )
    def start(
        self,
        shapes: list[tuple[int, list[tuple[int, int]]]],
        idle: float,
        countdown: float,
        cover: float,
    ) -> None:
        self.idle, self.countdown, self.cover = idle, countdown, cover
        self.session = Session(
            build_lessons(shapes),
            idle_seconds=idle,
            countdown_seconds=countdown,
            cover_seconds=cover,
            clock=self.clock,
        )

    @property
    def s(self) -> Session:
        assert self.session is not None
        return self.session

    def expected_tick(self) -> SessionState:
        """What a tick now should show, from the design's timings."""
        s = self.s.state
        now = self.clock.now
        if s.screen is Screen.COVER:
            return ATTRACT if now - self.cover_since >= self.cover else s
        if s.screen is Screen.ATTRACT:
            return s
        idle_for = now - self.last_input
        left = self.idle + self.countdown - idle_for
        if left <= 0:
            return ATTRACT
        if idle_for >= self.idle:
            return dataclasses.replace(s, countdown=math.ceil(left))
        return s

    def before_input(self) -> SessionState:
        """The state an input acts on: a timeout the timer has not applied yet comes first."""
        return dataclasses.replace(self.expected_tick(), countdown=None)

    def choices(self, s: SessionState) -> int:
        assert s.lesson is not None
        return len(self.s.lessons[s.lesson].questions[s.question].choices)

    def path(self, index: int) -> list[SessionState]:
        """Every screen of lesson ``index`` in order, questions unanswered."""
        lesson = self.s.lessons[index]
        return [
            *(state(Screen.CARD, index, card=k) for k in range(len(lesson.cards))),
            *(state(Screen.QUESTION, index, question=q) for q in range(len(lesson.questions))),
            state(Screen.END, index),
        ]

    def step(self, s: SessionState, delta: int) -> SessionState:
        """The screen ``delta`` steps along the lesson from ``s``; before its start, the menu."""
        assert s.lesson is not None
        path = self.path(s.lesson)
        position = path.index(dataclasses.replace(s, answer=None)) + delta
        return path[position] if position >= 0 else MENU

    def after_input(self, result: SessionState) -> None:
        assert result == self.s.state
        assert result.countdown is None
        self.last_input = self.clock.now
        self.last_tick_countdown = None

    def covered(self) -> None:
        self.cover_since = self.clock.now
        self.escapes = []

    @rule()
    def touch(self) -> None:
        before = self.before_input()
        after = self.s.touch()
        if before.screen is Screen.ATTRACT:
            assert after == MENU
        elif before.screen is Screen.COVER:
            assert after == ATTRACT
        else:
            assert after == before
        self.after_input(after)

    @rule(index=st.integers(-1, 3))
    def open_lesson(self, index: int) -> None:
        before = self.before_input()
        after = self.s.open_lesson(index)
        if before.screen is Screen.MENU and 0 <= index < len(self.s.lessons):
            assert after == self.path(index)[0]
        else:
            assert after == before
        self.after_input(after)

    @rule()
    def next(self) -> None:
        before = self.before_input()
        after = self.s.next()
        if before.screen is Screen.END:
            assert after == ATTRACT
        elif before.screen is Screen.CARD or (
            before.screen is Screen.QUESTION and before.answer is not None
        ):
            assert after == self.step(before, +1)
        else:
            assert after == before  # off a lesson, or a question not yet answered
        self.after_input(after)

    @rule()
    def back(self) -> None:
        before = self.before_input()
        after = self.s.back()
        if before.screen in (Screen.ATTRACT, Screen.MENU):
            assert after == ATTRACT
        elif before.screen is Screen.COVER:
            assert after == COVERED
        else:
            assert after == self.step(before, -1)
        self.after_input(after)

    @rule(choice=st.integers(-1, 3))
    def answer(self, choice: int) -> None:
        before = self.before_input()
        after = self.s.answer(choice)
        if (
            before.screen is Screen.QUESTION
            and before.answer is None
            and choice in range(self.choices(before))
        ):
            assert after == dataclasses.replace(before, answer=choice)
        else:
            assert after == before  # includes: answers are final once given
        self.after_input(after)

    @rule()
    def done(self) -> None:
        self.before_input()
        self.after_input(self.s.done())
        assert self.s.state == ATTRACT

    @rule()
    def quick_exit(self) -> None:
        self.after_input(self.s.quick_exit())
        assert self.s.state == COVERED
        self.covered()

    @rule()
    def escape(self) -> None:
        before = self.before_input()
        now = self.clock.now
        self.escapes = [t for t in self.escapes if now - t <= 2] + [now]
        after = self.s.escape()
        if len(self.escapes) >= 3:
            assert after == COVERED
            self.covered()
        elif before.screen in (Screen.ATTRACT, Screen.MENU):
            assert after == ATTRACT
        elif before.screen is Screen.COVER:
            assert after == COVERED  # a stray Esc never lifts the cover
        else:
            assert after == self.step(before, -1)
        self.after_input(after)

    @rule(steps=st.integers(1, 12), right=st.booleans())
    def read_on(self, steps: int, right: bool) -> None:
        """A purposeful visitor taps forward a few times, up to a question, and answers it.

        Random events alone seldom get deep into a lesson; this gets there quickly.
        """
        for _ in range(steps):
            s = self.before_input()
            if s.screen is Screen.MENU and self.s.lessons:
                self.open_lesson(len(self.s.lessons) - 1)
            elif s.screen is Screen.QUESTION and s.answer is None:
                assert s.lesson is not None
                question = self.s.lessons[s.lesson].questions[s.question]
                self.answer(question.correct_index if right else len(question.choices) - 1)
                assert self.s.is_correct() is question.choices[self.s.state.answer or 0].correct
                return  # and stops to read why
            elif s.screen in (Screen.CARD, Screen.QUESTION, Screen.ATTRACT, Screen.MENU):
                (self.next if s.lesson is not None else self.touch)()
            else:
                return  # the end or the cover: let the other rules decide
            self.clock.advance(0.5)

    @rule(fraction=st.floats(0, 1.2, allow_nan=False))
    def walk_away(self, fraction: float) -> None:
        """Leave for part (or all) of the idle timeout, with no timer firing meanwhile."""
        self.clock.advance(fraction * (self.idle + self.countdown))

    @rule(dt=seconds)
    def advance(self, dt: float) -> None:
        self.clock.advance(dt)  # without a tick: a timer running late

    @rule(dt=seconds)
    def tick(self, dt: float) -> None:
        self.clock.advance(dt)
        expected = self.expected_tick()
        after = self.s.tick()
        assert after == expected
        if after.countdown is not None and self.last_tick_countdown is not None:
            assert after.countdown <= self.last_tick_countdown  # it only ever counts down
        self.last_tick_countdown = after.countdown

    @precondition(lambda self: self.session is not None)
    @invariant()
    def valid(self) -> None:
        assert_valid(self.s)
        if self.s.state.screen is Screen.ATTRACT:
            assert self.s.state == ATTRACT  # nothing of a visitor is kept

    def teardown(self) -> None:
        if self.session is None:
            return
        # Whatever happened, a visitor who walks away leaves nothing behind.
        self.clock.advance(self.idle + self.countdown + self.cover + 0.001)
        assert self.s.tick() == ATTRACT
        assert self.s.state.lesson is None


TestSessionMachine = SessionMachine.TestCase
TestSessionMachine.settings = settings(max_examples=200, deadline=None)


EVENTS = st.one_of(
    st.sampled_from(["touch", "next", "back", "done", "quick_exit", "escape", "tick"]).map(
        lambda name: (name, None)
    ),
    st.tuples(st.sampled_from(["open_lesson", "answer"]), st.integers(-2, 4)),
    st.tuples(st.just("advance"), seconds),
)


@settings(max_examples=200, deadline=None)
@given(shapes=lesson_shapes, events=st.lists(EVENTS, max_size=60))
def test_random_visits_always_return_to_attract(
    shapes: list[tuple[int, list[tuple[int, int]]]], events: list[tuple[str, object]]
) -> None:
    clock = ManualClock(1000.0)
    session = Session(
        build_lessons(shapes),
        idle_seconds=IDLE,
        countdown_seconds=COUNTDOWN,
        cover_seconds=COVER,
        clock=clock,
    )
    for name, arg in events:
        if name == "advance":
            assert isinstance(arg, float)
            clock.advance(arg)
        elif arg is None:
            getattr(session, name)()
        else:
            getattr(session, name)(arg)
        assert_valid(session)
    clock.advance(max(IDLE + COUNTDOWN, COVER) + 0.001)
    assert session.tick() == ATTRACT
    assert session.state.lesson is None


VENUE_LESSONS = (
    make_lesson("general"),
    make_lesson("hotel-staff", venues=("hotel",)),
    make_lesson("stations", venues=("transit", "truckstop")),
)


def ids(lessons: tuple[Lesson, ...]) -> list[str]:
    return [lesson.id for lesson in lessons]


def test_a_venue_offers_its_own_lessons_and_the_general_ones() -> None:
    assert ids(lessons_for_venue(VENUE_LESSONS, "transit")) == ["general", "stations"]
    assert ids(lessons_for_venue(VENUE_LESSONS, "hotel")) == ["general", "hotel-staff"]


def test_a_hotel_lesson_never_shows_on_a_transit_kiosk() -> None:
    hotel_only = (make_lesson("hotel-staff", venues=("hotel",)),)
    assert lessons_for_venue(hotel_only, "transit") == ()  # no fallback, unlike slides


def test_no_venue_or_any_offers_every_lesson() -> None:
    assert ids(lessons_for_venue(VENUE_LESSONS, None)) == ids(VENUE_LESSONS)
    assert ids(lessons_for_venue(VENUE_LESSONS, "any")) == ids(VENUE_LESSONS)
