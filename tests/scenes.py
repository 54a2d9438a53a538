"""Qt fixtures: the app's QML loaded offscreen, failing on any QML engine warning.

``home`` (a KIOSK_HOME of the test's own) is in tests/packs.py.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.common import paths
from kiosk.config import KioskConfig
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.playback.clock import ManualClock
from kiosk.ui.app import Scene, load_fonts
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


@pytest.fixture
def staff_scene(qapp, qtbot, home: Path, default_pack: Pack) -> Iterator[SceneDriver]:
    """The real scene over ``home``, for the staff layer. Hermetic: no stick folder is watched
    (``watch=()``), so a stick in this machine's /media never reaches a test."""
    load_fonts()
    clock = ManualClock(1000.0)
    config = KioskConfig(watch=())
    scene = Scene(
        default_pack, venue="transit", animate=False, clock=clock, home=home, config=config
    )
    warnings: list[str] = []
    scene.engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
    scene.window.resize(1920, 1080)
    scene.window.show()
    qtbot.waitExposed(scene.window)
    scene.attract.start()
    driver = SceneDriver(scene, clock, warnings)
    yield driver
    driver.close()
    assert not warnings, warnings
