"""The content model: frozen dataclasses built from a validated pack."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType


@dataclass(frozen=True)
class Localized:
    """A text in every language of its pack, e.g. ``{"en": "...", "es": "..."}``."""

    texts: Mapping[str, str]

    def has(self, language: str) -> bool:
        """Whether the text is written in ``language`` (a fallback pack may lack some)."""
        return language in self.texts

    def get(self, language: str, fallback: str = "en") -> str:
        """The text in ``language``, else ``fallback``, else any language the text has."""
        if language in self.texts:
            return self.texts[language]
        if fallback in self.texts:
            return self.texts[fallback]
        return next(iter(self.texts.values()), "")


@dataclass(frozen=True)
class Hotline:
    """One entry of the always-visible reporting strip."""

    kind: str  # call | text | web
    label: Localized
    display: str
    number: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Link:
    """A link a QR code may point to; ``display`` is the short form written under the code."""

    key: str
    url: str
    display: str
    label: Localized


@dataclass(frozen=True)
class Slide:
    """One screen of the attract loop."""

    id: str
    venues: tuple[str, ...]
    seconds: int
    headline: Localized
    body: Localized
    image: str | None
    qr: str


@dataclass(frozen=True)
class Card:
    """One card of a lesson."""

    headline: Localized
    body: Localized
    image: str | None = None


@dataclass(frozen=True)
class Choice:
    """An answer to a question; ``why`` is the feedback shown once it is chosen."""

    text: Localized
    correct: bool
    why: Localized


@dataclass(frozen=True)
class Question:
    """A multiple-choice or true/false question (true/false is two choices)."""

    prompt: Localized
    choices: tuple[Choice, ...]

    @property
    def correct_index(self) -> int:
        return next(i for i, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True)
class Lesson:
    """A short touch-mode lesson: a few cards, then one or two questions."""

    id: str
    title: Localized
    icon: str | None
    minutes: int
    venues: tuple[str, ...]
    cards: tuple[Card, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Pack:
    """A loaded, validated content pack. ``root`` is the folder its file paths are relative to."""

    id: str
    version: str
    languages: tuple[str, ...]
    title: Localized
    review_status: str
    review_note: Localized | None
    hotlines: tuple[Hotline, ...]
    links: Mapping[str, Link]
    slides: tuple[Slide, ...]
    lessons: tuple[Lesson, ...]
    root: Path
    idle_seconds: int | None = None
    files: tuple[str, ...] = field(default=())
    # A text may lack a language but the first (pack.yaml ``fallback: true``): shown in the first.
    fallback: bool = False

    @property
    def version_tuple(self) -> tuple[int, ...]:
        return version_tuple(self.version)

    def asset(self, relative: str) -> Path:
        """The absolute path of a file named in the pack."""
        return self.root / relative


def version_tuple(version: str) -> tuple[int, ...]:
    """``"2026.11.0"`` → ``(2026, 11, 0)``, compared as a tuple."""
    return tuple(int(part) for part in version.split("."))


def frozen_map(items: Mapping[str, Link]) -> Mapping[str, Link]:
    return MappingProxyType(dict(items))
