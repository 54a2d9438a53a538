"""What a person in front of the screen sees, for ``make bench``: Xvfb's own framebuffer, watched.

Xvfb started with ``-fbdir`` keeps its screen in a memory-mapped XWD file: the pixels the X
server shows, whoever drew them. :class:`ScreenWatch` polls a sample of its rows (every 16th
row: a slide, a menu or a crossfade changes far more than that) and notes when they change, so
"first content" and "tap to screen" are read off the screen itself rather than from the app's own
account of its frames. A tap is an XTEST button press sent straight to the server through
libXtst (what ``xdotool`` uses), stamped once the server has it (``XSync``), so a process start
does not sit between the stamp and the press.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import mmap
import os
import shutil
import struct
import subprocess
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

WIDTH, HEIGHT = 1920, 1080
ROW_STEP = 16  # rows sampled: one in 16
FAST, SLOW = 0.002, 0.02  # seconds between looks: while a change is awaited, and otherwise


@dataclass
class Screen:
    """A running Xvfb: its display name and its framebuffer file."""

    process: subprocess.Popen[bytes]
    display: str
    framebuffer: Path
    folder: Path


@contextmanager
def xvfb(width: int = WIDTH, height: int = HEIGHT) -> Iterator[Screen]:
    """A fresh Xvfb whose framebuffer can be read (``-fbdir``), ended on leaving."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-fb-"))
    read, write = os.pipe()
    command = ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24"]
    command += ["-fbdir", str(folder), "-nolisten", "tcp"]
    process = subprocess.Popen(
        command, pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    os.close(write)
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(read, 64)
        if not chunk:
            break
        data += chunk
    os.close(read)
    try:
        yield Screen(process, ":" + data.decode().strip(), folder / "Xvfb_screen0", folder)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class ScreenWatch:
    """Notes when the sampled rows of the screen (or of a band of it) change.

    ``band`` is the rows (top, bottom) a tap is judged on: the kiosk's lesson menu and the
    reference's menu both cover them, and the kiosk's progress bar, which steps twice a second,
    is below them.
    """

    screen: Screen
    band: tuple[int, int] = (0, HEIGHT * 3 // 5)
    first_change: float | None = None  # the first time the screen differs from the empty one
    band_changed: float = 0.0  # the last time the band changed
    _stop: threading.Event = field(default_factory=threading.Event)
    _fast: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._fast.set()  # until the first content is there
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def quiet_for(self) -> float:
        """Seconds since the band last changed."""
        return time.monotonic() - self.band_changed

    def change_after(self, moment: float, timeout: float = 3.0) -> float | None:
        """The first change of the band after ``moment`` (looked for closely), or None."""
        self._fast.set()
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if self.band_changed > moment:
                    return self.band_changed
                time.sleep(FAST / 2)
            return None
        finally:
            self._fast.clear()

    def _watch(self) -> None:
        with self.screen.framebuffer.open("rb") as fb:
            pixels = mmap.mmap(fb.fileno(), 0, prot=mmap.PROT_READ)
            header, colours, _, _, width, height = _xwd_header(pixels)
            start = header + 12 * colours
            line = width * 4
            empty = _digest(pixels, start, line, 0, height)
            band = _digest(pixels, start, line, *self.band)
            while not self._stop.is_set():
                now = time.monotonic()
                if self.first_change is None and _digest(pixels, start, line, 0, height) != empty:
                    self.first_change = now
                    self._fast.clear()
                seen = _digest(pixels, start, line, *self.band)
                if seen != band:
                    band, self.band_changed = seen, now
                time.sleep(FAST if self._fast.is_set() else SLOW)
            pixels.close()


def _xwd_header(pixels: mmap.mmap) -> tuple[int, int, int, int, int, int]:
    """header size, colour map entries, depth, bits per pixel, width, height of an XWD file."""
    fields = struct.unpack(">25I", pixels[:100])
    header, depth, width, height = fields[0], fields[3], fields[4], fields[5]
    bits_per_pixel, colours = fields[11], fields[19]
    if bits_per_pixel != 32:
        raise RuntimeError(f"Xvfb framebuffer has {bits_per_pixel} bits per pixel, not 32")
    return header, colours, depth, bits_per_pixel, width, height


def _digest(pixels: mmap.mmap, start: int, line: int, top: int, bottom: int) -> int:
    rows = (pixels[start + y * line : start + (y + 1) * line] for y in range(top, bottom, ROW_STEP))
    return zlib.crc32(b"".join(rows))


class Tapper:
    """Presses the left button at a point through XTEST, and says when the server had it."""

    def __init__(self, display: str) -> None:
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        xtst = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        for name in ("XSync",):
            getattr(x11, name).argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                              ctypes.c_int, ctypes.c_ulong]  # fmt: skip
        xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int,
                                              ctypes.c_ulong]  # fmt: skip
        self._x11, self._xtst = x11, xtst
        self._display = x11.XOpenDisplay(display.encode())
        if not self._display:
            raise RuntimeError(f"cannot open X display {display}")

    def tap(self, x: int, y: int) -> float:
        """Move there, press and release; the moment the server had the press."""
        self._xtst.XTestFakeMotionEvent(self._display, -1, x, y, 0)
        self._x11.XSync(self._display, 0)
        self._xtst.XTestFakeButtonEvent(self._display, 1, 1, 0)
        self._x11.XSync(self._display, 0)
        pressed = time.monotonic()
        self._xtst.XTestFakeButtonEvent(self._display, 1, 0, 0)
        self._x11.XSync(self._display, 0)
        return pressed

    def close(self) -> None:
        self._x11.XCloseDisplay(self._display)
