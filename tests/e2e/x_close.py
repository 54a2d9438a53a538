"""Ask an X window to close the way a window manager does: WM_PROTOCOLS / WM_DELETE_WINDOW.

xdotool's ``windowclose`` destroys a window instead, and ``wmctrl -c`` needs a window manager to
pass the request on; a bare X server has neither, so this sends the client message itself through
libX11 (ctypes, no python-xlib).
"""

from __future__ import annotations

import ctypes
import ctypes.util

CLIENT_MESSAGE = 33
NO_EVENT_MASK = 0


class _ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _Event(ctypes.Union):
    # XEvent is a union padded to 24 longs; XSendEvent copies all of it.
    _fields_ = [("client", _ClientMessage), ("pad", ctypes.c_long * 24)]


def libx11() -> ctypes.CDLL | None:
    """libX11, or None where it is not installed."""
    name = ctypes.util.find_library("X11")
    return ctypes.CDLL(name) if name else None


def request_close(lib: ctypes.CDLL, display_name: str, window: int) -> None:
    """Send ``window`` on ``display_name`` a WM_DELETE_WINDOW request, as a window manager would."""
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XInternAtom.restype = ctypes.c_ulong
    lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.XSendEvent.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.c_long,
        ctypes.POINTER(_Event),
    ]
    lib.XFlush.argtypes = [ctypes.c_void_p]
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = lib.XOpenDisplay(display_name.encode())
    if not display:
        raise OSError(f"cannot open X display {display_name}")
    try:
        event = _Event()
        event.client.type = CLIENT_MESSAGE
        event.client.window = window
        event.client.message_type = lib.XInternAtom(display, b"WM_PROTOCOLS", 0)
        event.client.format = 32
        event.client.data[0] = lib.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
        event.client.data[1] = 0  # CurrentTime
        if not lib.XSendEvent(display, window, 0, NO_EVENT_MASK, ctypes.byref(event)):
            raise OSError("XSendEvent failed")
        lib.XFlush(display)
    finally:
        lib.XCloseDisplay(display)
