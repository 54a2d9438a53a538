"""A bare X server for the end-to-end tests: Xvfb with no window manager, as many kiosk PCs run."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def wait_for(predicate: Callable[[], object], timeout: float = 20.0) -> bool:
    """Whether ``predicate`` came true within ``timeout`` seconds (polled every 0.1 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@contextmanager
def bare_x(base: int, size: str = "1280x800") -> Iterator[str]:
    """Xvfb on display ``base`` + pid % 100 (one number range per test file, so files running
    side by side never share a server); yields the display name, e.g. ``":190"``."""
    name = f":{base + os.getpid() % 100}"
    xvfb = subprocess.Popen(
        ["Xvfb", name, "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: Path(f"/tmp/.X11-unix/X{name[1:]}").exists(), 10)
        yield name
    finally:
        xvfb.terminate()
        xvfb.wait(10)
