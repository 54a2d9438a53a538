"""Which Qt Quick renderer the kiosk draws with, and why: the decision, and its record.

Qt Quick draws through OpenGL by default. Where the OpenGL driver is a software rasterizer
(Mesa's llvmpipe, softpipe or swrast: what a PC without a working GPU driver, a virtual machine
or a bare Xvfb gets), every frame is drawn by the CPU, and the OpenGL path redraws the whole
window for any change: the progress bar's step twice a second cost ~20 ms of CPU a frame at 1080p
(4-5 % of a core on a still slide). Qt Quick's software renderer redraws only the rectangles
that changed (0.3-0.4 %), and starts faster (no GL driver to load). On a real GPU, OpenGL is
cheap and stays.

``kiosk.yaml``'s ``renderer`` decides: ``software`` or ``opengl`` as written, or ``auto`` (the
default): the environment's choice when ``QT_QUICK_BACKEND`` or ``QSG_RHI_BACKEND`` is set (an
operator's unit file), else software where the OpenGL driver is a software rasterizer or no
OpenGL context can be made, else Qt's own choice. The driver's name comes from a probe (a
throwaway OpenGL context in a child process, :mod:`kiosk.platform.renderer`); this module only
judges what the probe saw. The choice and its reason are logged and kept in
``KIOSK_HOME/renderer.json`` for ``kiosk status``.

Pure: :func:`write_record` and :func:`read_record` are the only I/O.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content.records import DAMAGED, read_json, write_json_atomic
from kiosk.content.words import clean_name

RECORD_FILE = "renderer.json"
SETTINGS = ("auto", "software", "opengl")
SOFTWARE, OPENGL, QT_DEFAULT = "software", "opengl", "qt-default"
# GL_RENDERER strings of drivers that draw on the CPU (lower case; a substring is enough:
# "llvmpipe (LLVM 15.0.6, 256 bits)", "zink (llvmpipe ...)", "Software Rasterizer").
SOFTWARE_RASTERIZERS = (
    "llvmpipe",
    "softpipe",
    "swrast",
    "software rasterizer",
    "gdi generic",  # Windows' OpenGL 1.1 fallback
    "microsoft basic render",
)
# What Qt reads to pick a backend itself: an operator's choice in the environment.
ENVIRONMENT_KEYS = ("QT_QUICK_BACKEND", "QSG_RHI_BACKEND")
# Platforms where a probe makes sense: a window on a display server. The others draw in software
# by themselves (offscreen, minimal, vnc, linuxfb) or own the GPU alone (eglfs: a probe in a
# second process would fight the kiosk for the display).
PROBED_PLATFORMS = ("", "xcb", "wayland")
RENDERER_LIMIT = 120  # characters of a driver's name kept


@dataclass(frozen=True)
class Probe:
    """What the OpenGL probe found: the driver's ``GL_RENDERER``, or why there is none."""

    gl_renderer: str | None = None
    failure: str = ""  # no context, timed out, the probe died ...

    @property
    def software(self) -> bool:
        """The driver draws on the CPU."""
        name = (self.gl_renderer or "").lower()
        return any(marker in name for marker in SOFTWARE_RASTERIZERS)


@dataclass(frozen=True)
class Choice:
    """The renderer asked for: ``software``, ``opengl`` or ``qt-default`` (Qt picks), and why."""

    renderer: str
    reason: str
    setting: str = "auto"
    gl_renderer: str | None = None

    def describe(self) -> str:
        """One line for the log and ``kiosk status``."""
        shown = "Qt's default" if self.renderer == QT_DEFAULT else self.renderer
        return f"renderer: {shown} ({self.reason})"


def platform_name(env: Mapping[str, str]) -> str:
    """The Qt platform plugin ``QT_QPA_PLATFORM`` names (``""``: Qt's default, X11 on Linux)."""
    return env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip().lower()


def environment_choice(env: Mapping[str, str]) -> str | None:
    """``NAME=value`` of the first backend variable the environment sets, else None."""
    for key in ENVIRONMENT_KEYS:
        value = env.get(key, "").strip()
        if value:
            return f"{key}={clean_name(value, 40)}"
    return None


def wants_probe(setting: str, env: Mapping[str, str], *, linux: bool) -> bool:
    """Whether ``auto`` needs the OpenGL probe here (and so whether to start it early)."""
    if setting != "auto" or not linux or environment_choice(env) is not None:
        return False
    return platform_name(env) in PROBED_PLATFORMS or platform_name(env).startswith("wayland")


def decide(setting: str, env: Mapping[str, str], probe: Probe | None) -> Choice:
    """The renderer for ``kiosk.yaml``'s ``setting`` (``auto``, ``software``, ``opengl``).

    ``probe`` is what the OpenGL probe found, or None where it did not run (see
    :func:`wants_probe`).
    """
    if setting == SOFTWARE:
        return Choice(SOFTWARE, "kiosk.yaml renderer: software", setting)
    if setting == OPENGL:
        return Choice(OPENGL, "kiosk.yaml renderer: opengl", setting)
    from_env = environment_choice(env)
    if from_env is not None:
        return Choice(QT_DEFAULT, f"auto: the environment sets {from_env}", setting)
    if probe is None:
        platform = platform_name(env) or "default"
        return Choice(QT_DEFAULT, f"auto: not probed on the {platform} platform", setting)
    name = clean_name(probe.gl_renderer, RENDERER_LIMIT) if probe.gl_renderer else None
    if name is None:
        why = probe.failure or "no OpenGL driver answered"
        return Choice(SOFTWARE, f"auto: no usable OpenGL ({why})", setting)
    if probe.software:
        return Choice(
            SOFTWARE,
            f"auto: the OpenGL driver is {name}, a software rasterizer: Qt Quick's software "
            "renderer redraws only what changed",
            setting,
            name,
        )
    return Choice(QT_DEFAULT, f"auto: the OpenGL driver is {name}, a GPU", setting, name)


def write_record(home: Path, choice: Choice, running: str) -> None:
    """Keep the choice and the renderer that really ``running`` for ``kiosk status``.

    Raises:
        OSError: the file cannot be written.
    """
    data = {
        "renderer": running,
        "asked": choice.renderer,
        "reason": choice.reason,
        "setting": choice.setting,
        "gl_renderer": choice.gl_renderer,
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    write_json_atomic(home / RECORD_FILE, data)


def read_record(home: Path) -> dict[str, Any] | None:
    """What the last start drew with (see :func:`write_record`), or None (never started, or
    the file is damaged). Every value is cleaned text: the file is data."""
    data = read_json(home / RECORD_FILE, limit=8_000)
    if data is DAMAGED or not isinstance(data, dict):
        return None
    keys = ("renderer", "asked", "reason", "setting", "gl_renderer", "time")
    return {k: clean_name(data[k], 300) if isinstance(data.get(k), str) else None for k in keys}


def describe_record(record: dict[str, Any] | None) -> str:
    """``kiosk status``'s line for the record of the last start."""
    if record is None:
        return "renderer: not known yet (the kiosk has not drawn a frame here)"
    return (
        f"renderer at the last start ({record.get('time') or '?'}): "
        f"{record.get('renderer') or '?'} ({record.get('reason') or '?'})"
    )
