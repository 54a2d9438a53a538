"""``kiosk preview DIR``: an author's pack folder, live in a window, reloaded as files are saved.

The window is the kiosk's own scene (the attract loop and every lesson screen), windowed, with a
panel (``PreviewPanel.qml``): a status bar under the kiosk's screen (never over it, see
:mod:`kiosk.render.preview_frame`) that says where one is, in which language and at which size,
and which keys do what; and, when the folder has problems, a sheet that shows them with their
``file:line`` in place of the slide or lesson they concern. The folder is polled a few times a
second; on a change the pack is loaded again and the screen stays where it was, in the language
it was in. A pack that does not load keeps the last good one underneath, so a broken file never
blanks the window.

One language shows at a time (the kiosk's loop would take turns): ``--language`` or the pack's
first, until T picks the next. Keys (besides the kiosk's own: arrows, Enter, Esc): T the next
language of the pack, S portrait or landscape, PgDn/PgUp the next/previous slide, Home the
attract loop, L the lesson menu, 1-9 a lesson, F5 reload now, H hide or show the status bar.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Property, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtQml import QmlElement, QmlUncreatable, QQmlComponent
from PySide6.QtQuick import QQuickItem

from kiosk.common import paths
from kiosk.common.problems import PackError, Problem, problem_count
from kiosk.config import KioskConfig
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS
from kiosk.content.validate import DEFAULT_LINK_HOSTS
from kiosk.intake.sources import Item, PackSources, concerns, merged, read_sources
from kiosk.launch import EXIT_OK, EXIT_SCREEN, PreviewOptions, home_config
from kiosk.playback.languages import native_name
from kiosk.playback.session import Screen
from kiosk.render.preview_frame import PreviewFrame
from kiosk.ui.app import Scene, ScreenError, install_excepthook, load_fonts

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

POLL_MILLIS = 300  # a save shows within a second, and a poll of a small folder costs nothing
PREVIEW_IDLE_SECONDS = 3600  # an author reading a card is not an idle passer-by

Signature = tuple[tuple[str, int, int, int], ...]


def folder_signature(root: Path) -> Signature:
    """(path, mtime, size, checksum) of every file under ``root``; it changes when a file is saved.

    Hidden files and editors' backups (``.x.swp``, ``x~``) are left out: they change while typing.
    """
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or name.endswith("~"):
                continue
            path = Path(folder, name)
            try:
                info = path.stat()
                # Two saves within one tick of the file system's clock can leave the same time
                # and size; the YAML files (small, ≤ 1 MB) are compared by content as well.
                crc = zlib.crc32(path.read_bytes()) if name.endswith(".yaml") else 0
            except OSError:  # removed between the listing and the look
                continue
            found.append((path.relative_to(root).as_posix(), info.st_mtime_ns, info.st_size, crc))
    return tuple(sorted(found))


@QmlElement
@QmlUncreatable("made by kiosk preview")
class PreviewBridge(QObject):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """What the preview panel shows over the kiosk's screen.

    Signals:
        changed: any property changed.

    Properties:
        covered: the screen's slide or lesson has problems; the sheet hides it.
        title: the sheet's heading.
        problems: the sheet's lines, ``file:line: field: message``.
        status: the status bar's first line (how many problems, where one is, the language
            and the size).
        keys: its second line: which keys switch language, size and slide, and the others.
        statusVisible: whether the status bar shows (H toggles it).
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._covered = False
        self._title = ""
        self._problems: list[str] = []
        self._status = ""
        self._keys = ""
        self._status_visible = True

    def update(
        self, covered: bool, title: str, problems: list[str], status: str, keys: str
    ) -> None:
        new = (covered, title, problems, status, keys)
        if new != (self._covered, self._title, self._problems, self._status, self._keys):
            self._covered, self._title, self._problems, self._status, self._keys = new
            self.changed.emit()

    def toggle_status(self) -> None:
        self._status_visible = not self._status_visible
        self.changed.emit()

    def _get_covered(self) -> bool:
        return self._covered

    def _get_title(self) -> str:
        return self._title

    def _get_problems(self) -> list[str]:
        return list(self._problems)

    def _get_status(self) -> str:
        return self._status

    def _get_keys(self) -> str:
        return self._keys

    def _get_status_visible(self) -> bool:
        return self._status_visible

    covered = Property(bool, _get_covered, notify=changed, final=True)
    title = Property(str, _get_title, notify=changed, final=True)
    problems = Property(list, _get_problems, notify=changed, final=True)
    status = Property(str, _get_status, notify=changed, final=True)
    keys = Property(str, _get_keys, notify=changed, final=True)
    statusVisible = Property(bool, _get_status_visible, notify=changed, final=True)


class Preview(QObject):
    """The scene, the panel with it and the poll of the folder."""

    def __init__(
        self,
        folder: Path,
        config: KioskConfig,
        *,
        venue: str | None = None,
        language: str | None = None,
        poll_millis: int = POLL_MILLIS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.config = config
        self.problems: list[Problem] = []
        self.sources = PackSources()
        self.reloads = 0
        self._signature = folder_signature(self.folder)
        pack = self._load() or _builtin_pack(config)  # something to show under the problems
        self.scene = Scene(
            pack,
            venue=venue,
            # One language at a time, the one the author looks at (T switches).
            language=language if language in pack.languages else pack.languages[0],
            idle_seconds=PREVIEW_IDLE_SECONDS,
            # No crossfade: a slide saved again has the same key, and a fade would keep the old
            # text up; an author wants the text as saved at once.
            animate=False,
            clock=clock,
        )
        self.bridge = PreviewBridge(self.scene.engine)
        self.panel = _make_panel(self.scene, self.bridge)
        bar = self.panel.findChild(QQuickItem, "previewStatus")
        if not isinstance(bar, QQuickItem):  # pragma: no cover - PreviewPanel.qml names it
            raise ScreenError("the preview panel has no status bar")
        self.frame = PreviewFrame(self.scene.window, bar)
        self.frame.resized.connect(self.refresh)  # the status bar names the size
        self.scene.attract.slideChanged.connect(self.refresh)
        self.scene.session.changed.connect(self.refresh)
        # Installed after the scene's own filter, so this one sees a key first.
        self.scene.window.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_millis)
        self._timer.timeout.connect(self.poll)
        self.refresh()

    def start(self) -> None:
        self.scene.attract.start()
        self._timer.start()

    def show(self, size: tuple[int, int]) -> None:
        """Open the window with the kiosk's screen at ``size`` and the status bar under it."""
        self.frame.show_screen(QSize(*size))
        self.scene.window.show()
        self.refresh()

    def language(self) -> str:
        """The language on screen: the one the author is looking at."""
        return self.scene.attract.current_language()

    def _next_language(self) -> str:
        """The pack's language after the one on screen (T), round to the first."""
        languages = self.scene.attract.pack.languages
        return languages[(languages.index(self.language()) + 1) % len(languages)]

    def show_language(self, code: str) -> None:
        """Everything in ``code`` from now on: the loop, and the lesson screen if one shows."""
        attract, session = self.scene.attract, self.scene.session
        attract.fix_language(code)
        if session.state.screen not in (Screen.ATTRACT, Screen.COVER):
            session.setLanguage(code)

    def poll(self) -> None:
        """Reload when a file of the folder was saved, added or removed."""
        signature = folder_signature(self.folder)
        if signature != self._signature:
            self._signature = signature
            self.reload()

    def reload(self) -> None:
        self.reloads += 1
        pack = self._load()
        if pack is not None:
            self._swap(pack)
        self.refresh()

    def _load(self) -> Pack | None:
        try:
            pack = load_pack(self.folder, self.config.link_hosts, self.config.hotline_numbers)
        except PackError as exc:
            self.problems = exc.problems
            self.sources = merged(read_sources(self.folder), self.sources)
            log.warning("%s: %d problems", self.folder, len(exc.problems))
            return None
        self.problems = []
        self.sources = read_sources(self.folder)
        return pack

    def _swap(self, pack: Pack) -> None:
        """Show ``pack`` now, on the same slide or lesson screen as before, in the same language."""
        attract, session = self.scene.attract, self.scene.session
        language = self.language()
        state = session.state
        slide_id = attract.playlist.current.id
        lessons = session.session.lessons
        lesson_id = lessons[state.lesson].id if state.lesson is not None else None
        session.done()  # to the loop: the session is rebuilt for the new pack there
        attract.replace_pack(pack)
        attract.advance()  # a pending pack goes live at once
        ids = [slide.id for slide in attract.playlist.slides]
        if slide_id in ids:
            attract.showSlide(ids.index(slide_id))
        if state.screen == Screen.MENU:
            session.touch()
        elif lesson_id is not None:
            self._return_to_lesson(lesson_id, state.screen, state.card, state.question)
        self.show_language(language if language in pack.languages else pack.languages[0])

    def _return_to_lesson(self, lesson_id: str, screen: Screen, card: int, question: int) -> None:
        session = self.scene.session
        ids = [lesson.id for lesson in session.session.lessons]
        if lesson_id not in ids:
            session.touch()  # the lesson is gone (renamed?): its menu, not the loop
            return
        lesson = session.session.lessons[ids.index(lesson_id)]
        session.touch()
        session.openLesson(ids.index(lesson_id))
        steps = min(card, len(lesson.cards) - 1)
        if screen in (Screen.QUESTION, Screen.END):
            steps = len(lesson.cards)
        for _ in range(steps):
            session.next()
        answered = len(lesson.questions) if screen == Screen.END else question
        for earlier in lesson.questions[: min(answered, len(lesson.questions))]:
            session.answer(earlier.correct_index)
            session.next()

    def _here(self) -> tuple[Item | None, str, str]:
        """The item on screen (None on the menu and cover), a word for it, and where one is."""
        attract, session = self.scene.attract, self.scene.session
        state = session.state
        if state.screen == Screen.ATTRACT:
            slides = attract.playlist.slides
            slide = attract.playlist.current
            where = f"slide {attract.playlist.position + 1}/{len(slides)} '{slide.id}'"
            return ("slides", slide.id), f"slide '{slide.id}'", where
        if state.lesson is not None:
            lesson = session.session.lessons[state.lesson]
            return ("lessons", lesson.id), f"lesson '{lesson.id}'", f"lesson '{lesson.id}'"
        return None, "lesson menu", "lesson menu"

    def refresh(self) -> None:
        attract = self.scene.attract
        if self.language() != attract.languages[0]:
            # The author tapped a language button in touch mode: that language is the one
            # looked at now, on the loop too.
            attract.fix_language(self.language())
        item, name, where = self._here()
        relevant = []
        for problem in self.problems:
            about = concerns(problem, self.sources)
            if about is None or item in about or (item is None and _any_lesson(about)):
                relevant.append(problem)
        title = (
            f"The {name} cannot be shown as written: {problem_count(relevant)}. "
            "Fix and save: the preview reloads by itself."
        )
        code = self.language()
        screen = self.frame.screen
        shape = "portrait" if screen.height() > screen.width() else "landscape"
        status = (
            f"Preview of {self.folder.name} · {where} · {native_name(code)} ({code}) · "
            f"{shape} {screen.width()}x{screen.height()}"
        )
        if self.problems:  # first, so a narrow window shows it too
            status = f"{problem_count(self.problems)} in the pack · {status}"
        following = self._next_language()
        turn = "landscape" if shape == "portrait" else "portrait"
        language = f"{following} next" if following != code else f"{code} only"
        keys = (
            f"Keys: T language ({language}) · S size ({turn}) · PgDn/PgUp slide · "
            "L lessons · 1-9 a lesson · Home loop · F5 reload · H hide this bar"
        )
        self.bridge.update(bool(relevant), title, [str(p) for p in relevant], status, keys)

    # -- keys ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self.key(event.key())
        return False

    def key(self, key: int) -> bool:
        """The preview's own keys; True when used (the kiosk's keys pass through)."""
        attract, session = self.scene.attract, self.scene.session
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            step = 1 if key == Qt.Key.Key_PageDown else -1
            position = attract.playlist.position if session.state.screen == Screen.ATTRACT else -1
            session.done()
            attract.showSlide(position + step if position >= 0 else 0)
        elif key == Qt.Key.Key_Home:
            session.done()
        elif key == Qt.Key.Key_L:
            session.done()
            session.touch()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = int(key) - int(Qt.Key.Key_1)
            session.done()
            session.touch()
            if index < len(session.session.lessons):
                session.openLesson(index)
        elif key == Qt.Key.Key_T:
            self.show_language(self._next_language())
        elif key == Qt.Key.Key_S:
            self.frame.show_screen(self.frame.turned())
        elif key == Qt.Key.Key_F5:
            self.reload()
        elif key == Qt.Key.Key_H:
            self.bridge.toggle_status()
        else:
            return False
        self.refresh()
        return True


def _any_lesson(items: set[Item]) -> bool:
    return any(kind == "lessons" for kind, _ in items)


def _builtin_pack(config: KioskConfig) -> Pack:
    hosts = (*DEFAULT_LINK_HOSTS, *config.link_hosts)
    numbers = (*DEFAULT_HOTLINE_NUMBERS, *config.hotline_numbers)
    return load_pack(paths.default_pack_dir(), hosts, numbers)


def _make_panel(scene: Scene, bridge: PreviewBridge) -> QQuickItem:
    component = QQmlComponent(scene.engine)
    component.loadFromModule("Kiosk", "PreviewPanel")
    panel = component.createWithInitialProperties({"preview": bridge})
    if not isinstance(panel, QQuickItem):
        raise ScreenError(f"the preview panel failed to load: {component.errorString()}")
    panel.setParent(scene.window)
    panel.setParentItem(scene.window.contentItem())
    return panel


def run_preview(folder: Path, options: PreviewOptions) -> int:
    """``kiosk preview DIR``: show the folder in a window until it is closed."""
    strict = options.strict or options.exit_after is not None
    install_excepthook(strict)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if not isinstance(app, QGuiApplication):  # pragma: no cover - defensive
        return EXIT_SCREEN
    app.setApplicationName("kiosk preview")
    load_fonts()
    _, config = home_config(options.home, strict=False)
    try:
        preview = Preview(folder, config, venue=options.venue, language=options.language)
    except ScreenError as exc:
        log.error("the screen could not start: %s", exc)
        return EXIT_SCREEN
    preview.show(options.size)
    preview.scene.window.setTitle(f"Preview: {folder}")
    preview.start()
    log.info("previewing %s; save a file to see it here", folder)
    if options.exit_after is not None:
        QTimer.singleShot(int(options.exit_after * 1000), lambda: app.exit(EXIT_OK))
    code = app.exec()
    del preview
    return code if code else EXIT_OK
