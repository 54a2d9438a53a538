"""Staying alive unattended: the systemd heartbeat and the self-checks, wired in one call.

``kiosk run`` calls :func:`stay_alive` once the window is shown. Outside systemd (no
``$NOTIFY_SOCKET``) the heartbeat is a no-op, while the self-checks still run: a frozen loop
exits non-zero wherever the kiosk runs, for whatever supervises it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.config import KioskConfig
from kiosk.ops.health import Health, MemoryCeiling
from kiosk.ops.watchdog import Notifier
from kiosk.ui.heartbeat import Heartbeat
from kiosk.ui.selfcheck import DEFAULT_CHECK_SECONDS, SelfCheck

if TYPE_CHECKING:
    from kiosk.ui.app import Scene

log = logging.getLogger(__name__)

# Seconds between QR self-checks; tests and diagnostics shorten it (like KIOSK_CRASH_AT, an
# environment variable rather than a flag: operators never need it).
CHECK_SECONDS_ENV = "KIOSK_SELF_CHECK_SECONDS"


@dataclass
class StayingAlive:
    """The running kiosk's heartbeat and self-checks; ``health`` is for a staff panel."""

    notifier: Notifier
    heartbeat: Heartbeat
    self_check: SelfCheck
    health: Health


def stay_alive(scene: Scene, config: KioskConfig, *, parent: QObject | None = None) -> StayingAlive:
    """Start the heartbeat (READY=1 at the first frame) and the self-checks of ``scene``.

    Args:
        scene: the running scene.
        config: kiosk.yaml (``memory_limit_mb``).
        parent: owner of the timers (default: the kiosk's engine, so they go with it).
    """
    notifier = Notifier.from_env()
    pack = scene.attract.pack
    owner = parent or scene.engine
    heartbeat = Heartbeat(
        notifier, scene.window, status=f"showing {pack.id} {pack.version}", parent=owner
    )
    health = Health()
    self_check = SelfCheck(
        scene.window,
        scene.attract,
        health=health,
        notifier=notifier,
        memory=MemoryCeiling(config.memory_limit_mb),
        check_seconds=_check_seconds(),
        on_wrong_qr=scene.qr.forget,
        parent=owner,
    )
    heartbeat.start()
    self_check.start()
    return StayingAlive(notifier, heartbeat, self_check, health)


def _check_seconds() -> float:
    text = os.environ.get(CHECK_SECONDS_ENV, "")
    try:
        seconds = float(text) if text else DEFAULT_CHECK_SECONDS
    except ValueError:
        seconds = DEFAULT_CHECK_SECONDS
    if not 0.5 <= seconds <= 86_400:
        log.warning("%s=%s is not 0.5-86400 seconds: using the default", CHECK_SECONDS_ENV, text)
        return DEFAULT_CHECK_SECONDS
    return seconds
