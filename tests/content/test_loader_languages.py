"""Pack languages: any may be declared; a missing text is a problem, or a marked fallback."""

from pathlib import Path

import pytest

from kiosk.common.problems import PackError
from kiosk.content.loader import load_pack
from tests.packs import Packs

SLIDE_BODY = 'body: {en: "A short body.", es: "Un texto corto."}'


def problems(folder: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    return [str(p) for p in caught.value.problems]


def test_a_missing_translation_names_file_line_and_field(packs: Packs) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", SLIDE_BODY, 'body: {en: "A short body."}')
    assert problems(folder) == ["pack.yaml:26: slides[0].body: no 'es' text"]


def test_a_missing_translation_in_a_lesson_file_is_found_there(packs: Packs) -> None:
    folder = packs.folder()
    lesson = (folder / "lessons" / "basics.yaml").read_text(encoding="utf-8")
    title = next(line for line in lesson.splitlines() if "title:" in line)
    number = lesson.splitlines().index(title) + 1
    packs.replace(folder, "lessons/basics.yaml", title, '  title: {en: "Only English"}')
    found = problems(folder)
    assert found == [f"lessons/basics.yaml:{number}: [0].title: no 'es' text"], found


def test_a_pack_may_declare_any_language_of_the_list(packs: Packs) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", "languages: [en, es]", "languages: [en, es, vi]")
    found = problems(folder)
    # Every text now lacks Vietnamese, and every problem says where.
    assert found
    assert all(p.endswith("no 'vi' text") for p in found), found
    assert "pack.yaml:5: title: no 'vi' text" in found


def test_a_text_in_a_language_the_pack_does_not_declare_is_a_problem(packs: Packs) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", SLIDE_BODY, SLIDE_BODY[:-1] + ', fr: "Un texte."}')
    found = problems(folder)
    assert found == [
        "pack.yaml:26: slides[0].body.fr: language 'fr' is not in the pack's languages (en, es)"
    ]


def test_with_fallback_a_text_may_lack_any_language_but_the_first(packs: Packs) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", "languages: [en, es]", "languages: [en, es]\nfallback: true")
    packs.replace(folder, "pack.yaml", SLIDE_BODY, 'body: {en: "A short body."}')
    pack = load_pack(folder)
    assert pack.fallback
    slide = pack.slides[0]
    assert not slide.body.has("es")
    assert slide.body.get("es", pack.languages[0]) == "A short body."


def test_even_with_fallback_the_first_language_is_required(packs: Packs) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", "languages: [en, es]", "languages: [en, es]\nfallback: true")
    packs.replace(folder, "pack.yaml", SLIDE_BODY, 'body: {es: "Un texto corto."}')
    assert problems(folder) == ["pack.yaml:27: slides[0].body: no 'en' text"]


def test_fallback_must_be_true_or_false(packs: Packs) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", "languages: [en, es]", "languages: [en, es]\nfallback: sí")
    found = problems(folder)
    assert len(found) == 1
    assert found[0].startswith("pack.yaml:5: fallback: expected boolean")
