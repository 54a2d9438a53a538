"""Every rule a pack must meet, as a list of :class:`Problem` (all of them, not just the first).

The schema (``schema.py``) checks shape, types and lengths; this module adds what a schema cannot:
every text in every language of the pack, unique ids, references that resolve, files that exist and
are safe to open, links that point only at allowed hosts over https, and text that cannot show
something other than what it says (no bidi controls, zero-width characters or piled-up marks).
"""

from __future__ import annotations

import posixpath
import re
import stat
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kiosk.common.problems import Problem, format_path
from kiosk.common.yamlsafe import KeyPath, YamlDoc
from kiosk.content.limits import MAX_FILE_BYTES, MAX_PIXELS
from kiosk.content.svg import svg_problem

if TYPE_CHECKING:
    import jsonschema

    from kiosk.content.model import Pack
    from kiosk.content.schemapass import SchemaPasses

DEFAULT_LINK_HOSTS = (
    "connect.missingkids.org",
    "missingkids.org",
    "www.missingkids.org",
    "report.cybertip.org",
    "cybertipline.org",
    "www.cybertipline.org",
    "humantraffickinghotline.org",
    "www.humantraffickinghotline.org",
)


def schema_problems(
    doc: YamlDoc, file_schema: dict[str, Any], passes: SchemaPasses | None = None
) -> list[Problem]:
    """Check ``doc`` against ``file_schema``; one problem per violation, with its line."""
    return schema_check(doc, file_schema, passes)[0]


def schema_check(
    doc: YamlDoc, file_schema: dict[str, Any], passes: SchemaPasses | None = None
) -> tuple[list[Problem], list[KeyPath]]:
    """:func:`schema_problems`, plus the key paths whose shape is wrong.

    The rules after the schema assume the shape is right; they skip what lies on a broken path
    (see :func:`sound`) and still check everything else, so one run reports every problem.
    A missing key breaks only that key's path, not its parent's.

    With ``passes`` (``kiosk run``), data that passed this very schema before is not checked
    again, and data that passes now is recorded (see :mod:`kiosk.content.schemapass`).
    """
    if passes is not None and passes.passed(file_schema, doc.data):
        return [], []
    import jsonschema  # here, not at the top: kiosk run's start mostly does without it

    validator = jsonschema.Draft202012Validator(file_schema)
    problems = []
    broken: list[KeyPath] = []
    for error in validator.iter_errors(doc.data):
        path: KeyPath = tuple(error.absolute_path)
        problems.append(Problem(doc.file, doc.line(path), format_path(path), _message(error)))
        if error.validator == "required" and isinstance(error.instance, dict):
            broken += [(*path, k) for k in error.validator_value if k not in error.instance]
        elif error.validator not in _VALUE_ONLY:
            broken.append(path)
    if passes is not None and not problems:
        passes.add(file_schema, doc.data)
    return problems, broken


# Violations that leave the shape intact: the value has the right type, so rules can still read
# it (an over-long headline, an unknown venue, an unknown key beside the known ones).
_VALUE_ONLY = frozenset(
    {
        "additionalProperties", "maxLength", "minLength", "pattern", "enum", "const", "format",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "uniqueItems", "minItems", "maxItems", "propertyNames", "not",
    }
)  # fmt: skip


def sound(path: KeyPath, broken: Iterable[KeyPath]) -> bool:
    """True when nothing at, under or above ``path`` has the wrong shape."""
    for bad in broken:
        n = min(len(bad), len(path))
        if bad[:n] == path[:n]:
            return False
    return True


def _message(error: jsonschema.ValidationError) -> str:
    """Say what is wrong in plain words rather than in JSON Schema's vocabulary."""
    v, value = error.validator, error.instance
    if v == "additionalProperties" and isinstance(value, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in value if k not in allowed)
        return f"unknown field {', '.join(map(repr, extra))}; allowed: {', '.join(sorted(allowed))}"
    if v == "required":
        return str(error.message).replace("is a required property", "is missing")
    if v == "maxLength":
        return (
            f"text is {len(value)} characters; at most {error.validator_value} fit on screen here"
        )
    if v == "minLength":
        return "text is empty"
    if v == "enum":
        choices = ", ".join(map(str, error.validator_value))
        return f"{value!r} is not one of: {choices}"
    if v == "propertyNames":
        return f"{error.instance!r} is not an allowed name here"
    if v == "pattern":
        return f"{value!r} is not in the expected form"
    if v == "not" and error.validator_value == {"pattern": r"\n"}:  # schema.single_line
        return f"{value!r} may not contain a line break"
    if v == "type":
        return f"expected {error.validator_value}, got {type(value).__name__} {value!r}"
    return str(error.message)


def _fields(
    data: Any, keys: set[str], accept: Callable[[Any], bool], path: KeyPath = ()
) -> Iterator[tuple[KeyPath, Any]]:
    """Every value under a key in ``keys`` that ``accept`` takes, anywhere in ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys and accept(value):
                yield (*path, key), value
            else:
                yield from _fields(value, keys, accept, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _fields(item, keys, accept, (*path, i))


def localized_paths(data: Any) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """Every per-language text map in a pack document, with its key path."""
    yield from _fields(data, _LOCALIZED_KEYS, lambda value: isinstance(value, dict))


_LOCALIZED_KEYS = {"title", "label", "note", "headline", "body", "prompt", "text", "why", "name"}
# A hotline's ``display`` may be a per-language map too (a plain string is every language's).
_LOCALIZED_KEYS.add("display")
# Qt shows text that looks like HTML as rich text, so a pack could restyle the screen or hide words.
_MARKUP = re.compile(r"<[A-Za-z/!][^<>]{0,30}>?")


def markup_problems(doc: YamlDoc) -> list[Problem]:
    """Pack text is plain: no ``<b>``, ``</p>`` or ``<!--`` in any text or ``display`` field."""
    texts: list[tuple[KeyPath, Any]] = [
        ((*path, lang), text)
        for path, by_language in localized_paths(doc.data)
        for lang, text in by_language.items()
    ]
    texts += list(_fields(doc.data, {"display"}, lambda _: True))
    return [
        Problem(
            doc.file,
            doc.line(path),
            format_path(path),
            f"text may not contain markup such as {match.group()}; write plain text",
        )
        for path, text in texts
        if isinstance(text, str) and (match := _MARKUP.search(text))
    ]


# Characters that make text read as something other than what it is. Bidi controls reorder what
# follows (U+202E shows "8765-348-008-1" as another plausible number); zero-width characters hide
# inside words and links; piles of combining marks draw over neighbouring lines ("Zalgo" text).
_BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]  # embeddings and overrides, U+202E among them
    + [chr(c) for c in range(0x2066, 0x206A)]  # isolates
    + ["\u200e", "\u200f", "\u061c"]  # left-to-right, right-to-left and Arabic letter marks
)
_INVISIBLE = frozenset(
    [chr(c) for c in range(0x200B, 0x200E)]  # zero-width space, non-joiner, joiner
    + [chr(c) for c in range(0x2060, 0x2065)]  # word joiner and invisible operators
    + ["\ufeff", "\u180e"]  # zero-width no-break space (BOM), Mongolian vowel separator
)
MAX_COMBINING = 2  # Vietnamese needs two on one letter (ệ written as e + dot below + circumflex)


# Printable ASCII (and newline, tab) can be none of what text_problem looks for: only the other
# characters are looked at, one by one (a pack is mostly ASCII; this check runs at every start).
_NOT_PLAIN = re.compile(r"[^\x20-\x7e\n\t]")


def text_problem(text: str) -> str | None:
    """Why ``text`` could show something other than what it says, or None when it cannot."""
    run = 0
    last = -2  # where the last character looked at was
    for match in _NOT_PLAIN.finditer(text):
        i = match.start()
        char = text[i]
        if last != i - 1:
            run = 0  # printable ASCII came between: no combining mark run goes on
        last = i
        if char in _BIDI_CONTROLS or char in _INVISIBLE:
            kind = "bidi control" if char in _BIDI_CONTROLS else "invisible character"
            return (
                f"text holds the {kind} U+{ord(char):04X} ({unicodedata.name(char).lower()}) at "
                f"character {i + 1}, which can make it read as something else; remove it"
            )
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co") and char not in "\n\t":
            return f"text holds the control character U+{ord(char):04X} at character {i + 1}"
        run = run + 1 if category.startswith("M") else 0
        if run > MAX_COMBINING:
            return (
                f"more than {MAX_COMBINING} combining marks on one letter at character {i + 1}; "
                "they draw over the text around them"
            )
    return None


def _strings(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, KeyPath, str]]:
    """Every text in ``data`` with the key path of its line and of its field, keys included.

    A key is shown too (as a link name), but its field is its parent's: a field name that holds a
    bidi control would reorder the problem line itself.
    """
    if isinstance(data, str):
        yield path, path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield (*path, key), path, key
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _strings(item, (*path, i))


def hidden_text_problems(doc: YamlDoc) -> list[Problem]:
    """No text in a pack document may hide or reorder what it shows (see :func:`text_problem`)."""
    problems = []
    for line_path, field_path, text in _strings(doc.data):
        reason = text_problem(text)
        if reason:
            where = format_path(field_path)
            problems.append(Problem(doc.file, doc.line(line_path), where, reason))
    return problems


def language_problems(
    doc: YamlDoc, languages: Iterable[str], *, fallback: bool = False
) -> list[Problem]:
    """Every text must exist in every language of the pack, and in no other.

    With ``fallback`` (``fallback: true`` in pack.yaml) a text may lack any language but the
    pack's first: the kiosk then shows the first language's text, marked as such on screen.
    """
    wanted = list(languages)
    problems = []
    for path, texts in localized_paths(doc.data):
        for lang in wanted:
            if lang not in texts and not (fallback and lang != wanted[0]):
                problems.append(
                    Problem(doc.file, doc.line(path), format_path(path), f"no {lang!r} text")
                )
        for lang in texts:
            if lang not in wanted:
                where = (*path, lang)
                problems.append(
                    Problem(
                        doc.file,
                        doc.line(where),
                        format_path(where),
                        f"language {lang!r} is not in the pack's languages ({', '.join(wanted)})",
                    )
                )
    return problems


def link_problem(url: str, allowed_hosts: Iterable[str]) -> str | None:
    """Why ``url`` may not be shown or encoded in a QR, or None when it may."""
    if any(c.isspace() or not c.isprintable() for c in url):
        # urlsplit() quietly drops tabs and line breaks, so check the text as it will be encoded.
        return f"link {url!r} may not contain spaces or line breaks"
    try:
        parts = urlsplit(url)
        port = parts.port  # parsed lazily: a bad port raises only here
    except ValueError as exc:  # "[" without "]", a port that is not a number …
        return f"link {url!r} is not a valid address ({exc})"
    if parts.scheme != "https":
        return f"link {url!r} must start with https://"
    host = (parts.hostname or "").lower()
    if parts.username or parts.password or port not in (None, 443):
        return f"link {url!r} may not carry a user name, password or port"
    if host not in set(allowed_hosts):
        return f"link host {host!r} is not on this kiosk's allow-list (kiosk.yaml link_hosts)"
    return None


def link_display_problem(display: str, url: str) -> str | None:
    """Why the address written on screen would not lead where ``url`` does, or None.

    What a person types from the screen must reach the page the QR opens, so the rule is exact:
    ``display`` is ``url`` without its ``https://``. The only freedom is a trailing ``/`` (the
    same page) and the case of the host (hosts are case-blind); a path or query is never cut.
    """
    if not url.startswith("https://"):
        return None  # link_problem already says so
    wanted = url.removeprefix("https://").rstrip("/")
    shown = display.rstrip("/")
    host, _, rest = wanted.partition("/")
    shown_host, _, shown_rest = shown.partition("/")
    if shown_host.lower() == host.lower() and shown_rest == rest and "://" not in display:
        return None
    return (
        f"display {display!r} does not lead where the link does: write the whole address "
        f"without https://, {wanted!r} (it may wrap onto two lines)"
    )


def file_problems(root: Path, relative: str, where: tuple[str, int, str]) -> list[Problem]:
    """A file named in the pack must be a regular file inside it, within the limits, and safe."""
    file, line, field = where

    def problem(message: str) -> list[Problem]:
        return [Problem(file, line, field, message)]

    if relative.startswith("/") or ".." in relative.split("/"):
        return problem(f"{relative!r} must be a path inside the pack")
    path = root / relative
    try:
        info = path.lstat()
    except FileNotFoundError:
        return problem(f"file {relative!r} is missing from the pack")
    except OSError as exc:
        return problem(f"file {relative!r} cannot be read: {exc.strerror}")
    if not stat.S_ISREG(info.st_mode):
        return problem(f"{relative!r} is not a plain file (links and devices are not allowed)")
    if info.st_size > MAX_FILE_BYTES:
        return problem(f"{relative!r} is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    reason = svg_problem(path) if relative.lower().endswith(".svg") else raster_problem(path)
    return problem(f"{relative!r}: {reason}") if reason else []


def raster_problem(path: Path) -> str | None:
    """Check a raster image's header (not its pixels) against the pixel limit."""
    from PIL import Image  # here, not at the top: `kiosk run` of a pack of SVGs never needs it

    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that; refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:  # reads the header only
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"image is larger than {MAX_PIXELS:,} pixels"
    except (OSError, ValueError, SyntaxError):
        return "not a readable PNG, JPEG or WebP image"
    if width * height > MAX_PIXELS:
        return f"image is {width}x{height} pixels; the limit is {MAX_PIXELS:,} pixels"
    return None


def unused_files(pack: Pack, names: Iterable[str]) -> list[str]:
    """The files among ``names`` (POSIX paths relative to the pack's root) that a kiosk never
    reads: no slide, lesson or publisher names them and the loader does not read them (it reads
    ``pack.yaml`` and the ``*.yaml`` directly in ``slides/`` and ``lessons/``).

    ``pack build`` leaves them out of the archive and ``pack validate`` names them: pictures an
    author stopped using would otherwise be carried, signed and stored by every kiosk.
    """
    named: list[str | None] = [pack.publisher.logo if pack.publisher else None]
    named += [slide.image for slide in pack.slides]
    for lesson in pack.lessons:
        named += [lesson.icon, *(card.image for card in lesson.cards)]
    used = {posixpath.normpath(name) for name in named if name}

    def read_by_loader(name: str) -> bool:
        folder, _, rest = name.partition("/")
        in_list_folder = folder in ("slides", "lessons") and "/" not in rest
        return name == "pack.yaml" or (in_list_folder and rest.endswith(".yaml"))

    return sorted(
        name for name in names if not read_by_loader(name) and posixpath.normpath(name) not in used
    )
