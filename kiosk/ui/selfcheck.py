"""The kiosk checks itself from its own pixels: a readable QR, a loop that moves, bounded memory.

The heartbeat (``heartbeat.py``) proves the GUI thread turns; it cannot see a screen stuck on one
frame while the event loop runs (a timer that stopped, a scene graph that stopped rendering).
So while the attract loop should be playing, the live frame is grabbed
(``QQuickWindow.grabWindow``) and hashed: unchanged for more than three slide periods, the loop
is frozen, and the kiosk exits with ``EXIT_FROZEN`` for systemd to restart it. A grab renders and
reads back the whole window on the GUI thread, so it is rare: once the loop has shown that it
moves (two samples that differ), the next grab is ``grab_seconds`` (a few minutes) later; only a
frame that did not change since the last grab brings back sampling every few seconds, until the
frame changes (back to rare grabs) or the verdict is "frozen". Every few
minutes the same frame's QR is decoded (zxing-cpp) and compared with the link the slide shows,
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

from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRect, QTimer
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickWindow

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
    return zlib.crc32(image.constBits()).to_bytes(4, "big")


def decode_qr(image: QImage) -> tuple[str, ...]:
    """Every QR code's text found in ``image``."""
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
        grab: the frame source (tests inject a frozen one); default ``window.grabWindow``.
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
        grab: Callable[[], QImage] | None = None,
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
        self._grab = grab or window.grabWindow
        self._exit = exit_app
        self._clock = clock
        self._on_wrong_qr = on_wrong_qr
        self.judge = FreezeJudge()
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
        frame = self._grab()
        self.grabs += 1
        log.debug("self-check: frame %d grabbed", self.grabs)  # RSS over a soak: see its samples
        if frame.isNull():  # no frame to judge (window not exposed): judge nothing, blame nothing
            log.debug("self-check: the window gave no frame")
            self.judge.reset()
            return
        seconds = self._attract.slide_millis() / 1000
        frozen_for = self.judge.observe(frame_digest(frame), now, seconds)
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
            self._check_qr(frame)

    def _check_qr(self, frame: QImage) -> None:
        self._qr_tries -= 1
        slide = self._attract.playlist.current
        expected = self._attract.pack.links[slide.qr].url
        region = qr_region(self._window)
        if region is not None:  # scene coordinates; the frame may have more pixels (high DPI)
            ratio = frame.devicePixelRatio()
            region = QRect(
                round(region.x() * ratio),
                round(region.y() * ratio),
                round(region.width() * ratio),
                round(region.height() * ratio),
            )
        found = decode_qr(frame.copy(region)) if region is not None else ()
        if not found:  # not where the scene says: look at the whole frame
            found = decode_qr(frame)
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
