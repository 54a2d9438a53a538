"""SHA-256 of small data without loading OpenSSL.

``import hashlib`` loads Python's OpenSSL module and with it ``libcrypto`` (3.3 MB of RSS,
measured in ``kiosk run``, which otherwise never needs OpenSSL while nothing is installed or
verified). The digests a running kiosk takes all the time are of a few bytes or kilobytes: the
schema-pass records of its settings and pack at every start, a trusted key's id at every alert
poll, an alert's key on screen. For those, Python's own SHA-256 (``_sha2`` from Python 3.12,
``_sha256`` before) gives the same digests; it is ~5x slower than OpenSSL's, which matters only
for files. So files (a pack's, an archive's) are still hashed with :mod:`hashlib`, imported where
they are read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Hash(Protocol):
    """The part of a hash object used here."""

    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


def _builtin() -> Callable[[bytes], Hash] | None:
    try:
        from _sha2 import sha256  # type: ignore[import-not-found, unused-ignore]  # 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
        except ImportError:
            return None
    found: Callable[[bytes], Hash] = sha256
    return found


_SHA256 = _builtin()


def sha256(data: bytes = b"") -> Hash:
    """A SHA-256 hash object over ``data`` (:func:`hashlib.sha256` where Python has no own)."""
    if _SHA256 is None:  # pragma: no cover - a Python built without its own SHA-256
        import hashlib

        return hashlib.sha256(data)
    return _SHA256(data)
