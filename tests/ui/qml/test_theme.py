"""Theme.qml's colours reach WCAG contrast: 4.5:1 for text, 3:1 for the outline of a control.

Computed from the file itself (no Qt), so a colour change that loses contrast fails here.
"""

from __future__ import annotations

import re

import pytest

from kiosk.common import paths

THEME = paths.qml_dir() / "Kiosk" / "Theme.qml"
HEX = r'"#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})"'
# `name: "#normal"`, or `name: highContrast ? "#contrast" : "#normal"` (accessibility mode).
COLOR = re.compile(r"readonly property color (\w+): (?:highContrast \? " + HEX + " : )?" + HEX)

TEXT = 4.5  # WCAG 1.4.3, text at any size
HIGH = 7.0  # WCAG 1.4.6 (AAA): the high-contrast palette's text
NON_TEXT = 3.0  # WCAG 1.4.11, the boundary of a control


def theme_colors(high_contrast: bool = False) -> dict[str, str]:
    """Every ``readonly property color`` of Theme.qml, as RRGGBB (an alpha byte dropped), in the
    normal palette or the high-contrast one (a colour without a high-contrast value is in both)."""
    found = COLOR.findall(THEME.read_text(encoding="utf-8"))
    return {name: (hc if high_contrast and hc else normal)[-6:] for name, hc, normal in found}


def luminance(rgb: str) -> float:
    """WCAG 2 relative luminance of an RRGGBB colour."""
    channels = [int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_of_known_pairs() -> None:
    assert contrast("FFFFFF", "000000") == pytest.approx(21.0)
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)


PAIRS = [
    # (foreground, background, minimum): where the screens draw one on the other.
    ("text", "background", TEXT),
    ("textSecondary", "background", TEXT),
    ("accent", "background", TEXT),  # the text hotline, lesson minutes
    ("right", "background", TEXT),  # the verdict
    ("wrong", "background", TEXT),
    ("text", "surface", TEXT),  # button labels, answers
    ("textSecondary", "surface", TEXT),
    ("accent", "surface", TEXT),
    ("accentInk", "accent", TEXT),  # Exit, the tap hint
    ("accentInk", "right", TEXT),  # a right answer's text on its fill
    ("accentInk", "wrong", TEXT),
    ("text", "cover", TEXT),
    ("outline", "background", NON_TEXT),  # answer buttons and lesson tiles
    ("outline", "surface", NON_TEXT),
    ("text", "surface", NON_TEXT),  # the keyboard focus outline
]


@pytest.mark.parametrize(("fg", "bg", "minimum"), PAIRS)
def test_theme_pair_reaches_wcag_contrast(fg: str, bg: str, minimum: float) -> None:
    colors = theme_colors()
    ratio = contrast(colors[fg], colors[bg])
    assert ratio >= minimum, f"{fg} on {bg}: {ratio:.2f}:1, needs {minimum}:1"


@pytest.mark.parametrize(("fg", "bg", "minimum"), PAIRS)
def test_high_contrast_pair_reaches_7_to_1_for_text(fg: str, bg: str, minimum: float) -> None:
    colors = theme_colors(high_contrast=True)
    needed = HIGH if minimum == TEXT else minimum
    ratio = contrast(colors[fg], colors[bg])
    assert ratio >= needed, f"high contrast: {fg} on {bg}: {ratio:.2f}:1, needs {needed}:1"


def test_high_contrast_palette_differs_and_covers_every_colour() -> None:
    normal, high = theme_colors(), theme_colors(high_contrast=True)
    assert normal.keys() == high.keys()
    assert len(normal) >= 12
    assert (high["background"], high["text"]) == ("000000", "FFFFFF")


def test_answer_outline_is_not_the_faint_track() -> None:
    colors = theme_colors()
    assert contrast(colors["track"], colors["background"]) < NON_TEXT  # why `outline` exists
    for page in ("QuestionView.qml", "LessonMenu.qml"):
        text = (THEME.parent / page).read_text(encoding="utf-8")
        assert "Theme.outline" in text
        assert "Theme.track" not in text, page
