"""Pack rules for the screen (issue 15): at most 8 lessons, link addresses that lead where the
QR does, hotlines grouped by organisation, and the pack's publisher."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.common import paths
from kiosk.common.problems import PackError
from kiosk.content import schema, validate
from kiosk.content.loader import load_pack
from kiosk.content.model import strip_groups
from tests import FIXTURES_DIR

FIXTURES = FIXTURES_DIR


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


# -- hotlines grouped by organisation ------------------------------------------------------------

GROUPED = """organisations:
  ncmec: {name: {en: "Child at risk: NCMEC", es: "Menor en riesgo: NCMEC"}}
  nhth: {name: {en: "Trafficking hotline", es: "Línea contra la trata"}}
hotlines:
  - {kind: call, label: {en: "Danger", es: "Peligro"}, number: "911", display: "911"}
  - kind: call
    organisation: ncmec
    label: {en: "Call", es: "Llame"}
    number: "1-800-843-5678"
    display: "1-800-THE-LOST"
  - kind: call
    organisation: nhth
    label: {en: "Call", es: "Llame"}
    number: "1-888-373-7888"
    display: "1-888-373-7888"
  - kind: text
    organisation: nhth
    label: {en: "Text", es: "Texto"}
    number: "233733"
    display: "Text HELP to 233733"
  - {kind: call, organisation: nhth, label: {en: "TTY", es: "TTY"}, number: "711",
     display: "TTY 711"}
"""


def grouped_pack(tmp_path: Path, hotlines: str = GROUPED) -> Path:
    folder = copy("minimal_pack", tmp_path)
    pack_yaml = folder / "pack.yaml"
    text = pack_yaml.read_text()
    start, end = text.index("hotlines:"), text.index("links:")
    pack_yaml.write_text(text[:start] + hotlines + text[end:])
    return folder


def test_hotlines_are_grouped_by_organisation_in_the_order_they_come(tmp_path: Path) -> None:
    pack = load_pack(grouped_pack(tmp_path))
    groups = pack.hotline_groups()
    assert [g.organisation.key if g.organisation else None for g in groups] == [
        None,
        "ncmec",
        "nhth",
    ]
    assert [[h.display.get("en") for h in g.hotlines] for g in groups] == [
        ["911"],
        ["1-800-THE-LOST"],
        ["1-888-373-7888", "Text HELP to 233733", "TTY 711"],
    ]
    assert groups[2].organisation is not None
    assert groups[2].organisation.name.get("es") == "Línea contra la trata"


def test_strip_groups_keep_an_organisation_together_at_its_first_place() -> None:
    assert strip_groups(["a", None, "b", "a"]) == [[0, 3], [1], [2]]
    assert strip_groups([None, None]) == [[0], [1]]


def test_a_pack_without_organisations_shows_each_hotline_alone(tmp_path: Path) -> None:
    pack = load_pack(copy("minimal_pack", tmp_path))  # the format before organisations
    assert [len(g.hotlines) for g in pack.hotline_groups()] == [1, 1]
    assert all(g.organisation is None for g in pack.hotline_groups())


def test_an_unknown_or_unused_organisation_is_refused_where_it_is_written(
    tmp_path: Path,
) -> None:
    folder = grouped_pack(tmp_path, GROUPED.replace("organisation: ncmec", "organisation: ncmc"))
    lines = (folder / "pack.yaml").read_text().splitlines()
    ncmec_line = next(i for i, line in enumerate(lines) if line.startswith("  ncmec:")) + 1
    assert problems(folder) == [
        f"pack.yaml:{ncmec_line}: organisations.ncmec: organisation 'ncmec' has no hotline",
        f"pack.yaml:{lines.index('    organisation: ncmc') + 1}: hotlines[1].organisation: "
        "no organisation named 'ncmc' in organisations",
    ]


def test_organisation_names_need_every_language(tmp_path: Path) -> None:
    folder = grouped_pack(tmp_path, GROUPED.replace(', es: "Línea contra la trata"', ""))
    assert any("organisations.nhth.name: no 'es' text" in p for p in problems(folder))


def test_more_groups_than_the_strip_holds_are_refused(tmp_path: Path) -> None:
    ungrouped = (
        GROUPED.replace("    organisation: nhth\n", "")
        .replace("organisation: nhth, ", "")
        .replace('  nhth: {name: {en: "Trafficking hotline", es: "Línea contra la trata"}}\n', "")
    )
    assert any(
        "hotlines: the strip shows 5 groups; at most 3 fit" in p
        for p in problems(grouped_pack(tmp_path, ungrouped))
    )


def test_the_default_pack_groups_ncmec_and_the_trafficking_hotline() -> None:
    pack = load_pack(paths.default_pack_dir())
    shown = [
        (
            g.organisation.name.get("en") if g.organisation else g.hotlines[0].label.get("en"),
            [h.display.get("en") for h in g.hotlines],
        )
        for g in pack.hotline_groups()
    ]
    assert shown == [
        ("Danger now", ["911"]),
        ("Child at risk: NCMEC", ["1-800-THE-LOST"]),
        (
            "National Human Trafficking Hotline",
            ["1-888-373-7888", "Text HELP to 233733", "TTY 711"],
        ),
    ]
    # every number comes from the content brief
    brief = paths.default_pack_dir().parents[1] / "shared" / "content-brief.md"
    if brief.exists():
        text = brief.read_text()
        assert "TTY 711" in text
        assert "**233733**" in text
        assert "send HELP" in text


# -- the publisher ---------------------------------------------------------------------------------


def with_publisher(tmp_path: Path, publisher: str) -> Path:
    folder = copy("minimal_pack", tmp_path)
    pack_yaml = folder / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text().replace("hotlines:", publisher + "hotlines:", 1))
    return folder


def test_a_publisher_has_a_name_in_every_language_and_an_optional_svg_logo(
    tmp_path: Path,
) -> None:
    folder = with_publisher(
        tmp_path,
        'publisher:\n  name: {en: "A publisher", es: "Un editor"}\n  logo: images/dot.svg\n',
    )
    pack = load_pack(folder)
    assert pack.publisher is not None
    assert pack.publisher.name.get("es") == "Un editor"
    assert pack.publisher.logo == "images/dot.svg"
    assert load_pack(copy("many_lessons_pack", tmp_path)).publisher is None  # optional


@pytest.mark.parametrize(
    ("publisher", "expected"),
    [
        ('publisher:\n  name: {en: "A publisher"}\n', "publisher.name: no 'es' text"),
        (
            'publisher:\n  name: {en: "P", es: "P"}\n  logo: images/gone.svg\n',
            "pack.yaml:9: publisher.logo: file 'images/gone.svg' is missing from the pack",
        ),
        (
            'publisher:\n  name: {en: "P", es: "P"}\n  logo: images/logo.png\n',
            "pack.yaml:9: publisher.logo: 'images/logo.png' is not in the expected form",
        ),
        (
            'publisher:\n  name: {en: "P", es: "P"}\n  logo: images/bad.svg\n',
            "pack.yaml:9: publisher.logo: 'images/bad.svg': line 1: SVG may not contain <script>",
        ),
    ],
)
def test_a_publisher_is_checked_like_other_text_and_images(
    tmp_path: Path, publisher: str, expected: str
) -> None:
    folder = with_publisher(tmp_path, publisher)
    (folder / "images" / "bad.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    assert any(expected in p for p in problems(folder)), problems(folder)
