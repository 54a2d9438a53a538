"""kiosk.content.svg: a pack's SVG is bounded in what it expands to when drawn (issue 23)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import paths
from kiosk.content import limits, svg
from kiosk.content.svg import svg_problem

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256">\n'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def fan_out(levels: int, href: str = "href") -> str:
    """The "billion laughs" of SVG: each level draws ten copies of the one below."""
    lines = [HEAD.replace("<svg ", f"<svg {XLINK} "), '<defs><path id="a0" d="M10 10 L200 200"/>']
    for level in range(1, levels + 1):
        lines.append(f'<g id="a{level}">' + f'<use {href}="#a{level - 1}"/>' * 10 + "</g>")
    lines.append(f'</defs><use {href}="#a{levels}"/></svg>')
    return "\n".join(lines)


def problem(tmp_path: Path, text: str) -> str | None:
    path = tmp_path / "picture.svg"
    path.write_text(text, encoding="utf-8")
    return svg_problem(path)


@pytest.mark.parametrize("href", ["href", "xlink:href"])
def test_a_use_fan_out_is_refused_at_the_line_that_passes_the_limit(tmp_path, href) -> None:
    found = problem(tmp_path, fan_out(9, href))
    # A <use> draws itself and its target: a1 draws 21 elements, a2 221, a3 2,221 (line 6).
    assert found == "line 6: <g> draws 2,221 elements with its <use> resolved; the limit is 500"


def test_a_small_fan_out_is_fine(tmp_path) -> None:
    assert problem(tmp_path, fan_out(2)) is None


def test_measuring_a_huge_fan_out_is_quick(tmp_path) -> None:
    """Memoised: a drawing of over 10**60 elements is measured without counting them one by one."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("MAX_SVG_ELEMENTS", "MAX_SVG_PATH_CHARS"):
            patch.setattr(svg, name, 10**70)
        patch.setattr(svg, "MAX_SVG_DEPTH", 200)
        assert problem(tmp_path, fan_out(60)) is None
    assert problem(tmp_path, fan_out(60)) is not None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<g id="a">\n<use href="#a"/></g>', "line 3: a <use> refers to '#a', which contains it"),
        ('<use id="u" href="#v"/>\n<use id="v" href="#u"/>', "line 3: a <use> refers to '#u'"),
        ('<use id="u" href="#u"/>', "line 2: a <use> refers to '#u', which contains it (a cycle)"),
    ],
)
def test_a_use_cycle_is_refused(tmp_path, body: str, message: str) -> None:
    found = problem(tmp_path, HEAD + body + "</svg>")
    assert found is not None
    assert found.startswith(message)


def test_nesting_is_bounded_in_the_file_and_through_use(tmp_path) -> None:
    deep = HEAD + "<g>" * 30 + "</g>" * 30 + "</svg>"
    assert problem(tmp_path, deep) == "line 2: nested more than 24 deep (the limit)"
    chain = "".join(f'<g id="g{i}">\n<use href="#g{i + 1}"/></g>' for i in range(40))
    found = problem(tmp_path, HEAD + chain + '<g id="g40"/></svg>')
    assert found is not None
    assert "nested more than 24 deep with its <use> resolved (the limit)" in found


def test_too_many_elements_stop_the_parse(tmp_path) -> None:
    found = problem(tmp_path, HEAD + "<rect/>\n" * 600 + "</svg>")
    assert found == "line 501: more than 500 elements (the limit)"


@pytest.mark.parametrize(
    "body",
    [
        '<filter id="f">\n<feGaussianBlur stdDeviation="9"/></filter>',
        '<rect filter="url(#f)"/>',
        '<rect style="fill: red; filter: url(#f)"/>',
    ],
)
def test_filters_are_refused(tmp_path, body: str) -> None:
    found = problem(tmp_path, HEAD + body + "</svg>")
    assert found is not None
    assert "filters are not allowed" in found


def test_a_style_sheet_cannot_mask_everything(tmp_path) -> None:
    found = problem(tmp_path, HEAD + "<style>rect { mask: url(#m) }</style></svg>")
    assert found == "line 2: a <style> sheet may not apply masks or filters"


def test_masks_count_their_copies(tmp_path) -> None:
    two = '<mask id="m"/><g id="x"><rect mask="url(#m)"/><rect style="mask:url(#m)"/></g>'
    assert problem(tmp_path, HEAD + two + '<use href="#x"/></svg>') is None
    found = problem(tmp_path, HEAD + two + '<use href="#x"/><use href="#x"/></svg>')
    assert found == (
        "line 1: <svg> draws 6 elements through a mask with its <use> resolved; the limit is 4"
    )


def test_path_data_counts_its_copies(tmp_path) -> None:
    path = '<path id="p" d="' + "L1 1 " * 2_500 + '"/>'  # 12,500 characters
    assert problem(tmp_path, HEAD + path + "</svg>") is None
    found = problem(tmp_path, HEAD + path + '<use href="#p"/></svg>')
    assert found == (
        "line 1: <svg> draws 25,000 characters of path data with its <use> resolved; "
        "the limit is 20,000"
    )


def test_gradient_stops_are_bounded(tmp_path) -> None:
    stops = '<stop offset="0"/>\n' * 300
    found = problem(tmp_path, HEAD + f'<linearGradient id="g">{stops}</linearGradient></svg>')
    assert found == "line 258: more than 256 gradient stops (the limit)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEAD + "<script>x</script></svg>", "line 2: SVG may not contain <script>"),
        (HEAD + '<rect onclick="x"/></svg>', "line 2: SVG may not contain event handlers"),
        (HEAD + '<image href="https://x.example/a.png"/></svg>', "line 2: SVG may not refer"),
        (HEAD + '<rect fill="url(other.svg#g)"/></svg>', "line 2: SVG may not refer"),
        (HEAD + '<rect fill="url(#a) url(https://x.example/)"/></svg>', "line 2: SVG may not"),
        (HEAD + "<style>@import 'https://x.example/a.css';</style></svg>", "line 2: SVG may not"),
        (HEAD + "<style>rect { fill: url( 'b.svg#g') }</style></svg>", "line 2: SVG may not"),
        ('<!DOCTYPE svg [<!ENTITY a "a">]><svg>&a;</svg>', "SVG refused: DTDForbidden"),
        ("<svg", "not a well-formed SVG (line 1"),
        ("<html/>", "line 1: not an SVG image"),
    ],
)
def test_what_was_refused_before_still_is(tmp_path, text: str, message: str) -> None:
    found = problem(tmp_path, text)
    assert found is not None
    assert found.startswith(message)


def _pictures() -> list[Path]:
    found = sorted(paths.default_pack_dir().rglob("*.svg")) + sorted(
        paths.assets_dir().rglob("*.svg")
    )
    assert len(found) > 30
    return found


def test_the_default_pictures_pass_with_ten_times_headroom(monkeypatch) -> None:
    """Limits ten times tighter still let every picture of the default pack and the app through."""
    for name in ("ELEMENTS", "PATH_CHARS", "GRADIENT_STOPS"):
        full = getattr(limits, f"MAX_SVG_{name}")
        monkeypatch.setattr(svg, f"MAX_SVG_{name}", full // 10)
    monkeypatch.setattr(svg, "MAX_SVG_DEPTH", limits.MAX_SVG_DEPTH // 4)  # 6 levels
    monkeypatch.setattr(svg, "MAX_SVG_MASKED", 0)
    for picture in _pictures():
        assert svg_problem(picture) is None, picture


def test_an_id_given_twice_is_refused(tmp_path) -> None:
    """Measured against the first, drawn with the last: a benign twin could hide a fan-out."""
    found = problem(tmp_path, HEAD + '<g id="a"/>\n<g id="a"><rect/></g></svg>')
    assert found == "line 3: id 'a' is also on line 2"


def test_local_references_stay_allowed(tmp_path) -> None:
    text = (
        HEAD + '<linearGradient id="g"><stop offset="0"/></linearGradient>'
        "<style>rect { fill: url( '#g') }</style>"
        '<rect fill="url(#g)" stroke="url( #g)"/><use href="#g"/></svg>'
    )
    assert problem(tmp_path, text) is None


def decoyed_fan_out(levels: int, first: str, second: str) -> str:
    """The reviewer's fan9.svg: each <use> names a fan-out target once and a harmless one once."""
    lines = [HEAD.replace("<svg ", f"<svg {XLINK} "), '<defs><g id="z"/><rect id="a0"/>']
    for level in range(1, levels + 1):
        use = f'<use {first}="#a{level - 1}" {second}="#z"/>'
        lines.append(f'<g id="a{level}">' + use * 10 + "</g>")
    lines.append(f'</defs><use {first}="#a{levels}" {second}="#z"/></svg>')
    return "\n".join(lines)


@pytest.mark.parametrize(("first", "second"), [("xlink:href", "href"), ("href", "xlink:href")])
def test_a_use_with_two_hrefs_is_refused(tmp_path, first: str, second: str) -> None:
    """QtSvg draws xlink:href, a validator keeping the last attribute measured the decoy."""
    found = problem(tmp_path, decoyed_fan_out(9, first, second))
    assert found == "line 4: an element may have only one href (xlink:href or href)"


def test_an_element_with_id_and_xml_id_is_refused(tmp_path) -> None:
    """QtSvg takes id over xml:id: a <use> of the other name was measured empty, drawn full."""
    text = fan_out(2).replace('<g id="a2">', '<g id="a2" xml:id="other">')
    assert problem(tmp_path, text) == "line 5: an element may have only one id (id or xml:id)"


def test_an_href_in_another_namespace_is_refused(tmp_path) -> None:
    text = HEAD.replace("<svg ", '<svg xmlns:o="urn:other" ') + '<use o:href="#a"/></svg>'
    assert (
        problem(tmp_path, text)
        == "line 2: an href in namespace 'urn:other' (only xlink:href or href)"
    )


def test_an_xml_id_is_a_target_as_for_qt(tmp_path) -> None:
    """An element with only xml:id is what QtSvg finds under that name: its fan-out counts."""
    assert problem(tmp_path, fan_out(9).replace(' id="', ' xml:id="')) == (
        "line 6: <g> draws 2,221 elements with its <use> resolved; the limit is 500"
    )


def test_validate_and_install_refuse_the_decoyed_fan_out(run_cli, store, packs) -> None:
    """The reviewer's fan9.svg passed `pack validate`; QSvgRenderer drew it for over 30 s."""
    folder = packs.folder("2.0.0")
    (folder / "images" / "dot.svg").write_text(decoyed_fan_out(9, "xlink:href", "href"))
    said = "'images/dot.svg': line 4: an element may have only one href (xlink:href or href)"
    checked = run_cli("pack", "validate", folder)
    assert checked.code == 1
    assert said in checked.err
    installed = run_cli("pack", "install", packs.kpack(folder))
    assert installed.code == 1
    assert said in installed.err
    assert store.live_pack() is None
