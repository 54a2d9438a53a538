"""glibc's allocator, told to give big buffers back: a fixed mmap threshold.

glibc serves an allocation above its *mmap threshold* (128 KiB at start) with its own ``mmap``,
which ``free`` returns to the system at once. But the threshold moves: each time such a chunk is
freed, glibc raises the threshold to that chunk's size (up to 32 MiB), so that the next buffers of
that size come from the heap instead, where a freed one stays resident until the heap's top can
be trimmed. The kiosk frees screen-sized buffers (8 MB at 1080p: the start frame's picture, the
self-check's grab, a picture's decode), and after the first one every later one stayed: measured
with ``kiosk run`` on Xvfb 1920x1080, peak RSS 135 MB with the moving threshold against 120 MB with
it fixed (the same run, the same slides; the floor of this stack, a minimal Qt Quick window, 81 MB).

``mallopt(M_MMAP_THRESHOLD, …)`` fixes the threshold (and turns the moving off). It is called once,
first thing in ``kiosk run``; what was allocated before stays where it is. Not glibc (musl, macOS):
nothing to do.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's own starting value, kept


def fix_mmap_threshold(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Fix glibc's mmap threshold at ``threshold`` bytes; whether it was done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own symbols: libc's, no search

    except (OSError, AttributeError):  # not glibc
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    done = bool(mallopt(M_MMAP_THRESHOLD, threshold))
    if not done:
        log.warning("the C library refused a fixed mmap threshold: big buffers may stay resident")
    return done
