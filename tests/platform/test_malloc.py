"""glibc's mmap threshold, fixed: freed screen-sized buffers leave the process's memory."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.platform.malloc import fix_mmap_threshold

# In a fresh process (the allocator's state is per process): a big buffer freed, then four
# 4 MiB buffers made and freed, the way frames and grabs come and go. RSS in MiB: before the four,
# with them, after them.
BUFFERS = """
import sys
from kiosk.platform.malloc import fix_mmap_threshold

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024

if sys.argv[1] == "fixed":
    assert fix_mmap_threshold()
big = bytearray(16 << 20)
del big
before = rss()
buffers = [bytearray(4 << 20) for _ in range(4)]
pin = bytearray(1000)  # something newer on the heap, as a running kiosk always has
held = rss()
del buffers
print(before, held, rss())
"""

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc")


def _rss(mode: str) -> tuple[int, int, int]:
    done = subprocess.run(
        [sys.executable, "-c", BUFFERS, mode], capture_output=True, text=True, check=True
    )
    before, held, after = (int(v) for v in done.stdout.split())
    return before, held, after


@linux_only
def test_freed_buffers_stay_resident_when_the_threshold_moves() -> None:
    before, held, after = _rss("moving")
    assert held - before >= 14
    assert after - before >= 14  # glibc's default: the 16 MiB stay


@linux_only
def test_freed_buffers_go_back_with_the_threshold_fixed() -> None:
    before, held, after = _rss("fixed")
    assert held - before >= 14
    assert after - before <= 2


@linux_only
def test_it_can_be_asked_twice() -> None:
    assert fix_mmap_threshold()
    assert fix_mmap_threshold()
