"""`kiosk preview DIR` as a real process: opens, stays up over a broken folder, quits cleanly."""

import shutil
from pathlib import Path

from tests.e2e.test_run import run

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minimal_pack"


def test_preview_starts_and_quits(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE, folder)
    result = run("preview", str(folder), "--exit-after", "2", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "previewing" in result.stderr
    assert "Traceback" not in result.stderr


def test_preview_of_a_broken_folder_still_opens(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: [unclosed\n")
    result = run("preview", str(folder), "--exit-after", "2", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_preview_of_no_folder_says_so(tmp_path: Path) -> None:
    result = run("preview", str(tmp_path / "nope"), home=tmp_path / "home")
    assert result.returncode == 1
    assert result.stderr.strip().endswith("nope:0: is not a folder (give the pack folder)")
