"""The torture pack rendered screen by screen: what each lesson screen shows and what is cut.

Shared by tests/render/test_snapshot_torture.py (a representative subset, in make test) and
tests/bench/test_torture_matrix.py (every size, language and mode, in make bench).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtQuick import QQuickItem
from PySide6.QtWidgets import QApplication

from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.playback.clock import ManualClock
from kiosk.render import wcag
from kiosk.render.snapshot import Shot, SilentSpeaker, Snapshotter, overflowing_texts, settle
from kiosk.render.snapshot import lesson_screens as walk_lessons
from kiosk.ui.app import Scene, load_fonts

TORTURE_PACK = Path(__file__).resolve().parent / "fixtures" / "torture_pack"
SIZES = ((1920, 1080), (1280, 720), (1080, 1920))
# What a lesson screen is, apart from the menu (LessonMenu's) and the countdown and cover.
LESSON_KINDS = ("lesson-card", "lesson-question", "lesson-end")


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
        texts = {t.objectName(): str(t.property("text")) for t in wcag.texts(root)}
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
    """Every touch-mode screen of ``pack``, every page of each, in one fresh scene."""
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
    walk_lessons(scene, recorder, clock, accessible=accessible)
    scene.window.close()
    del scene
    app.processEvents()
    return recorder.seen


def load_torture() -> Pack:
    return load_pack(TORTURE_PACK)


# One-line cells: the hotline block's grid (HotlineBlock.qml) and the QR block's label, whose
# texts `pack fit` refuses by their field when they do not fit one line. The torture pack's
# hotline labels, displays and link labels are at the validator's limits, wider than those
# cells: such a pack is refused at `pack build`, so what the cells do with them is not a lesson
# screen's cut (issue 24: "labels on one line", "label on one line above the code").
ONE_LINE_CELLS = (
    "groupHeading", "groupMain", "groupDialled", "groupOther", "groupFallback", "qrLabel",
)  # fmt: skip


def lesson_overflow(seen: Seen) -> list[str]:
    """What is cut on a screen, apart from the one-line cells ``pack fit`` answers for."""
    return [name for name in seen.overflow if not name.startswith(ONE_LINE_CELLS)]


def problems(pack: Pack, seen: list[Seen], language: str) -> list[str]:
    """What a person would miss on the lesson screens: cut texts, and words on no page."""
    found = [
        f"{s.shot.id}: {', '.join(lesson_overflow(s))}"
        for s in seen
        if s.shot.kind.startswith(LESSON_KINDS) and lesson_overflow(s)
    ]
    pages: dict[str, list[Seen]] = defaultdict(list)
    for s in seen:
        pages[s.screen].append(s)

    def shown(screen: str, name: str) -> list[str]:
        """The words of the item ``name`` on every page of ``screen``, in page order."""
        return " ".join(p.texts.get(name, "") for p in pages[screen]).split()

    def words(text: str) -> list[str]:
        return text.split()

    for lesson in pack.lessons:
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
