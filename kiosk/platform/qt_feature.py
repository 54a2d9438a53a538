"""PySide6's ``__feature__`` import hook, kept from reading the source of every module imported.

PySide6 replaces ``builtins.__import__`` with a hook for its ``from __feature__ import
snake_case`` switch. After every import it asks whether the new module "uses PySide": in 6.11 by
``inspect.getsource(module)`` and a search of that text for "PySide6"
(``PySide6.support.feature._mod_uses_pyside``). ``inspect.getsource`` goes through ``linecache``,
which keeps every line it read for the life of the process. In ``kiosk run`` that was the whole
source of the ~230 modules imported after PySide6 (the kiosk's own, PyYAML, ``phonenumbers``,
sqlite3, logging.handlers...): ~3.6 million characters held for good, ~8.5 MB of RSS and ~30-50 ms
before the first frame (measured on the imports of ``kiosk run``, docs/performance.md).

The answer only chooses a module's default feature set: 0, "no feature", for a module that uses
PySide, -1, "inherit whatever the last module selected", for one that does not. The kiosk never
imports ``__feature__``, so no module ever selects a feature and both defaults mean the same
camelCase names; 0 is even the safer one, since a module marked 0 never inherits another's
``snake_case``. So :func:`skip_source_scan` answers 0 for every module without reading anything.

Only where the hook looks as it does in the PySide6 versions read (a module
``PySide6.support.feature`` with a callable ``_mod_uses_pyside``): anything else is left as it is.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  # installs the hook (and its module) if not yet there

FEATURE_MODULE = "PySide6.support.feature"


def _uses_pyside(module: ModuleType) -> bool:
    """Every module counts as "uses PySide, no feature selected" (see the module docstring)."""
    return True


def skip_source_scan() -> bool:
    """Make PySide6's import hook stop reading each imported module's source; whether it did."""
    feature = sys.modules.get(FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside  # type: ignore[attr-defined]
    return True


# On import, not only when called: the hook looks at this very module as its import ends.
skip_source_scan()
