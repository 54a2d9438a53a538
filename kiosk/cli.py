"""The command line: ``run``, ``snapshot``, ``pack …``, ``keys …`` and ``schema``.

Exit codes: 0 ok; 1 refused (invalid input, failed verification, an I/O error); 2 usage;
3 the screen could not start. Problems go to stderr one per line as ``file:line: field: message``.
No traceback reaches a user for bad input.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import paths
from kiosk.config import KioskConfig, load_config
from kiosk.content.model import Pack
from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS
from kiosk.content.problems import PackError, Problem, os_problem
from kiosk.content.schema import VENUES
from kiosk.content.validate import DEFAULT_LINK_HOSTS
from kiosk.playback.playlist import SlideSeconds

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_SCREEN = 0, 1, 2, 3

log = logging.getLogger("kiosk")


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
    parser.add_argument("--home", help="state folder (else $KIOSK_HOME, else the platform's)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    venues = [v for v in VENUES if v != "any"]

    run = sub.add_parser("run", help="show the kiosk (full screen by default)")
    run.add_argument("--windowed", action="store_true", help="a normal window, for development")
    run.add_argument("--venue", choices=venues, help="play this venue's slides (else kiosk.yaml)")
    run.add_argument("--language", help="language to show (else the pack's first)")
    run.add_argument("--pack", type=Path, help="show this pack folder (authors; not verified)")
    run.add_argument(
        "--slide-seconds",
        type=_slide_seconds,
        help="seconds per slide, or LO-HI for a random time per slide (demos, soak tests)",
    )
    run.add_argument(
        "--poll-seconds",
        type=_poll_seconds,
        default=3.0,
        help="seconds between looks at the inbox and media (default 3; soak tests go faster)",
    )
    run.add_argument("--exit-after", type=float, help="quit cleanly after SECONDS (tests)")
    run.add_argument("--size", type=_size, help="window size WxH with --windowed")
    run.set_defaults(handler=_cmd_run)

    snap = sub.add_parser("snapshot", help="render every screen offscreen to PNG")
    snap.add_argument("--out", type=Path, required=True, help="folder for the PNGs")
    snap.add_argument("--venue", choices=venues)
    snap.add_argument("--language")
    snap.add_argument("--size", type=_size, default=(1920, 1080), help="WxH, default 1920x1080")
    snap.add_argument("--pack", type=Path, help="render this pack folder")
    snap.set_defaults(handler=_cmd_snapshot)

    from kiosk import cli_pack  # pack, keys and schema commands

    cli_pack.register(sub)
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


def print_problems(problems: Sequence[Problem], *, as_json: bool = False) -> None:
    """Problems to stderr one a line, or to stdout as a JSON list."""
    if as_json:
        print(json.dumps([p.to_json() for p in problems], indent=2))
    else:
        for problem in problems:
            print(problem, file=sys.stderr)


def home_config(
    args: argparse.Namespace, *, strict: bool, keep_last_good: bool = False
) -> tuple[Path, KioskConfig]:
    """KIOSK_HOME and its kiosk.yaml.

    Args:
        args: the command line (``--home``).
        strict: refuse a broken file instead of using defaults.
        keep_last_good: ``kiosk run``: keep a copy of a clean file and fall back to it.
    """
    home = paths.kiosk_home(args.home)
    config = load_config(home / "kiosk.yaml", strict=strict, keep_last_good=keep_last_good)
    for problem in config.problems:
        # Each broken key falls back to its default; an unreadable file to the last good one.
        log.warning("kiosk.yaml: %s", problem)
    return home, config


def choose_pack(args: argparse.Namespace, home: Path, config: KioskConfig) -> tuple[Pack, str]:
    """The pack to show: ``--pack``, else the live installed pack, else the bundled default.

    Returns:
        The pack and a few words on where it came from, for the log.
    """
    from kiosk.content.loader import load_pack
    from kiosk.content.store import PackStore

    if args.pack:
        log.warning("showing %s from --pack: an author's folder, not signature-checked", args.pack)
        folder = load_pack(args.pack, config.link_hosts, config.hotline_numbers)
        return folder, f"folder {args.pack}"
    live = PackStore(home).live_pack(config.link_hosts, config.hotline_numbers)
    if live is not None:
        return live, f"installed pack {live.id} {live.version}"
    # The app's own pack is the last resort and must always show: a venue's narrower allow-lists
    # guard packs from outside, not the links and numbers we ship.
    hosts = (*DEFAULT_LINK_HOSTS, *config.link_hosts)
    numbers = (*DEFAULT_HOTLINE_NUMBERS, *config.hotline_numbers)
    return load_pack(paths.default_pack_dir(), hosts, numbers), "the bundled default pack"


def _cmd_run(args: argparse.Namespace) -> int:
    from kiosk.ui.app import run_kiosk

    return run_kiosk(args)


def _cmd_snapshot(args: argparse.Namespace) -> int:
    from kiosk.ui.snapshot import snapshot

    return snapshot(args)
