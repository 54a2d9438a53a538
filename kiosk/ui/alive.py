"""Staying alive unattended: systemd heartbeat, self-checks and stall watch, in one call.

``kiosk run`` calls :func:`stay_alive` once the window is shown. Outside systemd (no
``$NOTIFY_SOCKET``) the heartbeat is a no-op, while the self-checks still run: a frozen loop
exits non-zero wherever the kiosk runs, for whatever supervises it. The self-checks run on the
GUI thread; the stall watch runs beside it and ends the process (exit 4) when the GUI thread
itself is stuck. Only ``kiosk run`` starts them: ``kiosk snapshot`` and tests that hold the loop
on purpose never do, unless a test asks for them.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.config import KioskConfig
from kiosk.ops.health import Health, MemoryCeiling, StallWatch, exit_frozen, stall_bound
from kiosk.ops.restarts import frozen_exit
from kiosk.ops.watchdog import Notifier
from kiosk.platform.heartbeat import Heartbeat, Pulse
from kiosk.ui.selfcheck import DEFAULT_CHECK_SECONDS, SelfCheck

if TYPE_CHECKING:
    from kiosk.ui.app import Scene

log = logging.getLogger(__name__)

# Seconds between QR self-checks; tests and diagnostics shorten it (an environment variable
# rather than a flag: operators never need it).
CHECK_SECONDS_ENV = "KIOSK_SELF_CHECK_SECONDS"
# Seconds the GUI thread may stay silent before the stall watch ends the process (likewise, but
# it may only shorten the default: see stall_bound).
STALL_SECONDS_ENV = "KIOSK_STALL_SECONDS"


@dataclass
class StayingAlive:
    """The running kiosk's heartbeat, self-checks and pulse; ``health`` is for a staff panel."""

    notifier: Notifier
    heartbeat: Heartbeat
    self_check: SelfCheck
    health: Health
    pulse: Pulse


def stay_alive(
    scene: Scene,
    config: KioskConfig,
    health: Health,
    *,
    parent: QObject | None = None,
    home: Path | None = None,
) -> StayingAlive:
    """Start the heartbeat (READY=1 at the first frame), the self-checks and the stall watch.

    Args:
        scene: the running scene.
        config: kiosk.yaml (``memory_limit_mb``).
        health: where the self-checks write what they find (made before the scene, which shows it).
        parent: owner of the timers (default: the kiosk's engine, so they go with it).
        home: ``KIOSK_HOME``, where a stall's restart is counted (``restarts.json``).
    """
    notifier = Notifier.from_env()
    pack = scene.attract.pack
    owner = parent or scene.engine
    heartbeat = Heartbeat(
        notifier, scene.window, status=f"showing {pack.id} {pack.version}", parent=owner
    )
    self_check = SelfCheck(
        scene.window,
        scene.attract,
        health=health,
        notifier=notifier,
        memory=MemoryCeiling(config.memory_limit_mb),
        check_seconds=_env_seconds(CHECK_SECONDS_ENV, DEFAULT_CHECK_SECONDS),
        on_wrong_qr=scene.qr.forget,
        parent=owner,
    )
    staff = scene.staff
    on_stall = frozen_exit(home) if home is not None else exit_frozen
    watch = StallWatch(stall_bound(os.environ.get(STALL_SECONDS_ENV)), on_stall=on_stall)
    pulse = Pulse(watch, lambda: staff.is_open, parent=owner)
    heartbeat.start()
    self_check.start()
    pulse.start()
    return StayingAlive(notifier, heartbeat, self_check, health, pulse)


def _env_seconds(name: str, default: float) -> float:
    """Seconds from the environment variable ``name``, or ``default`` (with a warning if bad)."""
    text = os.environ.get(name, "")
    try:
        seconds = float(text) if text else default
    except ValueError:
        seconds = default
    if not 0.5 <= seconds <= 86_400:
        log.warning("%s=%s is not 0.5-86400 seconds: using the default", name, text)
        return default
    return seconds
