"""Keys and signatures made with `cryptography` (every kiosk key made before PyNaCl) still work,
and what the kiosk makes now is what `cryptography` reads: the same PEM files, byte for byte."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.common.problems import PackError
from kiosk.intake import signing
from kiosk.intake.ed25519 import BadSignature, KeyFormatError, PrivateKey, PublicKey

MANIFEST = b"0" * 64 + b"  3  pack.yaml\n"


def old_keypair(folder: Path) -> tuple[Ed25519PrivateKey, Path, Path]:
    """A key pair as `kiosk keys new` wrote it with cryptography."""
    key = Ed25519PrivateKey.generate()
    private = folder / "old.key"
    public = folder / "old.pub"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return key, private, public


def test_an_old_key_pair_loads_with_the_same_key_id_and_pem(tmp_path: Path) -> None:
    old, private, public = old_keypair(tmp_path)
    raw = old.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    key = signing.load_private_key(private)
    pub = signing.load_public_key(public)
    assert pub.raw == key.public_key().raw == raw
    assert key.pem() == private.read_bytes()
    assert pub.pem() == public.read_bytes()


def test_old_signatures_verify_and_new_ones_verify_with_cryptography(tmp_path: Path) -> None:
    old, private, public = old_keypair(tmp_path)
    pub = signing.load_public_key(public)
    pub.verify(old.sign(MANIFEST), MANIFEST)  # a pack signed before still installs
    new = signing.load_private_key(private).sign(MANIFEST)
    assert new == old.sign(MANIFEST)  # Ed25519 is deterministic: the very same signature
    old.public_key().verify(new, MANIFEST)
    with pytest.raises(BadSignature):
        pub.verify(old.sign(MANIFEST + b"x"), MANIFEST)
    with pytest.raises(InvalidSignature):
        old.public_key().verify(new, MANIFEST + b"x")


def test_new_key_files_are_what_cryptography_reads(tmp_path: Path) -> None:
    private, public, kid = signing.new_keypair(tmp_path / "new")
    old = serialization.load_pem_private_key(private.read_bytes(), password=None)
    assert isinstance(old, Ed25519PrivateKey)
    old_pub = serialization.load_pem_public_key(public.read_bytes())
    raw = old_pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert raw == signing.load_public_key(public).raw
    assert signing.key_id(signing.load_public_key(public)) == kid


def test_other_keys_and_damaged_files_are_refused(tmp_path: Path) -> None:
    _, private, public = old_keypair(tmp_path)
    with pytest.raises(KeyFormatError):
        PublicKey.from_pem(private.read_bytes())  # a private key is not a public one
    with pytest.raises(KeyFormatError):
        PrivateKey.from_pem(public.read_bytes())
    der = base64.b64decode(b"".join(public.read_bytes().splitlines()[1:-1]))
    x25519 = der.replace(bytes.fromhex("2b6570"), bytes.fromhex("2b656e"))  # X25519's OID
    pem = (
        b"-----BEGIN PUBLIC KEY-----\n" + base64.b64encode(x25519) + b"\n-----END PUBLIC KEY-----\n"
    )
    with pytest.raises(KeyFormatError):
        PublicKey.from_pem(pem)
    encrypted = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    )
    (tmp_path / "enc.key").write_bytes(encrypted)
    with pytest.raises(PackError, match="not an Ed25519 private key"):
        signing.load_private_key(tmp_path / "enc.key")
    (tmp_path / "junk.pub").write_bytes(
        b"-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----\n"
    )
    with pytest.raises(PackError, match="not an Ed25519 public key"):
        signing.load_public_key(tmp_path / "junk.pub")
