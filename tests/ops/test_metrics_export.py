"""Issue 27: /metrics and the textfile, served from KIOSK_HOME's files and a published snapshot.

No Qt here: the exporter's threads never touch it. The text served is checked by Debian's
``promtool check metrics`` where it is installed (``make system-deps`` installs it).
"""

from __future__ import annotations

import logging
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk.config import MetricsSettings
from kiosk.content.records import Journal, write_json_atomic
from kiosk.ops import restarts
from kiosk.ops.crashguard import STARTS_FILE
from kiosk.ops.metrics import Snapshot
from kiosk.ops.metrics_export import HomeReader, MetricsExporter

PROMTOOL = shutil.which("promtool")
NOW = 1_800_000_000.0
SNAPSHOT = Snapshot(
    published=NOW,
    started=NOW - 60,
    pack_id="test-pack",
    pack_version="1.0.0",
    self_check_at=NOW - 5,
    self_check_ok=False,
    self_check_failed_in_a_row=2,
    slide_ids=frozenset({"first"}),
    lesson_ids=frozenset({"signs"}),
)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _stats_db(home: Path, rows: list[tuple[str, str, str, int]]) -> None:
    """stats.sqlite3 as the impact counter writes it (issue 27's shared schema)."""
    db = sqlite3.connect(home / "stats.sqlite3")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(
        "CREATE TABLE IF NOT EXISTS counts(hour TEXT NOT NULL, counter TEXT NOT NULL, "
        "key TEXT NOT NULL DEFAULT '', n INTEGER NOT NULL, PRIMARY KEY (hour, counter, key))"
    )
    db.executemany("INSERT OR REPLACE INTO counts VALUES (?, ?, ?, ?)", rows)
    db.commit()
    db.close()


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / "logs").mkdir(parents=True)
    journal = Journal(home / "logs" / "installs.jsonl")
    journal.append({"status": "installed", "origin": "inbox", "pack": None})
    journal.append(
        {
            "status": "refused",
            "origin": "media",
            "problems": [{"file": "MANIFEST.sig", "line": 1, "field": "", "message": "untrusted"}],
        }
    )
    write_json_atomic(
        home / STARTS_FILE,
        {"running": "", "failures": {"a 2": 3}, "live_seen": {"id": "a", "version": "2"},
         "fallback": "showing the built-in pack because pack a 2 failed to start 3 times"},
    )  # fmt: skip
    restarts.note_exit(home, 4)
    restarts.note_exit(home, 4)
    restarts.note_exit(home, 0)  # a deliberate exit: no restart counted
    restarts.note(home, "fallback")
    write_json_atomic(
        home / "sync-status.json",
        {"url": "https://p.example.org", "last_attempt": "2027-01-15T08:00:00Z",
         "last_success": "2027-01-15T07:00:00Z", "result": "up-to-date", "reason": "",
         "timestamp_expires": None},
    )  # fmt: skip
    _stats_db(
        home,
        [
            ("2027-01-15T07", "slide_shown", "first/en", 4),
            ("2027-01-15T08", "slide_shown", "first/en", 3),
            ("2027-01-15T08", "lesson_started", "signs", 2),
            ("2027-01-15T08", "lesson_started", "gone", 1),
        ],
    )
    return home


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _scrape(port: int) -> str:
    url = f"http://127.0.0.1:{port}/metrics"
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_metrics_served_from_the_home_and_the_snapshot(tmp_path: Path) -> None:
    home = _home(tmp_path)
    # Port 0: any free port (kiosk.yaml asks for 1-65535; the exporter takes what it is given).
    exporter = MetricsExporter(home, MetricsSettings(port=0), clock=lambda: NOW)
    exporter.publish(SNAPSHOT)
    exporter.start()
    try:
        assert exporter.port
        text = _scrape(exporter.port)
    finally:
        exporter.stop()
    found = _samples(text)
    info = (("id", "test-pack"), ("origin", "installed"), ("version", "1.0.0"))
    assert found[("kiosk_pack_info", info)] == 1
    assert found[("kiosk_up", ())] == 1
    assert found[("kiosk_uptime_seconds", ())] == 60
    assert found[("kiosk_self_check_ok", ())] == 0
    assert found[("kiosk_self_check_age_seconds", ())] == 5
    assert found[("kiosk_restarts_total", (("reason", "frozen"),))] == 2
    assert found[("kiosk_crash_loop_fallback_starts_total", ())] == 1
    assert found[("kiosk_crash_loop_fallback", ())] == 1
    assert found[("kiosk_failed_starts_in_a_row", ())] == 3
    assert found[("kiosk_pack_installs_total", (("origin", "inbox"),))] == 1
    refusal = (("origin", "media"), ("reason", "signature"))
    assert found[("kiosk_pack_refusals_total", refusal)] == 1
    assert found[("kiosk_sync_result", (("result", "up-to-date"),))] == 1
    assert found[("kiosk_impact_total", (("counter", "slide_shown"), ("key", "first/en")))] == 7
    assert found[("kiosk_impact_total", (("counter", "lesson_started"), ("key", "other")))] == 1
    assert found[("kiosk_memory_rss_bytes", ())] > 1_000_000
    # Nothing of prometheus_client's own (process, platform, gc): the kiosk says what it means.
    assert not [name for name, _ in found if not name.startswith("kiosk_")]
    if PROMTOOL is None:
        pytest.skip("promtool is not installed (Debian: prometheus; make system-deps)")
    checked = subprocess.run(
        [PROMTOOL, "check", "metrics"], input=text, capture_output=True, text=True, timeout=30
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_port_in_use_is_one_log_line_and_the_kiosk_runs_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        exporter = MetricsExporter(tmp_path, MetricsSettings(port=port))
        with caplog.at_level(logging.ERROR, logger="kiosk.ops.metrics_export"):
            exporter.start()
        exporter.stop()
    assert exporter.port is None
    [record] = caplog.records
    assert record.getMessage() == (
        f"metrics: cannot serve /metrics on 127.0.0.1:{port}: the port is in use; the kiosk runs on"
    )


def test_the_textfile_is_written_whole_and_says_down_after_an_orderly_quit(
    tmp_path: Path,
) -> None:
    home = _home(tmp_path)
    path = tmp_path / "textfile" / "kiosk.prom"
    path.parent.mkdir()
    exporter = MetricsExporter(home, MetricsSettings(textfile=str(path), every_seconds=3600))
    exporter.publish(SNAPSHOT)
    exporter.start()  # the first write comes at once, on the exporter's thread
    for _ in range(250):
        if path.exists():
            break
        time.sleep(0.02)
    running = _samples(path.read_text())
    assert running[("kiosk_up", ())] == 1
    assert running[("kiosk_pack_info", (("id", "test-pack"), ("origin", "installed"),
                                        ("version", "1.0.0")))] == 1  # fmt: skip
    exporter.stop()
    assert _samples(path.read_text())[("kiosk_up", ())] == 0
    assert [p.name for p in path.parent.iterdir()] == ["kiosk.prom"]  # no temp file left


def test_a_textfile_that_cannot_be_written_is_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "no-such-folder" / "kiosk.prom"
    exporter = MetricsExporter(tmp_path, MetricsSettings(textfile=str(path)))
    with caplog.at_level(logging.INFO, logger="kiosk.ops.metrics_export"):
        assert not exporter.write_textfile()
        assert not exporter.write_textfile()
        path.parent.mkdir()
        assert exporter.write_textfile()
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        f"metrics: cannot write {path}: No such file or directory",
        f"metrics: writing {path} again",
    ]


def test_the_files_are_read_again_only_when_changed_and_counters_never_drop(
    tmp_path: Path,
) -> None:
    home = _home(tmp_path)
    clock = Clock()
    reader = HomeReader(home, clock=clock, rss=lambda: None)
    first = reader.facts(SNAPSHOT)
    assert first.installs == {"inbox": 1}
    journal = Journal(home / "logs" / "installs.jsonl")
    journal.append({"status": "installed", "origin": "inbox"})
    assert reader.facts(SNAPSHOT).installs == {"inbox": 1}  # not looked at again yet
    clock.now += 5
    assert reader.facts(SNAPSHOT).installs == {"inbox": 2}
    # The journal is cleared (rotated away, or lost): the counter keeps its value.
    (home / "logs" / "installs.jsonl").write_text("")
    clock.now += 5
    assert reader.facts(SNAPSHOT).installs == {"inbox": 2}
    journal.append({"status": "installed", "origin": "inbox"})
    clock.now += 5
    assert reader.facts(SNAPSHOT).installs == {"inbox": 3}


def test_impact_counts_follow_the_database_at_most_every_minute(tmp_path: Path) -> None:
    home = _home(tmp_path)
    clock = Clock()
    reader = HomeReader(home, clock=clock, rss=lambda: None)
    assert reader.facts(SNAPSHOT).impact[("slide_shown", "first/en")] == 7
    _stats_db(home, [("2027-01-15T09", "slide_shown", "first/en", 5)])
    clock.now += 5
    assert reader.facts(SNAPSHOT).impact[("slide_shown", "first/en")] == 7
    clock.now += 60
    assert reader.facts(SNAPSHOT).impact[("slide_shown", "first/en")] == 12
    # A database that cannot be read costs no scrape: no impact samples, the rest goes on.
    (home / "stats.sqlite3").write_bytes(b"not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (home / f"stats.sqlite3{suffix}").unlink(missing_ok=True)
    clock.now += 65
    facts = reader.facts(SNAPSHOT)
    assert facts.installs == {"inbox": 1}
    assert facts.impact[("slide_shown", "first/en")] == 12  # the last value, kept


def test_absent_files_give_no_samples(tmp_path: Path) -> None:
    facts = HomeReader(tmp_path, rss=lambda: None).facts(SNAPSHOT)
    assert facts.sync is None
    assert facts.impact == {}
    assert facts.installs == {}
    assert facts.restarts == {}


def test_restarts_are_counted_by_exit_code(tmp_path: Path) -> None:
    for code in (4, 0, 5, 1, 4, 3):  # 0 ok, 1 refused, 3 no screen: not restarts it asked for
        restarts.note_exit(tmp_path, code)
    assert restarts.read_restarts(tmp_path) == {"frozen": 2, "memory": 1}
    (tmp_path / restarts.RESTARTS_FILE).write_text("{damaged")
    assert restarts.read_restarts(tmp_path) == {}
    restarts.note_exit(tmp_path, 5)
    assert restarts.read_restarts(tmp_path) == {"memory": 1}
