"""One install, step by step: the part of the store's shell that copies, checks and unpacks.

:class:`Installer` runs with the store's lock held. It opens the source once and reads everything
from that descriptor; it asks :mod:`kiosk.intake.trust` whether the signature is trusted, whether
the archive's table of contents matches the signed MANIFEST and whether the pack may be installed
from where it came, all before a byte is written; only then does it copy, check the copy, unpack,
validate, rename into ``packs/`` and ask the store to switch ``versions.json`` and ``active.json``.
Each step name of :data:`INSTALL_STEPS` is reported to the store's step callback as it is reached.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal, Protocol

from kiosk.common.message import Message
from kiosk.common.problems import PackError, Problem, os_problem, os_said, reason
from kiosk.common.yamlsafe import read_yaml
from kiosk.content import files, limits
from kiosk.content.loader import load_pack
from kiosk.content.records import StoreBusy
from kiosk.content.words import log_quote
from kiosk.intake import archive, signing, trust
from kiosk.intake.signing import TrustedKey
from kiosk.intake.trust import Entry, Identity, PackRef, State

log = logging.getLogger("kiosk.store")

INSTALL_STEPS = (
    "after-copy",  # the source is in staging/
    "after-verify",  # the copy's signature and MANIFEST checked again
    "after-unpack",  # the pack folder is in staging/, every file's sha256 checked
    "after-validate",  # load_pack() accepted it
    "mid-move",  # packs/<id>/ exists, the pack folder not yet renamed into it
    "before-activate",  # packs/<id>/<version>/ complete, active.json untouched
    "after-activate-temp",  # the new active.json written and fsynced beside the old one
    "after-activate",  # active.json renamed into place
)
INTERNAL_ERROR = "internal error while checking the pack; the live pack is unchanged"
MAX_PACK_YAML_BYTES = 1_000_000

StepHook = Callable[[str], None]
InstallStatus = Literal["installed", "unchanged", "refused"]


@dataclass(frozen=True)
class InstallResult:
    """What an install did.

    Attributes:
        status: ``installed`` (now live), ``unchanged`` (nothing to do) or ``refused``.
        source: the path that was installed, as given.
        pack: the pack's id and version, once known.
        problems: why it was refused.
        message: one line for staff.
        transient: not the pack's fault (a stick pulled, another install running, the disk full
            for a pack whose signature verified); trying again later may work.
        source_sha256: the hash of the ``.kpack`` copied (None for a folder).
        signer: the key id that signed it (None with ``verify=False``).
        identity: id, version and MANIFEST digest, once the pack is known.
        cause: why a refusal happened, as :func:`kiosk.intake.trust.is_transient` sorts it
            (``source``: the file could not be read in full, e.g. a stick pulled mid-copy).
        said: why it was refused, as the staff panel words it (None unless refused); the
            problems and ``message`` stay the English details for the log and the CLI.
    """

    status: InstallStatus
    source: str
    pack: PackRef | None = None
    problems: tuple[Problem, ...] = ()
    message: str = ""
    transient: bool = False
    source_sha256: str | None = None
    signer: str | None = None
    identity: Identity | None = None
    cause: trust.Cause = "other"
    said: Message | None = None

    @property
    def ok(self) -> bool:
        return self.status != "refused"

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "source": self.source,
            "pack": self.pack.to_json() if self.pack else None,
            "fingerprint": self.identity.fingerprint if self.identity else None,
            "message": self.message,
            "problems": [p.to_json() for p in self.problems],
            "signer": self.signer,
        }


@dataclass
class Attempt:
    """What one install learnt so far; decides whether a failure is worth retrying."""

    verified: bool = False
    sha256: str | None = None
    signer: str | None = None
    identity: Identity | None = None


class InstallTarget(Protocol):
    """What one install needs of its store (:class:`~kiosk.intake.store.PackStore` is one).

    The installer writes only through these: staging, the pack folders, the state files and the
    test hook between steps; it reads the trusted keys. The store holds the lock and the rest.
    """

    @property
    def staging_dir(self) -> Path: ...

    @property
    def packs_dir(self) -> Path: ...

    @property
    def keys_dir(self) -> Path: ...

    @property
    def step(self) -> Callable[[str], None]: ...

    def clear_staging(self) -> None: ...

    def pack_dir(self, ref: PackRef) -> Path: ...

    def state(self) -> State: ...

    def save_state(self, before: State, after: State) -> None: ...

    def trusted_keys(self) -> list[TrustedKey]: ...


class Installer:
    """One install into ``store``; call :meth:`run` with the store's lock held.

    Args:
        store: where to install.
        source: the ``.kpack`` (or, from the command line, a pack folder).
        attempt: filled in as the install learns about the pack.
        verify: check the signature (False: developer mode, logged loudly).
        allow_downgrade: the operator accepts a version below the high-water mark.
        rebind: the operator binds the pack id to this pack's key (``--rebind-key``).
        hosts: the kiosk's link allow-list.
        numbers: the hotline numbers a pack may show on this kiosk.
        origin: ``cli``, ``inbox``, ``media`` or ``sync``.
    """

    def __init__(
        self,
        store: InstallTarget,
        source: Path,
        attempt: Attempt,
        *,
        verify: bool,
        allow_downgrade: bool,
        hosts: tuple[str, ...],
        numbers: tuple[str, ...],
        origin: str,
        rebind: bool = False,
    ) -> None:
        self.store = store
        self.source = source
        self.attempt = attempt
        self.verify = verify
        self.allow_downgrade = allow_downgrade
        self.rebind = rebind
        self.hosts = hosts
        self.numbers = numbers
        self.origin = origin

    def run(self, opened: BinaryIO | None) -> InstallResult:
        """Install; a refusal for anything wrong with the pack or the disk (bugs raise)."""
        source, attempt = self.source, self.attempt
        self.store.clear_staging()
        self.store.staging_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="install-", dir=self.store.staging_dir))
        try:
            if opened is not None:
                return self._from_file(opened, work)
            if self.origin == "cli" and source.is_dir():
                # A folder is for authors at the command line; a path from the inbox or a
                # stick is never one (a link swapped in could point at / or at packs/).
                return self._from_folder(work)
            follow = self.origin == "cli"  # a path an operator typed may be a link
            with files.open_source(source, source.name, follow_symlinks=follow) as fh:
                return self._from_file(fh, work)
        except PackError as exc:
            return refused(source, exc.problems, attempt, cause=cause_of(exc), said=exc.said)
        except OSError as exc:  # the kiosk's disk, not the pack
            problems = [os_problem(source.name, exc, "install it")]
            return refused(source, problems, attempt, cause=os_cause(exc), said=os_said(exc))
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _verified(self, zf: archive.Archive) -> tuple[str, list[Entry]]:
        """The signer and MANIFEST of ``zf``, checked against its table of contents."""
        keys = {k.key_id: k.key for k in self.store.trusted_keys()}
        signer, entries = trust.check_signature(
            zf.read(trust.MANIFEST, limits.MAX_MANIFEST_BYTES),
            zf.read(trust.SIGNATURE, limits.MAX_SIGNATURE_BYTES),
            keys,
        )
        problems = trust.check_listing(entries, zf.files, zf.folders)
        if problems:
            raise PackError(problems, Message.of("changedAfterSigning"))
        return signer, entries

    def _peek(self, zf: archive.Archive, entries: list[Entry]) -> Identity | None:
        """The identity of a verified archive from its signed pack.yaml, before unpacking it."""
        listed = {e.path: e for e in entries}
        entry = listed.get("pack.yaml")
        if entry is None or entry.size > MAX_PACK_YAML_BYTES:
            return None  # load_pack() says what is wrong, in its words
        raw = zf.read("pack.yaml", MAX_PACK_YAML_BYTES) or b""
        if trust.check_entry_digest(entry, _sha256(raw)) is not None:
            return None  # unpacking refuses it
        try:
            data = read_yaml(raw, "pack.yaml").data
        except PackError:
            return None
        if not isinstance(data, dict):
            return None
        ref = PackRef.from_json(data)  # None unless both are well-formed strings
        return Identity(ref, trust.fingerprint(entries)) if ref else None

    def _from_file(self, fh: BinaryIO, work: Path) -> InstallResult:
        source, attempt, verify = self.source, self.attempt, self.verify
        label = source.name
        if verify:
            # Junk costs a read of its table of contents: nothing is written before this.
            with archive.Archive(fh, label) as zf:
                attempt.signer, entries = self._verified(zf)
                attempt.verified = True
                attempt.identity = self._peek(zf, entries)
            if attempt.identity is not None:
                early = self._judge()
                if early is not None:
                    return early
        else:
            attempt.verified = True  # developer mode: a full disk is worth a retry, as before
        copied = work / "source.kpack"
        attempt.sha256 = files.copy_from(fh, copied, limit=limits.MAX_ARCHIVE_BYTES, label=label)
        self.store.step("after-copy")
        tree = work / "pack"
        tree.mkdir()
        with (
            files.open_source(copied, label, follow_symlinks=False) as staged,
            archive.Archive(staged, label) as zf,
        ):
            signed = None
            if verify:
                # The copy is what gets unpacked: check that it, not the stick, is what was signed.
                attempt.signer, entries = self._verified(zf)
                if attempt.identity and attempt.identity.fingerprint != trust.fingerprint(entries):
                    raise files.SourceReadError(
                        [Problem(label, 0, "", "changed while it was being read; try again")],
                        Message.of("changedWhileRead"),
                    )
                signed = {e.path: e for e in entries}
            self.store.step("after-verify")
            zf.extract(tree, signed=signed)
        copied.unlink()
        self.store.step("after-unpack")
        return self._finish(tree)

    def _from_folder(self, work: Path) -> InstallResult:
        attempt = self.attempt
        tree = work / "pack"
        tree.mkdir()
        files.copy_tree(self.source, tree)
        self.store.step("after-copy")
        if self.verify:
            attempt.signer = signing.verify(tree, self.store.keys_dir)
        attempt.verified = True
        self.store.step("after-verify")
        self.store.step("after-unpack")
        return self._finish(tree)

    def _judge(self) -> InstallResult | None:
        """Ask the rules about the pack offered; a result unless it is to be installed."""
        identity = self.attempt.identity
        assert identity is not None  # noqa: S101 - set by run() before it asks; a bug otherwise
        state = self.store.state()
        target = self.store.pack_dir(identity.ref)
        installed = manifest_fingerprint(target, signed=self.verify) if target.is_dir() else None
        verdict = trust.judge_install(
            state,
            identity,
            installed,
            origin=self.origin,
            allow_downgrade=self.allow_downgrade,
            signer=self.attempt.signer if self.verify else None,
            rebind=self.rebind,
        )
        if verdict.action == "refuse":
            assert verdict.problem is not None  # noqa: S101 - judge_install always says why
            raise PackError([verdict.problem], verdict.said)
        if verdict.action == "nothing":
            why = "and live" if state.active.live == identity.ref else "(staff chose another pack)"
            return self._done(
                "unchanged", f"{identity.ref} is already installed {why}: nothing to do"
            )
        return None

    def _done(self, status: InstallStatus, message: str) -> InstallResult:
        attempt = self.attempt
        return InstallResult(
            status,
            str(self.source),
            attempt.identity.ref if attempt.identity else None,
            message=message,
            source_sha256=attempt.sha256,
            signer=attempt.signer,
            identity=attempt.identity,
        )

    def _finish(self, tree: Path) -> InstallResult:
        """Validate the unpacked ``tree``, ask the rules, move it into ``packs/``, make it live."""
        verify = self.verify
        if not verify:
            log.warning(
                "!!! SIGNATURE CHECK SKIPPED for %s (--no-verify / verify: false): "
                "for development only, never on a kiosk in public !!!",
                log_quote(str(self.source)),
            )
        pack = load_pack(tree, self.hosts, self.numbers)
        self.store.step("after-validate")
        ref = PackRef(pack.id, pack.version)
        self.attempt.identity = Identity(ref, manifest_fingerprint(tree, signed=verify))
        early = self._judge()
        if early is not None:
            return early
        state = self.store.state()
        target = self.store.pack_dir(ref)
        moved = False
        if not target.is_dir():
            id_dir = target.parent
            id_dir.mkdir(parents=True, exist_ok=True)
            files.fsync_dir(self.store.packs_dir)
            self.store.step("mid-move")
            Path(tree).rename(target)
            moved = True
            files.fsync_dir(id_dir)
        try:
            after = trust.made_live(
                state,
                ref,
                origin=self.origin,
                signer=self.attempt.signer if self.verify else None,
                rebind=self.rebind,
            )
            self.store.save_state(state, after)
        except BaseException:
            if moved:  # never live, so nobody can be showing it: take it back out
                shutil.rmtree(target, ignore_errors=True)
            raise
        verb = "installed" if moved else "was already installed; made it live again:"
        bound = state.marks.signers.get(ref.id)
        # Said in the journal too: a moved binding is a decision someone must be able to find.
        rebound = after.marks.signers.get(ref.id)
        moved_key = (
            f" ({ref.id} is now bound to key {rebound}, was {bound})"
            if (bound is not None and rebound != bound)
            else ""
        )
        return self._done(
            "installed",
            f"{verb} {ref}" + ("" if verify else " (signature NOT checked)") + moved_key,
        )


def cause_of(exc: PackError) -> trust.Cause:
    if isinstance(exc, StoreBusy):
        return "busy"
    if isinstance(exc, files.SourceReadError):
        return "source"
    if isinstance(exc, files.DiskFullError):
        return "disk-full"
    if isinstance(exc, files.KioskDiskError):
        return "disk"
    return "other"


def os_cause(exc: OSError) -> trust.Cause:
    if exc.errno in files.DISK_FULL:
        return "disk-full"
    return "disk" if exc.errno in files.KIOSK_DISK else "other"


# Why a refusal happened, as staff read it, when it was not the pack's fault (trust.Cause).
_CAUSE_SAID = {"source": "sourceGone", "busy": "busy", "disk-full": "diskFull", "disk": "diskError"}


def refused(
    source: Path,
    problems: Iterable[Problem],
    attempt: Attempt,
    *,
    cause: trust.Cause = "other",
    said: Message | None = None,
) -> InstallResult:
    """A refusal of ``source``: English for the log, ``said`` (or the cause's words, or the
    problems', see :func:`kiosk.common.problems.reason`) for the staff panel."""
    problems = tuple(sorted(problems))
    if cause in _CAUSE_SAID and (said is None or said.kind in ("seeLog", "diskError")):
        said = Message.of(_CAUSE_SAID[cause])
    first = str(problems[0]) if problems else "unknown reason"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return InstallResult(
        "refused",
        str(source),
        attempt.identity.ref if attempt.identity else None,
        problems=problems,
        message=f"refused {source.name}: {first}{more}",
        transient=trust.is_transient(cause, verified=attempt.verified),
        source_sha256=attempt.sha256,
        signer=attempt.signer,
        identity=attempt.identity,
        cause=cause,
        said=reason(list(problems), said),
    )


def _sha256(data: bytes) -> str:
    import hashlib  # here: kiosk run loads OpenSSL only to hash a file (kiosk.common.digest)

    return hashlib.sha256(data).hexdigest()


def manifest_fingerprint(folder: Path, *, signed: bool = True) -> str:
    """The digest of a pack folder's content, as :class:`trust.Identity` uses it.

    Args:
        folder: an unpacked or installed pack.
        signed: the folder's MANIFEST was verified, so it stands for the files (cheap); else the
            files are hashed.
    """
    if signed:
        with suppress(OSError, PackError):
            raw = (folder / trust.MANIFEST).read_bytes()
            return trust.fingerprint(trust.parse_manifest(raw))
    return trust.fingerprint(signing.manifest_entries(folder))
