"""Qt fixtures: the app's QML loaded offscreen, failing on any QML engine warning."""

from collections.abc import Iterator

import pytest

from kiosk.common import paths
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from tests.helpers import SceneDriver, make_scene


@pytest.fixture(scope="session")
def default_pack() -> Pack:
    return load_pack(paths.default_pack_dir())


@pytest.fixture
def scene(qapp, qtbot, default_pack: Pack) -> Iterator[SceneDriver]:
    s = make_scene(qtbot, default_pack)
    yield s
    s.close()
    assert not s.warnings, s.warnings
