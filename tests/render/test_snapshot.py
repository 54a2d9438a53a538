"""``kiosk snapshot`` in this process: every screen at three sizes and in every language.

The renders are shared (tests/render/conftest.py): the Spanish one at 1920x1080 is read by the
fit check and the WCAG check alike. The command line is still the way in, so its options are
tested too; accessibility mode is in test_wcag.py.
"""

import json
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.content.model import Pack
from kiosk.render.snapshot import remove_previous
from tests.render.conftest import Snapshots

pytestmark = pytest.mark.slow  # renders or a child process: scheduled first

SIZES = ("1920x1080", "1080x1920", "1280x720")
KINDS = {
    "slide",
    "lesson-menu",
    "lesson-card",
    "lesson-question",
    "lesson-question-right",
    "lesson-question-wrong",
    "lesson-end",
    "idle-countdown",
    "quick-exit",
    "staff-pin",
    "staff-panel",
    "staff-notice",
}


@pytest.mark.parametrize("size", SIZES)
def test_every_screen_fits_and_every_qr_scans(
    snapshots: Snapshots, default_pack: Pack, size: str
) -> None:
    slides = {s.id: s for s in default_pack.slides}
    width, height = map(int, size.split("x"))
    shot = snapshots(size)
    assert shot.code == 0, f"{size}: a text does not fit or the screen did not start"
    out, index = shot.out, shot.index
    assert index["size"] == [width, height]
    assert (out / "contact-sheet.png").is_file()
    assert {s["kind"] for s in index["screens"]} >= KINDS
    shown = [s for s in index["screens"] if s["kind"] == "slide"]
    assert len(shown) >= 12
    for screen in index["screens"]:
        assert (out / screen["file"]).is_file()
        assert screen["overflow"] == [], (width, height, screen["id"])
        assert isinstance(screen["venue"], list)
        if screen["kind"].startswith("lesson-") and screen["kind"] != "lesson-menu":
            assert screen["id"].startswith(screen["lesson"] + "/")
    # Every slide's QR scans to its pack link, from the PNG an author would look at.
    for screen in shown:
        decoded = {r.text for r in zxingcpp.read_barcodes(Image.open(out / screen["file"]))}
        assert default_pack.links[slides[screen["id"]].qr].url in decoded, screen["id"]


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920"])
def test_every_spanish_screen_fits(snapshots: Snapshots, default_pack: Pack, size: str) -> None:
    shot = snapshots(size, language="es")
    overflow = {s["id"]: s["overflow"] for s in shot.screens if s["overflow"]}
    assert shot.code == 0, overflow
    assert shot.index["language"] == "es"
    kinds = {s["kind"] for s in shot.screens}
    assert {"slide", "lesson-menu", "lesson-card", "idle-countdown", "quick-exit"} <= kinds
    assert len([s for s in shot.screens if s["kind"] == "slide"]) == len(default_pack.slides)
    assert (shot.out / "contact-sheet.png").is_file()


def test_every_other_language_meets_wcag(snapshots: Snapshots, default_pack: Pack) -> None:
    """Contrast and touch targets on the rendered pixels (the first language: above)."""
    for language in default_pack.languages[1:]:
        shot = snapshots("1920x1080", language=language)
        assert shot.failures() == [], language
        assert shot.code == 0, language
        assert shot.index["language"] == language


def test_remove_previous_deletes_only_what_its_index_lists(tmp_path: Path) -> None:
    ours = ["slide-a.png", "lesson-x-end.png"]
    for name in [*ours, "holiday.png", "notes.txt", "contact-sheet.png"]:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.png").write_bytes(b"x")
    listed = [*ours, "notes.txt", "sub/deep.png", "../outside.png"]
    index = {"screens": [{"file": name} for name in listed]}
    (tmp_path / "index.json").write_text(json.dumps(index))

    remove_previous(tmp_path)

    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    # Not a PNG or JSON, or not directly in the folder: not something snapshot wrote.
    assert left == ["holiday.png", "notes.txt", "sub", "sub/deep.png"]


def test_remove_previous_without_a_readable_index_deletes_nothing(tmp_path: Path) -> None:
    (tmp_path / "slide-a.png").write_bytes(b"x")
    (tmp_path / "index.json").write_text("not json")
    remove_previous(tmp_path)
    assert (tmp_path / "slide-a.png").is_file()
