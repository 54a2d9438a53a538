"""kiosk.ops.logfile: quoted words cannot forge a line, floods are summed up, security is kept."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.content.words import log_quote
from kiosk.ops import logfile
from kiosk.ops.logfile import SECURITY, RepeatFilter, add_file_log, add_security_log

FORGED = "evil.kpack\n2026-12-06 10:00:00,000 INFO kiosk.store: installed us-awareness 9.9 is live"
RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ")


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    named = logging.getLogger("kiosk.test.logfile")
    named.propagate = False
    named.setLevel(logging.INFO)
    yield named
    for handler in list(named.handlers):
        named.removeHandler(handler)
        handler.close()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_a_name_with_a_newline_never_makes_a_second_line(tmp_path: Path, logger) -> None:
    """A file named "x\\n… installed … is live" forged a whole line in kiosk.log."""
    add_file_log(tmp_path, logger=logger)
    logger.info("new content pack found: %s", FORGED)  # the safety net alone
    logger.info("new content pack found: %s", log_quote(FORGED))  # the call sites' quoting
    logger.info(FORGED)  # no template at all: all of it is data
    logger.info("refused %s\n%s", "a\u202egpj.kpack", "x.svg:0: damaged\nforged line")
    lines = _lines(tmp_path / "logs" / "kiosk.log")
    records = [line for line in lines if RECORD_START.match(line)]
    assert len(records) == 4
    assert not any(line.startswith("2026-12-06 10:00:00,000") for line in lines)  # not forged
    assert all(RECORD_START.match(line) or line.startswith("    ") for line in lines)
    assert "\\u202e" in lines[-2]  # the hidden bidi control is shown, not obeyed
    assert lines[-1] == "    x.svg:0: damaged\\nforged line"  # the code's own break, indented


def test_a_traceback_keeps_its_lines(tmp_path: Path, logger) -> None:
    add_file_log(tmp_path, logger=logger)
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("install of %s failed", "a\nb")
    text = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "install of a\\nb failed\nTraceback (most recent call last):\n" in text
    assert "ValueError: boom" in text


def test_numbers_still_format(tmp_path: Path, logger) -> None:
    add_file_log(tmp_path, logger=logger)
    logger.info("wrong staff PIN (%d in a row), wait %.0f s", 3, 29.6)
    assert "wrong staff PIN (3 in a row), wait 30 s" in _lines(tmp_path / "logs" / "kiosk.log")[-1]


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_of_one_shape_is_summed_up(tmp_path: Path, logger) -> None:
    """A stick of junk rotated the whole history away in seconds (issue 23)."""
    handler = add_file_log(tmp_path, logger=logger)
    assert handler is not None
    clock = _Clock()
    handler.filters.clear()
    handler.addFilter(RepeatFilter(handler, burst=3, window=60.0, clock=clock))
    for i in range(5_000):
        logger.error("refused %s: not a zip archive", f"junk{i}.kpack")
    logger.warning("wrong staff PIN (%d in a row)", 1)  # another shape passes at once
    clock.now += 61
    logger.error("refused %s: not a zip archive", "junk-late.kpack")
    lines = _lines(tmp_path / "logs" / "kiosk.log")
    assert len(lines) == 3 + 1 + 1 + 1
    assert "junk2.kpack" in lines[2]
    assert "wrong staff PIN (1 in a row)" in lines[3]
    assert (
        "… and 4997 more like this in 61 s, not logged: refused %s: not a zip archive" in (lines[4])
    )
    assert "junk-late.kpack" in lines[5]


def test_messages_without_a_template_are_shaped_by_their_words() -> None:
    def record(msg: str) -> logging.LogRecord:
        return logging.LogRecord("kiosk.x", logging.INFO, __file__, 1, msg, None, None)

    assert logfile.shape_of(record('file "a.kpack" 12 bytes')) == logfile.shape_of(
        record('file "b\\"c.kpack" 3400 bytes')
    )
    assert logfile.shape_of(record("a")) != logfile.shape_of(record("b"))


def test_security_events_outlive_a_flood(tmp_path: Path, logger) -> None:
    """A flood rotated "wrong staff PIN" out of kiosk.log; security.log keeps it."""
    add_file_log(tmp_path, max_bytes=5_000, backups=1, logger=logger, burst=10**6)
    add_security_log(tmp_path, logger=logger)
    logger.warning("wrong staff PIN (%d in a row)", 1, extra=SECURITY)
    for i in range(2_000):
        logger.info("screen %d of a flood", i)
    logger.info("pack %s is live (activated)", "acme 2.0.0", extra=SECURITY)
    logs = tmp_path / "logs"
    assert not any("wrong staff PIN" in p.read_text() for p in logs.glob("kiosk.log*"))
    security = _lines(logs / "security.log")
    assert len(security) == 2  # only the events
    assert "wrong staff PIN (1 in a row)" in security[0]
    assert "pack acme 2.0.0 is live (activated)" in security[1]


def test_a_flood_still_counted_is_summed_up_on_flush(tmp_path: Path, logger) -> None:
    handler = add_file_log(tmp_path, logger=logger, burst=2)
    assert handler is not None
    for i in range(50):
        logger.error("refused %s", f"junk{i}.kpack")
    [repeats] = [f for f in handler.filters if isinstance(f, RepeatFilter)]
    repeats.flush()  # at exit
    lines = _lines(tmp_path / "logs" / "kiosk.log")
    assert len(lines) == 3
    assert "… and 48 more like this" in lines[-1]


def test_a_forged_name_in_the_drop_folder_stays_on_its_line(tmp_path: Path, store) -> None:
    """The real scan and install, logging as `kiosk run` does: one record per line."""
    from kiosk.ops.inbox import scan_for_new_packs

    kiosk = logging.getLogger("kiosk")
    level = kiosk.level
    kiosk.setLevel(logging.INFO)
    handler = add_file_log(tmp_path, logger=kiosk)
    assert handler is not None
    try:
        (store.inbox_dir / f"{FORGED}.kpack").write_bytes(b"junk")
        scan_for_new_packs(store.home, [], settle_seconds=0, store=store)
    finally:
        kiosk.removeHandler(handler)
        handler.close()
        kiosk.setLevel(level)
    lines = _lines(tmp_path / "logs" / "kiosk.log")
    assert any("new content pack found" in line for line in lines)
    assert any("refused" in line for line in lines)
    assert all(RECORD_START.match(line) or line.startswith("    ") for line in lines)
    assert not any(line.startswith("2026-12-06 10:00:00,000") for line in lines)
