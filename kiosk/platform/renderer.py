"""The OpenGL probe, and the renderer choice (:mod:`kiosk.ops.renderer`) applied to Qt Quick.

Which renderer suits the machine depends on the OpenGL driver's name (``GL_RENDERER``), which is
known only from a current OpenGL context. Making one in the kiosk itself would load the driver
for good: llvmpipe alone maps ~60 MB (LLVM), for nothing when the answer is "draw in software".
So a child process forked before the kiosk's own ``QGuiApplication`` makes a throwaway context
on the same display and writes the name to a pipe; it runs on the other core while the kiosk
reads ``kiosk.yaml`` and its pack (~70 ms here, about what the kiosk has left to do then), and
:meth:`GlProbe.result` is asked just before the window is made.

The child inherits no duty: its output goes to /dev/null (a driver's complaints are not the
kiosk's log), it never returns into the kiosk's code (``os._exit``), and a probe that crashes,
hangs past :data:`PROBE_SECONDS` or answers nothing counts as "no usable OpenGL".

With OpenGL, Qt Quick is put on its ``basic`` render loop (frames drawn on the GUI thread)
unless ``QSG_RENDER_LOOP`` says otherwise. On the ``threaded`` loop, Qt's messages from the
render thread reach the kiosk's Python message handler (:mod:`kiosk.platform.native`), which
needs the GIL, while ``QQuickWindow.grabWindow()`` (the self-check, :mod:`kiosk.ui.selfcheck`)
holds the GIL and waits for the render thread: both wait for ever, and the stall watch, a Python
thread, cannot run to end it. docs/performance.md has the trace.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, NoReturn

from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

if TYPE_CHECKING:
    from PySide6.QtQuick import QQuickWindow

from kiosk.ops.renderer import OPENGL, QT_DEFAULT, SOFTWARE, Choice, Probe

log = logging.getLogger(__name__)

GL_RENDERER = 0x1F01  # glGetString's name for the driver's renderer string
PROBE_SECONDS = 10.0  # a cold disk at boot may take seconds to load a GPU driver
_ANSWER_BYTES = 512
RENDER_LOOP = "QSG_RENDER_LOOP"


class GlProbe:
    """A running probe: the child's pid and the pipe it answers on."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid = pid
        self._fd = fd
        self._started = time.monotonic()
        self._answer: Probe | None = None

    def result(self, timeout: float = PROBE_SECONDS) -> Probe:
        """What the child found; waits at most what is left of ``timeout`` since the start."""
        if self._answer is None:
            self._answer = self._wait(timeout)
        return self._answer

    def cancel(self) -> None:
        """The answer is not wanted (``kiosk.yaml`` names a renderer): end the child."""
        if self._answer is None:
            self._answer = Probe(failure="not needed")
            self._end(kill=True)

    def _wait(self, timeout: float) -> Probe:
        data = b""
        deadline = self._started + timeout
        while len(data) < _ANSWER_BYTES:
            left = deadline - time.monotonic()
            ready = select.select([self._fd], [], [], max(0.0, left))[0] if left > 0 else []
            if not ready:
                self._end(kill=True)
                return Probe(failure=f"the OpenGL probe gave no answer within {timeout:g} s")
            chunk = os.read(self._fd, _ANSWER_BYTES - len(data))
            if not chunk:
                break
            data += chunk
        status = self._end(kill=False)
        return parse_answer(data, status)

    def _end(self, *, kill: bool) -> int | None:
        """Close the pipe and reap the child; its wait status, or None if it was killed."""
        with contextlib.suppress(OSError):
            os.close(self._fd)
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
        try:
            status = os.waitpid(self._pid, 0)[1]
        except ChildProcessError:
            return None
        return None if kill else status


def parse_answer(data: bytes, status: int | None) -> Probe:
    """The child's answer (``ok NAME`` or ``no WHY``) and its wait status, as a :class:`Probe`."""
    text = data.decode("utf-8", "replace").strip()
    if text.startswith("ok ") and text[3:].strip():
        return Probe(gl_renderer=text[3:].strip())
    if text.startswith("no "):
        return Probe(failure=text[3:].strip() or "no OpenGL context")
    if status is not None and os.WIFSIGNALED(status):
        return Probe(failure=f"the OpenGL probe died (signal {os.WTERMSIG(status)})")
    return Probe(failure="the OpenGL probe ended without an answer")


def start_probe() -> GlProbe | None:
    """Fork the probe; None where no process can be forked. Call before ``QGuiApplication``
    exists and before any thread starts (a forked child has only the calling thread)."""
    if not hasattr(os, "fork") or QGuiApplication.instance() is not None:
        return None
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError as exc:
        os.close(read_fd)
        os.close(write_fd)
        log.warning("cannot start the OpenGL probe: %s", exc.strerror or exc)
        return None
    if pid == 0:  # pragma: no cover - the child; its answer is tested through the parent
        os.close(read_fd)
        _probe_child(write_fd)
    os.close(write_fd)
    return GlProbe(pid, read_fd)


def _probe_child(fd: int) -> NoReturn:  # pragma: no cover - runs in the forked child
    answer = "no the OpenGL probe failed"
    try:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        answer = gl_renderer_answer()
    except BaseException as exc:  # whatever happens, answer and leave
        answer = f"no the OpenGL probe failed: {type(exc).__name__}"
    finally:
        with contextlib.suppress(OSError):
            os.write(fd, answer.encode("utf-8", "replace")[:_ANSWER_BYTES])
        os._exit(0)


def gl_renderer_answer() -> str:
    """Make an OpenGL context on the display and read its ``GL_RENDERER``: ``ok NAME`` or
    ``no WHY``. Needs a ``QGuiApplication`` (made here if there is none)."""
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0] if sys.argv else "kiosk"])
    context = QOpenGLContext()
    if not context.create():
        return "no no OpenGL context can be made"
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not context.makeCurrent(surface):
            return "no the OpenGL context cannot be made current"
        name = context.functions().glGetString(GL_RENDERER)
        context.doneCurrent()
    finally:
        surface.destroy()
    del app
    return f"ok {name}" if name else "no the driver has no renderer name"


def apply(choice: Choice, env: Mapping[str, str] | None = None) -> None:
    """Ask Qt Quick for ``choice``'s renderer. Before the first ``QQuickWindow`` exists."""
    # Qt Quick is imported here, not at the top: the probe starts before the start frame is
    # shown (kiosk.ui.start), and Qt Quick is not needed until the scene is made.
    from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

    env = os.environ if env is None else env
    if choice.renderer == SOFTWARE:
        QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
        return
    if choice.renderer == OPENGL:
        QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.OpenGL)
    if choice.renderer in (OPENGL, QT_DEFAULT) and not env.get(RENDER_LOOP):
        # Frames on the GUI thread: no Python callback on a render thread (see the docstring).
        os.environ[RENDER_LOOP] = "basic"


def running_renderer(window: QQuickWindow) -> str:
    """What draws ``window`` now (after its first frame): ``software``, ``opengl``, …"""
    from PySide6.QtQuick import QSGRendererInterface

    api = window.rendererInterface().graphicsApi()
    names = {
        QSGRendererInterface.GraphicsApi.Software: SOFTWARE,
        QSGRendererInterface.GraphicsApi.OpenGL: OPENGL,
    }
    loop = os.environ.get(RENDER_LOOP, "")
    name = names.get(api, api.name.lower())
    return f"{name} ({loop} render loop)" if name != SOFTWARE and loop else name
