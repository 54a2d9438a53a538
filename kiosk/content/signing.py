"""Sign and verify a pack's file manifest with Ed25519.

``MANIFEST`` lists every other file of a pack, one line each, sorted by path::

    <sha256 hex>  <size>  <path>

``MANIFEST.sig`` is two lines, ``ed25519 <key-id>`` and the base64 signature of the exact bytes of
``MANIFEST``. The key id is the first 16 hex digits of the sha256 of the raw 32-byte public key.
A pack verifies when its signature is by a trusted key, is valid, and every file in the folder is
listed with that hash and size, and nothing else is there.

Keys: ``NAME.key`` is PEM PKCS#8 (mode 0600), ``NAME.pub`` PEM SubjectPublicKeyInfo.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.content import archive
from kiosk.content.problems import PackError, Problem, os_problem

MANIFEST = "MANIFEST"
SIGNATURE = "MANIFEST.sig"
SIGNED_FILES = (MANIFEST, SIGNATURE)

_LINE = re.compile(r"^([0-9a-f]{64})  (0|[1-9][0-9]{0,11})  (.+)$")
_KEY_ID = re.compile(r"^[0-9a-f]{16}$")

log = logging.getLogger("kiosk.signing")


@dataclass(frozen=True)
class Entry:
    """One line of a MANIFEST."""

    sha256: str
    size: int
    path: str


def file_digest(path: Path, *, limit: int | None = None) -> tuple[str, int]:
    """The sha256 (hex) and size of the regular file ``path``, read in chunks.

    Args:
        path: the file; a symlink, device or pipe is refused without being read.
        limit: stop reading past this many bytes (a file from outside may never end).

    Raises:
        OSError: the file could not be read, or is not a regular file (``archive.NotAPlainFile``).
        PackError: it is longer than ``limit``.
    """
    digest = hashlib.sha256()
    size = 0
    with archive.open_plain_file(path) as fh:
        while chunk := fh.read(archive.CHUNK):
            size += len(chunk)
            if limit is not None and size > limit:
                raise PackError(
                    [Problem(path.name, 0, "", f"is more than {limit:,} bytes; that is the limit")]
                )
            digest.update(chunk)
    return digest.hexdigest(), size


def manifest_entries(folder: Path, files: list[str] | None = None) -> list[Entry]:
    """Hash every file of ``folder`` (or just ``files``) except MANIFEST and MANIFEST.sig.

    Raises:
        PackError: a file is unsafe (symlink, device, name) or could not be read.
    """
    if files is None:
        files = archive.walk_files(folder, exclude=SIGNED_FILES)
    entries = []
    for relative in sorted(f for f in files if f not in SIGNED_FILES):
        try:
            sha, size = file_digest(folder.joinpath(*relative.split("/")))
        except OSError as exc:
            raise PackError([os_problem(relative, exc, "read it")]) from None
        entries.append(Entry(sha, size, relative))
    return entries


def manifest_bytes(entries: list[Entry]) -> bytes:
    """The exact bytes of a MANIFEST for ``entries``."""
    lines = [f"{e.sha256}  {e.size}  {e.path}\n" for e in sorted(entries, key=lambda e: e.path)]
    return "".join(lines).encode("utf-8")


def parse_manifest(raw: bytes) -> list[Entry]:
    """Read a MANIFEST strictly: well-formed lines, safe paths, sorted, no duplicates.

    Raises:
        PackError: with the line of each problem.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PackError([Problem(MANIFEST, 0, "", "is not valid UTF-8 text")]) from None
    if text and not text.endswith("\n"):
        text += "\n"  # tolerate a missing final newline; the signature covers the bytes anyway
    problems = []
    entries: list[Entry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _LINE.match(line)
        if not match:
            problems.append(Problem(MANIFEST, number, "", "line is not '<sha256>  <size>  <path>'"))
            continue
        sha, size, path = match.groups()
        reason = archive.name_problem(path)
        if reason or path.endswith("/") or path in SIGNED_FILES:
            problems.append(Problem(MANIFEST, number, "", f"path {path!r} is not allowed here"))
            continue
        if entries and path <= entries[-1].path:
            problems.append(
                Problem(MANIFEST, number, "", f"{path!r} is out of order or listed twice")
            )
            continue
        entries.append(Entry(sha, int(size), path))
    if problems:
        raise PackError(problems)
    return entries


def key_id(public_key: Ed25519PublicKey) -> str:
    """The first 16 hex digits of the sha256 of the raw 32-byte public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(public_key: Ed25519PublicKey) -> bytes:
    """``public_key`` as PEM SubjectPublicKeyInfo."""
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def new_keypair(base: Path) -> tuple[Path, Path, str]:
    """Write ``BASE.key`` (private, mode 0600) and ``BASE.pub``; refuse to overwrite either.

    Args:
        base: the path without suffix, e.g. ``keys/author`` → ``keys/author.key``.

    Returns:
        The private key file, the public key file and the key id.

    Raises:
        PackError: one of the files exists already, or could not be written.
    """
    private_path = base.with_name(base.name + ".key")
    public_path = base.with_name(base.name + ".pub")
    for path in (private_path, public_path):
        if path.exists() or path.is_symlink():
            raise PackError(
                [Problem(str(path), 0, "", "already exists; not overwriting a key (pick a name)")]
            )
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(private_pem)
        os.chmod(private_path, 0o600)  # the umask cannot widen it, but be explicit
        fd = os.open(public_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(public_pem(key.public_key()))
    except FileExistsError as exc:
        raise PackError(
            [Problem(str(exc.filename), 0, "", "already exists; not overwriting a key")]
        ) from None
    except OSError as exc:
        raise PackError([os_problem(str(base), exc, "write the key files")]) from None
    return private_path, public_path, key_id(key.public_key())


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """Read a ``NAME.key`` file.

    Raises:
        PackError: unreadable, or not an unencrypted Ed25519 private key.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackError([os_problem(str(path), exc, "read the key")]) from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, binascii.Error):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(
            [Problem(str(path), 0, "", "is not an Ed25519 private key (make one: kiosk keys new)")]
        )
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read a ``NAME.pub`` file.

    Raises:
        PackError: unreadable, or not an Ed25519 public key (a private key is refused too).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackError([os_problem(str(path), exc, "read the key")]) from None
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, binascii.Error):
        key = None
    if not isinstance(key, Ed25519PublicKey):
        raise PackError(
            [Problem(str(path), 0, "", "is not an Ed25519 public key (the .pub file of a key)")]
        )
    return key


def signature_bytes(manifest: bytes, key: Ed25519PrivateKey) -> bytes:
    """The exact bytes of ``MANIFEST.sig`` for ``manifest``."""
    signature = base64.b64encode(key.sign(manifest)).decode("ascii")
    return f"ed25519 {key_id(key.public_key())}\n{signature}\n".encode("ascii")


def build_signed_archive(folder: Path, key: Ed25519PrivateKey, out: Path) -> list[str]:
    """Zip ``folder`` into ``out`` with a fresh MANIFEST and MANIFEST.sig.

    Hidden files are left out (see :func:`archive.pack_folder`); a MANIFEST or MANIFEST.sig already
    in the folder is replaced.

    Returns:
        The files listed in the MANIFEST.
    """
    files = archive.walk_files(folder, skip_hidden=True, exclude=SIGNED_FILES)
    manifest = manifest_bytes(manifest_entries(folder, files))
    archive.pack_folder(
        folder, out, extra={MANIFEST: manifest, SIGNATURE: signature_bytes(manifest, key)}
    )
    return files


@dataclass(frozen=True)
class TrustedKey:
    """A public key in the trusted keys folder."""

    key_id: str
    path: Path
    key: Ed25519PublicKey = field(compare=False, repr=False)


def trusted_keys(keys_dir: Path) -> dict[str, TrustedKey]:
    """The trusted public keys in ``keys_dir`` by key id (files that are not keys are skipped).

    The id is computed from each key, not taken from its file name.
    """
    keys: dict[str, TrustedKey] = {}
    try:
        paths = sorted(keys_dir.glob("*.pub"))
    except OSError:
        return keys
    for path in paths:
        try:
            key = load_public_key(path)
        except PackError:
            log.warning("%s is not a public key; ignored", path)
            continue
        kid = key_id(key)
        keys.setdefault(kid, TrustedKey(kid, path, key))
    return keys


def _read_signature(folder: Path) -> tuple[str, bytes]:
    path = folder / SIGNATURE
    if not (folder / MANIFEST).is_file() and not path.is_file():
        raise PackError(
            [Problem(SIGNATURE, 0, "", "the pack is not signed (no MANIFEST or MANIFEST.sig)")]
        )
    if not path.is_file():
        raise PackError([Problem(SIGNATURE, 0, "", "the pack is not signed (no MANIFEST.sig)")])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError([os_problem(SIGNATURE, exc, "read it")]) from None
    lines = raw.decode("ascii", errors="replace").splitlines()
    parts = lines[0].split(" ") if lines else []
    if len(lines) != 2 or len(parts) != 2 or parts[0] != "ed25519" or not _KEY_ID.match(parts[1]):
        raise PackError([Problem(SIGNATURE, 1, "", "is not 'ed25519 <key-id>' then the signature")])
    try:
        signature = base64.b64decode(lines[1].strip(), validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if len(signature) != 64:
        raise PackError([Problem(SIGNATURE, 2, "", "the signature is not valid base64 Ed25519")])
    return parts[1], signature


def verify(folder: Path, trusted_keys_dir: Path) -> str:
    """Check the pack in ``folder`` against the keys in ``trusted_keys_dir``.

    Returns:
        The id of the key that signed it.

    Raises:
        PackError: no signature; a key this kiosk does not trust; a signature that does not match;
            a file changed, missing or added after signing.
    """
    signer, signature = _read_signature(folder)
    keys = trusted_keys(trusted_keys_dir)
    trusted = keys.get(signer)
    if trusted is None:
        hint = (
            "this kiosk trusts no keys yet"
            if not keys
            else f"this kiosk trusts {len(keys)} other key(s)"
        )
        raise PackError(
            [
                Problem(
                    SIGNATURE,
                    1,
                    "",
                    f"signed by key {signer}, which this kiosk does not trust ({hint}; "
                    "add the publisher's key with: kiosk keys trust FILE.pub)",
                )
            ]
        )
    path = folder / MANIFEST
    if not path.is_file():
        raise PackError([Problem(MANIFEST, 0, "", "the pack is not signed (no MANIFEST)")])
    try:
        manifest = path.read_bytes()
    except OSError as exc:
        raise PackError([os_problem(MANIFEST, exc, "read it")]) from None
    try:
        trusted.key.verify(signature, manifest)
    except InvalidSignature:
        raise PackError(
            [
                Problem(
                    MANIFEST,
                    0,
                    "",
                    f"the signature by key {signer} does not match: the MANIFEST was changed "
                    "after signing, or the signature is forged",
                )
            ]
        ) from None
    listed = {e.path: e for e in parse_manifest(manifest)}
    actual = {e.path: e for e in manifest_entries(folder)}
    problems = []
    for relative, entry in sorted(actual.items()):
        expected = listed.get(relative)
        if expected is None:
            problems.append(
                Problem(relative, 0, "", "file was added after signing (not in MANIFEST)")
            )
        elif (expected.sha256, expected.size) != (entry.sha256, entry.size):
            problems.append(Problem(relative, 0, "", "file was changed after signing"))
    for relative in sorted(set(listed) - set(actual)):
        problems.append(Problem(relative, 0, "", "file is listed in MANIFEST but missing"))
    if problems:
        raise PackError(problems)
    return signer
