"""kiosk.intake.signing: MANIFEST, MANIFEST.sig, key files and verification."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.common.problems import PackError
from kiosk.content import files
from kiosk.intake import archive, signing


def _signed_folder(packs, tmp_path: Path, key=None) -> Path:
    out = packs.kpack(packs.folder(), key=key)
    dest = tmp_path / "unpacked"
    dest.mkdir()
    archive.unpack(out, dest)
    return dest


def _trusted(packs, tmp_path: Path) -> Path:
    keys = tmp_path / "trusted"
    keys.mkdir(exist_ok=True)
    shutil.copy(packs.pub, keys / "whatever-name.pub")
    return keys


def test_new_keypair_files(tmp_path: Path) -> None:
    private, public, kid = signing.new_keypair(tmp_path / "acme")
    assert (private.name, public.name) == ("acme.key", "acme.pub")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert public.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    key = signing.load_public_key(public)
    raw = key.raw
    assert len(raw) == 32
    assert kid == hashlib.sha256(raw).hexdigest()[:16] == signing.key_id(key)
    assert signing.key_id(signing.load_private_key(private).public_key()) == kid


@pytest.mark.parametrize("existing", ["acme.key", "acme.pub"])
def test_new_keypair_never_overwrites(tmp_path: Path, existing: str) -> None:
    (tmp_path / existing).write_bytes(b"precious")
    with pytest.raises(PackError, match="not overwriting"):
        signing.new_keypair(tmp_path / "acme")
    assert (tmp_path / existing).read_bytes() == b"precious"
    assert len(list(tmp_path.iterdir())) == 1


def test_manifest_format(packs, tmp_path: Path) -> None:
    folder = _signed_folder(packs, tmp_path)
    text = (folder / "MANIFEST").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert text.endswith("\n")
    assert [line.split("  ")[2] for line in lines] == [
        "images/dot.svg",
        "lessons/basics.yaml",
        "pack.yaml",
    ]
    for line in lines:
        sha, size, path = re.fullmatch(r"([0-9a-f]{64})  (\d+)  (.+)", line).groups()
        data = (folder / path).read_bytes()
        assert (sha, int(size)) == (hashlib.sha256(data).hexdigest(), len(data))


def test_signature_format(packs, tmp_path: Path) -> None:
    folder = _signed_folder(packs, tmp_path)
    first, second = (folder / "MANIFEST.sig").read_text().splitlines()
    assert first == f"ed25519 {signing.key_id(packs.key.public_key())}"
    packs.key.public_key().verify(base64.b64decode(second), (folder / "MANIFEST").read_bytes())


def test_verify_accepts_a_signed_pack(packs, tmp_path: Path) -> None:
    folder = _signed_folder(packs, tmp_path)
    assert signing.verify(folder, _trusted(packs, tmp_path)) == signing.key_id(
        packs.key.public_key()
    )


def _verify_fails(folder: Path, keys: Path) -> str:
    with pytest.raises(PackError) as info:
        signing.verify(folder, keys)
    return str(info.value)


def test_no_signature(packs, tmp_path: Path) -> None:
    folder = _signed_folder(packs, tmp_path)
    (folder / "MANIFEST.sig").unlink()
    assert "not signed (no MANIFEST.sig)" in _verify_fails(folder, _trusted(packs, tmp_path))
    (folder / "MANIFEST").unlink()
    assert "not signed" in _verify_fails(folder, _trusted(packs, tmp_path))


def test_untrusted_key(packs, tmp_path: Path) -> None:
    folder = _signed_folder(packs, tmp_path)
    empty = tmp_path / "none"
    empty.mkdir()
    message = _verify_fails(folder, empty)
    assert "which this kiosk does not trust (this kiosk trusts no keys yet" in message
    _, other_pub, _ = signing.new_keypair(tmp_path / "other")
    keys = tmp_path / "others"
    keys.mkdir()
    shutil.copy(other_pub, keys / "x.pub")
    assert "trusts 1 other key(s)" in _verify_fails(folder, keys)


def test_key_file_renamed_to_a_trusted_id_is_not_trusted(packs, tmp_path: Path) -> None:
    """The id comes from the key itself, not from its file name."""
    folder = _signed_folder(packs, tmp_path)
    _, other_pub, _ = signing.new_keypair(tmp_path / "other")
    keys = tmp_path / "k"
    keys.mkdir()
    shutil.copy(other_pub, keys / f"{signing.key_id(packs.key.public_key())}.pub")
    assert "does not trust" in _verify_fails(folder, keys)


def test_file_changed_after_signing(packs, tmp_path: Path) -> None:
    folder = _signed_folder(packs, tmp_path)
    (folder / "pack.yaml").write_text(
        (folder / "pack.yaml").read_text().replace("1-800-843-5678", "1-900-555-0100")
    )
    assert "pack.yaml:0: file was changed after signing" in _verify_fails(
        folder, _trusted(packs, tmp_path)
    )


def test_file_added_or_removed_after_signing(packs, tmp_path: Path) -> None:
    folder = _signed_folder(packs, tmp_path)
    (folder / "images" / "extra.svg").write_text("<svg/>")
    (folder / "lessons" / "basics.yaml").unlink()
    message = _verify_fails(folder, _trusted(packs, tmp_path))
    assert "images/extra.svg:0: file was added after signing" in message
    assert "lessons/basics.yaml:0: file is listed in MANIFEST but missing" in message


def test_manifest_edited_after_signing(packs, tmp_path: Path) -> None:
    """Re-hashing a changed file into MANIFEST breaks the signature."""
    folder = _signed_folder(packs, tmp_path)
    (folder / "pack.yaml").write_text("changed")
    entries = signing.manifest_entries(folder)
    (folder / "MANIFEST").write_bytes(signing.manifest_bytes(entries))
    assert "does not match" in _verify_fails(folder, _trusted(packs, tmp_path))


@pytest.mark.parametrize(
    "sig",
    [b"", b"rsa 0123456789abcdef\nAAAA\n", b"ed25519 xyz\nAAAA\n", b"ed25519 0123456789abcdef\n"],
)
def test_malformed_signature_file(packs, tmp_path: Path, sig: bytes) -> None:
    folder = _signed_folder(packs, tmp_path)
    (folder / "MANIFEST.sig").write_bytes(sig)
    assert "MANIFEST.sig:1:" in _verify_fails(folder, _trusted(packs, tmp_path))


def test_bad_base64_signature(packs, tmp_path: Path) -> None:
    folder = _signed_folder(packs, tmp_path)
    first = (folder / "MANIFEST.sig").read_text().splitlines()[0]
    (folder / "MANIFEST.sig").write_text(f"{first}\nnot base64!!\n")
    assert "MANIFEST.sig:2: the signature is not valid" in _verify_fails(
        folder, _trusted(packs, tmp_path)
    )


def test_private_key_is_not_a_public_key(packs, tmp_path: Path) -> None:
    with pytest.raises(PackError, match="not an Ed25519 public key"):
        signing.load_public_key(packs.root / "author.key")
    with pytest.raises(PackError, match="not an Ed25519 private key"):
        signing.load_private_key(packs.pub)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("nonsense\n", 1),
        (f"{'a' * 64}  1  b\n{'a' * 64}  1  a\n", 2),
        (f"{'a' * 64}  1  a\n{'a' * 64}  1  a\n", 2),
        (f"{'a' * 64}  1  ../x\n", 1),
        (f"{'a' * 64}  1  MANIFEST.sig\n", 1),
        (f"{'A' * 64}  1  a\n", 1),
    ],
)
def test_parse_manifest_is_strict(text: str, line: int) -> None:
    with pytest.raises(PackError) as info:
        signing.parse_manifest(text.encode())
    assert info.value.problems[0].line == line


@settings(max_examples=200, deadline=None, database=None)
@given(st.binary(max_size=400))
def test_parse_manifest_fuzz(raw: bytes) -> None:
    with contextlib.suppress(PackError):
        signing.parse_manifest(raw)


def test_file_digest_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.kpack"
    path.write_bytes(b"x" * (3 * archive.CHUNK))
    assert signing.file_digest(path, limit=3 * archive.CHUNK)[1] == 3 * archive.CHUNK
    with pytest.raises(PackError, match=f"more than {archive.CHUNK:,} bytes"):
        signing.file_digest(path, limit=archive.CHUNK)


def test_file_digest_refuses_links_and_devices(tmp_path: Path, finishes) -> None:
    link = tmp_path / "zero.kpack"
    link.symlink_to("/dev/zero")  # read without a limit, this never ends
    with pytest.raises(files.NotAPlainFile):
        finishes(lambda: signing.file_digest(link))


def test_trusted_keys_skips_junk_and_names_the_file(packs, tmp_path: Path) -> None:
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir()
    shutil.copy(packs.pub, keys_dir / "author.pub")
    (keys_dir / "junk.pub").write_text("junk")
    keys = signing.trusted_keys(keys_dir)
    [(kid, trusted)] = keys.items()
    assert trusted.key_id == kid
    assert trusted.path == keys_dir / "author.pub"
    assert signing.key_id(trusted.key) == kid
