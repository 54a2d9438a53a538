"""The JSON Schema of ``pack.yaml``: the one definition of the format.

The loader validates every pack file against it (all problems at once, each with its line), and
``kiosk schema`` prints it so authors get completion and checks in their editor. Rules a schema
cannot express (languages complete, ids unique, files present, link hosts) live in ``validate.py``.
"""

from __future__ import annotations

from typing import Any

VENUES = ("transit", "hotel", "rest-stop", "retail", "any")
# ISO 639-1 codes a pack may use; grow this list as translations arrive.
LANGUAGES = ("en", "es", "fr", "pt", "zh", "vi", "ko", "tl", "ar", "ru", "ht", "de", "it", "ja")
REVIEW_STATUSES = ("draft", "awaiting-review", "approved")
HOTLINE_KINDS = ("call", "text", "web")

# Length limits per language (characters): one idea per slide, read in 5-10 s from metres away
# (docs/authoring.md, "How long a text may be").
SLIDE_HEADLINE_MAX = 60
SLIDE_BODY_MAX = 220
CARD_HEADLINE_MAX = 80
CARD_BODY_MAX = 420
LABEL_MAX = 40
TITLE_MAX = 60
PROMPT_MAX = 200
CHOICE_MAX = 120
WHY_MAX = 300

# Written in full under the QR (it must lead where the code does, see validate.display_problem):
# two lines of about 36 characters at 32 px in the QR's column.
LINK_DISPLAY_MAX = 72
HOTLINE_DISPLAY_MAX = 24  # one column of the reporting strip
# The lesson menu lays out 1-8 tiles; a kiosk with no venue offers every lesson of the pack, so
# the limit is on the pack (across pack.yaml and lessons/*.yaml, hence checked by the loader).
MAX_LESSONS = 8

# The reporting strip shows hotlines in groups (an organisation's numbers together, each hotline
# without one on its own): landscape has room for 3 side by side at the hotline sizes; a 4th
# would wrap to a second row and leave a long slide body no room.
MAX_HOTLINES = 6
MAX_STRIP_GROUPS = 3
PUBLISHER_MAX = 60

# Ids and versions are also folder names under packs/ (``store.py`` matches them in full).
ID_PATTERN = "^[a-z0-9][a-z0-9-]{0,62}$"
VERSION_PATTERN = r"^[0-9]{1,6}(\.[0-9]{1,6}){0,3}$"


def single_line(pattern: str) -> dict[str, Any]:
    """A string that matches ``pattern`` and holds no line break.

    JSON Schema's ``pattern`` is a search and the validator uses Python's ``re``, where ``$`` also
    matches before a final newline: ``"test-pack\\n"`` would pass ``^...$`` alone. ``\\Z`` would
    fix that but editors (ECMA-262 regexes) do not know it, hence the separate guard.
    """
    return {"type": "string", "pattern": pattern, "not": {"pattern": r"\n"}}


_ID = single_line(ID_PATTERN)
_PATH = single_line(r"^[A-Za-z0-9_./-]+\.(svg|png|jpg|jpeg|webp)$")
NUMBER_PATTERN = r"^\+?[0-9 ().-]{2,30}$"  # also the items of kiosk.yaml hotline_numbers
_NUMBER = single_line(NUMBER_PATTERN)
_SVG_PATH = single_line(r"^[A-Za-z0-9_./-]+\.svg$")
# An ISO date, 2027-01-31. YAML reads an unquoted one as a date; the loader turns it back into
# this text before the schema sees it, so quoted and unquoted dates read alike.
DATE = single_line(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def localized(max_length: int) -> dict[str, Any]:
    """A per-language text map, ``{en: "...", es: "..."}``."""
    return {
        "type": "object",
        "propertyNames": {"enum": list(LANGUAGES)},
        "additionalProperties": {"type": "string", "minLength": 1, "maxLength": max_length},
        "minProperties": 1,
    }


def plain_or_localized(max_length: int) -> dict[str, Any]:
    """A text that is the same in every language (a plain string) or a per-language map.

    A hotline's ``display`` is a number or an address in most languages ("911") but words in
    some ("Text HELP to 233733" / "Envíe HELP al 233733"). One schema with both types keeps the
    plain messages of each (a too-long string, a map's unknown language), where ``anyOf`` would
    only say "not valid under any of the given schemas" and break the whole hotline's shape.
    String keywords apply only to a string and object keywords only to a map.
    """
    text = {"type": "string", "minLength": 1, "maxLength": max_length}
    return {**localized(max_length), **text, "type": ["string", "object"]}


_VENUE_LIST = {
    "type": "array",
    "items": {"enum": list(VENUES)},
    "minItems": 1,
    "uniqueItems": True,
}

_HOTLINE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "label", "display"],
    "properties": {
        "kind": {"enum": list(HOTLINE_KINDS)},
        "label": localized(LABEL_MAX),
        "number": _NUMBER,
        "url": {"type": "string", "format": "uri"},
        # The same in every language, or per language (the words around the number).
        "display": plain_or_localized(HOTLINE_DISPLAY_MAX),
        # a key of `organisations`: the strip shows an organisation's numbers together
        "organisation": _ID,
    },
}

_ORGANISATION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {"name": localized(LABEL_MAX)},
}

_PUBLISHER = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {"name": localized(PUBLISHER_MAX), "logo": _SVG_PATH},
}

_LINK = {
    "type": "object",
    "additionalProperties": False,
    "required": ["url", "display", "label"],
    "properties": {
        "url": {"type": "string", "maxLength": 300},
        "display": {"type": "string", "minLength": 1, "maxLength": LINK_DISPLAY_MAX},
        "label": localized(LABEL_MAX),
    },
}

SLIDE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "venues", "headline", "body"],
    "properties": {
        "id": _ID,
        "venues": _VENUE_LIST,
        "seconds": {"type": "integer", "minimum": 4, "maximum": 60},
        "headline": localized(SLIDE_HEADLINE_MAX),
        "body": localized(SLIDE_BODY_MAX),
        "image": _PATH,
        "qr": _ID,
        # Plays only from/until these days (inclusive): an awareness-month slide.
        "from": DATE,
        "until": DATE,
    },
}

_CARD = {
    "type": "object",
    "additionalProperties": False,
    "required": ["headline", "body"],
    "properties": {
        "headline": localized(CARD_HEADLINE_MAX),
        "body": localized(CARD_BODY_MAX),
        "image": _PATH,
    },
}

_CHOICE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["text", "why"],
    "properties": {
        "text": localized(CHOICE_MAX),
        "correct": {"type": "boolean"},
        "why": localized(WHY_MAX),
    },
}

_QUESTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["prompt", "choices"],
    "properties": {
        "prompt": localized(PROMPT_MAX),
        "choices": {"type": "array", "items": _CHOICE, "minItems": 2, "maxItems": 4},
    },
}

LESSON = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "minutes", "venues", "cards", "questions"],
    "properties": {
        "id": _ID,
        "title": localized(TITLE_MAX),
        "icon": _PATH,
        "minutes": {"type": "integer", "minimum": 1, "maximum": 10},
        "venues": _VENUE_LIST,
        "cards": {"type": "array", "items": _CARD, "minItems": 1, "maxItems": 8},
        "questions": {"type": "array", "items": _QUESTION, "minItems": 1, "maxItems": 3},
    },
}

PACK = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Awareness kiosk content pack (pack.yaml)",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "version", "languages", "title", "hotlines", "links", "slides"],
    "properties": {
        "id": _ID,
        "version": single_line(VERSION_PATTERN),
        "languages": {
            "type": "array",
            "items": {"enum": list(LANGUAGES)},
            "minItems": 1,
            "uniqueItems": True,
        },
        "title": localized(TITLE_MAX),
        # A text may lack a language but the first; the kiosk shows the first's, marked as such.
        "fallback": {"type": "boolean"},
        "review": {
            "type": "object",
            "additionalProperties": False,
            "required": ["status"],
            "properties": {"status": {"enum": list(REVIEW_STATUSES)}, "note": localized(300)},
        },
        "publisher": _PUBLISHER,
        "hotlines": {
            "type": "array",
            "items": _HOTLINE,
            "minItems": 1,
            "maxItems": MAX_HOTLINES,
        },
        "organisations": {
            "type": "object",
            "propertyNames": _ID,
            "additionalProperties": _ORGANISATION,
        },
        "links": {
            "type": "object",
            "required": ["training"],
            "propertyNames": _ID,
            "additionalProperties": _LINK,
        },
        "touch": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"idle_seconds": {"type": "integer", "minimum": 15, "maximum": 600}},
        },
        "slides": {"type": "array", "items": SLIDE},
        "lessons": {"type": "array", "items": LESSON},
    },
}

# Files under slides/ and lessons/ hold plain lists of the same items.
SLIDES_FILE = {"type": "array", "items": SLIDE}
LESSONS_FILE = {"type": "array", "items": LESSON}


def pack_schema() -> dict[str, Any]:
    """The schema ``kiosk schema`` prints."""
    return PACK
