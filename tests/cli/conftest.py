"""`pack build` without its child process, for the tests where the fit is not the point."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import pack
from kiosk.common.problems import Problem


@pytest.fixture
def fit_skipped(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """``pack build`` with every text taken to fit, and the folders it asked about.

    The real check starts ``kiosk pack fit`` in a child process that starts Qt and renders every
    lesson (about 5 s); tests about keys, installs or errors take it as passed, and
    test_pack_build_fit.py runs the real one, fitting and not.
    """
    asked: list[Path] = []

    def fits(folder: Path, home: str | None) -> list[Problem]:
        asked.append(folder)
        return []

    monkeypatch.setattr(pack, "_render_check", fits)
    return asked
