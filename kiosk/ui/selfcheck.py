"""The kiosk checks itself from its own pixels: a readable QR, a loop that moves, bounded memory.

The heartbeat (``heartbeat.py``) proves the GUI thread turns; it cannot see a screen stuck on one
frame while the event loop runs (a timer that stopped, a scene graph that stopped rendering).
So while the attract loop should be playing, the live frame is read and hashed: unchanged for
more than three slide periods, the loop is frozen, and the kiosk exits with ``EXIT_FROZEN`` for
systemd to restart it. Where the frame comes from (:func:`frame_source`): with Qt Quick's software
renderer on X11, from the X server, what the screen shows, a band of rows at a time
(:class:`ScreenFrames`; the kiosk pushed those pixels itself, and no full-size copy is ever held);
elsewhere (OpenGL, whose window an X server may not be able to read back; Wayland; tests
offscreen) ``QQuickWindow.grabWindow`` renders it again (:class:`RenderedFrames`, one 8 MB image
at 1080p). A sample is rare either way: once the loop has shown that it
moves (two samples that differ), the next one is ``grab_seconds`` (a few minutes) later; only a
frame that did not change since the last one brings back sampling every few seconds, until the
frame changes (back to rare samples) or the verdict is "frozen". Every few
minutes the QR is read from the same source, only where the scene has it (``qr_region``),
decoded (zxing-cpp) and compared with the link the slide shows,
and the result is logged and kept in :class:`~kiosk.ops.health.Health` for a staff panel.
Over ``memory_limit_mb`` the kiosk restarts itself (``EXIT_MEMORY``), between visitors.

All of this runs on the GUI thread, so it cannot catch that thread stuck; that is the stall
watch's job (:class:`~kiosk.ops.health.StallWatch`, on a thread of its own, also exit 4).
"""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRect, QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

from kiosk.common.message import Message
from kiosk.ops.health import (
    EXIT_FROZEN,
    EXIT_MEMORY,
    FreezeJudge,
    Health,
    MemoryCeiling,
    SelfCheckResult,
)
from kiosk.ops.watchdog import Notifier
from kiosk.ui.bridges.attract import AttractBridge
from kiosk.ui.scene import visible_items

log = logging.getLogger(__name__)

DEFAULT_CHECK_SECONDS = 300.0
# A moving loop's frame is grabbed this rarely (a grab renders and reads back 8 MB at 1080p).
DEFAULT_GRAB_SECONDS = 180.0
# The sampler ticks this often (memory; a grab only when one is due or the frame is suspect). The
# floor is an odd number so that short test periods (2 s, 0.5 s, ...) never divide it evenly.
SAMPLE_MIN_SECONDS, SAMPLE_MAX_SECONDS = 2.3, 10.0
# A QR grabbed mid-crossfade may not decode: look again at the next samples before failing.
QR_TRIES = 3


def frame_digest(image: QImage) -> bytes:
    """A digest of the frame's pixels (equal frames, equal digests).

    CRC-32 rather than a cryptographic hash: it is several times faster on an 8 MB frame (the
    GUI thread waits for it), and no one forges frames; a chance collision would only delay a
    verdict by one sample.
    """
    return _crc(image).to_bytes(4, "big")


def _crc(image: QImage, start: int = 0) -> int:
    return zlib.crc32(image.constBits(), start)


class FrameSource(Protocol):
    """Where a sample's pixels come from: the whole frame's digest, then parts of that frame.

    ``reads_screen``: the pixels are the screen's, with whatever may cover the kiosk's window,
    rather than the scene's own; a screen that stands still is then confirmed from the scene
    before the loop is called frozen (:meth:`SelfCheck.sample`).
    """

    reads_screen: bool
    described: str  # for the log: where the frames come from

    def digest(self) -> bytes | None:
        """A digest of the whole frame now, or None when the window gives no frame."""

    def read(self, region: QRect | None) -> QImage:
        """The pixels of ``region`` (scene coordinates; None: the whole window) of the frame
        :meth:`digest` saw; a null image when there are none."""

    def done(self) -> None:
        """The sample is over: let go of what it held."""


class RenderedFrames:
    """Frames rendered again by the window (``QQuickWindow.grabWindow``): one full-size image per
    sample, held until :meth:`done`. Works with every renderer and platform, offscreen too."""

    reads_screen = False
    described = "rendered again by the window (grabWindow)"

    def __init__(self, grab: Callable[[], QImage]) -> None:
        self._grab = grab
        self._frame = QImage()

    def digest(self) -> bytes | None:
        self._frame = self._grab()
        return None if self._frame.isNull() else frame_digest(self._frame)

    def read(self, region: QRect | None) -> QImage:
        if region is None or self._frame.isNull():
            return self._frame
        ratio = self._frame.devicePixelRatio()  # the frame may have more pixels (high DPI)
        return self._frame.copy(
            round(region.x() * ratio),
            round(region.y() * ratio),
            round(region.width() * ratio),
            round(region.height() * ratio),
        )

    def done(self) -> None:
        self._frame = QImage()


# Rows per band when reading the screen: ~0.5 MB at 1920 pixels, so a sample never holds more.
BAND_BYTES = 512 * 1024


class ScreenFrames:
    """What the screen shows where the kiosk's window is (``QScreen.grabWindow`` of a rectangle).

    The frame's digest is a CRC chained over bands of rows, so the whole frame counts and at
    most one band (~0.5 MB) is held at a time; a region is read alone. Only for Qt Quick's
    software renderer: its frames are pushed to the X window by the kiosk itself, so the screen
    holds exactly what was drawn (an OpenGL window may read back black on some drivers, which
    would look like a frozen loop). X reads the screen, not the window: another window over the
    kiosk's, or the console switched to another VT, is what is read there (``reads_screen``).
    """

    reads_screen = True
    described = "read from the screen, a band at a time (software renderer on X11)"

    def __init__(self, window: QQuickWindow) -> None:
        self._window = window

    def _grab(self, x: int, y: int, width: int, height: int) -> QImage:
        screen = self._window.screen()
        if screen is None:
            return QImage()
        pixmap = screen.grabWindow(self._window.winId(), x, y, width, height)
        return pixmap.toImage()

    def digest(self) -> bytes | None:
        width, height = self._window.width(), self._window.height()
        if width <= 0 or height <= 0 or not self._window.isExposed():
            return None  # not on the screen (unmapped, minimised): nothing of ours to read
        ratio = self._window.devicePixelRatio()  # a band's device pixels, on a scaled screen
        rows = max(1, int(BAND_BYTES // (4 * width * ratio * ratio)))
        crc = 0
        for top in range(0, height, rows):
            band = self._grab(0, top, width, min(rows, height - top))
            if band.isNull():
                return None  # not on a screen (now): judge nothing
            crc = _crc(band, crc)
        return crc.to_bytes(4, "big")

    def read(self, region: QRect | None) -> QImage:
        if region is None:
            return self._grab(0, 0, self._window.width(), self._window.height())
        return self._grab(region.x(), region.y(), region.width(), region.height())

    def done(self) -> None:
        pass  # nothing held between reads


def frame_source(window: QQuickWindow) -> FrameSource:
    """The screen on X11 with Qt Quick's software renderer, the window's own grab elsewhere.

    Asked once the window has drawn (its renderer is known only then).
    """
    software = QSGRendererInterface.GraphicsApi.Software
    on_x11 = QGuiApplication.platformName() == "xcb"
    if on_x11 and window.rendererInterface().graphicsApi() == software:
        return ScreenFrames(window)
    return RenderedFrames(window.grabWindow)


def decode_qr(image: QImage) -> tuple[str, ...]:
    """Every QR code's text found in ``image``."""
    if image.isNull():
        return ()
    import zxingcpp  # first needed minutes after start: kept off the start-up path

    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)  # what the decoder works on
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)  # faster than all formats
    results = zxingcpp.read_barcodes(gray, formats=qr_only)
    return tuple(result.text for result in results)


QR_ITEM = "qrCode"  # QrBadge.qml's code image
QR_MARGIN = 24  # pixels around it: a little of the quiet zone's surroundings


def qr_region(window: QQuickWindow) -> QRect | None:
    """Where the visible QR codes are in the window (both slide layers mid-crossfade), or None.

    The QR is decoded from this part of the frame: zxing-cpp on a whole 1080p frame needs ~7 MB
    more for a moment, which was the kiosk's peak resident memory.
    """
    found = QRect()
    for item in visible_items(window.contentItem()):
        if item.objectName() == QR_ITEM:
            top_left = item.mapToScene(QPointF(0, 0)).toPoint()
            size = item.mapToScene(QPointF(item.width(), item.height())).toPoint()
            found = found.united(QRect(top_left, size))
    if found.isEmpty():
        return None
    return found.adjusted(-QR_MARGIN, -QR_MARGIN, QR_MARGIN, QR_MARGIN)


class SelfCheck(QObject):
    """Samples the live frame: frozen-loop detection, the QR self-check and the memory ceiling.

    Args:
        window: the kiosk's window.
        attract: the attract loop; it says whether the loop should be moving, and the slide.
        health: where results are kept for a staff panel.
        notifier: the systemd notifier, for the ``STATUS=`` line.
        memory: the memory ceiling from kiosk.yaml.
        check_seconds: how often the QR is checked.
        grab_seconds: how long after a frame that showed the loop moving the next grab is.
        grab: where frames come from (tests inject a frozen one): a :class:`FrameSource`, or
            a function returning whole frames; default :func:`frame_source` of ``window``.
        scene_grab: the scene's own frame, rendered again, which confirms a screen that stands
            still (``FrameSource.reads_screen``); default ``window.grabWindow``.
        exit_app: how to leave (default ``QCoreApplication.exit``), with the exit code.
        clock: a monotonic clock in seconds.
        on_wrong_qr: called with the URL the QR should have read when a check fails (the
            kiosk drops that code from its QR cache).
        parent: owner; the timers go when it goes.
    """

    def __init__(
        self,
        window: QQuickWindow,
        attract: AttractBridge,
        *,
        health: Health,
        notifier: Notifier,
        memory: MemoryCeiling,
        check_seconds: float = DEFAULT_CHECK_SECONDS,
        grab_seconds: float = DEFAULT_GRAB_SECONDS,
        grab: FrameSource | Callable[[], QImage] | None = None,
        scene_grab: Callable[[], QImage] | None = None,
        exit_app: Callable[[int], None] = QCoreApplication.exit,
        clock: Callable[[], float] = time.monotonic,
        on_wrong_qr: Callable[[str], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._attract = attract
        self.health = health
        self._notifier = notifier
        self._memory = memory
        self._frames: FrameSource | None = RenderedFrames(grab) if callable(grab) else grab
        self._exit = exit_app
        self._clock = clock
        self._on_wrong_qr = on_wrong_qr
        self.judge = FreezeJudge()
        # The scene's own frames, judged only while the screen stands still (reads_screen).
        self._scene_grab = scene_grab or window.grabWindow
        self.scene_judge = FreezeJudge()
        self.covered = False  # the screen stands still while the scene moves: not ours to fix
        self._grab_seconds = grab_seconds
        self._next_grab = float("-inf")
        self.grabs = 0  # frames grabbed so far (the cost of the self-check, for tests and bench)
        self._qr_tries = 0
        self.exited_with: int | None = None
        # Repeating timers, so a callback that raised is still called again next time.
        self._sampler = QTimer(self)
        self._sampler.timeout.connect(self.sample)
        self._checker = QTimer(self)
        self._checker.setInterval(max(1, round(check_seconds * 1000)))
        self._checker.timeout.connect(self.request_qr_check)

    def start(self) -> None:
        """Start sampling the frame and checking the QR (the first check at the first sample: a
        wrong QR is found at start, and the decoder's one-off allocations happen in warm-up)."""
        self._sampler.start(self._sample_millis())
        self._checker.start()
        self.request_qr_check()
        log.info(
            "self-check: QR every %.0f s, frozen loop after %.0f slide periods, memory limit %s",
            self._checker.interval() / 1000,
            self.judge.periods,
            f"{self._memory.limit_mb} MB" if self._memory.limit_mb else "none",
        )

    def stop(self) -> None:
        self._sampler.stop()
        self._checker.stop()

    def request_qr_check(self) -> None:
        """Check the QR at the next sample(s) of the playing loop."""
        self._qr_tries = QR_TRIES

    def playing(self) -> bool:
        """Whether the attract loop should be moving (not a lesson, not the cover)."""
        # An alert covering the loop stands still on purpose: no frame to judge, no QR to read.
        covered = bool(self._attract.property("covered"))
        return bool(self._attract.property("running")) and not covered and self._window.isVisible()

    def sample(self) -> None:
        """One look at the frame: memory, frozen loop, and a QR check when one is due."""
        if self.exited_with is not None:
            return  # leaving already: one reason in the log is enough
        self._sampler.setInterval(self._sample_millis())  # the next slide may be longer
        if not self.playing():
            self.judge.reset()  # a lesson or the cover: the loop is meant to stand still
            self._next_grab = float("-inf")
            return
        rss = self._memory.exceeded()
        if rss is not None:  # only here, with the loop playing: never in a visitor's lesson
            self._restart(
                EXIT_MEMORY,
                f"memory {rss:.0f} MB is over memory_limit_mb {self._memory.limit_mb}: "
                "restarting cleanly",
                Message.of("memoryCeiling", mb=round(rss), limit=self._memory.limit_mb or 0),
            )
            return
        now = self._clock()
        if not (self._qr_tries or self.judge.suspicious or now >= self._next_grab):
            return  # the loop showed it moves a moment ago: no grab until one is due
        if self._frames is None:
            self._frames = frame_source(self._window)
            log.info("self-check: frames %s", self._frames.described)
        frames = self._frames
        try:
            self._look(frames, now)
        finally:
            frames.done()  # nothing of the frame is kept between samples

    def _look(self, frames: FrameSource, now: float) -> None:
        digest = frames.digest()
        self.grabs += 1
        log.debug("self-check: frame %d grabbed", self.grabs)  # RSS over a soak: see its samples
        if digest is None:  # no frame to judge (window not exposed): judge nothing, blame nothing
            log.debug("self-check: the window gave no frame")
            self.judge.reset()
            return
        seconds = self._attract.slide_millis() / 1000
        frozen_for = self.judge.observe(digest, now, seconds)
        if frames.reads_screen:
            frozen_for = self._confirm_from_scene(frozen_for, now, seconds)
        if frozen_for is not None:
            self._restart(
                EXIT_FROZEN,
                f"the attract loop is frozen: the frame has not changed for {frozen_for:.0f} s "
                f"(more than {self.judge.periods:.0f} slide periods): exiting for a restart",
                Message.of("loopFrozen", seconds=round(frozen_for)),
            )
            return
        if self.judge.moving:
            self._next_grab = now + self._grab_seconds
        if self._qr_tries:
            self._check_qr(frames)

    def _confirm_from_scene(
        self, screen_frozen_for: float | None, now: float, seconds: float
    ) -> float | None:
        """The verdict, when the frames are the screen's: the screen may stand still because
        something covers the kiosk (another window, the console on another VT) while the scene
        plays on, and restarting would not help (and would take the screen back from whoever
        switched it). So while the screen stands still, the scene's own frame is rendered and
        judged as well (an 8 MB grab, only then), and the loop is frozen only when the scene is.
        """
        if not self.judge.still:  # the screen moves: nothing to confirm
            self.scene_judge.reset()
            if self.covered:
                log.info("self-check: the screen shows the kiosk again")
                self.covered = False
            return None
        scene = self._scene_grab()
        if scene.isNull():
            return None  # no scene frame to judge: judge nothing, blame nothing
        scene_frozen_for = self.scene_judge.observe(frame_digest(scene), now, seconds)
        if self.scene_judge.moving and screen_frozen_for is not None and not self.covered:
            self.covered = True
            log.warning(
                "self-check: the screen has not changed for %.0f s while the kiosk's scene "
                "plays on: something covers the kiosk's window, or the console shows another "
                "VT; not restarting",
                screen_frozen_for,
            )
        return scene_frozen_for

    def _check_qr(self, frames: FrameSource) -> None:
        self._qr_tries -= 1
        slide = self._attract.playlist.current
        expected = self._attract.pack.links[slide.qr].url
        region = qr_region(self._window)
        found = decode_qr(frames.read(region)) if region is not None else ()
        if not found and not self._qr_tries:
            # Not where the scene says, at the last try: look at the whole frame (a full-size
            # read, so not at every try: mid-crossfade, the next sample usually reads it).
            found = decode_qr(frames.read(None))
        result = SelfCheckResult(at=time.time(), expected=expected, found=found)
        if not result.ok and self._qr_tries:
            return  # maybe mid-crossfade: look again at the next sample
        self._qr_tries = 0
        self.health.record(result)
        log.log(logging.INFO if result.ok else logging.WARNING, "%s", result.describe())
        self._notifier.status(result.describe())
        if not result.ok and self._on_wrong_qr is not None:
            self._on_wrong_qr(expected)

    def _restart(self, code: int, reason: str, said: Message) -> None:
        log.error("%s (exit %d)", reason, code)
        self.health.last_error = said
        self._notifier.status(reason)
        self.stop()
        self.exited_with = code
        self._exit(code)

    def _sample_millis(self) -> int:
        """A little under a slide period, so successive samples never land on the same phase of
        the progress bar (a one-slide loop still changes between samples)."""
        seconds = 0.7 * self._attract.slide_millis() / 1000
        return round(1000 * min(max(seconds, SAMPLE_MIN_SECONDS), SAMPLE_MAX_SECONDS))
