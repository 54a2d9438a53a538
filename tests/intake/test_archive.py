"""kiosk.intake.archive: safe unpacking of .kpack files and deterministic packing."""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from pathlib import Path

import pytest

from kiosk.common.problems import PackError
from kiosk.content import files, limits
from kiosk.intake import archive, trust


def _unpack(path: Path, tmp_path: Path) -> list[str]:
    dest = tmp_path / "out"
    dest.mkdir(exist_ok=True)
    return archive.unpack(path, dest)


def _refused(path: Path, tmp_path: Path) -> str:
    with pytest.raises(PackError) as info:
        _unpack(path, tmp_path)
    return str(info.value)


def test_pack_then_unpack_round_trips(packs, tmp_path: Path) -> None:
    folder = packs.folder()
    out = tmp_path / "p.kpack"
    files = archive.pack_folder(folder, out, extra={"EXTRA": b"x"})
    assert files == ["images/dot.svg", "lessons/basics.yaml", "pack.yaml"]
    assert _unpack(out, tmp_path) == ["EXTRA", *files]
    for name in files:
        assert (tmp_path / "out" / name).read_bytes() == (folder / name).read_bytes()


def test_packing_is_deterministic(packs, tmp_path: Path) -> None:
    folder = packs.folder()
    archive.pack_folder(folder, tmp_path / "a.kpack")
    os.utime(folder / "pack.yaml", (1_000_000, 1_000_000))
    (folder / "pack.yaml").chmod(0o600)
    archive.pack_folder(folder, tmp_path / "b.kpack")
    assert (tmp_path / "a.kpack").read_bytes() == (tmp_path / "b.kpack").read_bytes()


def test_packing_leaves_out_hidden_files(packs, tmp_path: Path) -> None:
    folder = packs.folder()
    (folder / ".DS_Store").write_bytes(b"junk")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref")
    assert ".DS_Store" not in archive.pack_folder(folder, tmp_path / "p.kpack")
    names = zipfile.ZipFile(tmp_path / "p.kpack").namelist()
    assert not any(name.startswith(".") for name in names)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("../evil.yaml", "'..'"),
        ("images/../../evil", "'..'"),
        ("/etc/passwd", "absolute path"),
        ("C:/Windows/evil", "drive letter"),
        ("c:evil", "drive letter"),
        ("images\\evil.svg", "backslash"),
        ("a//b", "empty"),
        ("./a", "'.'"),
        ("a\x00b", "control characters"),
        ("", "empty name"),
        ("x" * 500, "longer than"),
    ],
)
def test_unsafe_names_are_refused(name: str, words: str) -> None:
    reason = trust.name_problem(name)
    assert reason is not None
    assert words in reason


@pytest.mark.parametrize("name", ["pack.yaml", "images/a-b_c.svg", "images/", "a/b/c/d.png"])
def test_safe_names_pass(name: str) -> None:
    assert trust.name_problem(name) is None


def test_dot_dot_entry_is_refused_and_nothing_escapes(packs, tmp_path: Path) -> None:
    bad = packs.zip([("pack.yaml", b"id: x"), ("../escaped.txt", b"gotcha")])
    message = _refused(bad, tmp_path)
    assert "../escaped.txt:0: archive entry uses '..'" in message
    assert not (tmp_path / "escaped.txt").exists()


def test_absolute_entry_is_refused(packs, tmp_path: Path) -> None:
    info = zipfile.ZipInfo("/tmp/kiosk-absolute-test")
    assert "absolute path" in _refused(packs.zip([(info, b"x")]), tmp_path)
    assert not Path("/tmp/kiosk-absolute-test").exists()


def test_symlink_entry_is_refused(packs, tmp_path: Path) -> None:
    bad = packs.zip([(packs.symlink_info("images/dot.svg"), b"/etc/passwd")])
    assert "symbolic link" in _refused(bad, tmp_path)


def test_device_entry_is_refused(packs, tmp_path: Path) -> None:
    info = zipfile.ZipInfo("dev")
    info.create_system = 3
    info.external_attr = (stat.S_IFCHR | 0o666) << 16
    assert "device" in _refused(packs.zip([(info, b"")]), tmp_path)


def test_case_duplicates_are_refused(packs, tmp_path: Path) -> None:
    bad = packs.zip([("pack.yaml", b"a"), ("PACK.yaml", b"b")])
    assert "same name" in _refused(bad, tmp_path)


def test_every_header_problem_is_reported_at_once(packs, tmp_path: Path) -> None:
    bad = packs.zip([("../a", b""), ("/b", b""), (packs.symlink_info("c"), b"")])
    with pytest.raises(PackError) as info:
        _unpack(bad, tmp_path)
    assert len(info.value.problems) == 3


def test_too_many_entries(packs, tmp_path: Path) -> None:
    bad = packs.zip([(f"f{i}.txt", b"") for i in range(limits.MAX_ENTRIES + 1)])
    message = _refused(bad, tmp_path)
    assert "2,001 entries; the limit is 2,000" in message
    assert not any((tmp_path / "out").iterdir())


def test_entry_count_is_checked_before_the_zip_is_read(
    packs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ZipFile() loads the whole table of contents: millions of entries would exhaust memory."""
    bad = packs.zip([(f"f{i}.txt", b"") for i in range(limits.MAX_ENTRIES + 1)])

    def never(*args, **kwargs):
        raise AssertionError("the zip was opened before its entry count was checked")

    monkeypatch.setattr(archive.zipfile, "ZipFile", never)
    assert "2,001 entries; the limit is 2,000" in _refused(bad, tmp_path)


def test_table_of_contents_size_is_limited(
    packs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = packs.zip([(f"{'long-name-' * 30}{i}.txt", b"") for i in range(20)])
    monkeypatch.setattr(archive, "MAX_DIRECTORY_BYTES", 2048)
    assert "table of contents is" in _refused(bad, tmp_path)


def test_file_over_the_per_file_limit(packs, tmp_path: Path) -> None:
    bad = packs.zip([("images/huge.png", bytes(limits.MAX_FILE_BYTES + 1))])
    assert "the limit is 20,000,000 bytes per file" in _refused(bad, tmp_path)


def test_total_over_the_limit(packs, tmp_path: Path) -> None:
    size = limits.MAX_FILE_BYTES  # 11 files of 20 MB: 220 MB, each under the per-file limit
    bad = packs.zip([(f"images/{i}.png", bytes(size)) for i in range(11)])
    message = _refused(bad, tmp_path)
    assert "unpacks to 220,000,000 bytes; the limit is 200,000,000" in message


def _patch_sizes(path: Path, real: int, claimed: int) -> None:
    """Make the local and central headers claim ``claimed`` uncompressed bytes."""
    data = bytearray(path.read_bytes())
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(sig)
        assert int.from_bytes(data[at + offset : at + offset + 4], "little") == real
        data[at + offset : at + offset + 4] = claimed.to_bytes(4, "little")
    path.write_bytes(bytes(data))


def test_lying_header_is_refused(packs, tmp_path: Path) -> None:
    """A zip bomb that claims to be small: the real bytes never get written past the claim."""
    real = 5_000_000
    bad = packs.zip([("images/bomb.png", bytes(real))])
    _patch_sizes(bad, real, 100)
    assert "damaged" in _refused(bad, tmp_path)
    written = tmp_path / "out" / "images" / "bomb.png"
    assert not written.exists() or written.stat().st_size <= 100


def test_streaming_limit_holds_even_if_header_checks_are_fooled(
    packs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "_entry_problems", lambda infos, label: [])
    monkeypatch.setattr(archive, "MAX_FILE_BYTES", 1000)
    bad = packs.zip([("images/big.png", bytes(5000))])
    assert "more than 1,000 bytes" in _refused(bad, tmp_path)
    assert (tmp_path / "out" / "images" / "big.png").stat().st_size <= 1000


def test_streaming_total_limit(packs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(archive, "_entry_problems", lambda infos, label: [])
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 1500)
    bad = packs.zip([("a.png", bytes(1000)), ("b.png", bytes(1000))])
    assert "more than 1,500 bytes" in _refused(bad, tmp_path)


def test_not_a_zip(tmp_path: Path) -> None:
    bad = tmp_path / "x.kpack"
    bad.write_bytes(b"this is not a zip at all" * 10)
    assert "x.kpack:0: is not a content pack: not a zip archive" in _refused(bad, tmp_path)


def test_truncated_zip(packs, tmp_path: Path) -> None:
    good = packs.zip([("pack.yaml", os.urandom(10_000))])
    good.write_bytes(good.read_bytes()[:5000])
    assert "not a zip archive, or a damaged one" in _refused(good, tmp_path)


def test_destination_must_be_empty(packs, tmp_path: Path) -> None:
    good = packs.zip([("pack.yaml", b"")])
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x").write_text("x")
    with pytest.raises(ValueError):  # noqa: PT011 - any ValueError: the message is not the point
        _unpack(good, tmp_path)


def test_disk_full_while_unpacking(packs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fh, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_all", full)
    bad = packs.zip([("pack.yaml", b"id: x")])
    assert "pack.yaml:0: could not unpack this file: the disk is full" in _refused(bad, tmp_path)


def test_a_full_disk_is_a_transient_error(packs, tmp_path: Path, monkeypatch) -> None:
    """Not the pack's fault: an inbox must try it again later rather than remember a refusal."""

    def full(fh, data) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_all", full)
    with pytest.raises(files.TransientError, match="the disk is full"):
        _unpack(packs.kpack(packs.folder()), tmp_path)
