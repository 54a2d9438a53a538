"""The publisher's TUF repository: ``kiosk repo init|add|refresh|rotate-root``.

A repository is a plain folder that uploads as it is to any static host::

    DIR/metadata/  N.root.json, N.targets.json, N.snapshot.json, timestamp.json (TUF, signed)
    DIR/targets/   <sha256>.<pack-id>-<version>.kpack (one per pack added)
    DIR/keys/      root.key, targets.key, snapshot.key, timestamp.key (PEM, 0600: keep offline)

Built with python-tuf's Metadata API (as its ``examples/manual_repo``), one Ed25519 key per
top-level role, threshold 1, and consistent snapshots: every metadata version and every target
keeps its own file name, so a kiosk that reads while the folder is being uploaded (or a CDN
that serves a mix of old and new files) still finds one consistent state, and old files never
need to be overwritten. A pack is a target ``<id>-<version>.kpack`` whose custom metadata names
it and the venues it is for (``{"kiosk": {"id", "version", "venues"}}``); kiosks choose by it
(:func:`kiosk.fleet.sync.choose`) and still verify the pack's own signature on intake.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tuf.api.metadata import (
    Metadata,
    MetaFile,
    Root,
    Signed,
    Snapshot,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

from kiosk.common.problems import PackError, Problem, os_problem
from kiosk.common.yamlsafe import read_yaml
from kiosk.content import files
from kiosk.content.schema import ID_PATTERN, VENUES
from kiosk.fleet.keys import NaclSigner, load_signer, write_new_key
from kiosk.fleet.messages import MAX_MESSAGE_BYTES
from kiosk.intake import archive
from kiosk.intake.trust import PackRef

ROLES = ("root", "targets", "snapshot", "timestamp")
KEEP_OFFLINE = """These are the private keys of a TUF repository of kiosk packs.

Keep them OFFLINE (an encrypted USB stick in a safe; never on the web host): whoever holds
root.key can make every kiosk that trusts this repository accept anything it signs.
timestamp.key (and snapshot.key) must re-sign every few days (kiosk repo refresh): a build
machine may hold those two, never root.key or targets.key. Upload only metadata/ and targets/.
"""
DEFAULT_TIMESTAMP_DAYS = 7.0
DEFAULT_DAYS = 365.0  # root, targets and snapshot: re-signed with every add, renewed by refresh
RENEW_WITHIN = timedelta(days=30)
_VERSIONED = re.compile(r"^([1-9][0-9]{0,8})\.(root|targets|snapshot)\.json$")
MAX_PACK_YAML_BYTES = 1_000_000
Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Added:
    """What :func:`add` did: the target's name, and whether it was there already."""

    target: str
    ref: PackRef
    venues: tuple[str, ...]
    unchanged: bool


@dataclass(frozen=True)
class AddedMessage:
    """What :func:`Repository.add_message` did."""

    target: str
    message_id: str
    unchanged: bool


class Repository:
    """The repository folder ``DIR``; :func:`init` makes one.

    Args:
        folder: ``DIR``.
        timestamp_days: how long each new timestamp is valid (a kiosk that cannot get a fresher
            one after that refuses to update: TUF's freeze-attack defence).
        clock: now, in UTC (tests move it).
    """

    def __init__(
        self,
        folder: Path,
        *,
        timestamp_days: float = DEFAULT_TIMESTAMP_DAYS,
        clock: Clock = _now,
    ) -> None:
        self.folder = Path(folder)
        self.metadata_dir = self.folder / "metadata"
        self.targets_dir = self.folder / "targets"
        self.keys_dir = self.folder / "keys"
        self.timestamp_days = timestamp_days
        self.clock = clock

    # -- reading -----------------------------------------------------------------------------

    def latest_version(self, role: str) -> int:
        """The highest ``N`` of ``N.<role>.json`` in ``metadata/`` (0: none)."""
        found = [0]
        for path in self.metadata_dir.glob(f"*.{role}.json"):
            match = _VERSIONED.match(path.name)
            if match and match.group(2) == role:
                found.append(int(match.group(1)))
        return max(found)

    def _path(self, role: str, version: int | None = None) -> Path:
        if role == "timestamp":
            return self.metadata_dir / "timestamp.json"
        version = self.latest_version(role) if version is None else version
        return self.metadata_dir / f"{version}.{role}.json"

    def load(self, role: str, kind: type[Signed]) -> Metadata[Any]:
        """The newest metadata of ``role``.

        Raises:
            PackError: missing or not TUF metadata of that role.
        """
        path = self._path(role)
        try:
            md = Metadata[Any].from_bytes(path.read_bytes())
        except OSError as exc:
            raise PackError([os_problem(str(path), exc, "read the metadata")]) from None
        except Exception as exc:  # tuf's DeserializationError and friends: a damaged file
            raise PackError([Problem(str(path), 0, "", f"is not TUF metadata ({exc})")]) from None
        if not isinstance(md.signed, kind):
            raise PackError([Problem(str(path), 0, "", f"is not {role} metadata")])
        return md

    def signer(self, role: str) -> NaclSigner:
        return load_signer(self.keys_dir / f"{role}.key")

    # -- writing -----------------------------------------------------------------------------

    def _expiry(self, days: float) -> datetime:
        return self.clock() + timedelta(days=days)

    def _write(self, md: Metadata[Any], *, versioned: bool = True) -> bytes:
        """Sign nothing, write ``md`` under its file name (temp, fsync, rename); its bytes."""
        raw = md.to_bytes(JSONSerializer(compact=False))
        role = md.signed.type
        path = self._path(role, md.signed.version) if versioned else self._path(role)
        _write_bytes(path, raw)
        return raw

    def _sign_and_write(self, md: Metadata[Any], *signers: NaclSigner) -> bytes:
        md.signatures.clear()
        for signer in signers:
            md.sign(signer, append=True)
        return self._write(md, versioned=md.signed.type != "timestamp")

    def _publish_targets(self, targets: Metadata[Targets]) -> None:
        """Sign ``targets`` (already bumped), then a new snapshot and timestamp naming it."""
        raw = self._sign_and_write(targets, self.signer("targets"))
        snapshot = self.load("snapshot", Snapshot)
        snapshot.signed.meta["targets.json"] = _meta(targets.signed.version, raw)
        self._bump(snapshot.signed, DEFAULT_DAYS)
        self._publish_snapshot(snapshot)

    def _publish_snapshot(self, snapshot: Metadata[Snapshot]) -> None:
        raw = self._sign_and_write(snapshot, self.signer("snapshot"))
        timestamp = self.load("timestamp", Timestamp)
        timestamp.signed.snapshot_meta = _meta(snapshot.signed.version, raw)
        self._bump(timestamp.signed, self.timestamp_days)
        self._sign_and_write(timestamp, self.signer("timestamp"))

    def _bump(self, signed: Signed, days: float) -> None:
        signed.version += 1
        signed.expires = self._expiry(days)

    def init(self) -> Path:
        """Make the keys and the first metadata of every role; returns ``1.root.json``.

        Raises:
            PackError: ``DIR`` already holds a repository (or keys), or cannot be written.
        """
        if self.latest_version("root") or (self.keys_dir / "root.key").exists():
            raise PackError([Problem(str(self.folder), 0, "", "already holds a repository")])
        try:
            for folder in (self.metadata_dir, self.targets_dir):
                folder.mkdir(parents=True, exist_ok=True)
            self.keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_bytes(self.keys_dir / "KEEP-OFFLINE.txt", KEEP_OFFLINE.encode())
        except OSError as exc:
            raise PackError([os_problem(str(self.folder), exc, "make the repository")]) from None
        signers = {role: write_new_key(self.keys_dir / f"{role}.key") for role in ROLES}
        root = Metadata(Root(expires=self._expiry(DEFAULT_DAYS), consistent_snapshot=True))
        for role, signer in signers.items():
            root.signed.add_key(signer.public_key, role)
        targets = Metadata(Targets(expires=self._expiry(DEFAULT_DAYS)))
        snapshot = Metadata(Snapshot(expires=self._expiry(DEFAULT_DAYS)))
        timestamp = Metadata(Timestamp(expires=self._expiry(self.timestamp_days)))
        self._sign_and_write(root, signers["root"])
        targets_raw = self._sign_and_write(targets, signers["targets"])
        snapshot.signed.meta["targets.json"] = _meta(1, targets_raw)
        snapshot_raw = self._sign_and_write(snapshot, signers["snapshot"])
        timestamp.signed.snapshot_meta = _meta(1, snapshot_raw)
        self._sign_and_write(timestamp, signers["timestamp"])
        return self._path("root", 1)

    def add(self, kpack: Path, venues: Iterable[str] = ("any",)) -> Added:
        """Add the built pack ``kpack`` as a target; re-sign targets, snapshot and timestamp.

        Raises:
            PackError: not a pack archive, a venue unknown, the same pack id and version with
                other content already added, or the repository cannot be read or written.
        """
        wanted = tuple(dict.fromkeys(venues)) or ("any",)
        unknown = [v for v in wanted if v not in VENUES]
        if unknown:
            known = ", ".join(VENUES)
            raise PackError([Problem("--venue", 0, "", f"{unknown[0]!r} is not one of {known}")])
        ref = pack_identity(kpack)
        name = f"{ref.id}-{ref.version}.kpack"
        try:
            with kpack.open("rb") as fh:
                target = TargetFile.from_data(name, fh, ["sha256"])
        except OSError as exc:
            raise PackError([os_problem(str(kpack), exc, "read the pack")]) from None
        target.unrecognized_fields["custom"] = {
            "kiosk": {"id": ref.id, "version": ref.version, "venues": list(wanted)}
        }
        targets = self.load("targets", Targets)
        old = targets.signed.targets.get(name)
        if old is not None and old.hashes != target.hashes:
            message = f"{name} is already in the repository with other content (a changed pack "
            raise PackError([Problem(str(kpack), 0, "", message + "needs a new version)")])
        if old is not None and old == target:
            return Added(name, ref, wanted, unchanged=True)
        stored = self.targets_dir / f"{target.hashes['sha256']}.{name}"
        try:
            self.targets_dir.mkdir(parents=True, exist_ok=True)
            _copy_file(kpack, stored)
        except OSError as exc:
            raise PackError([os_problem(str(stored), exc, "copy the pack")]) from None
        targets.signed.targets[name] = target
        self._bump(targets.signed, DEFAULT_DAYS)
        self._publish_targets(targets)
        return Added(name, ref, wanted, unchanged=False)

    def add_message(self, kmsg: Path) -> AddedMessage:
        """Add the signed venue message ``kmsg`` as the target ``<id>.kmsg``; re-sign.

        A later issue of the same message id replaces the earlier target (a message is
        corrected or ended early by a new issue); kiosks fetch it into their drop folder, and
        show it only when they trust the key that signed it (kiosk.alerts.message).

        Raises:
            PackError: not a venue message, too large, or the repository cannot be written.
        """
        message_id = message_identity(kmsg)
        name = f"{message_id}.kmsg"
        try:
            if kmsg.stat().st_size > MAX_MESSAGE_BYTES:
                limit = f"{MAX_MESSAGE_BYTES:,}"
                raise PackError([Problem(str(kmsg), 0, "", f"is over {limit} bytes")])
            with kmsg.open("rb") as fh:
                target = TargetFile.from_data(name, fh, ["sha256"])
        except OSError as exc:
            raise PackError([os_problem(str(kmsg), exc, "read the message")]) from None
        target.unrecognized_fields["custom"] = {"kiosk": {"message": message_id}}
        targets = self.load("targets", Targets)
        if targets.signed.targets.get(name) == target:
            return AddedMessage(name, message_id, unchanged=True)
        stored = self.targets_dir / f"{target.hashes['sha256']}.{name}"
        try:
            self.targets_dir.mkdir(parents=True, exist_ok=True)
            _copy_file(kmsg, stored)
        except OSError as exc:
            raise PackError([os_problem(str(stored), exc, "copy the message")]) from None
        targets.signed.targets[name] = target
        self._bump(targets.signed, DEFAULT_DAYS)
        self._publish_targets(targets)
        return AddedMessage(name, message_id, unchanged=False)

    def refresh(self) -> list[str]:
        """A new timestamp (and targets, snapshot when they expire within 30 days).

        Run it more often than the timestamp lasts (a daily cron job): kiosks refuse updates
        from a repository whose timestamp has expired. Returns the roles re-signed.
        """
        soon = self.clock() + RENEW_WITHIN
        targets = self.load("targets", Targets)
        if targets.signed.expires <= soon:
            self._bump(targets.signed, DEFAULT_DAYS)
            self._publish_targets(targets)
            return ["targets", "snapshot", "timestamp"]
        snapshot = self.load("snapshot", Snapshot)
        if snapshot.signed.expires <= soon:
            self._bump(snapshot.signed, DEFAULT_DAYS)
            self._publish_snapshot(snapshot)
            return ["snapshot", "timestamp"]
        timestamp = self.load("timestamp", Timestamp)
        self._bump(timestamp.signed, self.timestamp_days)
        self._sign_and_write(timestamp, self.signer("timestamp"))
        return ["timestamp"]

    def rotate_root(self) -> tuple[Path, Path]:
        """Replace the root key: ``N+1.root.json`` signed by the old and the new root key.

        Kiosks that trust any earlier root walk the chain (TUF's root rotation) and trust the
        new key from then on. The old key is kept as ``keys/root-vN.key`` (delete it once every
        kiosk has synced); the new one is ``keys/root.key``. Renews the root's expiry too.

        Returns:
            The new root metadata file and the old key's new name.
        """
        root = self.load("root", Root)
        old_signer = self.signer("root")
        version = root.signed.version
        kept = self.keys_dir / f"root-v{version}.key"
        new_path = self.keys_dir / "root.key.new"
        new_signer = write_new_key(new_path)
        for keyid in list(root.signed.roles["root"].keyids):
            root.signed.revoke_key(keyid, "root")
        root.signed.add_key(new_signer.public_key, "root")
        self._bump(root.signed, DEFAULT_DAYS)
        self._sign_and_write(root, old_signer, new_signer)
        try:
            (self.keys_dir / "root.key").replace(kept)
            new_path.replace(self.keys_dir / "root.key")
        except OSError as exc:
            raise PackError([os_problem(str(self.keys_dir), exc, "keep the keys")]) from None
        return self._path("root", root.signed.version), kept


def pack_identity(kpack: Path) -> PackRef:
    """The id and version a built ``.kpack`` says it is (from its ``pack.yaml``).

    Raises:
        PackError: not a pack archive.
    """
    try:
        with kpack.open("rb") as fh, archive.Archive(fh, kpack.name) as zf:
            raw = zf.read("pack.yaml", MAX_PACK_YAML_BYTES)
    except OSError as exc:
        raise PackError([os_problem(str(kpack), exc, "read the pack")]) from None
    data = read_yaml(raw, "pack.yaml").data if raw is not None else None
    ref = PackRef.from_json(data)
    if ref is None:
        message = "is not a built pack (no pack.yaml with an id and a version); kiosk pack build"
        raise PackError([Problem(str(kpack), 0, "", message)])
    return ref


def message_identity(kmsg: Path) -> str:
    """The id a built ``.kmsg`` says it is (from its ``message.yaml``).

    Raises:
        PackError: not a venue message archive.
    """
    try:
        with kmsg.open("rb") as fh, archive.Archive(fh, kmsg.name) as zf:
            raw = zf.read("message.yaml", 64_000)
    except OSError as exc:
        raise PackError([os_problem(str(kmsg), exc, "read the message")]) from None
    data = read_yaml(raw, "message.yaml").data if raw is not None else None
    message_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(message_id, str) or not re.fullmatch(ID_PATTERN, message_id):
        problem = "is not a built venue message (kiosk message build FILE.yaml -o FILE.kmsg)"
        raise PackError([Problem(str(kmsg), 0, "", problem)])
    return message_id


def _meta(version: int, raw: bytes) -> MetaFile:
    """A role's entry in snapshot or timestamp, with its length and hash (no endless data)."""
    return MetaFile(version, len(raw), {"sha256": hashlib.sha256(raw).hexdigest()})


def _write_bytes(path: Path, raw: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(fd, "wb", buffering=0) as fh:
            files.write_all(fh, raw)
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _copy_file(source: Path, dest: Path) -> None:
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        with source.open("rb") as src, tmp.open("wb") as out:
            while chunk := src.read(1 << 20):
                files.write_all(out, chunk)
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
