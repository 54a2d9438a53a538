"""The limits every pack from outside must keep (DESIGN.md, "Trust, signatures and limits")."""

from __future__ import annotations

from kiosk.content.problems import Problem
from kiosk.content.trust import MAX_NAME_CHARS
from kiosk.content.validate import MAX_FILE_BYTES

MAX_ENTRIES = 2_000
MAX_TOTAL_BYTES = 200_000_000
# The archive itself is compressed; this leaves room for zip overhead on top of the unpacked limit.
MAX_ARCHIVE_BYTES = MAX_TOTAL_BYTES + 16_000_000
# The zip's table of contents is read into memory before the entries can be counted, so its size
# is checked first: a real entry takes about 100 bytes there.
MAX_DIRECTORY_BYTES = MAX_ENTRIES * 2048
# A MANIFEST line is a hash, a size and a path: this fits MAX_ENTRIES of the longest.
MAX_MANIFEST_BYTES = MAX_ENTRIES * (64 + 2 + 12 + 2 + MAX_NAME_CHARS * 4 + 1)
MAX_SIGNATURE_BYTES = 1_024
MAX_REPORTED = 30  # beyond this many problems, say how many more rather than list them all

__all__ = [
    "MAX_ARCHIVE_BYTES",
    "MAX_DIRECTORY_BYTES",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_MANIFEST_BYTES",
    "MAX_REPORTED",
    "MAX_SIGNATURE_BYTES",
    "MAX_TOTAL_BYTES",
    "capped",
]


def capped(problems: list[Problem], file: str) -> list[Problem]:
    """At most :data:`MAX_REPORTED` problems, then one that says how many more there are."""
    if len(problems) <= MAX_REPORTED:
        return problems
    more = len(problems) - MAX_REPORTED
    return [*problems[:MAX_REPORTED], Problem(file, 0, "", f"... and {more:,} more problems")]
