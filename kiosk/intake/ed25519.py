"""Ed25519 keys in the PEM files the kiosk has always written, signed and verified with PyNaCl.

PyNaCl (PyCA's binding to libsodium, ~1 MB) does what the kiosk needs of Ed25519: make a key,
sign, verify. It replaced ``cryptography`` (a 12 MB Rust module plus OpenSSL's libraries in the
bundle) without changing a byte on disk: ``NAME.key`` is still PEM PKCS#8 (``PRIVATE KEY``) and
``NAME.pub`` PEM SubjectPublicKeyInfo (``PUBLIC KEY``), as ``cryptography`` and
``openssl genpkey -algorithm ed25519`` write them. For Ed25519 both are fixed DER layouts
(RFC 8410): a 16- or 12-byte header, then the 32-byte seed or public key. Anything else
(another algorithm, an encrypted key, a PKCS#8 v2 key with attributes) is refused as not a key.

PyNaCl is imported where a key is used, so that ``kiosk run`` starts without it.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

# RFC 8410: PKCS#8 v1 PrivateKeyInfo { version 0, AlgorithmIdentifier { 1.3.101.112 },
# OCTET STRING { OCTET STRING seed } } and SubjectPublicKeyInfo { AlgorithmIdentifier, BIT STRING }.
_PRIVATE_DER = bytes.fromhex("302e020100300506032b657004220420")
_PUBLIC_DER = bytes.fromhex("302a300506032b6570032100")
_PRIVATE_LABEL = "PRIVATE KEY"
_PUBLIC_LABEL = "PUBLIC KEY"


class KeyFormatError(ValueError):
    """The bytes are not an unencrypted Ed25519 key in the expected PEM form."""


class BadSignature(ValueError):
    """The signature is not by this key over these bytes."""


def _pem(label: str, der: bytes) -> bytes:
    body = base64.encodebytes(der).decode("ascii").replace("\n", "")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----", ""]).encode()


def _der(data: bytes, label: str) -> bytes:
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise KeyFormatError("not PEM text") from None
    begin, end = f"-----BEGIN {label}-----", f"-----END {label}-----"
    start = text.find(begin)
    stop = text.find(end, start + len(begin)) if start >= 0 else -1
    if start < 0 or stop < 0:
        raise KeyFormatError(f"no {label} block")
    body = "".join(text[start + len(begin) : stop].split())
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise KeyFormatError("the PEM block is not base64") from None


@dataclass(frozen=True)
class PublicKey:
    """An Ed25519 public key: its 32 raw bytes."""

    raw: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.raw) != 32:
            raise KeyFormatError("an Ed25519 public key is 32 bytes")

    @classmethod
    def from_pem(cls, data: bytes) -> PublicKey:
        der = _der(data, _PUBLIC_LABEL)
        if len(der) != len(_PUBLIC_DER) + 32 or not der.startswith(_PUBLIC_DER):
            raise KeyFormatError("not an Ed25519 SubjectPublicKeyInfo")
        return cls(der[len(_PUBLIC_DER) :])

    def pem(self) -> bytes:
        """PEM SubjectPublicKeyInfo, as ``NAME.pub`` holds it."""
        return _pem(_PUBLIC_LABEL, _PUBLIC_DER + self.raw)

    def verify(self, signature: bytes, data: bytes) -> None:
        """Raises :class:`BadSignature` unless ``signature`` is this key's over ``data``."""
        from nacl.exceptions import BadSignatureError
        from nacl.signing import VerifyKey

        try:
            VerifyKey(self.raw).verify(data, signature)
        except (BadSignatureError, ValueError, TypeError):
            raise BadSignature("the signature does not match") from None


@dataclass(frozen=True)
class PrivateKey:
    """An Ed25519 private key: its 32-byte seed."""

    seed: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.seed) != 32:
            raise KeyFormatError("an Ed25519 private key is a 32-byte seed")

    @classmethod
    def generate(cls) -> PrivateKey:
        from nacl.signing import SigningKey

        return cls(bytes(SigningKey.generate()))

    @classmethod
    def from_pem(cls, data: bytes) -> PrivateKey:
        der = _der(data, _PRIVATE_LABEL)
        if len(der) != len(_PRIVATE_DER) + 32 or not der.startswith(_PRIVATE_DER):
            raise KeyFormatError("not an unencrypted Ed25519 PKCS#8 private key")
        return cls(der[len(_PRIVATE_DER) :])

    def pem(self) -> bytes:
        """PEM PKCS#8, as ``NAME.key`` holds it."""
        return _pem(_PRIVATE_LABEL, _PRIVATE_DER + self.seed)

    def public_key(self) -> PublicKey:
        from nacl.signing import SigningKey

        return PublicKey(bytes(SigningKey(self.seed).verify_key))

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``."""
        from nacl.signing import SigningKey

        return bytes(SigningKey(self.seed).sign(data).signature)
