"""The running kiosk's sync timer: a pack published to a TUF repository goes live at a slide
boundary, through the same watcher as a stick."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("tuf")

from kiosk.config import KioskConfig, SyncSettings
from kiosk.content.validate import DEFAULT_LINK_HOSTS
from kiosk.fleet.repo import Repository
from kiosk.intake.trust import PackRef
from kiosk.platform.watcher import PackWatcher
from kiosk.ui.sync_timer import SyncTimer
from tests.helpers import make_scene
from tests.tuf_repo import Publisher, serve


def test_a_published_pack_goes_live_at_the_next_slide(
    qapp, qtbot, tmp_path: Path, default_pack
) -> None:
    publisher = Publisher(tmp_path / "publisher")
    repo = Repository(tmp_path / "repo")
    root = repo.init()
    repo.add(publisher.pack("1.0.0"))
    home = publisher.kiosk_home(tmp_path / "home")
    scene = make_scene(qtbot, default_pack)
    watcher = PackWatcher(
        home,
        scene.attract.replace_pack,
        watch=[],
        verify=True,
        link_hosts=DEFAULT_LINK_HOSTS,
        interval_ms=20,
    )
    watcher.start()
    with serve(repo.folder) as (url, _):
        settings = SyncSettings(url=url, every_minutes=15, trust_root=str(root))
        syncer = SyncTimer(home, KioskConfig(sync=settings), settings, first_ms=0)
        outcomes = []
        syncer.synced.connect(outcomes.append)
        assert syncer.start()
        qtbot.waitUntil(lambda: bool(outcomes), timeout=15000)
        assert outcomes[0].result == "installed", outcomes[0].reason
        assert outcomes[0].pack == PackRef("test-pack", "1.0.0")
        qtbot.waitUntil(lambda: scene.attract.pending_pack is not None, timeout=15000)
        assert scene.attract.pack.id == default_pack.id  # never mid-slide
        scene.attract.advance()
        assert scene.attract.pack.id == "test-pack"
        syncer.stop()
    watcher.stop()
    scene.close()
    assert not scene.warnings
