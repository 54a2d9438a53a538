"""The OpenGL probe (kiosk.platform.renderer): its answer, a probe that hangs, one that dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

from kiosk.ops.renderer import OPENGL, SOFTWARE, Choice
from kiosk.platform import renderer
from kiosk.platform.renderer import GlProbe, parse_answer


def test_answers_are_read() -> None:
    assert parse_answer(b"ok llvmpipe (LLVM 15.0.6, 256 bits)\n", 0).gl_renderer == (
        "llvmpipe (LLVM 15.0.6, 256 bits)"
    )
    assert parse_answer(b"no no OpenGL context can be made", 0).failure == (
        "no OpenGL context can be made"
    )
    assert parse_answer(b"", 0).failure == "the OpenGL probe ended without an answer"
    assert parse_answer(b"ok ", 0).gl_renderer is None


def test_a_probe_that_died_says_how() -> None:
    status = signal.SIGABRT  # as os.waitpid would give it: a signal number in the low bits
    assert parse_answer(b"", int(status)).failure == "the OpenGL probe died (signal 6)"


def test_a_probe_that_hangs_is_killed_and_counts_as_no_opengl() -> None:
    read_fd, write_fd = os.pipe()
    child = subprocess.Popen(["sleep", "60"], pass_fds=(write_fd,))
    os.close(write_fd)
    probe = GlProbe(child.pid, read_fd)
    started = time.monotonic()
    found = probe.result(timeout=0.5)
    assert time.monotonic() - started < 5
    assert found.gl_renderer is None
    assert found.failure == "the OpenGL probe gave no answer within 0.5 s"
    assert child.poll() is not None or child.wait(5) == -signal.SIGKILL


def test_the_forked_probe_answers_without_qt_in_the_caller() -> None:
    """In a fresh process (the probe forks before any QGuiApplication, as `kiosk run` does)."""
    code = (
        "from kiosk.platform.renderer import start_probe\n"
        "probe = start_probe()\n"
        "found = probe.result(60)\n"
        "print(repr(found.gl_renderer), repr(found.failure))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    renderer, failure = done.stdout.strip().split(" ", 1)
    assert (renderer != "None") != (failure != "''"), done.stdout  # a name or a reason, not both
    assert done.stderr == ""  # the child's output went to /dev/null


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The graphics APIs asked of Qt (recorded, not set: the test process keeps its own)."""
    apis: list[object] = []
    monkeypatch.setattr(QQuickWindow, "setGraphicsApi", apis.append)
    for name in (renderer.NO_GUI_THREADPOOL, renderer.RENDER_LOOP):
        # Set, then deleted: monkeypatch then restores the variable's absence too, after
        # apply() has written it (else it leaks into the next test in this process).
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    return apis


def test_software_draws_without_qts_thread_pool(asked: list[object]) -> None:
    renderer.apply(Choice(SOFTWARE, "llvmpipe"))
    assert asked == [QSGRendererInterface.GraphicsApi.Software]
    assert os.environ[renderer.NO_GUI_THREADPOOL] == "1"


def test_opengl_keeps_qts_thread_pool(asked: list[object]) -> None:
    renderer.apply(Choice(OPENGL, "set in kiosk.yaml"))
    assert renderer.NO_GUI_THREADPOOL not in os.environ
    assert os.environ[renderer.RENDER_LOOP] == "basic"
