"""Where each text of a pack was written: file, line and field path, for messages about the screen.

The model (:mod:`kiosk.content.model`) holds what a pack says, not where; when the screen finds a
text that does not fit, the author needs ``slides/transit.yaml:14: [2].headline.en``, not the name
of a QML item. :func:`read_sources` reads the pack's YAML files again, in the loader's order, and
:meth:`PackSources.locate` finds the field that holds a text shown on screen. Pure; no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.common.problems import PackError, Problem, format_path
from kiosk.common.yamlsafe import KeyPath, YamlDoc, read_yaml


@dataclass(frozen=True)
class Source:
    """One text of a pack file: where it is and what it says."""

    file: str
    line: int
    path: KeyPath
    text: str

    @property
    def field(self) -> str:
        return format_path(self.path)


@dataclass
class PackSources:
    """Every text of a pack with its place, and where each slide and lesson starts.

    Attributes:
        texts: every text value (a string, or a number such as ``minutes``) in every file.
        items: ``("slides" | "lessons", id)`` → the file, key path and line of that item.
    """

    texts: list[Source] = field(default_factory=list)
    items: dict[tuple[str, str], Source] = field(default_factory=dict)

    def locate(
        self, shown: str, language: str, within: tuple[str, str] | None = None, near: KeyPath = ()
    ) -> Source | None:
        """The field that holds ``shown`` (a text as the screen shows it), or None.

        Args:
            shown: the item's text; it may hold the field's text among words of the kiosk's own
                ("Right answer: Yes"), so the longest field text inside it wins.
            language: texts in other languages are not candidates.
            within: the slide or lesson on screen; its texts are preferred to the pack's.
            near: a key path below ``within`` (e.g. ``("cards", 1)``) preferred inside it.
        """
        wanted = " ".join(shown.split())
        if not wanted:
            return None
        item = self.items.get(within) if within else None
        candidates = [s for s in self.texts if _language_of(s) in (language, None)]

        def score(source: Source) -> tuple[int, int, int, int] | None:
            text = " ".join(source.text.split())
            if not text:
                return None
            exact = text == wanted
            inside = item is not None and _under(source, item)
            # A number of the item on screen shows among the kiosk's words ("2 min").
            number = inside and text.isdigit() and re.search(rf"\b{text}\b", wanted) is not None
            if not exact and not number and (len(text) < 3 or text not in wanted):
                return None
            closer = inside and _under_path(source.path, (*item.path, *near)) if item else False
            return (int(exact), int(inside), int(closer), len(text))

        scored = [(s, source) for source in candidates if (s := score(source)) is not None]
        return max(scored, key=lambda pair: pair[0])[1] if scored else None


def _language_of(source: Source) -> str | None:
    """The language of a per-language text (its last key), or None for ``display``, numbers …"""
    last = source.path[-1] if source.path else None
    return None if last in _PLAIN_KEYS or not isinstance(last, str) else last


_PLAIN_KEYS = {"display", "number", "url", "minutes", "id", "seconds"}


def _under(source: Source, item: Source) -> bool:
    return source.file == item.file and _under_path(source.path, item.path)


def _under_path(path: KeyPath, prefix: KeyPath) -> bool:
    return path[: len(prefix)] == prefix


def read_sources(root: Path) -> PackSources:
    """Read ``pack.yaml``, ``slides/*.yaml`` and ``lessons/*.yaml`` of the pack folder ``root``.

    Files that cannot be read are left out (the loader reports them); the pack was validated.
    """
    sources = PackSources()
    names = ["pack.yaml"] + [
        f"{folder}/{path.name}"
        for folder in ("slides", "lessons")
        if (root / folder).is_dir()
        for path in sorted((root / folder).glob("*.yaml"))
    ]
    for name in names:
        try:
            doc = read_yaml((root / name).read_bytes(), name)
        except (OSError, PackError):
            continue
        sources.texts += list(_texts(doc, doc.data, ()))
        if name == "pack.yaml" and isinstance(doc.data, dict):
            for key in ("slides", "lessons"):
                _add_items(sources, doc, key, doc.data.get(key), (key,))
        elif name != "pack.yaml":
            _add_items(sources, doc, name.split("/")[0], doc.data, ())
    return sources


def _add_items(sources: PackSources, doc: YamlDoc, key: str, items: Any, base: KeyPath) -> None:
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            path = (*base, i)
            where = Source(doc.file, doc.line(path), path, item["id"])
            sources.items.setdefault((key, item["id"]), where)


def _texts(doc: YamlDoc, data: Any, path: KeyPath) -> Iterator[Source]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(doc, value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(doc, value, (*path, i))
    elif isinstance(data, str | int) and not isinstance(data, bool):
        yield Source(doc.file, doc.line(path), path, str(data))


Item = tuple[str, str]
"""A slide or lesson of a pack: ``("slides" | "lessons", id)``."""


def concerns(problem: Problem, sources: PackSources) -> set[Item] | None:
    """The slides and lessons ``problem`` is about; None when it is about the whole pack.

    A problem inside one item's fields is that item's; a problem with a whole file of slides or
    lessons (e.g. YAML that does not parse) is about every item of that file as last read; one in
    ``pack.yaml`` outside its slides and lessons (hotlines, links, languages) is about everything.
    """
    mine = [(key, item) for key, item in sources.items.items() if item.file == problem.file]
    for key, item in mine:
        prefix = item.field
        if problem.field == prefix or problem.field.startswith((prefix + ".", prefix + "[")):
            return {key}
    if problem.file == "pack.yaml" or not mine:
        return None
    return {key for key, _ in mine}


def merged(fresh: PackSources, last_good: PackSources) -> PackSources:
    """``fresh`` plus the items of files it could not read, as ``last_good`` knew them."""
    readable = {source.file for source in fresh.texts} | {s.file for s in fresh.items.values()}
    out = PackSources(list(fresh.texts), dict(fresh.items))
    for key, item in last_good.items.items():
        if item.file not in readable:
            out.items.setdefault(key, item)
    return out
