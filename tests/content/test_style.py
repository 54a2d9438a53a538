"""Straight quotes in shown text are noted for the author (file, line, field), never refused."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.common import paths
from kiosk.content.style import quote_notes
from tests import FIXTURES_DIR

FIXTURE = FIXTURES_DIR / "minimal_pack"


def _pack(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE, folder)
    main = folder / "pack.yaml"
    text = main.read_text()
    assert old in text
    main.write_text(text.replace(old, new, 1))
    return folder


def test_the_default_pack_has_no_straight_quotes() -> None:
    assert quote_notes(paths.default_pack_dir()) == []


def test_a_straight_quote_is_named_with_its_file_line_and_field(tmp_path: Path) -> None:
    folder = _pack(tmp_path, 'en: "Notice the signs"', 'en: "Notice the child\'s signs"')
    notes = quote_notes(folder)
    assert [(n.file, n.line, n.field) for n in notes] == [
        ("pack.yaml", 25, "slides[0].headline.en")
    ]
    assert "(\u201c \u201d \u2019)" in notes[0].message


def test_spanish_text_is_advised_in_its_own_style(tmp_path: Path) -> None:
    folder = _pack(tmp_path, 'es: "Fíjese en las señales"', "es: 'Fíjese en las \"señales\"'")
    notes = quote_notes(folder)
    assert [n.field for n in notes] == ["slides[0].headline.es"]
    assert "\u00ab \u00bb" in notes[0].message


def test_ids_links_and_file_names_are_not_texts(tmp_path: Path) -> None:
    """Only strings under a language code are shown text; a quote elsewhere is not this note's."""
    folder = _pack(
        tmp_path, 'title: {en: "Test pack"', '# it\'s a comment\ntitle: {en: "Test pack"'
    )
    assert quote_notes(folder) == []


def test_an_unreadable_pack_gives_no_notes(tmp_path: Path) -> None:
    assert quote_notes(tmp_path / "missing") == []


def test_pack_validate_prints_the_note_and_still_passes(run_cli, tmp_path: Path) -> None:
    folder = _pack(tmp_path, 'en: "Notice the signs"', 'en: "Notice the child\'s signs"')
    result = run_cli("pack", "validate", folder)
    assert result.code == 0, result.err
    assert result.err.startswith("note: pack.yaml:25: slides[0].headline.en: straight quotes")
