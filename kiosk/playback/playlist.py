"""Venue + language → the slide sequence of the attract loop."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from kiosk.content.model import Pack, Slide

SlideSeconds = float | tuple[float, float]
"""A fixed number of seconds per slide, or a (shortest, longest) range."""


def slides_for_venue(pack: Pack, venue: str | None) -> tuple[Slide, ...]:
    """The slides a kiosk at ``venue`` plays, in pack order.

    A venue plays its own slides plus the general (``any``) ones; with no venue set, every slide
    plays; a venue with no slides of its own shows the general ones. Never empty for a valid pack.
    """
    if venue is None:
        return pack.slides
    chosen = tuple(s for s in pack.slides if venue in s.venues or "any" in s.venues)
    return chosen or pack.slides


def interleave(slides: tuple[Slide, ...]) -> tuple[Slide, ...]:
    """Alternate venue slides with general ones, so one kind never runs long."""
    own = [s for s in slides if "any" not in s.venues]
    general = [s for s in slides if "any" in s.venues]
    out: list[Slide] = []
    while own or general:
        if own:
            out.append(own.pop(0))
        if general:
            out.append(general.pop(0))
    return tuple(out)


@dataclass
class Playlist:
    """A looping cursor over the slides of one venue.

    Attributes:
        slides: the sequence, never empty.
        position: index of the slide on screen.
    """

    slides: tuple[Slide, ...]
    position: int = 0
    seconds_override: SlideSeconds | None = None
    # Seeded and not for secrets: it only varies slide times in soak tests, reproducibly.
    _random: random.Random = field(default_factory=lambda: random.Random(0), repr=False)  # noqa: S311

    @classmethod
    def for_pack(
        cls, pack: Pack, venue: str | None, seconds_override: SlideSeconds | None = None
    ) -> Playlist:
        return cls(interleave(slides_for_venue(pack, venue)), 0, seconds_override)

    @property
    def current(self) -> Slide:
        return self.slides[self.position]

    @property
    def upcoming(self) -> Slide:
        """The slide after the current one, so the screen can load it before the crossfade."""
        return self.slides[(self.position + 1) % len(self.slides)]

    def seconds(self, slide: Slide) -> float:
        """How long ``slide`` stays: the pack's value unless the command line overrides it.

        A range override (soak tests) draws each duration at random, seeded, so a run repeats.
        """
        override = self.seconds_override
        if override is None:
            return slide.seconds
        if isinstance(override, tuple):
            return self._random.uniform(*override)
        return override

    def advance(self) -> Slide:
        """Move to the next slide (wrapping round) and return it."""
        self.position = (self.position + 1) % len(self.slides)
        return self.current
