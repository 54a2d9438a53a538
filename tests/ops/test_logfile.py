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
    assert "install of a\\nb failed\n    Traceback (most recent call last):\n" in text
    assert "\n    ValueError: boom" in text


def test_a_name_in_an_exception_cannot_forge_a_line(tmp_path: Path, logger) -> None:
    """`log.exception` printed the exception's text raw: a name in it forged a whole record."""
    add_file_log(tmp_path, logger=logger)
    add_security_log(tmp_path, logger=logger)
    try:
        raise ValueError(f"bad pack {FORGED}\u202e")
    except ValueError:
        logger.exception("unexpected error while installing", extra=SECURITY)
    logger.info("with a stack", stack_info=True)
    for name in ("kiosk.log", "security.log"):
        lines = _lines(tmp_path / "logs" / name)
        assert all(RECORD_START.match(line) or line.startswith("    ") for line in lines), name
        assert not any(line.startswith("2026-12-06 10:00:00,000") for line in lines)
    lines = _lines(tmp_path / "logs" / "kiosk.log")
    assert len([line for line in lines if RECORD_START.match(line)]) == 2
    assert any(line.startswith("    Stack (most recent call last):") for line in lines)
    assert any("\\u202e" in line for line in lines)  # shown, not obeyed


def test_a_traceback_another_handler_cached_raw_is_escaped(tmp_path: Path, logger) -> None:
    """logging caches the traceback on the record: a plain handler first must not leak it raw."""
    plain = logging.FileHandler(tmp_path / "plain.txt", encoding="utf-8")  # closed by `logger`
    plain.setFormatter(logging.Formatter())
    logger.addHandler(plain)
    add_file_log(tmp_path, logger=logger)
    try:
        raise ValueError(FORGED)
    except ValueError:
        logger.exception("boom")
    lines = _lines(tmp_path / "logs" / "kiosk.log")
    assert all(RECORD_START.match(line) or line.startswith("    ") for line in lines)


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


def test_debug_lines_asked_for_are_never_summed_up(tmp_path: Path, logger) -> None:
    """``kiosk -v run`` logs a line per slide: make soak counts transitions by them."""
    logger.setLevel(logging.DEBUG)
    handler = add_file_log(tmp_path, logger=logger)
    assert handler is not None
    handler.setLevel(logging.DEBUG)
    handler.filters.clear()
    handler.addFilter(RepeatFilter(handler, burst=3, window=60.0, clock=_Clock()))
    for i in range(20):
        logger.debug("slide %s", f"slide-{i}")
    assert len(_lines(tmp_path / "logs" / "kiosk.log")) == 20


def test_lines_at_the_pace_of_people_are_all_written(tmp_path: Path, logger) -> None:
    """Several visitors in a minute log ~6 screen changes each: none may be summed away (the
    soak counts lessons by them, and operators read them)."""
    handler = add_file_log(tmp_path, logger=logger)
    assert handler is not None
    handler.filters.clear()
    handler.addFilter(RepeatFilter(handler, clock=_Clock()))  # the kiosk's own burst and window
    for visitor in range(6):
        for before, after in [("attract", "menu"), ("menu", "card"), ("card", "question")]:
            logger.info("screen %s -> %s", before, after)
        logger.info("screen %s -> %s", "question", f"attract-{visitor}")
    assert len(_lines(tmp_path / "logs" / "kiosk.log")) == 24


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


def test_unchanged_installs_never_hide_an_installed_one(tmp_path: Path, store, packs) -> None:
    """The store logged every outcome as "%s": ten "unchanged" lines in a minute made the next
    "installed" line one anonymous "… and 1 more" in security.log."""
    kiosk = logging.getLogger("kiosk")
    level = kiosk.level
    kiosk.setLevel(logging.INFO)
    handler = add_security_log(tmp_path, logger=kiosk)
    assert handler is not None
    try:
        first = packs.kpack(packs.folder())
        store.install(first, origin="inbox")
        for _ in range(12):
            assert store.install(first, origin="inbox").status == "unchanged"
        assert store.install(packs.kpack(packs.folder("9.9.9")), origin="inbox").ok
        store.install(packs.zip([("junk", b"x")]), origin="inbox")
    finally:
        kiosk.removeHandler(handler)
        handler.close()
        kiosk.setLevel(level)
    lines = _lines(tmp_path / "logs" / "security.log")
    assert len([line for line in lines if "pack unchanged:" in line]) == 12
    assert len([line for line in lines if "pack installed:" in line]) == 2
    assert "installed test-pack 9.9.9" in [line for line in lines if "pack installed" in line][-1]
    assert any("ERROR kiosk.store: pack refused:" in line for line in lines)
    assert not any("more" in line for line in lines)


def test_a_security_flood_is_held_to_a_byte_budget_by_kind(tmp_path: Path, logger) -> None:
    """No kind of event is cut after ten lines; a flood of one kind cannot hide another, and all
    of them together write at most the budget per window."""
    clock = _Clock()
    handler = add_security_log(tmp_path, logger=logger, share=4_000, budget=9_000, clock=clock)
    assert handler is not None
    for i in range(30):  # thirty real installs in a minute: all kept
        logger.info("pack installed: %s", f'"installed acme {i}.0.0"', extra=SECURITY)
    for i in range(5_000):  # a stick of junk
        logger.error("pack refused: %s", f'"refused junk{i}.kpack: not a zip"', extra=SECURITY)
    logger.info("pack installed: %s", '"installed evil 9.9.9"', extra=SECURITY)  # not hidden
    logger.warning("wrong staff PIN (%d counted)", 1, extra=SECURITY)
    for i in range(3_000):  # a third kind: the budget in all is spent now
        logger.warning("no longer trusting key %s", f"k{i}", extra=SECURITY)
    logger.info("pack installed: %s", '"installed late 1.0.0"', extra=SECURITY)
    path = tmp_path / "logs" / "security.log"
    written = path.stat().st_size
    assert written < 9_000 + 200  # the budget, and at most one line over it
    lines = _lines(path)
    assert any("evil 9.9.9" in line for line in lines)
    assert len([line for line in lines if "installed acme" in line]) == 30
    assert not any("installed late" in line for line in lines)  # over the budget in all
    clock.now += 61
    logger.info("pack installed: %s", '"installed next 1.0.0"', extra=SECURITY)
    lines = _lines(path)
    summaries = [line for line in lines if "more security events like this" in line]
    assert len(summaries) == 3  # refused, untrusted keys, and the install over the budget
    assert any("not kept here" in line and "pack refused: %s" in line for line in summaries)
    assert "installed next 1.0.0" in lines[-1]
