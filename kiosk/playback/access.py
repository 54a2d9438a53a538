"""Accessibility mode: what it changes, when it ends, and what read-aloud says. No Qt.

A visitor turns the mode on with one button in touch mode. It enlarges the text, switches to the
high-contrast palette and doubles the idle time before the countdown; with a speech engine it can
read the card or question on screen. Like the language, it belongs to one visitor: the session's
end (the attract loop or the quick-exit cover) turns it off, so the next visitor starts plain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.playback.session import Screen

TEXT_SCALE = 1.5  # the issue asks for at least 1.5x
IDLE_FACTOR = 2.0  # slower pacing: twice the time before "Still there?"

# Screens where a session is running; anything else ends the visitor's settings.
_IN_SESSION = frozenset({Screen.MENU, Screen.CARD, Screen.QUESTION, Screen.END})


@dataclass(frozen=True)
class Access:
    """The visitor's accessibility settings.

    Attributes:
        on: accessibility mode is on.
    """

    on: bool = False

    @property
    def text_scale(self) -> float:
        """Factor on every font size in touch mode."""
        return TEXT_SCALE if self.on else 1.0

    @property
    def high_contrast(self) -> bool:
        return self.on

    @property
    def idle_factor(self) -> float:
        """Factor on the idle time before the countdown."""
        return IDLE_FACTOR if self.on else 1.0

    def toggled(self) -> Access:
        return Access(on=not self.on)

    def after(self, screen: Screen) -> Access:
        """The settings once the session shows ``screen``: off when the session ended."""
        return self if screen in _IN_SESSION else Access()


def card_words(headline: str, body: str) -> str:
    """What read-aloud says for a card: the headline, then the body."""
    return _sentences([headline, body])


def question_words(prompt: str, choices: Sequence[str], why: str = "") -> str:
    """What read-aloud says for a question: the prompt, the numbered choices and, once answered,
    why the chosen answer is right or wrong."""
    parts = [prompt, *(f"{i}. {choice}" for i, choice in enumerate(choices, start=1))]
    if why:
        parts.append(why)
    return _sentences(parts)


def _sentences(parts: Sequence[str]) -> str:
    """Join parts so a speech engine pauses between them (a full stop where none ends a part)."""
    out = []
    for part in parts:
        text = " ".join(part.split())
        if not text:
            continue
        out.append(text if text[-1] in ".?!:;…" else text + ".")
    return " ".join(out)
