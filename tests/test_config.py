"""kiosk.config: kiosk.yaml is read like a pack; ``kiosk run`` never fails on it."""

from __future__ import annotations

import logging
import os
import tracemalloc
from pathlib import Path

import pytest

from kiosk import config as config_module
from kiosk.common.problems import PackError
from kiosk.config import (
    KioskConfig,
    language_problem,
    last_good_path,
    load_config,
    setting_changes,
)


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
    assert config.idle_seconds == 30
    assert isinstance(config.idle_seconds, int)


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
    real_open = os.open
    target = tmp_path / "kiosk.yaml"

    def denied(path, *args, **kwargs):
        if Path(path) == target:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    assert load_config(tmp_path / "kiosk.yaml", strict=False).problems
    with pytest.raises(PackError, match="cannot be read"):
        load_config(tmp_path / "kiosk.yaml", strict=True)


# -- recover state (issue 13, case 7) ----------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "\n\n", "# venue: hotel\n# nothing set yet\n", "---\n", "~\n"]
)
def test_an_empty_or_comment_only_file_means_defaults(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text)
    assert load_config(path, strict=True) == KioskConfig()
    config = load_config(path, strict=False)
    assert config == KioskConfig()
    assert config.problems == ()


def test_a_huge_file_is_refused_without_being_read(tmp_path: Path, monkeypatch) -> None:
    """400 MB of nothing (a sparse file): refused by its size, before one byte is read."""
    path = tmp_path / "kiosk.yaml"
    with path.open("wb") as out:
        out.truncate(400_000_000)
    reads: list[int] = []
    real_read = os.read

    def counting_read(fd: int, size: int) -> bytes:
        reads.append(size)
        return real_read(fd, size)

    monkeypatch.setattr(os, "read", counting_read)
    tracemalloc.start()
    try:
        with pytest.raises(PackError, match=r"400,000,000 bytes; the limit is 1,000,000"):
            load_config(path, strict=True)
        config = load_config(path, strict=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reads == []
    assert peak < 5_000_000
    assert config.venue is None
    assert "the limit is 1,000,000" in str(config.problems[0])


def test_a_file_whose_size_lies_is_cut_off_while_read(tmp_path: Path, monkeypatch) -> None:
    """/proc files say they hold 0 bytes; the read itself stops at the limit too."""
    path = tmp_path / "kiosk.yaml"
    path.symlink_to("/proc/self/maps")
    monkeypatch.setattr(config_module, "MAX_BYTES", 5)
    with pytest.raises(PackError, match="over the limit of 5 bytes"):
        load_config(path, strict=True)


def test_a_fifo_is_refused_not_waited_for(tmp_path: Path, finishes) -> None:
    path = tmp_path / "kiosk.yaml"
    os.mkfifo(path)
    with pytest.raises(PackError, match="not a plain file"):
        finishes(lambda: load_config(path, strict=True))


def test_a_syntax_error_keeps_the_last_good_settings(tmp_path: Path) -> None:
    text = "venue: hotel\nvenue_name: Union Station\nidle_seconds: 30\nhotline_numbers: [911]\n"
    path = _write(tmp_path, text)
    good = load_config(path, strict=False, keep_last_good=True)
    assert (good.venue, good.hotline_numbers) == ("hotel", ("911",))
    assert last_good_path(path).read_bytes() == path.read_bytes()

    path.write_text("venue: hotel\nvenue_name: [Union Station\n", encoding="utf-8")  # half-saved
    config = load_config(path, strict=False, keep_last_good=True)
    assert (config.venue, config.venue_name, config.idle_seconds) == ("hotel", "Union Station", 30)
    assert config.hotline_numbers == ("911",)  # a narrowed list is not widened by a typo
    messages = [str(p) for p in config.problems]
    assert any(m.startswith("kiosk.yaml:") and "not valid YAML" in m for m in messages), messages
    assert "kiosk.yaml:0: using the last good settings, saved in kiosk.yaml.last-good" in messages
    # The broken file is not the new last good one; staff commands still refuse it.
    assert b"Union Station\n" in last_good_path(path).read_bytes()
    with pytest.raises(PackError, match="not valid YAML"):
        load_config(path, strict=True)


def test_only_a_clean_file_becomes_the_last_good_one(tmp_path: Path) -> None:
    path = _write(tmp_path, "venue: hotel\n")
    load_config(path, strict=False, keep_last_good=True)
    path.write_text("venue: hotel\nidle_seconds: 2\n", encoding="utf-8")  # YAML, but out of range
    config = load_config(path, strict=False, keep_last_good=True)
    assert config.venue == "hotel"
    assert config.idle_seconds is None
    assert last_good_path(path).read_text(encoding="utf-8") == "venue: hotel\n"


def test_without_a_last_good_file_a_syntax_error_means_defaults(tmp_path: Path) -> None:
    path = _write(tmp_path, "venue: [hotel\n")
    config = load_config(path, strict=False, keep_last_good=True)
    assert config.venue is None
    assert "not valid YAML" in str(config.problems[0])
    assert not last_good_path(path).exists()


def test_a_huge_file_keeps_the_last_good_settings_too(tmp_path: Path) -> None:
    path = _write(tmp_path, "venue: retail\n")
    load_config(path, strict=False, keep_last_good=True)
    with path.open("wb") as out:
        out.truncate(2_000_000)
    assert load_config(path, strict=False, keep_last_good=True).venue == "retail"


def test_a_read_only_home_still_starts(tmp_path: Path, monkeypatch, caplog) -> None:
    path = _write(tmp_path, "venue: hotel\n")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(config_module.tempfile, "mkstemp", full)
    with caplog.at_level(logging.WARNING, "kiosk.config"):
        assert load_config(path, strict=False, keep_last_good=True).venue == "hotel"
    assert "cannot keep a copy" in caplog.text


def test_hotline_numbers_are_read_and_checked(tmp_path: Path) -> None:
    config = load_config(
        _write(tmp_path, 'hotline_numbers: ["911", "1-866-347-2423"]\n'), strict=True
    )
    assert config.hotline_numbers == ("911", "1-866-347-2423")
    path = _write(tmp_path, 'hotline_numbers: ["911", "1-888-373-788"]\n')
    with pytest.raises(
        PackError, match=r"kiosk\.yaml:1: hotline_numbers\[1\]: number '1-888-373-788'"
    ):
        load_config(path, strict=True)
    assert load_config(path, strict=False).hotline_numbers == KioskConfig().hotline_numbers


def test_an_unchanged_file_is_not_copied_again(tmp_path: Path) -> None:
    """Every start would otherwise write the flash; a new copy would be a new inode."""
    path = _write(tmp_path, "venue: hotel\n")
    load_config(path, strict=False, keep_last_good=True)
    saved = last_good_path(path).stat()
    assert oct(saved.st_mode & 0o777) == "0o644"
    load_config(path, strict=False, keep_last_good=True)
    assert last_good_path(path).stat().st_ino == saved.st_ino
    path.write_text("venue: retail\n", encoding="utf-8")
    load_config(path, strict=False, keep_last_good=True)
    assert last_good_path(path).read_text(encoding="utf-8") == "venue: retail\n"


def test_staff_chord(tmp_path: Path) -> None:
    assert KioskConfig().staff_chord == "Ctrl+Alt+Shift+S"
    path = _write(tmp_path, "staff:\n  chord: Ctrl+Alt+F9\n")
    assert load_config(path, strict=True).staff_chord == "Ctrl+Alt+F9"
    path = _write(tmp_path, "staff:\n  chord: S\n")  # one key: a visitor could press it
    config = load_config(path, strict=False)
    assert config.staff_chord == "Ctrl+Alt+Shift+S"
    assert [p.field for p in config.problems] == ["staff.chord"]


def test_a_language_the_pack_lacks_is_reported_and_says_what_shows() -> None:
    assert language_problem(("es", "en"), ("en", "es"), "pack p 1") == ""
    assert language_problem(("fr", "es"), ("en", "es"), "pack p 1") == (
        "languages: fr not in pack p 1 (it has en, es); the loop shows es"
    )
    assert language_problem(("fr",), ("en", "es"), "pack p 1").endswith(
        "the loop shows the pack's own (en, es)"
    )


def test_setting_changes_split_live_ones_from_those_read_at_start() -> None:
    old = KioskConfig()
    new = KioskConfig(venue="hotel", verify=False, staff_chord="Ctrl+Alt+K")
    assert setting_changes(old, new) == (("venue",), ("verify", "staff.chord"))
    assert setting_changes(old, KioskConfig()) == ((), ())
