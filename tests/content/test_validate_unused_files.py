"""Packs carry what they use: files no slide, lesson or publisher uses are named by `pack
validate` and left out of the archive `pack build` writes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from kiosk.content.loader import load_pack
from kiosk.content.validate import unused_files
from tests import FIXTURES_DIR

FIXTURE = FIXTURES_DIR / "minimal_pack"


def test_unused_files_are_those_nothing_names_and_the_loader_never_reads() -> None:
    pack = load_pack(FIXTURE)  # one slide with images/dot.svg, one lesson in lessons/
    names = [
        "pack.yaml",
        "lessons/basics.yaml",
        "slides/more.yaml",  # read by the loader, even when it holds no slide
        "images/dot.svg",
        "images/old-poster.png",
        "images/dot-draft.svg",
        "pack.schema.json",  # an editor's aid: a kiosk never reads it
        "slides/notes.txt",
        "slides/old/transit.yaml",  # the loader reads slides/*.yaml, not below
        "lessons/basics.yml",  # nor another ending
        "README.md",
    ]
    assert unused_files(pack, names) == [
        "README.md",
        "images/dot-draft.svg",
        "images/old-poster.png",
        "lessons/basics.yml",
        "pack.schema.json",
        "slides/notes.txt",
        "slides/old/transit.yaml",
    ]


def test_every_kind_of_picture_reference_counts_as_use(packs) -> None:
    folder = packs.folder()
    for name in ("icon.svg", "card.svg", "logo.svg"):
        (folder / "images" / name).write_bytes((folder / "images" / "dot.svg").read_bytes())
    packs.replace(folder, "lessons/basics.yaml", "icon: images/dot.svg", "icon: images/icon.svg")
    packs.replace(
        folder, "lessons/basics.yaml", "- headline:", "- image: ./images/card.svg\n      headline:"
    )
    packs.replace(
        folder,
        "pack.yaml",
        "hotlines:",
        'publisher: {name: {en: "A publisher", es: "Un editor"}, logo: images/logo.svg}\nhotlines:',
    )
    pack = load_pack(folder)
    names = ["pack.yaml", "lessons/basics.yaml"] + [
        f"images/{n}" for n in ("dot.svg", "icon.svg", "card.svg", "logo.svg")
    ]
    assert unused_files(pack, names) == []


def unused_pack(packs) -> Path:
    """The minimal pack plus 3 MB of a poster, an SVG and a note that nothing uses."""
    folder = packs.folder()
    (folder / "images" / "old-poster.png").write_bytes(b"\x89PNG" + bytes(3_000_000))
    (folder / "images" / "draft.svg").write_bytes((folder / "images" / "dot.svg").read_bytes())
    (folder / "notes.txt").write_text("to do\n", encoding="utf-8")
    return folder


def test_validate_warns_of_each_unused_file_and_still_passes(run_cli, packs) -> None:
    folder = unused_pack(packs)
    result = run_cli("pack", "validate", folder)
    assert result.code == 0, result.err
    assert "valid pack test-pack" in result.out
    warnings = [line for line in result.err.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        "warning: images/draft.svg (108 bytes): no slide, lesson or publisher uses this file; "
        "pack build leaves it out",
        "warning: images/old-poster.png (3.0 MB): no slide, lesson or publisher uses this file; "
        "pack build leaves it out",
        "warning: notes.txt (6 bytes): no slide, lesson or publisher uses this file; "
        "pack build leaves it out",
        "warning: 3 files no slide, lesson or publisher uses, 3.0 MB in all",
    ]
    # The JSON list is of problems; a warning is not one.
    result = run_cli("pack", "validate", "--json", folder)
    assert (result.code, json.loads(result.out)) == (0, [])
    assert "warning: images/old-poster.png" in result.err


def test_validate_of_a_kpack_names_what_it_carries_for_nothing(run_cli, packs) -> None:
    kpack = packs.kpack(unused_pack(packs))  # signed as it is, unused files included
    result = run_cli("pack", "validate", kpack)
    assert result.code == 0, result.err
    assert (
        "warning: images/old-poster.png (3.0 MB): no slide, lesson or publisher uses this file; "
        "pack build would leave it out" in result.err.splitlines()
    )
    assert "MANIFEST" not in result.err  # the signature files are the archive's own


def test_a_used_pack_has_no_warning(run_cli, packs) -> None:
    result = run_cli("pack", "validate", packs.folder())
    assert result.code == 0, result.err
    assert "warning" not in result.err


def test_build_leaves_unused_files_out_and_says_so(run_cli, packs, tmp_path: Path) -> None:
    folder = unused_pack(packs)
    assert run_cli("keys", "new", tmp_path / "acme").code == 0
    out = tmp_path / "acme.kpack"
    result = run_cli("pack", "build", folder, "--key", tmp_path / "acme.key", "-o", out)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "left out images/old-poster.png (3.0 MB): no slide, lesson or publisher uses it" in lines
    assert "left out images/draft.svg (108 bytes): no slide, lesson or publisher uses it" in lines
    assert "left out notes.txt (6 bytes): no slide, lesson or publisher uses it" in lines
    assert "3 files; left out 3 unused (3.0 MB), signed by key" in lines[-1]
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == [
            "MANIFEST",
            "MANIFEST.sig",
            "images/dot.svg",
            "lessons/basics.yaml",
            "pack.yaml",
        ]
    assert out.stat().st_size < 100_000
    # What was written is a valid pack, with nothing left to warn about.
    result = run_cli("pack", "validate", out)
    assert result.code == 0, result.err
    assert "warning" not in result.err
