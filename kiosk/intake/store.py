"""Installed packs on disk (``KIOSK_HOME``): the I/O shell around :mod:`kiosk.intake.trust`.

Layout::

    packs/<id>/<version>/   installed packs, never edited after the install
    active.json             {"live": {"id", "version"} | null, "history": [older live packs]}
    versions.json           per pack id: the highest version installed, the ones rolled back from
    staging/                installs in progress (left-overs are removed at start)
    inbox/                  drop folder the running kiosk watches
    keys/<key-id>.pub       trusted public keys
    logs/installs.jsonl     the journal: one line per install attempt, activation and rollback
    last-install.json       the outcome of the last install, for ``kiosk pack list``
    .lock                   held by installs; the CLI and the running kiosk share it

:class:`PackStore` reads and writes that state; every decision (is the signature trusted, may this
version be installed from there, what is live, where rollback goes, how a damaged ``active.json``
is rebuilt) is asked of :mod:`kiosk.intake.trust`. One install is run by
:class:`kiosk.intake.install.Installer`. ``versions.json`` is written before ``active.json``, and
until ``active.json`` is renamed into place nothing the kiosk shows has changed, so a crash or a
full disk at any step leaves the previous pack live and no half-written pack visible.

Crash tests pass ``on_step``, called with each name of :data:`INSTALL_STEPS` as it is reached.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from kiosk.common.message import Message
from kiosk.common.problems import PackError, Problem, os_problem, os_said
from kiosk.content import files, records
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack, version_tuple
from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS
from kiosk.content.records import LOCK_TIMEOUT, SECURITY, StoreBusy, write_json_atomic
from kiosk.content.schemapass import SchemaPasses
from kiosk.content.validate import DEFAULT_LINK_HOSTS
from kiosk.content.words import clean_key_name, clean_name, log_quote
from kiosk.intake import signing, trust
from kiosk.intake.ed25519 import PublicKey
from kiosk.intake.install import (
    INSTALL_STEPS,
    INTERNAL_ERROR,
    Attempt,
    Installer,
    InstallResult,
    StepHook,
    cause_of,
    manifest_fingerprint,
    os_cause,
    refused,
)
from kiosk.intake.signing import TrustedKey
from kiosk.intake.trust import Active, Marks, PackRef, State

log = logging.getLogger("kiosk.store")

HISTORY_LIMIT = trust.HISTORY_LIMIT


__all__ = [
    "INSTALL_STEPS",
    "InstallResult",
    "InstalledPack",
    "PackRef",
    "PackStore",
    "StoreBusy",
    "manifest_fingerprint",
    "write_json_atomic",
]


def _no_step(step: str) -> None:
    """The production step hook: nothing happens between steps."""


@dataclass(frozen=True)
class InstalledPack:
    """A pack folder under ``packs/``."""

    id: str
    version: str
    path: Path
    live: bool

    @property
    def ref(self) -> PackRef:
        return PackRef(self.id, self.version)


class PackStore:
    """The packs installed in one ``KIOSK_HOME``.

    Creating a store prepares the folders and, when no install is running, removes what an
    interrupted install left in ``staging/``. It never raises for a missing or read-only home;
    the methods that need to write do.

    Args:
        home: ``KIOSK_HOME``.
        on_step: called with each of :data:`INSTALL_STEPS` as an install reaches it (crash tests
            kill the process there); nothing by default.
    """

    def __init__(self, home: Path, *, on_step: StepHook = _no_step) -> None:
        self.home = Path(home)
        self.packs_dir = self.home / "packs"
        self.staging_dir = self.home / "staging"
        self.inbox_dir = self.home / "inbox"
        self.keys_dir = self.home / "keys"
        self.logs_dir = self.home / "logs"
        self.active_file = self.home / "active.json"
        self.versions_file = self.home / "versions.json"
        self.lock_file = self.home / ".lock"
        self.last_install_file = self.home / "last-install.json"
        self.journal = records.Journal(self.logs_dir / "installs.jsonl")
        self.step = on_step
        self._logged_damage: set[str] = set()
        self._prepare()

    # -- locking and housekeeping ------------------------------------------------------------

    def _prepare(self) -> None:
        try:
            for folder in (
                self.packs_dir,
                self.staging_dir,
                self.inbox_dir,
                self.keys_dir,
                self.logs_dir,
            ):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("cannot prepare %s: %s", self.home, exc.strerror or exc)
            return
        try:
            with self.lock(timeout=0):
                self.clear_staging()
        except (StoreBusy, OSError):
            pass  # an install is running; it cleans up after itself

    @contextmanager
    def lock(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """Hold ``KIOSK_HOME/.lock`` (shared by the CLI and the running kiosk).

        Raises:
            StoreBusy: another process held it for ``timeout`` seconds.
            OSError: the lock file could not be opened.
        """
        with records.hold_lock(self.lock_file, timeout):
            yield

    def clear_staging(self) -> None:
        """Remove what interrupted installs left behind (call with the lock held)."""
        if self.staging_dir.is_dir():
            for child in self.staging_dir.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        for pattern in (".active.json.*.tmp", ".versions.json.*.tmp"):
            for tmp in self.home.glob(pattern):
                tmp.unlink(missing_ok=True)
        for packs in self.packs_dir.glob("*"):
            # A folder made for a pack whose rename never happened.
            if packs.is_dir() and not packs.is_symlink() and not any(packs.iterdir()):
                packs.rmdir()

    # -- reading state -----------------------------------------------------------------------

    def pack_dir(self, ref: PackRef) -> Path:
        """Where the pack ``ref`` is (or would be) installed."""
        return self.packs_dir / ref.id / ref.version

    def _installed_refs(self) -> list[PackRef]:
        """Every installed pack, the oldest install first (by the folder's time)."""
        found: list[tuple[int, PackRef]] = []
        try:
            id_dirs = list(self.packs_dir.iterdir())
        except OSError:
            return []
        for id_dir in id_dirs:
            if not trust.is_ref(id_dir.name, "0") or not id_dir.is_dir():
                continue
            try:
                version_dirs = list(id_dir.iterdir())
            except OSError:
                continue
            for version_dir in version_dirs:
                if not trust.is_ref(id_dir.name, version_dir.name):
                    continue
                try:
                    info = version_dir.lstat()
                except OSError:
                    continue
                if version_dir.is_dir() and not version_dir.is_symlink():
                    found.append((info.st_mtime_ns, PackRef(id_dir.name, version_dir.name)))
        found.sort(key=lambda item: (item[0], item[1].id, version_tuple(item[1].version)))
        return [ref for _, ref in found]

    def _journal_events(self) -> list[tuple[str, PackRef]]:
        events = []
        for entry in self.journal.entries():
            ref = PackRef.from_json(entry.get("pack"))
            status = entry.get("status")
            if ref is not None and isinstance(status, str):
                events.append((status, ref))
        return events

    def _note_damage(self, key: str, message: str, *args: object) -> None:
        """Log a repair once per damage, not on every poll of the watcher."""
        if key not in self._logged_damage:
            self._logged_damage.add(key)
            log.warning(message, *args)

    def _read_active(self) -> Active:
        data = records.read_json(self.active_file)
        if data is None:
            # Never written: nothing was ever made live (a first install killed before the
            # switch leaves its folder, which must not go live on its own).
            return Active()
        active = Active.from_json(data) if data is not records.DAMAGED else None
        if active is not None:
            self._logged_damage.discard("active")  # a later damage is logged again
            return active
        rebuilt = trust.rebuild(self._installed_refs(), self._journal_events())
        self._note_damage(
            "active",
            "%s was damaged or empty; rebuilt from the installed packs and the install journal: "
            "live %s",
            self.active_file,
            rebuilt.live or "none (the bundled default pack)",
        )
        with suppress(StoreBusy, OSError), self.lock(timeout=0):
            write_json_atomic(self.active_file, rebuilt.to_json())
        return rebuilt

    def _read_marks(self) -> Marks:
        data = records.read_json(self.versions_file)
        marks = Marks.from_json(data) if data is not None else None
        if marks is not None:
            self._logged_damage.discard("versions")
            return self._with_signers(marks)
        if data is not None:
            self._note_damage("versions", "%s was damaged; rebuilt from packs/", self.versions_file)
        # No record yet (or a damaged one): every installed version was installed once.
        highest: dict[str, str] = {}
        for ref in self._installed_refs():
            top = highest.get(ref.id)
            if top is None or version_tuple(ref.version) > version_tuple(top):
                highest[ref.id] = ref.version
        return self._with_signers(Marks(highest))

    def _with_signers(self, marks: Marks) -> Marks:
        """Bind the pack ids installed before bindings were kept (or whose record was lost)
        to the key of their last install in the journal, else of their highest version."""
        ids = {ref.id for ref in self._installed_refs()} - set(marks.signers)
        if not ids:
            return marks
        journal = []
        for entry in self.journal.entries():
            ref, signer = PackRef.from_json(entry.get("pack")), entry.get("signer")
            installed_here = entry.get("status") == "installed" and ref and ref.id in ids
            if installed_here and ref and isinstance(signer, str):
                journal.append((ref, signer))
        installed: dict[str, str] = {}
        for ref in sorted(self._installed_refs(), key=lambda r: version_tuple(r.version)):
            signer = self.installed_signer(ref)
            if ref.id in ids and signer is not None:
                installed[ref.id] = signer
        return trust.bound_signers(marks, journal, installed)

    def installed_signer(self, ref: PackRef) -> str | None:
        """The key id in the installed pack's ``MANIFEST.sig`` (None: unsigned or unreadable)."""
        try:
            with (self.pack_dir(ref) / trust.SIGNATURE).open("rb") as fh:
                raw = fh.read(4096)
            return trust.parse_signature(raw)[0]
        except (OSError, PackError):
            return None

    def installed_unverified(self) -> frozenset[PackRef]:
        """The packs whose last install ran with the signature check off (``--no-verify``,
        ``verify: false``): the install journal recorded no signer for them.

        Read only when a pack's signature cannot be read; a journal rotated past that install, or
        never written, leaves the pack out, so it is not shown (never more permissive).
        """
        last: dict[PackRef, bool] = {}
        for entry in self.journal.entries():
            ref = PackRef.from_json(entry.get("pack"))
            if ref is not None and entry.get("status") == "installed":
                last[ref] = entry.get("signer") is None
        return frozenset(ref for ref, unverified in last.items() if unverified)

    def untrusted_packs(self, refs: Iterable[PackRef] | None = None) -> set[PackRef]:
        """The installed packs (of ``refs``, default all) that may not be shown: signed by a key
        no longer trusted, or (checked at install) whose signature can no longer be read."""
        trusted = {k.key_id for k in self.trusted_keys()}
        unverified: frozenset[PackRef] | None = None
        found = set()
        for ref in self._installed_refs() if refs is None else refs:
            signer = self.installed_signer(ref)
            if signer is None and unverified is None:
                unverified = self.installed_unverified()  # the journal: read only when needed
            checked_off = unverified is not None and ref in unverified
            if not trust.signer_trusted(signer, trusted, unverified=checked_off):
                found.add(ref)
        return found

    def revoked_live(self) -> tuple[PackRef, str] | None:
        """The live pack and its signer's key id when it may not be shown, else None.

        The key id is :data:`trust.UNREADABLE_SIGNER` when its signature cannot be read. ``kiosk
        keys untrust`` takes such a pack off the screen at once; this finds one whose key file
        was removed by hand, whose signature was damaged, or that was live when this kiosk ran
        an older version.
        """
        active = self._read_active()
        live = active.live
        if live is None or active.builtin or live not in self.untrusted_packs([live]):
            return None
        return live, self.installed_signer(live) or trust.UNREADABLE_SIGNER

    def can_roll_back(self) -> bool:
        """Whether rollback has somewhere to go (an earlier trusted pack, or the bundled one)."""
        active = self._read_active()
        return trust.can_roll_back(active, self.untrusted_packs(active.history))

    def state(self) -> State:
        """What the rules need: ``active.json`` (rebuilt if damaged) and ``versions.json``."""
        return State(self._read_active(), self._read_marks())

    def live(self) -> PackRef | None:
        """The live pack's ``(id, version)`` as ``active.json`` names it, or None."""
        return self._read_active().live

    def active(self) -> Active:
        """``active.json`` as read (rebuilt if damaged): live pack, history, bundled chosen."""
        return self._read_active()

    def history(self) -> list[PackRef]:
        """Earlier live packs, newest last (what rollback walks)."""
        return list(self._read_active().history)

    def marks(self) -> Marks:
        """The high-water marks and the packs rolled back from (``versions.json``)."""
        return self._read_marks()

    def list_installed(self) -> list[InstalledPack]:
        """Every installed pack, by id then version."""
        live = self.live()
        found = [
            InstalledPack(ref.id, ref.version, self.pack_dir(ref), ref == live)
            for ref in self._installed_refs()
        ]
        return sorted(found, key=lambda p: (p.id, version_tuple(p.version)))

    def live_pack(
        self,
        link_hosts: Iterable[str] = DEFAULT_LINK_HOSTS,
        hotline_numbers: Iterable[str] = DEFAULT_HOTLINE_NUMBERS,
        *,
        passes: SchemaPasses | None = None,
    ) -> Pack | None:
        """Load the live pack; if it fails, the newest earlier one in the history that loads.

        Never raises: a broken install is logged and skipped, and None tells the caller to show
        the bundled default pack. ``passes``: see :func:`~kiosk.content.loader.load_pack`.
        """
        hosts, numbers = tuple(link_hosts), tuple(hotline_numbers)
        try:
            active = self._read_active()
        except Exception:  # the show must go on
            log.exception("cannot read which pack is live")
            return None
        shown = ([active.live] if active.live else []) + list(active.history)
        untrusted = self.untrusted_packs(shown)
        for ref in untrusted & {active.live}:
            signer = self.installed_signer(ref)
            self._note_damage(
                f"revoked {ref}",
                "the live pack %s %s; it is not shown",
                ref,
                f"is signed by key {signer}, which this kiosk no longer trusts"
                if signer
                else "has a signature (MANIFEST.sig) that is missing or cannot be read",
            )
        for ref in trust.fallback_order(active, untrusted):
            pack = self._load_installed(ref, hosts, numbers, passes)
            if pack is not None:
                if ref != active.live:
                    log.warning("falling back to the earlier pack %s", ref)
                return pack
        return None

    def load_installed(
        self,
        ref: PackRef,
        link_hosts: Iterable[str] = DEFAULT_LINK_HOSTS,
        hotline_numbers: Iterable[str] = DEFAULT_HOTLINE_NUMBERS,
        *,
        passes: SchemaPasses | None = None,
    ) -> Pack | None:
        """Load one installed pack (the crash-loop guard's fallback); None, logged, if it fails
        or its signer is no longer trusted (a revoked pack is never shown)."""
        if self.untrusted_packs([ref]):
            log.warning("%s is not shown: its signer is no longer trusted", ref)
            return None
        return self._load_installed(ref, tuple(link_hosts), tuple(hotline_numbers), passes)

    def _load_installed(
        self,
        ref: PackRef,
        hosts: tuple[str, ...],
        numbers: tuple[str, ...],
        passes: SchemaPasses | None = None,
    ) -> Pack | None:
        folder = self.pack_dir(ref)
        try:
            if not folder.is_dir():
                log.error("installed pack %s is missing (%s)", ref, folder)
                return None
            damage = _size_problems(folder)
            if damage:
                log.error("installed pack %s is damaged: %s", ref, "; ".join(map(str, damage)))
                return None
            pack = load_pack(folder, hosts, numbers, passes=passes)
        except PackError as exc:
            log.error("installed pack %s cannot be shown:\n%s", ref, exc)
            return None
        except Exception:
            log.exception("installed pack %s cannot be loaded", ref)
            return None
        if PackRef(pack.id, pack.version) != ref:
            log.error("the folder of %s holds %s %s", ref, pack.id, pack.version)
            return None
        return pack

    def last_install(self) -> dict[str, Any] | None:
        """The outcome of the last install (see :meth:`install`), or None."""
        data = records.read_json(self.last_install_file)
        return data if isinstance(data, dict) else None

    # -- changing state ----------------------------------------------------------------------

    def save_state(self, before: State, after: State) -> None:
        """Write what changed: ``versions.json`` first, so a crash never loses a mark."""
        if after.marks != before.marks:
            write_json_atomic(self.versions_file, after.marks.to_json())
        self.step("before-activate")
        write_json_atomic(
            self.active_file,
            after.active.to_json(),
            before_rename=lambda: self.step("after-activate-temp"),
        )
        self.step("after-activate")

    def _log_event(self, status: str, ref: PackRef, message: str) -> None:
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "origin": "cli",
            "status": status,
            "pack": ref.to_json(),
            "message": message,
        }
        try:
            self.journal.append(entry)
        except OSError as exc:
            log.warning("could not record %s in the journal: %s", status, exc.strerror or exc)

    def activate(
        self,
        pack_id: str,
        version: str,
        *,
        link_hosts: Iterable[str] = DEFAULT_LINK_HOSTS,
        hotline_numbers: Iterable[str] = DEFAULT_HOTLINE_NUMBERS,
    ) -> PackRef:
        """Make the installed pack ``pack_id`` ``version`` live (an operator's explicit choice).

        Raises:
            PackError: it is not installed or no longer loads; it is signed by a key this kiosk
                no longer trusts; another install is running; or ``active.json`` could not be
                written.
        """
        ref = PackRef.from_json({"id": pack_id, "version": version})
        if ref is None or not self.pack_dir(ref).is_dir():
            raise PackError(
                [
                    Problem(
                        f"{pack_id} {version}",
                        0,
                        "",
                        "is not installed on this kiosk (see: kiosk pack list)",
                    )
                ],
                Message.of("notInstalled", pack=f"{pack_id} {version}"),
            )
        load_pack(self.pack_dir(ref), tuple(link_hosts), tuple(hotline_numbers))
        try:
            with self.lock():
                self._refuse_untrusted(ref)
                state = self.state()
                if state.active.live != ref or ref in state.marks.rolled_back:
                    after = trust.made_live(state, ref, origin="cli", installed=False)
                    self.save_state(state, after)
        except OSError as exc:
            problem = os_problem("active.json", exc, "switch the live pack")
            raise PackError([problem], os_said(exc)) from None
        self._log_event("activated", ref, f"{ref} is live (activated)")
        log.info("pack %s is live (activated)", ref, extra=SECURITY)
        return ref

    def activate_builtin(self, bundled: PackRef) -> None:
        """Make the bundled default pack live (an operator's choice; it always loads).

        Args:
            bundled: the bundled pack's id and version, for the journal (the store does not
                know where the app's own files are).

        Raises:
            PackError: another install is running, or ``active.json`` could not be written.
        """
        try:
            with self.lock():
                state = self.state()
                if not state.active.builtin:
                    self.save_state(state, trust.made_builtin_live(state))
        except OSError as exc:
            problem = os_problem("active.json", exc, "switch the live pack")
            raise PackError([problem], os_said(exc)) from None
        self._log_event("activated-builtin", bundled, f"the bundled pack {bundled} is live")
        log.info("the bundled pack %s is live (activated)", bundled, extra=SECURITY)

    def rollback(
        self,
        *,
        link_hosts: Iterable[str] = DEFAULT_LINK_HOSTS,
        hotline_numbers: Iterable[str] = DEFAULT_HOTLINE_NUMBERS,
        bundled: PackRef | None = None,
    ) -> PackRef | None:
        """Go back to the previous live pack that still loads and whose signer is still trusted;
        the current one leaves the history. With none, go back to the bundled pack (what showed
        before the first install).

        The pack left is marked in ``versions.json``: the inbox and media will not bring it back.

        Args:
            bundled: the bundled pack's id and version, for the journal.

        Returns:
            The pack now live; None for the bundled pack.

        Raises:
            PackError: there is nothing to go back to (the bundled pack is already live), or
                ``active.json`` could not be written.
        """
        hosts, numbers = tuple(link_hosts), tuple(hotline_numbers)
        try:
            with self.lock():
                state = self.state()
                untrusted = self.untrusted_packs(state.active.history)
                for index in trust.rollback_order(state):
                    ref = state.active.history[index]
                    if ref in untrusted:
                        log.warning("rollback skips %s: its signer is no longer trusted", ref)
                        continue
                    if self._load_installed(ref, hosts, numbers) is None:
                        continue
                    self.save_state(state, trust.rolled_back(state, index))
                    log.info("rolled back from %s to %s", state.active.live, ref, extra=SECURITY)
                    self._log_event("rolled-back", ref, f"rolled back from {state.active.live}")
                    return ref
                left = state.active.live
                if left is not None:
                    self.save_state(state, trust.rolled_back_to_builtin(state))
                    log.info("rolled back from %s to the bundled pack", left, extra=SECURITY)
                    self._log_event(
                        "rolled-back-builtin",
                        bundled or left,
                        f"rolled back from {left} to the bundled pack",
                    )
                    return None
        except OSError as exc:
            problem = os_problem("active.json", exc, "switch the live pack")
            raise PackError([problem], os_said(exc)) from None
        raise PackError(
            [
                Problem(
                    "active.json",
                    0,
                    "",
                    "there is no earlier pack to go back to (the bundled pack is showing)",
                )
            ],
            Message.of("noEarlierPack"),
        )

    def _refuse_untrusted(self, ref: PackRef) -> None:
        """Refuse to make ``ref`` live again when its signer is no longer trusted."""
        trusted = {k.key_id for k in self.trusted_keys()}
        signer = self.installed_signer(ref)
        unverified = signer is None and ref in self.installed_unverified()
        problem = trust.signer_problem(ref, signer, trusted, unverified=unverified)
        if problem:
            said = Message.of("signerNotTrusted", pack=str(ref))
            raise PackError([Problem(f"{ref}", 0, "", problem)], said)

    # -- keys --------------------------------------------------------------------------------

    def trust(self, public_key_file: Path) -> str:
        """Trust the Ed25519 public key in ``public_key_file``; stores ``keys/<key-id>.pub`` and
        the file's name without ``.pub`` as the key's name (``keys/<key-id>.name``).

        Returns:
            The key id.

        Raises:
            PackError: not an Ed25519 public key, or it could not be stored.
        """
        return self.trust_key(signing.load_public_key(public_key_file), str(public_key_file))

    def trust_key(self, key: PublicKey, source: str, name: str | None = None) -> str:
        """Trust ``key``, already read from ``source`` (the staff panel compared its
        fingerprint: reading the file again could store another key). Returns its key id.

        ``name`` (default: ``source``'s file name without ``.pub``) is kept, cleaned, so that
        ``keys list`` shows it and ``keys untrust NAME`` finds the key.
        """
        kid = signing.key_id(key)
        label = trust.key_label(clean_name(Path(source).stem if name is None else name), kid)
        try:
            self.keys_dir.mkdir(parents=True, exist_ok=True)
            # Under the store lock, as untrust is: an install or an untrust running now sees
            # the key either trusted (with its name) or not at all.
            with self.lock():
                name_file = self.keys_dir / f"{kid}{signing.NAME_SUFFIX}"
                if label is not None:
                    # Before the key: a name left without its key names nothing.
                    write_text_atomic(name_file, label)
                else:
                    name_file.unlink(missing_ok=True)
                target = self.keys_dir / f"{kid}.pub"
                tmp = self.keys_dir / f".{kid}.pub.tmp"
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                with os.fdopen(fd, "wb", buffering=0) as fh:
                    files.write_all(fh, signing.public_pem(key))
                    os.fsync(fh.fileno())
                Path(tmp).replace(target)
                files.fsync_dir(self.keys_dir)
        except OSError as exc:
            raise PackError([os_problem(source, exc, "store the key")], os_said(exc)) from None
        log.info(
            "trusting key %s (%s) from %s",
            kid,
            log_quote(label or kid),
            log_quote(source),
            extra=SECURITY,
        )
        return kid

    def trusted_keys(self) -> list[TrustedKey]:
        """The keys this kiosk trusts, by key id."""
        return sorted(signing.trusted_keys(self.keys_dir).values(), key=lambda k: k.key_id)

    def untrust(self, given: str) -> TrustedKey:
        """Stop trusting the key ``given`` names (its name, key id or fingerprint).

        Every file in ``keys/`` holding that key is removed under the store lock, so an install
        running now sees it either trusted or gone. Installed packs stay installed, but the ones
        it signed leave the history, and when one is live the newest earlier pack still trusted
        (else the bundled pack) takes its place (:func:`trust.revoked`): the running kiosk shows
        it from the next slide. ``activate`` and ``rollback`` refuse them while the key is not
        trusted.

        Returns:
            The key no longer trusted.

        Raises:
            PackError: no trusted key (or more than one) answers to ``given``, the store is
                busy, a file could not be removed, or (the key already gone) ``active.json``
                could not be saved.
        """
        with self.lock():
            keys = self.trusted_keys()
            found = [
                k
                for k in keys
                if trust.names_key(given, name=k.name, key_id=k.key_id, fingerprint=k.fingerprint)
            ]
            if len(found) != 1:
                # Names are the key files' words, not the kiosk's: cleaned, look-alikes masked.
                shown = [k.key_id if k.name == k.key_id else clean_key_name(k.name) for k in keys]
                known = ", ".join(f"{n} ({k.key_id})" for n, k in zip(shown, keys, strict=True))
                known = known or "none"
                what = "no trusted key" if not found else "more than one trusted key"
                message = f"{what} is named {clean_name(given)!r}; trusted keys: {known}"
                raise PackError(
                    [Problem("keys", 0, "", message)], Message.of("noSuchKey", keyId=given)
                )
            key = found[0]
            try:
                for path in sorted(self.keys_dir.glob("*.pub")):
                    if path == key.path or _holds_key(path, key.key_id):
                        path.unlink()
                        path.with_suffix(signing.NAME_SUFFIX).unlink(missing_ok=True)
                (self.keys_dir / f"{key.key_id}{signing.NAME_SUFFIX}").unlink(missing_ok=True)
                files.fsync_dir(self.keys_dir)
            except OSError as exc:
                problem = os_problem(f"keys/{key.path.name}", exc, "remove the key")
                raise PackError([problem], os_said(exc)) from None
            log.info(
                "no longer trusting key %s (%s)", key.key_id, log_quote(key.name), extra=SECURITY
            )
            self._take_down(key.key_id)
        return key

    def _take_down(self, kid: str) -> None:
        """Take the packs ``kid`` signed out of ``active.json`` (with the lock held)."""
        state = self.state()
        active = state.active
        shown = ([active.live] if active.live else []) + list(active.history)
        signed = {ref for ref in shown if self.installed_signer(ref) == kid}
        after = trust.revoked(state, signed)
        if after == state:
            return
        try:
            self.save_state(state, after)
        except OSError as exc:
            # The key is gone already, so nothing it signed installs or goes live again, and the
            # running kiosk's watcher drops a revoked live pack at its next poll; but staff must
            # not read "done" while active.json still names it.
            log.error("could not take the packs of key %s off the screen: %s", kid, exc)
            message = (
                f"key {kid} is no longer trusted, but active.json could not be saved "
                f"({exc.strerror or exc}): the packs it signed may still be named live; the "
                "running kiosk stops showing them within seconds. Free some space or fix the "
                "disk, then check with kiosk status"
            )
            raise PackError([Problem("active.json", 0, "", message)], os_said(exc)) from None
        if active.live in signed:
            now = after.active.live or "the bundled pack"
            log.warning(
                "the live pack %s was signed by key %s: %s is live now", active.live, kid, now
            )
            self._log_event("revoked", active.live, f"key {kid} untrusted; {now} is live")

    # -- installing --------------------------------------------------------------------------

    def install(
        self,
        source: Path,
        *,
        verify: bool = True,
        allow_downgrade: bool = False,
        link_hosts: Iterable[str] = DEFAULT_LINK_HOSTS,
        hotline_numbers: Iterable[str] = DEFAULT_HOTLINE_NUMBERS,
        origin: str = "cli",
        lock_timeout: float = LOCK_TIMEOUT,
        opened: BinaryIO | None = None,
        rebind_key: bool = False,
    ) -> InstallResult:
        """Install the ``.kpack`` or pack folder at ``source`` and make it live.

        Args:
            source: a ``.kpack`` file, or (from the command line only) a pack folder.
            verify: check the signature against ``keys/``; False only for development (logged
                as a warning).
            allow_downgrade: accept a version below the highest installed for its id (an
                operator's choice; ignored for the inbox, media and sync).
            link_hosts: the kiosk's link allow-list.
            hotline_numbers: the numbers a pack may show on this kiosk.
            origin: who asked (``cli``, ``inbox``, ``media``, ``sync``); see
                :func:`trust.judge_install`. For any origin but ``cli``, ``source`` is opened
                without following a symlink and is never taken as a folder.
            lock_timeout: how long to wait for another install to finish.
            opened: ``source`` already opened by the caller (the inbox's descriptor); read from
                it, never from ``source`` again. The caller closes it.
            rebind_key: the pack's id is bound to another key, and the operator accepts this
                pack's key from now on (``--rebind-key``; ignored for the inbox, media, sync).

        Returns:
            ``installed``, ``unchanged`` (same id, version and content: nothing to do) or
            ``refused`` with the problems. Never raises: bad input, a full disk and even a
            bug in the checks (logged with its traceback) give a refusal.
        """
        source = Path(source)
        attempt = Attempt()
        try:
            with self.lock(timeout=lock_timeout):
                result = self._install_locked(
                    source,
                    opened,
                    attempt,
                    verify=verify,
                    allow_downgrade=allow_downgrade,
                    rebind=rebind_key and origin == "cli",
                    hosts=tuple(link_hosts),
                    numbers=tuple(hotline_numbers),
                    origin=origin,
                )
        except StoreBusy as exc:  # another install is running: this one may well work later
            result = refused(source, exc.problems, attempt, cause="busy")
        except PackError as exc:
            result = refused(source, exc.problems, attempt, cause=cause_of(exc), said=exc.said)
        except OSError as exc:  # the kiosk's disk, not the pack
            problems = [os_problem(source.name, exc, "install it")]
            result = refused(source, problems, attempt, cause=os_cause(exc), said=os_said(exc))
        except Exception:
            # A bug, not bad input: the traceback goes to the log, a plain refusal to staff.
            log.exception("unexpected error while installing %s", log_quote(str(source)))
            problem = Problem(source.name, 0, "", INTERNAL_ERROR)
            result = refused(source, [problem], attempt, said=Message.of("seeLog"))
        self._record(result, origin)
        # The command line prints the outcome itself; the running kiosk's log needs it.
        quiet = origin == "cli"
        # The message and the problems quote names from the stick and the archive: quoted.
        # Each outcome has its own template: the log's flood guards group lines by template, and
        # a bare "%s" let ten "unchanged" lines hide the "installed" line after them.
        level = logging.DEBUG if quiet else logging.INFO
        if result.status == "refused":
            details = " ".join(log_quote(str(p)) for p in result.problems)
            level = logging.DEBUG if quiet else logging.ERROR
            log.log(
                level, "pack refused: %s\n%s", log_quote(result.message), details, extra=SECURITY
            )
        elif result.status == "installed":
            log.log(level, "pack installed: %s", log_quote(result.message), extra=SECURITY)
        else:
            log.log(level, "pack unchanged: %s", log_quote(result.message), extra=SECURITY)
        return result

    def _install_locked(
        self, source: Path, opened: BinaryIO | None, attempt: Attempt, **options: Any
    ) -> InstallResult:
        return Installer(self, source, attempt, **options).run(opened)

    def _record(self, result: InstallResult, origin: str) -> None:
        """Keep the outcome for ``kiosk pack list`` and the staff panel (best effort)."""
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "origin": origin,
            **result.to_json(),
        }
        try:
            write_json_atomic(self.last_install_file, entry)
            self.journal.append(entry)
        except OSError as exc:
            log.warning("could not record the install outcome: %s", exc.strerror or exc)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, fsynced, then renamed into place."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "wb", buffering=0) as fh:
        files.write_all(fh, text.encode("utf-8") + b"\n")
        os.fsync(fh.fileno())
    tmp.replace(path)


def _holds_key(path: Path, kid: str) -> bool:
    """Whether the file ``path`` in ``keys/`` holds the public key with id ``kid``."""
    try:
        return signing.key_id(signing.load_public_key(path)) == kid
    except PackError:
        return False


def _size_problems(folder: Path) -> list[Problem]:
    """A cheap check of an installed pack against its MANIFEST: every file there, with its size."""
    path = folder / signing.MANIFEST
    if not path.is_file():
        return []
    try:
        entries = signing.parse_manifest(path.read_bytes())
    except (OSError, PackError):
        return [Problem(signing.MANIFEST, 0, "", "cannot be read")]
    problems = []
    for entry in entries:
        try:
            size = folder.joinpath(*entry.path.split("/")).stat().st_size
        except OSError:
            size = -1
        if size != entry.size:
            problems.append(Problem(entry.path, 0, "", "missing or changed since the install"))
    return problems
