"""Advice on a valid pack's typography: notes for the author, never a refusal.

Straight quotes (``"`` and ``'``) in shown text look like code on a public screen; a pack uses
typographic ones: curly quotes and apostrophes in English, angle quotes in Spanish.
:func:`quote_notes` names every text that has them, with its file, line and field, for
``kiosk pack validate`` to print as notes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.common.problems import PackError, Problem, format_path
from kiosk.common.yamlsafe import KeyPath, read_yaml

STRAIGHT = ('"', "'")
CURLY = "\u201c \u201d \u2019"  # the quotes and apostrophe English type uses
ADVICE = {
    "en": f"use typographic quotes and apostrophes ({CURLY})",
    "es": "use angle quotes \u00ab \u00bb in Spanish (and \u2019 for an apostrophe)",
}
DEFAULT_ADVICE = f"use typographic quotes ({CURLY}, or the language's own)"
MAX_FILES = 200  # the loader refuses more long before; a note is not worth more reading


def quote_notes(folder: Path) -> list[Problem]:
    """Every shown text of the pack in ``folder`` with a straight quote, as a note.

    Call it on a pack the loader accepted: a file it cannot read here is skipped (the loader
    already said what is wrong with it).
    """
    try:
        main = read_yaml((folder / "pack.yaml").read_bytes(), "pack.yaml")
    except (OSError, PackError):
        return []
    languages = _languages(main.data)
    docs = [main]
    for sub in ("slides", "lessons"):
        for file in sorted((folder / sub).glob("*.yaml"))[:MAX_FILES]:
            try:
                docs.append(read_yaml(file.read_bytes(), f"{sub}/{file.name}"))
            except (OSError, PackError):
                continue
    notes: list[Problem] = []
    for doc in docs:
        for path, language, text in _texts(doc.data, (), languages):
            if any(mark in text for mark in STRAIGHT):
                advice = ADVICE.get(language, DEFAULT_ADVICE)
                notes.append(
                    Problem(
                        doc.file, doc.line(path), format_path(path), f"straight quotes: {advice}"
                    )
                )
    return notes


def _languages(data: Any) -> frozenset[str]:
    found = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(found, list):
        return frozenset()
    return frozenset(lang for lang in found if isinstance(lang, str))


def _texts(
    data: Any, path: KeyPath, languages: frozenset[str]
) -> Iterator[tuple[KeyPath, str, str]]:
    """Every ``(path, language, text)`` under ``data`` where a language code names a string."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            if isinstance(value, str) and key in languages:
                yield here, key, value
            else:
                yield from _texts(value, here, languages)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, index), languages)
