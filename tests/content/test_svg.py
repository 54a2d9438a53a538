"""kiosk.content.svg: a pack's SVG is bounded in what it expands to when drawn (issue 23)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.common import paths
from kiosk.content import limits, svg
from kiosk.content.svg import svg_problem
from kiosk.content.svgshape import path_length, transform_scale

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256">\n'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def fan_out(levels: int, href: str = "href") -> str:
    """The "billion laughs" of SVG: each level draws ten copies of the one below."""
    lines = [HEAD.replace("<svg ", f"<svg {XLINK} "), '<defs><path id="a0" d="M10 10 L12 12"/>']
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
        for name in ("ELEMENTS", "PATH_CHARS", "OUTLINE", "OUTLINE_SQUARED", "DASHES"):
            patch.setattr(svg, f"MAX_SVG_{name}", 10**70)
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


def test_the_default_pictures_pass_with_headroom(monkeypatch) -> None:
    """Limits five to ten times tighter still let every default pack and app picture through."""
    for name in ("ELEMENTS", "PATH_CHARS", "GRADIENT_STOPS"):
        full = getattr(limits, f"MAX_SVG_{name}")
        monkeypatch.setattr(svg, f"MAX_SVG_{name}", full // 10)
    # Less headroom where the measure is of shapes: the icons' outlines reach 10.8 picture sizes
    # (of 100), 40 squared and summed (of 256), their strokes 0.125 of the picture (of 1).
    monkeypatch.setattr(svg, "MAX_SVG_OUTLINE", limits.MAX_SVG_OUTLINE / 9)
    monkeypatch.setattr(svg, "MAX_SVG_OUTLINE_SQUARED", limits.MAX_SVG_OUTLINE_SQUARED / 5)
    monkeypatch.setattr(svg, "MAX_SVG_STROKE", limits.MAX_SVG_STROKE / 7)
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


def strokes(segments: int, attributes: str = 'stroke="#000"') -> str:
    """One polyline whose segments cross the whole picture: the reviewer's fatstroke.svg."""
    points = " ".join(f"{(i * 37) % 256},{0 if i % 2 else 256}" for i in range(segments + 1))
    return f'{HEAD}<polyline fill="none" {attributes} points="{points}"/></svg>'


def test_a_long_outline_is_refused_whatever_its_stroke_width(tmp_path) -> None:
    """fatstroke.svg's 2,000 crossing segments drew for 5.8 s at stroke width 1 as at 1e5."""
    assert problem(tmp_path, strokes(10)) is None
    found = problem(tmp_path, strokes(2_000))
    assert found is not None
    assert found.startswith("line 2: <polyline> draws outlines too long: ")
    assert found.endswith("the limit is 256")


def test_outlines_count_their_copies_and_transforms(tmp_path) -> None:
    line = '<line id="l" x1="0" y1="0" x2="0" y2="256" stroke="#000"/>'
    assert problem(tmp_path, HEAD + line + '<use href="#l"/>' * 98 + "</svg>") is None
    found = problem(tmp_path, HEAD + line + '<use href="#l"/>' * 100 + "</svg>")
    assert found == (
        "line 1: <svg> draws outlines 101.0 times the picture's size (its viewBox) long with "
        "its <use> resolved; the limit is 100"
    )
    magnified = HEAD + '<g transform="scale(17)">\n<path d="M0 0H256"/></g></svg>'
    found = problem(tmp_path, magnified)
    assert found is not None
    assert found.startswith("line 3: <path> draws outlines too long: 289.0")


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ('<polyline points="0,0 9,9" stroke="#000" stroke-width="1e5"/>', 2),
        ('<g stroke-width="200">\n<g transform="scale(2)"><path d="M0 0h1"/></g></g>', 2),
        ('<path style="stroke-width: 300px" d="M0 0h1"/>', 2),
        ("<style>path { stroke-width: 3in }</style><path d='M0 0h1'/>", 1),
    ],
)
def test_a_stroke_wider_than_the_picture_is_refused(tmp_path, body: str, line: int) -> None:
    found = problem(tmp_path, HEAD + body + "</svg>")
    assert found is not None
    assert found.startswith(f"line {line}: ")
    assert "times as wide as the picture's size (its viewBox); the limit is 1" in found


def test_a_dash_pattern_is_bounded_by_the_outline_it_dashes(tmp_path) -> None:
    """fatdash.svg: a dash pattern of 0.01 on a long polyline drew for minutes."""
    circle = '<circle r="100" stroke="#000" stroke-dasharray="{}"/>'
    assert problem(tmp_path, HEAD + circle.format("4 4") + "</svg>") is None
    found = problem(tmp_path, HEAD + "\n" + circle.format("0.1") + "</svg>")
    assert found == "line 3: a dash pattern 0.1 long draws up to 6,283 dashes; the limit is 2,000"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<path d="M0 0 L1e400 0"/>', "line 2: a number too large to draw"),
        ('<circle r="1e7"/>', "line 2: <circle> draws outlines 245,436.9 times the picture's"),
        ('<g transform="scale(1e300) scale(1e300)"/>', "line 2: a number too large to draw"),
        ('<g transform="squash(2)"/>', "line 2: a transform that cannot be read"),
        ('<symbol id="s" viewBox="0 0 1 1"/>', "line 2: <symbol>: a viewBox inside the picture"),
        ('<marker id="m"/>', "line 2: SVG may not contain <marker>"),
        ('<pattern id="p"/>', "line 2: SVG may not contain <pattern>"),
    ],
)
def test_huge_numbers_and_unmeasured_scaling_are_refused(tmp_path, body: str, message: str) -> None:
    found = problem(tmp_path, HEAD + body + "</svg>")
    assert found is not None
    assert found.startswith(message), found


def test_the_picture_size_is_its_viewbox(tmp_path) -> None:
    tiny = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0.0001 0.0001">'
    found = problem(tmp_path, tiny + '<rect width="1" height="1"/></svg>')
    assert found is not None
    assert found.startswith("line 1: <rect> draws outlines 40,000.0 times the picture's size")
    bad = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 -1 5"></svg>'
    assert problem(tmp_path, bad) == "line 1: a viewBox that cannot be read ('0 0 -1 5')"


@pytest.mark.parametrize(
    ("data", "bound"),
    [
        ("M0 0 H10 V10 Z", 20 + 200**0.5),
        ("m0 0 l3 4", 5.0),
        ("M0 0 3 4 6 8", 10.0),  # pairs after a move are lines
        ("M0 0 C 0 10 10 10 10 0", 30.0),  # a curve by its control polygon
        ("M0 0 a5 5 0 1010 0", 2 * 3.141592653589793 * 10),  # flags without separators
        ("M0 0 L3 4 nonsense L100 100", 5.0),  # QtSvg stops at what it cannot read
    ],
)
def test_path_lengths_are_upper_bounds(data: str, bound: float) -> None:
    assert path_length(data) == pytest.approx(bound)


def test_transform_scales() -> None:
    assert transform_scale("") == 1.0
    assert transform_scale("rotate(-10 128 128) translate(3)") == 1.0
    assert transform_scale("scale(2, 3) scale(2)") == 6.0
    assert transform_scale("matrix(3 0 0 4 9 9)") == 5.0
