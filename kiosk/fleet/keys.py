"""A TUF repository's keys: Ed25519, in the same PEM files as ``kiosk keys``, signed with PyNaCl.

securesystemslib's own ``CryptoSigner`` needs ``cryptography`` (12 MB, which the kiosk dropped
for PyNaCl, see ``kiosk/intake/ed25519.py``); :class:`NaclSigner` is the ~30 lines of
securesystemslib's ``Signer`` interface over the kiosk's own key code instead. Verifying on the
kiosk uses securesystemslib's ``SSlibKey`` (``cryptography`` when present, else its own
pure-Python Ed25519), so signatures made here are ordinary TUF ``ed25519`` signatures.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from securesystemslib.formats import encode_canonical
from securesystemslib.signer import Key, SecretsHandler, Signature, Signer, SSlibKey

from kiosk.common.problems import PackError, Problem, os_problem
from kiosk.intake.ed25519 import PrivateKey, PublicKey
from kiosk.intake.signing import load_private_key


def tuf_key(public: PublicKey) -> SSlibKey:
    """The TUF key of ``public``; its id is the sha256 of its canonical JSON (TUF's default)."""
    keyval = {"public": public.raw.hex()}
    canonical = encode_canonical({"keytype": "ed25519", "scheme": "ed25519", "keyval": keyval})
    keyid = hashlib.sha256(str(canonical).encode("utf-8")).hexdigest()
    return SSlibKey(keyid, "ed25519", "ed25519", keyval)


class NaclSigner(Signer):
    """Signs TUF metadata with a :class:`kiosk.intake.ed25519.PrivateKey`."""

    def __init__(self, private: PrivateKey) -> None:
        self._private = private
        self._public = tuf_key(private.public_key())

    @property
    def public_key(self) -> Key:
        return self._public

    def sign(self, payload: bytes) -> Signature:
        return Signature(self._public.keyid, self._private.sign(payload).hex())

    @classmethod
    def from_priv_key_uri(
        cls,
        priv_key_uri: str,
        public_key: Key,
        secrets_handler: SecretsHandler | None = None,
    ) -> Signer:
        """Not used: the repository reads its key files itself (:func:`load_signer`)."""
        raise NotImplementedError("kiosk repo reads its key files itself")


def write_new_key(path: Path) -> NaclSigner:
    """Make a key and write it to ``path`` (PEM PKCS#8, mode 0600); never overwrite one.

    Raises:
        PackError: the file exists, or cannot be written.
    """
    private = PrivateKey.generate()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o600)  # exact, whatever the umask
            fh.write(private.pem())
            fh.flush()
            os.fsync(fh.fileno())
    except FileExistsError:
        problem = Problem(str(path), 0, "", "already exists; not overwriting a key")
        raise PackError([problem]) from None
    except OSError as exc:
        raise PackError([os_problem(str(path), exc, "write the key")]) from None
    return NaclSigner(private)


def load_signer(path: Path) -> NaclSigner:
    """The signer of the key file ``path`` (read as ``kiosk pack build --key`` reads it).

    Raises:
        PackError: unreadable, or not an unencrypted Ed25519 private key.
    """
    return NaclSigner(load_private_key(path))


def key_dict(signer: Signer) -> dict[str, Any]:
    """The public half as TUF writes it (for messages and tests)."""
    return signer.public_key.to_dict()
