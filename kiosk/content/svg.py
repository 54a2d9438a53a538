"""What an SVG picture from a pack may hold, and how much it may expand to when drawn.

SVG is XML that a renderer follows: it is parsed with ``defusedxml`` (no DTD, entities or external
references), may hold no script or event handler and refer to nothing outside itself. It must
also stay cheap to draw, because the kiosk draws it: a ``<use>`` draws its target once more, so a
few hundred bytes of ``<use>`` of groups of ``<use>`` expand to millions of elements (the
"billion laughs" of SVG) and keep a renderer busy for hours. So the picture is measured as it
would be drawn, each ``<use>`` resolved to its target (memoised, so the measuring itself stays
linear; a ``<use>`` that reaches itself is refused): elements, nesting, path data, masks,
filters and gradient stops, each against its limit in :mod:`kiosk.content.limits`.

Each refusal names the line of the SVG where the limit is passed. The measure must follow the
same ``<use>`` target as the renderer, so whatever could make the two disagree is refused: an id
given twice, an element with two ids (``id`` and ``xml:id``: QtSvg takes ``id``) or two hrefs
(``xlink:href`` and ``href``: QtSvg takes ``xlink:href``), an href in another namespace.
Attributes are kept by namespace and local name, so an ``xml:id`` never overwrites an ``id``.
Pure Python, no Qt.
"""

from __future__ import annotations

import re
import xml.sax
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import AttributesNSImpl, Locator

from defusedxml import DefusedXmlException
from defusedxml import sax as safe_sax

from kiosk.content.limits import (
    MAX_SVG_DEPTH,
    MAX_SVG_ELEMENTS,
    MAX_SVG_FILTER_PRIMITIVES,
    MAX_SVG_GRADIENT_STOPS,
    MAX_SVG_MASKED,
    MAX_SVG_PATH_CHARS,
)

__all__ = ["svg_problem"]

_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"
# An attribute's key: (namespace or None, local name). QtSvg reads attributes by their raw name
# ("d", "style", "xlink:href"), so what it draws with is in no namespace: see _Element.get.
_Name = tuple[str | None, str]

_FORBIDDEN_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video"}
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


class _Reader(ContentHandler):
    """Builds the element tree, refusing what is forbidden and stopping at the raw limits.

    The counts stop the parse early: a file may be 20 MB, and every element in it is drawn at
    least once, so no more than :data:`MAX_SVG_ELEMENTS` of them need to be kept in memory.
    """

    def __init__(self) -> None:
        super().__init__()
        self.root: _Element | None = None
        self.ids: dict[str, _Element] = {}
        self._open: list[_Element] = []
        self._count = 0
        self._stops = 0
        self._locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self._locator = locator

    def _line(self) -> int:
        return int(self._locator.getLineNumber() or 0) if self._locator is not None else 0

    def startElementNS(
        self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl
    ) -> None:
        line = self._line()
        tag = name[1]
        self._count += 1
        if self._count > MAX_SVG_ELEMENTS:
            raise _Refused(line, f"more than {MAX_SVG_ELEMENTS:,} elements (the limit)")
        if len(self._open) >= MAX_SVG_DEPTH:
            raise _Refused(line, f"nested more than {MAX_SVG_DEPTH} deep (the limit)")
        if tag in _FORBIDDEN_TAGS:
            raise _Refused(line, f"SVG may not contain <{tag}>")
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
        for (namespace, local), value in attrs.items():
            _check_attribute(line, local, value)
            values[(namespace or None, local)] = value
        _check_references(line, values)
        element = _Element(tag, line, values)
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

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        element = self._open.pop()
        if element.tag != "style":
            return
        sheet = "".join(element.text)
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


def _is_masked(element: _Element) -> bool:
    style = element.get("style")
    return (None, "mask") in element.attrs or "mask" in {
        m.lower() for m in _CSS_EFFECT.findall(style)
    }


class _Measure:
    """The cost of drawing each element, with ``<use>`` resolved; memoised per element."""

    def __init__(self, ids: dict[str, _Element]) -> None:
        self._ids = ids
        self._done: dict[int, _Cost] = {}
        self._drawing: list[_Element] = []  # the elements being measured, outermost first

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
        self._drawing.append(element)
        try:
            parts = [self.cost(child) for child in element.children]
            target = self._use_target(element)
            if target is not None:
                parts.append(self.cost(target))
        finally:
            self._drawing.pop()
        own_path = len(element.get("d")) + len(element.get("points"))
        total = _Cost(
            elements=1 + sum(p.elements for p in parts),
            depth=1 + max((p.depth for p in parts), default=0),
            path_chars=own_path + sum(p.path_chars for p in parts),
            masked=int(_is_masked(element)) + sum(p.masked for p in parts),
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
        if cost.masked > MAX_SVG_MASKED:
            raise _Refused(
                line,
                f"<{element.tag}> draws {cost.masked} elements through a mask with its <use> "
                f"resolved; the limit is {MAX_SVG_MASKED}",
            )


def svg_problem(path: Path) -> str | None:
    """Why the SVG at ``path`` may not be shown, starting with its line (``line 12: ...``), or None.

    Refused: anything but well-formed XML without DTD or entities, a root other than ``<svg>``,
    scripts and other active elements, event handlers, references outside the file, filters, a
    ``<use>`` cycle, and a drawing beyond the limits in :mod:`kiosk.content.limits`.
    """
    reader = _Reader()
    parser = safe_sax.make_parser()
    parser.forbid_dtd = True
    parser.forbid_entities = True
    parser.forbid_external = True
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(reader)
    try:
        parser.parse(str(path))
        if reader.root is None:
            return "not an SVG image"
        _Measure(reader.ids).cost(reader.root)
    except _Refused as refused:
        return f"line {refused.line}: {refused.message}"
    except xml.sax.SAXParseException as exc:
        return f"not a well-formed SVG (line {exc.getLineNumber()}: {exc.getMessage()})"
    except DefusedXmlException as exc:
        return f"SVG refused: {type(exc).__name__} (DTDs, entities and external references)"
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    return None
