"""What an SVG picture from a pack may hold, and how much it may expand to when drawn.

SVG is XML that a renderer follows: it is parsed with expat as ``defusedxml`` defuses it (no DTD,
entities or external references), may hold no script or event handler and refer to nothing
outside itself. (Expat directly, not through ``xml.sax``, whose helpers import
``urllib.request`` and with it ``http.client``, ``email`` and ``ssl``: ~25 ms before the
kiosk's first frame, for nothing.) It must also stay cheap to draw, because the kiosk draws
it: a ``<use>`` draws its target once more, so a few hundred bytes of ``<use>`` of groups of
``<use>`` expand to millions of elements (the "billion laughs" of SVG) and keep a renderer busy
for hours. So the picture is measured as it would be drawn, each ``<use>`` resolved to its
target (memoised, so the measuring itself stays linear; a ``<use>`` that reaches itself is
refused): elements, nesting, path data, masks, filters and gradient stops, each against its
limit in :mod:`kiosk.content.limits`.

Each refusal names the line of the SVG where the limit is passed. The measure must follow the
same ``<use>`` target as the renderer, so whatever could make the two disagree is refused: an id
given twice, an element with two ids (``id`` and ``xml:id``: QtSvg takes ``id``) or two hrefs
(``xlink:href`` and ``href``: QtSvg takes ``xlink:href``), an href in another namespace.
Attributes are kept by namespace and local name, so an ``xml:id`` never overwrites an ``id``.
Pure Python, no Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from xml.parsers import expat

from defusedxml.common import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)

from kiosk.content.limits import (
    MAX_SVG_DASHES,
    MAX_SVG_DEPTH,
    MAX_SVG_ELEMENTS,
    MAX_SVG_FILTER_PRIMITIVES,
    MAX_SVG_GRADIENT_STOPS,
    MAX_SVG_MASKED,
    MAX_SVG_OUTLINE,
    MAX_SVG_OUTLINE_SQUARED,
    MAX_SVG_PATH_CHARS,
    MAX_SVG_STROKE,
)
from kiosk.content.svgshape import NotANumber, length, outline, transform_scale

__all__ = ["svg_problem"]

_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"
# An attribute's key: (namespace or None, local name). QtSvg reads attributes by their raw name
# ("d", "style", "xlink:href"), so what it draws with is in no namespace: see _Element.get.
_Name = tuple[str | None, str]

_FORBIDDEN_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video"}
# Each multiplies what is drawn in a way the measure does not follow (a marker at every vertex, a
# pattern in every tile: ~0.5 s measured for a few KB); flat pictograms need neither.
_UNMEASURED_TAGS = {"marker", "pattern"}
_PATHS = {"path", "polyline", "polygon"}
# A stroke width or dash pattern, in an attribute, a style attribute or a <style> sheet.
_CSS_STROKE = re.compile(r"stroke-(width|dasharray)\s*:\s*([^;}]*)", re.IGNORECASE)
_DASH_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# A property in a style attribute or a <style> sheet: CSS can apply a mask or filter to every
# element at once, which the per-element counts would not see.
_CSS_EFFECT = re.compile(r"(?<![\w-])(mask|filter)\s*:", re.IGNORECASE)
# A url() that does not point inside the file (``url(#id)``), or a sheet that pulls in another.
_OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?![\s'\"#])|@import", re.IGNORECASE)


class _Refused(Exception):
    """Why the picture is refused, and the line of the SVG that shows it."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(eq=False)
class _Element:
    tag: str
    line: int
    attrs: dict[_Name, str]
    children: list[_Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def get(self, local: str, default: str = "") -> str:
        """The attribute ``local`` in no namespace (the one QtSvg reads), or ``default``."""
        return self.attrs.get((None, local), default)

    @property
    def href(self) -> str | None:
        """Where this element points (at most one href: a second one is refused on reading)."""
        return self.attrs.get((_XLINK, "href"), self.attrs.get((None, "href")))

    @property
    def element_id(self) -> str | None:
        """This element's id (at most one of ``id`` and ``xml:id``: both are refused)."""
        return self.attrs.get((None, "id"), self.attrs.get((_XML, "id")))


@dataclass(frozen=True)
class _Cost:
    """What drawing one element and everything under it (``<use>`` resolved) amounts to."""

    elements: int
    depth: int
    path_chars: int
    masked: int
    # Lengths in the coordinates of the element's parent (its own transform applied), upper
    # bounds: see kiosk.content.svgshape.
    magnifies: float  # the most any transform from here down magnifies a length (at least 1)
    widest: float  # the widest stroke drawn
    squared: float  # each path's outline squared, summed: one path's edges slow each other
    outline: float  # every outline drawn
    plain: float  # every outline drawn, each in its own element's units (to count dashes)


def _name(raw: str) -> _Name:
    """Expat's ``"namespace local"`` (or ``"local"``) as ``(namespace or None, local)``, as
    ``xml.sax`` gives names with namespaces on."""
    parts = raw.split(_NAMESPACE_SEPARATOR)
    return (None, raw) if len(parts) == 1 else (parts[0], parts[1])


def _refuse_dtd(name: str, *_: object) -> NoReturn:
    raise DTDForbidden(name, None, None)


def _refuse_entity(name: str, *_: object) -> NoReturn:
    raise EntitiesForbidden(name, None, None, None, None, None)


def _refuse_external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> int:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


_NAMESPACE_SEPARATOR = " "


class _Reader:
    """Builds the element tree, refusing what is forbidden and stopping at the raw limits.

    The counts stop the parse early: a file may be 20 MB, and every element in it is drawn at
    least once, so no more than :data:`MAX_SVG_ELEMENTS` of them need to be kept in memory.
    """

    def __init__(self) -> None:
        self.root: _Element | None = None
        self.ids: dict[str, _Element] = {}
        self._open: list[_Element] = []
        self._count = 0
        self._stops = 0
        # What defusedxml's expat reader refuses, refused the same way (forbid_dtd too).
        self.parser = expat.ParserCreate(None, _NAMESPACE_SEPARATOR)
        self.parser.StartDoctypeDeclHandler = _refuse_dtd
        self.parser.EntityDeclHandler = _refuse_entity
        self.parser.UnparsedEntityDeclHandler = _refuse_entity
        self.parser.ExternalEntityRefHandler = _refuse_external
        self.parser.StartElementHandler = self.start_element
        self.parser.EndElementHandler = self.end_element
        self.parser.CharacterDataHandler = self.characters
        self.sheet_stroke = 0.0  # the widest stroke a <style> sheet declares
        self.finest_dash: tuple[float, int] | None = None  # the shortest dash pattern, its line

    def dashes(self, line: int, value: str) -> None:
        """Note a dash pattern (``stroke-dasharray``): the shortest one bounds the dash count."""
        numbers = [abs(float(n)) for n in _DASH_NUMBER.findall(value)]
        pattern = sum(numbers)
        if pattern > 0 and (self.finest_dash is None or pattern < self.finest_dash[0]):
            self.finest_dash = (pattern, line)

    def _line(self) -> int:
        return int(self.parser.CurrentLineNumber or 0)

    def start_element(self, raw: str, attrs: dict[str, str]) -> None:
        line = self._line()
        tag = _name(raw)[1]
        self._count += 1
        if self._count > MAX_SVG_ELEMENTS:
            raise _Refused(line, f"more than {MAX_SVG_ELEMENTS:,} elements (the limit)")
        if len(self._open) >= MAX_SVG_DEPTH:
            raise _Refused(line, f"nested more than {MAX_SVG_DEPTH} deep (the limit)")
        if tag in _FORBIDDEN_TAGS:
            raise _Refused(line, f"SVG may not contain <{tag}>")
        if tag in _UNMEASURED_TAGS:
            raise _Refused(line, f"SVG may not contain <{tag}> (it multiplies what is drawn)")
        if tag.startswith("fe") or tag == "filter":
            raise _Refused(
                line,
                f"<{tag}>: SVG filters are not allowed (the limit is {MAX_SVG_FILTER_PRIMITIVES} "
                "filter primitives; one blur takes ~0.3 s to draw full screen)",
            )
        if tag == "stop":
            self._stops += 1
            if self._stops > MAX_SVG_GRADIENT_STOPS:
                raise _Refused(
                    line, f"more than {MAX_SVG_GRADIENT_STOPS} gradient stops (the limit)"
                )
        values: dict[_Name, str] = {}
        for raw_name, value in attrs.items():
            namespace, local = _name(raw_name)
            _check_attribute(line, local, value)
            values[(namespace or None, local)] = value
        _check_references(line, values)
        element = _Element(tag, line, values)
        for prop, value in _stroke_properties(element):
            if prop == "dasharray":
                self.dashes(line, value)
        if self._open and (None, "viewBox") in values:
            raise _Refused(line, f"<{tag}>: a viewBox inside the picture (only on the <svg>)")
        if self._open:
            self._open[-1].children.append(element)
        else:
            if tag != "svg":
                raise _Refused(line, "not an SVG image")
            self.root = element
        element_id = element.element_id
        if element_id is not None:
            twin = self.ids.setdefault(element_id, element)
            if twin is not element:  # a <use> could be measured against one, drawn with the other
                raise _Refused(line, f"id {element_id!r} is also on line {twin.line}")
        self._open.append(element)

    def end_element(self, raw: str) -> None:
        element = self._open.pop()
        if element.tag != "style":
            return
        sheet = "".join(element.text)
        for prop, value in _CSS_STROKE.findall(sheet):
            if prop.lower() == "dasharray":
                self.dashes(element.line, value)
            else:
                self.sheet_stroke = max(self.sheet_stroke, _length(element.line, value))
        if _CSS_EFFECT.search(sheet):
            raise _Refused(element.line, "a <style> sheet may not apply masks or filters")
        if _OUTSIDE_URL.search(sheet):
            raise _Refused(element.line, "SVG may not refer to other files or web addresses")

    def characters(self, content: str) -> None:
        if self._open and self._open[-1].tag == "style":
            self._open[-1].text.append(content)


def _check_references(line: int, attrs: dict[_Name, str]) -> None:
    """Refuse what would let the measure and QtSvg follow different targets or ids.

    QtSvg takes ``xlink:href`` over ``href`` and ``id`` over ``xml:id`` (an empty one counts as
    missing): with both present, a validator that read the other could measure a harmless
    target while the renderer draws a fan-out. An element has at most one of each here.
    """
    hrefs = [(namespace, local) for namespace, local in attrs if local == "href"]
    if len(hrefs) > 1:
        raise _Refused(line, "an element may have only one href (xlink:href or href)")
    if hrefs and hrefs[0][0] not in (None, _XLINK):
        raise _Refused(line, f"an href in namespace {hrefs[0][0]!r} (only xlink:href or href)")
    if (None, "id") in attrs and (_XML, "id") in attrs:
        raise _Refused(line, "an element may have only one id (id or xml:id)")


def _check_attribute(line: int, local: str, value: str) -> None:
    if local.lower().startswith("on"):
        raise _Refused(line, f"SVG may not contain event handlers ({local})")
    if local == "href" and not value.startswith("#"):
        raise _Refused(line, "SVG may not refer to other files or web addresses")
    if _OUTSIDE_URL.search(value):
        raise _Refused(line, "SVG may not refer to other files or web addresses")
    effects = {m.lower() for m in _CSS_EFFECT.findall(value)} if local == "style" else set()
    if local == "filter" or "filter" in effects:
        raise _Refused(line, "SVG filters are not allowed")


def _times(ratio: float) -> str:
    """A ratio for a refusal: readable even when a file's numbers are absurd."""
    return f"{ratio:,.1f}" if ratio < 1e6 else f"{ratio:.1e}"


def _stroke_properties(element: _Element) -> list[tuple[str, str]]:
    """The stroke widths and dash patterns the element declares: ``("width", "2")`` and such."""
    found = [(name.lower(), value) for name, value in _CSS_STROKE.findall(element.get("style"))]
    for name in ("width", "dasharray"):
        value = element.attrs.get((None, f"stroke-{name}"))
        if value is not None:
            found.append((name, value))
    return found


def _length(line: int, text: str) -> float:
    try:
        return length(text)
    except NotANumber as exc:
        raise _Refused(line, str(exc)) from None


def _is_masked(element: _Element) -> bool:
    style = element.get("style")
    return (None, "mask") in element.attrs or "mask" in {
        m.lower() for m in _CSS_EFFECT.findall(style)
    }


class _Measure:
    """The cost of drawing each element, with ``<use>`` resolved; memoised per element."""

    def __init__(self, ids: dict[str, _Element], size: float, sheet_stroke: float) -> None:
        self._ids = ids
        self._size = size  # the picture's size, the unit of the outline and stroke limits
        self._sheet_stroke = sheet_stroke
        self._done: dict[int, _Cost] = {}
        self._drawing: list[_Element] = []  # the elements being measured, outermost first
        # How much the transforms of the elements being measured magnify, from the outermost.
        self._magnified: list[float] = [1.0]

    def cost(self, element: _Element) -> _Cost:
        known = self._done.get(id(element))
        if known is not None:
            self._check(element, known)
            return known
        if any(element is open_ for open_ in self._drawing):
            use = self._drawing[-1]  # the <use> that closes the cycle
            raise _Refused(
                use.line,
                f"a <use> refers to {use.href or ''!r}, which contains it (a cycle)",
            )
        if len(self._drawing) >= MAX_SVG_DEPTH:  # before going deeper: the recursion is bounded
            raise _Refused(
                element.line,
                f"<{element.tag}> is drawn nested more than {MAX_SVG_DEPTH} deep with its <use> "
                "resolved (the limit)",
            )
        try:
            scale = transform_scale(element.get("transform"))
            own_outline = outline(
                element.tag, {local: v for (ns, local), v in element.attrs.items() if ns is None}
            )
        except NotANumber as exc:
            raise _Refused(element.line, str(exc)) from None
        except ValueError as exc:
            raise _Refused(element.line, str(exc)) from None
        widths = [_length(element.line, v) for n, v in _stroke_properties(element) if n == "width"]
        if not self._drawing:  # a <style> sheet may give any element its width: as if inherited
            widths.append(self._sheet_stroke)
        self._drawing.append(element)
        self._magnified.append(self._magnified[-1] * scale)
        try:
            parts = [self.cost(child) for child in element.children]
            target = self._use_target(element)
            if target is not None:
                parts.append(self.cost(target))
        finally:
            self._drawing.pop()
            self._magnified.pop()
        own_path = len(element.get("d")) + len(element.get("points"))
        # Only a path's edges can cross each other, and pay for it: a rect, circle or line is
        # one simple outline, its cost linear in its length.
        own_squared = own_outline**2 if element.tag in _PATHS else 0.0
        below = max((p.magnifies for p in parts), default=1.0)
        total = _Cost(
            elements=1 + sum(p.elements for p in parts),
            depth=1 + max((p.depth for p in parts), default=0),
            path_chars=own_path + sum(p.path_chars for p in parts),
            masked=int(_is_masked(element)) + sum(p.masked for p in parts),
            magnifies=scale * max(1.0, below),
            # A width declared here is inherited below, in coordinates magnified further.
            widest=scale
            * max(max(widths, default=0.0) * max(1.0, below), *(p.widest for p in parts), 0.0),
            squared=scale * scale * (own_squared + sum(p.squared for p in parts)),
            outline=scale * (own_outline + sum(p.outline for p in parts)),
            plain=own_outline + sum(p.plain for p in parts),
        )
        self._done[id(element)] = total
        self._check(element, total)
        return total

    def _use_target(self, element: _Element) -> _Element | None:
        if element.tag != "use":
            return None
        # Any xlink-namespace href counts, whatever its prefix: QtSvg reads only the raw name
        # "xlink:href", so another prefix draws nothing and measuring it only overestimates.
        href = element.href or ""
        return self._ids.get(href[1:]) if href.startswith("#") else None

    def _check(self, element: _Element, cost: _Cost) -> None:
        """Refuse at the first element whose drawing passes a limit (where it is drawn)."""
        line = element.line
        if cost.elements > MAX_SVG_ELEMENTS:
            raise _Refused(
                line,
                f"<{element.tag}> draws {cost.elements:,} elements with its <use> resolved; the "
                f"limit is {MAX_SVG_ELEMENTS:,}",
            )
        if len(self._drawing) + cost.depth > MAX_SVG_DEPTH:
            raise _Refused(
                line,
                f"<{element.tag}> is drawn nested more than {MAX_SVG_DEPTH} deep with its <use> "
                "resolved (the limit)",
            )
        if cost.path_chars > MAX_SVG_PATH_CHARS:
            raise _Refused(
                line,
                f"<{element.tag}> draws {cost.path_chars:,} characters of path data with its "
                f"<use> resolved; the limit is {MAX_SVG_PATH_CHARS:,}",
            )
        sizes = self._magnified[-1] / self._size  # from the parent's units to picture sizes
        if cost.squared * sizes * sizes > MAX_SVG_OUTLINE_SQUARED:
            raise _Refused(
                line,
                f"<{element.tag}> draws outlines too long: "
                f"{_times(cost.squared * sizes * sizes)} (each path's length in picture "
                "sizes, squared and summed, with its <use> resolved); the limit is "
                f"{MAX_SVG_OUTLINE_SQUARED:g}",
            )
        if cost.outline * sizes > MAX_SVG_OUTLINE:
            raise _Refused(
                line,
                f"<{element.tag}> draws outlines {_times(cost.outline * sizes)} times the "
                "picture's size (its viewBox) long with its <use> resolved; the limit is "
                f"{MAX_SVG_OUTLINE:g}",
            )
        if cost.widest * sizes > MAX_SVG_STROKE:
            raise _Refused(
                line,
                f"<{element.tag}> draws a stroke {_times(cost.widest * sizes)} times as wide as "
                f"the picture's size (its viewBox); the limit is {MAX_SVG_STROKE:g}",
            )
        if cost.masked > MAX_SVG_MASKED:
            raise _Refused(
                line,
                f"<{element.tag}> draws {cost.masked} elements through a mask with its <use> "
                f"resolved; the limit is {MAX_SVG_MASKED}",
            )


def _size(root: _Element) -> float:
    """The picture's size in its own units: the larger side of its viewBox (drawn to fit).

    Stretched (``preserveAspectRatio`` none) or cropped (slice), the smaller side: one side is
    then magnified more than the other.
    """
    view_box = root.get("viewBox")
    if view_box:
        numbers = [float(n) for n in _DASH_NUMBER.findall(view_box)]
        if len(numbers) != 4 or not all(0 < n < 1e9 for n in numbers[2:]):
            raise _Refused(root.line, f"a viewBox that cannot be read ({view_box[:40]!r})")
        sides = numbers[2:]
    else:
        sides = [_length(root.line, root.get(name)) for name in ("width", "height")]
        sides = [side for side in sides if side > 0] or [100.0]  # QtSvg's default size
    aspect = root.get("preserveAspectRatio")
    return min(sides) if "none" in aspect or "slice" in aspect else max(sides)


def svg_problem(path: Path) -> str | None:
    """Why the SVG at ``path`` may not be shown, starting with its line (``line 12: ...``), or None.

    Refused: anything but well-formed XML without DTD or entities, a root other than ``<svg>``,
    scripts and other active elements, event handlers, references outside the file, filters, a
    ``<use>`` cycle, and a drawing beyond the limits in :mod:`kiosk.content.limits`.
    """
    reader = _Reader()
    try:
        with path.open("rb") as svg:
            reader.parser.ParseFile(svg)
        if reader.root is None:
            return "not an SVG image"
        drawn = _Measure(reader.ids, _size(reader.root), reader.sheet_stroke).cost(reader.root)
        if reader.finest_dash is not None:
            pattern, line = reader.finest_dash
            if drawn.plain / pattern > MAX_SVG_DASHES:
                raise _Refused(
                    line,
                    f"a dash pattern {pattern:g} long draws up to {drawn.plain / pattern:,.0f} "
                    f"dashes; the limit is {MAX_SVG_DASHES:,}",
                )
    except _Refused as refused:
        return f"line {refused.line}: {refused.message}"
    except expat.ExpatError as exc:
        return f"not a well-formed SVG (line {exc.lineno}: {expat.ErrorString(exc.code)})"
    except DefusedXmlException as exc:
        return f"SVG refused: {type(exc).__name__} (DTDs, entities and external references)"
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    return None
