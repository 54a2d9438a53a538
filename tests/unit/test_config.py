"""kiosk.config: kiosk.yaml is read like a pack; ``kiosk run`` never fails on it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk import config as config_module
from kiosk.config import KioskConfig, load_config
from kiosk.content.problems import PackError


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "kiosk.yaml", strict=True) == KioskConfig()


def test_broken_keys_fall_back_one_by_one(tmp_path: Path) -> None:
    path = _write(tmp_path, "venue: moon\nidle_seconds: 30\n")
    config = load_config(path, strict=False)
    assert (config.venue, config.idle_seconds) == (None, 30)
    assert [p.field for p in config.problems] == ["venue"]
    with pytest.raises(PackError, match=r"kiosk\.yaml:1: venue:"):
        load_config(path, strict=True)


def test_an_impossible_date_as_a_key_is_a_problem(tmp_path: Path) -> None:
    """Review finding: ``2001-02-30: 1`` raised a bare ValueError out of the YAML reader."""
    path = _write(tmp_path, "2001-02-30: 1\n")
    assert "cannot be read" in str(load_config(path, strict=False).problems[0])
    with pytest.raises(PackError, match="cannot be read"):
        load_config(path, strict=True)


def test_a_link_host_with_a_line_break_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, 'link_hosts: ["missingkids.org\\n"]\n')
    config = load_config(path, strict=False)
    assert config.link_hosts == KioskConfig().link_hosts
    assert "may not contain a line break" in str(config.problems[0])


def test_idle_seconds_is_an_int(tmp_path: Path) -> None:
    """JSON Schema counts 30.0 as an integer; the timers that use it want an int."""
    config = load_config(_write(tmp_path, "idle_seconds: 30.0\n"), strict=False)
    assert config.idle_seconds == 30 and isinstance(config.idle_seconds, int)


def test_a_folder_where_the_file_should_be(tmp_path: Path) -> None:
    (tmp_path / "kiosk.yaml").mkdir()
    assert load_config(tmp_path / "kiosk.yaml", strict=False).problems
    with pytest.raises(PackError, match="cannot be read"):
        load_config(tmp_path / "kiosk.yaml", strict=True)


def test_an_unexpected_error_never_escapes(tmp_path: Path, monkeypatch, caplog) -> None:
    """Only PackError (strict) or nothing at all (``kiosk run``), whatever goes wrong inside."""

    def buggy(*args, **kwargs):
        raise RuntimeError("surprise")

    monkeypatch.setattr(config_module, "schema_problems", buggy)
    path = _write(tmp_path, "venue: hotel\n")
    with caplog.at_level(logging.ERROR, "kiosk.config"):
        config = load_config(path, strict=False)
    assert config.venue is None  # defaults
    assert "internal error" in str(config.problems[0])
    assert "RuntimeError: surprise" in caplog.text
    with pytest.raises(PackError, match="internal error"):
        load_config(path, strict=True)


def test_an_unreadable_path_never_escapes(tmp_path: Path, monkeypatch) -> None:
    def denied(self: Path) -> bool:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "exists", denied)
    assert load_config(tmp_path / "kiosk.yaml", strict=False).problems
    with pytest.raises(PackError, match="cannot be read"):
        load_config(tmp_path / "kiosk.yaml", strict=True)
