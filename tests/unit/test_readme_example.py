"""README's example kiosk.yaml is a valid file that accepts the default pack (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.common import paths
from kiosk.config import load_config
from kiosk.content.loader import load_pack

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_example_kiosk_yaml_accepts_the_default_pack(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "link_hosts:" in b)
    (tmp_path / "kiosk.yaml").write_text(block, encoding="utf-8")
    config = load_config(tmp_path / "kiosk.yaml", strict=True)
    pack = load_pack(paths.default_pack_dir(), config.link_hosts, config.hotline_numbers)
    assert pack.slides
