"""The screen's start, before the kiosk's own modules load: the native guards, the OpenGL probe,
the application, and the start frame (:mod:`kiosk.ops.startframe` decides).

``kiosk run`` calls :func:`open_screen` first thing, then imports the scene's modules (~0.2 s)
and loads its settings and pack: a start frame that still fits is on the screen meanwhile, in a
plain window (its backing store let go once the X server has the pixels) that the live scene's
window covers at its first frame (:meth:`StartFrame.dismiss`). At that first frame
:func:`keep_start_frame` grabs the scene anew when the kept frame no longer fits this start (a
new pack, an edited ``kiosk.yaml``, a new screen), and writes it off the GUI thread.

Only Qt's GUI module and the start frame's decisions are imported here.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import (
    QBackingStore,
    QExposeEvent,
    QGuiApplication,
    QImage,
    QImageReader,
    QImageWriter,
    QPainter,
    QRegion,
    QSurface,
    QWindow,
)

import kiosk
from kiosk import __version__
from kiosk.common import paths
from kiosk.content.files import is_plain_file
from kiosk.content.records import read_json, write_json_atomic
from kiosk.launch import EXIT_SCREEN, RunOptions
from kiosk.ops import startframe
from kiosk.ops.renderer import wants_probe
from kiosk.platform import renderer
from kiosk.platform.malloc import fix_mmap_threshold
from kiosk.platform.native import guard_native_deaths

log = logging.getLogger(__name__)

# How long the start waits for its start frame to reach the screen (an X server answers in ms).
SHOW_WAIT_SECONDS = 0.5


class StartFrameWindow(QWindow):
    """A full-screen window that shows one picture, the kept start frame, and then holds nothing.

    The picture is painted once into a backing store and pushed to the window system, which
    keeps the window's pixels; the backing store (8 MB at 1080p, shared memory with the X
    server) is let go once the server has them (:meth:`release`), before the live scene makes
    its own. Until the scene's window covers it, nothing here needs to paint again: on a kiosk's
    screen nothing else overlaps it.
    """

    def __init__(self, image: QImage, geometry: QRect) -> None:
        super().__init__()
        self.setSurfaceType(QSurface.SurfaceType.RasterSurface)
        self._image = image
        self._store: QBackingStore | None = None
        self.painted = False
        self.setFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setCursor(Qt.CursorShape.BlankCursor)  # as the scene's window will (lockdown)
        self.setGeometry(geometry)

    def exposeEvent(self, event: QExposeEvent) -> None:
        if self.painted or self._image.isNull() or not self.isExposed():
            return  # painted once: the window system holds the picture until the window goes
        store = self._store = QBackingStore(self)
        whole = QRegion(QRect(QPoint(0, 0), self.size()))
        store.resize(self.size())
        store.beginPaint(whole)
        painter = QPainter(store.paintDevice())
        painter.drawImage(0, 0, self._image)
        painter.end()
        store.endPaint()
        store.flush(whole)
        self.painted = True
        self._image = QImage()  # the backing store has it now: its own copy goes (8 MB)

    def holds_pixels(self) -> bool:
        """Whether the window still holds its picture or a backing store."""
        return self._store is not None or not self._image.isNull()

    def release(self) -> None:
        """Let the backing store go; call once the window system has its pixels (a sync)."""
        self._store = None

    def let_go(self) -> None:
        """Close the window."""
        self._image = QImage()
        self._store = None
        self.close()
        self.destroy()


@dataclass
class OpenedScreen:
    """What :func:`open_screen` started, for :func:`kiosk.ui.app.run_kiosk`.

    Attributes:
        app: the application.
        probe: the OpenGL probe (kiosk.platform.renderer), if one was started.
        start_frame: the start frame's state for this start.
    """

    app: QGuiApplication
    probe: renderer.GlProbe | None
    start_frame: StartFrame


class StartFrame:
    """This start's start frame: its key, and the window showing it (if one was kept).

    Attributes:
        key: the fingerprint of this start's inputs, or None where start frames are not used
            (an author's ``--pack``, a ``--windowed`` window, a platform with no window system).
        shown: the kept frame was put on the screen.
    """

    def __init__(self, home: Path, key: str | None, record: startframe.Record | None) -> None:
        self.home = home
        self.key = key
        self.record = record
        self.window: StartFrameWindow | None = None
        self.shown = False

    def show(self, app: QGuiApplication, image: QImage, geometry: QRect) -> None:
        """Put ``image`` on the screen and wait (briefly) until the X server has it."""
        window = StartFrameWindow(image, geometry)
        window.showFullScreen()
        window.setGeometry(geometry)
        self.window = window
        deadline = time.monotonic() + SHOW_WAIT_SECONDS
        waker = QTimer()
        waker.start(20)  # WaitForMoreEvents returns at least this often
        while not window.painted and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        waker.stop()
        QGuiApplication.sync()  # the picture is on the server before the slow imports begin
        if not app.platformName().startswith("wayland"):
            # The X server holds the window's pixels: the 8 MB backing store goes. (On Wayland
            # the compositor may still read the buffer: it stays until the window goes.)
            window.release()
        self.shown = window.painted
        log.info(
            "start frame %s (kept %s)",
            "shown" if self.shown else "not drawn in time",
            time.strftime("%Y-%m-%d %H:%M", time.localtime(self.record.written))
            if self.record
            else "?",
        )

    def dismiss(self) -> None:
        """The live scene has drawn: the start frame's window goes (the scene's covers it)."""
        if self.window is not None:
            self.window.let_go()
            self.window = None

    def needs_keeping(self, shows: str) -> bool:
        """Whether this start's first frame should be kept: none kept fits this start, or the
        one shown was of something else than the start showed (``shows``,
        :func:`kiosk.ops.startframe.what_shows`: a live pack refused at load, say)."""
        if self.key is None:
            return False
        return not self.shown or self.record is None or self.record.shows != shows


def open_screen(options: RunOptions) -> OpenedScreen | int:
    """Start the application and show the start frame if one fits; or ``EXIT_SCREEN``."""
    fix_mmap_threshold()  # before Qt's first screen-sized buffer (kiosk.platform.malloc)
    no_screen = guard_native_deaths()
    if no_screen is not None:  # Qt would abort (SIGABRT) here: exit 3 with the reason instead
        log.error("the screen could not start: %s", no_screen)
        return EXIT_SCREEN
    # Which OpenGL driver is there (kiosk.platform.renderer): a child forked before Qt starts
    # answers while the kiosk reads its settings and pack.
    linux = sys.platform.startswith("linux")
    probe = renderer.start_probe() if wants_probe("auto", os.environ, linux=linux) else None
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if not isinstance(app, QGuiApplication):  # pragma: no cover - defensive
        return EXIT_SCREEN
    app.setApplicationName("kiosk")
    return OpenedScreen(app, probe, _start_frame(app, options))


def _start_frame(app: QGuiApplication, options: RunOptions) -> StartFrame:
    home = paths.kiosk_home(options.home)
    try:
        return _try_start_frame(app, options, home)
    except Exception:  # a start frame is a nicety: nothing in it may stop the kiosk starting
        log.exception("start frame skipped")
        return StartFrame(home, None, None)


def _try_start_frame(app: QGuiApplication, options: RunOptions, home: Path) -> StartFrame:
    screen = app.primaryScreen()
    if options.pack is not None or options.windowed or screen is None:
        return StartFrame(home, None, None)
    if not startframe.works_on(app.platformName()):
        return StartFrame(home, None, None)
    geometry = screen.geometry()
    ratio = screen.devicePixelRatio()
    size = (round(geometry.width() * ratio), round(geometry.height() * ratio))  # device pixels
    key = startframe.key_of(
        startframe.start_inputs(
            home,
            bundled_pack=paths.default_pack_dir(),
            qml=paths.qml_dir() / "Kiosk",
            version=__version__,
            software=(Path(kiosk.__file__).parent, paths.i18n_dir(), paths.assets_dir()),
            venue=options.venue,
            language=options.language,
            environ=os.environ,
            screen=(*size, ratio),
        )
    )
    record_file = home / startframe.RECORD_FILE
    record = startframe.record_from_json(
        read_json(record_file, limit=startframe.MAX_RECORD_BYTES)
        if is_plain_file(record_file)
        else None
    )
    frame = StartFrame(home, key, record)
    if not startframe.usable(record, key, time.time(), size):
        return frame
    image = _read_image(home / startframe.IMAGE_FILE, size)
    if image is not None:
        image.setDevicePixelRatio(ratio)
        frame.show(app, image, geometry)
    return frame


def _read_image(path: Path, size: tuple[int, int]) -> QImage | None:
    """The kept picture, if it is one of exactly ``size`` within the size limit."""
    if not is_plain_file(path):
        return None
    try:
        if path.stat().st_size > startframe.MAX_IMAGE_BYTES:
            log.warning("start frame %s is too big: not shown", path)
            return None
    except OSError:
        return None
    reader = QImageReader(str(path), startframe.IMAGE_FORMAT)
    reader.setAllocationLimit(64)  # MB: a 1080p frame needs 8
    found = reader.size()
    if (found.width(), found.height()) != size:
        return None
    image = reader.read()
    if image.isNull():
        log.warning("start frame %s cannot be read: %s", path, reader.errorString())
        return None
    return image


def keep_start_frame(
    grab: Callable[[], QImage],
    frame: StartFrame,
    shows: str,
    rule: startframe.TimeRule | None,
    run: Callable[[Callable[[], None], Callable[[None], None], Callable[[Exception], None]], bool],
) -> bool:
    """At the live scene's first frame: grab it and keep it for the next start, when the kept
    one does not fit this start. ``rule`` None: the wall clock is not trusted (what the next
    start shows cannot be known), nothing is kept. ``run`` runs the write off the GUI thread
    (a :class:`kiosk.platform.worker.Worker`'s ``run``). Returns whether a write was started."""
    if not frame.needs_keeping(shows) or frame.key is None:
        return False
    if rule is None:
        forget_start_frame(frame.home)
        return False
    image = grab()
    if image.isNull():
        return False
    now = datetime.now()
    until = startframe.valid_until(rule, now)
    record = startframe.Record(
        key=frame.key,
        written=now.timestamp(),
        valid_until=None if until is None else until.timestamp(),
        size=(image.width(), image.height()),
        shows=shows,
    )
    home = frame.home

    def write() -> None:
        _write(home, image, record)

    def failed(exc: Exception) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        log.warning("cannot keep the start frame in %s: %s", home, reason)

    return run(write, lambda _: log.info("start frame kept for the next start"), failed)


def _write(home: Path, image: QImage, record: startframe.Record) -> None:
    """The record goes first, the picture is renamed into place, then the new record: a power
    cut at any point leaves no record that names a picture it was not written with."""
    forget_start_frame(home)
    for stale in home.glob(f".{startframe.IMAGE_FILE}.*.tmp"):  # a power cut during a write
        stale.unlink(missing_ok=True)
    target = home / startframe.IMAGE_FILE
    tmp = home / f".{startframe.IMAGE_FILE}.{os.getpid()}.tmp"
    try:
        writer = QImageWriter(str(tmp), startframe.IMAGE_FORMAT)
        if not writer.write(image):
            raise OSError(f"the picture could not be written to {tmp}: {writer.errorString()}")
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    write_json_atomic(home / startframe.RECORD_FILE, record.to_json())


def forget_start_frame(home: Path) -> None:
    """No start frame is shown at the next start (its record goes; the picture is overwritten
    by the next one kept)."""
    try:
        (home / startframe.RECORD_FILE).unlink(missing_ok=True)
    except OSError as exc:
        log.warning("cannot remove %s: %s", home / startframe.RECORD_FILE, exc.strerror or exc)
