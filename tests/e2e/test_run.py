"""The real process: starts, renders, quits cleanly; bad input gives a clear error."""

import os
import subprocess
import sys
from pathlib import Path

from tests.packs import NO_STICKS, home_without_sticks


def run(*args: str, home: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``kiosk ARGS`` on ``home``; a home without kiosk.yaml gets one that watches no stick."""
    if not (home / "kiosk.yaml").exists():
        home_without_sticks(home)
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
    (tmp_path / "kiosk.yaml").write_text("venue: moon\nidle_seconds: 45\n" + NO_STICKS)
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


def test_usage_error_exits_2(tmp_path: Path) -> None:
    assert run("run", "--size", "huge", home=tmp_path).returncode == 2


def test_running_kiosk_installs_a_pack_from_the_inbox_without_restart(tmp_path: Path) -> None:
    import shutil

    from kiosk.intake import signing

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


def test_bundled_pack_shows_even_with_a_narrow_link_allow_list(tmp_path: Path) -> None:
    (tmp_path / "kiosk.yaml").write_text("link_hosts: [www.example.org]\n" + NO_STICKS)
    result = run("run", "--exit-after", "2", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "first frame" in result.stderr


def test_slide_seconds_must_be_sensible(tmp_path: Path) -> None:
    result = run("run", "--slide-seconds", "-3", home=tmp_path)
    assert result.returncode == 2
    assert "seconds per slide must be 0.05..600" in result.stderr
