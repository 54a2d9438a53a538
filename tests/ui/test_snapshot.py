"""``kiosk snapshot`` in this process: every screen at three sizes, and what it cleans up.

The three sizes share one process (and one QApplication), instead of starting the program
three times; the command line is still the way in, so its options are tested too.
"""

import json
from pathlib import Path

import zxingcpp
from PIL import Image

from kiosk import cli
from kiosk.content.model import Pack
from kiosk.render.snapshot import remove_previous

SIZES = ((1920, 1080), (1080, 1920), (1280, 720))
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


def test_every_screen_at_every_size_fits_and_every_qr_scans(
    qapp, tmp_path: Path, default_pack: Pack
) -> None:
    slides = {s.id: s for s in default_pack.slides}
    for width, height in SIZES:
        size = f"{width}x{height}"
        out = tmp_path / size
        code = cli.main(
            ["--home", str(tmp_path / "home"), "snapshot", "--out", str(out), "--size", size]
        )
        assert code == 0, f"{size}: a text does not fit or the screen did not start"
        index = json.loads((out / "index.json").read_text())
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
