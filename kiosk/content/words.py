"""Words from outside, made safe to show or log.

A file name on a stick, a key file's name or a feed's title is data that someone else chose. It can
carry newlines (to grow a notice over the hotline numbers, or to forge a log line), bidi and
zero-width characters (to make one name read as another), piles of combining marks, or simply be
very long. Every place that shows such a word to staff goes through :func:`clean_name`; every log
line that quotes one goes through :func:`log_quote`. Neither is ever shown to the public: the public
screen speaks only the kiosk's own words (docs/security.md).

Pure Python, no Qt: used by the core (logs), the bridges (the staff panel) and the command line.
"""

from __future__ import annotations

import re
import unicodedata

from kiosk.content.limits import MAX_NAME_CHARS

__all__ = [
    "ELLIPSIS",
    "HEX_MASK",
    "LOG_LIMIT",
    "NAME_LIMIT",
    "clean_key_name",
    "clean_name",
    "escape_invisible",
    "has_hex_lookalike",
    "log_quote",
    "mask_hex_lookalikes",
]

# A name on the staff panel: long enough for "us-awareness-2026.11.4.kpack" with room to spare,
# short enough that it never wraps past two lines of a panel row.
NAME_LIMIT = 48
# A quoted word in a log line: long enough to tell two paths apart.
LOG_LIMIT = 160
ELLIPSIS = "\u2026"
# More than this many combining marks on one letter is decoration, not a language (Zalgo text).
_MARKS_PER_LETTER = 2
# Categories that never belong in a name: controls (Cc, newlines among them), format characters
# (Cf: bidi controls, zero-width joiners, soft hyphens), line and paragraph separators (Zl, Zp),
# surrogates (Cs), private use (Co) and unassigned code points (Cn).
_DROPPED = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _is_space_like(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in {"Zl", "Zp", "Zs"}


def clean_name(text: str, limit: int = NAME_LIMIT) -> str:
    """Return ``text`` fit to show to staff: one line, printable, at most ``limit`` characters.

    Line breaks, tabs and separators become one space; controls, format characters (bidi,
    zero-width), private-use and unassigned code points are dropped; more than two combining marks
    on one letter are cut; runs of spaces collapse. A longer result keeps its start and its end
    (where ``.kpack`` is) around an ellipsis. An empty result is ``"?"`` so that a row never looks
    blank.
    """
    if limit < 3:
        raise ValueError("limit must leave room for a start, an ellipsis and an end")
    out: list[str] = []
    marks = 0
    for char in unicodedata.normalize("NFC", text):
        if _is_space_like(char):
            if out and out[-1] != " ":
                out.append(" ")
            marks = 0
            continue
        category = unicodedata.category(char)
        if category in _DROPPED:
            continue
        if category.startswith("M"):
            marks += 1
            if marks > _MARKS_PER_LETTER or not out:
                continue
        else:
            marks = 0
        out.append(char)
    cleaned = "".join(out).strip() or "?"
    if len(cleaned) <= limit:
        return cleaned
    keep = limit - 1
    head = (keep + 1) // 2
    tail = keep - head
    return cleaned[:head].rstrip() + ELLIPSIS + (cleaned[-tail:].lstrip() if tail else "")


def escape_invisible(text: str) -> str:
    """``text`` with every character that could end a line or hide itself written as an escape.

    The one rule for log lines (:func:`log_quote` and the log formatter's safety net): controls
    (``\\n``, ``\\r``, ``\\t``, else ``\\x1b``), format characters (bidi, zero-width),
    separators other than the plain space (NBSP, line and paragraph separators), surrogates,
    private-use and unassigned code points. Escapes have a fixed width per plane (``\\x..``,
    ``\\u....``, ``\\U........``), so ``\\U000e0001`` never reads as ``\\ue000`` and a ``1``.
    Quotes and backslashes are left alone (a word already quoted passes unchanged).
    """
    # str.isprintable() is False exactly for categories C* and Z* except the ASCII space: the
    # same set as _DROPPED plus Zs, so printable text (nearly every line) costs one call.
    if text.isprintable():
        return text
    out: list[str] = []
    for char in text:
        if char.isprintable():
            out.append(char)
        elif char in _NAMED_ESCAPES:
            out.append(_NAMED_ESCAPES[char])
        else:
            code = ord(char)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
    return "".join(out)


def log_quote(text: str, limit: int = LOG_LIMIT) -> str:
    """Return ``text`` quoted for one log line: nothing in it can end the line or hide itself.

    The result is in double quotes; backslashes and quotes are escaped, and everything
    :func:`escape_invisible` escapes is written as an escape (``\\n``, ``\\u202e``), so a name
    holding "\\n... installed, live" stays on its line and reads as what it is. Letters of any
    language stay as they are. Longer text is cut at ``limit`` characters with an ellipsis inside
    the quotes.
    """
    body = text if len(text) <= limit else text[:limit] + ELLIPSIS
    # Backslashes first: the escapes escape_invisible adds must not be doubled.
    return '"' + escape_invisible(body.replace("\\", "\\\\").replace('"', '\\"')) + '"'


# -- names that could pass for a key id or a fingerprint -----------------------------------------

# What a masked run shows instead: no hex digit in it, so masking twice changes nothing.
HEX_MASK = "#\u2026"
# This many hex digits (or look-alikes) in one run read as part of a key id or a fingerprint.
HEX_RUN = 8
_HEX_ASCII = frozenset("0123456789abcdefABCDEF")
# Between the digits of one run: spaces, dashes, connectors (_) and other punctuation (: . , · /).
_SEPARATORS = frozenset({"Zs", "Pd", "Pc", "Po"})


def _hexish(char: str) -> bool:
    """A hex digit, or a letter or digit of another script that may be drawn like one (Cyrillic
    a, e and c, Greek omicron, Cherokee letters...): no table of look-alikes is ever complete, so
    every non-ASCII letter and digit counts."""
    if char.isascii():
        return char in _HEX_ASCII
    return unicodedata.category(char)[0] in "LN"


def _separator(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in _SEPARATORS


def _kind(char: str) -> str:
    """The kind of ``char``: "h" (may read as a hex digit), "s" (a separator inside a run) or ""
    (ends a run), judged on its NFKC form too: a squared or full-width form of a letter counts
    as the letter."""
    normal = unicodedata.normalize("NFKC", char)
    if _hexish(char) or (normal and any(_hexish(c) for c in normal)
                         and all(_hexish(c) or _separator(c) for c in normal)):  # fmt: skip
        return "h"
    if _separator(char) or (normal and all(_separator(c) for c in normal)):
        return "s"
    return ""


def _digitish(char: str) -> bool:
    """Could be read as a digit: an ASCII digit or anything non-ASCII (a look-alike may be)."""
    return char.isdigit() or not char.isascii()


def _hex_runs(text: str) -> list[tuple[int, int]]:
    """The spans (start, end) of ``text`` that could read as :data:`HEX_RUN` or more hex digits.

    A run is hex-ish characters with separators between them. One made of ASCII letters only
    ("add a bad face") is a word: no real fingerprint has 8 hex digits in a row without a digit
    but once in millions.
    """
    kinds = [_kind(c) for c in text]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if kinds[i] != "h":
            i += 1
            continue
        start = end = i
        count = 0
        digit = False
        j = i
        while j < len(text) and kinds[j]:
            if kinds[j] == "h":
                count += 1
                digit = digit or _digitish(text[j])
                end = j + 1
            j += 1
        if count >= HEX_RUN and digit:
            runs.append((start, end))
        i = end
    return runs


def has_hex_lookalike(text: str) -> bool:
    """Whether ``text`` holds a run that could be read as part of a key id or fingerprint, in any
    script or width (each character judged with its NFKC form: full-width digits are digits)."""
    return bool(_hex_runs(text))


def mask_hex_lookalikes(text: str) -> str:
    """``text`` with every run :func:`has_hex_lookalike` finds replaced by :data:`HEX_MASK`: a
    name chosen by someone else cannot pass for another key's fingerprint. The rest is kept as
    it was written."""
    out: list[str] = []
    last = 0
    for start, end in _hex_runs(text):
        out.append(text[last:start] + HEX_MASK)
        last = end
    out.append(text[last:])
    return "".join(out)


def clean_key_name(name: str, limit: int = NAME_LIMIT) -> str:
    """A key's or key file's name as staff may read it beside a fingerprint: cleaned, and every
    hex-like run masked (before it is shortened, so a long run reads as one mask, not two halves
    of one)."""
    return clean_name(mask_hex_lookalikes(clean_name(name, limit=1_000)), limit)


# -- a path inside a pack -----------------------------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a safe path inside a pack, or None when it is.

    Folder entries of a zip end in ``/``; that one trailing slash is allowed.
    """
    if not name or name == "/":
        return "has an empty name"
    if len(name) > MAX_NAME_CHARS:
        return f"has a name longer than {MAX_NAME_CHARS} characters"
    if _CONTROL.search(name):
        return "has control characters in its name"
    if "\\" in name:
        return "uses a backslash (\\) in its path; paths inside a pack use /"
    if name.startswith("/"):
        return "is an absolute path; every path must stay inside the pack"
    if _DRIVE.match(name):
        return "starts with a drive letter; every path must stay inside the pack"
    parts = name[:-1].split("/") if name.endswith("/") else name.split("/")
    if ".." in parts:
        return "uses '..' to reach outside the pack; every path must stay inside the pack"
    if any(part in ("", ".") for part in parts):
        return "has an empty or '.' part in its path"
    return None
