"""The command line: ``run``, ``snapshot``, ``pack …``, ``keys …`` and ``schema``.

A leaf that nothing imports: it parses arguments into the option dataclasses of
:mod:`kiosk.launch` and hands them down. Exit codes: 0 ok; 1 refused (invalid input, failed
verification, an I/O error); 2 usage; 3 the screen could not start. Problems go to stderr one per
line as ``file:line: field: message``. No traceback reaches a user for bad input.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.content.problems import PackError, Problem, os_problem
from kiosk.content.schema import VENUES
from kiosk.launch import (
    DEFAULT_POLL_SECONDS,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    AlreadyRunning,
    PreviewOptions,
    RunOptions,
    SnapshotOptions,
    hold_run_lock,
    print_problems,
)
from kiosk.playback.playlist import SlideSeconds

log = logging.getLogger("kiosk")


STRICT_HELP = (
    "an unexpected exception in the kiosk's code ends it with exit 1 instead of being "
    "logged (tests, developers; implied by --exit-after)"
)


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (320 <= width <= 7680 and 320 <= height <= 7680):
        raise argparse.ArgumentTypeError(f"{text!r}: each side must be 320..7680 pixels")
    return width, height


def _slide_seconds(text: str) -> SlideSeconds:
    """``S`` seconds per slide, or ``LO-HI`` for a random duration per slide (soak tests)."""
    try:
        values = tuple(float(v) for v in text.split("-", 1)) if text[:1] != "-" else (-1.0,)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not seconds (e.g. 10) or a range (e.g. 0.05-0.2)"
        ) from None
    if not all(0.05 <= v <= 600 for v in values) or values != tuple(sorted(values)):
        raise argparse.ArgumentTypeError("seconds per slide must be 0.05..600 (LO-HI: LO <= HI)")
    return values[0] if len(values) == 1 else (values[0], values[1])


def _poll_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0.1 <= value <= 600:
        raise argparse.ArgumentTypeError("seconds between inbox polls must be 0.1..600")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--home", help="state folder (else $KIOSK_HOME, else the platform's)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    venues = [v for v in VENUES if v != "any"]

    run = sub.add_parser("run", help="show the kiosk (full screen by default)")
    run.add_argument("--windowed", action="store_true", help="a normal window, for development")
    run.add_argument("--venue", choices=venues, help="play this venue's slides (else kiosk.yaml)")
    run.add_argument(
        "--language", help="show only this language (else kiosk.yaml's or the pack's, alternating)"
    )
    run.add_argument("--pack", type=Path, help="show this pack folder (authors; not verified)")
    run.add_argument(
        "--slide-seconds",
        type=_slide_seconds,
        help="seconds per slide, or LO-HI for a random time per slide (demos, soak tests)",
    )
    run.add_argument(
        "--poll-seconds",
        type=_poll_seconds,
        default=DEFAULT_POLL_SECONDS,
        help="seconds between looks at the inbox and media (default 3; soak tests go faster)",
    )
    run.add_argument("--exit-after", type=float, help="quit cleanly after SECONDS (tests)")
    run.add_argument("--strict", action="store_true", help=STRICT_HELP)
    run.add_argument("--size", type=_size, help="window size WxH with --windowed")
    run.set_defaults(handler=_cmd_run)

    snap = sub.add_parser("snapshot", help="render every screen offscreen to PNG")
    snap.add_argument("--out", type=Path, required=True, help="folder for the PNGs")
    snap.add_argument("--venue", choices=venues)
    snap.add_argument("--language")
    snap.add_argument("--size", type=_size, default=(1920, 1080), help="WxH, default 1920x1080")
    snap.add_argument("--pack", type=Path, help="render this pack folder")
    snap.add_argument(
        "--accessible",
        action="store_true",
        help="render touch mode in accessibility mode (large text, high contrast)",
    )
    snap.set_defaults(handler=_cmd_snapshot)

    preview = sub.add_parser(
        "preview", help="show a pack folder in a window; it reloads when a file is saved"
    )
    preview.add_argument("dir", type=Path, metavar="DIR", help="the pack folder (with pack.yaml)")
    preview.add_argument("--venue", choices=venues)
    preview.add_argument("--language")
    preview.add_argument("--size", type=_size, default=(1280, 720), help="WxH, default 1280x720")
    preview.add_argument("--exit-after", type=float, help="quit cleanly after SECONDS (tests)")
    preview.add_argument("--strict", action="store_true", help=STRICT_HELP)
    preview.set_defaults(handler=_cmd_preview)

    from kiosk import cli_pack  # pack, keys and schema commands

    cli_pack.register(sub)
    from kiosk import cli_fleet  # repo and sync (TUF; the `fleet` extra, imported when run)

    cli_fleet.register(sub)
    from kiosk import cli_stats  # impact counts

    cli_stats.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    refused = _act_as_home_owner(args)
    if refused is not None:
        return refused
    try:
        return int(args.handler(args))
    except PackError as exc:
        print_problems(exc.problems)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_REFUSED
    except BrokenPipeError:  # e.g. `kiosk schema | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # an I/O error no command turned into a problem: one clear line
        print(os_problem(getattr(exc, "filename", None) or "kiosk", exc, "finish"), file=sys.stderr)
        return EXIT_REFUSED


# The only commands that may go on as root on another user's home: none of them creates anything
# in KIOSK_HOME (they read at most its kiosk.yaml and keys/, and write only where the caller
# points, as the caller); tests/unit/test_homeowner.py runs each and checks the home is
# untouched. Every other command, including one added later, gives up root first: `snapshot`
# and `preview` open the store too (`.lock`, packs/, inbox/, logs/...).
HOMELESS_COMMANDS = frozenset(
    {
        ("pack", "validate"),
        ("pack", "build"),
        ("pack", "fit"),
        ("keys", "new"),
        ("keys", "show"),
        ("schema", None),
        ("pack", None),  # no action: the usage only
        ("keys", None),
        ("staff", None),
        # A publisher's repository folder, never KIOSK_HOME (kiosk.fleet.repo).
        ("repo", "init"),
        ("repo", "add"),
        ("repo", "refresh"),
        ("repo", "rotate-root"),
        ("repo", None),
    }
)

# The commands that show the kiosk: root may run its own on root's own default home.
SHOW_COMMANDS = frozenset({("run", None), ("snapshot", None), ("preview", None)})


def gives_up_root(command: tuple[str, str | None]) -> bool:
    """Whether ``command`` (the command and its action) must act as the home's owner when run
    as root; anything not known to leave the home untouched does."""
    return command not in HOMELESS_COMMANDS


def _act_as_home_owner(args: argparse.Namespace) -> int | None:
    """Run as root on another user's home: become that user first (:mod:`kiosk.ops.homeowner`).

    Returns:
        None to go on, else the exit code (the home was not named, or root could not be left).
    """
    from kiosk import paths
    from kiosk.ops import homeowner

    command = (args.command, getattr(args, f"{args.command}_command", None))
    if not gives_up_root(command) or not hasattr(os, "geteuid"):
        return None
    explicit = bool(args.home or os.environ.get("KIOSK_HOME"))
    step = homeowner.plan(os.geteuid(), paths.kiosk_home(_home(args)), explicit=explicit)
    if isinstance(step, homeowner.Refuse):
        if command in SHOW_COMMANDS:
            return None  # root's own kiosk on root's own default home: nothing to protect
        print(step.reason, file=sys.stderr)
        return EXIT_REFUSED
    if step is None:
        return None
    print(step.describe(), file=sys.stderr)
    try:
        homeowner.act_as(step)
    except OSError as exc:  # going on as root would leave files the kiosk cannot use
        print(f"kiosk: cannot act as uid {step.uid}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_REFUSED
    return None


def _home(args: argparse.Namespace) -> Path | None:
    return Path(args.home) if args.home else None


def _cmd_run(args: argparse.Namespace) -> int:
    from kiosk import paths
    from kiosk.ops.logfile import setup_run_logs
    from kiosk.ui.app import run_kiosk

    home = paths.kiosk_home(_home(args))
    try:
        lock = hold_run_lock(home)  # held while the kiosk runs
    except AlreadyRunning as exc:
        print(
            f"kiosk: another kiosk is already running on {home} (it holds {exc}); "
            "stop it first (systemctl stop kiosk) or give another --home",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    try:
        # Also KIOSK_HOME/logs/kiosk.log and security.log, rotated by size (stderr only when
        # they cannot be written), with quoted words escaped and floods summed up
        # (kiosk/ops/logfile.py). Not for `preview` or the other commands: an author or a staff
        # member reads their terminal.
        setup_run_logs(home)
        return run_kiosk(
            RunOptions(
                home=_home(args),
                pack=args.pack,
                venue=args.venue,
                language=args.language,
                windowed=args.windowed,
                size=args.size,
                slide_seconds=args.slide_seconds,
                poll_seconds=args.poll_seconds,
                exit_after=args.exit_after,
                strict=args.strict,
            )
        )
    finally:
        if lock is not None:
            os.close(lock)  # let go of the lock (the process may go on: tests call main())


def _cmd_snapshot(args: argparse.Namespace) -> int:
    from kiosk.ui.snapshot import snapshot

    return snapshot(
        SnapshotOptions(
            home=_home(args),
            pack=args.pack,
            venue=args.venue,
            language=args.language,
            out=args.out,
            size=args.size,
            accessible=args.accessible,
        )
    )


def _cmd_preview(args: argparse.Namespace) -> int:
    from kiosk.ui.preview import run_preview

    if not args.dir.is_dir():
        raise PackError([Problem(str(args.dir), 0, "", "is not a folder (give the pack folder)")])
    return run_preview(
        args.dir,
        PreviewOptions(
            home=_home(args),
            venue=args.venue,
            language=args.language,
            size=args.size,
            exit_after=args.exit_after,
            strict=args.strict,
        ),
    )
