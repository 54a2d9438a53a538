"""Which slides and lessons a problem is about (the preview shows it in their place)."""

from __future__ import annotations

from pathlib import Path

from kiosk.common.problems import Problem
from kiosk.intake.sources import PackSources, concerns, merged, read_sources

MORE = """\
- id: second
  venues: [any]
  headline: {en: "Second", es: "Segunda"}
  body: {en: "Body.", es: "Texto."}
- id: third
  venues: [any]
  headline: {en: "Third", es: "Tercera"}
  body: {en: "Body.", es: "Texto."}
"""


def sources_for(packs) -> tuple[Path, PackSources]:
    folder = packs.folder()
    (folder / "slides").mkdir()
    (folder / "slides" / "more.yaml").write_text(MORE, encoding="utf-8")
    return folder, read_sources(folder)


def test_a_field_problem_is_about_its_own_item(packs) -> None:
    _, sources = sources_for(packs)
    field = Problem("slides/more.yaml", 7, "[1].headline.en", "too long")
    assert concerns(field, sources) == {("slides", "third")}
    in_pack = Problem("pack.yaml", 25, "slides[0].headline.en", "too long")
    assert concerns(in_pack, sources) == {("slides", "first")}
    lesson = Problem("lessons/basics.yaml", 4, "[0].minutes", "expected integer")
    assert concerns(lesson, sources) == {("lessons", "basics")}


def test_a_whole_file_problem_is_about_each_item_of_the_file(packs) -> None:
    folder, sources = sources_for(packs)
    (folder / "slides" / "more.yaml").write_text("- id: [\n", encoding="utf-8")
    now = merged(read_sources(folder), sources)
    problem = Problem("slides/more.yaml", 1, "", "not valid YAML: …")
    assert concerns(problem, now) == {("slides", "second"), ("slides", "third")}


def test_pack_yaml_outside_slides_and_lessons_is_about_everything(packs) -> None:
    _, sources = sources_for(packs)
    assert concerns(Problem("pack.yaml", 10, "hotlines[0].number", "x"), sources) is None
    assert concerns(Problem("pack.yaml", 1, "", "not valid YAML"), sources) is None
    # A new file nobody read yet: nothing to point at but the whole pack.
    assert concerns(Problem("slides/new.yaml", 1, "", "not valid YAML"), sources) is None


def test_index_one_is_not_index_ten(packs) -> None:
    _, sources = sources_for(packs)
    assert concerns(Problem("slides/more.yaml", 40, "[10].body.en", "x"), sources) == {
        ("slides", "second"),
        ("slides", "third"),
    }
