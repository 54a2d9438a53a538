"""``kiosk snapshot --language es``: every screen in Spanish, fitting at both screen shapes."""

import json
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.content.model import Pack

# Issue 24 point 6: the Spanish staff panel cuts its Health section at its bottom edge
# (staffHealth4), which the snapshot now sees; the staff screens' fix removes this mark.
STAFF_PANEL_CUT = pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="issue 24 point 6: staffHealth4 cut in Spanish"
)


@pytest.mark.parametrize("size", [pytest.param("1920x1080", marks=STAFF_PANEL_CUT), "1080x1920"])
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
