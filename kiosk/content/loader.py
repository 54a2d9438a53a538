"""Pack folder → :class:`Pack`, or a :class:`PackError` listing every problem found.

A pack is ``pack.yaml`` plus optional ``slides/*.yaml`` and ``lessons/*.yaml`` (lists, read in
file-name order) and the images they name. Archives (``.kpack``) are unpacked safely into a folder
first (see ``archive.py``), so this module only ever reads folders.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiosk.content import phones, schema
from kiosk.content.model import (
    Card,
    Choice,
    Hotline,
    Lesson,
    Link,
    Localized,
    Pack,
    Question,
    Slide,
    frozen_map,
)
from kiosk.content.problems import PackError, Problem, format_path
from kiosk.content.validate import (
    DEFAULT_LINK_HOSTS,
    file_problems,
    hidden_text_problems,
    language_problems,
    link_problem,
    localized_paths,
    markup_problems,
    schema_problems,
)
from kiosk.content.yamlsafe import YamlDoc, read_yaml

DEFAULT_SLIDE_SECONDS = 10


def load_pack(
    root: Path,
    link_hosts: Iterable[str] = DEFAULT_LINK_HOSTS,
    hotline_numbers: Iterable[str] = phones.DEFAULT_HOTLINE_NUMBERS,
) -> Pack:
    """Load and validate the pack in folder ``root``.

    Args:
        root: the pack folder.
        link_hosts: the hosts its links may point to (``kiosk.yaml`` ``link_hosts``).
        hotline_numbers: the numbers its hotlines may show (``kiosk.yaml`` ``hotline_numbers``).

    Raises:
        PackError: every problem found, each naming file, line and field.
    """
    root = Path(root)
    problems: list[Problem] = []
    main = _read(root, "pack.yaml", problems)
    if main is None:
        raise PackError(problems)
    extra: list[tuple[str, YamlDoc]] = []
    for folder, key in (("slides", "slides"), ("lessons", "lessons")):
        for path in sorted((root / folder).glob("*.yaml")) if (root / folder).is_dir() else []:
            doc = _read(root, f"{folder}/{path.name}", problems)
            if doc is not None:
                extra.append((key, doc))
    problems += schema_problems(main, schema.PACK)
    for key, doc in extra:
        problems += schema_problems(
            doc, schema.SLIDES_FILE if key == "slides" else schema.LESSONS_FILE
        )
    docs = [main] + [doc for _, doc in extra]
    for doc in docs:  # these walk any shape, so they are reported alongside shape problems
        problems += markup_problems(doc)
        problems += hidden_text_problems(doc)
    if problems:  # the rules below assume the shape is right
        raise PackError(problems)

    data: dict[str, Any] = main.data
    # Slides and lessons from every file, each with the document and key path it came from.
    items: dict[str, list[tuple[YamlDoc, tuple[str | int, ...], dict[str, Any]]]] = {
        "slides": [(main, ("slides", i), s) for i, s in enumerate(data.get("slides", []))],
        "lessons": [(main, ("lessons", i), s) for i, s in enumerate(data.get("lessons", []))],
    }
    for key, doc in extra:
        items[key] += [(doc, (i,), item) for i, item in enumerate(doc.data or [])]

    for doc in docs:
        problems += language_problems(doc, data["languages"], fallback=data.get("fallback", False))
        problems += _text_number_problems(doc, list(hotline_numbers))
    problems += _rule_problems(root, main, items, list(link_hosts), list(hotline_numbers))
    if problems:
        raise PackError(problems)
    return _build(root, data, items)


def _read(root: Path, relative: str, problems: list[Problem]) -> YamlDoc | None:
    path = root / relative
    try:
        if path.is_symlink() or not path.is_file():
            what = "missing" if not path.exists() else "not a plain file"
            problems.append(Problem(relative, 0, "", f"{relative} is {what}"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(relative, 0, "", f"cannot be read: {exc.strerror}"))
        return None
    try:
        return read_yaml(raw, relative)
    except PackError as exc:
        problems += exc.problems
        return None


def _rule_problems(
    root: Path,
    main: YamlDoc,
    items: dict[str, list[tuple[YamlDoc, tuple[str | int, ...], dict[str, Any]]]],
    link_hosts: list[str],
    hotline_numbers: list[str],
) -> list[Problem]:
    problems: list[Problem] = []
    data = main.data

    def at(doc: YamlDoc, path: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(doc.file, doc.line(path), format_path(path), message))

    def check_file(doc: YamlDoc, path: tuple[str | int, ...], relative: str) -> None:
        problems.extend(
            file_problems(root, relative, (doc.file, doc.line(path), format_path(path)))
        )

    for key, link in data["links"].items():
        reason = link_problem(link["url"], link_hosts)
        if reason:
            at(main, ("links", key, "url"), reason)
    for i, hotline in enumerate(data["hotlines"]):
        path: tuple[str | int, ...] = ("hotlines", i)
        if hotline["kind"] in ("call", "text") and "number" not in hotline:
            at(main, path, f"a {hotline['kind']} hotline needs a number")
        if "number" in hotline:
            problems.extend(_number_problems(main, path, hotline, hotline_numbers))
        if hotline["kind"] == "web":
            if "url" not in hotline:
                at(main, path, "a web hotline needs a url")
            else:
                reason = link_problem(hotline["url"], link_hosts)
                if reason:
                    at(main, (*path, "url"), reason)

    for key in ("slides", "lessons"):
        seen: dict[str, str] = {}
        for doc, path, item in items[key]:
            where = f"{doc.file}:{doc.line(path)}"
            if item["id"] in seen:
                at(
                    doc,
                    (*path, "id"),
                    f"id {item['id']!r} is used twice (also at {seen[item['id']]})",
                )
            seen.setdefault(item["id"], where)
    if not items["slides"]:
        at(main, ("slides",), "a pack needs at least one slide")

    for doc, path, slide in items["slides"]:
        qr = slide.get("qr", "training")
        if qr not in data["links"]:
            at(doc, (*path, "qr"), f"no link named {qr!r} in links")
        if "image" in slide:
            check_file(doc, (*path, "image"), slide["image"])
    for doc, path, lesson in items["lessons"]:
        if "icon" in lesson:
            check_file(doc, (*path, "icon"), lesson["icon"])
        for c, card in enumerate(lesson["cards"]):
            if "image" in card:
                check_file(doc, (*path, "cards", c, "image"), card["image"])
        for q, question in enumerate(lesson["questions"]):
            right = sum(1 for choice in question["choices"] if choice.get("correct"))
            if right != 1:
                at(
                    doc,
                    (*path, "questions", q, "choices"),
                    f"needs exactly one correct choice, has {right}",
                )
    return problems


def _number_problems(
    doc: YamlDoc, path: tuple[str | int, ...], hotline: dict[str, Any], allowed: list[str]
) -> list[Problem]:
    """A hotline's number is real, on the kiosk's list, and its display dials that number."""
    number, kind = hotline["number"], hotline["kind"]

    def at(key: str, message: str) -> list[Problem]:
        where = (*path, key)
        return [Problem(doc.file, doc.line(where), format_path(where), message)]

    reason = phones.number_problem(number, kind)
    if reason:
        return at("number", reason)
    found = []
    reason = phones.allowed_problem(number, allowed)
    if reason:
        found += at("number", reason)
    if kind in ("call", "text"):  # a web hotline's display is its address
        reason = phones.display_problem(hotline["display"], number)
        if reason:
            found += at("display", reason)
    return found


def _text_number_problems(doc: YamlDoc, allowed: list[str]) -> list[Problem]:
    """A number written in a slide or lesson is on the screen too: it must be on the list."""
    problems = []
    for path, by_language in localized_paths(doc.data):
        for lang, text in by_language.items():
            for number in phones.numbers_in_text(text) if isinstance(text, str) else []:
                reason = phones.allowed_problem(number, allowed)
                if reason:
                    where = (*path, lang)
                    problems.append(Problem(doc.file, doc.line(where), format_path(where), reason))
    return problems


def _text(value: dict[str, str]) -> Localized:
    return Localized(dict(value))


def _build(
    root: Path,
    data: dict[str, Any],
    items: dict[str, list[tuple[YamlDoc, tuple[str | int, ...], dict[str, Any]]]],
) -> Pack:
    review = data.get("review", {})
    return Pack(
        id=data["id"],
        version=data["version"],
        languages=tuple(data["languages"]),
        fallback=bool(data.get("fallback", False)),
        title=_text(data["title"]),
        review_status=review.get("status", "draft"),
        review_note=_text(review["note"]) if "note" in review else None,
        hotlines=tuple(
            Hotline(
                kind=h["kind"],
                label=_text(h["label"]),
                display=h["display"],
                number=h.get("number"),
                url=h.get("url"),
            )
            for h in data["hotlines"]
        ),
        links=frozen_map(
            {
                key: Link(key=key, url=v["url"], display=v["display"], label=_text(v["label"]))
                for key, v in data["links"].items()
            }
        ),
        slides=tuple(
            Slide(
                id=s["id"],
                venues=tuple(s["venues"]),
                seconds=s.get("seconds", DEFAULT_SLIDE_SECONDS),
                headline=_text(s["headline"]),
                body=_text(s["body"]),
                image=s.get("image"),
                qr=s.get("qr", "training"),
            )
            for _, _, s in items["slides"]
        ),
        lessons=tuple(
            Lesson(
                id=lesson["id"],
                title=_text(lesson["title"]),
                icon=lesson.get("icon"),
                minutes=lesson["minutes"],
                venues=tuple(lesson["venues"]),
                cards=tuple(
                    Card(_text(c["headline"]), _text(c["body"]), c.get("image"))
                    for c in lesson["cards"]
                ),
                questions=tuple(
                    Question(
                        prompt=_text(q["prompt"]),
                        choices=tuple(
                            Choice(_text(ch["text"]), bool(ch.get("correct")), _text(ch["why"]))
                            for ch in q["choices"]
                        ),
                    )
                    for q in lesson["questions"]
                ),
            )
            for _, _, lesson in items["lessons"]
        ),
        root=root.resolve(),
        idle_seconds=data.get("touch", {}).get("idle_seconds"),
    )
