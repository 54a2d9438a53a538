"""Native deaths made visible: a Qt abort is not an exception, so it is caught before or logged.

A Python exception in a slot is logged and the show goes on (see ``app.install_excepthook``), but
Qt ends the process natively in a few places: with no display to connect to it calls ``qFatal``,
which aborts (SIGABRT) with a message on stderr and no exit code the docs can name; a crash in
native code (a binding bug, a broken GPU driver) kills with SIGSEGV and nothing in the log. This
module turns the first into exit 3 before Qt is started, and makes the others leave a trace:
Qt's own messages go through Python logging, and ``faulthandler`` prints every thread's Python
stack on a fatal signal. Whatever still kills the process is restarted by the service manager
(``build_spec/kiosk.service``, ``Restart=always``).
"""

from __future__ import annotations

import faulthandler
import logging
import os
import platform
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import PySide6
from PySide6.QtCore import QMessageLogContext, QObject, QtMsgType, Signal, qInstallMessageHandler

from kiosk.platform.qt_notes import KnownPlatformMessages

log = logging.getLogger("kiosk.qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_X_DISPLAY = re.compile(r"^(?P<host>[^:]*):(?P<number>\d+)(\.\d+)?$")


def guard_native_deaths() -> str | None:
    """Before Qt starts: trace fatal signals, log Qt's messages, check the display and binding.

    Returns:
        Why there is no screen to start on (the caller exits 3), or None.
    """
    enable_fault_log()
    no_screen = display_problem()
    if no_screen is not None:
        return no_screen
    route_qt_messages()
    if binding_loses_references():
        log.critical(
            "this PySide6 (%s) loses a reference to True on every signal on Python %s: the kiosk "
            "will abort within hours. Reinstall with `make install` (pyproject.toml pins a safe "
            "pair); see docs/architecture.md",
            PySide6.__version__,
            platform.python_version(),
        )
    return None


def enable_fault_log() -> None:
    """On a fatal signal (SEGV, ABRT, BUS, FPE, ILL) print every thread's Python stack to stderr."""
    if not faulthandler.is_enabled():
        faulthandler.enable(file=sys.stderr, all_threads=True)


def route_qt_messages() -> object:
    """Send Qt's messages to the ``kiosk.qt`` logger: a fatal one is logged before the abort.

    The platform's expected messages (no PipeWire, ...) become one note each
    (:mod:`kiosk.platform.qt_notes`).
    """
    if not any(isinstance(f, KnownPlatformMessages) for f in log.filters):
        log.addFilter(KnownPlatformMessages())

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        category = context.category or "qt"
        log.log(_LEVELS.get(kind, logging.WARNING), "%s: %s", category, message)

    return qInstallMessageHandler(handler)  # the handler it replaced, for whoever restores it


def display_problem(env: Mapping[str, str] | None = None) -> str | None:
    """Why Qt would abort for want of a screen, or None when a screen is there to try.

    Qt picks its platform from ``QT_QPA_PLATFORM`` (on Linux, X11 when unset). Only the cases Qt
    turns into an abort are answered here: no ``DISPLAY`` (or ``WAYLAND_DISPLAY``) at all, or a
    local X server that is not listening (it has not started yet, or it died).
    """
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    display, wayland = env.get("DISPLAY", ""), env.get("WAYLAND_DISPLAY", "")
    if platform.startswith("wayland"):
        return None if wayland else "WAYLAND_DISPLAY is not set (QT_QPA_PLATFORM asks for Wayland)"
    if platform not in ("", "xcb"):
        return None  # offscreen, eglfs, linuxfb, vnc …: no display server to wait for
    if not display:
        if platform == "" and wayland:
            return None
        return "no display: DISPLAY is not set (start an X server, or see `make demo`)"
    if not _x_server_answers(display):
        return f"the X server on DISPLAY={display} does not answer (not started yet, or gone)"
    return None


def _x_server_answers(display: str) -> bool:
    """Whether a local X server listens for ``display`` (a remote one is left to Qt).

    Looked up in the kernel's socket table, never by connecting: an X server resets when its last
    client leaves, and a probe connection that came and went could make the kiosk's own
    connection, a moment later, land in the reset and fail.
    """
    match = _X_DISPLAY.match(display)
    if match is None or match["host"] not in ("", "unix"):
        return True  # a remote server or a form this check does not know: let Qt try
    path = f"/tmp/.X11-unix/X{int(match['number'])}"  # noqa: S108 - the X11 socket, not a temp file
    try:
        table = Path("/proc/net/unix").read_text(errors="replace").split()
    except OSError:
        return Path(path).exists()
    return path in table or "@" + path in table


class _Probe(QObject):
    fired = Signal()


def binding_loses_references(rounds: int = 200) -> bool:
    """Whether ``Signal.emit()`` loses references to ``True`` in this Python and binding.

    PySide6 6.12.0 on Python 3.11 did, and the process aborted within hours ("bool_dealloc").
    pyproject.toml keeps that pair apart; this catches a build made some other way.
    """
    if sys.version_info >= (3, 12):
        return False  # True is immortal (PEP 683): nothing to lose
    probe = _Probe()
    probe.fired.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(rounds):
        probe.fired.emit()
    return before - sys.getrefcount(True) >= rounds // 2
