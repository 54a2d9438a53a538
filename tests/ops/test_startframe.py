"""The start frame's decisions: its key, whether a kept one may be shown, and when it expires."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.ops.startframe import (
    LOOKAHEAD,
    Record,
    key_of,
    may_keep,
    record_from_json,
    schedule_rule,
    start_inputs,
    usable,
    valid_until,
    what_shows,
    works_on,
)

KEY = "a" * 64
SIZE = (1920, 1080)


def _key(home: Path, tmp: Path, **changes: object) -> str:
    settings: dict[str, object] = {
        "bundled_pack": tmp / "bundled",
        "qml": tmp / "qml",
        "version": "0.1.0",
        "venue": None,
        "language": None,
        "environ": {"QT_QPA_PLATFORM": "xcb"},
        "screen": (1920, 1080, 1.0),
    }
    settings.update(changes)
    return key_of(start_inputs(home, **settings))  # type: ignore[arg-type]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    for folder in ("home", "bundled", "qml"):
        (tmp_path / folder).mkdir()
    (tmp_path / "bundled" / "pack.yaml").write_text("id: x\n")
    (tmp_path / "qml" / "Main.qml").write_text("Item {}\n")
    return tmp_path / "home"


def test_the_key_is_the_same_for_the_same_inputs_in_any_order() -> None:
    pairs = [("a", "1"), ("b", "2"), ("c", "3")]
    assert key_of(pairs) == key_of(reversed(pairs))
    assert key_of(pairs) != key_of([("a", "1"), ("b", "2"), ("c", "4")])
    assert len(key_of([])) == 64


def test_what_a_start_writes_every_time_leaves_the_key_alone(home: Path, tmp_path: Path) -> None:
    before = _key(home, tmp_path)
    # A start creates these (the crash guard, logs, counts, caches, an empty keys/ folder).
    for name in ("starts.json", "restarts.json", "stats.sqlite3", "qr-cache.json"):
        (home / name).write_text("{}")
    (home / "logs").mkdir()
    (home / "logs" / "kiosk.log").write_text("started\n")
    (home / "keys").mkdir()
    assert _key(home, tmp_path) == before


@pytest.mark.parametrize("name", ["kiosk.yaml", "active.json", "versions.json"])
def test_settings_and_the_live_pack_change_the_key(home: Path, tmp_path: Path, name: str) -> None:
    before = _key(home, tmp_path)
    (home / name).write_text("x: 1\n")
    created = _key(home, tmp_path)
    assert created != before
    # Replaced the way the store and an editor do (a new file renamed into place).
    (home / f".{name}.tmp").write_text("x: 1\n")
    (home / f".{name}.tmp").replace(home / name)
    assert _key(home, tmp_path) != created


def test_a_key_trusted_or_revoked_changes_the_key(home: Path, tmp_path: Path) -> None:
    (home / "keys").mkdir()
    before = _key(home, tmp_path)
    (home / "keys" / "k1.pub").write_text("key")
    trusted = _key(home, tmp_path)
    assert trusted != before
    (home / "keys" / "k1.pub").unlink()
    assert _key(home, tmp_path) == before


def test_a_new_kiosk_build_changes_the_key(home: Path, tmp_path: Path) -> None:
    before = _key(home, tmp_path)
    assert _key(home, tmp_path, version="0.2.0") != before
    main = tmp_path / "qml" / "Main.qml"
    main.write_text("Item { width: 2 }\n")
    os.utime(main, ns=(1, 1))
    assert _key(home, tmp_path) != before
    (tmp_path / "bundled" / "slides.yaml").write_text("[]\n")
    assert _key(home, tmp_path) != before


def test_a_file_deep_in_the_bundled_pack_or_the_software_changes_the_key(
    home: Path, tmp_path: Path
) -> None:
    (tmp_path / "bundled" / "images").mkdir()
    picture = tmp_path / "bundled" / "images" / "a.svg"
    picture.write_text("<svg/>")
    code = tmp_path / "code"
    (code / "ui").mkdir(parents=True)
    (code / "ui" / "app.py").write_text("x = 1\n")
    before = _key(home, tmp_path, software=(code,))
    picture.write_text("<svg width='2'/>")
    edited = _key(home, tmp_path, software=(code,))
    assert edited != before
    (code / "ui" / "app.py").write_text("x = 2\n")
    assert _key(home, tmp_path, software=(code,)) != edited


def test_an_old_mtime_brought_back_still_changes_the_key(home: Path, tmp_path: Path) -> None:
    config = home / "kiosk.yaml"
    config.write_text("venue: hotel\n")
    os.utime(config, ns=(10**18, 10**18))
    before = _key(home, tmp_path)
    config.write_text("venue: mall!\n")  # same size, then the old times put back (cp -p)
    os.utime(config, ns=(10**18, 10**18))
    assert _key(home, tmp_path) != before


@pytest.mark.parametrize(
    "change",
    [
        {"venue": "hotel"},
        {"language": "es"},
        {"screen": (1080, 1920, 1.0)},
        {"screen": (1920, 1080, 2.0)},
        {"environ": {"QT_QPA_PLATFORM": "xcb", "QT_QUICK_BACKEND": "software"}},
        {"environ": {"QT_QPA_PLATFORM": "wayland"}},
    ],
)
def test_what_is_asked_for_changes_the_key(
    home: Path, tmp_path: Path, change: dict[str, object]
) -> None:
    assert _key(home, tmp_path, **change) != _key(home, tmp_path)


def test_an_unrelated_environment_variable_does_not(home: Path, tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "xcb", "PATH": "/elsewhere", "TERM": "dumb"}
    assert _key(home, tmp_path, environ=env) == _key(home, tmp_path)


def test_a_record_round_trips() -> None:
    record = Record(KEY, 1_800_000_000.5, None, SIZE, what_shows("installed", "us", "1.0"))
    assert record_from_json(record.to_json()) == record
    later = Record(KEY, 1_800_000_000.0, 1_800_003_600.0, (1080, 1920))
    assert record_from_json(later.to_json()) == later


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "start-frame",
        {},
        {"format": 2, "key": KEY, "written": 1.0, "valid_until": None, "size": [1, 1]},
        {"format": 1, "key": "short", "written": 1.0, "valid_until": None, "size": [1, 1]},
        {"format": 1, "key": 64, "written": 1.0, "valid_until": None, "size": [1, 1]},
        {"format": 1, "key": KEY, "written": True, "valid_until": None, "size": [1, 1]},
        {"format": 1, "key": KEY, "written": float("nan"), "valid_until": None, "size": [1, 1]},
        {"format": 1, "key": KEY, "written": 1.0, "valid_until": "never", "size": [1, 1]},
        {"format": 1, "key": KEY, "written": 1.0, "valid_until": None, "size": [0, 1]},
        {"format": 1, "key": KEY, "written": 1.0, "valid_until": None, "size": [1, 99999]},
        {"format": 1, "key": KEY, "written": 1.0, "valid_until": None, "size": [1.5, 1]},
        {"format": 1, "key": KEY, "written": 1.0, "valid_until": None, "size": [1, 1, 1]},
        {"format": 1, "key": KEY, "written": 1.0, "valid_until": None},
        {"format": 1, "key": KEY, "written": float("-inf"), "valid_until": None, "size": [1, 1]},
        {"format": 1, "key": KEY, "written": float("inf"), "valid_until": None, "size": [1, 1]},
        {"format": 1, "key": KEY, "written": -5.0, "valid_until": None, "size": [1, 1]},
        {"format": 1, "key": KEY, "written": 1e300, "valid_until": None, "size": [1, 1]},
        {"format": 1, "key": KEY, "written": 1.0, "valid_until": float("inf"), "size": [1, 1]},
        {"format": 1, "key": KEY, "written": 1.0, "valid_until": None, "size": [1, 1], "shows": 7},
        {"format": 1, "key": KEY, "written": 1.0, "valid_until": None, "size": [1, 1]}
        | {"shows": "x" * 301},
    ],
)
def test_anything_else_on_disk_is_no_record(data: object) -> None:
    assert record_from_json(data) is None


def test_a_kept_frame_is_shown_only_for_the_same_start() -> None:
    record = Record(KEY, 1000.0, None, SIZE)
    assert usable(record, KEY, 2000.0, SIZE)
    assert not usable(None, KEY, 2000.0, SIZE)
    assert not usable(record, "b" * 64, 2000.0, SIZE)
    assert not usable(record, KEY, 2000.0, (1280, 720))


def test_a_kept_frame_expires_and_a_clock_gone_back_voids_it() -> None:
    record = Record(KEY, 1000.0, 5000.0, SIZE)
    assert usable(record, KEY, 4999.0, SIZE)
    assert not usable(record, KEY, 5000.0, SIZE)
    assert usable(record, KEY, 998.0, SIZE)  # a clock a moment behind (NTP stepping it) is fine
    assert not usable(record, KEY, 0.0, SIZE)  # 1970: a dead RTC battery


def _open_between(start: int, end: int) -> Callable[[datetime], bool]:
    return lambda when: start <= when.hour * 60 + when.minute < end


def test_nothing_timed_never_expires() -> None:
    rule = schedule_rule(lambda when: True, has_hours=False, playlists=[], dated=False)
    assert valid_until(rule, datetime(2026, 12, 6, 10, 30)) is None


def test_opening_hours_expire_at_the_next_opening_or_closing() -> None:
    rule = schedule_rule(_open_between(8 * 60, 22 * 60), has_hours=True, playlists=[], dated=False)
    assert valid_until(rule, datetime(2026, 12, 6, 10, 30, 15)) == datetime(2026, 12, 6, 22, 0)
    assert valid_until(rule, datetime(2026, 12, 6, 23, 0)) == datetime(2026, 12, 7, 8, 0)


def test_a_playlist_by_time_of_day_expires_where_it_begins_or_ends() -> None:
    morning = _open_between(7 * 60, 9 * 60 + 30)
    rule = schedule_rule(lambda when: True, has_hours=False, playlists=[morning], dated=False)
    assert valid_until(rule, datetime(2026, 12, 6, 6, 0)) == datetime(2026, 12, 6, 7, 0)
    assert valid_until(rule, datetime(2026, 12, 6, 8, 0)) == datetime(2026, 12, 6, 9, 30)


def test_slides_with_dates_expire_at_midnight() -> None:
    rule = schedule_rule(lambda when: True, has_hours=False, playlists=[], dated=True)
    assert valid_until(rule, datetime(2026, 12, 6, 18, 5)) == datetime(2026, 12, 7, 0, 0)


def test_a_schedule_that_never_changes_today_looks_a_day_ahead_at_most() -> None:
    rule = schedule_rule(lambda when: True, has_hours=True, playlists=[], dated=False)
    when = datetime(2026, 12, 6, 18, 5)
    assert valid_until(rule, when) == when + LOOKAHEAD == datetime(2026, 12, 7, 18, 5)


@pytest.mark.parametrize(
    ("platform", "works"),
    [
        ("xcb", True),
        ("wayland", True),
        ("wayland-egl", True),
        ("offscreen", True),
        ("eglfs", False),
        ("linuxfb", False),
        ("vnc", False),
        ("", False),
    ],
)
def test_only_a_window_system_stacks_a_start_frame_under_the_scene(
    platform: str, works: bool
) -> None:
    assert works_on(platform) is works


def test_only_the_loop_of_a_start_that_was_not_set_aside_is_kept() -> None:
    assert may_keep(fallback=False, alert=False, attract=True, staff=False)
    assert not may_keep(fallback=False, alert=True, attract=True, staff=False)
    assert not may_keep(fallback=False, alert=False, attract=False, staff=False)
    assert not may_keep(fallback=False, alert=False, attract=True, staff=True)
    assert not may_keep(fallback=True, alert=False, attract=True, staff=False)


def test_what_a_start_showed_is_bounded() -> None:
    assert what_shows("the bundled default pack", "us-awareness", "2026.11.7") == (
        "the bundled default pack: us-awareness 2026.11.7"
    )
    assert len(what_shows("installed", "x" * 1000, "1")) == 300
