"""Slides' ``from``/``until`` dates in pack.yaml: read as dates, checked, part of the schema."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from kiosk.common.problems import PackError
from kiosk.content.loader import load_pack
from kiosk.content.schema import pack_schema
from tests import FIXTURES_DIR

FIXTURE = FIXTURES_DIR / "minimal_pack"
SLIDE_LINE = "    seconds: 8\n"


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(FIXTURE, target)
    return target


def with_dates(pack_dir: Path, lines: str) -> Path:
    main = pack_dir / "pack.yaml"
    text = main.read_text()
    assert SLIDE_LINE in text
    main.write_text(text.replace(SLIDE_LINE, SLIDE_LINE + lines, 1))
    return pack_dir


def test_unquoted_and_quoted_dates_read_alike(pack_dir: Path) -> None:
    pack = load_pack(with_dates(pack_dir, '    from: 2027-01-01\n    until: "2027-01-31"\n'))
    assert pack.slides[0].from_date == date(2027, 1, 1)
    assert pack.slides[0].until_date == date(2027, 1, 31)


def test_dates_are_optional(pack_dir: Path) -> None:
    slide = load_pack(pack_dir).slides[0]
    assert slide.from_date is None
    assert slide.until_date is None


def test_until_before_from_is_a_problem_with_its_line(pack_dir: Path) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(with_dates(pack_dir, "    from: 2027-02-01\n    until: 2027-01-31\n"))
    [problem] = caught.value.problems
    assert (problem.file, problem.field) == ("pack.yaml", "slides[0].until")
    assert problem.line == 26
    assert "before from" in problem.message


@pytest.mark.parametrize(
    ("value", "why"),
    [('"2027-02-30"', "not a day of the calendar"), ('"next week"', ""), ("2027-02-30", "cannot")],
)
def test_a_date_that_is_not_one_is_a_problem(pack_dir: Path, value: str, why: str) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(with_dates(pack_dir, f"    from: {value}\n"))
    [problem] = caught.value.problems
    assert problem.line == 25
    assert why in problem.message


def test_the_schema_names_the_dates() -> None:
    slide = pack_schema()["properties"]["slides"]["items"]["properties"]
    assert slide["from"]["pattern"] == slide["until"]["pattern"]
