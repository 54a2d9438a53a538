"""``kiosk snapshot --language es``: every screen in Spanish, fitting at both screen shapes."""

import json
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.content.model import Pack


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920"])
def test_every_spanish_screen_fits(qapp, tmp_path: Path, default_pack: Pack, size: str) -> None:
    out = tmp_path / "shots"
    home = tmp_path / "home"
    argv = ["--home", str(home), "snapshot", "--out", str(out), "--size", size, "--language", "es"]
    code = cli.main(argv)
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    overflow = {s["id"]: s["overflow"] for s in index["screens"] if s["overflow"]}
    assert code == 0, overflow
    assert index["language"] == "es"
    kinds = {s["kind"] for s in index["screens"]}
    assert {"slide", "lesson-menu", "lesson-card", "idle-countdown", "quick-exit"} <= kinds
    assert len([s for s in index["screens"] if s["kind"] == "slide"]) == len(default_pack.slides)
    assert (out / "contact-sheet.png").is_file()
