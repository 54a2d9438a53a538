"""The live kiosk: the window, the bridges QML talks to, the QML itself, its translations."""

# Every module here imports PySide6; before any of them does, PySide6's import hook is kept from
# reading the source of every module imported after it (kiosk.platform.qt_feature: ~8.5 MB of
# `linecache` and ~40 ms of `kiosk run`'s start).
import kiosk.platform.qt_feature  # noqa: F401
