"""Installed packs on disk (``KIOSK_HOME``): install atomically, activate, roll back.

Layout::

    packs/<id>/<version>/   installed packs, never edited after the install
    active.json             {"live": {"id", "version"} | null, "history": [older live packs]}
    staging/                installs in progress (left-overs are removed at start)
    inbox/                  drop folder the running kiosk watches
    keys/<key-id>.pub       trusted public keys
    logs/installs.jsonl     one line per install attempt
    last-install.json       the outcome of the last install, for ``kiosk pack list``
    .lock                   held by installs; the CLI and the running kiosk share it

An install copies its source into ``staging/`` first (a USB stick may be pulled mid-copy), unpacks
it safely, verifies the signature, loads the pack to validate it, renames the folder into ``packs/``
and only then switches ``active.json`` (write a temp file, fsync, rename, fsync the folder). Until
that rename nothing the kiosk reads has changed, so a crash or a full disk at any step leaves the
previous pack live and no half-written pack visible.

For tests, ``KIOSK_CRASH_AT=<step>`` makes the process SIGKILL itself at that step (see
:data:`CRASH_STEPS`).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple

from kiosk.content import archive, schema, signing
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack, version_tuple
from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS
from kiosk.content.problems import PackError, Problem, os_problem
from kiosk.content.signing import TrustedKey
from kiosk.content.validate import DEFAULT_LINK_HOSTS

log = logging.getLogger("kiosk.store")

CRASH_ENV = "KIOSK_CRASH_AT"
CRASH_STEPS = (
    "after-copy",  # the source is in staging/
    "after-unpack",  # the pack folder is in staging/
    "after-verify",  # the signature checked
    "after-validate",  # load_pack() accepted it
    "mid-move",  # packs/<id>/ exists, the pack folder not yet renamed into it
    "before-activate",  # packs/<id>/<version>/ complete, active.json untouched
    "after-activate-temp",  # the new active.json written and fsynced beside the old one
    "after-activate",  # active.json renamed into place
)
HISTORY_LIMIT = 20
LOCK_TIMEOUT = 60.0

# fullmatch, not match: ``$`` would let "1.0.0\n" through, and these become folder names.
_ID = re.compile(schema.ID_PATTERN)
_VERSION = re.compile(schema.VERSION_PATTERN)
INTERNAL_ERROR = "internal error while checking the pack; the live pack is unchanged"

InstallStatus = Literal["installed", "unchanged", "refused"]


def crash_point(step: str) -> None:
    """SIGKILL this process when ``KIOSK_CRASH_AT`` names ``step`` (crash-safety tests)."""
    if os.environ.get(CRASH_ENV) == step:
        kill = getattr(signal, "SIGKILL", signal.SIGTERM)
        os.kill(os.getpid(), kill)
        time.sleep(10)  # pragma: no cover - the signal arrives first


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


@dataclass(frozen=True)
class InstallResult:
    """What an install did.

    Attributes:
        status: ``installed`` (now live), ``unchanged`` (nothing to do) or ``refused``.
        source: the path that was installed, as given.
        pack: the pack's id and version, once known.
        problems: why it was refused.
        message: one line for staff.
        transient: not the pack's fault (a stick pulled, another install running, the disk
            full); trying again later may work.
        source_sha256: the hash of the ``.kpack`` copied (None for a folder).
        signer: the key id that signed it (None with ``verify=False``).
    """

    status: InstallStatus
    source: str
    pack: PackRef | None = None
    problems: tuple[Problem, ...] = ()
    message: str = ""
    transient: bool = False
    source_sha256: str | None = None
    signer: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "refused"

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "source": self.source,
            "pack": self.pack.to_json() if self.pack else None,
            "message": self.message,
            "problems": [p.to_json() for p in self.problems],
            "signer": self.signer,
        }


@dataclass
class _ActiveState:
    live: PackRef | None = None
    history: list[PackRef] = field(default_factory=list)


def write_json_atomic(path: Path, data: Any, *, crash_step: str | None = None) -> None:
    """Replace ``path`` by ``data`` as JSON: write a temp file, fsync, rename, fsync the folder.

    Raises:
        OSError: the write failed (e.g. ``ENOSPC``); ``path`` is then as it was.
    """
    raw = (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(fd, "wb", buffering=0) as fh:
            archive.write_chunk(fh, raw)
            os.fsync(fh.fileno())
        if crash_step:
            crash_point(crash_step)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    archive.fsync_dir(path.parent)


if sys.platform == "win32":  # pragma: no cover - the kiosk runs on Linux; Windows for authors
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


class StoreBusy(PackError):
    """Another process holds ``KIOSK_HOME/.lock``."""


class PackStore:
    """The packs installed in one ``KIOSK_HOME``.

    Creating a store prepares the folders and, when no install is running, removes what an
    interrupted install left in ``staging/``. It never raises for a missing or read-only home;
    the methods that need to write do.
    """

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.packs_dir = self.home / "packs"
        self.staging_dir = self.home / "staging"
        self.inbox_dir = self.home / "inbox"
        self.keys_dir = self.home / "keys"
        self.logs_dir = self.home / "logs"
        self.active_file = self.home / "active.json"
        self.lock_file = self.home / ".lock"
        self.last_install_file = self.home / "last-install.json"
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
                self._clear_staging()
        except (StoreBusy, OSError):
            pass  # an install is running; it cleans up after itself

    @contextmanager
    def lock(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """Hold ``KIOSK_HOME/.lock`` (shared by the CLI and the running kiosk).

        Raises:
            StoreBusy: another process held it for ``timeout`` seconds.
            OSError: the lock file could not be opened.
        """
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + timeout
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        [
                            Problem(
                                ".lock",
                                0,
                                "",
                                "another pack install is running on this kiosk; "
                                "try again in a minute",
                            )
                        ]
                    )
                time.sleep(0.1)
            yield
        finally:
            os.close(fd)  # closing the file releases the lock

    def _clear_staging(self) -> None:
        """Remove what interrupted installs left behind (call with the lock held)."""
        if self.staging_dir.is_dir():
            for child in self.staging_dir.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        for tmp in self.home.glob(".active.json.*.tmp"):
            tmp.unlink(missing_ok=True)
        for packs in self.packs_dir.glob("*"):
            # A folder made for a pack whose rename never happened.
            if packs.is_dir() and not packs.is_symlink() and not any(packs.iterdir()):
                packs.rmdir()

    # -- reading state -----------------------------------------------------------------------

    def pack_dir(self, ref: PackRef) -> Path:
        """Where the pack ``ref`` is (or would be) installed."""
        return self.packs_dir / ref.id / ref.version

    def _read_active(self) -> _ActiveState:
        try:
            raw = self.active_file.read_bytes()
        except FileNotFoundError:
            return _ActiveState()
        except OSError as exc:
            log.error("cannot read %s: %s", self.active_file, exc.strerror or exc)
            return _ActiveState()
        try:
            data = json.loads(raw)
        except ValueError:
            log.error("%s is not valid JSON; treating it as empty", self.active_file)
            return _ActiveState()
        if not isinstance(data, dict):
            return _ActiveState()
        history = data.get("history")
        refs = [PackRef.from_json(h) for h in history] if isinstance(history, list) else []
        return _ActiveState(PackRef.from_json(data.get("live")), [r for r in refs if r])

    def live(self) -> PackRef | None:
        """The live pack's ``(id, version)`` as ``active.json`` names it, or None."""
        return self._read_active().live

    def history(self) -> list[PackRef]:
        """Earlier live packs, newest last (what rollback walks)."""
        return self._read_active().history

    def list_installed(self) -> list[InstalledPack]:
        """Every installed pack, by id then version."""
        live = self.live()
        found: list[InstalledPack] = []
        try:
            id_dirs = list(self.packs_dir.iterdir())
        except OSError:
            return found
        for id_dir in id_dirs:
            if not _ID.fullmatch(id_dir.name) or not id_dir.is_dir():
                continue
            try:
                version_dirs = list(id_dir.iterdir())
            except OSError:
                continue
            for version_dir in version_dirs:
                if _VERSION.fullmatch(version_dir.name) and version_dir.is_dir():
                    ref = PackRef(id_dir.name, version_dir.name)
                    found.append(InstalledPack(ref.id, ref.version, version_dir, ref == live))
        return sorted(found, key=lambda p: (p.id, version_tuple(p.version)))

    def live_pack(
        self,
        link_hosts: Iterable[str] = DEFAULT_LINK_HOSTS,
        hotline_numbers: Iterable[str] = DEFAULT_HOTLINE_NUMBERS,
    ) -> Pack | None:
        """Load the live pack; if it fails, the newest earlier one in the history that loads.

        Never raises: a broken install is logged and skipped, and None tells the caller to show
        the bundled default pack.
        """
        hosts = tuple(link_hosts)
        numbers = tuple(hotline_numbers)
        try:
            state = self._read_active()
            candidates = ([state.live] if state.live else []) + list(reversed(state.history))
        except Exception:  # the show must go on
            log.exception("cannot read which pack is live")
            return None
        for ref in candidates:
            pack = self._load_installed(ref, hosts, numbers)
            if pack is not None:
                if ref != state.live:
                    log.warning("falling back to the earlier pack %s", ref)
                return pack
        return None

    def _load_installed(
        self, ref: PackRef, hosts: tuple[str, ...], numbers: tuple[str, ...]
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
            pack = load_pack(folder, hosts, numbers)
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
        try:
            data = json.loads(self.last_install_file.read_bytes())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    # -- changing state ----------------------------------------------------------------------

    def _make_live(self, ref: PackRef, state: _ActiveState) -> None:
        history = [h for h in state.history if h != ref]
        if state.live is not None and state.live != ref:
            history.append(state.live)
        new = {
            "live": ref.to_json(),
            "history": [h.to_json() for h in history[-HISTORY_LIMIT:]],
        }
        write_json_atomic(self.active_file, new, crash_step="after-activate-temp")
        crash_point("after-activate")

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
            PackError: it is not installed or no longer loads; another install is running; or
                ``active.json`` could not be written.
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
                ]
            )
        load_pack(self.pack_dir(ref), tuple(link_hosts), tuple(hotline_numbers))
        try:
            with self.lock():
                state = self._read_active()
                if state.live != ref:
                    self._make_live(ref, state)
        except OSError as exc:
            raise PackError([os_problem("active.json", exc, "switch the live pack")]) from None
        log.info("pack %s is live (activated)", ref)
        return ref

    def rollback(
        self,
        *,
        link_hosts: Iterable[str] = DEFAULT_LINK_HOSTS,
        hotline_numbers: Iterable[str] = DEFAULT_HOTLINE_NUMBERS,
    ) -> PackRef:
        """Go back to the previous live pack that still loads; the current one leaves the history.

        Returns:
            The pack now live.

        Raises:
            PackError: there is no earlier pack to go back to, or ``active.json`` could not be
                written.
        """
        hosts = tuple(link_hosts)
        numbers = tuple(hotline_numbers)
        try:
            with self.lock():
                state = self._read_active()
                for index in range(len(state.history) - 1, -1, -1):
                    ref = state.history[index]
                    if self._load_installed(ref, hosts, numbers) is None:
                        continue
                    new = {
                        "live": ref.to_json(),
                        "history": [h.to_json() for h in state.history[:index]],
                    }
                    write_json_atomic(self.active_file, new, crash_step="after-activate-temp")
                    log.info("rolled back from %s to %s", state.live, ref)
                    return ref
        except OSError as exc:
            raise PackError([os_problem("active.json", exc, "switch the live pack")]) from None
        raise PackError([Problem("active.json", 0, "", "there is no earlier pack to go back to")])

    # -- keys --------------------------------------------------------------------------------

    def trust(self, public_key_file: Path) -> str:
        """Trust the Ed25519 public key in ``public_key_file``; stores ``keys/<key-id>.pub``.

        Returns:
            The key id.

        Raises:
            PackError: not an Ed25519 public key, or it could not be stored.
        """
        key = signing.load_public_key(public_key_file)
        kid = signing.key_id(key)
        try:
            self.keys_dir.mkdir(parents=True, exist_ok=True)
            target = self.keys_dir / f"{kid}.pub"
            tmp = self.keys_dir / f".{kid}.pub.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            with os.fdopen(fd, "wb", buffering=0) as fh:
                archive.write_chunk(fh, signing.public_pem(key))
                os.fsync(fh.fileno())
            os.replace(tmp, target)
            archive.fsync_dir(self.keys_dir)
        except OSError as exc:
            raise PackError([os_problem(str(public_key_file), exc, "store the key")]) from None
        log.debug("trusting key %s from %s", kid, public_key_file)
        return kid

    def trusted_keys(self) -> list[TrustedKey]:
        """The keys this kiosk trusts, by key id."""
        return sorted(signing.trusted_keys(self.keys_dir).values(), key=lambda k: k.key_id)

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
    ) -> InstallResult:
        """Install the ``.kpack`` or pack folder at ``source`` and make it live.

        Args:
            source: a ``.kpack`` file or a pack folder.
            verify: check the signature against ``keys/``; False only for development (logged
                as a warning).
            allow_downgrade: accept an older version of the live pack.
            link_hosts: the kiosk's link allow-list.
            hotline_numbers: the numbers a pack may show on this kiosk.
            origin: who asked (``cli``, ``inbox``, ``media``, ``sync``), for the record.
            lock_timeout: how long to wait for another install to finish.

        Returns:
            ``installed``, ``unchanged`` (same id, version and content: nothing to do) or
            ``refused`` with the problems. Never raises: bad input, a full disk and even a
            bug in the checks (logged with its traceback) give a refusal.
        """
        source = Path(source)
        try:
            with self.lock(timeout=lock_timeout):
                result = self._install_locked(
                    source, verify, allow_downgrade, tuple(link_hosts), tuple(hotline_numbers)
                )
        except StoreBusy as exc:  # another install is running: this one may well work later
            result = _refused(source, exc.problems, transient=True)
        except PackError as exc:
            result = _refused(source, exc.problems)
        except OSError as exc:  # the kiosk's disk, not the pack
            result = _refused(source, [os_problem(source.name, exc, "install it")], transient=True)
        except Exception:
            # A bug, not bad input: the traceback goes to the log, a plain refusal to staff.
            log.exception("unexpected error while installing %s", source)
            result = _refused(source, [Problem(source.name, 0, "", INTERNAL_ERROR)])
        self._record(result, origin)
        # The command line prints the outcome itself; the running kiosk's log needs it.
        quiet = origin == "cli"
        if result.status == "refused":
            details = "\n".join(str(p) for p in result.problems)
            log.log(logging.DEBUG if quiet else logging.ERROR, "%s\n%s", result.message, details)
        else:
            log.log(logging.DEBUG if quiet else logging.INFO, "%s", result.message)
        return result

    def _install_locked(
        self,
        source: Path,
        verify: bool,
        allow_downgrade: bool,
        hosts: tuple[str, ...],
        numbers: tuple[str, ...],
    ) -> InstallResult:
        self._clear_staging()
        self.staging_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="install-", dir=self.staging_dir))
        try:
            return self._install_steps(source, work, verify, allow_downgrade, hosts, numbers)
        except archive.TransientError as exc:
            return _refused(source, exc.problems, transient=True)
        except PackError as exc:
            return _refused(source, exc.problems)
        except OSError as exc:  # the kiosk's disk, not the pack
            return _refused(source, [os_problem(source.name, exc, "install it")], transient=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _install_steps(
        self,
        source: Path,
        work: Path,
        verify: bool,
        allow_downgrade: bool,
        hosts: tuple[str, ...],
        numbers: tuple[str, ...],
    ) -> InstallResult:
        label = source.name
        if not source.exists():
            raise archive.SourceReadError(
                [Problem(label, 0, "", "there is no such file or folder")]
            )
        tree = work / "pack"
        tree.mkdir()
        sha: str | None = None
        if source.is_dir():
            archive.copy_tree(source, tree)
            crash_point("after-copy")
        else:
            copied = work / "source.kpack"
            sha = archive.copy_file(source, copied, limit=archive.MAX_ARCHIVE_BYTES, label=label)
            crash_point("after-copy")
            archive.unpack(copied, tree, label=label)
            copied.unlink()
        crash_point("after-unpack")

        signer = None
        if verify:
            signer = signing.verify(tree, self.keys_dir)
        else:
            log.warning(
                "!!! SIGNATURE CHECK SKIPPED for %s (--no-verify / verify: false): "
                "for development only, never on a kiosk in public !!!",
                source,
            )
        crash_point("after-verify")

        pack = load_pack(tree, hosts, numbers)
        ref = PackRef(pack.id, pack.version)
        crash_point("after-validate")

        def done(status: InstallStatus, message: str) -> InstallResult:
            return InstallResult(
                status, str(source), ref, message=message, source_sha256=sha, signer=signer
            )

        state = self._read_active()
        target = self.pack_dir(ref)
        present = target.is_dir()
        if present:
            if _content(target) != _content(tree):
                raise PackError(
                    [
                        Problem(
                            "pack.yaml",
                            0,
                            "version",
                            f"{ref} is already installed with different content; "
                            "a changed pack needs a new version number",
                        )
                    ]
                )
            if state.live == ref:
                return done("unchanged", f"{ref} is already installed and live: nothing to do")
        live = state.live
        if (
            live is not None
            and live.id == ref.id
            and version_tuple(ref.version) < version_tuple(live.version)
            and not allow_downgrade
        ):
            raise PackError(
                [
                    Problem(
                        "pack.yaml",
                        0,
                        "version",
                        f"version {ref.version} is older than the live {live.version}; "
                        "to go back on purpose use --allow-downgrade or kiosk pack rollback",
                    )
                ]
            )

        moved = False
        if not present:
            id_dir = target.parent
            id_dir.mkdir(parents=True, exist_ok=True)
            archive.fsync_dir(self.packs_dir)
            crash_point("mid-move")
            os.rename(tree, target)
            moved = True
            archive.fsync_dir(id_dir)
        crash_point("before-activate")
        try:
            self._make_live(ref, state)
        except BaseException:
            if moved:  # never live, so nobody can be showing it: take it back out
                shutil.rmtree(target, ignore_errors=True)
            raise
        verb = "installed" if moved else "was already installed; made it live again:"
        return done("installed", f"{verb} {ref}" + ("" if verify else " (signature NOT checked)"))

    def _record(self, result: InstallResult, origin: str) -> None:
        """Keep the outcome for ``kiosk pack list`` and the staff panel (best effort)."""
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "origin": origin,
            **result.to_json(),
        }
        try:
            write_json_atomic(self.last_install_file, entry)
            self.logs_dir.mkdir(parents=True, exist_ok=True)
            with (self.logs_dir / "installs.jsonl").open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(entry, sort_keys=True) + "\n")
        except OSError as exc:
            log.warning("could not record the install outcome: %s", exc.strerror or exc)


def _refused(
    source: Path, problems: Iterable[Problem], *, transient: bool = False
) -> InstallResult:
    problems = tuple(sorted(problems))
    first = str(problems[0]) if problems else "unknown reason"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return InstallResult(
        "refused",
        str(source),
        problems=problems,
        message=f"refused {source.name}: {first}{more}",
        transient=transient,
    )


def _content(folder: Path) -> bytes:
    """What identifies a pack's content: the MANIFEST of its files (signature files aside)."""
    return signing.manifest_bytes(signing.manifest_entries(folder))


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
