"""The touch session for QML: wraps :class:`kiosk.playback.session.Session`.

Input from the whole window reaches the session through :class:`InputFilter` (any press or key
resets the idle timer; a tap on the attract loop opens the menu), so QML pages only draw the state
and call the slots for their buttons. What a page would otherwise work out (which choice is right,
how far through the lesson the visitor is, which screen shows) is a property here; the screen is
the registered enum ``SessionBridge.Screen``, so no QML compares screen names as strings.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Property, QEnum, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.content.model import Choice, Lesson, Pack
from kiosk.ops.stats import SessionEvents, Tally
from kiosk.playback.languages import native_name
from kiosk.playback.session import Screen, Session, SessionState, lessons_for_venue
from kiosk.ui.bridges.attract import AttractBridge, fallback_name
from kiosk.ui.pictures import file_url

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

DEFAULT_IDLE_SECONDS = 45
TICK_MILLIS = 250


def lesson_tile(pack: Pack, lesson: Lesson, language: str) -> dict[str, Any]:
    """One tile of the lesson menu, as plain values."""
    return {
        "id": lesson.id,
        "title": lesson.title.get(language),
        "fallbackName": fallback_name(pack, language, lesson.title),
        "icon": file_url(pack.asset(lesson.icon)) if lesson.icon else "",
        "minutes": lesson.minutes,
    }


@QmlElement
@QmlUncreatable("the scene hands it to Main.qml as a required property")
class SessionBridge(QObject):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """What touch mode shows, and the visitor's actions.

    Signals:
        changed: anything about the session changed (screen, card, answer, countdown).
        lessonsChanged: the menu changed (a new pack went live).

    Properties:
        screen: a :class:`SessionBridge.Screen` value.
        lessons: menu tiles (title, fallbackName, icon, minutes): the lessons for the kiosk's venue.
        lessonTitle, cardIndex, cardCount, card, questionIndex, questionCount, question.
        step, stepCount: where the visitor is in the lesson, cards then questions (progress dots).
        answerIndex: the choice picked (-1 if none); rightIndex: the right choice (-1 off a
        question); answeredRight; canAdvance: "Next" (or "Done") would move on (or show the
        next page of this menu, card or question).
        part, parts: the page of the menu, a card, question or feedback on show and how many it has
        (accessibility mode pages what does not fit; the view reports ``parts``).
        countdown (-1 when hidden), focusIndex (keyboard), keyboardActive (a key was pressed
        since the last touch or click in this session: only then do pages draw the focus
        outline), venueName (for the neutral cover screen), hasLessons (no lessons: no touch
        mode).
        languages: the pack's languages as ``{code, name}``, each named in itself ("Español");
        language: the code on screen. A visitor's choice lasts until the session ends, when the
        kiosk's first language is back: the next visitor starts where everyone starts.

    Slots:
        touch, moreTime, openLesson(index), next, advance (next, or done at the end), back,
        answer(choice), done, quickExit, escape, tick, setLanguage(code), setParts(count),
        showPart(part).

    Python only: :meth:`key` (a key press, from :class:`InputFilter`) and :meth:`pointer` (a
    touch or click) switch ``keyboardActive`` on and off.
    """

    @QEnum
    class Screen(IntEnum):
        """The session's screen as QML sees it: ``SessionBridge.Screen.Menu`` and so on."""

        Attract = 0
        Menu = 1
        Card = 2
        Question = 3
        End = 4
        Cover = 5

    changed = Signal()
    lessonsChanged = Signal()

    def __init__(
        self,
        attract: AttractBridge,
        idle_seconds: int | None = None,
        venue_name: str = "",
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
        *,
        counts: Tally | None = None,
    ) -> None:
        """``counts``: where sessions, lessons, right answers and language switches are counted
        (None: not counted)."""
        super().__init__(parent)
        self._attract = attract
        self._counts = counts
        self._events = SessionEvents()
        self._idle_override = idle_seconds
        self._venue_name = venue_name
        self._clock = clock
        self._focus = 0
        self._keyboard = False
        self._pacing = 1.0
        self._session = self._new_session()
        self._state = self._session.state
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MILLIS)
        self._timer.timeout.connect(self.tick)
        attract.packChanged.connect(self._on_pack_changed)

    def _new_session(self) -> Session:
        pack = self._attract.pack
        self._session_pack: Pack | None = pack
        self.idle_seconds = self._idle_override or pack.idle_seconds or DEFAULT_IDLE_SECONDS
        lessons = lessons_for_venue(pack.lessons, self._attract.venue)
        return Session(lessons, idle_seconds=self.idle_seconds * self._pacing, clock=self._clock)

    def use_idle_seconds(self, idle_seconds: int | None) -> None:
        """Edited ``kiosk.yaml`` (idle time, venue): the next session in attract mode uses it."""
        self._idle_override = idle_seconds
        self._session_pack = None  # renewed at the next change seen in attract mode

    def set_pacing(self, factor: float) -> None:
        """Multiply the idle time before the countdown by ``factor`` (accessibility mode: 2)."""
        self._pacing = factor
        self._session.set_idle_seconds(self.idle_seconds * factor)

    def _on_pack_changed(self) -> None:
        # Also a change of language (the loop's rotation, or the visitor's choice).
        if self._state.screen == Screen.ATTRACT:  # never swap under a visitor's feet
            if self._attract.pack is not self._session_pack:
                self._session = self._new_session()
                self._state = self._session.state
            self.lessonsChanged.emit()
        else:
            self.lessonsChanged.emit()
            self.changed.emit()

    @property
    def session(self) -> Session:
        """The state machine behind the bridge (replaced when a new pack goes live)."""
        return self._session

    @property
    def state(self) -> SessionState:
        """What the session shows now."""
        return self._state

    def _apply(self, state: SessionState) -> None:
        before = self._state
        self._state = state
        if state.screen != before.screen or state.lesson != before.lesson:
            self._focus = 0
        if state.screen in (Screen.ATTRACT, Screen.COVER):
            self._keyboard = False  # the session ended: the next visitor starts by touch
        if state.screen != before.screen:
            log.info("screen %s -> %s", before.screen, state.screen)
        if before.screen == Screen.ATTRACT and state.screen != Screen.ATTRACT:
            self._attract.stop()
            self._timer.start()
            # Every visitor starts in the kiosk's first language, whatever slide was showing.
            self._attract.set_visitor_language(self._attract.languages[0])
        elif state.screen == Screen.ATTRACT and before.screen != Screen.ATTRACT:
            self._timer.stop()
            self._attract.start()
        if state.screen in (Screen.ATTRACT, Screen.COVER):
            self._attract.set_visitor_language(None)  # the session ended: its language too
        if self._counts is not None and state != before:
            ids = [lesson.id for lesson in self._session.lessons]
            right = bool(self._session.is_correct())
            for counter, key in self._events.step(before, state, ids, right):
                self._counts.add(counter, key)
        if state != before:
            self.changed.emit()

    def _set_keyboard(self, active: bool) -> None:
        if active != self._keyboard:
            self._keyboard = active
            self.changed.emit()

    # -- actions (QML buttons, keys, the input filter) ---------------------------------------

    @Slot()
    def touch(self) -> None:
        if self._state.screen == Screen.ATTRACT and not self._session.lessons:
            return  # a pack without lessons has no touch mode; the loop plays on
        self._apply(self._session.touch())

    @Slot()
    def moreTime(self) -> None:
        self._apply(self._session.touch())

    @Slot(int)
    def openLesson(self, index: int) -> None:
        self._apply(self._session.open_lesson(index))

    @Slot()
    def next(self) -> None:
        self._apply(self._session.next())

    @Slot()
    def advance(self) -> None:
        """The "Next" button: the next page, card or question, or "Done" at the end of a lesson."""
        if self._state.screen == Screen.END:
            self.done()
        else:
            self.next()

    @Slot()
    def back(self) -> None:
        self._apply(self._session.back())

    @Slot(int)
    def answer(self, choice: int) -> None:
        """Pick choice ``choice`` of the question on screen; the first answer is final."""
        self._apply(self._session.answer(choice))

    @Slot(int)
    def setParts(self, count: int) -> None:
        """The view's measure of how many pages the card, question or feedback on show needs."""
        self._apply(self._session.set_parts(count))

    @Slot(int)
    def showPart(self, part: int) -> None:
        """Show page ``part``: the view follows the keyboard's focus to a choice on another page."""
        self._apply(self._session.show_part(part))

    @Slot()
    def done(self) -> None:
        self._apply(self._session.done())

    @Slot()
    def quickExit(self) -> None:
        self._apply(self._session.quick_exit())

    @Slot()
    def escape(self) -> None:
        self._apply(self._session.escape())

    @Slot()
    def tick(self) -> None:
        self._apply(self._session.tick())

    @Slot(str)
    def setLanguage(self, code: str) -> None:
        """The language button: everything on screen in ``code`` until the session ends."""
        if self._state.screen not in (Screen.ATTRACT, Screen.COVER):
            # Which language a visitor picked is theirs: the log says only that it changed.
            log.info("visitor changed the language")
            before = self._attract.current_language()
            self._attract.set_visitor_language(code)
            if self._counts is not None and self._attract.current_language() != before:
                self._counts.add("language_switch", code)

    def pointer(self) -> None:
        """A touch or a click: input, and the focus outline hides until the next key press."""
        self.hide_focus()
        self.touch()

    def hide_focus(self) -> None:
        """A touch or click that is not input yet (the countdown's buttons take it)."""
        self._set_keyboard(False)

    def key(self, key: int) -> bool:
        """Keyboard navigation for kiosks without touch. Returns True when the key was used.

        Any key press shows the focus outline (until a touch or click, or the session ends).
        """
        self._set_keyboard(True)
        screen = self._state.screen
        if key == Qt.Key.Key_Escape:
            self.escape()
        elif screen in (Screen.ATTRACT, Screen.COVER):
            self.touch()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Backspace):
            self.back()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Right) and self._choices() > 0:
            step = -1 if key == Qt.Key.Key_Up else 1
            self._focus = (self._focus + step) % self._choices()
            self._apply(self._session.touch())
            self.changed.emit()
        elif key == Qt.Key.Key_Right:
            self.next()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._activate()
        else:
            return False
        return True

    def _choices(self) -> int:
        """How many things arrow keys move between on this screen (0: arrows page instead)."""
        state = self._state
        if state.screen == Screen.MENU:
            return len(self._session.lessons)
        if state.screen == Screen.QUESTION and state.answer is None:
            return len(self._current_question_choices())
        return 0

    def _activate(self) -> None:
        state = self._state
        if state.screen == Screen.MENU:
            self.openLesson(self._focus)
        elif state.screen == Screen.QUESTION and state.answer is None:
            self.answer(self._focus)
        else:
            self.advance()

    # -- what QML reads -----------------------------------------------------------------------

    def _lang(self) -> str:
        return self._attract.current_language()

    def _lesson(self) -> Lesson | None:
        index = self._state.lesson
        return self._session.lessons[index] if index is not None else None

    def _current_question_choices(self) -> tuple[Choice, ...]:
        lesson = self._lesson()
        if lesson is None or self._state.screen != Screen.QUESTION:
            return ()
        return lesson.questions[self._state.question].choices

    def _get_screen(self) -> int:
        return SessionBridge.Screen[self._state.screen.name.title()].value

    def _get_lessons(self) -> list[dict[str, Any]]:
        pack = self._attract.pack
        return [lesson_tile(pack, lesson, self._lang()) for lesson in self._session.lessons]

    def _get_lesson_title(self) -> str:
        lesson = self._lesson()
        return lesson.title.get(self._lang()) if lesson else ""

    def _get_card_index(self) -> int:
        return self._state.card

    def _get_card_count(self) -> int:
        lesson = self._lesson()
        return len(lesson.cards) if lesson else 0

    def _get_card(self) -> dict[str, Any]:
        lesson = self._lesson()
        if lesson is None or self._state.screen != Screen.CARD:
            return {}
        card = lesson.cards[self._state.card]
        lang = self._lang()
        return {
            "headline": card.headline.get(lang),
            "body": card.body.get(lang),
            "fallbackName": fallback_name(self._attract.pack, lang, card.headline, card.body),
            "image": file_url(self._attract.pack.asset(card.image)) if card.image else "",
        }

    def _get_question_index(self) -> int:
        return self._state.question

    def _get_question_count(self) -> int:
        lesson = self._lesson()
        return len(lesson.questions) if lesson else 0

    def _get_question(self) -> dict[str, Any]:
        lesson = self._lesson()
        if lesson is None or self._state.screen != Screen.QUESTION:
            return {}
        question = lesson.questions[self._state.question]
        lang = self._lang()
        return {
            "prompt": question.prompt.get(lang),
            "choices": [
                {"text": c.text.get(lang), "why": c.why.get(lang), "correct": c.correct}
                for c in question.choices
            ],
            "fallbackName": fallback_name(
                self._attract.pack,
                lang,
                question.prompt,
                *(c.text for c in question.choices),
                *(c.why for c in question.choices),
            ),
        }

    def _get_step(self) -> int:
        if self._state.screen == Screen.QUESTION:
            return self._get_card_count() + self._state.question
        return self._state.card

    def _get_step_count(self) -> int:
        return self._get_card_count() + self._get_question_count()

    def _get_right_index(self) -> int:
        choices = self._current_question_choices()
        return next((i for i, choice in enumerate(choices) if choice.correct), -1)

    def _get_can_advance(self) -> bool:
        state = self._state
        if state.screen == Screen.QUESTION:
            return state.answer is not None or state.part < state.parts - 1
        if state.screen == Screen.MENU:  # large text: Next shows the menu's next page of tiles
            return state.part < state.parts - 1
        return state.screen in (Screen.CARD, Screen.END)

    def _get_part(self) -> int:
        return self._state.part

    def _get_parts(self) -> int:
        return self._state.parts

    def _get_answer(self) -> int:
        return -1 if self._state.answer is None else self._state.answer

    def _get_answered_right(self) -> bool:
        return bool(self._session.is_correct())

    def _get_countdown(self) -> int:
        return -1 if self._state.countdown is None else self._state.countdown

    def _get_focus(self) -> int:
        return self._focus

    def _get_keyboard_active(self) -> bool:
        return self._keyboard

    def _get_venue_name(self) -> str:
        return self._venue_name

    def _get_has_lessons(self) -> bool:
        return bool(self._session.lessons)

    def _get_languages(self) -> list[dict[str, str]]:
        return [{"code": c, "name": native_name(c)} for c in self._attract.pack.languages]

    screen = Property(int, _get_screen, notify=changed, final=True)
    lessons = Property(list, _get_lessons, notify=lessonsChanged, final=True)
    lessonTitle = Property(str, _get_lesson_title, notify=changed, final=True)
    cardIndex = Property(int, _get_card_index, notify=changed, final=True)
    cardCount = Property(int, _get_card_count, notify=changed, final=True)
    card = Property(dict, _get_card, notify=changed, final=True)
    questionIndex = Property(int, _get_question_index, notify=changed, final=True)
    questionCount = Property(int, _get_question_count, notify=changed, final=True)
    question = Property(dict, _get_question, notify=changed, final=True)
    step = Property(int, _get_step, notify=changed, final=True)
    stepCount = Property(int, _get_step_count, notify=changed, final=True)
    answerIndex = Property(int, _get_answer, notify=changed, final=True)
    rightIndex = Property(int, _get_right_index, notify=changed, final=True)
    canAdvance = Property(bool, _get_can_advance, notify=changed, final=True)
    answeredRight = Property(bool, _get_answered_right, notify=changed, final=True)
    part = Property(int, _get_part, notify=changed, final=True)
    parts = Property(int, _get_parts, notify=changed, final=True)
    countdown = Property(int, _get_countdown, notify=changed, final=True)
    focusIndex = Property(int, _get_focus, notify=changed, final=True)
    keyboardActive = Property(bool, _get_keyboard_active, notify=changed, final=True)
    venueName = Property(str, _get_venue_name, constant=True, final=True)
    hasLessons = Property(bool, _get_has_lessons, notify=lessonsChanged, final=True)
    languages = Property(list, _get_languages, notify=lessonsChanged, final=True)
    language = Property(str, _lang, notify=changed, final=True)


class InputFilter(QObject):
    """Sees every press and key in the window before QML does.

    Any input resets the idle timer. A press on the attract loop or the cover screen is taken by
    the session (it opens the menu, or resumes the loop) and not passed on, so the same touch
    cannot also press a button that appears under the finger.
    """

    _PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)

    def __init__(self, session: SessionBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.suspended = False  # the staff keypad or panel is open: the show sees nothing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.suspended:
            return False
        kind = event.type()
        if kind in self._PRESSES:
            state = self._session.state
            if state.screen in (Screen.ATTRACT, Screen.COVER):
                self._session.pointer()
                return True
            if state.countdown is not None:
                # The countdown overlay takes this press itself ("More time", or its Exit):
                # resetting here would hide it and hand the press to the button beneath.
                self._session.hide_focus()
                return False
            self._session.pointer()  # elsewhere a touch only resets the idle timer
            return False
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.isAutoRepeat():
                return True
            if self._session.key(event.key()):
                return True
            self._session.touch()  # any other key still means someone is there
            return False
        return False
