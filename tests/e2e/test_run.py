"""The real process: starts, renders, quits cleanly; bad input gives a clear error."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk import paths
from kiosk.content.loader import load_pack


def run(*args: str, home: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_kiosk_runs_renders_and_exits_cleanly(tmp_path: Path) -> None:
    result = run("run", "--exit-after", "3", "--slide-seconds", "2", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "first frame" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_kiosk_yaml_falls_back_to_defaults(tmp_path: Path) -> None:
    (tmp_path / "kiosk.yaml").write_text("venue: moon\nidle_seconds: 45\n")
    result = run("run", "--exit-after", "2", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "kiosk.yaml:1: venue: 'moon' is not one of" in result.stderr


def test_broken_author_pack_says_why(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("id: [unclosed\n")
    result = run("run", "--pack", str(pack), "--exit-after", "2", home=tmp_path)
    assert result.returncode == 1
    assert "pack.yaml:" in result.stderr
    assert "not valid YAML" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920", "1280x720"])
def test_snapshot_writes_every_screen_without_overflow(tmp_path: Path, size: str) -> None:
    out = tmp_path / "shots"
    result = run("snapshot", "--out", str(out), "--size", size, home=tmp_path)
    assert result.returncode == 0, result.stderr
    index = json.loads((out / "index.json").read_text())
    assert index["size"] == [int(v) for v in size.split("x")]
    slides = [s for s in index["screens"] if s["kind"] == "slide"]
    assert len(slides) >= 12
    for screen in index["screens"]:
        assert (out / screen["file"]).is_file()
        assert screen["overflow"] == []
        assert isinstance(screen["venue"], list)
    assert (out / "contact-sheet.png").is_file()
    kinds = {s["kind"] for s in index["screens"]}
    assert kinds >= {
        "slide",
        "lesson-menu",
        "lesson-card",
        "lesson-question",
        "lesson-question-right",
        "lesson-question-wrong",
        "lesson-end",
        "idle-countdown",
        "quick-exit",
    }
    for screen in index["screens"]:
        if screen["kind"].startswith("lesson-") and screen["kind"] != "lesson-menu":
            assert screen["lesson"]
            assert screen["id"].startswith(screen["lesson"] + "/")
    # Every slide's QR scans to its pack link, from the PNG an author would look at.
    pack = load_pack(paths.default_pack_dir())
    slides = {s.id: s for s in pack.slides}
    for screen in index["screens"]:
        if screen["kind"] == "slide":
            decoded = {r.text for r in zxingcpp.read_barcodes(Image.open(out / screen["file"]))}
            assert pack.links[slides[screen["id"]].qr].url in decoded, screen["id"]


def test_usage_error_exits_2(tmp_path: Path) -> None:
    assert run("run", "--size", "huge", home=tmp_path).returncode == 2


def test_running_kiosk_installs_a_pack_from_the_inbox_without_restart(tmp_path: Path) -> None:
    import shutil

    from kiosk.content import signing

    home = tmp_path / "home"
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "minimal_pack"
    key_file, pub_file, _ = signing.new_keypair(tmp_path / "publisher")
    assert run("keys", "trust", str(pub_file), home=home).returncode == 0
    shutil.copytree(fixture, tmp_path / "pack")
    kpack = tmp_path / "new.kpack"
    assert (
        run(
            "pack",
            "build",
            str(tmp_path / "pack"),
            "--key",
            str(key_file),
            "-o",
            str(kpack),
            home=home,
        ).returncode
        == 0
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_HOME": str(home)}
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--exit-after", "12", "--slide-seconds", "2"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    shutil.copy(kpack, home / "inbox" / "new.kpack")
    _, stderr = kiosk.communicate(timeout=60)
    assert kiosk.returncode == 0, stderr
    assert "pack test-pack 1.0.0 is live" in stderr
    assert "Traceback" not in stderr
    listing = run("pack", "list", home=home)
    assert "test-pack 1.0.0" in listing.stdout


def test_snapshot_deletes_only_its_own_earlier_files(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    out.mkdir()
    (out / "holiday.png").write_bytes(b"not ours")
    assert run("snapshot", "--out", str(out), "--size", "1280x720", home=tmp_path).returncode == 0
    assert run("snapshot", "--out", str(out), "--size", "1280x720", home=tmp_path).returncode == 0
    assert (out / "holiday.png").read_bytes() == b"not ours"


def test_bundled_pack_shows_even_with_a_narrow_link_allow_list(tmp_path: Path) -> None:
    (tmp_path / "kiosk.yaml").write_text("link_hosts: [www.example.org]\n")
    result = run("run", "--exit-after", "2", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "first frame" in result.stderr


def test_slide_seconds_must_be_sensible(tmp_path: Path) -> None:
    result = run("run", "--slide-seconds", "-3", home=tmp_path)
    assert result.returncode == 2
    assert "seconds per slide must be 0.05..600" in result.stderr
