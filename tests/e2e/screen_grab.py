"""Save what an X server's screen shows as PNG: ``python -m tests.e2e.screen_grab OUT.png``.

Run with ``DISPLAY`` set and ``QT_QPA_PLATFORM=xcb``. Qt grabs the root window, which on a bare
X server (no compositor) holds every mapped window's pixels: what a passer-by sees. It uses the
Qt the kiosk already needs, instead of another Debian package (xwd, ImageMagick).
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication


def main(out: str) -> int:
    app = QGuiApplication(sys.argv[:1])
    screen = app.primaryScreen()
    shot = screen.grabWindow(0)
    return 0 if not shot.isNull() and shot.save(out) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
