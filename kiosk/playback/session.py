"""The touch session: attract → menu → cards → questions → end, idle reset and quick exit.

A pure state machine driven by events (``touch``, ``next``, ``back``, ...) and by ``tick`` from a
timer. Time comes from an injected clock, so tests never sleep. Every event returns the new
:class:`SessionState`; an event that makes no sense where the visitor is (a stray tap) is ignored,
never raised, but still counts as input and resets the idle timer.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from kiosk.content.model import Lesson

ESCAPE_PRESSES = 3
"""Esc presses that make a quick exit, when they fall within :data:`ESCAPE_WINDOW` seconds."""
ESCAPE_WINDOW = 2.0
# A bound on the pages a view may ask for: a pack's longest card needs 3 in accessibility mode
# at 1280x720; a broken measure must not make Next step through hundreds of empty pages.
MAX_PARTS = 12


class Screen(StrEnum):
    """What the touch session shows."""

    ATTRACT = "attract"
    MENU = "menu"
    CARD = "card"
    QUESTION = "question"
    END = "end"
    COVER = "cover"  # the quick-exit neutral screen


@dataclass(frozen=True)
class SessionState:
    """A snapshot of the session.

    Attributes:
        screen: the screen showing.
        lesson: index into the session's lessons; None outside a lesson (attract, menu, cover).
        card: current card index; 0 when not on a card.
        question: current question index; 0 when not on a question.
        answer: the choice picked on the current question; None if unanswered or not on a question.
        countdown: whole seconds left of the idle countdown while it shows, else None.
        part, parts: which page of the menu, a card or a question shows, and how many it has.
            A menu, card, question or feedback too long for one screen in accessibility mode
            pages instead of
            scrolling; the view measures and reports ``parts`` (:meth:`Session.set_parts`),
            and Next and Back step through the pages before they move on.
    """

    screen: Screen
    lesson: int | None = None
    card: int = 0
    question: int = 0
    answer: int | None = None
    countdown: int | None = None
    part: int = 0
    parts: int = 1


_ATTRACT = SessionState(Screen.ATTRACT)

# The screens a view may page in accessibility mode: a card, a question (and its feedback), and
# the lesson menu, whose large tiles page rather than scroll behind a thin bar.
_PAGED = (Screen.MENU, Screen.CARD, Screen.QUESTION)


def lessons_for_venue(lessons: Sequence[Lesson], venue: str | None) -> tuple[Lesson, ...]:
    """The lessons the menu of a kiosk at ``venue`` offers, in pack order.

    A venue offers its own lessons and the general (``any``) ones; with no venue set, or ``any``,
    every lesson shows. Unlike slides there is no fallback to the others: a lesson written for
    another venue never shows (a hotel's lesson on a transit kiosk tells staff what is not
    theirs to do). With none left, touch mode is off and the loop plays on.
    """
    if venue is None or venue == "any":
        return tuple(lessons)
    return tuple(lesson for lesson in lessons if venue in lesson.venues or "any" in lesson.venues)


class Session:
    """The touch-session state machine.

    Args:
        lessons: the lessons the menu offers, in order.
        idle_seconds: seconds without input before the idle countdown shows.
        countdown_seconds: length of the idle countdown; when it runs out the session is wiped.
        cover_seconds: how long the quick-exit cover stays unless touched.
        clock: monotonic seconds.
    """

    def __init__(
        self,
        lessons: Sequence[Lesson],
        *,
        idle_seconds: float = 45,
        countdown_seconds: float = 20,
        cover_seconds: float = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if min(idle_seconds, countdown_seconds, cover_seconds) < 0:
            raise ValueError("session timings must not be negative")
        self._lessons = tuple(lessons)
        self._idle_seconds = idle_seconds
        self._countdown_seconds = countdown_seconds
        self._cover_seconds = cover_seconds
        self._clock = clock
        self._state = _ATTRACT
        self._last_input = clock()
        self._cover_since = self._last_input
        self._escapes: list[float] = []

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        return self._lessons

    @property
    def idle_seconds(self) -> float:
        """Seconds without input before the idle countdown shows."""
        return self._idle_seconds

    def set_idle_seconds(self, seconds: float) -> None:
        """Change the idle time from now on (accessibility mode's slower pacing)."""
        if seconds < 0:
            raise ValueError("session timings must not be negative")
        self._idle_seconds = seconds

    def set_parts(self, parts: int) -> SessionState:
        """The view's measure: the screen on show needs ``parts`` pages (1 to :data:`MAX_PARTS`).

        Not input (the visitor did nothing). Off the menu, a card or a question it is ignored;
        the page on show stays unless it no longer exists (a language switch, a resized screen).
        """
        s = self._state
        if s.screen in _PAGED:
            parts = max(1, min(MAX_PARTS, parts))
            self._state = replace(s, parts=parts, part=min(s.part, parts - 1))
        return self._state

    def show_part(self, part: int) -> SessionState:
        """Show page ``part`` of the menu, card or question on show (keyboard focus moved to a
        tile or choice on another page). Input, like the key press that asked for it; out of
        range is ignored.
        """
        self._input()
        s = self._state
        if s.screen in _PAGED and 0 <= part < s.parts:
            self._state = replace(s, part=part)
        return self._state

    # Events ---------------------------------------------------------------------------------

    def touch(self) -> SessionState:
        """Any input: resets the idle timer and hides the countdown ("More time" is this too).

        On the attract loop it opens the menu; on the cover it returns to the attract loop.
        """
        self._input()
        if self._state.screen is Screen.ATTRACT:
            self._state = SessionState(Screen.MENU)
        elif self._state.screen is Screen.COVER:
            self._state = _ATTRACT
        return self._state

    def open_lesson(self, index: int) -> SessionState:
        """On the menu: start lesson ``index`` at its first card."""
        self._input()
        if self._state.screen is Screen.MENU and 0 <= index < len(self._lessons):
            self._state = self._at(index, 0)
        return self._state

    def next(self) -> SessionState:
        """Forward one step: the next card, the first question, the next question, the end.

        On the menu, a card or a question with pages left (accessibility mode): its next page.

        A question must be answered first. On the end screen this is the same as :meth:`done`.
        """
        self._input()
        s = self._state
        if s.screen in _PAGED and s.part < s.parts - 1:
            self._state = replace(s, part=s.part + 1)  # the rest of this screen
        elif s.screen is Screen.END:
            self._state = _ATTRACT
        elif s.screen is Screen.CARD or (s.screen is Screen.QUESTION and s.answer is not None):
            self._step(+1)
        return self._state

    def back(self) -> SessionState:
        """One level up: previous question or card, then the menu, then the attract loop.

        On a later page of the menu, a card or a question: its page before. Going back to a
        question shows it unanswered. Never leaves the cover, never quits.
        """
        self._input()
        s = self._state
        if s.screen in _PAGED and s.part > 0:
            self._state = replace(s, part=s.part - 1)
        else:
            self._back()
        return self._state

    def answer(self, choice: int) -> SessionState:
        """On an unanswered question: pick ``choice``. Answers are final once given."""
        self._input()
        s = self._state
        if s.screen is Screen.QUESTION and s.answer is None and s.lesson is not None:
            choices = self._lessons[s.lesson].questions[s.question].choices
            if 0 <= choice < len(choices):
                # The feedback is a new page (the view measures how many parts it needs).
                self._state = replace(s, answer=choice, part=0, parts=1)
        return self._state

    def done(self) -> SessionState:
        """From anywhere: wipe the session and return to the attract loop."""
        self._input()
        self._state = _ATTRACT
        return self._state

    def quick_exit(self) -> SessionState:
        """From anywhere: cover the screen at once and wipe the session."""
        self._cover(self._input())
        return self._state

    def escape(self) -> SessionState:
        """The Esc key: :meth:`back`, except that three presses within 2 s make a quick exit."""
        now = self._input()
        self._escapes = [t for t in self._escapes if now - t <= ESCAPE_WINDOW] + [now]
        if len(self._escapes) >= ESCAPE_PRESSES:
            self._cover(now)
        else:
            self._back()
        return self._state

    def tick(self) -> SessionState:
        """Called by a timer (e.g. every 250 ms): runs the idle countdown and the cover timeout.

        Not input: it never resets the idle timer.
        """
        self._expire(self._clock())
        return self._state

    # Queries --------------------------------------------------------------------------------

    def is_correct(self) -> bool | None:
        """Whether the answer to the current question is right; None if there is none."""
        s = self._state
        if s.screen is not Screen.QUESTION or s.lesson is None or s.answer is None:
            return None
        return self._lessons[s.lesson].questions[s.question].choices[s.answer].correct

    # Internals ------------------------------------------------------------------------------

    def _input(self) -> float:
        """Note an input now and return the time.

        An overdue timeout is applied first: if the timer fired late, the next visitor's touch
        must not bring back the last visitor's lesson.
        """
        now = self._clock()
        self._expire(now)
        self._last_input = now
        if self._state.countdown is not None:
            self._state = replace(self._state, countdown=None)
        return now

    def _expire(self, now: float) -> None:
        screen = self._state.screen
        if screen is Screen.COVER:
            if now - self._cover_since >= self._cover_seconds:
                self._state = _ATTRACT
        elif screen is not Screen.ATTRACT:
            idle = now - self._last_input
            left = self._idle_seconds + self._countdown_seconds - idle
            if left <= 0:
                self._state = _ATTRACT
            elif idle >= self._idle_seconds:
                self._state = replace(self._state, countdown=math.ceil(left))

    def _cover(self, now: float) -> None:
        self._state = SessionState(Screen.COVER)
        self._cover_since = now
        self._escapes = []

    def _back(self) -> None:
        # Not from the cover: a panicked extra Esc must not lift it; only a touch or time does.
        screen = self._state.screen
        if screen is Screen.MENU:
            self._state = _ATTRACT
        elif screen in (Screen.CARD, Screen.QUESTION, Screen.END):
            self._step(-1)

    def _step(self, delta: int) -> None:
        """Move ``delta`` steps along the lesson: its cards, then its questions, then the end."""
        s = self._state
        if s.lesson is None:  # unreachable while the state is valid; a kiosk must not crash
            return
        lesson = self._lessons[s.lesson]
        if s.screen is Screen.CARD:
            position = s.card
        elif s.screen is Screen.QUESTION:
            position = len(lesson.cards) + s.question
        else:
            position = len(lesson.cards) + len(lesson.questions)
        self._state = self._at(s.lesson, position + delta)

    def _at(self, lesson_index: int, position: int) -> SessionState:
        """The state at ``position`` along a lesson; before its start is the menu."""
        lesson = self._lessons[lesson_index]
        cards, questions = len(lesson.cards), len(lesson.questions)
        if position < 0:
            return SessionState(Screen.MENU)
        if position < cards:
            return SessionState(Screen.CARD, lesson_index, card=position)
        if position < cards + questions:
            return SessionState(Screen.QUESTION, lesson_index, question=position - cards)
        return SessionState(Screen.END, lesson_index)
