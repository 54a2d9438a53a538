"""Sign and verify a pack's file manifest with Ed25519.

``MANIFEST`` lists every other file of a pack, one line each, sorted by path::

    <sha256 hex>  <size>  <path>

``MANIFEST.sig`` is two lines, ``ed25519 <key-id>`` and the base64 signature of the exact bytes of
``MANIFEST``. The key id is the first 16 hex digits of the sha256 of the raw 32-byte public key.
A pack verifies when its signature is by a trusted key, is valid, and every file in the folder is
listed with that hash and size, and nothing else is there.

Keys: ``NAME.key`` is PEM PKCS#8 (mode 0600), ``NAME.pub`` PEM SubjectPublicKeyInfo
(:mod:`kiosk.intake.ed25519`, PyNaCl underneath).
"""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.common.problems import PackError, Problem, os_problem
from kiosk.content import files
from kiosk.intake import archive, trust
from kiosk.intake.ed25519 import KeyFormatError, PrivateKey, PublicKey
from kiosk.intake.trust import (
    MANIFEST,
    SIGNATURE,
    SIGNED_FILES,
    Entry,
    key_id,
    manifest_bytes,
    parse_manifest,
)

log = logging.getLogger("kiosk.signing")

__all__ = [
    "MANIFEST",
    "SIGNATURE",
    "SIGNED_FILES",
    "Entry",
    "TrustedKey",
    "build_signed_archive",
    "file_digest",
    "key_id",
    "load_private_key",
    "load_public_key",
    "manifest_bytes",
    "manifest_entries",
    "new_keypair",
    "parse_manifest",
    "public_pem",
    "signature_bytes",
    "trusted_keys",
    "verify",
]


def file_digest(path: Path, *, limit: int | None = None) -> tuple[str, int]:
    """The sha256 (hex) and size of the regular file ``path``, read in chunks.

    Args:
        path: the file; a symlink, device or pipe is refused without being read.
        limit: stop reading past this many bytes (a file from outside may never end).

    Raises:
        OSError: the file could not be read, or is not a regular file (``files.NotAPlainFile``).
        PackError: it is longer than ``limit``.
    """
    import hashlib  # here: kiosk run loads OpenSSL only to hash a file (kiosk.common.digest)

    digest = hashlib.sha256()
    size = 0
    with files.open_plain_file(path) as fh:
        while chunk := fh.read(files.CHUNK):
            size += len(chunk)
            if limit is not None and size > limit:
                raise PackError(
                    [Problem(path.name, 0, "", f"is more than {limit:,} bytes; that is the limit")]
                )
            digest.update(chunk)
    return digest.hexdigest(), size


def manifest_entries(folder: Path, names: list[str] | None = None) -> list[Entry]:
    """Hash every file of ``folder`` (or just ``names``) except MANIFEST and MANIFEST.sig.

    Raises:
        PackError: a file is unsafe (symlink, device, name) or could not be read.
    """
    if names is None:
        names = files.walk_files(folder, exclude=SIGNED_FILES)
    entries = []
    for relative in sorted(f for f in names if f not in SIGNED_FILES):
        try:
            sha, size = file_digest(folder.joinpath(*relative.split("/")))
        except OSError as exc:
            raise PackError([os_problem(relative, exc, "read it")]) from None
        entries.append(Entry(sha, size, relative))
    return entries


def public_pem(public_key: PublicKey) -> bytes:
    """``public_key`` as PEM SubjectPublicKeyInfo."""
    return public_key.pem()


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
    key = PrivateKey.generate()
    private_pem = key.pem()
    try:
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(private_pem)
        Path(private_path).chmod(0o600)  # the umask cannot widen it, but be explicit
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


def load_private_key(path: Path) -> PrivateKey:
    """Read a ``NAME.key`` file.

    Raises:
        PackError: unreadable, or not an unencrypted Ed25519 private key.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackError([os_problem(str(path), exc, "read the key")]) from None
    try:
        return PrivateKey.from_pem(data)
    except KeyFormatError:
        raise PackError(
            [Problem(str(path), 0, "", "is not an Ed25519 private key (make one: kiosk keys new)")]
        ) from None


def load_public_key(path: Path) -> PublicKey:
    """Read a ``NAME.pub`` file.

    Raises:
        PackError: unreadable, or not an Ed25519 public key (a private key is refused too).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackError([os_problem(str(path), exc, "read the key")]) from None
    try:
        return PublicKey.from_pem(data)
    except KeyFormatError:
        raise PackError(
            [Problem(str(path), 0, "", "is not an Ed25519 public key (the .pub file of a key)")]
        ) from None


def signature_bytes(manifest: bytes, key: PrivateKey) -> bytes:
    """The exact bytes of ``MANIFEST.sig`` for ``manifest``."""
    signature = base64.b64encode(key.sign(manifest)).decode("ascii")
    return f"ed25519 {key_id(key.public_key())}\n{signature}\n".encode("ascii")


def build_signed_archive(
    folder: Path, key: PrivateKey, out: Path, *, leave_out: Iterable[str] = ()
) -> list[str]:
    """Zip ``folder`` into ``out`` with a fresh MANIFEST and MANIFEST.sig.

    Hidden files are left out (see :func:`archive.pack_folder`), and so are the files named in
    ``leave_out`` (those no slide or lesson uses, :func:`kiosk.content.validate.unused_files`); a
    MANIFEST or MANIFEST.sig already in the folder is replaced.

    Returns:
        The files listed in the MANIFEST.
    """
    left_out = set(leave_out)
    names = files.walk_files(folder, skip_hidden=True, exclude={*SIGNED_FILES, *left_out})
    manifest = manifest_bytes(manifest_entries(folder, names))
    archive.pack_folder(
        folder,
        out,
        extra={MANIFEST: manifest, SIGNATURE: signature_bytes(manifest, key)},
        leave_out=left_out,
    )
    return names


@dataclass(frozen=True)
class TrustedKey:
    """A public key in the trusted keys folder."""

    key_id: str
    path: Path
    key: PublicKey = field(compare=False, repr=False)
    label: str = field(default="", compare=False)

    @property
    def name(self) -> str:
        """The name staff see: the one it was trusted under (``keys/<key-id>.name``, e.g. the
        ``acme`` of ``acme.pub``), else the file's name without ``.pub``. It comes from outside:
        clean it (``words.clean_name``) to show it and quote it (``words.log_quote``) to log it."""
        return self.label or self.path.stem

    @property
    def fingerprint(self) -> str:
        """The full sha256 of the raw key (see :func:`kiosk.intake.trust.key_fingerprint`)."""
        return trust.key_fingerprint(self.key)


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
        keys.setdefault(kid, TrustedKey(kid, path, key, _read_label(path.with_suffix(NAME_SUFFIX))))
    return keys


NAME_SUFFIX = ".name"
MAX_NAME_BYTES = 400


def _read_label(path: Path) -> str:
    """The name a key was trusted under, one line, at most :data:`MAX_NAME_BYTES` ("": none)."""
    try:
        with files.open_plain_file(path) as fh:
            raw = fh.read(MAX_NAME_BYTES)
    except OSError:
        return ""
    return raw.decode("utf-8", errors="replace").strip()


def _read_optional(path: Path) -> bytes | None:
    if not path.is_file() or path.is_symlink():
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PackError([os_problem(path.name, exc, "read it")]) from None


def verify(folder: Path, trusted_keys_dir: Path) -> str:
    """Check the pack folder ``folder`` against the keys in ``trusted_keys_dir``.

    Returns:
        The id of the key that signed it.

    Raises:
        PackError: no signature; a key this kiosk does not trust; a signature that does not match;
            a file changed, missing or added after signing.
    """
    keys = {k.key_id: k.key for k in trusted_keys(trusted_keys_dir).values()}
    signer, listed = trust.check_signature(
        _read_optional(folder / MANIFEST), _read_optional(folder / SIGNATURE), keys
    )
    actual = {e.path: e for e in manifest_entries(folder)}
    problems = trust.check_listing(listed, {path: e.size for path, e in actual.items()})
    for entry in listed:
        found = actual.get(entry.path)
        if found is not None and found.size == entry.size:
            problem = trust.check_entry_digest(entry, found.sha256)
            if problem:
                problems.append(problem)
    if problems:
        raise PackError(problems)
    return signer
