"""Every test, in every worker: the kiosk's default home is a temporary folder, never the real one.

A command run without ``--home`` or ``KIOSK_HOME`` uses the platform's data folder
(``$XDG_DATA_HOME/kiosk``); without this, such a test (or a process it starts, which inherits the
environment) would take the run lock, write logs and caches in the developer's or CI's real home.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

# Fixtures for every room: test packs, keys, a store and the CLI in-process (tests/packs.py); the
# default pack and a loaded scene (tests/scenes.py).
pytest_plugins = ("tests.packs", "tests.scenes")


@pytest.fixture(autouse=True, scope="session")
def _no_real_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    base: Path = tmp_path_factory.mktemp("xdg")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            (base / name).mkdir()
            patch.setenv(name, str(base / name))
        yield
