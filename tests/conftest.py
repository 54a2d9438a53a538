"""Every test, in every worker: hermetic, and the slow files scheduled first.

The kiosk's default home is a temporary folder, never the real one: a command run without
``--home`` or ``KIOSK_HOME`` uses the platform's data folder (``$XDG_DATA_HOME/kiosk``); without
this, such a test (or a process it starts, which inherits the environment) would take the run
lock, write logs and caches in the developer's or CI's real home. A test that touches /media, the
real home or another host fails (tests/hermetic.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import TESTS_DIR, hermetic

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


GUARD = hermetic.install()


@pytest.fixture(autouse=True)
def _hermetic() -> Iterator[None]:
    before = len(GUARD.touches)
    yield
    touched = GUARD.touches[before:]
    assert not touched, f"a test touched what is not its own: {touched}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow files first: those marked ``slow`` (the renders, up to 2 minutes a file), then the
    end-to-end tests (real processes, under 40 s a file), then the rest.

    xdist's --dist loadfile hands out files in this order (with --no-loadscope-reorder, as
    `make test` runs): a long file started last would leave the other worker idle at the end.
    """
    e2e = TESTS_DIR / "e2e"

    def rank(item: pytest.Item) -> int:
        if item.get_closest_marker("slow") is not None:
            return 0
        return 1 if item.path.is_relative_to(e2e) else 2

    items.sort(key=rank)
