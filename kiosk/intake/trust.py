"""The rules of trust for packs: a pure core fed bytes and small records, with no I/O.

Modelled on python-tuf's ``TrustedMetadataSet``: everything here decides, nothing here reads or
writes a file. The shell (:mod:`kiosk.intake.store`) copies, unpacks, fsyncs, locks and logs, and
asks this module at every turn:

* which signature counts (:func:`check_signature`) and whether an archive's directory matches its
  signed MANIFEST (:func:`check_listing`), before a byte of it is unpacked;
* whether a pack may be installed from where it came (:func:`judge_install`): a version below the
  highest ever installed for its id is refused (rollback protection), and a version staff rolled
  back from is refused from the inbox, media and sync (they may still activate it on purpose);
* what is live, what the history holds and where rollback goes (:func:`made_live`,
  :func:`rolled_back`, :func:`rolled_back_to_builtin`, :func:`fallback_order`), and how a damaged
  ``active.json`` is rebuilt from the installed packs and the install journal (:func:`rebuild`);
* which key a pack id is bound to (``Marks.signers``, :func:`judge_install`), and what a key no
  longer trusted takes off the screen (:func:`revoked`, :func:`signer_problem`);
* which refusals are worth retrying, and when (:func:`is_transient`, :func:`retry_delay`).
"""

from __future__ import annotations

import base64
import binascii
import itertools
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from kiosk.common.digest import sha256
from kiosk.common.message import Message
from kiosk.common.problems import PackError, Problem
from kiosk.content import schema
from kiosk.content.model import version_tuple
from kiosk.content.words import has_hex_lookalike
from kiosk.content.words import name_problem as name_problem  # archive and store ask trust

if TYPE_CHECKING:  # PyNaCl is imported where a key is used: `kiosk run` starts without it
    from kiosk.intake.ed25519 import PublicKey

MANIFEST = "MANIFEST"
SIGNATURE = "MANIFEST.sig"
SIGNED_FILES = (MANIFEST, SIGNATURE)
HISTORY_LIMIT = 20
RETRY_FIRST_SECONDS = 6.0
RETRY_MAX_SECONDS = 600.0

Origin = Literal["cli", "inbox", "media", "sync"]
# Nobody chose these installs: what arrives on its own may not undo a choice staff made.
UNATTENDED: frozenset[str] = frozenset({"inbox", "media", "sync"})

# fullmatch, not match: ``$`` would let "1.0.0\n" through, and these become folder names.
_ID = re.compile(schema.ID_PATTERN)
_VERSION = re.compile(schema.VERSION_PATTERN)
_LINE = re.compile(r"^([0-9a-f]{64})  (0|[1-9][0-9]{0,11})  (.+)$")
_KEY_ID = re.compile(r"^[0-9a-f]{16}$")


class PackRef(NamedTuple):
    """A pack by id and version; also a plain ``(id, version)`` tuple."""

    id: str
    version: str

    def __str__(self) -> str:
        return f"{self.id} {self.version}"

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "version": self.version}

    @staticmethod
    def from_json(data: Any) -> PackRef | None:
        """From ``{"id", "version"}``; None unless both are well-formed (they are folder names)."""
        if not isinstance(data, dict):
            return None
        pack_id, version = data.get("id"), data.get("version")
        if not isinstance(pack_id, str) or not isinstance(version, str):
            return None
        if not _ID.fullmatch(pack_id) or not _VERSION.fullmatch(version):
            return None
        return PackRef(pack_id, version)


def is_ref(pack_id: str, version: str) -> bool:
    """True when ``pack_id`` and ``version`` are well-formed (safe as folder names)."""
    return bool(_ID.fullmatch(pack_id) and _VERSION.fullmatch(version))


@dataclass(frozen=True)
class Identity:
    """What a pack is: its id, version and the digest of its MANIFEST (not the zip's bytes).

    Re-zipping a pack changes the file's sha256 but not this, so a replayed pack is recognised.
    """

    ref: PackRef
    fingerprint: str

    @property
    def key(self) -> str:
        return f"{self.ref.id} {self.ref.version} {self.fingerprint}"


# -- MANIFEST and signature, from bytes --------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One line of a MANIFEST."""

    sha256: str
    size: int
    path: str


def manifest_bytes(entries: Iterable[Entry]) -> bytes:
    """The exact (canonical) bytes of a MANIFEST for ``entries``."""
    lines = [f"{e.sha256}  {e.size}  {e.path}\n" for e in sorted(entries, key=lambda e: e.path)]
    return "".join(lines).encode("utf-8")


def fingerprint(entries: Iterable[Entry]) -> str:
    """The digest that identifies a pack's content: sha256 of its canonical MANIFEST."""
    return sha256(manifest_bytes(entries)).hexdigest()


def parse_manifest(raw: bytes) -> list[Entry]:
    """Read a MANIFEST strictly: well-formed lines, safe paths, sorted, no duplicates.

    Raises:
        PackError: with the line of each problem.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PackError([Problem(MANIFEST, 0, "", "is not valid UTF-8 text")]) from None
    if text and not text.endswith("\n"):
        text += "\n"  # tolerate a missing final newline; the signature covers the bytes anyway
    problems = []
    entries: list[Entry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _LINE.match(line)
        if not match:
            problems.append(Problem(MANIFEST, number, "", "line is not '<sha256>  <size>  <path>'"))
            continue
        sha, size, path = match.groups()
        reason = name_problem(path)
        if reason or path.endswith("/") or path in SIGNED_FILES:
            problems.append(Problem(MANIFEST, number, "", f"path {path!r} is not allowed here"))
            continue
        if entries and path <= entries[-1].path:
            problems.append(
                Problem(MANIFEST, number, "", f"{path!r} is out of order or listed twice")
            )
            continue
        entries.append(Entry(sha, int(size), path))
    if problems:
        raise PackError(problems)
    return entries


def key_fingerprint(public_key: PublicKey) -> str:
    """The sha256 of the raw 32-byte public key, 64 hex digits (staff compare it by eye)."""
    return sha256(public_key.raw).hexdigest()


def key_id(public_key: PublicKey) -> str:
    """The first 16 hex digits of the key's fingerprint (:func:`key_fingerprint`)."""
    return key_fingerprint(public_key)[:16]


def names_key(given: str, *, name: str, key_id: str, fingerprint: str) -> bool:
    """Whether staff's ``given`` names this key: its name, its key id or its fingerprint.

    A fingerprint may be given in full or by its first 16 hex digits or more (case and ``:``
    separators ignored); fewer digits would be a guess, not a choice.
    """
    text = given.strip()
    if not text:
        return False
    if text in (name, key_id):
        return True
    digits = text.lower().replace(":", "")
    return len(digits) >= 16 and fingerprint.startswith(digits)


def key_label(name: str, key_id: str) -> str | None:
    """The name to keep for a key trusted from a file called ``name`` (already cleaned), or None
    to name it by its key id only.

    A name holding a run that could read as hex digits (8 or more, grouped or not, in any
    script or width: :func:`~kiosk.content.words.has_hex_lookalike`) could pass for a key id or
    a fingerprint: another key's would make staff compare or untrust the wrong one, so it is not
    kept.
    """
    text = name.strip()
    if not text or text in ("?", key_id) or has_hex_lookalike(text):
        return None
    return text


def parse_signature(raw: bytes) -> tuple[str, bytes]:
    """``MANIFEST.sig`` → the signer's key id and the 64-byte signature.

    Raises:
        PackError: not ``ed25519 <key-id>`` then a base64 Ed25519 signature.
    """
    lines = raw.decode("ascii", errors="replace").splitlines()
    parts = lines[0].split(" ") if lines else []
    if len(lines) != 2 or len(parts) != 2 or parts[0] != "ed25519" or not _KEY_ID.match(parts[1]):
        raise PackError(
            [Problem(SIGNATURE, 1, "", "is not 'ed25519 <key-id>' then the signature")],
            Message.of("badSignature"),
        )
    try:
        signature = base64.b64decode(lines[1].strip(), validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if len(signature) != 64:
        raise PackError(
            [Problem(SIGNATURE, 2, "", "the signature is not valid base64 Ed25519")],
            Message.of("badSignature"),
        )
    return parts[1], signature


def check_signature(
    manifest: bytes | None, signature: bytes | None, keys: Mapping[str, PublicKey]
) -> tuple[str, list[Entry]]:
    """Which trusted key signed ``manifest``; only then is the MANIFEST parsed.

    Args:
        manifest: the bytes of ``MANIFEST`` (None when the pack has none).
        signature: the bytes of ``MANIFEST.sig`` (None when the pack has none).
        keys: the trusted keys by key id.

    Returns:
        The signer's key id and the MANIFEST's entries.

    Raises:
        PackError: not signed; signed by a key this kiosk does not trust; a signature that does
            not match; a malformed MANIFEST.
    """
    if manifest is None and signature is None:
        raise PackError(
            [Problem(SIGNATURE, 0, "", "the pack is not signed (no MANIFEST or MANIFEST.sig)")],
            Message.of("notSigned"),
        )
    if signature is None:
        raise PackError(
            [Problem(SIGNATURE, 0, "", "the pack is not signed (no MANIFEST.sig)")],
            Message.of("notSigned"),
        )
    signer, raw_signature = parse_signature(signature)
    key = keys.get(signer)
    if key is None:
        hint = "this kiosk trusts no keys yet"
        if keys:
            hint = f"this kiosk trusts {len(keys)} other key(s)"
        raise PackError(
            [
                Problem(
                    SIGNATURE,
                    1,
                    "",
                    f"signed by key {signer}, which this kiosk does not trust ({hint}; "
                    "add the publisher's key with: kiosk keys trust FILE.pub)",
                )
            ],
            # On the panel: its own Trust… button, not the command.
            Message.of("untrustedKey", keyId=signer),
        )
    if manifest is None:
        raise PackError(
            [Problem(MANIFEST, 0, "", "the pack is not signed (no MANIFEST)")],
            Message.of("notSigned"),
        )
    from kiosk.intake.ed25519 import BadSignature

    try:
        key.verify(raw_signature, manifest)
    except BadSignature:
        raise PackError(
            [
                Problem(
                    MANIFEST,
                    0,
                    "",
                    f"the signature by key {signer} does not match: the MANIFEST was changed "
                    "after signing, or the signature is forged",
                )
            ],
            Message.of("badSignature"),
        ) from None
    return signer, parse_manifest(manifest)


def check_listing(
    entries: Sequence[Entry], present: Mapping[str, int], folders: Iterable[str] = ()
) -> list[Problem]:
    """Problems unless the files ``present`` (path → size) are exactly those listed, same sizes.

    Works from an archive's directory (declared sizes, checked again while unpacking) or from a
    folder (real sizes). MANIFEST and MANIFEST.sig are ignored. ``folders`` are an archive's
    folder entries: each must hold a listed file, or it was added after signing.
    """
    listed = {e.path: e for e in entries}
    problems: list[Problem] = []
    files = {p: s for p, s in present.items() if p not in SIGNED_FILES}
    for path, size in sorted(files.items()):
        entry = listed.get(path)
        if entry is None:
            problems.append(Problem(path, 0, "", "file was added after signing (not in MANIFEST)"))
        elif entry.size != size:
            problems.append(
                Problem(
                    path,
                    0,
                    "",
                    f"file was changed after signing ({size:,} bytes; "
                    f"MANIFEST says {entry.size:,})",
                )
            )
    for path in sorted(set(listed) - set(files)):
        problems.append(Problem(path, 0, "", "file is listed in MANIFEST but missing"))
    for folder in sorted(set(folders)):
        if not any(path.startswith(folder + "/") for path in listed):
            problems.append(Problem(folder, 0, "", "folder was added after signing (empty)"))
    # ``a`` and ``a/b`` cannot both be unpacked: one would have to be a file and a folder.
    names = sorted(listed)
    for before, after in itertools.pairwise(names):
        if after.startswith(before + "/"):
            problems.append(Problem(after, 0, "", f"is inside {before!r}, which is a file"))
    return problems


def check_entry_digest(entry: Entry, sha256: str) -> Problem | None:
    """A problem when the bytes unpacked for ``entry`` are not the ones signed."""
    if sha256 == entry.sha256:
        return None
    return Problem(entry.path, 0, "", "file was changed after signing")


# -- what is live, what may be installed -------------------------------------------------------


@dataclass(frozen=True)
class Active:
    """What ``active.json`` holds: the live pack and the earlier ones (oldest first).

    ``builtin`` is staff's explicit choice of the bundled default pack (``live`` is then None):
    unlike "nothing installed yet", it must not fall back to the history.
    """

    live: PackRef | None = None
    history: tuple[PackRef, ...] = ()
    builtin: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "live": self.live.to_json() if self.live else None,
            "history": [h.to_json() for h in self.history],
        }
        if self.builtin:
            out["builtin"] = True
        return out

    @staticmethod
    def from_json(data: Any) -> Active | None:
        """Parse ``active.json``; None when it is not an object (damaged)."""
        if not isinstance(data, dict):
            return None
        history = data.get("history")
        refs = [PackRef.from_json(h) for h in history] if isinstance(history, list) else []
        live = PackRef.from_json(data.get("live"))
        builtin = live is None and data.get("builtin") is True
        return Active(live, tuple(r for r in refs if r), builtin)


@dataclass(frozen=True)
class Marks:
    """What ``versions.json`` holds, apart from ``active.json`` so that damage there keeps it.

    Attributes:
        highest: per pack id, the highest version ever made live by an install.
        rolled_back: packs staff rolled back from; what arrives on its own may not bring them back.
        signers: per pack id, the key id it is bound to: the key that signed its first install
            (changed only by staff on purpose: ``kiosk pack install --rebind-key``).
    """

    highest: Mapping[str, str] = field(default_factory=dict)
    rolled_back: frozenset[PackRef] = frozenset()
    signers: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        ids = sorted(set(self.highest) | {r.id for r in self.rolled_back} | set(self.signers))
        return {
            "packs": {
                pack_id: {
                    "highest": self.highest.get(pack_id),
                    "rolled_back": sorted(
                        (r.version for r in self.rolled_back if r.id == pack_id),
                        key=version_tuple,
                    ),
                    "signer": self.signers.get(pack_id),
                }
                for pack_id in ids
            }
        }

    @staticmethod
    def from_json(data: Any) -> Marks | None:
        """Parse ``versions.json``; None when it is damaged."""
        packs = data.get("packs") if isinstance(data, dict) else None
        if not isinstance(packs, dict):
            return None
        highest: dict[str, str] = {}
        back: set[PackRef] = set()
        signers: dict[str, str] = {}
        for pack_id, record in packs.items():
            if not isinstance(pack_id, str) or not isinstance(record, dict):
                return None
            top = record.get("highest")
            if isinstance(top, str) and is_ref(pack_id, top):
                highest[pack_id] = top
            signer = record.get("signer")
            if isinstance(signer, str) and _KEY_ID.fullmatch(signer) and is_ref(pack_id, "0"):
                signers[pack_id] = signer
            versions = record.get("rolled_back")
            for version in versions if isinstance(versions, list) else []:
                if isinstance(version, str) and is_ref(pack_id, version):
                    back.add(PackRef(pack_id, version))
        return Marks(highest, frozenset(back), signers)


@dataclass(frozen=True)
class State:
    """Everything the rules need about a kiosk: ``active.json`` and ``versions.json``."""

    active: Active = Active()
    marks: Marks = Marks()


Action = Literal["install", "make-live", "nothing", "refuse"]


@dataclass(frozen=True)
class Verdict:
    """What to do with a pack offered for install, and why not when it is refused."""

    action: Action
    problem: Problem | None = None
    said: Message | None = None  # why, as the staff panel words it


def _refuse(message: str, said: Message) -> Verdict:
    return Verdict("refuse", Problem("pack.yaml", 0, "version", message), said)


def judge_install(
    state: State,
    candidate: Identity,
    installed: str | None,
    *,
    origin: str,
    allow_downgrade: bool = False,
    signer: str | None = None,
    rebind: bool = False,
) -> Verdict:
    """May ``candidate`` be installed (or made live again) from ``origin``?

    The rules, in order (the first that applies decides):

    1. Installed with other content: refused; a changed pack needs a new version number.
    2. Installed and live: nothing to do.
    3. Its id is bound to another key than ``signer``: refused, unless an operator asks with
       ``rebind`` (``pack install --rebind-key``; never unattended). Otherwise any key this
       kiosk trusts could replace another publisher's pack.
    4. Staff rolled back from it and it arrives unattended (inbox, media, sync): refused.
    5. Below the highest version ever installed for its id: refused, unless an operator asks
       with ``allow_downgrade`` (``pack install --allow-downgrade``; never unattended).
    6. Installed, was live once, and it arrives unattended: nothing to do (staff chose another).
    7. Otherwise install it (or, already installed, make it live again).

    Args:
        state: the kiosk's records.
        candidate: the pack offered.
        installed: the fingerprint of the folder installed under the same id and version, or None.
        origin: ``cli``, ``inbox``, ``media`` or ``sync``.
        allow_downgrade: the operator accepts a version below the high-water mark.
        signer: the key id that signed it (None: not checked, developer mode).
        rebind: the operator binds the pack id to ``signer`` from now on.
    """
    ref = candidate.ref
    if installed is not None and installed != candidate.fingerprint:
        return _refuse(
            f"{ref} is already installed with different content; "
            "a changed pack needs a new version number",
            Message.of("changedContent", pack=str(ref)),
        )
    if installed is not None and state.active.live == ref:
        return Verdict("nothing")
    unattended = origin in UNATTENDED
    bound = state.marks.signers.get(ref.id)
    other_key = signer is not None and bound is not None and bound != signer
    if other_key and (unattended or not rebind):
        hint = (
            "if the publisher really moved to the new key, an operator can accept it with: "
            "kiosk pack install --rebind-key FILE"
            if not unattended
            else "a pack that changes key is never taken from the inbox or a stick"
        )
        return Verdict(
            "refuse",
            Problem(
                SIGNATURE,
                1,
                "",
                f"{ref.id} is bound to key {bound}, which signed its first install on this "
                f"kiosk; this one is signed by key {signer}; {hint}",
            ),
            Message.of("otherKey", pack=ref.id, key=bound or ""),
        )
    if unattended and ref in state.marks.rolled_back:
        return _refuse(
            f"staff rolled back from {ref} on this kiosk; it is not taken back from the "
            f"{origin} (to show it again: kiosk pack activate {ref.id} {ref.version})",
            Message.of("rolledBackFrom", pack=str(ref)),
        )
    highest = state.marks.highest.get(ref.id)
    below = highest is not None and version_tuple(ref.version) < version_tuple(highest)
    if below and (unattended or not allow_downgrade):
        hint = (
            "to go back on purpose use --allow-downgrade or kiosk pack rollback"
            if not unattended
            else "an older pack is never taken from the inbox or a stick"
        )
        return _refuse(
            f"version {ref.version} is older than {highest}, the highest installed for "
            f"{ref.id}; {hint}",
            Message.of("olderVersion", pack=str(ref), highest=f"{ref.id} {highest}"),
        )
    top = state.marks.highest.get(ref.id)
    if (
        installed is not None
        and unattended
        and top
        and version_tuple(ref.version) == version_tuple(top)
    ):
        # It was live once and staff have since chosen another pack: a stick still plugged in
        # must not undo that choice. (A version above the mark never went live: an install
        # killed between the move and the switch, which this completes.)
        return Verdict("nothing")
    return Verdict("make-live" if installed is not None else "install")


def made_live(
    state: State,
    ref: PackRef,
    *,
    origin: str,
    installed: bool = True,
    signer: str | None = None,
    rebind: bool = False,
) -> State:
    """The records after ``ref`` became live.

    Args:
        state: before.
        ref: the pack now live.
        origin: who chose it; an operator's choice (``cli``) clears a rollback mark.
        installed: True for an install (raises the high-water mark), False for ``activate``.
        signer: the key that signed an install: it binds the pack id when nothing bound it yet.
        rebind: an operator's install moves the binding to ``signer``.
    """
    active = state.active
    history = [h for h in active.history if h != ref]
    if active.live is not None and active.live != ref:
        history.append(active.live)
    highest = dict(state.marks.highest)
    top = highest.get(ref.id)
    if installed and (top is None or version_tuple(ref.version) > version_tuple(top)):
        highest[ref.id] = ref.version
    back = state.marks.rolled_back
    if origin not in UNATTENDED:
        back = back - {ref}
    signers = dict(state.marks.signers)
    if installed and signer is not None and (ref.id not in signers or rebind):
        signers[ref.id] = signer
    marks = Marks(highest, back, signers)
    return State(Active(ref, tuple(history[-HISTORY_LIMIT:])), marks)


def made_builtin_live(state: State) -> State:
    """The records after staff chose the bundled default pack (``pack activate builtin``).

    The pack that was live joins the history, so rollback can return to it; marks are kept.
    """
    active = state.active
    history = list(active.history)
    if active.live is not None:
        history = [h for h in history if h != active.live] + [active.live]
    return State(Active(None, tuple(history[-HISTORY_LIMIT:]), builtin=True), state.marks)


def rollback_order(state: State) -> list[int]:
    """Indexes into the history that rollback tries, newest first."""
    return list(range(len(state.active.history) - 1, -1, -1))


def rolled_back(state: State, index: int) -> State:
    """The records after rolling back to ``history[index]``; the pack left is marked."""
    active = state.active
    target = active.history[index]
    back = set(state.marks.rolled_back)
    if active.live is not None and active.live != target:
        back.add(active.live)
    return State(
        Active(target, active.history[:index]), replace(state.marks, rolled_back=frozenset(back))
    )


def rolled_back_to_builtin(state: State) -> State:
    """The records after rolling back to the bundled pack: no earlier pack could be shown.

    The bundled pack is what showed before the first install, so it is the bottom of the
    history; the pack left is marked, as with :func:`rolled_back`.
    """
    back = set(state.marks.rolled_back)
    if state.active.live is not None:
        back.add(state.active.live)
    return State(Active(None, (), builtin=True), replace(state.marks, rolled_back=frozenset(back)))


def can_roll_back(active: Active, untrusted: Collection[PackRef] = ()) -> bool:
    """Whether rollback has somewhere to go: an earlier pack not in ``untrusted``, or, from an
    installed pack, the bundled one (it always loads)."""
    return active.live is not None or any(h not in untrusted for h in active.history)


def fallback_order(active: Active, untrusted: Collection[PackRef] = ()) -> list[PackRef]:
    """The packs to try showing, in order: the live one, then the history newest first.

    None when staff chose the bundled pack: it always loads, so nothing else is tried. Packs in
    ``untrusted`` (signed by a key this kiosk no longer trusts) are never shown: a publisher
    revokes a key because what it signed can no longer be vouched for.
    """
    if active.builtin:
        return []
    order = ([active.live] if active.live else []) + list(reversed(active.history))
    return [ref for ref in order if ref not in untrusted]


def revoked(state: State, untrusted: Collection[PackRef]) -> State:
    """The records after staff stopped trusting the key that signed the packs ``untrusted``.

    They leave the history; when one of them is live, the newest earlier pack still trusted
    becomes live, else the bundled pack. Nothing is marked: a pack by that key cannot come
    back from the inbox anyway (its signature no longer verifies), and if the key is trusted
    again staff bring its pack back with ``activate``.
    """
    active = state.active
    history = tuple(h for h in active.history if h not in untrusted)
    if active.live is None or active.live not in untrusted:
        return replace(state, active=replace(active, history=history))
    if history:
        return replace(state, active=Active(history[-1], history[:-1]))
    return replace(state, active=Active(None, (), builtin=True))


# What stands for the signer of an installed pack whose MANIFEST.sig is missing or cannot be read
# (shown where a key id would be).
UNREADABLE_SIGNER = "?"


def signer_trusted(signer: str | None, trusted: Collection[str], *, unverified: bool) -> bool:
    """Whether an installed pack may be shown, from its signer as read now.

    Args:
        signer: the key id in its ``MANIFEST.sig``; None when there is none or it cannot be read
            (a damaged file, EIO).
        trusted: the key ids trusted now.
        unverified: the pack was installed with the signature check off (``--no-verify`` or
            ``verify: false``, an operator's choice, recorded in the install journal).

    With the check on, every pack was verified at install, so a signature that cannot be read
    now is not a reason to trust it: it is not shown (never more permissive on a failure).
    """
    if signer is not None:
        return signer in trusted
    return unverified


def signer_problem(
    ref: PackRef, signer: str | None, trusted: Collection[str], *, unverified: bool = False
) -> str | None:
    """Why the installed pack ``ref`` may not be made live again (activate, rollback), or None.

    ``signer`` is the key id in its ``MANIFEST.sig`` (None: none can be read); ``unverified``:
    installed with the check off (see :func:`signer_trusted`).
    """
    if signer_trusted(signer, trusted, unverified=unverified):
        return None
    if signer is None:
        return (
            f"the signature of {ref} (MANIFEST.sig) is missing or cannot be read, so it is not "
            "shown; install the pack again"
        )
    return (
        f"{ref} is signed by key {signer}, which this kiosk no longer trusts; "
        "it is not shown again unless that key is trusted again (kiosk keys trust FILE.pub)"
    )


def bound_signers(
    marks: Marks,
    journal: Iterable[tuple[PackRef, str]],
    installed: Mapping[str, str],
) -> Marks:
    """``marks`` with a binding for each pack id installed before bindings were kept.

    Args:
        marks: ``versions.json`` as read.
        journal: ``(pack, signer)`` of every install that made a pack live, oldest first; the
            last one for an id is its key (a later key needed ``--rebind-key``).
        installed: per pack id, the signer of its highest installed version (``MANIFEST.sig``).
    """
    signers = dict(marks.signers)
    from_journal: dict[str, str] = {}
    for ref, signer in journal:
        if _KEY_ID.fullmatch(signer):
            from_journal[ref.id] = signer
    for pack_id, signer in {**installed, **from_journal}.items():
        signers.setdefault(pack_id, signer)
    if signers == dict(marks.signers):
        return marks
    return replace(marks, signers=signers)


JournalKind = Literal[
    "installed", "activated", "rolled-back", "activated-builtin", "rolled-back-builtin"
]


def rebuild(installed: Sequence[PackRef], journal: Iterable[tuple[str, PackRef]]) -> Active:
    """``active.json`` from the installed packs and the install journal, after it was damaged.

    The journal's events are replayed; the pack it last made live wins when it is still
    installed, else the newest installed one (the last of ``installed``).

    Args:
        installed: the packs in ``packs/``, oldest install first.
        journal: ``(kind, pack)`` events, oldest first; kinds other than ``installed``,
            ``activated`` and ``rolled-back`` are ignored.
    """
    present = set(installed)
    state = State()
    for kind, ref in journal:
        if kind in ("installed", "activated"):
            state = made_live(state, ref, origin="cli")
        elif kind == "activated-builtin":
            state = made_builtin_live(state)
        elif kind == "rolled-back-builtin":
            state = rolled_back_to_builtin(state)
        elif kind == "rolled-back":
            history = state.active.history
            if ref in history:
                index = len(history) - 1 - history[::-1].index(ref)
                state = rolled_back(state, index)
            else:
                state = made_live(state, ref, origin="cli")
    history = tuple(h for h in state.active.history if h in present)
    if state.active.builtin:
        return Active(None, history[-HISTORY_LIMIT:], builtin=True)
    live = state.active.live
    if live not in present:
        live = history[-1] if history else (installed[-1] if installed else None)
        history = tuple(h for h in history if h != live)
    return Active(live, history[-HISTORY_LIMIT:])


# -- retrying -----------------------------------------------------------------------------------

Cause = Literal["source", "busy", "disk-full", "disk", "other"]


def is_transient(cause: Cause, *, verified: bool) -> bool:
    """Whether a refusal is worth trying again later.

    Only what is not the pack's fault: a source that could not be read (a stick pulled), another
    install holding the lock, and the kiosk's own disk (full, read-only, refusing access, failing
    to read or write), but the disk only for a pack whose signature already verified: junk that
    fills the disk must not be retried forever.
    """
    if cause in ("source", "busy"):
        return True
    return cause in ("disk-full", "disk") and verified


def retry_delay(attempts: int) -> float:
    """Seconds to wait before attempt ``attempts + 1``: doubling from 6 s, at most 10 minutes."""
    if attempts <= 0:
        return 0.0
    return min(RETRY_FIRST_SECONDS * 2.0 ** min(attempts - 1, 20), RETRY_MAX_SECONDS)
