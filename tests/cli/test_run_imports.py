"""`kiosk run` starts without the libraries only installs, keys and raster checks need (issue 18).

Each import costs start-up time and resident memory before the first frame; these are imported
where they are used instead (PyNaCl in ``ed25519``, Pillow in ``validate``), or
not at all on a start like the one before: jsonschema (its pass is skipped for documents that
passed it at an earlier start, kiosk.content.schemapass).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk.intake import signing, trust

# What the start path does before the first frame: the app's modules, kiosk.yaml, the bundled pack.
START = """
import sys
import kiosk.ui.app
from kiosk.config import KioskConfig
from kiosk.launch import bundled_pack
bundled_pack(KioskConfig())
late = ("nacl", "cryptography", "PIL", "prometheus_client")  # metrics: only when configured
print(" ".join(sorted(m for m in late if m in sys.modules)))
"""


def test_start_path_imports_no_signature_library_nor_pillow() -> None:
    done = subprocess.run(
        [sys.executable, "-c", START], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == ""


# kiosk run's start with its record of schema passes, as it reads kiosk.yaml and the bundled pack.
START_WITH_RECORD = """
import sys
from pathlib import Path
import kiosk.ui.app
from kiosk.launch import bundled_pack, home_config
from kiosk.content.schemapass import read_passes, write_passes
home = Path(sys.argv[1])
passes = read_passes(home)
_, config = home_config(home, strict=False, passes=passes)
bundled_pack(config, passes=passes)
write_passes(home, passes)
late = ("jsonschema", "nacl", "cryptography", "PIL")
print(" ".join(sorted(m for m in late if m in sys.modules)))
"""


def test_a_start_like_the_one_before_does_without_jsonschema(tmp_path: Path) -> None:
    (tmp_path / "kiosk.yaml").write_text("venue: transit\nhotline_numbers: ['911']\n")

    def start() -> str:
        done = subprocess.run(
            [sys.executable, "-c", START_WITH_RECORD, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return done.stdout.strip()

    assert start() == "jsonschema"  # the first start checks everything and records it
    assert start() == ""


def test_keys_still_work_once_imported_late(tmp_path: Path) -> None:
    base = tmp_path / "author"
    _, public, kid = signing.new_keypair(base)
    key = signing.load_public_key(public)
    assert trust.key_id(key) == kid
