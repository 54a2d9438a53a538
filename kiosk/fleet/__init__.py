"""The fleet room: packs from a TUF repository (python-tuf), for kiosks that outgrow one venue.

Everything that needs the optional ``fleet`` extra (``pip install 'kiosk[fleet]'``: ``tuf``,
which brings ``securesystemslib`` and ``urllib3``) lives here, and an import-linter contract
keeps those libraries out of every other package. A kiosk without the extra runs as before;
only ``kiosk repo``, ``kiosk sync`` and ``kiosk.yaml`` ``sync`` say that they need it
(:func:`need_fleet`). No Qt: the running kiosk's timer (``kiosk.ui.sync_timer``) calls
:func:`kiosk.fleet.sync.sync_once` on its worker thread.

- ``keys.py``: the repository's Ed25519 keys, the same PEM files as ``kiosk keys``, signing
  TUF metadata through PyNaCl (no ``cryptography`` needed on the publisher's machine).
- ``repo.py``: the publisher's side, ``kiosk repo init|add|refresh|rotate-root``.
- ``sync.py``: the kiosk's side, one sync: TUF's ngclient fetches and checks the metadata and
  the chosen target, then the pack goes through the same intake as a stick.
"""

from __future__ import annotations

FLEET_EXTRA_HINT = "this needs the fleet extra: pip install 'kiosk[fleet]' (python-tuf)"


class FleetUnavailable(RuntimeError):
    """python-tuf is not installed (the optional ``fleet`` extra)."""


def need_fleet() -> None:
    """Raise :class:`FleetUnavailable` when python-tuf cannot be imported.

    Raises:
        FleetUnavailable: with :data:`FLEET_EXTRA_HINT`.
    """
    try:
        import securesystemslib.signer  # noqa: F401
        import tuf.api.metadata  # noqa: F401
    except ImportError:
        raise FleetUnavailable(FLEET_EXTRA_HINT) from None
