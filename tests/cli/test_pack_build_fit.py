"""`kiosk pack build` renders the pack and refuses text that does not fit, naming its file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.intake.sources import read_sources

pytestmark = pytest.mark.slow  # renders or a child process: scheduled first

# Within the validator's 60 characters, but far too wide for a headline at 1080 px.
WIDE = "WWWWWWWWWWWWWWWW MMMMMMMMMMMMMMMMM WWWWWWWWWWWWWWWWWWWWWWWW"

EXTRA_SLIDES = f"""\
- id: fine
  venues: [any]
  headline: {{en: "Short", es: "Corto"}}
  body: {{en: "A body.", es: "Un texto."}}
- id: too-wide
  venues: [any]
  headline:
    en: "Fits"
    es: "{WIDE}"
  body: {{en: "A body.", es: "Un texto."}}
"""


def test_build_refuses_text_that_does_not_fit_and_names_its_line(
    run_cli, packs, tmp_path: Path
) -> None:
    folder = packs.folder()
    (folder / "slides").mkdir()
    (folder / "slides" / "transit.yaml").write_text(EXTRA_SLIDES, encoding="utf-8")
    out = tmp_path / "out.kpack"
    result = run_cli("pack", "build", folder, "--key", packs.root / "author.key", "-o", out)
    assert result.code == 1, result.err
    assert not out.exists()
    lines = result.err.strip().splitlines()
    assert lines[0].startswith(
        "slides/transit.yaml:9: [1].headline.es: text does not fit at 1920x1080 and 1080x1920 "
        "(screen too-wide, es)"
    ), lines
    assert lines[-1] == "1 problem in 1 file: no archive written"
    assert not any("headline:" in line or "lessonMinutes" in line for line in lines)


def test_build_writes_the_archive_when_everything_fits(
    run_cli, packs, tmp_path: Path, home: Path
) -> None:
    home.mkdir()
    out = tmp_path / "ok.kpack"
    result = run_cli("pack", "build", packs.folder(), "--key", packs.root / "author.key", "-o", out)
    assert result.code == 0, result.err
    assert out.is_file()
    # Neither build nor the `pack fit` it runs writes in the home: root may run them as itself
    # (cli.HOMELESS_COMMANDS).
    assert list(home.iterdir()) == []


def test_sources_name_the_field_a_screen_text_shows(packs) -> None:
    folder = packs.folder()
    (folder / "slides").mkdir()
    (folder / "slides" / "transit.yaml").write_text(EXTRA_SLIDES, encoding="utf-8")
    sources = read_sources(folder)
    found = sources.locate(WIDE, "es", ("slides", "too-wide"))
    assert found is not None
    assert (found.file, found.line, found.field) == ("slides/transit.yaml", 9, "[1].headline.es")
    # The kiosk's own words around a pack text still point at the pack text.
    card = sources.locate("Right answer: Yes", "en", ("lessons", "basics"), ("questions", 0))
    assert card is not None
    assert card.field == "[0].questions[0].choices[0].text.en"
    # A text in pack.yaml, with no slide to prefer.
    hotline = sources.locate("1-800-THE-LOST", "en")
    assert hotline is not None
    assert (hotline.file, hotline.field) == ("pack.yaml", "hotlines[0].display")
    assert sources.locate("Lessons", "en") is None
    # A number of the lesson on screen, among the kiosk's words.
    minutes = sources.locate("1 min", "en", ("lessons", "basics"))
    assert minutes is not None
    assert (minutes.file, minutes.field) == ("lessons/basics.yaml", "[0].minutes")
    assert sources.locate("1 min", "en") is None
    assert sources.items[("slides", "first")].line == 22
