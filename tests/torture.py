"""The torture pack rendered screen by screen: what each screen shows and what is cut.

Used by tests/render/test_snapshot_torture.py, which renders it once per size, language and
mode.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtQuick import QQuickItem
from PySide6.QtWidgets import QApplication

from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.content.phones import NO_BREAK_SPACE, as_written
from kiosk.playback.clock import ManualClock
from kiosk.render import wcag
from kiosk.render.snapshot import (
    Shot,
    SilentSpeaker,
    Snapshotter,
    closed_screen,
    overflowing_texts,
    settle,
    staff_screens,
)
from kiosk.render.snapshot import lesson_screens as walk_lessons
from kiosk.ui.app import Scene, load_fonts

TORTURE_PACK = Path(__file__).resolve().parent / "fixtures" / "torture_pack"
SIZES = ((1920, 1080), (1280, 720), (1080, 1920))


@dataclass
class Seen:
    """One screen as rendered: its shot, the texts cut or overflowing, every visible text."""

    shot: Shot
    overflow: list[str]
    texts: dict[str, str] = field(default_factory=dict)
    shown: set[str] = field(default_factory=set)  # every visible item's objectName

    @property
    def screen(self) -> str:
        """The screen this is a page of: ``lesson-1/card-1`` for ``lesson-1/card-1-page-2``."""
        return self.shot.id.split("-page-", 1)[0]


class _Recorder(Snapshotter):
    def __init__(self, scene: Scene) -> None:
        super().__init__(scene.window, Path())
        self.seen: list[Seen] = []

    def grab(self, screen: Shot) -> None:
        settle(self.window)
        self.window.grabWindow()  # one render pass: the layout a person would see
        root = self.window.contentItem()
        size = (float(self.window.width()), float(self.window.height()))
        # As the pack wrote them: without the ties that keep a number whole on screen.
        texts = {
            t.objectName(): as_written(str(t.property("text"))).replace(NO_BREAK_SPACE, " ")
            for t in wcag.texts(root)
        }
        self.seen.append(Seen(screen, overflowing_texts(root, size), texts, _shown(root)))
        self.screens.append(screen)


def _shown(item: QQuickItem) -> set[str]:
    names: set[str] = set()
    for child in item.childItems():
        if child.isVisible():
            names.add(child.objectName())
            names |= _shown(child)
    return names


def render(pack: Pack, size: tuple[int, int], language: str, accessible: bool) -> list[Seen]:
    """Every screen ``kiosk snapshot`` draws of ``pack`` (``--accessible``: touch mode's), every
    page of each, in one fresh scene; of the lessons, the first one's screens (the torture pack's
    lessons are alike, see tests/render/test_snapshot_torture.py; the menu shows all of them)."""
    app = QApplication.instance()
    assert app is not None
    load_fonts()
    clock = ManualClock()
    scene = Scene(
        pack,
        venue=None,
        language=language,
        animate=False,
        clock=clock,
        speaker=SilentSpeaker() if accessible else None,  # the read-aloud button takes room
    )
    scene.window.resize(*size)
    scene.window.show()
    recorder = _Recorder(scene)
    attract = scene.attract
    # As `kiosk snapshot` (kiosk/render/snapshot.py): accessibility mode is touch mode's only.
    for i, slide in enumerate([] if accessible else attract.playlist.slides):
        attract.showSlide(i)
        recorder.grab(Shot(slide.id, "slide", list(slide.venues), f"slide-{slide.id}.png"))
    attract.showSlide(0)
    walk_lessons(scene, recorder, clock, accessible=accessible, walk=[0])
    if not accessible:
        staff_screens(scene, recorder)
        closed_screen(scene, recorder)
    scene.window.close()
    del scene
    app.processEvents()
    return recorder.seen


def load_torture() -> Pack:
    return load_pack(TORTURE_PACK)


def problems(pack: Pack, seen: list[Seen], language: str) -> list[str]:
    """What a person would miss: texts cut on any screen, and a lesson's words on no page."""
    found = [f"{s.shot.id}: {', '.join(s.overflow)}" for s in seen if s.overflow]
    pages: dict[str, list[Seen]] = defaultdict(list)
    for s in seen:
        pages[s.screen].append(s)

    def shown(screen: str, name: str) -> list[str]:
        """The words of the item ``name`` on every page of ``screen``, in page order."""
        return " ".join(p.texts.get(name, "") for p in pages[screen]).split()

    def words(text: str) -> list[str]:
        return text.split()

    for lesson in pack.lessons[:1]:  # the lesson walked (render)
        for ci, card in enumerate(lesson.cards):
            screen = f"{lesson.id}/card-{ci + 1}"
            if shown(screen, "cardBody") != words(card.body.get(language)):
                found.append(f"{screen}: the card's body is not all on its pages")
        for qi, question in enumerate(lesson.questions):
            screen = f"{lesson.id}/question-{qi + 1}"
            if shown(screen, "questionPrompt") != words(question.prompt.get(language)):
                found.append(f"{screen}: the prompt is not all on its pages")
            choices = {
                text
                for p in pages[screen]
                for n, text in p.texts.items()
                if n.startswith("choiceText")
            }
            if choices != {c.text.get(language) for c in question.choices}:
                found.append(f"{screen}: not every choice is on a page, whole")
            right = question.choices[question.correct_index]
            if shown(f"{screen}-right", "why") != words(right.why.get(language)):
                found.append(f"{screen}-right: the feedback is not all on its pages")
    return found
