"""glibc's malloc gives a freed frame-sized buffer back to the system, every time."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.platform import malloc

# Three frame-sized buffers (8 MiB each, written), one after the other, each freed: how many MiB
# of RSS stay. glibc alone keeps the second in its heap for good.
AFTER_THREE_BUFFERS = """
import sys
from kiosk.platform.malloc import give_large_buffers_back

def rss_mib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024

if sys.argv[1] == "fixed":
    assert give_large_buffers_back()
before = rss_mib()
for _ in range(3):
    buffer = b"x" * (8 << 20)
    del buffer
print(rss_mib() - before)
"""


def kept_mib(mode: str) -> int:
    env = {"PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", AFTER_THREE_BUFFERS, mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_a_freed_frame_sized_buffer_does_not_stay_resident() -> None:
    assert kept_mib("glibc") >= 6  # what the fix is for: glibc alone keeps one
    assert kept_mib("fixed") < 2


def test_only_on_linux_and_only_when_the_environment_does_not_decide() -> None:
    assert malloc.wanted({}, "linux")
    assert not malloc.wanted({}, "darwin")
    assert not malloc.wanted({"MALLOC_MMAP_THRESHOLD_": "65536"}, "linux")
    assert not malloc.wanted({"GLIBC_TUNABLES": "glibc.malloc.mmap_threshold=65536"}, "linux")
    assert malloc.wanted({"GLIBC_TUNABLES": "glibc.malloc.arena_max=2"}, "linux")


def test_nothing_is_changed_where_the_environment_decides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "131072")
    assert not malloc.give_large_buffers_back()
