"""glibc's malloc told to hand large buffers back to the system when they are freed.

glibc serves a request of 128 KiB or more with a mapping of its own, returned at ``free()``; but
the first time such a mapping is freed it raises that threshold to the size just freed (up to
32 MiB), so that the next one of that size comes from the heap, which keeps it. The self-check's
frame grab (``QQuickWindow.grabWindow``, a 1920x1080 image, 7.9 MiB) is such a buffer: the first
grab was given back, the second stayed in the heap for good. Measured with ``kiosk run`` on Xvfb
1920x1080, software renderer, a slide every 5 s: RSS stepped from 124 to 132 MiB at the second
grab (~7 s after start) and stayed there; with the threshold fixed at 4 MiB it stayed at 124-125
MiB. Buffers under 4 MiB (a slide's picture, text layouts) still come from the heap and are
reused there as before; the grab and anything as large are mapped and unmapped each time (a few
times an hour: nothing to measure in CPU).

Only on Linux with glibc, and not when the environment sets the threshold itself
(``MALLOC_MMAP_THRESHOLD_`` or ``GLIBC_TUNABLES``): then nothing changes.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Mapping

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # glibc's <malloc.h>
MMAP_THRESHOLD_BYTES = 4 * 1024 * 1024


def wanted(environ: Mapping[str, str], platform: str) -> bool:
    """Whether to set the threshold: on Linux, unless the environment already decides it."""
    if not platform.startswith("linux"):
        return False
    return "MALLOC_MMAP_THRESHOLD_" not in environ and "mmap_threshold" not in environ.get(
        "GLIBC_TUNABLES", ""
    )


def give_large_buffers_back(size: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Fix glibc's mmap threshold at ``size`` bytes (see the module docstring); whether it was."""
    if not wanted(os.environ, sys.platform):
        return False
    try:
        libc = ctypes.CDLL(None)  # the process's own symbols: glibc's, when it is glibc
    except OSError:
        return False
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None or not hasattr(libc, "gnu_get_libc_version"):
        return False  # not glibc (musl's mallopt does nothing)
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    done = bool(mallopt(M_MMAP_THRESHOLD, size))
    if not done:
        log.debug("mallopt(M_MMAP_THRESHOLD, %d) refused", size)
    return done
