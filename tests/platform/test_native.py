"""Native deaths: no display is exit 3 (not Qt's abort); a fatal signal leaves a Python stack."""

import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import qWarning

from kiosk.platform.native import binding_loses_references, display_problem, route_qt_messages


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "DISPLAY is not set"),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "DISPLAY is not set"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, None),
        ({"QT_QPA_PLATFORM": "wayland"}, "WAYLAND_DISPLAY is not set"),
        ({"QT_QPA_PLATFORM": "offscreen"}, None),
        ({"QT_QPA_PLATFORM": "eglfs"}, None),
        ({"DISPLAY": ":4711"}, "does not answer"),
        ({"DISPLAY": "unix:4711.0"}, "does not answer"),
        ({"DISPLAY": "127.0.0.1:4711"}, None),  # remote: Qt's to try
        ({"DISPLAY": "a display form nobody uses"}, None),
    ],
)
def test_display_problem_names_what_qt_would_abort_on(env, expected) -> None:
    problem = display_problem(env)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None
        assert expected in problem


def test_a_listening_x_socket_counts_as_a_display(tmp_path: Path) -> None:
    import socket

    number = 4000 + os.getpid() % 1000
    path = f"\0/tmp/.X11-unix/X{number}"  # the abstract socket Xorg and Xvfb also listen on
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen(1)
        assert display_problem({"DISPLAY": f":{number}"}) is None


def test_qt_messages_reach_the_log(qapp, caplog) -> None:
    previous = route_qt_messages()
    try:
        with caplog.at_level(logging.WARNING, logger="kiosk.qt"):
            qWarning("a warning from Qt")
        assert "a warning from Qt" in caplog.text
    finally:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(previous)


def test_kiosk_run_without_a_display_exits_3_with_the_reason(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(KIOSK_HOME=str(tmp_path), QT_QPA_PLATFORM="")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--exit-after", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 3, result.stderr
    assert "the screen could not start: no display: DISPLAY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_native_crash_leaves_every_threads_python_stack_on_stderr() -> None:
    script = textwrap.dedent(
        """
        import os
        from kiosk.platform.native import enable_fault_log
        enable_fault_log()
        def crash_in_a_slot():
            os.abort()
        crash_in_a_slot()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode < 0  # killed by the signal, as a native abort is
    assert "Fatal Python error: Aborted" in result.stderr
    assert "crash_in_a_slot" in result.stderr


def test_the_installed_binding_keeps_its_references() -> None:
    assert binding_loses_references() is False


def test_the_probe_notices_a_binding_that_loses_them() -> None:
    script = textwrap.dedent(
        """
        import sys
        from unittest import mock
        from kiosk.platform import native
        counts = iter([3600, 3595])  # before and after 5 emits: one reference lost on each
        with mock.patch.object(native.sys, "getrefcount", lambda obj: next(counts)):
            with mock.patch.object(native.sys, "version_info", (3, 11)):
                print(native.binding_loses_references(rounds=5))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.strip() == "True", result.stderr
