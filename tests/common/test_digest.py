"""SHA-256 without OpenSSL: the same digests as hashlib's, and no libcrypto loaded for them."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from kiosk.common.digest import sha256


def test_the_same_digests_as_hashlib() -> None:
    for data in (b"", b"abc", bytes(range(256)) * 1000):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        assert sha256(data).digest() == hashlib.sha256(data).digest()
    grown = sha256()
    grown.update(b"a")
    grown.update(b"bc")
    assert grown.hexdigest() == hashlib.sha256(b"abc").hexdigest()


def test_a_digest_loads_no_openssl() -> None:
    script = (
        "import sys\n"
        "from kiosk.common.digest import sha256\n"
        "sha256(b'kiosk').hexdigest()\n"
        "print('_hashlib' in sys.modules, 'libcrypto' in open('/proc/self/maps').read())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["False", "False"]
