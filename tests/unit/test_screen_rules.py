"""Pack rules for the screen (issue 15): at most 8 lessons, link addresses that lead where the
QR does, hotlines grouped by organisation, and the pack's publisher."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.content import schema, validate
from kiosk.content.loader import load_pack
from kiosk.content.problems import PackError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def problems(folder: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    return [str(p) for p in caught.value.problems]


def copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return target


def test_a_pack_of_eight_lessons_loads_and_a_ninth_is_refused_where_it_is(tmp_path: Path) -> None:
    folder = copy("many_lessons_pack", tmp_path)
    assert len(load_pack(folder).lessons) == schema.MAX_LESSONS
    lessons = folder / "lessons" / "lessons.yaml"
    text = lessons.read_text()
    first = text[: text.index("- id:", 1)]
    lessons.write_text(text + first.replace("- id: watch", "- id: ninth"))
    ninth_line = lessons.read_text().splitlines().index("- id: ninth") + 1
    assert problems(folder) == [
        f"lessons/lessons.yaml:{ninth_line}: [8]: a pack holds at most 8 lessons (the menu's "
        "room); this is lesson 9 of 9"
    ]


TRAINING = "https://connect.missingkids.org/products/introduction-to-child-sex-trafficking"


@pytest.mark.parametrize(
    ("display", "url"),
    [
        ("connect.missingkids.org/products/introduction-to-child-sex-trafficking", TRAINING),
        ("connect.missingkids.org/products/introduction-to-child-sex-trafficking/", TRAINING),
        ("report.cybertip.org", "https://report.cybertip.org/"),
        ("Report.CyberTip.org", "https://report.cybertip.org"),
    ],
)
def test_an_address_that_leads_where_the_link_does_is_fine(display: str, url: str) -> None:
    assert validate.link_display_problem(display, url) is None


@pytest.mark.parametrize(
    ("display", "url"),
    [
        ("connect.missingkids.org", TRAINING),  # the case: the host alone
        ("connect.missingkids.org/products", TRAINING),  # a cut path is another page
        ("https://report.cybertip.org", "https://report.cybertip.org"),  # no scheme on screen
        ("missingkids.org", "https://www.missingkids.org"),
        ("report.cybertip.org/FAQS", "https://report.cybertip.org/faqs"),  # paths are exact
        ("report.cybertip.org", "https://report.cybertip.org/?ref=kiosk"),
    ],
)
def test_an_address_that_leads_elsewhere_is_refused(display: str, url: str) -> None:
    reason = validate.link_display_problem(display, url)
    assert reason is not None
    assert url.removeprefix("https://").rstrip("/") in reason


def test_the_loader_names_file_line_and_field_of_a_wrong_address(tmp_path: Path) -> None:
    folder = copy("minimal_pack", tmp_path)
    pack_yaml = folder / "pack.yaml"
    text = pack_yaml.read_text()
    pack_yaml.write_text(
        text.replace('url: "https://connect.missingkids.org"', f'url: "{TRAINING}"').replace(
            'url: "https://report.cybertip.org"', 'url: "https://report.cybertip.org/faqs"'
        )
    )
    lines = pack_yaml.read_text().splitlines()
    training = lines.index('    display: "connect.missingkids.org"') + 1
    web = lines.index('    display: "report.cybertip.org"') + 1
    found = problems(folder)
    assert len(found) == 2
    assert found[0].startswith(f"pack.yaml:{web}: hotlines[1].display: display 'report.cybertip")
    assert found[1].startswith(
        f"pack.yaml:{training}: links.training.display: display 'connect.missingkids.org' "
        "does not lead where the link does"
    )


def test_the_whole_address_fits_the_limit_and_one_more_character_does_not(
    tmp_path: Path,
) -> None:
    folder = copy("minimal_pack", tmp_path)
    pack_yaml = folder / "pack.yaml"
    text = pack_yaml.read_text()
    path = "p" * (schema.LINK_DISPLAY_MAX - len("connect.missingkids.org/"))
    longest = f"connect.missingkids.org/{path}"
    pack_yaml.write_text(
        text.replace('url: "https://connect.missingkids.org"', f'url: "https://{longest}"').replace(
            'display: "connect.missingkids.org"', f'display: "{longest}"'
        )
    )
    assert load_pack(folder).links["training"].display == longest
    pack_yaml.write_text(pack_yaml.read_text().replace(longest, longest + "p"))
    assert any(f"at most {schema.LINK_DISPLAY_MAX} fit on screen" in p for p in problems(folder))
