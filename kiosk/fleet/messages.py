"""Venue messages (``.kmsg``) published through the fleet's TUF repository.

A message target is ``<id>.kmsg`` with the custom metadata ``{"kiosk": {"message": "<id>"}}``
(``kiosk repo add DIR FILE.kmsg``). A sync fetches each one this kiosk does not have yet into
its drop folder (``inbox/fleet-<sha256>.kmsg``): TUF has checked its length and hashes; the
alerts room then verifies the message's own signature from there, as for one on a stick, and
shows it only when this kiosk trusts the key that signed it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.content.schema import ID_PATTERN
from kiosk.content.words import clean_name, log_quote

if TYPE_CHECKING:
    from tuf.ngclient import Updater

log = logging.getLogger("kiosk.sync")

# The alerts room's limit for a whole .kmsg (kiosk.alerts.message.MAX_MESSAGE_BYTES; the fleet
# room may not import it): a target declared larger is never fetched.
MAX_MESSAGE_BYTES = 4_000_000
MESSAGES_PER_SYNC = 20
_NAME = re.compile(ID_PATTERN[:-1] + r"\.kmsg$")


def message_targets(targets: Mapping[str, Any]) -> list[str]:
    """The targets (path → custom metadata) that are venue messages, in name order."""
    found = []
    for path, custom in sorted(targets.items()):
        kiosk = custom.get("kiosk") if isinstance(custom, dict) else None
        message_id = kiosk.get("message") if isinstance(kiosk, dict) else None
        if isinstance(message_id, str) and _NAME.fullmatch(path) and path == f"{message_id}.kmsg":
            found.append(path)
    return found[:MESSAGES_PER_SYNC]


def fetch_messages(
    updater: Updater, targets: Mapping[str, Any], home: Path, downloads: Path
) -> list[str]:
    """Fetch the message targets this kiosk lacks into ``inbox/``; one that fails is skipped
    (and tried at the next sync), never the sync's packs. Returns the names fetched."""
    fetched = []
    for path in message_targets(targets):
        try:
            info = updater.get_targetinfo(path)
            if info is None or info.length > MAX_MESSAGE_BYTES:
                continue
            digest = str(info.hashes.get("sha256", ""))
            name = f"fleet-{digest}.kmsg"
            inbox = home / "inbox"
            if (inbox / name).exists() or (
                home / "alerts" / "messages" / f"{digest}.kmsg"
            ).exists():
                continue
            part = downloads / name
            updater.download_target(info, str(part))
            inbox.mkdir(parents=True, exist_ok=True)
            part.replace(inbox / name)
        except Exception as exc:  # a message must never cost the kiosk its packs
            log.warning(
                "venue message %s not fetched: %s", log_quote(path), clean_name(str(exc), 160)
            )
            continue
        log.info("venue message %s fetched into the drop folder", log_quote(path))
        fetched.append(name)
    return fetched
