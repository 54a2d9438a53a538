"""Print where the staff keypad's keys are at a given window size, as JSON (for the e2e test).

Run as ``python -m tests.e2e.keypad_layout 1280 800``: it lays out the real ``Main.qml``
offscreen, opens the keypad and prints ``{"pinKey-1": [x, y], ...}`` in window pixels, so the
test that drives the real process with xdotool taps where the keys really are.
"""

from __future__ import annotations

import json
import os
import sys

from PySide6.QtCore import QPointF
from PySide6.QtGui import QGuiApplication

from kiosk.common import paths
from kiosk.content.loader import load_pack
from kiosk.render.snapshot import settle
from kiosk.ui.app import Scene, load_fonts
from tests.helpers import find_item


def main() -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    width, height = int(sys.argv[1]), int(sys.argv[2])
    app = QGuiApplication(sys.argv[:1])
    load_fonts()
    scene = Scene(load_pack(paths.default_pack_dir()), venue=None, animate=False)
    scene.window.resize(width, height)
    scene.window.show()
    scene.staff.open_pin()
    scene.staff.keypad_bridge.preview(digits=0)
    settle(scene.window, 6)
    centres = {}
    for name in [f"pinKey-{d}" for d in "0123456789"] + ["pinKey-ok", "pinKey-clear"]:
        item = find_item(scene.window.contentItem(), name)
        assert item is not None, name
        point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        centres[name] = [round(point.x()), round(point.y())]
    print(json.dumps(centres))
    scene.staff.stop()
    del scene
    app.processEvents()


if __name__ == "__main__":
    main()
