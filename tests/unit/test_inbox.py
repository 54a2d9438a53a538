"""kiosk.ops.inbox: new .kpack files in the inbox and on sticks are installed once."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from kiosk.content.store import PackStore
from kiosk.ops.inbox import find_candidates, scan_for_new_packs


def _scan(home: Path, globs=(), **kwargs):
    kwargs.setdefault("settle_seconds", 0)
    return scan_for_new_packs(home, list(globs), **kwargs)


def test_a_pack_dropped_in_the_inbox_is_installed_once(store: PackStore, packs) -> None:
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "new.kpack")
    results = _scan(store.home)
    assert [r.status for r in results] == ["installed"]
    assert store.live() == ("test-pack", "1.0.0")
    assert store.last_install()["origin"] == "inbox"
    assert _scan(store.home) == []
    assert (store.inbox_dir / "new.kpack").exists()  # never deleted


def test_a_pack_on_a_read_only_stick(store: PackStore, packs, tmp_path: Path) -> None:
    stick = tmp_path / "media" / "USBSTICK"
    stick.mkdir(parents=True)
    kpack = stick / "SPRING.KPACK"  # FAT sticks often shout
    shutil.copy(packs.kpack(packs.folder()), kpack)
    kpack.chmod(0o444)
    stick.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert find_candidates(store.home, [f"{tmp_path}/media/*/"]) == [(kpack, "media")]
        results = _scan(store.home, [f"{tmp_path}/media/*/"])
        assert [r.status for r in results] == ["installed"]
        assert store.last_install()["origin"] == "media"
        assert kpack.exists()
        assert _scan(store.home, [f"{tmp_path}/media/*/"]) == []
    finally:
        stick.chmod(0o755)


def test_a_refused_pack_is_not_retried_until_the_keys_change(home: Path, packs) -> None:
    store = PackStore(home)  # trusts nobody yet
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    results = _scan(home)
    assert [r.status for r in results] == ["refused"]
    assert "does not trust" in results[0].message
    assert _scan(home) == []  # remembered, not retried every few seconds
    store.trust(packs.pub)
    assert [r.status for r in _scan(home)] == ["installed"]


def test_the_same_file_under_another_name_is_recognised(store: PackStore, packs) -> None:
    kpack = packs.kpack(packs.folder())
    shutil.copy(kpack, store.inbox_dir / "a.kpack")
    assert len(_scan(store.home)) == 1
    shutil.copy(kpack, store.inbox_dir / "copy-of-a.kpack")
    assert _scan(store.home) == []


def test_a_file_still_being_copied_waits(store: PackStore, packs) -> None:
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    now = os.stat(store.inbox_dir / "p.kpack").st_mtime
    assert _scan(store.home, settle_seconds=5, clock=lambda: now + 1) == []
    assert len(_scan(store.home, settle_seconds=5, clock=lambda: now + 6)) == 1


def test_an_unreadable_pack_is_tried_again(store: PackStore, packs, monkeypatch) -> None:
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    real_install = PackStore.install
    calls = []

    def pulled(self, source, **kwargs):
        calls.append(source)
        if len(calls) == 1:  # the first attempt: the stick vanished mid-copy
            return real_install(self, source.with_name("vanished.kpack"), **kwargs)
        return real_install(self, source, **kwargs)

    monkeypatch.setattr(PackStore, "install", pulled)
    first = _scan(store.home)
    assert first[0].status == "refused" and first[0].transient
    assert [r.status for r in _scan(store.home)] == ["installed"]


def test_new_version_on_the_stick_is_installed(store: PackStore, packs) -> None:
    shutil.copy(packs.kpack(packs.folder("1.0.0")), store.inbox_dir / "pack.kpack")
    _scan(store.home)
    shutil.copy(packs.kpack(packs.folder("1.1.0")), store.inbox_dir / "pack.kpack")
    assert [r.status for r in _scan(store.home)] == ["installed"]
    assert store.live() == ("test-pack", "1.1.0")


def test_a_damaged_seen_file_is_ignored(store: PackStore, packs) -> None:
    (store.home / "inbox-seen.json").write_text("{not json")
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    assert [r.status for r in _scan(store.home)] == ["installed"]


def test_globs_may_name_files_and_missing_folders(store: PackStore, packs, tmp_path) -> None:
    stick = tmp_path / "run" / "media" / "kiosk" / "STICK"
    stick.mkdir(parents=True)
    shutil.copy(packs.kpack(packs.folder()), stick / "a.kpack")
    (stick / "notes.txt").write_text("x")
    (stick / ".hidden.kpack").write_text("x")
    found = find_candidates(
        store.home, [f"{tmp_path}/run/media/*/*/*.kpack", f"{tmp_path}/nowhere/*/"]
    )
    assert found == [(stick / "a.kpack", "media")]
