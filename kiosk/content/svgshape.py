"""How long an SVG element's outline is, and how much a transform magnifies: bounds, not drawing.

Qt's rasteriser pays for every scanline each edge of an outline crosses, and far more when one
path's edges overlap (measured: 16 canvas-high crossing segments in one ``<polyline>`` took
0.33 s at 1920x1080, the same 16 as separate ``<line>`` elements 24 ms). So the validator bounds
outline length, measured from the numbers in the file: a line's length, a curve's control
polygon (never shorter than the curve), an arc's full ellipse. Each is an upper bound, so a
picture is never measured cheaper than it draws. Pure Python, no Qt.
"""

from __future__ import annotations

import itertools
import math
import re

__all__ = ["NotANumber", "length", "outline", "path_length", "points_length", "transform_scale"]

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SEPARATORS = re.compile(r"[\s,]*")
# Units QtSvg converts to pixels (96 dpi and more): the largest, "in", bounds them all. Relative
# units (em, ex, %) are taken at the same factor: an overestimate for any sensible font size.
_UNIT_FACTOR = 96.0
_TRANSFORM = re.compile(r"\s*([A-Za-z]+)\s*\(([^)]*)\)\s*,?")


class NotANumber(ValueError):
    """A number too large to draw (overflows to infinity): refused rather than measured."""


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise NotANumber("a number too large to draw")
    return value


def length(text: str) -> float:
    """An SVG length (``12``, ``1e3px``, ``2in``, ``50%``) bounded in user units (0: unreadable)."""
    found = _NUMBER.match(text.strip())
    if found is None:
        return 0.0
    value = abs(_finite(float(found.group())))
    unit = text.strip()[found.end() :].strip().lower()
    return value if unit in ("", "px") else value * _UNIT_FACTOR


def _numbers(text: str) -> list[float]:
    return [_finite(float(n)) for n in _NUMBER.findall(text)]


def points_length(points: str, closed: bool = False) -> float:
    """The outline of a ``<polyline>`` (or ``<polygon>``, ``closed``) from its ``points``."""
    values = _numbers(points)
    xy = list(zip(values[0::2], values[1::2], strict=False))
    total = sum(math.dist(a, b) for a, b in itertools.pairwise(xy))
    if closed and len(xy) > 2:
        total += math.dist(xy[-1], xy[0])
    return _finite(total)


class _PathReader:
    """Walks path data as QtSvg does, stopping at the first thing it cannot read."""

    def __init__(self, data: str) -> None:
        self.data = data
        self.at = 0

    def _skip(self) -> None:
        found = _SEPARATORS.match(self.data, self.at)
        self.at = found.end() if found else self.at

    def command(self) -> str | None:
        self._skip()
        if self.at < len(self.data) and self.data[self.at].isalpha():
            self.at += 1
            return self.data[self.at - 1]
        return None

    def number(self) -> float | None:
        self._skip()
        found = _NUMBER.match(self.data, self.at)
        if found is None:
            return None
        self.at = found.end()
        return _finite(float(found.group()))

    def flag(self) -> float | None:
        self._skip()
        if self.at < len(self.data) and self.data[self.at] in "01":
            self.at += 1
            return float(self.data[self.at - 1])
        return None

    def numbers(self, count: int, arc: bool = False) -> list[float] | None:
        values: list[float] = []
        for index in range(count):
            value = self.flag() if arc and index in (3, 4) else self.number()
            if value is None:
                return None
            values.append(value)
        return values


_ARGUMENTS = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "a": 7, "z": 0}


def path_length(data: str) -> float:
    """An upper bound on the outline of the path ``d`` (curves by their control polygon)."""
    reader = _PathReader(data)
    x = y = start_x = start_y = 0.0
    total = 0.0
    command = reader.command()
    while command is not None and command.lower() in _ARGUMENTS:
        lower = command.lower()
        relative = command.islower()
        if lower == "z":
            total += math.dist((x, y), (start_x, start_y))
            x, y = start_x, start_y
            command = reader.command()
            continue
        while True:
            values = reader.numbers(_ARGUMENTS[lower], arc=lower == "a")
            if values is None:
                break
            if lower == "h":
                values = [values[0] + (x if relative else 0.0), y]
            elif lower == "v":
                values = [x, values[0] + (y if relative else 0.0)]
            elif lower == "a":
                rx, ry = abs(values[0]), abs(values[1])
                end = (values[5] + (x if relative else 0.0), values[6] + (y if relative else 0.0))
                # An arc is at most its whole ellipse, the radii grown to reach the end point.
                chord = math.dist((x, y), end)
                total += 2 * math.pi * max(rx, ry, chord)
                x, y = end
                continue
            elif relative:
                values = [v + (x if i % 2 == 0 else y) for i, v in enumerate(values)]
            polygon = [(x, y), *zip(values[0::2], values[1::2], strict=False)]
            # A smooth curve's first control point is a reflection: at most twice the way back.
            extra = 2 * math.dist((x, y), polygon[1]) if lower in ("s", "t") else 0.0
            total += extra + sum(math.dist(a, b) for a, b in itertools.pairwise(polygon))
            x, y = polygon[-1]
            if lower == "m":
                start_x, start_y = x, y
                lower = "l"  # further pairs after a move are lines
        command = reader.command()
    return _finite(total)


def outline(tag: str, get: dict[str, str]) -> float:
    """An upper bound on the outline of a basic shape, from its attributes (``get``)."""
    if tag == "path":
        return path_length(get.get("d", ""))
    if tag in ("polyline", "polygon"):
        return points_length(get.get("points", ""), closed=tag == "polygon")
    if tag == "line":
        ends = [length(get.get(name, "0")) for name in ("x1", "y1", "x2", "y2")]
        return _finite(math.dist(ends[:2], ends[2:]))
    if tag == "rect":
        return _finite(2 * (length(get.get("width", "0")) + length(get.get("height", "0"))))
    if tag == "circle":
        return _finite(2 * math.pi * length(get.get("r", "0")))
    if tag == "ellipse":
        radius = max(length(get.get("rx", "0")), length(get.get("ry", "0")))
        return _finite(2 * math.pi * radius)
    return 0.0


def transform_scale(text: str) -> float:
    """How much ``transform`` may magnify a length at most (1 for none or a rotation).

    Raises:
        ValueError: the transform cannot be read (QtSvg would draw something else).
    """
    scale = 1.0
    at = 0
    text = text.strip()
    while at < len(text):
        found = _TRANSFORM.match(text, at)
        if found is None:
            raise ValueError("a transform that cannot be read")
        at = found.end()
        name, values = found.group(1), _numbers(found.group(2))
        if name == "matrix" and len(values) == 6:
            a, b, c, d = values[:4]
            scale *= math.sqrt(a * a + b * b + c * c + d * d)  # never less than the norm
        elif name == "scale" and values:
            scale *= max(abs(v) for v in values[:2])
        elif name in ("skewX", "skewY") and len(values) == 1:
            scale *= 1 + abs(math.tan(math.radians(values[0])))
        elif name not in ("translate", "rotate") or not values:
            raise ValueError("a transform that cannot be read")
    return _finite(scale)
