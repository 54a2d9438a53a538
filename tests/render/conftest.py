"""``kiosk snapshot`` renders shared by the checks that read them: each once per worker.

A render of the default pack grabs, saves and measures some seventy screens (about 15 s); the
fit, QR and WCAG checks of one size, language and mode read the same render. Under `make test`
(--dist loadfile) a session fixture lives in one worker, so the tests that share a render are in
one file: test_snapshot.py (the normal mode), test_wcag.py (accessibility mode).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kiosk import cli
from tests.packs import home_without_sticks


@dataclass(frozen=True)
class Rendered:
    """What one ``kiosk snapshot`` run left: its exit code, its folder and its index.json."""

    code: int
    out: Path
    index: dict[str, Any]

    @property
    def screens(self) -> list[dict[str, Any]]:
        return list(self.index["screens"])

    def failures(self) -> list[tuple[str, list[str], list[str], list[str]]]:
        """Every screen with text that does not fit, low contrast or a small touch target."""
        return [
            (s["id"], s["overflow"], s["contrast"], s["targets"])
            for s in self.screens
            if s["overflow"] or s["contrast"] or s["targets"]
        ]


class Snapshots:
    """``snapshots(size, language=..., accessible=..., pack=...)``: a render, made on first use."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._made: dict[tuple[str, ...], Rendered] = {}

    def __call__(
        self,
        size: str,
        *,
        language: str | None = None,
        accessible: bool = False,
        pack: Path | None = None,
    ) -> Rendered:
        args = ["--size", size]
        args += ["--language", language] if language else []
        args += ["--accessible"] if accessible else []
        args += ["--pack", str(pack)] if pack else []
        key = tuple(args)
        if key not in self._made:
            out = self._root / f"render{len(self._made)}"
            home = home_without_sticks(self._root / "home")
            code = cli.main(["--home", str(home), "snapshot", "--out", str(out), *args])
            index = json.loads((out / "index.json").read_text(encoding="utf-8"))
            self._made[key] = Rendered(code, out, index)
        return self._made[key]


@pytest.fixture(scope="session")
def snapshots(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Snapshots:
    return Snapshots(tmp_path_factory.mktemp("snapshots"))
