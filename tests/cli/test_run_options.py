"""The command line hands run and snapshot typed, frozen options (no argparse.Namespace)."""

import dataclasses
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.launch import RunOptions, SnapshotOptions
from kiosk.render import snapshot
from kiosk.ui import app, start


def test_run_options_carry_every_flag(monkeypatch, tmp_path: Path) -> None:
    seen: list[RunOptions] = []
    monkeypatch.setattr(start, "open_screen", lambda options: "screen")
    monkeypatch.setattr(app, "run_kiosk", lambda options, screen: seen.append(options) or 0)
    argv = ["--home", str(tmp_path), "run", "--windowed", "--size", "800x600", "--venue", "hotel"]
    argv += ["--slide-seconds", "0.05-0.2", "--poll-seconds", "0.5", "--exit-after", "3"]
    argv += ["--strict"]
    assert cli.main(argv) == 0
    assert seen == [
        RunOptions(
            home=tmp_path,
            venue="hotel",
            windowed=True,
            size=(800, 600),
            slide_seconds=(0.05, 0.2),
            poll_seconds=0.5,
            exit_after=3.0,
            strict=True,
        )
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        seen[0].venue = "transit"  # type: ignore[misc]


def test_run_defaults_and_a_fixed_slide_time(monkeypatch, tmp_path: Path) -> None:
    seen: list[RunOptions] = []
    monkeypatch.setattr(start, "open_screen", lambda options: "screen")
    monkeypatch.setattr(app, "run_kiosk", lambda options, screen: seen.append(options) or 0)
    monkeypatch.delenv("KIOSK_HOME", raising=False)
    # The default home (its run lock and log files) lands here, not in the real home.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert cli.main(["run", "--slide-seconds", "10"]) == 0
    assert seen == [RunOptions(slide_seconds=10.0)]


def test_snapshot_options(monkeypatch, tmp_path: Path) -> None:
    seen: list[SnapshotOptions] = []
    monkeypatch.setattr(snapshot, "snapshot", lambda options: seen.append(options) or 0)
    argv = ["snapshot", "--out", str(tmp_path), "--language", "es", "--pack", str(tmp_path)]
    assert cli.main(argv) == 0
    assert seen == [SnapshotOptions(out=tmp_path, language="es", pack=tmp_path)]
