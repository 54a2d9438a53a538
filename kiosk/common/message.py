"""Something the kiosk tells staff, as data: a kind and its arguments, worded where it is read.

A message is made where the thing happens (an installer's refusal, the crash-loop guard's
fallback, a fleet sync that failed, a wrong PIN) and worded only where it is read: in English for
the log and the command line, in the language on screen for the staff panel. Every wording is in
one table (:mod:`kiosk.ops.staff_words`), so no layer below the panel writes a sentence the
panel would have to show in English.

Arguments are names and numbers, or other messages (a refusal's reason inside "… was not
installed: …"). Names from outside (a file's, a key's, a pack's title) are cleaned where the
message is worded, like any name shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9]{0,39}")
ARGS_MAX = 8  # arguments one message read from a record may have
TEXT_MAX = 1_000  # characters of one text argument read from a record
DEPTH_MAX = 3  # messages inside messages read from a record


@dataclass(frozen=True)
class Message:
    """A kind (``"untrustedKey"``) and its arguments (``keyId="a1b2…"``), in order.

    Attributes:
        kind: what is said; :mod:`kiosk.ops.staff_words` has its words.
        args: ``(name, value)`` pairs; a value is a text, a number or another message.
    """

    kind: str
    args: tuple[tuple[str, str | int | float | Message], ...] = ()

    @classmethod
    def of(cls, kind: str, /, **args: str | int | float | Message) -> Message:
        """``Message.of("installed", pack="acme 1.0")``."""
        return cls(kind, tuple(args.items()))

    def get(self, name: str) -> str | int | float | Message | None:
        """The argument ``name``, or None."""
        for key, value in self.args:
            if key == name:
                return value
        return None

    def to_json(self) -> dict[str, Any]:
        """As a record keeps it (``inbox-seen.json``, ``sync-status.json``)."""
        return {
            "kind": self.kind,
            "args": {
                key: value.to_json() if isinstance(value, Message) else value
                for key, value in self.args
            },
        }

    @classmethod
    def from_json(cls, data: Any, depth: int = 0) -> Message | None:
        """A message from a record, or None when it is not one.

        A record is outside data (a disk may be damaged): kinds and names are plain words, at
        most :data:`ARGS_MAX` arguments, texts cut to :data:`TEXT_MAX` characters and messages
        nested at most :data:`DEPTH_MAX` deep.
        """
        if not isinstance(data, dict) or depth > DEPTH_MAX:
            return None
        kind, args = data.get("kind"), data.get("args", {})
        if not isinstance(kind, str) or not _NAME.fullmatch(kind) or not isinstance(args, dict):
            return None
        if len(args) > ARGS_MAX:
            return None
        out: list[tuple[str, str | int | float | Message]] = []
        for key, value in args.items():
            if not isinstance(key, str) or not _NAME.fullmatch(key):
                return None
            if isinstance(value, bool):
                return None
            if isinstance(value, str):
                out.append((key, value[:TEXT_MAX]))
            elif isinstance(value, int | float):
                out.append((key, value))
            else:
                inner = cls.from_json(value, depth + 1)
                if inner is None:
                    return None
                out.append((key, inner))
        return cls(kind, tuple(out))
