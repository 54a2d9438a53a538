"""Accessibility mode for QML: large text, high contrast, slower pacing and read-aloud.

The decisions are :mod:`kiosk.playback.access` (pure); this bridge holds the visitor's
:class:`~kiosk.playback.access.Access`, tells the session to pace itself, and speaks through a
:class:`Speaker`. Qt's text to speech (``PySide6.QtTextToSpeech``, the ``speechd`` engine on
Linux) is optional: :func:`system_speaker` returns None when the module, the engine or
speech-dispatcher is missing, and QML then hides the read-aloud button.

``kiosk run`` starts the engine only when a visitor first turns accessibility mode on
(``start_speaker``): with speech-dispatcher installed, creating it takes 1.5-2.5 s on the GUI
thread (it lists every voice over speech-dispatcher's socket) and ~8 MB, which the first frame
and most visitors never need. Until it is ready ``canSpeak`` is false and ``speechStarting``
true: the button is there at once, faint and untappable, so the row does not move when it
works. While it reads, ``reading`` is true and the button offers to stop; reading ends by itself
(the speaker says when), with Stop, with a new screen, or when the mode is turned off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Property, QLocale, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.ops.stats import Tally
from kiosk.playback.access import Access, card_words, question_words
from kiosk.playback.session import Screen
from kiosk.ui.bridges.attract import AttractBridge
from kiosk.ui.bridges.session import SessionBridge

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

# Engines that make no sound: never offered to a visitor.
_SILENT_ENGINES = frozenset({"mock"})
SPEECH_RATE = -0.2  # a little slower than the engine's default (-1 … 1)
# After the tap that turns accessibility mode on, time for its larger text to reach the screen
# before the speech engine's start holds the GUI thread.
SPEECH_START_DELAY_MS = 250


class Speaker(Protocol):
    """Something that reads text aloud."""

    def say(self, text: str, language: str, finished: Callable[[], None]) -> None:
        """Start reading ``text`` (in ``language``, ISO 639-1), replacing what is being read.

        ``finished`` is called once, on the GUI thread, when the text has been read to its end
        (or could not be read); never after :meth:`stop` or a later ``say``.
        """

    def stop(self) -> None:
        """Stop reading at once."""


class QtSpeaker:
    """A :class:`Speaker` over ``QTextToSpeech``: its state says when a reading ends."""

    def __init__(self, engine: Any) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech  # loaded already: it made ``engine``

        self._states = QTextToSpeech.State
        self._engine = engine
        self._finished: Callable[[], None] | None = None
        self._begun = False  # the engine has started on the text since say()
        engine.stateChanged.connect(self._on_state)

    def say(self, text: str, language: str, finished: Callable[[], None]) -> None:
        self._finished = None  # what was being read ends unannounced
        locale = QLocale(language)
        if locale in self._engine.availableLocales():
            self._engine.setLocale(locale)
        self._engine.stop()
        self._begun = False
        self._finished = finished
        self._engine.say(text)

    def stop(self) -> None:
        self._finished = None
        self._engine.stop()

    def _on_state(self, state: Any) -> None:
        if state in (self._states.Speaking, self._states.Synthesizing):
            self._begun = True
            return
        # A Ready before the new text began is the earlier reading's stop, arriving late.
        if state == self._states.Error or (state == self._states.Ready and self._begun):
            done, self._finished, self._begun = self._finished, None, False
            if done is not None:
                done()


def system_speaker(parent: QObject | None = None) -> QtSpeaker | None:
    """The system's speech engine, or None when there is none that works.

    ``PySide6.QtTextToSpeech`` ships in the PySide6 wheel (Addons) with the ``speechd`` engine,
    which needs Debian's ``speech-dispatcher`` (and a voice, e.g. ``espeak-ng``) at run time;
    the module itself needs ``libpulse0``. Any of these missing means no read-aloud.
    """
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech  # optional: see above
    except ImportError as exc:
        log.info("read-aloud off: Qt text to speech cannot load (%s)", exc)
        return None
    engines = [e for e in QTextToSpeech.availableEngines() if e not in _SILENT_ENGINES]
    for name in engines:
        engine = QTextToSpeech(name, parent)
        if engine.state() != QTextToSpeech.State.Error:
            engine.setRate(SPEECH_RATE)
            log.info("read-aloud through the %s speech engine", name)
            return QtSpeaker(engine)
        log.info("read-aloud: the %s engine does not start: %s", name, engine.errorString())
        engine.deleteLater()
    log.info("read-aloud off: no speech engine works (install speech-dispatcher)")
    return None


@QmlElement
@QmlUncreatable("the scene hands it to Main.qml as a required property")
class AccessBridge(QObject):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """The visitor's accessibility settings and read-aloud.

    Signals:
        changed: the settings changed (on/off).

    Properties:
        active: accessibility mode is on.
        textScale: factor on touch mode's font sizes (1.5 when on).
        highContrast: the high-contrast palette is in use.
        canSpeak: a speech engine works (else the read-aloud button is hidden).
        speechStarting: the speech engine is being started (the button shows, not yet usable).
        reading: the card or question is being read aloud now.
        rightToLeft: the language on screen is written right to left (QML mirrors the layout).

    Slots:
        toggle: accessibility mode on or off.
        readAloud: read the card or question on screen.
        stopReading: stop reading.
        toggleReading: the read-aloud button: read, or stop while reading.
    """

    changed = Signal()

    def __init__(
        self,
        attract: AttractBridge,
        session: SessionBridge,
        speaker: Speaker | None = None,
        parent: QObject | None = None,
        *,
        start_speaker: Callable[[], Speaker | None] | None = None,
        counts: Tally | None = None,
    ) -> None:
        """``speaker`` reads aloud from the start; else ``start_speaker`` makes one, once, when
        accessibility mode is first turned on (None if no engine works). ``counts``: where
        turning the mode on and reading aloud are counted (None: not counted)."""
        super().__init__(parent)
        self._counts = counts
        self._attract = attract
        self._session = session
        self._speaker = speaker
        self._start_speaker = start_speaker if speaker is None else None
        self._starting = False
        self._reading = False
        self._reads = 0  # readings begun: a reading's end counts only while it is the last one
        self._access = Access()
        self._shown = self._where()
        session.changed.connect(self._on_session_changed)
        attract.packChanged.connect(self.changed)

    @property
    def access(self) -> Access:
        return self._access

    def _where(self) -> tuple[Any, ...]:
        """What is on screen, for read-aloud: reading stops whenever this changes."""
        state = self._session.state
        return (state.screen, state.lesson, state.card, state.question, state.answer)

    def _set(self, access: Access) -> None:
        if access == self._access:
            return
        self._access = access
        self._session.set_pacing(access.idle_factor)
        if not access.on:
            self.stopReading()
        elif self._start_speaker is not None and not self._starting:
            self._starting = True  # the button shows now, faint, and keeps its place
            QTimer.singleShot(SPEECH_START_DELAY_MS, self._start_speech)
        self.changed.emit()

    def _start_speech(self) -> None:
        start, self._start_speaker = self._start_speaker, None  # tried once per run
        if start is None:
            return
        self._speaker = start()
        self._starting = False
        self.changed.emit()  # canSpeak: the button can be tapped (or, with no engine, goes)

    def _on_session_changed(self) -> None:
        where = self._where()
        if where != self._shown:
            self._shown = where
            self.stopReading()
        self._set(self._access.after(self._session.state.screen))

    @Slot()
    def toggle(self) -> None:
        self._set(self._access.toggled())
        if self._counts is not None and self._access.on:
            self._counts.add("accessibility_on")

    def words(self) -> str:
        """What read-aloud would say on the screen shown now ("" where there is nothing)."""
        state = self._session.state
        if state.screen == Screen.CARD:
            card: dict[str, Any] = self._session.property("card")
            return card_words(card.get("headline", ""), card.get("body", ""))
        if state.screen == Screen.QUESTION:
            question: dict[str, Any] = self._session.property("question")
            choices = question.get("choices", [])
            why = choices[state.answer]["why"] if state.answer is not None else ""
            return question_words(question.get("prompt", ""), [c["text"] for c in choices], why)
        return ""

    @Slot()
    def readAloud(self) -> None:
        text = self.words()
        if self._speaker is None or not text:
            return
        self._reads += 1
        reading = self._reads
        self._speaker.say(text, self._attract.current_language(), lambda: self._read(reading))
        self._set_reading(True)
        if self._counts is not None:
            self._counts.add("read_aloud")

    def _read(self, reading: int) -> None:
        """The speaker read reading number ``reading`` to its end."""
        if reading == self._reads:
            self._set_reading(False)

    @Slot()
    def stopReading(self) -> None:
        if self._speaker is not None:
            self._speaker.stop()
        self._reads += 1
        self._set_reading(False)

    @Slot()
    def toggleReading(self) -> None:
        if self._reading:
            self.stopReading()
        else:
            self.readAloud()

    def _set_reading(self, reading: bool) -> None:
        if reading != self._reading:
            self._reading = reading
            self.changed.emit()

    def _get_active(self) -> bool:
        return self._access.on

    def _get_text_scale(self) -> float:
        return self._access.text_scale

    def _get_high_contrast(self) -> bool:
        return self._access.high_contrast

    def _get_can_speak(self) -> bool:
        return self._speaker is not None

    def _get_speech_starting(self) -> bool:
        return self._starting

    def _get_reading(self) -> bool:
        return self._reading

    def _get_right_to_left(self) -> bool:
        language = QLocale(self._attract.current_language())
        return language.textDirection() == Qt.LayoutDirection.RightToLeft

    active = Property(bool, _get_active, notify=changed, final=True)
    textScale = Property(float, _get_text_scale, notify=changed, final=True)
    highContrast = Property(bool, _get_high_contrast, notify=changed, final=True)
    canSpeak = Property(bool, _get_can_speak, notify=changed, final=True)
    speechStarting = Property(bool, _get_speech_starting, notify=changed, final=True)
    reading = Property(bool, _get_reading, notify=changed, final=True)
    rightToLeft = Property(bool, _get_right_to_left, notify=changed, final=True)
