"""kiosk.intake.store: install, version rules, activate, rollback, fallback, lock, keys."""

from __future__ import annotations

import errno
import json
import logging
import shutil
from pathlib import Path

import pytest

from kiosk.common.problems import PackError
from kiosk.content import files
from kiosk.intake import install as install_module
from kiosk.intake import store as store_module
from kiosk.intake.store import PackRef, PackStore


def _install(store: PackStore, source: Path, **kwargs):
    return store.install(source, **kwargs)


def test_install_makes_the_pack_live(store: PackStore, packs) -> None:
    result = _install(store, packs.kpack(packs.folder()))
    assert result.status == "installed", result.problems
    assert result.pack == PackRef("test-pack", "1.0.0")
    assert store.live() == ("test-pack", "1.0.0")
    folder = store.home / "packs" / "test-pack" / "1.0.0"
    assert sorted(p.name for p in folder.iterdir()) == [
        "MANIFEST",
        "MANIFEST.sig",
        "images",
        "lessons",
        "pack.yaml",
    ]
    assert json.loads(store.active_file.read_text()) == {
        "live": {"id": "test-pack", "version": "1.0.0"},
        "history": [],
    }
    pack = store.live_pack()
    assert pack is not None
    assert pack.root == folder.resolve()
    assert list((store.home / "staging").iterdir()) == []


def test_same_pack_again_is_nothing_to_do(store: PackStore, packs) -> None:
    kpack = packs.kpack(packs.folder())
    _install(store, kpack)
    before = store.active_file.stat().st_mtime_ns
    result = _install(store, kpack)
    assert result.status == "unchanged"
    assert result.ok
    assert "nothing to do" in result.message
    assert store.active_file.stat().st_mtime_ns == before


def test_same_version_other_content_is_refused(store: PackStore, packs) -> None:
    _install(store, packs.kpack(packs.folder()))
    other = packs.folder()
    packs.replace(other, "pack.yaml", "A short body.", "Another body.")
    result = _install(store, packs.kpack(other))
    assert result.status == "refused"
    assert "already installed with different content" in result.message
    assert store.live() == ("test-pack", "1.0.0")


def test_newer_then_older_version(store: PackStore, packs) -> None:
    old = packs.kpack(packs.folder("1.0.0"))
    new = packs.kpack(packs.folder("1.10.0"))  # compared as numbers: 10 > 9
    nine = packs.kpack(packs.folder("1.9.0"))
    assert _install(store, old).status == "installed"
    assert _install(store, new).status == "installed"
    assert store.history() == [("test-pack", "1.0.0")]
    refused = _install(store, nine)
    assert refused.status == "refused"
    assert "version 1.9.0 is older than 1.10.0, the highest installed" in refused.message
    assert "--allow-downgrade" in refused.message
    assert store.live() == ("test-pack", "1.10.0")
    assert not (store.home / "packs" / "test-pack" / "1.9.0").exists()
    assert _install(store, nine, allow_downgrade=True).status == "installed"
    assert store.live() == ("test-pack", "1.9.0")


def test_rollback_walks_the_history(store: PackStore, packs) -> None:
    for version in ("1.0.0", "2.0.0", "3.0.0"):
        _install(store, packs.kpack(packs.folder(version)))
    assert store.rollback() == ("test-pack", "2.0.0")
    assert store.rollback() == ("test-pack", "1.0.0")
    # Before the first install the bundled pack showed: rollback goes back to it, once.
    assert store.rollback() is None
    assert store.live() is None
    assert store.active().builtin
    assert not store.can_roll_back()
    with pytest.raises(PackError, match="no earlier pack"):
        store.rollback()
    assert store.active().builtin


def test_rollback_after_the_first_install_goes_back_to_the_bundled_pack(
    store: PackStore, packs
) -> None:
    assert not store.can_roll_back()  # nothing installed: the panel offers no rollback
    _install(store, packs.kpack(packs.folder("1.0.0")))
    assert store.can_roll_back()
    assert store.rollback() is None
    assert store.active().builtin
    assert store.live_pack() is None  # the caller shows the bundled pack
    assert PackRef("test-pack", "1.0.0") in store.marks().rolled_back  # the inbox leaves it


def test_rollback_skips_a_broken_pack(store: PackStore, packs) -> None:
    for version in ("1.0.0", "2.0.0", "3.0.0"):
        _install(store, packs.kpack(packs.folder(version)))
    (store.home / "packs" / "test-pack" / "2.0.0" / "pack.yaml").write_text("broken: [")
    assert store.rollback() == ("test-pack", "1.0.0")


def test_activate(store: PackStore, packs) -> None:
    _install(store, packs.kpack(packs.folder("1.0.0")))
    _install(store, packs.kpack(packs.folder("2.0.0")))
    assert store.activate("test-pack", "1.0.0") == ("test-pack", "1.0.0")
    assert store.live() == ("test-pack", "1.0.0")
    assert store.history() == [("test-pack", "2.0.0")]
    with pytest.raises(PackError, match="is not installed"):
        store.activate("test-pack", "9.9.9")
    with pytest.raises(PackError, match="is not installed"):
        store.activate("../../etc", "1")


def test_reinstalling_an_installed_but_not_live_pack_makes_it_live(store: PackStore, packs) -> None:
    one = packs.kpack(packs.folder("1.0.0"))
    _install(store, one)
    _install(store, packs.kpack(packs.folder("2.0.0")))
    store.rollback()
    # 2.0.0 is installed but not live; installing it again is the operator asking for it.
    result = _install(store, packs.kpack(packs.folder("2.0.0")))
    assert result.status == "installed"
    assert "made it live again" in result.message
    assert store.live() == ("test-pack", "2.0.0")


def test_live_pack_falls_back_to_the_previous_good_pack(
    store: PackStore, packs, caplog: pytest.LogCaptureFixture
) -> None:
    _install(store, packs.kpack(packs.folder("1.0.0")))
    _install(store, packs.kpack(packs.folder("2.0.0")))
    (store.home / "packs" / "test-pack" / "2.0.0" / "images" / "dot.svg").unlink()
    with caplog.at_level(logging.WARNING, "kiosk.store"):
        pack = store.live_pack()
    assert pack is not None
    assert pack.version == "1.0.0"
    assert "falling back" in caplog.text


def test_live_pack_is_none_when_nothing_loads(store: PackStore, packs) -> None:
    assert store.live_pack() is None
    _install(store, packs.kpack(packs.folder()))
    shutil.rmtree(store.home / "packs" / "test-pack")
    assert store.live_pack() is None


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[]",
        b'{"live": {"id": "../../etc", "version": "1"}}',
        b'{"live": {"id": "x", "version": "../1"}}',
        b'{"live": "x", "history": "y"}',
    ],
)
def test_live_pack_survives_a_damaged_active_json(store: PackStore, content: bytes) -> None:
    store.active_file.write_bytes(content)
    assert store.live() is None
    assert store.live_pack() is None


def test_live_pack_never_raises_on_a_read_error(store: PackStore, monkeypatch) -> None:
    monkeypatch.setattr(store, "_read_active", lambda: 1 / 0)
    assert store.live_pack() is None


def test_list_installed(store: PackStore, packs) -> None:
    _install(store, packs.kpack(packs.folder("1.0.0")))
    _install(store, packs.kpack(packs.folder("2.0.0")))
    (store.home / "packs" / "stray-file").write_text("x")
    listed = [(p.id, p.version, p.live) for p in store.list_installed()]
    assert listed == [("test-pack", "1.0.0", False), ("test-pack", "2.0.0", True)]


def test_a_new_store_removes_staging_leftovers(store: PackStore) -> None:
    leftover = store.home / "staging" / "install-abc"
    (leftover / "pack").mkdir(parents=True)
    (leftover / "source.kpack").write_bytes(b"half")
    (store.home / ".active.json.123.tmp").write_text("{}")
    PackStore(store.home)
    assert list((store.home / "staging").iterdir()) == []
    assert not (store.home / ".active.json.123.tmp").exists()


def test_staging_is_left_alone_while_an_install_holds_the_lock(store: PackStore) -> None:
    leftover = store.home / "staging" / "install-running"
    leftover.mkdir()
    with store.lock():
        PackStore(store.home)
        assert leftover.exists()


def test_install_waits_for_the_lock_then_refuses(store: PackStore, packs) -> None:
    kpack = packs.kpack(packs.folder())
    with store.lock():
        result = PackStore(store.home).install(kpack, lock_timeout=0.2)
    assert result.status == "refused"
    assert "another pack install is running" in result.message
    assert result.transient  # not the pack's fault: the inbox tries it again
    assert store.live() is None


def test_a_full_disk_after_the_signature_verified_is_transient(
    store: PackStore, packs, monkeypatch
) -> None:
    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module.os, "rename", full)
    result = store.install(packs.kpack(packs.folder()))
    assert result.status == "refused"
    assert result.transient
    assert "the disk is full" in result.message


def test_a_full_disk_before_anything_verified_is_not_transient(
    store: PackStore, packs, monkeypatch
) -> None:
    """Issue 13, case 3: junk that fills the disk must not be retried on every poll."""

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(PackStore, "_install_locked", full)
    result = store.install(packs.kpack(packs.folder()))
    assert result.status == "refused"
    assert not result.transient
    assert "the disk is full" in result.message


def test_a_bug_while_installing_is_a_logged_refusal(
    store: PackStore, packs, monkeypatch, caplog
) -> None:
    """Review finding: an unexpected exception reached the caller as a traceback."""
    assert store.install(packs.kpack(packs.folder("1.0.0"))).status == "installed"

    def buggy(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(install_module, "load_pack", buggy)
    with caplog.at_level(logging.ERROR, "kiosk.store"):
        result = store.install(packs.kpack(packs.folder("2.0.0")), origin="inbox")
    assert result.status == "refused"
    assert not result.transient
    assert result.message.endswith(
        "internal error while checking the pack; the live pack is unchanged"
    )
    assert "KeyError: 'surprise'" in caplog.text  # the traceback is in the log
    assert store.live() == ("test-pack", "1.0.0")
    assert list(store.staging_dir.iterdir()) == []
    assert store.last_install()["status"] == "refused"


@pytest.mark.parametrize(
    "data",
    [
        {"id": "test-pack\n", "version": "1.0.0"},
        {"id": "test-pack", "version": "1.0.0\n"},
        {"id": "Test", "version": "1.0.0"},
        {"id": "test-pack", "version": "1.0.0.0.0"},
    ],
)
def test_pack_refs_are_matched_in_full(data) -> None:
    """Review finding: ``$`` also matches before a final newline, and these are folder names."""
    assert PackRef.from_json(data) is None


def test_list_installed_ignores_folders_with_a_line_break(store: PackStore, packs) -> None:
    _install(store, packs.kpack(packs.folder()))
    (store.packs_dir / "test-pack" / "1.0.1\n").mkdir()
    (store.packs_dir / "other\n" / "1.0.0").mkdir(parents=True)
    assert [p.ref for p in store.list_installed()] == [("test-pack", "1.0.0")]


def test_no_verify_warns_loudly(store: PackStore, packs, caplog) -> None:
    folder = packs.folder()
    with caplog.at_level(logging.WARNING, "kiosk.store"):
        result = _install(store, folder, verify=False)
    assert result.status == "installed"
    assert "SIGNATURE CHECK SKIPPED" in caplog.text
    assert "signature NOT checked" in result.message


def test_a_folder_is_verified_too(store: PackStore, packs) -> None:
    result = _install(store, packs.folder())
    assert result.status == "refused"
    assert "not signed" in result.message


def test_install_from_a_missing_path(store: PackStore, tmp_path: Path) -> None:
    result = _install(store, tmp_path / "gone.kpack")
    assert result.status == "refused"
    assert result.transient
    assert "no such file" in result.message


def test_the_last_install_is_recorded(store: PackStore, packs) -> None:
    _install(store, packs.kpack(packs.folder()), origin="inbox")
    last = store.last_install()
    assert last is not None
    assert (last["status"], last["origin"], last["pack"]) == (
        "installed",
        "inbox",
        {"id": "test-pack", "version": "1.0.0"},
    )
    bad = packs.root / "bad.kpack"
    bad.write_bytes(b"nope")
    _install(store, bad, origin="media")
    last = store.last_install()
    assert last is not None
    assert last["status"] == "refused"
    assert "not a zip" in last["problems"][0]["message"]
    lines = (store.home / "logs" / "installs.jsonl").read_text().splitlines()
    assert [json.loads(line)["origin"] for line in lines] == ["inbox", "media"]


def test_trust_and_list_keys(home: Path, packs) -> None:
    store = PackStore(home)
    assert store.trusted_keys() == []
    kid = store.trust(packs.pub)
    assert (home / "keys" / f"{kid}.pub").is_file()
    assert [k.key_id for k in store.trusted_keys()] == [kid]
    assert store.trust(packs.pub) == kid  # again: fine
    with pytest.raises(PackError, match="not an Ed25519 public key"):
        store.trust(packs.root / "author.key")
    (home / "keys" / "junk.pub").write_text("junk")
    assert [k.key_id for k in store.trusted_keys()] == [kid]


def test_store_on_an_unwritable_home_does_not_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = PackStore(blocker / "home")  # a file where a folder should be
    assert store.live_pack() is None
    assert store.list_installed() == []


def test_on_step_sees_every_install_step_in_order(home: Path, packs) -> None:
    seen: list[str] = []
    store = PackStore(home, on_step=seen.append)
    store.trust(packs.pub)
    assert store.install(packs.kpack(packs.folder())).status == "installed"
    assert seen == list(store_module.INSTALL_STEPS)


def test_write_json_atomic_keeps_the_old_file_on_failure(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.json"
    store_module.write_json_atomic(path, {"v": 1})

    def fail(fh, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "write_all", fail)
    with pytest.raises(OSError, match="No space left"):
        store_module.write_json_atomic(path, {"v": 2})
    assert json.loads(path.read_text()) == {"v": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_a_live_pack_with_a_number_no_longer_allowed_is_not_shown(store, packs) -> None:
    """Like link_hosts: narrowing kiosk.yaml hotline_numbers stops showing a pack that breaks it."""
    assert store.install(packs.kpack(packs.folder())).status == "installed"
    assert store.live_pack() is not None
    assert store.live_pack(hotline_numbers=["911"]) is None
    with pytest.raises(PackError, match="hotline_numbers"):
        store.activate("test-pack", "1.0.0", hotline_numbers=["911"])
