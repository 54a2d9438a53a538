"""Issue 13, cases 1-6: intake that no stick can talk out of its good pack.

Each test is one case of the issue as it was reproduced on main; each failed there.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from kiosk.content import files, records
from kiosk.intake.store import PackRef, PackStore
from kiosk.ops import inbox as inbox_module
from kiosk.ops.inbox import scan_for_new_packs


def _scan(store: PackStore, globs=(), **kwargs):
    kwargs.setdefault("settle_seconds", 0)
    return scan_for_new_packs(store.home, list(globs), store=store, **kwargs)


def _with_id(packs, pack_id: str, version: str) -> Path:
    folder = packs.folder(version)
    packs.replace(folder, "pack.yaml", "id: test-pack", f"id: {pack_id}")
    return packs.kpack(folder)


def _rezip(kpack: Path, out: Path) -> Path:
    """The same signed pack, stored instead of deflated, with a comment: new file bytes."""
    with zipfile.ZipFile(kpack) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        dst.comment = b"re-zipped"
        for info in src.infolist():
            data = src.read(info)
            copy = zipfile.ZipInfo(info.filename, date_time=(2026, 12, 24, 0, 0, 0))
            dst.writestr(copy, data)
    assert out.read_bytes() != kpack.read_bytes()
    return out


# -- 1. downgrade through another id -----------------------------------------------------------


@pytest.mark.parametrize("via", ["cli", "inbox"])
def test_1_a_downgrade_through_another_id_is_refused(store: PackStore, packs, via: str) -> None:
    assert store.install(_with_id(packs, "test-pack", "2026.12.0")).status == "installed"
    assert store.install(_with_id(packs, "regional-old", "2025.1.0")).status == "installed"
    older = _with_id(packs, "test-pack", "2026.11.0")
    if via == "cli":
        result = store.install(older)
    else:
        shutil.copy(older, store.inbox_dir / "older.kpack")
        [result] = _scan(store)
    assert result.status == "refused"
    assert not result.transient
    assert "older than 2026.12.0, the highest installed for test-pack" in result.message
    assert store.live() == ("regional-old", "2025.1.0")
    assert not store.pack_dir(PackRef("test-pack", "2026.11.0")).exists()


# -- 2. replay after a rollback; the inbox never forgets -----------------------------------------


def test_2_a_rezipped_rolled_back_pack_is_refused_from_the_inbox(store: PackStore, packs) -> None:
    assert store.install(packs.kpack(packs.folder("1.0.0"))).status == "installed"
    bad = packs.kpack(packs.folder("2.0.0"))
    shutil.copy(bad, store.inbox_dir / "bad.kpack")
    assert [r.status for r in _scan(store)] == ["installed"]
    assert store.rollback() == ("test-pack", "1.0.0")  # staff: 2.0.0 is bad

    _rezip(bad, store.inbox_dir / "bad-again.kpack")
    [result] = _scan(store)
    assert result.status == "refused"
    assert not result.transient
    assert "staff rolled back from test-pack 2.0.0" in result.message
    assert store.live() == ("test-pack", "1.0.0")
    assert _scan(store) == []  # remembered
    seen = json.loads((store.home / "inbox-seen.json").read_text())
    assert any(key.startswith("test-pack 2.0.0 ") for key in seen["packs"])
    # Staff may still bring it back on purpose.
    assert store.activate("test-pack", "2.0.0") == ("test-pack", "2.0.0")


def test_2_six_hundred_files_on_a_stick_are_not_processed_again(
    store: PackStore, packs, tmp_path: Path, monkeypatch
) -> None:
    stick = tmp_path / "media" / "STICK"
    stick.mkdir(parents=True)
    for i in range(600):
        (stick / f"junk{i:03}.kpack").write_bytes(b"not a zip %d" % i)
    globs = [f"{tmp_path}/media/*/"]
    # A poll's share at a time (kiosk.ops.inbox.ScanLimits.new_per_scan), all of them in the end.
    shares = [len(_scan(store, globs)) for _ in range(600 // 25)]
    assert shares == [25] * 24
    installs = []
    real = PackStore.install
    monkeypatch.setattr(
        PackStore, "install", lambda self, *a, **k: installs.append(a) or real(self, *a, **k)
    )
    hashed = []
    real_digest = inbox_module._digest
    monkeypatch.setattr(
        inbox_module, "_digest", lambda fh, key: hashed.append(key) or real_digest(fh, key)
    )
    for _ in range(3):
        assert _scan(store, globs) == []
    assert installs == []
    assert hashed == []


# -- 3. junk retried forever ---------------------------------------------------------------------


def _os_error_junk(packs) -> Path:
    """An unsigned zip whose unpack raises OS errors: a 300-byte name, and ``a`` beside ``a/b``."""
    return packs.zip([("x" * 300 + ".svg", b"x"), ("a", b"file"), ("a/b", b"file under a file")])


@pytest.mark.parametrize("verify", [True, False], ids=["verify", "developer-mode"])
def test_3_junk_that_raises_os_errors_is_remembered_not_retried(
    store: PackStore, packs, verify: bool
) -> None:
    shutil.copy(_os_error_junk(packs), store.inbox_dir / "junk.kpack")
    [result] = _scan(store, verify=verify)
    assert result.status == "refused"
    assert not result.transient
    journal = store.home / "logs" / "installs.jsonl"
    size = journal.stat().st_size
    for _ in range(3):
        assert _scan(store, verify=verify) == []
    assert journal.stat().st_size == size


def test_3_the_install_journal_rotates_by_size(tmp_path: Path) -> None:
    journal = records.Journal(tmp_path / "installs.jsonl", max_bytes=1000, keep=3)
    for i in range(200):
        journal.append({"n": i, "pad": "x" * 50})
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["installs.jsonl", "installs.jsonl.1", "installs.jsonl.2", "installs.jsonl.3"]
    assert all(p.stat().st_size <= 1000 for p in tmp_path.iterdir())
    numbers = [e["n"] for e in journal.entries()]
    assert numbers == sorted(numbers)
    assert numbers[-1] == 199


# -- 4. unpacked before verified -------------------------------------------------------------------


def test_4_an_unsigned_zip_bomb_is_refused_without_writing_it(
    store: PackStore, packs, monkeypatch
) -> None:
    size = 19_000_000  # ten files under the per-file limit: 190 MB unpacked
    bomb = packs.zip([(f"images/{i}.png", bytes(size)) for i in range(10)])
    assert bomb.stat().st_size < 400_000
    written: list[int] = []
    real = files.write_all
    monkeypatch.setattr(
        files, "write_all", lambda fh, data: written.append(len(data)) or real(fh, data)
    )
    result = store.install(bomb, origin="media")
    assert result.status == "refused"
    assert not result.transient
    assert "the pack is not signed" in result.message
    # Only the outcome's records were written: not the bomb, not even its copy.
    assert sum(written) < 50_000
    assert list(store.staging_dir.iterdir()) == []


def test_4_an_entry_not_listed_or_of_another_size_is_refused_unwritten(
    store: PackStore, packs, monkeypatch
) -> None:
    signed = packs.kpack(packs.folder("2.0.0"))
    with zipfile.ZipFile(signed, "a") as zf:
        zf.writestr("images/extra.png", bytes(5_000_000))
    written: list[int] = []
    real = files.write_all
    monkeypatch.setattr(
        files, "write_all", lambda fh, data: written.append(len(data)) or real(fh, data)
    )
    result = store.install(signed)
    assert "images/extra.png:0: file was added after signing" in result.message
    assert sum(written) < 50_000


# -- 5. a race in the inbox ----------------------------------------------------------------------


def test_5_an_inbox_entry_swapped_for_a_link_is_never_followed(
    store: PackStore, packs, monkeypatch
) -> None:
    """The file is swapped for a link to a rolled-back pack's folder after the scan opened it."""
    assert store.install(packs.kpack(packs.folder("1.0.0"))).status == "installed"
    assert store.install(packs.kpack(packs.folder("2.0.0"))).status == "installed"
    store.rollback()
    entry = store.inbox_dir / "x.kpack"
    entry.write_bytes(b"harmless junk")
    real = PackStore.install

    def swapped(self, source, **kwargs):
        source.unlink()
        source.symlink_to(self.pack_dir(PackRef("test-pack", "2.0.0")), target_is_directory=True)
        return real(self, source, **kwargs)

    monkeypatch.setattr(PackStore, "install", swapped)
    [result] = _scan(store)
    assert result.status == "refused"
    assert "not a content pack" in result.message  # what was opened: the junk, not the link
    assert store.live() == ("test-pack", "1.0.0")


@pytest.mark.parametrize("target", ["folder", "installed-pack"])
@pytest.mark.parametrize("origin", ["inbox", "media", "sync"])
def test_5_a_path_from_the_inbox_is_never_a_folder(
    store: PackStore, packs, tmp_path: Path, target: str, origin: str
) -> None:
    assert store.install(packs.kpack(packs.folder("1.0.0"))).status == "installed"
    assert store.install(packs.kpack(packs.folder("2.0.0"))).status == "installed"
    store.rollback()
    folder = (
        packs.folder("3.0.0")
        if target == "folder"
        else store.pack_dir(PackRef("test-pack", "2.0.0"))
    )
    link = store.inbox_dir / "x.kpack"
    link.symlink_to(folder, target_is_directory=True)
    for source in (link, folder):
        result = store.install(source, origin=origin)
        assert result.status == "refused"
        assert "is not a plain file" in result.message
    assert store.live() == ("test-pack", "1.0.0")


def test_5_pack_install_dir_stays_for_authors(store: PackStore, packs) -> None:
    assert store.install(packs.folder("1.0.0"), verify=False).status == "installed"


# -- 6. recover state ------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", [b"", b"\x00\xff random bytes \x13", b"[]", b'{"live": 1'])
def test_6_a_damaged_active_json_is_rebuilt(
    store: PackStore, packs, run_cli, damage: bytes, caplog
) -> None:
    for version in ("1.0.0", "2.0.0", "3.0.0"):
        assert store.install(packs.kpack(packs.folder(version))).status == "installed"
    assert store.rollback() == ("test-pack", "2.0.0")
    store.active_file.write_bytes(damage)
    with caplog.at_level(logging.WARNING, "kiosk.store"):
        fresh = PackStore(store.home)
        assert fresh.live() == ("test-pack", "2.0.0")  # the pack last live, from the journal
    assert "rebuilt from the installed packs and the install journal" in caplog.text
    assert json.loads(store.active_file.read_text())["live"] == {
        "id": "test-pack",
        "version": "2.0.0",
    }
    listing = run_cli("pack", "list")
    assert "live: test-pack 2.0.0" in listing.out
    live = fresh.live_pack()
    assert live is not None
    assert live.version == "2.0.0"
    # The downgrade guard is kept apart and survives.
    refused = fresh.install(packs.kpack(packs.folder("1.5.0")))
    assert "older than 3.0.0" in refused.message
    # And so does the rollback mark.
    replay = packs.kpack(packs.folder("3.0.0"))
    shutil.copy(replay, store.inbox_dir / "replay.kpack")
    assert [r.status for r in _scan(fresh)] == ["refused"]


def test_6_without_a_journal_the_newest_installed_pack_is_live(store: PackStore, packs) -> None:
    for version in ("1.0.0", "2.0.0"):
        assert store.install(packs.kpack(packs.folder(version))).status == "installed"
    store.activate("test-pack", "1.0.0")
    for path in (store.home / "logs").iterdir():
        path.unlink()
    os.utime(store.pack_dir(PackRef("test-pack", "1.0.0")), (1, 1))
    store.active_file.write_bytes(b"")
    assert PackStore(store.home).live() == ("test-pack", "2.0.0")


def test_a_stick_left_in_does_not_undo_an_activation(store: PackStore, packs) -> None:
    """The same pack again from a stick is nothing to do once staff chose another one."""
    assert store.install(packs.kpack(packs.folder("1.0.0"))).status == "installed"
    two = packs.kpack(packs.folder("2.0.0"))
    shutil.copy(two, store.inbox_dir / "two.kpack")
    assert [r.status for r in _scan(store)] == ["installed"]
    store.activate("test-pack", "1.0.0")
    _rezip(two, store.inbox_dir / "two-again.kpack")
    [result] = _scan(store)
    assert result.status == "unchanged"
    assert "already installed (staff chose another pack): nothing to do" in result.message
    assert store.live() == ("test-pack", "1.0.0")
