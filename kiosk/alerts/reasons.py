"""Why an alert or a venue message is not on screen: refusals as data.

Every refusal has a ``kind`` from a fixed set (tests, the staff panel and the logs sort by it)
and a ``detail`` in plain words that names what was seen. Details are built from cleaned,
bounded text only (:func:`kiosk.alerts.cap.clean_text`), so a refusal can be logged and printed
as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "malformed",  # not well-formed XML or YAML, or an element CAP requires is missing
    "oversized",  # more bytes than the limit (refused before parsing)
    "unsafe",  # a DTD or entities: refused unread (entity expansion, external references)
    "host",  # a feed, entry link or photo not on an allowed host, or not https
    "status",  # Test, Exercise, System or Draft: only Actual alerts are shown
    "msgType",  # Ack or Error
    "scope",  # Restricted or Private: not for a public screen
    "event",  # not one of kiosk.yaml alerts.events
    "area",  # names none of kiosk.yaml alerts.areas
    "expired",  # past its validity window
    "not-yet",  # its window has not begun
    "clock",  # the kiosk's clock is not trusted and the alert was never seen under one that was
    "ended",  # cancelled or replaced by a later message
    "cancel",  # a Cancel: it ends other alerts and is never shown itself
    "unsigned",  # a venue message with no signature, or one that does not match
    "untrusted",  # a venue message signed by a key this kiosk does not trust
    "unreadable",  # a file or feed that could not be read (down, vanished); nothing changes
]


@dataclass(frozen=True)
class Refusal:
    """Why something is not shown: a fixed ``kind`` and the words that say what was seen."""

    kind: Kind
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


class Refused(Exception):
    """Raised by the readers; carries the :class:`Refusal`."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(str(refusal))
        self.refusal = refusal
