"""Pack folder → :class:`Pack`, or a :class:`PackError` listing every problem found.

A pack is ``pack.yaml`` plus optional ``slides/*.yaml`` and ``lessons/*.yaml`` (lists, read in
file-name order) and the images they name. Archives (``.kpack``) are unpacked safely into a folder
first (see ``archive.py``), so this module only ever reads folders.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.common.problems import PackError, Problem, format_path
from kiosk.common.yamlsafe import KeyPath, YamlDoc, read_yaml
from kiosk.content import phones, schema
from kiosk.content.model import (
    Card,
    Choice,
    Hotline,
    Lesson,
    Link,
    Localized,
    Organisation,
    Pack,
    Publisher,
    Question,
    Slide,
    frozen_map,
    strip_groups,
)
from kiosk.content.validate import (
    DEFAULT_LINK_HOSTS,
    file_problems,
    hidden_text_problems,
    language_problems,
    link_display_problem,
    link_problem,
    localized_paths,
    markup_problems,
    schema_check,
    sound,
)

if TYPE_CHECKING:
    from kiosk.content.schemapass import SchemaPasses

DEFAULT_SLIDE_SECONDS = 10


def load_pack(
    root: Path,
    link_hosts: Iterable[str] = DEFAULT_LINK_HOSTS,
    hotline_numbers: Iterable[str] = phones.DEFAULT_HOTLINE_NUMBERS,
    *,
    passes: SchemaPasses | None = None,
) -> Pack:
    """Load and validate the pack in folder ``root``.

    Args:
        root: the pack folder.
        link_hosts: the hosts its links may point to (``kiosk.yaml`` ``link_hosts``).
        hotline_numbers: the numbers its hotlines may show (``kiosk.yaml`` ``hotline_numbers``).
        passes: ``kiosk run``'s record of documents that passed the schema before: their schema
            pass is skipped, every other rule still runs (:mod:`kiosk.content.schemapass`).

    Raises:
        PackError: every problem found, each naming file, line and field.
    """
    root = Path(root)
    problems: list[Problem] = []
    read = _read(root, "pack.yaml", problems)
    # A pack.yaml that cannot be read still lets every other file be checked.
    main = read if read is not None else YamlDoc("pack.yaml", {})
    extra: list[tuple[str, YamlDoc]] = []
    for folder, key in (("slides", "slides"), ("lessons", "lessons")):
        for path in sorted((root / folder).glob("*.yaml")) if (root / folder).is_dir() else []:
            doc = _read(root, f"{folder}/{path.name}", problems)
            if doc is not None:
                extra.append((key, doc))
    for doc in [main] + [doc for _, doc in extra]:
        _dates_as_text(doc)
    # Shape first; what has the wrong shape is left out of the rules below, everything else is
    # still checked, so one run lists every problem in every file.
    broken: dict[str, list[KeyPath]] = {main.file: [()] if read is None else []}
    if read is not None:
        found, broken[main.file] = schema_check(main, schema.PACK, passes)
        problems += found
    for key, doc in extra:
        found, broken[doc.file] = schema_check(
            doc, schema.SLIDES_FILE if key == "slides" else schema.LESSONS_FILE, passes
        )
        problems += found
    docs = [main] + [doc for _, doc in extra]
    for doc in docs:  # these walk any shape, so they are reported alongside shape problems
        problems += markup_problems(doc)
        problems += hidden_text_problems(doc)
    # A field the shape already complained of (a number not in the expected form) gets no
    # second word from the rules below.
    said = {(p.file, p.field) for p in problems}
    shape_problems, problems = problems, []

    data, link_names = _sound_main(main, broken[main.file])
    # Slides and lessons from every file, each with the document and key path it came from.
    items: dict[str, list[tuple[YamlDoc, tuple[str | int, ...], dict[str, Any]]]] = {
        key: [
            (main, (key, i), item)
            for i, item in enumerate(data[key])
            if sound((key, i), broken[main.file])
        ]
        for key in ("slides", "lessons")
    }
    for key, doc in extra:
        entries = doc.data if isinstance(doc.data, list) else []
        items[key] += [
            (doc, (i,), item) for i, item in enumerate(entries) if sound((i,), broken[doc.file])
        ]

    languages_ok = isinstance(data.get("languages"), list) and not any(
        p.file == main.file and p.field.startswith("languages") for p in shape_problems
    )
    for doc in docs:
        if languages_ok:
            problems += language_problems(
                doc, data["languages"], fallback=data.get("fallback", False) is True
            )
        problems += _text_number_problems(doc, list(hotline_numbers))
    problems += _rule_problems(
        root,
        main,
        items,
        list(link_hosts),
        list(hotline_numbers),
        data,
        link_names,
        broken[main.file],
    )
    if not items["slides"] and read is not None and not any(broken.values()):
        problems.append(
            Problem(main.file, main.line(("slides",)), "slides", "a pack needs at least one slide")
        )
    problems = shape_problems + [p for p in problems if (p.file, p.field) not in said]
    if problems:
        raise PackError(problems)
    return _build(root, data, items)


def _sound_main(main: YamlDoc, broken: list[KeyPath]) -> tuple[dict[str, Any], set[str] | None]:
    """``pack.yaml``'s data with the lists and maps the rules walk always present.

    A top-level key of the wrong shape reads as empty; the link names are None when ``links``
    itself cannot be read, so no slide is blamed for naming a link that may well be there.
    """
    top = [b for b in broken if len(b) <= 1]
    data = dict(main.data) if isinstance(main.data, dict) and sound((), top) else {}
    for key in ("hotlines", "slides", "lessons"):
        if not (isinstance(data.get(key), list) and sound((key,), top)):
            data[key] = []
    links_ok = isinstance(data.get("links"), dict) and sound(("links",), top)
    if not links_ok:
        data["links"] = {}
    return data, set(data["links"]) if links_ok else None


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
    data: dict[str, Any],
    link_names: set[str] | None,
    broken: list[KeyPath],
) -> list[Problem]:
    problems: list[Problem] = []

    def at(doc: YamlDoc, path: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(doc.file, doc.line(path), format_path(path), message))

    # A picture used by many slides is read and parsed once; its problems are told at every use.
    checked: dict[str, list[Problem]] = {}

    def check_file(doc: YamlDoc, path: tuple[str | int, ...], relative: str) -> None:
        where = (doc.file, doc.line(path), format_path(path))
        if relative not in checked:
            checked[relative] = file_problems(root, relative, where)
        problems.extend(
            replace(p, file=where[0], line=where[1], field=where[2]) for p in checked[relative]
        )

    for key, link in data["links"].items():
        if not sound(("links", key), broken):
            continue
        reason = link_problem(link["url"], link_hosts)
        if reason:
            at(main, ("links", key, "url"), reason)
        reason = link_display_problem(link["display"], link["url"])
        if reason:
            at(main, ("links", key, "display"), reason)
    for i, hotline in enumerate(data["hotlines"]):
        path: tuple[str | int, ...] = ("hotlines", i)
        if not sound(path, broken):
            continue
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
                for language, display in _displays(hotline["display"]):
                    reason = link_display_problem(display, hotline["url"])
                    if reason:
                        at(main, (*path, "display", *language), reason)

    problems.extend(_strip_problems(main, data, broken))
    publisher = data.get("publisher")
    if isinstance(publisher, dict) and sound(("publisher",), broken) and "logo" in publisher:
        check_file(main, ("publisher", "logo"), publisher["logo"])

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
    if len(items["lessons"]) > schema.MAX_LESSONS:
        doc, path, _ = items["lessons"][schema.MAX_LESSONS]
        at(
            doc,
            path,
            f"a pack holds at most {schema.MAX_LESSONS} lessons (the menu's room); this is "
            f"lesson {schema.MAX_LESSONS + 1} of {len(items['lessons'])}",
        )

    for doc, path, slide in items["slides"]:
        problems.extend(_date_problems(doc, path, slide))
        qr = slide.get("qr", "training")
        if link_names is not None and qr not in link_names:
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


def _strip_problems(main: YamlDoc, data: dict[str, Any], broken: list[KeyPath]) -> list[Problem]:
    """Each hotline's organisation exists, each organisation has a hotline, and the strip's
    groups fit (see :func:`model.strip_groups`). Entries of the wrong shape are left out: the
    shape check has already said what is wrong with them."""
    problems = []
    hotlines = [
        hotline
        for i, hotline in enumerate(data["hotlines"])
        if isinstance(hotline, dict) and sound(("hotlines", i), broken)
    ]
    found = data.get("organisations")
    organisations = found if isinstance(found, dict) and sound(("organisations",), broken) else {}

    def at(path: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(main.file, main.line(path), format_path(path), message))

    for i, hotline in enumerate(hotlines):
        key = hotline.get("organisation")
        if key is not None and key not in organisations:
            at(("hotlines", i, "organisation"), f"no organisation named {key!r} in organisations")
    used = {hotline.get("organisation") for hotline in hotlines}
    for key in organisations:
        if key not in used:
            at(("organisations", key), f"organisation {key!r} has no hotline")
    groups = strip_groups([hotline.get("organisation") for hotline in hotlines])
    if len(groups) > schema.MAX_STRIP_GROUPS:
        at(
            ("hotlines",),
            f"the strip shows {len(groups)} groups; at most {schema.MAX_STRIP_GROUPS} fit at a "
            "size read from across the hall (give hotlines of one organisation the same "
            "`organisation`, see `organisations`)",
        )
    return problems


def _dates_as_text(doc: YamlDoc) -> None:
    """Slides' ``from``/``until`` as ISO text: YAML reads an unquoted 2027-01-31 as a date."""
    data = doc.data
    slides = data.get("slides") if isinstance(data, dict) else data
    for slide in slides if isinstance(slides, list) else []:
        for key in ("from", "until") if isinstance(slide, dict) else ():
            if type(slide.get(key)) is date:
                slide[key] = slide[key].isoformat()


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def _date_problems(
    doc: YamlDoc, path: tuple[str | int, ...], slide: dict[str, Any]
) -> list[Problem]:
    """``from`` and ``until`` are real days, and ``until`` is not before ``from``."""
    problems, days = [], {}
    for key in ("from", "until"):
        if key in slide:
            where = (*path, key)
            try:
                days[key] = date.fromisoformat(slide[key])
            except ValueError:
                message = f"{slide[key]!r} is not a day of the calendar (YYYY-MM-DD)"
                problems.append(Problem(doc.file, doc.line(where), format_path(where), message))
    if "from" in days and "until" in days and days["until"] < days["from"]:
        where = (*path, "until")
        message = f"until {days['until']} is before from {days['from']}: the slide would never play"
        problems.append(Problem(doc.file, doc.line(where), format_path(where), message))
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
        # Every language's display dials the same number: the hotline's.
        for language, display in _displays(hotline["display"]):
            reason = phones.display_problem(display, number)
            if reason:
                where = (*path, "display", *language)
                found.append(Problem(doc.file, doc.line(where), format_path(where), reason))
    return found


def _displays(value: str | dict[str, str]) -> list[tuple[tuple[str, ...], str]]:
    """A hotline's ``display`` texts, each with the key under ``display`` it sits at.

    >>> _displays("911")
    [((), '911')]
    >>> _displays({"en": "Text HELP to 233733", "es": "Envíe HELP al 233733"})[1]
    (('es',), 'Envíe HELP al 233733')
    """
    if isinstance(value, dict):
        return [((language,), text) for language, text in value.items() if isinstance(text, str)]
    return [((), value)]


def _text_number_problems(doc: YamlDoc, allowed: list[str]) -> list[Problem]:
    """A number written in a slide or lesson is on the screen too: it must be on the list."""
    problems = []
    for path, by_language in localized_paths(doc.data):
        if path[-1] == "display":
            continue  # a hotline's display is checked against its number (_number_problems)
        for lang, text in by_language.items():
            for number in phones.numbers_in_text(text) if isinstance(text, str) else []:
                reason = phones.allowed_problem(number, allowed)
                if reason:
                    where = (*path, lang)
                    problems.append(Problem(doc.file, doc.line(where), format_path(where), reason))
    return problems


def _text(value: dict[str, str]) -> Localized:
    return Localized(dict(value))


def _display(value: str | dict[str, str], languages: list[str]) -> Localized:
    """A hotline's ``display``: a plain string is the same text in every language of the pack."""
    return Localized(dict(value) if isinstance(value, dict) else dict.fromkeys(languages, value))


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
                display=_display(h["display"], data["languages"]),
                number=h.get("number"),
                url=h.get("url"),
                organisation=h.get("organisation"),
            )
            for h in data["hotlines"]
        ),
        organisations=tuple(
            Organisation(key, _text(value["name"]))
            for key, value in data.get("organisations", {}).items()
        ),
        publisher=(
            Publisher(_text(data["publisher"]["name"]), data["publisher"].get("logo"))
            if "publisher" in data
            else None
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
                from_date=_date(s.get("from")),
                until_date=_date(s.get("until")),
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
