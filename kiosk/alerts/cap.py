"""CAP 1.2 alerts and Atom feeds of them, read from bytes into frozen dataclasses: no I/O.

A feed is outside data from the first byte. It is parsed with ``defusedxml`` (no DTD, so no
entity expansion, no external reference), only once it is known to be no longer than its
limit, and every count (entries, info blocks, areas, codes, resources, references) is bounded.
Every text kept is cleaned (one paragraph, no controls, bidi or zero-width characters, no piles
of combining marks) and cut at its limit, here, so nothing later can show or log it raw.

Two shapes are read (OASIS CAP 1.2, Appendix A; the OASIS CAP feeds note):

* a single CAP document, ``<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">``;
* an Atom feed whose entries hold a CAP ``<alert>`` in their ``<content>`` or link to one
  (``<link type="application/cap+xml" href=…>``, else the entry's first link).

CAP 1.1 documents (the same elements; some feeds still send them) are read alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from kiosk.alerts.reasons import Refusal, Refused
from kiosk.content.words import ELLIPSIS, clean_name

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

CAP_NAMESPACES = (
    "urn:oasis:names:tc:emergency:cap:1.2",
    "urn:oasis:names:tc:emergency:cap:1.1",
)
ATOM = "http://www.w3.org/2005/Atom"
CAP_TYPE = "application/cap+xml"

# Bytes, before a byte is parsed. A CAP alert with two languages is a few kB; IPAWS caps a
# message's resources, and a photo is fetched apart, never inside the document.
MAX_DOCUMENT_BYTES = 512_000
MAX_FEED_BYTES = 2_000_000
# Counts, after parsing (the byte limits already bound them; these keep the work per poll small).
MAX_ENTRIES = 100
MAX_INFOS = 8
MAX_AREAS = 32
MAX_CODES = 400  # geocodes over all areas of an info (a statewide alert lists every county)
MAX_RESOURCES = 8
MAX_REFERENCES = 50
# Characters kept of each text, after cleaning (what the screen has room for, with some to spare).
LIMITS = {
    "identifier": 200,
    "sender": 200,
    "event": 120,
    "headline": 160,
    "description": 1200,
    "instruction": 600,
    "senderName": 160,
    "contact": 300,
    "areaDesc": 300,
    "uri": 2000,
    "mimeType": 100,
    "resourceDesc": 200,
    "link": 2000,
}
STATUSES = ("Actual", "Exercise", "System", "Test", "Draft")
MSG_TYPES = ("Alert", "Update", "Cancel", "Ack", "Error")
SCOPES = ("Public", "Restricted", "Private")
# Geocodes that name a county: SAME (PSSCCC, six digits), FIPS6 (the same six digits) and FIPS
# (the state and county's five digits; taken as the whole county).
AREA_CODE_NAMES = ("SAME", "FIPS6", "FIPS")


@dataclass(frozen=True)
class Ref:
    """Who said it and which message: a CAP message is named by its sender and identifier."""

    sender: str
    identifier: str

    def __str__(self) -> str:
        return self.identifier


@dataclass(frozen=True)
class Area:
    """``<area>``: its description and the county codes it names (six digits each)."""

    description: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    """``<resource>``: a file the alert points at (the child's photo, for an AMBER Alert)."""

    description: str
    mime_type: str
    uri: str
    size: int | None


@dataclass(frozen=True)
class Info:
    """One ``<info>`` block: the alert in one language."""

    language: str  # the primary subtag, lower case: "en" for en-US (CAP's default)
    event: str
    codes: tuple[str, ...]  # eventCode values, upper case ("CAE")
    headline: str
    description: str
    instruction: str
    sender_name: str
    contact: str
    effective: datetime | None
    expires: datetime | None
    areas: tuple[Area, ...]
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class CapAlert:
    """One CAP message, cleaned and bounded."""

    identifier: str
    sender: str
    sent: datetime
    status: str
    msg_type: str
    scope: str
    references: tuple[Ref, ...]
    infos: tuple[Info, ...]

    @property
    def ref(self) -> Ref:
        return Ref(self.sender, self.identifier)


@dataclass(frozen=True)
class Entry:
    """What a feed or a document offers: an alert, a link to fetch one, or a refusal.

    ``entry`` names it within its feed (the Atom entry's id, else its link; a lone document's
    identifier): an alert is forgotten when its feed no longer lists its entry.
    """

    entry: str
    alert: CapAlert | None = None
    link: str = ""
    refusal: Refusal | None = None


Shape = Literal["alert", "feed"]


def clean_text(text: str, limit: int) -> str:
    """``text`` as one paragraph fit to show: see :func:`kiosk.content.words.clean_name`
    (spaces collapsed; controls, bidi and zero-width characters dropped), then cut at ``limit``
    characters at a word's end with an ellipsis. Empty text stays empty."""
    cleaned = clean_name(text, max(limit, len(text)) + 1)
    if cleaned == "?" and text.strip() != "?":
        return ""
    if len(cleaned) <= limit:
        return cleaned
    cut = cleaned[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + ELLIPSIS


def parse(raw: bytes, *, limit: int = MAX_FEED_BYTES, label: str = "") -> tuple[Shape, list[Entry]]:
    """Read a CAP document or an Atom feed of CAP entries.

    Args:
        raw: the bytes as fetched or read.
        limit: the most bytes this document may have.
        label: names the document in an entry when it has no identifier of its own.

    Returns:
        ``"alert"`` and one entry, or ``"feed"`` and one entry per Atom entry (at most
        :data:`MAX_ENTRIES`); an entry that cannot be read is an entry with its refusal.

    Raises:
        Refused: the whole document is oversized, unsafe or not CAP nor Atom.
    """
    root = _root(raw, limit)
    if _is_cap(root):
        alert = alert_from(root)
        return "alert", [Entry(alert.identifier or label, alert=alert)]
    if root.tag == f"{{{ATOM}}}feed":
        return "feed", list(_entries(root))
    raise Refused(Refusal("malformed", "neither a CAP alert nor an Atom feed"))


def parse_alert(raw: bytes) -> CapAlert:
    """A CAP document that must be one alert (an entry's link, ``kiosk alerts check`` input).

    Raises:
        Refused: oversized, unsafe, malformed or not a CAP alert.
    """
    root = _root(raw, MAX_DOCUMENT_BYTES)
    if not _is_cap(root):
        raise Refused(Refusal("malformed", "not a CAP alert"))
    return alert_from(root)


def _root(raw: bytes, limit: int) -> Element:
    # Imported here: a kiosk with no alert feed parses no XML, and ElementTree with defusedxml
    # then stays out of it (this module's types are the decisions' too, imported at start).
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if len(raw) > limit:
        raise Refused(Refusal("oversized", f"{len(raw):,} bytes; the limit is {limit:,}"))
    try:
        root: Element = fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        return root
    except DefusedXmlException:
        raise Refused(
            Refusal("unsafe", "it declares a DTD or entities (refused unread: entity expansion)")
        ) from None
    except (ParseError, ValueError) as exc:
        raise Refused(
            Refusal("malformed", f"not well-formed XML ({clean_name(str(exc), 80)})")
        ) from None


def _is_cap(element: Element) -> bool:
    return any(element.tag == f"{{{ns}}}alert" for ns in CAP_NAMESPACES)


def _entries(feed: Element) -> Iterator[Entry]:
    for index, item in enumerate(feed.iterfind(f"{{{ATOM}}}entry")):
        if index >= MAX_ENTRIES:
            return
        name = _text(item.find(f"{{{ATOM}}}id"), "link") or f"entry {index + 1}"
        link = _cap_link(item)
        embedded = next((e for e in item.iter() if _is_cap(e)), None)
        if embedded is not None:
            try:
                yield Entry(name, alert=alert_from(embedded), link=link)
            except Refused as exc:
                yield Entry(name, link=link, refusal=exc.refusal)
        elif link:
            yield Entry(name or link, link=link)
        else:
            yield Entry(name, refusal=Refusal("malformed", "an entry with no CAP alert or link"))


def _cap_link(entry: Element) -> str:
    links = [e for e in entry.findall(f"{{{ATOM}}}link") if e.get("href")]
    chosen = next((e for e in links if e.get("type", "").strip() == CAP_TYPE), None)
    if chosen is None:
        chosen = next((e for e in links if e.get("rel", "alternate") == "alternate"), None)
    return clean_text(chosen.get("href", ""), LIMITS["link"]) if chosen is not None else ""


def alert_from(element: Element) -> CapAlert:
    """The CAP ``<alert>`` element, checked for the elements CAP 1.2 requires.

    Raises:
        Refused: a required element is missing or not of its form.
    """
    ns = element.tag[1 : element.tag.index("}")]

    def child(name: str) -> Element | None:
        return element.find(f"{{{ns}}}{name}")

    identifier = _required(child("identifier"), "identifier")
    sender = _required(child("sender"), "sender")
    sent = _time(_required(child("sent"), "sent"), "sent")
    status = _one_of(child("status"), "status", STATUSES)
    msg_type = _one_of(child("msgType"), "msgType", MSG_TYPES)
    scope = _one_of(child("scope"), "scope", SCOPES)
    references = _references(_text(child("references"), "identifier", whole=True))
    infos = tuple(_info(e, ns) for e in list(element.iterfind(f"{{{ns}}}info"))[:MAX_INFOS])
    return CapAlert(identifier, sender, sent, status, msg_type, scope, references, infos)


def _info(element: Element, ns: str) -> Info:
    def text(name: str) -> str:
        return _text(element.find(f"{{{ns}}}{name}"), name)

    def when(name: str) -> datetime | None:
        value = text(name)
        return _time(value, name) if value else None

    codes = tuple(
        _text(e.find(f"{{{ns}}}value"), "event").upper()
        for e in list(element.iterfind(f"{{{ns}}}eventCode"))[:MAX_CODES]
    )
    areas: list[Area] = []
    budget = MAX_CODES
    for area in list(element.iterfind(f"{{{ns}}}area"))[:MAX_AREAS]:
        found = _area_codes(area, ns, budget)
        budget -= len(found)
        areas.append(Area(_text(area.find(f"{{{ns}}}areaDesc"), "areaDesc"), found))
    resources = tuple(
        _resource(e, ns) for e in list(element.iterfind(f"{{{ns}}}resource"))[:MAX_RESOURCES]
    )
    language = (text("language") or "en-US").split("-")[0].lower()
    return Info(
        language=language if language.isascii() and language.isalpha() else "",
        event=text("event"),
        codes=tuple(c for c in codes if c),
        headline=text("headline"),
        description=text("description"),
        instruction=text("instruction"),
        sender_name=text("senderName"),
        contact=text("contact"),
        effective=when("effective") or when("onset"),
        expires=when("expires"),
        areas=tuple(areas),
        resources=resources,
    )


def _area_codes(area: Element, ns: str, budget: int) -> tuple[str, ...]:
    codes: list[str] = []
    for geocode in area.iterfind(f"{{{ns}}}geocode"):
        name = _text(geocode.find(f"{{{ns}}}valueName"), "event").upper()
        if name not in AREA_CODE_NAMES:
            continue
        # NWS feeds put several codes in one value, space-separated.
        for value in _text(geocode.find(f"{{{ns}}}value"), "areaDesc").split():
            code = normal_area_code(value)
            if code and len(codes) < budget:
                codes.append(code)
    return tuple(codes)


def normal_area_code(value: str) -> str:
    """A county code as six digits (SAME ``PSSCCC``): a five-digit FIPS code is the whole
    county (``06037`` → ``006037``); anything else is ``""``."""
    if value.isascii() and value.isdigit():
        if len(value) == 6:
            return value
        if len(value) == 5:
            return "0" + value
    return ""


def _resource(element: Element, ns: str) -> Resource:
    size_text = _text(element.find(f"{{{ns}}}size"), "mimeType")
    return Resource(
        description=_text(element.find(f"{{{ns}}}resourceDesc"), "resourceDesc"),
        mime_type=_text(element.find(f"{{{ns}}}mimeType"), "mimeType").lower(),
        uri=_text(element.find(f"{{{ns}}}uri"), "uri"),
        size=int(size_text) if size_text.isascii() and size_text.isdigit() else None,
    )


def _references(text: str) -> tuple[Ref, ...]:
    """``references``: space-separated ``sender,identifier,sent`` triples (CAP 1.2, 3.2.1)."""
    found = []
    for triple in text.split()[:MAX_REFERENCES]:
        parts = triple.split(",")
        if len(parts) == 3 and parts[0] and parts[1]:
            found.append(Ref(parts[0], parts[1]))
    return tuple(found)


def _text(element: Element | None, name: str, *, whole: bool = False) -> str:
    if element is None:
        return ""
    raw = "".join(element.itertext())
    limit = LIMITS.get(name, 200)
    return clean_text(raw, limit * 20 if whole else limit)


def _required(element: Element | None, name: str) -> str:
    value = _text(element, name)
    if not value:
        raise Refused(Refusal("malformed", f"no <{name}>, which CAP requires"))
    return value


def _one_of(element: Element | None, name: str, allowed: tuple[str, ...]) -> str:
    value = _required(element, name)
    if value not in allowed:
        raise Refused(
            Refusal("malformed", f"<{name}> is {clean_name(value, 40)!r}, not one of CAP's values")
        )
    return value


def _time(text: str, name: str) -> datetime:
    """A CAP dateTime: ``2026-11-30T14:39:01-05:00`` (a time zone is required)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None or not text[:4].isdigit():
        raise Refused(
            Refusal(
                "malformed", f"<{name}> {clean_name(text, 40)!r} is not a CAP time with its zone"
            )
        )
    return value
