"""`kiosk pack validate` reports every problem of every stage in one run, in plain words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.common.problems import PackError
from kiosk.common.yamlsafe import read_yaml

EXTRA_SLIDES = """\
- id: broken-shape
  venues: [any]
  seconds: ten
  headline: {en: "Wrong seconds", es: "Segundos mal"}
  body: {en: "A body.", es: "Un texto."}
- id: missing-picture
  venues: [any]
  headline: {en: "No picture", es: "Sin imagen"}
  body: {en: "A body.", es: "Un texto."}
  image: images/gone.svg
"""


@pytest.fixture
def five_mistakes(packs) -> Path:
    """The minimal pack with five mistakes in three files, one of each stage."""
    folder = packs.folder()
    # 1 YAML: an answer indented one space less than its sibling.
    packs.replace(
        folder, "lessons/basics.yaml", '        - {text: {en: "No"', '       - {text: {en: "No"'
    )
    # 2 shape and 3 files: one slide of the wrong shape, another naming a missing picture.
    (folder / "slides").mkdir()
    (folder / "slides" / "extra.yaml").write_text(EXTRA_SLIDES, encoding="utf-8")
    # 4 links: a host that is not on the allow-list.
    packs.replace(folder, "pack.yaml", "https://connect.missingkids.org", "https://example.org")
    packs.replace(folder, "pack.yaml", '"connect.missingkids.org"', '"example.org"')
    # 5 numbers: a slide names a number that is not on the kiosk's list.
    packs.replace(folder, "pack.yaml", 'en: "A short body."', 'en: "Call 1-866-347-2423."')
    return folder


def test_five_mistakes_in_three_files_are_listed_in_one_run(run_cli, five_mistakes) -> None:
    result = run_cli("pack", "validate", five_mistakes)
    assert result.code == 1
    *lines, summary = result.err.strip().splitlines()
    assert summary == "5 problems in 3 files"
    starts = sorted(line.split(" ", 1)[0] for line in lines)
    assert starts == [
        "lessons/basics.yaml:13:",
        "pack.yaml:18:",
        "pack.yaml:26:",
        "slides/extra.yaml:10:",
        "slides/extra.yaml:3:",
    ], lines
    text = "\n".join(lines)
    assert "lessons/basics.yaml:13: not valid YAML: line 13, column 8:" in text
    assert "probably indentation" in text
    assert "[0].seconds: expected integer" in text
    assert "file 'images/gone.svg' is missing" in text
    assert "link host 'example.org' is not on this kiosk's allow-list" in text
    assert "'1-866-347-2423' is not on this kiosk's list" in text


def test_json_lists_the_same_problems_and_the_summary_stays_on_stderr(
    run_cli, five_mistakes
) -> None:
    result = run_cli("pack", "validate", "--json", five_mistakes)
    assert result.code == 1
    problems = json.loads(result.out)
    assert len(problems) == 5
    assert all(set(p) == {"file", "line", "field", "message"} for p in problems)
    assert result.err.strip().splitlines()[-1] == "5 problems in 3 files"


def test_a_broken_pack_yaml_does_not_stop_the_other_files(run_cli, five_mistakes) -> None:
    (five_mistakes / "pack.yaml").write_text("id: x\n\ttitle: y\n", encoding="utf-8")
    result = run_cli("pack", "validate", five_mistakes)
    assert result.code == 1
    err = result.err
    assert "pack.yaml:2: not valid YAML: line 2, column 1 holds a tab" in err
    assert "lessons/basics.yaml:13:" in err
    assert "slides/extra.yaml:3: [0].seconds" in err
    assert "slides/extra.yaml:10: [1].image" in err
    assert err.strip().splitlines()[-1] == "4 problems in 3 files"


def test_a_shape_problem_in_one_slide_keeps_rules_for_the_others(packs) -> None:
    from kiosk.content.loader import load_pack

    folder = packs.folder()
    (folder / "slides").mkdir()
    (folder / "slides" / "extra.yaml").write_text(EXTRA_SLIDES, encoding="utf-8")
    packs.replace(folder, "pack.yaml", "venues: [any]", "venues: any")  # the wrong shape
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    fields = {(p.file, p.field) for p in caught.value.problems}
    assert fields == {
        ("pack.yaml", "slides[0].venues"),
        ("slides/extra.yaml", "[0].seconds"),
        ("slides/extra.yaml", "[1].image"),
    }


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("slides:\n  - id: a\n    seconds: 3\n   - id: b\n", 4, "probably indentation"),
        ("a:\n  b: 1\n c: 2\n", 3, "probably indentation"),
        ("a:\n\tb: 1\n", 2, "holds a tab; YAML indents with spaces only"),
        ('a: "hello\nb: 2\n', 1, "the quote opened at line 1, column 4 is never closed"),
        ("title: Note: this\n", 1, "put the whole text in quotes"),
        ('a: "x" y\n', 1, "text goes on after a closing quote"),
        ("a: {en: x, es: y\nb: 1\n", 1, "the { opened at line 1, column 4 is not closed"),
        ("a: [en, es\nb: 1\n", 1, "the [ opened at line 1, column 4 is not closed"),
        ("a: @home\n", 1, "a value may not start with '@'; put the whole value in quotes"),
        ('a: "C:\\q"\n', 1, "a backslash inside double quotes"),
        ("a: 1\n- b\n", 2, "a list item ('- ') where a key was expected"),
        ("a: 1\nb: 2\na: 3\n", 3, "key 'a' appears twice (first at line 1); keep one"),
    ],
)
def test_yaml_mistakes_are_said_in_plain_words(text: str, line: int, words: str) -> None:
    with pytest.raises(PackError) as caught:
        read_yaml(text.encode(), "pack.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("pack.yaml", line)
    assert words in problem.message
    assert "did not find expected" not in problem.message


def test_a_field_the_shape_refused_gets_no_second_word_from_the_rules(packs) -> None:
    from kiosk.content.loader import load_pack

    folder = packs.folder()
    packs.replace(folder, "pack.yaml", 'number: "1-800-843-5678"', 'number: "call us"')
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    fields = [p.field for p in caught.value.problems]
    assert fields.count("hotlines[0].number") == 1, caught.value.problems
