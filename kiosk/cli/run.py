"""``kiosk run``: the kiosk on its screen, full screen by default."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.common import STRICT_HELP, screen_size
from kiosk.content.schema import VENUES
from kiosk.launch import (
    DEFAULT_POLL_SECONDS,
    EXIT_REFUSED,
    AlreadyRunning,
    RunOptions,
    hold_run_lock,
)

if TYPE_CHECKING:
    from kiosk.playback.playlist import SlideSeconds


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


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``run`` command."""
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
    run.add_argument("--size", type=screen_size, help="window size WxH with --windowed")
    run.set_defaults(handler=_cmd_run)


def _home(args: argparse.Namespace) -> Path | None:
    return Path(args.home) if args.home else None


def _cmd_run(args: argparse.Namespace) -> int:
    from kiosk.common import paths
    from kiosk.ops.logfile import setup_run_logs
    from kiosk.ui.start import open_screen

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
        options = RunOptions(
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
        # The screen first, with the start frame if one fits (kiosk.ui.start); the scene's
        # modules are imported after it is on the screen.
        screen = open_screen(options)
        if isinstance(screen, int):
            return screen
        from kiosk.ui.app import run_kiosk

        return run_kiosk(options, screen)
    finally:
        if lock is not None:
            os.close(lock)  # let go of the lock (the process may go on: tests call main())
