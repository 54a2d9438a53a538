"""An edited kiosk.yaml reaches the running bridges at the next slide, without a restart."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from kiosk.common import paths
from kiosk.config import KioskConfig, load_config
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.ops.display import DisplayPower
from kiosk.ui.bridges.attract import AttractBridge
from kiosk.ui.bridges.schedule import ScheduleBridge
from kiosk.ui.bridges.session import SessionBridge
from kiosk.ui.config_reload import ConfigReloader, recheck
from tests import FIXTURES_DIR

FIXTURE = FIXTURES_DIR / "minimal_pack"


def no_x(argv: Sequence[str]) -> tuple[int, str]:
    return 0, ""


def test_an_edit_applies_at_the_next_slide_and_names_what_needs_a_restart(
    qtbot, default_pack: Pack, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "kiosk.yaml"
    path.write_text("venue: transit\nidle_seconds: 60\n")
    config = load_config(path, strict=False)
    attract = AttractBridge(default_pack, config.venue, languages=config.languages)
    session = SessionBridge(attract, config.idle_seconds)
    display = DisplayPower({"DISPLAY": ":0"}, no_x, lambda _: "/usr/bin/xset")
    schedule = ScheduleBridge(attract, session, config.schedule, display=display)
    reloader = ConfigReloader(
        path,
        config,
        attract=attract,
        session=session,
        schedule=schedule,
        watcher=None,
        venue_option=None,
        interval_ms=20,
    )
    path.write_text(
        "venue: hotel\nidle_seconds: 90\nlanguages: [es, fr]\n"
        "schedule: {closed: display-off}\nverify: false\n"
    )
    os.utime(path, ns=(1, 1))  # an edit within the same clock tick still differs
    with caplog.at_level(logging.INFO), qtbot.waitSignal(reloader.applied, timeout=5000):
        reloader.start()
    reloader.stop()
    assert attract.venue == "transit", "never mid-slide"
    attract.advance()  # the slide boundary
    assert attract.venue == "hotel"
    assert attract.languages == ("es",)
    assert session.idle_seconds == 90
    schedule.evaluate()
    assert schedule.status.closed_mode == "display-off"
    said = caplog.text
    assert "venue, languages, idle_seconds, schedule apply from the next slide" in said
    assert "kiosk.yaml changed: verify: read at start only; restart to apply" in said
    assert "languages: fr not in pack" in said


def test_narrower_allow_lists_put_the_bundled_pack_in_place_of_a_refused_one() -> None:
    pack = load_pack(FIXTURE)
    assert recheck(pack, KioskConfig()) is None, "still allowed: nothing changes"
    instead = recheck(pack, KioskConfig(hotline_numbers=("911",)))
    assert instead is not None
    assert instead.root.resolve() == paths.default_pack_dir().resolve()


def test_the_staff_panel_checks_packs_against_the_edited_allow_lists(
    qtbot, default_pack: Pack, tmp_path: Path
) -> None:
    """The reload reached the show, the schedule and the watcher, but the panel's installs,
    activations and rollbacks kept checking packs against the allow-lists read at start."""
    from kiosk.ui.bridges.staff_layer import StaffLayer

    config = KioskConfig()
    attract = AttractBridge(default_pack, config.venue, languages=config.languages)
    session = SessionBridge(attract, config.idle_seconds)
    display = DisplayPower({"DISPLAY": ":0"}, no_x, lambda _: "/usr/bin/xset")
    schedule = ScheduleBridge(attract, session, config.schedule, display=display)
    staff = StaffLayer(attract, session, home=None, config=config)
    reloader = ConfigReloader(
        tmp_path / "kiosk.yaml",
        config,
        attract=attract,
        session=session,
        schedule=schedule,
        watcher=None,
        venue_option=None,
        staff=staff,
    )
    edited = KioskConfig(
        link_hosts=("example.org",), hotline_numbers=("911",), verify=False, watch=("/x/*/",)
    )
    reloader.apply(edited)
    used = staff.panel_bridge._config  # what the panel's jobs pass to the store
    assert (used.link_hosts, used.hotline_numbers) == (("example.org",), ("911",))
    assert (used.verify, used.watch) == (config.verify, config.watch), "read at start only"
    staff.stop()
