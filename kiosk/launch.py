"""What every way of starting the kiosk shares: exit codes, options, which home, which pack.

The command line (:mod:`kiosk.cli`) parses its arguments into the frozen option dataclasses here
and hands them down; the UI (:mod:`kiosk.ui`) and the ``pack`` commands read them from here. So the
command line stays a leaf that nothing imports, and the UI can be started without argparse.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.common import paths
from kiosk.common.message import Message
from kiosk.common.problems import Problem

if TYPE_CHECKING:
    # Imported where used: `kiosk run` reads this module's options, exit codes and run lock
    # before it puts its start frame on the screen (kiosk.ui.start), and the settings' and the
    # pack's modules (PyYAML, phonenumbers, the checks) load after that.
    from kiosk.config import KioskConfig
    from kiosk.content.model import Pack
    from kiosk.content.schemapass import SchemaPasses
    from kiosk.intake.trust import PackRef
    from kiosk.ops.crashguard import CrashGuard
    from kiosk.playback.playlist import SlideSeconds

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_SCREEN = 0, 1, 2, 3
"""0 ok; 1 refused (invalid input, failed verification, an I/O error); 2 usage; 3 no screen."""

DEFAULT_POLL_SECONDS = 3.0
RUN_LOCK = ".run.lock"

log = logging.getLogger("kiosk")


@dataclass(frozen=True, kw_only=True)
class ShowOptions:
    """What to show, shared by ``kiosk run`` and ``kiosk snapshot``.

    Attributes:
        home: ``--home`` (else ``$KIOSK_HOME``, else the platform's data folder).
        pack: an author's pack folder to show instead of the installed one (not verified).
        venue: play this venue's slides (else ``kiosk.yaml``'s venue).
        language: the language to show (else the pack's first).
    """

    home: Path | None = None
    pack: Path | None = None
    venue: str | None = None
    language: str | None = None


@dataclass(frozen=True, kw_only=True)
class RunOptions(ShowOptions):
    """``kiosk run``.

    Attributes:
        windowed: a normal window (development) instead of full screen.
        size: the window's size with ``windowed``; None for 1280x720.
        slide_seconds: seconds per slide, or a (shortest, longest) range; None: the pack's.
        poll_seconds: seconds between looks at the inbox and the watched media.
        exit_after: quit cleanly after this many seconds (tests); None: run until quit.
        strict: an unexpected exception in the kiosk's own code ends the process (exit 1)
            instead of being logged while the show goes on (tests, developers; also with
            ``exit_after``).
    """

    windowed: bool = False
    size: tuple[int, int] | None = None
    slide_seconds: SlideSeconds | None = None
    poll_seconds: float = DEFAULT_POLL_SECONDS
    exit_after: float | None = None
    strict: bool = False


@dataclass(frozen=True, kw_only=True)
class SnapshotOptions(ShowOptions):
    """``kiosk snapshot``.

    Attributes:
        out: the folder for the PNGs, the contact sheet and ``index.json``.
        size: the rendered size in pixels.
        accessible: render touch mode in accessibility mode (large text, high contrast).
    """

    out: Path
    size: tuple[int, int] = (1920, 1080)
    accessible: bool = False


@dataclass(frozen=True, kw_only=True)
class PreviewOptions(ShowOptions):
    """``kiosk preview DIR``: the author's pack folder in a window, reloaded as files are saved.

    Attributes:
        size: the window's size.
        exit_after: quit cleanly after this many seconds (tests); None: run until closed.
        strict: an unexpected exception ends the process (exit 1), as for ``kiosk run``.
    """

    size: tuple[int, int] = (1280, 720)
    exit_after: float | None = None
    strict: bool = False


def print_problems(problems: Sequence[Problem], *, as_json: bool = False) -> None:
    """Problems to stderr one a line, or to stdout as a JSON list."""
    if as_json:
        print(json.dumps([p.to_json() for p in problems], indent=2))
    else:
        for problem in problems:
            print(problem, file=sys.stderr)


def home_config(
    home: Path | None,
    *,
    strict: bool,
    keep_last_good: bool = False,
    passes: SchemaPasses | None = None,
) -> tuple[Path, KioskConfig]:
    """KIOSK_HOME and its kiosk.yaml.

    Args:
        home: ``--home``, else ``$KIOSK_HOME``, else the platform's data folder.
        strict: refuse a broken file instead of using defaults.
        keep_last_good: ``kiosk run``: keep a copy of a clean file and fall back to it.
        passes: ``kiosk run``'s record of what passed the schema (kiosk.content.schemapass).
    """
    from kiosk.config import load_config

    folder = paths.kiosk_home(home)
    config = load_config(
        folder / "kiosk.yaml", strict=strict, keep_last_good=keep_last_good, passes=passes
    )
    for problem in config.problems:
        # Each broken key falls back to its default; an unreadable file to the last good one.
        log.warning("kiosk.yaml: %s", problem)
    return folder, config


def staff_home_config(home: Path | None) -> tuple[Path, KioskConfig]:
    """:func:`home_config` (strict) for a staff command, first saying on stderr which home it is.

    Staff must see which KIOSK_HOME they change (the systemd unit's, or their own); the line goes
    to stderr so that ``--json`` on stdout stays machine-readable.
    """
    print(f"KIOSK_HOME: {paths.kiosk_home(home)}", file=sys.stderr)
    return home_config(home, strict=True)


def choose_pack(
    pack_dir: Path | None,
    home: Path,
    config: KioskConfig,
    *,
    passes: SchemaPasses | None = None,
) -> tuple[Pack, str]:
    """The pack to show: ``pack_dir``, else the live installed pack, else the bundled default.

    ``passes``: documents whose schema pass may be skipped (never for ``pack_dir``, an author's
    folder that changes between runs: checked whole every time).

    Returns:
        The pack and a few words on where it came from, for the log.

    Raises:
        PackError: ``pack_dir`` or the bundled pack is not a valid pack.
    """
    from kiosk.content.loader import load_pack
    from kiosk.intake.store import PackStore

    if pack_dir is not None:
        log.warning("showing %s from --pack: an author's folder, not signature-checked", pack_dir)
        folder = load_pack(pack_dir, config.link_hosts, config.hotline_numbers)
        return folder, f"folder {pack_dir}"
    live = PackStore(home).live_pack(config.link_hosts, config.hotline_numbers, passes=passes)
    if live is not None:
        return live, f"installed pack {live.id} {live.version}"
    return bundled_pack(config, passes=passes), "the bundled default pack"


def bundled_pack(config: KioskConfig, *, passes: SchemaPasses | None = None) -> Pack:
    """The pack shipped with the app.

    Raises:
        PackError: it is not a valid pack (a broken build).
    """
    from kiosk.content.loader import load_pack
    from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS
    from kiosk.content.validate import DEFAULT_LINK_HOSTS

    # The app's own pack is the last resort and must always show: a venue's narrower allow-lists
    # guard packs from outside, not the links and numbers we ship.
    hosts = (*DEFAULT_LINK_HOSTS, *config.link_hosts)
    numbers = (*DEFAULT_HOTLINE_NUMBERS, *config.hotline_numbers)
    return load_pack(paths.default_pack_dir(), hosts, numbers, passes=passes)


@dataclass(frozen=True)
class Guarded:
    """The pack ``kiosk run`` starts with under the crash-loop guard.

    Attributes:
        pack: the pack to show.
        origin: a few words on where it came from, for the log.
        ref: the installed pack shown, or None for the bundled one (what the guard counts).
        reason: why this is not the live pack (the guard fell back), else ``""``.
        said: the same for the staff panel (None when the guard did not fall back).
    """

    pack: Pack
    origin: str
    ref: PackRef | None
    reason: str = ""
    said: Message | None = None


def choose_guarded_pack(
    home: Path, config: KioskConfig, guard: CrashGuard, *, passes: SchemaPasses | None = None
) -> Guarded:
    """:func:`choose_pack` for ``kiosk run`` without ``--pack``, asking the crash-loop guard first.

    Raises:
        PackError: the bundled pack is not a valid pack.
    """
    from kiosk.intake.store import PackStore
    from kiosk.intake.trust import PackRef

    store = PackStore(home)
    live = store.live()
    choice = guard.choose(live)
    if choice.ref == live:
        # the live pack, with the store's fallback
        pack, origin = choose_pack(None, home, config, passes=passes)
        ref = None if origin == "the bundled default pack" else PackRef(pack.id, pack.version)
        return Guarded(pack, origin, ref)
    if choice.ref is not None:
        earlier = store.load_installed(
            choice.ref, config.link_hosts, config.hotline_numbers, passes=passes
        )
        if earlier is not None:
            return Guarded(
                earlier, f"installed pack {choice.ref}", choice.ref, choice.reason, choice.said
            )
        reason = f"{choice.reason}; {choice.ref} cannot be loaded either"
        said = Message.of("guardCannotLoad", reason=choice.said or "", pack=str(choice.ref))
        return Guarded(
            bundled_pack(config, passes=passes), "the bundled default pack", None, reason, said
        )
    bundled = bundled_pack(config, passes=passes)
    return Guarded(bundled, "the bundled default pack", None, choice.reason, choice.said)


class AlreadyRunning(Exception):
    """Another ``kiosk run`` holds the home's run lock."""


def hold_run_lock(home: Path) -> int | None:
    """Take ``KIOSK_HOME/.run.lock`` until the descriptor is closed: one kiosk per home.

    Two kiosks on one home would both install from the inbox, both write ``starts.json`` and
    both count the other's start as a crash. ``flock`` is let go by the kernel when the process
    ends however it ends, so a lock left by a dead kiosk never blocks the next one.

    Returns:
        The open descriptor (keep it open), or None where no lock can be taken (no ``flock``
        on this system, a home that cannot be written): the kiosk then runs unguarded rather
        than not at all, and says so.

    Raises:
        AlreadyRunning: a live process holds the lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        log.warning("no run lock on this system: make sure one kiosk runs per KIOSK_HOME")
        return None
    path = Path(home) / RUN_LOCK
    writable = True
    try:
        Path(home).mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            # flock needs no write access: a lock file left by root (or a read-only home)
            # still guards the home; only the pid note for people is left out.
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            writable = False
    except OSError as exc:
        log.warning("cannot take the run lock %s: %s", path, exc.strerror or exc)
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise AlreadyRunning(str(path)) from None
        log.warning("cannot take the run lock %s: %s", path, exc.strerror or exc)
        return None
    if not writable:
        return fd
    with contextlib.suppress(OSError):  # for people: which process holds it
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    return fd
