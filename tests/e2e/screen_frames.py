"""The self-check's screen frames on a real X server: ``python -m tests.e2e.screen_frames``.

Run with ``DISPLAY`` set and ``QT_QPA_PLATFORM=xcb`` (tests/e2e/test_screen_frames.py starts it
on a bare Xvfb). A full-screen Qt Quick window drawn by the software renderer, as ``kiosk run``
draws on a machine without a GPU; prints one JSON object: which frame source the self-check
picked, whether equal frames give equal digests and a change in the last rows gives another,
the colour read back from a region, and how much the resident set rose while a frame was read.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QRect, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPaintEvent, QRasterWindow
from PySide6.QtQuick import QQuickView, QQuickWindow, QSGRendererInterface

from kiosk.platform.malloc import fix_mmap_threshold
from kiosk.ui.selfcheck import ScreenFrames, frame_source

QML = b"""
import QtQuick
Rectangle {
    color: "#ffffff"
    property alias corner: corner.color
    Rectangle { x: 40; y: 60; width: 200; height: 100; color: "#2050a0" }
    Rectangle { id: corner; width: 12; height: 4; color: "#ffffff"
                x: parent.width - width; y: parent.height - height }
}
"""


def _hwm_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Cover(QRasterWindow):
    """Another client's window over the kiosk's: plain grey."""

    painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        self.painted = True
        painter = QPainter(self)
        painter.fillRect(0, 0, self.width(), self.height(), QColor("#808080"))
        painter.end()


def main() -> int:
    fix_mmap_threshold()  # as kiosk run does: a freed full-size buffer would not stay resident
    QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
    app = QGuiApplication(sys.argv[:1])
    view = QQuickView()
    view.setResizeMode(QQuickView.ResizeMode.SizeRootObjectToView)
    qml = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/dev/null")
    qml.write_bytes(QML)
    view.setSource(QUrl.fromLocalFile(str(qml)))
    view.setGeometry(app.primaryScreen().geometry())  # no window manager to make it full screen
    view.show()
    drawn: list[bool] = []
    view.frameSwapped.connect(lambda: drawn.append(True))

    def settle() -> None:
        drawn.clear()
        while not drawn:
            app.processEvents()
        for _ in range(20):  # the X server has what the backing store flushed
            app.processEvents()

    settle()
    frames = frame_source(view)
    first, again = frames.digest(), frames.digest()
    region = frames.read(QRect(50, 70, 20, 10))
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM back to VmRSS
    before = _rss_kib()
    frames.digest()
    risen_kib = _hwm_kib() - before
    root = view.rootObject()
    root.setProperty("corner", QColor("#000000"))  # a change in the frame's last rows only
    settle()
    changed = frames.digest()
    cover = Cover()
    cover.setGeometry(view.geometry())
    cover.show()
    deadline = time.monotonic() + 10
    while not cover.painted and time.monotonic() < deadline:
        app.processEvents()
    for _ in range(20):
        app.processEvents()
    QGuiApplication.sync()
    under_cover = frames.digest()
    root.setProperty("corner", QColor("#ffffff"))  # the scene changes under the cover
    settle()
    print(
        json.dumps(
            {
                "source": type(frames).__name__,
                "screen": isinstance(frames, ScreenFrames),
                "equal_when_still": first == again and first is not None,
                "differs_after_change": changed != first and changed is not None,
                "region_size": [region.width(), region.height()],
                "region_colour": region.pixelColor(5, 5).name(),
                "frame_bytes": view.width() * view.height() * 4,
                "risen_bytes": risen_kib * 1024,
                # X reads the screen: a window over the kiosk's is what is read, and a change
                # of the scene under it is not (the self-check confirms from the scene).
                "covered_reads_the_cover": under_cover == frames.digest() != changed,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
