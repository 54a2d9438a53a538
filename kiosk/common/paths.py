"""Where the app's own files live: a source checkout, an installed wheel or a PyInstaller bundle.

Every lookup of ``assets/``, ``content/`` or the QML module goes through here, so the three ways of
running the app stay in one place.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # kiosk/, this file being kiosk/common/paths.py


def _data_root() -> Path:
    """The folder that holds ``assets/`` and ``content/``."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    checkout = _PACKAGE_DIR.parent
    if (checkout / "content" / "pack.yaml").is_file():
        return checkout
    return _PACKAGE_DIR / "_data"  # a wheel ships them inside the package


def assets_dir() -> Path:
    """The app's own fonts, icons and images."""
    return _data_root() / "assets"


def default_pack_dir() -> Path:
    """The content pack bundled with the app."""
    return _data_root() / "content"


def qml_dir() -> Path:
    """The folder that holds the ``Kiosk`` QML module (``Kiosk/qmldir``)."""
    return _PACKAGE_DIR / "ui" / "qml"


def i18n_dir() -> Path:
    """The compiled translations of the kiosk's own words (``kiosk_<lang>.qm``)."""
    return _PACKAGE_DIR / "ui" / "i18n"


def kiosk_home(override: str | os.PathLike[str] | None = None) -> Path:
    """KIOSK_HOME: ``--home``, else the ``KIOSK_HOME`` variable, else the platform data dir."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get("KIOSK_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir("kiosk", appauthor=False))
