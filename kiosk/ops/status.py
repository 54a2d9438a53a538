"""What this kiosk shows and holds, as one plain model for ``kiosk status`` and the staff panel.

:func:`read_status` reads the records both show (the store's packs, keys and marks, the last
install, the crash-loop guard, the staff PIN) into frozen dataclasses, without Qt and without
words: the command line prints them in English, the staff panel words them in the language on
screen (:mod:`kiosk.ops.staff_panel`). So the two cannot disagree about what is live, what is
installed or which keys are trusted.

Everything here reads small files only; nothing is hashed or unpacked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kiosk.common.problems import PackError
from kiosk.content.model import Localized, Pack
from kiosk.content.words import clean_key_name
from kiosk.intake import signing, trust
from kiosk.intake.store import PackStore
from kiosk.intake.trust import Marks, PackRef
from kiosk.ops import staff
from kiosk.ops.crashguard import GuardStatus, guard_status

SignerKind = Literal["bundled", "key", "untrusted", "unknown"]


def grouped(fingerprint: str) -> str:
    """A fingerprint in groups of four, as people compare it by eye."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def key_file_name(name: str) -> str:
    """A key file's name, as staff may read it beside a fingerprint: cleaned, hex runs masked.

    The name is the stick's words, not the key's: ``a1b2c3d4e5f6a7b8.pub`` could name another
    key's fingerprint, and so could Cyrillic or full-width look-alikes of its digits
    (:func:`~kiosk.content.words.clean_key_name`).
    """
    return clean_key_name(name)


def key_name(key: signing.TrustedKey) -> str:
    """A trusted key's name: its key id (computed, shown as it is) or a file's name (masked)."""
    return key.name if key.name == key.key_id else key_file_name(key.name)


@dataclass(frozen=True)
class Signer:
    """Who signed the pack on screen.

    Attributes:
        kind: ``bundled`` (the app's own pack, not signed), ``key`` (a trusted key),
            ``untrusted`` (a key no longer trusted: ``name`` is its key id) or ``unknown`` (no
            readable signature).
        name: the key's name (:func:`key_name`) or id.
        fingerprint: the trusted key's fingerprint, "" otherwise.
    """

    kind: SignerKind
    name: str = ""
    fingerprint: str = ""


@dataclass(frozen=True)
class LiveStatus:
    """The pack on screen: its id, version and texts (in one language), and who signed it."""

    id: str
    version: str
    title: str
    publisher: str
    review_status: str
    bundled: bool
    signer: Signer

    @property
    def ref(self) -> PackRef:
        return PackRef(self.id, self.version)


@dataclass(frozen=True)
class PackRow:
    """A pack on this kiosk: an installed one, or the bundled one (first)."""

    id: str
    version: str
    live: bool
    bundled: bool

    @property
    def ref(self) -> PackRef:
        return PackRef(self.id, self.version)


@dataclass(frozen=True)
class KeyRow:
    """A trusted key: its name (:func:`key_name`), id, fingerprint and when it was added (the
    file's time, None when unreadable)."""

    name: str
    key_id: str
    fingerprint: str
    added: float | None


@dataclass(frozen=True)
class KioskStatus:
    """What ``kiosk status`` and the staff panel show of one ``KIOSK_HOME``.

    Attributes:
        live: the pack on screen (or the one a running kiosk will show from its next slide).
        packs: the bundled pack, then every installed one, each marked live or not.
        keys: the trusted keys.
        revoked: the pack ``active.json`` names live while its signer is no longer trusted
            (it is not shown), with the signer's key id; None when there is none.
        can_roll_back: Roll back has an earlier pack to go to.
        last_install: the store's record of the last install, or None.
        marks: the versions' high-water marks, rollbacks and bound keys.
        guard: the crash-loop guard's state.
        pin_set: a staff PIN is set; pin_older: it was set under older rules (shorter PINs).
    """

    live: LiveStatus
    packs: tuple[PackRow, ...]
    keys: tuple[KeyRow, ...]
    revoked: tuple[PackRef, str] | None
    can_roll_back: bool
    last_install: dict[str, Any] | None
    marks: Marks
    guard: GuardStatus
    pin_set: bool
    pin_older: bool

    @property
    def installed(self) -> tuple[PackRow, ...]:
        """The installed packs, without the bundled one."""
        return tuple(p for p in self.packs if not p.bundled)


def signer(store: PackStore, pack: Pack) -> Signer:
    """Who signed the installed ``pack``, from its ``MANIFEST.sig`` and the trusted keys."""
    sig = store.pack_dir(PackRef(pack.id, pack.version)) / trust.SIGNATURE
    try:
        kid, _ = trust.parse_signature(sig.read_bytes()[:4096])
    except (OSError, PackError):
        return Signer("unknown")
    known = {k.key_id: k for k in store.trusted_keys()}
    key = known.get(kid)
    if key is None:
        return Signer("untrusted", kid)
    return Signer("key", key_name(key), key.fingerprint)


def _text(value: Any, language: str) -> str:
    """A pack's text (a string, a :class:`Localized`, or a record with a ``name``) in
    ``language``; "" when it has none."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Localized | dict):
        return str(value.get(language, ""))
    name = getattr(value, "name", None)
    return _text(name, language) if name is not None else ""


def live_status(
    store: PackStore, pack: Pack, *, bundled: bool, language: str | None = None
) -> LiveStatus:
    """``pack`` as shown: its texts in ``language`` (default its first), and its signer."""
    language = language or (pack.languages[0] if pack.languages else "en")
    return LiveStatus(
        id=pack.id,
        version=pack.version,
        title=pack.title.get(language, pack.id),
        publisher=_text(getattr(pack, "publisher", None), language),
        review_status=pack.review_status,
        bundled=bundled,
        signer=Signer("bundled") if bundled else signer(store, pack),
    )


def pack_rows(store: PackStore, bundled: Pack) -> tuple[PackRow, ...]:
    """The bundled pack and every installed one, each with whether it is live."""
    active = store.active()
    installed = store.list_installed()
    rows = [
        PackRow(
            bundled.id,
            bundled.version,
            live=active.builtin or (active.live is None and not installed),
            bundled=True,
        )
    ]
    rows += [PackRow(p.id, p.version, p.live and not active.builtin, False) for p in installed]
    return tuple(rows)


def key_rows(store: PackStore) -> tuple[KeyRow, ...]:
    """The trusted keys, with when each was added."""
    rows = []
    for key in store.trusted_keys():
        try:
            added: float | None = key.path.stat().st_mtime
        except OSError:
            added = None
        rows.append(KeyRow(key_name(key), key.key_id, key.fingerprint, added))
    return tuple(rows)


def read_status(
    home: Path,
    shown: Pack,
    bundled: Pack,
    *,
    shown_bundled: bool,
    language: str | None = None,
) -> KioskStatus:
    """What ``home`` holds, with ``shown`` as the pack on screen.

    Args:
        home: the ``KIOSK_HOME``.
        shown: the pack on screen (``kiosk status``: the one a start would choose).
        bundled: the app's own pack.
        shown_bundled: ``shown`` is the bundled pack (not an installed one).
        language: the language of the pack's texts (the one on screen); default its first.
    """
    store = PackStore(home)
    policy = staff.pin_policy(home)
    return KioskStatus(
        live=live_status(store, shown, bundled=shown_bundled, language=language),
        packs=pack_rows(store, bundled),
        keys=key_rows(store),
        revoked=store.revoked_live(),
        can_roll_back=store.can_roll_back(),
        last_install=store.last_install(),
        marks=store.marks(),
        guard=guard_status(home),
        pin_set=policy is not None,
        pin_older=policy is not None and policy < staff.PIN_POLICY,
    )
