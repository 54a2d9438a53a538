"""The floor of this stack, for ``make bench``: a minimal PySide6 Qt Quick window crossfading two
slides of one text and one code-like picture, nothing else (no bridges, no self-check, no
progress bar, no hotlines, no pack to read: the picture is a fixed pattern drawn at start).

The kiosk is measured against it in the same run, on the same display, so that the figures are
ratios (absolute figures on a shared machine move from run to run). A tap shows a second page
(the counterpart of the kiosk's lesson menu). ``$KIOSK_FRAME_PROBE`` records frame times as in
the kiosk. It prints ``first frame`` on stderr at its first frame, as ``kiosk run`` logs it.

Usage: ``python -m tests.bench.reference --slide-seconds 6 --exit-after 30``
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from PySide6.QtCore import QMetaObject, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickImageProvider, QQuickWindow

from kiosk.platform.probe import probe_from_env

QML = b"""
import QtQuick
import QtQuick.Window
Window {
    id: win
    visible: true
    color: "#ffffff"
    property bool frontA: true
    property bool menu: false
    function next() { fade.restart() }
    component Slide: Rectangle {
        property string headline
        property string url
        anchors.fill: parent
        color: "#ffffff"
        Text {
            x: 96; y: 96; width: parent.width - 700
            text: parent.headline; wrapMode: Text.WordWrap
            font.pixelSize: 72; font.bold: true; color: "#111111"
        }
        Image {
            anchors.right: parent.right; anchors.bottom: parent.bottom; anchors.margins: 96
            width: 360; height: 360; sourceSize.width: 360; sourceSize.height: 360
            smooth: false; source: "image://qr/" + parent.url
        }
    }
    Slide { id: a; headline: "Notice the signs of trafficking"; url: "a"; opacity: 1 }
    Slide { id: b; headline: "Call the hotline, day or night"; url: "b"; opacity: 0 }
    Rectangle {
        anchors.fill: parent; visible: win.menu; color: "#202040"
        Text { anchors.centerIn: parent; text: "Menu"; font.pixelSize: 96; color: "#ffffff" }
    }
    ParallelAnimation {
        id: fade
        NumberAnimation {
            target: win.frontA ? b : a; property: "opacity"; from: 0; to: 1
            duration: 900; easing.type: Easing.InOutQuad
        }
        NumberAnimation {
            target: win.frontA ? a : b; property: "opacity"; from: 1; to: 0
            duration: 900; easing.type: Easing.InOutQuad
        }
        onFinished: win.frontA = !win.frontA
    }
    MouseArea { anchors.fill: parent; onPressed: win.menu = true }
}
"""

MODULES = 29  # a QR code's size for a short link


def code_like(seed: str, pixels: int = 360) -> QImage:
    """A black-and-white pattern the size of a QR code (what is drawn matters, not what it says)."""
    rng = random.Random(seed)
    scale = pixels // MODULES
    image = QImage(MODULES * scale, MODULES * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    for y in range(MODULES):
        for x in range(MODULES):
            if rng.random() < 0.5:
                painter.fillRect(x * scale, y * scale, scale, scale, QColor("#000000"))
    painter.end()
    return image


class QrProvider(QQuickImageProvider):
    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, id: str, size: object, requestedSize: object) -> QImage:
        return code_like(id)


class Slides(QObject):
    """Only for the probe: says when a crossfade starts."""

    changed = Signal()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slide-seconds", type=float, default=6.0)
    parser.add_argument("--exit-after", type=float, default=30.0)
    args = parser.parse_args(argv)
    started = time.monotonic()
    app = QGuiApplication(sys.argv[:1])
    engine = QQmlApplicationEngine()
    engine.addImageProvider("qr", QrProvider())
    engine.loadData(QML)
    window = engine.rootObjects()[0]
    assert isinstance(window, QQuickWindow)
    window.setFlag(Qt.WindowType.FramelessWindowHint, True)
    window.setGeometry(window.screen().geometry())
    window.showFullScreen()

    def first_frame() -> None:
        print(f"first frame after {time.monotonic() - started:.3f} s", file=sys.stderr, flush=True)

    window.frameSwapped.connect(first_frame, Qt.ConnectionType.SingleShotConnection)
    slides = Slides()
    _probe = probe_from_env(window, slides.changed)
    timer = QTimer()
    timer.setInterval(round(args.slide_seconds * 1000))

    def advance() -> None:
        slides.changed.emit()
        QMetaObject.invokeMethod(window, "next")

    timer.timeout.connect(advance)
    timer.start()
    QTimer.singleShot(round(args.exit_after * 1000), lambda: app.exit(0))
    code = app.exec()
    del _probe
    return code


if __name__ == "__main__":
    raise SystemExit(main())
