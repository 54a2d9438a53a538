"""The real ``kiosk run`` writes KIOSK_HOME/logs/kiosk.log, and runs on when it cannot."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_run import run


def test_kiosk_run_logs_to_its_home_and_to_stderr(tmp_path: Path) -> None:
    result = run("run", "--exit-after", "2", "--slide-seconds", "1", home=tmp_path)
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "first frame" in log
    assert "first frame" in result.stderr  # journald still gets every line


def test_an_unwritable_logs_folder_does_not_stop_the_kiosk(tmp_path: Path) -> None:
    (tmp_path / "logs").write_text("not a folder")
    result = run("run", "--exit-after", "2", "--slide-seconds", "1", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("logging to stderr only") == 1
    assert "first frame" in result.stderr
