"""Loader problems: every one at once, each naming file, line and field."""

import shutil
from pathlib import Path

import pytest

from kiosk.common import paths
from kiosk.common.problems import PackError
from kiosk.content.loader import load_pack


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(paths.default_pack_dir(), target)
    return target


def problems(root: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(root)
    return [str(p) for p in caught.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_reports_all_problems_with_file_line_and_field(pack_dir: Path) -> None:
    edit(pack_dir / "pack.yaml", "id: us-awareness", "id: us-awareness\ncolour: red")
    first_slides = sorted((pack_dir / "slides").glob("*.yaml"))[0]
    text = first_slides.read_text()
    first_slides.write_text(text.replace("venues: [", "venues: [moon, ", 1))
    found = problems(pack_dir)
    assert any(
        p.startswith("pack.yaml:2: : unknown field 'colour'")
        or ("pack.yaml:" in p and "unknown field 'colour'" in p)
        for p in found
    )
    assert any(f"slides/{first_slides.name}:" in p and "'moon' is not one of" in p for p in found)


def test_missing_image_names_the_field(pack_dir: Path) -> None:
    image = sorted((pack_dir / "images").glob("*.svg"))[0]
    image.unlink()
    found = problems(pack_dir)
    assert any(
        (f"file 'images/{image.name}' is missing" in p and ".image" in p) or ".icon" in p
        for p in found
    )


def test_missing_language_text(pack_dir: Path) -> None:
    edit(pack_dir / "pack.yaml", "languages: [en, es]", "languages: [en, es, vi]")
    assert any("no 'vi' text" in p for p in problems(pack_dir))


def test_phishing_link_is_refused(pack_dir: Path) -> None:
    edit(
        pack_dir / "pack.yaml",
        "https://connect.missingkids.org",
        "https://connect.missingkids.org.evil.example",
    )
    assert any("not on this kiosk's allow-list" in p for p in problems(pack_dir))


def test_plain_http_link_is_refused(pack_dir: Path) -> None:
    edit(
        pack_dir / "pack.yaml", "https://connect.missingkids.org", "http://connect.missingkids.org"
    )
    assert any("must start with https://" in p for p in problems(pack_dir))


def test_missing_pack_yaml(tmp_path: Path) -> None:
    assert problems(tmp_path) == ["pack.yaml:0: pack.yaml is missing"]


def test_markup_is_reported_together_with_shape_problems(pack_dir: Path) -> None:
    edit(pack_dir / "pack.yaml", "id: us-awareness", "id: us-awareness\ncolour: red")
    slides = sorted((pack_dir / "slides").glob("*.yaml"))[0]
    text = slides.read_text()
    slides.write_text(text.replace('headline: {en: "', 'headline: {en: "<b>Look</b> ', 1))
    found = problems(pack_dir)
    assert any("unknown field 'colour'" in p for p in found)
    assert any(f"slides/{slides.name}:" in p and "markup" in p for p in found)
