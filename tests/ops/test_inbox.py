"""kiosk.ops.inbox: new .kpack files in the inbox and on sticks are installed once."""

from __future__ import annotations

import errno
import itertools
import json
import logging
import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from kiosk.common.message import Message
from kiosk.common.problems import Problem
from kiosk.content import files, records
from kiosk.intake import archive
from kiosk.intake import store as store_module
from kiosk.intake.store import PackStore
from kiosk.ops import inbox as inbox_module
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
    now = (store.inbox_dir / "p.kpack").stat().st_mtime
    assert _scan(store.home, settle_seconds=5, clock=lambda: now + 1) == []
    assert len(_scan(store.home, settle_seconds=5, clock=lambda: now + 6)) == 1


def _later(seconds: float = 3600):
    """A clock past any retry delay."""
    return lambda: time.time() + seconds


def test_an_unreadable_pack_is_tried_again_after_a_delay(store: PackStore, packs, monkeypatch):
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    real_copy = files.copy_from
    calls = []

    def pulled(fin, dest, **kwargs):
        calls.append(dest)
        if len(calls) == 1:  # the first attempt: the stick vanished mid-copy
            raise files.SourceReadError([Problem("p.kpack", 0, "", "could not read it")])
        return real_copy(fin, dest, **kwargs)

    monkeypatch.setattr(files, "copy_from", pulled)
    first = _scan(store.home)
    assert first[0].status == "refused"
    assert first[0].transient
    assert _scan(store.home) == []  # not retried at once: it waits a while
    assert len(calls) == 1
    assert [r.status for r in _scan(store.home, clock=_later())] == ["installed"]


def test_retry_delays_grow_and_are_capped(store: PackStore, packs, monkeypatch) -> None:
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")

    def pulled(fin, dest, **kwargs):
        raise files.SourceReadError([Problem("p.kpack", 0, "", "could not read it")])

    monkeypatch.setattr(files, "copy_from", pulled)
    now = time.time()
    tries = []
    for minute in range(0, 120):
        results = _scan(store.home, clock=lambda m=minute: now + 60 * m)
        tries += [minute] * len(results)
    gaps = [b - a for a, b in itertools.pairwise(tries)]
    assert gaps == sorted(gaps)
    assert gaps[0] == 1
    assert max(gaps) == 10


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


# -- review findings: hostile sticks, retries, one store -----------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists() or not hasattr(os, "mkfifo"), reason="POSIX")
def test_links_pipes_and_folders_named_kpack_are_skipped(
    store: PackStore, packs, tmp_path: Path, caplog, finishes
) -> None:
    """A symlink to /dev/zero was hashed forever, a FIFO blocked, a folder warned every poll."""
    stick = tmp_path / "media" / "STICK"
    stick.mkdir(parents=True)
    (stick / "pack.kpack").symlink_to("/dev/zero")
    os.mkfifo(stick / "pipe.kpack")
    (stick / "folder.kpack").mkdir()
    os.mkfifo(store.inbox_dir / "pipe.kpack")
    (store.inbox_dir / "zero.kpack").symlink_to("/dev/zero")
    (store.inbox_dir / "dir.kpack").mkdir()
    real = packs.kpack(packs.folder())
    (store.inbox_dir / "link.kpack").symlink_to(real)  # links are refused even to a real pack
    globs = [f"{tmp_path}/media/*/", f"{tmp_path}/media/*/*.kpack"]
    assert find_candidates(store.home, globs) == []
    with caplog.at_level(logging.DEBUG):
        assert finishes(lambda: _scan(store.home, globs)) == []
    assert "WARNING" not in caplog.text
    assert "ERROR" not in caplog.text
    assert not (store.home / "inbox-seen.json").exists()  # nothing to remember


def test_hashing_stops_at_the_archive_limit(store: PackStore, packs, monkeypatch) -> None:
    """A file that reads longer than its size (a lying file system) is not read to its end."""
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    calls = []
    real_digest = inbox_module._digest

    def digest(fh, stat_key):
        calls.append(stat_key)
        return real_digest(fh, stat_key)

    monkeypatch.setattr(inbox_module, "_digest", digest)
    monkeypatch.setattr(inbox_module, "MAX_ARCHIVE_BYTES", 100)
    monkeypatch.setattr(archive, "MAX_ARCHIVE_BYTES", 100)  # and the install sees that too
    results = _scan(store.home)
    assert [(r.status, r.transient) for r in results] == [("refused", False)]
    assert "the limit" in results[0].message
    assert _scan(store.home) == []  # remembered, not hashed and copied on every poll
    assert len(calls) <= 1


def test_a_busy_store_is_tried_again(store: PackStore, packs, monkeypatch) -> None:
    """Review finding: a StoreBusy refusal was remembered as final in inbox-seen.json."""
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    real_install = PackStore.install

    def impatient(self, source, **kwargs):
        return real_install(self, source, lock_timeout=0.1, **kwargs)

    monkeypatch.setattr(PackStore, "install", impatient)
    with store.lock():  # the command line is installing something
        busy = _scan(store.home)
    assert [(r.status, r.transient) for r in busy] == [("refused", True)]
    assert [r.status for r in _scan(store.home, clock=_later())] == ["installed"]


def test_a_full_disk_for_a_signed_pack_is_tried_again(store: PackStore, packs, monkeypatch):
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    real = store_module.os.rename
    calls = []

    def full_once(src, dst):
        calls.append(src)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(store_module.os, "rename", full_once)
    first = _scan(store.home)
    assert [(r.status, r.transient) for r in first] == [("refused", True)]
    assert "the disk is full" in first[0].message
    assert [r.status for r in _scan(store.home, clock=_later())] == ["installed"]


def test_a_full_disk_while_copying_is_tried_again(store: PackStore, packs, monkeypatch) -> None:
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    real = files.write_all

    def full(fh, data) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_all", full)
    assert [r.transient for r in _scan(store.home)] == [True]
    monkeypatch.setattr(files, "write_all", real)
    assert [r.status for r in _scan(store.home, clock=_later())] == ["installed"]


def test_a_poller_passes_its_own_store(store: PackStore, packs, monkeypatch) -> None:
    def no_new_store(home):
        raise AssertionError("a new PackStore was made")

    monkeypatch.setattr(inbox_module, "PackStore", no_new_store)
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    assert [r.status for r in _scan(store.home, store=store)] == ["installed"]


def test_an_idle_scan_does_not_read_the_keys(store: PackStore, monkeypatch) -> None:
    def no_keys(self):
        raise AssertionError("keys read for nothing")

    monkeypatch.setattr(PackStore, "trusted_keys", no_keys)
    assert _scan(store.home, store=store) == []


def test_the_inbox_honours_hotline_numbers_and_retries_when_they_change(
    store: PackStore, packs
) -> None:
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    results = _scan(store.home, hotline_numbers=["911"])
    assert [r.status for r in results] == ["refused"]
    assert "number '1-800-843-5678' is not on" in str(results[0].problems[0])
    assert _scan(store.home, hotline_numbers=["911"]) == []  # remembered
    results = _scan(store.home, hotline_numbers=["911", "1-800-843-5678"])
    assert [r.status for r in results] == ["installed"]


# -- issue 23: a stick of thousands of files; a stick pulled mid-copy ----------------------------


def _junk_stick(tmp_path: Path, count: int, *, others: int = 0) -> list[str]:
    stick = tmp_path / "media" / "FLOOD"
    stick.mkdir(parents=True)
    for i in range(count):
        (stick / f"junk{i:05}.kpack").write_bytes(b"junk %d" % i)
    for i in range(others):
        (stick / f"photo{i:05}.jpg").write_bytes(b"x")
    return [f"{tmp_path}/media/*/"]


def _fast_refusals(monkeypatch) -> list[str]:
    """Every install refused at once, as junk is, without the store's disk work (speed only)."""
    installs: list[str] = []

    def refuse(self, source, **kwargs):
        installs.append(Path(source).name)
        message = f"refused {Path(source).name}: not a zip archive, or a damaged one"
        return store_module.InstallResult("refused", str(source), message=message)

    monkeypatch.setattr(PackStore, "install", refuse)
    return installs


def test_a_stick_of_thousands_of_files_costs_a_share_per_poll(
    store: PackStore, tmp_path: Path, monkeypatch, caplog
) -> None:
    """56,000 files: every one hashed and installed in one poll, again and again (issue 23)."""
    globs = _junk_stick(tmp_path, 3_000, others=2_000)
    installs = _fast_refusals(monkeypatch)
    limits = inbox_module.ScanLimits(candidates=2_000, new_per_scan=400, files=2_500)
    with caplog.at_level(logging.WARNING):
        shares = [len(_scan(store.home, globs, limits=limits)) for _ in range(6)]
    assert shares == [400] * 5 + [0]  # a share a poll, then nothing: all 2,000 remembered
    assert len(set(installs)) == 2_000  # only the first 2,000 .kpack files, each once
    assert "only the first are read" in caplog.text
    seen = json.loads((store.home / inbox_module.SEEN_FILE).read_text())
    assert len(seen["files"]) == 2_000
    assert len(seen["stat"]) == 2_000


def test_the_memory_never_outgrows_its_cap(store: PackStore, tmp_path: Path, monkeypatch) -> None:
    """inbox-seen.json grew past its own 64 MB cap, was then read as damaged, and every file
    was hashed again on every poll, forever."""
    globs = _junk_stick(tmp_path, 1_500)
    _fast_refusals(monkeypatch)
    cap = 200_000  # about 700 of these records
    limits = inbox_module.ScanLimits(new_per_scan=500, memory_bytes=cap)
    path = store.home / inbox_module.SEEN_FILE
    for _ in range(4):
        _scan(store.home, globs, limits=limits)
        assert path.stat().st_size <= cap
        assert isinstance(records.read_json(path, limit=cap), dict)  # never read as damaged


def test_old_absent_records_go_first(store: PackStore, tmp_path: Path, monkeypatch) -> None:
    _fast_refusals(monkeypatch)
    limits = inbox_module.ScanLimits(files=50, new_per_scan=100)
    ticks = itertools.count(int(time.time()) + 60)
    stick = tmp_path / "media" / "A"
    stick.mkdir(parents=True)
    for i in range(40):
        (stick / f"old{i:02}.kpack").write_bytes(b"old %d" % i)
        os.utime(stick / f"old{i:02}.kpack", (1, 1))
    _scan(store.home, [f"{tmp_path}/media/*/"], limits=limits, clock=lambda: next(ticks))
    shutil.rmtree(stick)  # that stick is gone; another with 30 files comes
    globs = _junk_stick(tmp_path, 30)
    _scan(store.home, globs, limits=limits, clock=lambda: next(ticks))
    seen = json.loads((store.home / inbox_module.SEEN_FILE).read_text())
    names = sorted(record["name"] for record in seen["files"].values())
    # All 30 present, and the 20 newest of the 40 absent.
    assert names == sorted(
        [f"old{i:02}.kpack" for i in range(20, 40)] + [f"junk{i:05}.kpack" for i in range(30)]
    )


class _RewrittenWhileRead:
    """The file is rewritten in place (``cp`` truncates first) just after it was hashed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.done = False

    def truncate(self) -> None:
        if not self.done:
            self.done = True
            with self.path.open("r+b") as fh:
                fh.truncate(self.path.stat().st_size // 2)


def test_a_pack_cut_short_while_read_is_installed_when_whole_again(
    store: PackStore, packs, monkeypatch
) -> None:
    """The refusal of a copy cut short was remembered against the intact file's digest, so the
    intact file, back on the stick, was never tried again (issue 23)."""
    intact = packs.kpack(packs.folder()).read_bytes()
    target = store.inbox_dir / "p.kpack"
    target.write_bytes(intact)
    cut = _RewrittenWhileRead(target)
    real_archive = archive.Archive.__init__

    def archive_after_cut(self, fh, label):
        cut.truncate()
        return real_archive(self, fh, label)

    monkeypatch.setattr(archive.Archive, "__init__", archive_after_cut)
    [first] = _scan(store.home)
    assert first.status == "refused"  # it read as junk: cut short
    target.write_bytes(intact)  # the whole file again (a new time, the old digest)
    os.utime(target, (1, 1))
    assert [r.status for r in _scan(store.home, clock=_later())] == ["installed"]
    assert store.live() == ("test-pack", "1.0.0")


def test_a_stick_pulled_after_the_verdict_is_read_is_tried_again(
    store: PackStore, packs, monkeypatch
) -> None:
    """A refusal whose file cannot be read again (the stick gone) is not a verdict to keep."""
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    real = inbox_module._read_digest
    reads = []

    def pulled_on_second_read(fh, stat_key):
        reads.append(stat_key)
        if len(reads) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(fh, stat_key)

    monkeypatch.setattr(inbox_module, "_read_digest", pulled_on_second_read)
    untrusting = PackStore.trusted_keys
    monkeypatch.setattr(PackStore, "trusted_keys", lambda self: [])  # refused for its signer
    [first] = _scan(store.home)
    assert first.status == "refused"
    monkeypatch.setattr(PackStore, "trusted_keys", untrusting)
    assert _scan(store.home) == []  # waits a while, as any read error does
    assert [r.status for r in _scan(store.home, clock=_later())] == ["installed"]


def test_a_verdict_on_a_whole_file_is_kept(store: PackStore, packs) -> None:
    """Junk that reads the same again is remembered: not read on every poll."""
    (store.inbox_dir / "junk.kpack").write_bytes(b"junk")
    assert [r.status for r in _scan(store.home)] == ["refused"]
    assert _scan(store.home, clock=_later()) == []


def test_a_stick_of_thousands_of_keys_offers_a_few(store: PackStore, tmp_path: Path) -> None:
    """The panel reads every .pub it offers, on the GUI thread: a few, never thousands."""
    stick = tmp_path / "media" / "KEYS"
    stick.mkdir(parents=True)
    for i in range(500):
        (stick / f"k{i:03}.pub").write_text("x")
    found = inbox_module.find_public_keys(store.home, [f"{tmp_path}/media/*/"])
    assert [p.name for p, _ in found] == [f"k{i:03}.pub" for i in range(inbox_module.KEYS_SHOWN)]


def test_the_default_limits_fit_the_memory_cap() -> None:
    limits = inbox_module.ScanLimits()
    assert inbox_module.worst_case_bytes(limits) < limits.memory_bytes * 0.75


def test_a_record_never_outgrows_its_share(store: PackStore, monkeypatch) -> None:
    """The longest name a file system allows, in characters JSON escapes as two \\u sequences,
    and a reason of any length: one record stays within ENTRY_MAX_BYTES."""
    name = "\U0001f600" * 60 + ".kpack"  # 246 bytes of UTF-8, 12 bytes each once escaped
    (store.inbox_dir / name).write_bytes(b"junk")

    def refuse(self, source, **kwargs):
        smile = "\U0001f600" * 5_000
        said = Message.of("refused", pack=smile, reason=Message.of("contentProblem", where=smile))
        return store_module.InstallResult("refused", str(source), message=smile, said=said)

    monkeypatch.setattr(PackStore, "install", refuse)
    _scan(store.home)
    seen = json.loads((store.home / inbox_module.SEEN_FILE).read_text())
    [record] = seen["files"].values()
    entry = json.dumps({"k" * 80: record}, indent=2)
    assert len(entry.encode()) + 64 <= inbox_module.ENTRY_MAX_BYTES


@pytest.mark.parametrize("damage", ["cut", "zeroed"])
def test_a_damaged_copy_on_a_stick_then_the_intact_file_installs(
    store: PackStore, packs, damage: str
) -> None:
    """A stick pulled while the file was copied onto it: cut short, or (FAT) full size with
    clusters never written. The signed pack inside is not to blame: the intact file installs."""
    intact = packs.kpack(packs.folder()).read_bytes()
    broken = bytearray(intact)
    if damage == "cut":
        broken = broken[: len(broken) // 2]
    else:
        broken[len(broken) // 4 : len(broken) // 2] = bytes(len(broken) // 2 - len(broken) // 4)
    target = store.inbox_dir / "p.kpack"
    target.write_bytes(bytes(broken))
    assert [r.status for r in _scan(store.home)] == ["refused"]
    assert _scan(store.home, clock=_later()) == []  # that file is junk: not read again
    target.write_bytes(intact)
    os.utime(target, (2, 2))
    assert [r.status for r in _scan(store.home, clock=_later())] == ["installed"]


def test_files_that_always_fail_to_read_never_starve_a_new_pack(
    store: PackStore, packs, monkeypatch
) -> None:
    """Files that always gave EIO, named to sort first, used up every scan's share of new files
    and were read again on every poll: zz-real.kpack was never tried (review of issue 23)."""
    stick = store.inbox_dir
    for name in ("a1.kpack", "a2.kpack", "a3.kpack"):
        (stick / name).write_bytes(b"PK damaged " + name.encode())
    shutil.copy(packs.kpack(packs.folder()), stick / "zz-real.kpack")
    names: dict[int, str] = {}
    tries: list[str] = []
    real_open, real_digest = files.open_plain_file, inbox_module._digest

    def open_file(path: Path, **kwargs):
        if path.parent == stick:  # the install opens files of its own
            tries.append(path.name)
        if path.name == "a1.kpack":  # a damaged stick: cannot even be opened
            raise OSError(errno.EIO, "Input/output error")
        fh = real_open(path, **kwargs)
        names[fh.fileno()] = path.name
        return fh

    def digest(fh, stat_key: str) -> str:
        if names[fh.fileno()] in {"a2.kpack", "a3.kpack"}:  # opens, then fails to read
            raise OSError(errno.EIO, "Input/output error")
        return real_digest(fh, stat_key)

    monkeypatch.setattr(files, "open_plain_file", open_file)
    monkeypatch.setattr(inbox_module, "_digest", digest)
    limits = inbox_module.ScanLimits(new_per_scan=2, retries_per_scan=1)
    now = time.time()
    assert _scan(store.home, clock=lambda: now, limits=limits) == []
    assert tries == ["a1.kpack", "a2.kpack"]
    installed = _scan(store.home, clock=lambda: now + 3, limits=limits)  # the next poll
    assert [r.status for r in installed] == ["installed"]
    assert tries[2:] == ["a3.kpack", "zz-real.kpack"]  # a1 and a2 wait: not read again
    outcomes = {o.path.name: o.status for o in inbox_module.last_outcomes(store.home, [])}
    assert outcomes == {
        "a1.kpack": "retrying",
        "a2.kpack": "retrying",
        "a3.kpack": "retrying",
        "zz-real.kpack": "installed",
    }
    del tries[:]
    assert _scan(store.home, clock=lambda: now + 5, limits=limits) == []
    assert tries == []  # all wait
    # Past their delays: tried again, one per scan (their own share), each delay growing.
    for step in range(1, 4):
        _scan(store.home, clock=lambda s=step: now + 60 * s, limits=limits)
    assert tries == ["a1.kpack", "a2.kpack", "a3.kpack"]
    memory = json.loads((store.home / inbox_module.SEEN_FILE).read_text())
    assert sorted(r["attempts"] for r in memory["retry"].values()) == [2, 2, 2]


def test_a_file_readable_again_is_forgotten_as_unreadable(store: PackStore, packs, monkeypatch):
    shutil.copy(packs.kpack(packs.folder()), store.inbox_dir / "p.kpack")
    real_digest = inbox_module._digest
    failing = [True]

    def digest(fh, stat_key: str) -> str:
        if failing[0]:
            raise OSError(errno.EIO, "Input/output error")
        return real_digest(fh, stat_key)

    monkeypatch.setattr(inbox_module, "_digest", digest)
    assert _scan(store.home) == []
    failing[0] = False
    assert [r.status for r in _scan(store.home, clock=_later())] == ["installed"]
    memory = json.loads((store.home / inbox_module.SEEN_FILE).read_text())
    assert memory["retry"] == {}


def test_packs_and_keys_are_found_in_any_case(store: PackStore, tmp_path: Path) -> None:
    """A FAT stick shows KEY.PUB: the key list matched ".pub" only, unlike the packs."""
    stick = tmp_path / "media" / "STICK"
    stick.mkdir(parents=True)
    for name in ("ACME.PUB", "b.pub", "PACK.KPACK", "c.kpack", ".hidden.pub", "note.txt"):
        (stick / name).write_text("x")
    globs = [f"{tmp_path}/media/*/", f"{tmp_path}/media/*/*.PuB"]
    keys = inbox_module.find_public_keys(store.home, globs)
    assert [p.name for p, _ in keys] == ["ACME.PUB", "b.pub"]
    found = find_candidates(store.home, globs)
    assert [p.name for p, _ in found] == ["PACK.KPACK", "c.kpack"]
