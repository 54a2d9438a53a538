"""The installed version of a distribution, read from its ``dist-info`` folder's name.

Neither the package nor ``importlib.metadata`` (~10 ms) is imported: this runs before the first
frame, to key what ``kiosk run`` remembers between starts (the QR codes it drew, the documents
that passed the schema) to the library that made it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def installed_version(module: str) -> str | None:
    """The version of the distribution named like ``module``, or None when it cannot be told
    (not installed, no single ``dist-info`` beside it, e.g. in a frozen build without it)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return None
    found = list(Path(spec.origin).parent.parent.glob(f"{module}-*.dist-info"))
    if len(found) != 1:
        return None
    return found[0].name[len(module) + 1 : -len(".dist-info")]
