"""`kiosk run` starts without the libraries only installs, keys and raster checks need (issue 18).

Each import costs start-up time and resident memory before the first frame; these are imported
where they are used instead (cryptography in ``signing``/``trust``, Pillow in ``validate``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk.content import signing, trust

# What the start path does before the first frame: the app's modules, kiosk.yaml, the bundled pack.
START = """
import sys
import kiosk.ui.app
from kiosk.config import KioskConfig
from kiosk.launch import bundled_pack
bundled_pack(KioskConfig())
print(" ".join(sorted(m for m in ("cryptography", "PIL") if m in sys.modules)))
"""


def test_start_path_imports_neither_cryptography_nor_pillow() -> None:
    done = subprocess.run(
        [sys.executable, "-c", START], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == ""


def test_keys_still_work_once_imported_late(tmp_path: Path) -> None:
    base = tmp_path / "author"
    _, public, kid = signing.new_keypair(base)
    key = signing.load_public_key(public)
    assert trust.key_id(key) == kid
