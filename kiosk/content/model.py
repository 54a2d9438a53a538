"""The content model: frozen dataclasses built from a validated pack."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
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
    # What people read, per language: a plain ``display`` in pack.yaml is the same text in every
    # language of the pack; a map words it per language ("Envíe HELP al 233733").
    display: Localized
    number: str | None = None
    url: str | None = None
    organisation: str | None = None  # a key of Pack.organisations


@dataclass(frozen=True)
class Organisation:
    """Who answers a group of hotlines (the strip shows its numbers together, under its name)."""

    key: str
    name: Localized


@dataclass(frozen=True)
class HotlineGroup:
    """One group of the reporting strip: an organisation's hotlines, or one hotline on its own.

    The first hotline is the group's main number (the largest on the strip); the others are
    written smaller under it.
    """

    organisation: Organisation | None
    hotlines: tuple[Hotline, ...]


@dataclass(frozen=True)
class Publisher:
    """Who speaks: named small on every slide, as public-service posters name theirs."""

    name: Localized
    logo: str | None = None  # an SVG in the pack


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
    from_date: date | None = None  # pack.yaml ``from``: plays from this day on (inclusive)
    until_date: date | None = None  # pack.yaml ``until``: plays up to this day (inclusive)


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
    organisations: tuple[Organisation, ...] = ()
    publisher: Publisher | None = None

    def hotline_groups(self) -> tuple[HotlineGroup, ...]:
        """The strip's groups, in the order their first hotline has in ``hotlines``."""
        by_key = {o.key: o for o in self.organisations}
        groups = []
        for indexes in strip_groups([h.organisation for h in self.hotlines]):
            first = self.hotlines[indexes[0]]
            organisation = by_key.get(first.organisation) if first.organisation else None
            groups.append(HotlineGroup(organisation, tuple(self.hotlines[i] for i in indexes)))
        return tuple(groups)

    # A text may lack a language but the first (pack.yaml ``fallback: true``): shown in the first.
    fallback: bool = False

    @property
    def version_tuple(self) -> tuple[int, ...]:
        return version_tuple(self.version)

    def asset(self, relative: str) -> Path:
        """The absolute path of a file named in the pack."""
        return self.root / relative


def strip_groups(organisations: Sequence[str | None]) -> list[list[int]]:
    """Hotline indexes grouped for the strip: one organisation's together (at its first
    hotline's place), a hotline without an organisation on its own.

    >>> strip_groups([None, "ncmec", "nhth", "nhth", None])
    [[0], [1], [2, 3], [4]]
    """
    groups: list[list[int]] = []
    where: dict[str, list[int]] = {}
    for i, key in enumerate(organisations):
        if key is None:
            groups.append([i])
        elif key in where:
            where[key].append(i)
        else:
            where[key] = [i]
            groups.append(where[key])
    return groups


def version_tuple(version: str) -> tuple[int, ...]:
    """``"2026.11.0"`` → ``(2026, 11, 0)``, compared as a tuple."""
    return tuple(int(part) for part in version.split("."))


def frozen_map(items: Mapping[str, Link]) -> Mapping[str, Link]:
    return MappingProxyType(dict(items))
