"""Does every text of a pack fit on the screen? Rendered offscreen, answered in the pack's words.

``kiosk pack fit DIR`` (and ``kiosk pack build``, which runs it before writing an archive) drives
the real QML through every screen, as ``kiosk snapshot`` does, in every language of the pack, at
1920x1080 and 1080x1920, and touch mode again in accessibility mode at
:data:`ACCESSIBLE_SIZES` (large text pages what does not fit one screen; a text that still cannot
be shown whole, or a line cut by an edge, is refused like any other). Each text item that is
elided, spills or is cut is traced back to the pack field it shows (:mod:`kiosk.intake.sources`;
a page of a long text names the whole text's field), so the author reads
``slides/transit.yaml:14: [2].headline.en: text does not fit at 1080x1920 …``, never the name of a
QML item.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.common.problems import Problem
from kiosk.content.model import Pack
from kiosk.intake.sources import PackSources, read_sources
from kiosk.playback.clock import ManualClock
from kiosk.render.snapshot import (
    Shot,
    SilentSpeaker,
    Snapshotter,
    lesson_screens,
    overflowing_items,
    settle,
)
from kiosk.ui.app import Scene, ScreenError, load_fonts
from kiosk.ui.scene import visible_items

log = logging.getLogger(__name__)

SIZES: tuple[tuple[int, int], ...] = ((1920, 1080), (1080, 1920))
# Accessibility mode (touch mode only): the smallest common screen too, where large text has
# the least room (a Spanish question at 1280x720 once showed no answer at all).
ACCESSIBLE_SIZES: tuple[tuple[int, int], ...] = ((1920, 1080), (1280, 720), (1080, 1920))

DOES_NOT_FIT = "text does not fit"
# The hotline block (HotlineBlock.qml) is a grid of one-line cells: a heading or number wider
# than its column is never wrapped, so the author is told which line to shorten.
ONE_LINE = "does not fit on one line of the hotlines"
_HOTLINE_ITEMS = ("groupHeading", "groupMain", "groupDialled", "groupOther")


@dataclass
class _Misfit:
    """One text that does not fit, with every size and the first screen it was seen on."""

    problem: Problem
    screen: str
    sizes: list[str] = field(default_factory=list)


class _FitRecorder(Snapshotter):
    """Walks the screens like :class:`Snapshotter` but keeps what does not fit, not the PNGs."""

    def __init__(
        self,
        window: QQuickWindow,
        sources: PackSources,
        language: str,
        found: dict[tuple[str, int, str, str], _Misfit],
        accessible: bool = False,
    ) -> None:
        super().__init__(window, Path())
        self.sources = sources
        self.language = language
        self.found = found
        self.accessible = accessible
        self.lessons: list[str] = []  # the menu's lesson ids, in its order

    def grab(self, screen: Shot) -> None:
        if self.accessible and not screen.kind.startswith(
            ("lesson-menu", "lesson-card", "lesson-question")
        ):
            # Large text pages the menu's tiles and the pack's cards, questions and feedback
            # (each page is checked); the end screen's large-text layout is the kiosk's own
            # (the snapshot checks it).
            return
        settle(self.window)
        self.window.grabWindow()  # one render pass, so the layout is the one people would see
        size = (float(self.window.width()), float(self.window.height()))
        label = f"{self.window.width()}x{self.window.height()}"
        if self.accessible:
            label += " in accessibility mode"
        for item in overflowing_items(self.window.contentItem(), size):
            # A page of a long text (accessibility mode) names the whole text it is part of.
            shown = str(item.property("whole") or item.property("text") or "")
            problem = self._problem(screen, shown, item.objectName())
            key = (problem.file, problem.line, problem.field, problem.message)
            misfit = self.found.setdefault(key, _Misfit(problem, f"{screen.id}, {self.language}"))
            if label not in misfit.sizes:
                misfit.sizes.append(label)
        for item in lonely_words(self.window.contentItem()):
            problem = self._problem(screen, str(item.property("original") or ""), item.objectName())
            problem = dataclasses.replace(problem, message=LONELY)
            key = (problem.file, problem.line, problem.field, problem.message)
            misfit = self.found.setdefault(key, _Misfit(problem, f"{screen.id}, {self.language}"))
            if label not in misfit.sizes:
                misfit.sizes.append(label)
        self.screens.append(screen)

    def _problem(self, screen: Shot, text: str, name: str) -> Problem:
        within, near = _context(screen)
        tile = re.fullmatch(r"lesson[A-Za-z]*?(\d+)", name)
        if screen.kind == "lesson-menu" and tile and int(tile.group(1)) < len(self.lessons):
            # A menu tile (lessonTitle3, lessonMinutes3) shows the lesson of its index.
            within = ("lessons", self.lessons[int(tile.group(1))])
        source = self.sources.locate(text, self.language, within, near)
        if source is not None:
            message = ONE_LINE if name.startswith(_HOTLINE_ITEMS) else DOES_NOT_FIT
            return Problem(source.file, source.line, source.field, message)
        # Not a pack text: the kiosk's own words ("Lessons", "2 min") on this screen.
        shown = text if len(text) <= 40 else text[:39] + "…"
        item = self.sources.items.get(within) if within else None
        message = f"the kiosk's own words {shown!r} do not fit on this screen"
        if item is not None:
            return Problem(item.file, item.line, item.field, message)
        return Problem("pack.yaml", 0, "", message)


# A balanced headline (BalancedText.qml) whose last line is still one word alone: its last two
# words do not fit on one line. Balancing is the kiosk's job; this one only a rewording fixes.
LONELY = "one word is left alone on its last line"
_ADVICE = {
    DOES_NOT_FIT: "shorten it",
    ONE_LINE: "shorten it",
    LONELY: "reword it so its last two words fit a line",
}


def lonely_words(item: QQuickItem) -> list[QQuickItem]:
    """Every shown headline under ``item`` whose last line is one word alone."""
    return [child for child in visible_items(item) if child.property("lonelyWord") is True]


def _context(screen: Shot) -> tuple[tuple[str, str] | None, tuple[str | int, ...]]:
    """The slide or lesson a screen shows, and the card or question within it."""
    if screen.kind == "slide":
        return ("slides", screen.id), ()
    if screen.lesson is None:
        return None, ()
    part = screen.id.split("/", 1)[-1]  # card-2, question-1-right, end
    kind, _, rest = part.partition("-")
    number = rest.split("-", 1)[0]
    if kind in ("card", "question") and number.isdigit():
        return ("lessons", screen.lesson), (f"{kind}s", int(number) - 1)
    return ("lessons", screen.lesson), ()


def fit_problems(
    pack: Pack,
    sizes: Iterable[tuple[int, int]] = SIZES,
    accessible_sizes: Iterable[tuple[int, int]] = ACCESSIBLE_SIZES,
) -> list[Problem]:
    """Every text of ``pack`` that does not fit, in every language of the pack.

    Every screen at ``sizes``; touch mode in accessibility mode at ``accessible_sizes``.

    Raises:
        ScreenError: the QML could not be loaded.
    """
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never opens a window, even with a display
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    load_fonts()
    sources = read_sources(pack.root)
    # Every screen change is logged at INFO; walking a pack through its screens is not news.
    session_log = logging.getLogger("kiosk.ui.bridges.session")
    level = session_log.level
    session_log.setLevel(logging.WARNING)
    try:
        modes = [(w, h, False) for w, h in sizes] + [(w, h, True) for w, h in accessible_sizes]
        found = _walk(pack, modes, sources, app)
    finally:
        session_log.setLevel(level)
    return sorted(
        Problem(
            m.problem.file,
            m.problem.line,
            m.problem.field,
            f"{m.problem.message} at {' and '.join(m.sizes)} (screen {m.screen}); "
            + _ADVICE.get(
                m.problem.message, "a fault of the kiosk, not of the pack: please report it"
            ),
        )
        for m in found.values()
    )


def _walk(
    pack: Pack,
    modes: Iterable[tuple[int, int, bool]],
    sources: PackSources,
    app: QCoreApplication,
) -> dict[tuple[str, int, str, str], _Misfit]:
    """Every screen in every language at every size and mode; what does not fit, by field."""
    found: dict[tuple[str, int, str, str], _Misfit] = {}
    for language in pack.languages:
        for width, height, accessible in modes:
            clock = ManualClock()
            # With a speech engine the read-aloud button shows, and takes room: measure so.
            speaker = SilentSpeaker() if accessible else None
            scene = Scene(
                pack, venue=None, language=language, animate=False, clock=clock, speaker=speaker
            )
            window = scene.window
            window.resize(width, height)
            window.show()
            shots = _FitRecorder(window, sources, language, found, accessible)
            shots.lessons = [lesson.id for lesson in scene.session.session.lessons]
            # The attract loop is never in accessibility mode (it ends with the session).
            for i, slide in enumerate([] if accessible else scene.attract.playlist.slides):
                scene.attract.showSlide(i)
                shots.grab(Shot(slide.id, "slide", list(slide.venues), ""))
            scene.attract.showSlide(0)
            lesson_screens(scene, shots, clock, accessible=accessible)
            window.close()
            del scene
            app.processEvents()
    return found


__all__ = ["ACCESSIBLE_SIZES", "SIZES", "ScreenError", "fit_problems"]
