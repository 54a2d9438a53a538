"""The command line: ``kiosk COMMAND``, one module per group of commands in this package.

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
from kiosk.common.problems import PackError, os_problem
from kiosk.launch import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, print_problems

log = logging.getLogger("kiosk")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or only ``run``'s when ``command`` is ``run``: the kiosk's start
    then imports none of the other commands' modules (the pack, keys, status, staff and fleet
    commands and what they import) before its first frame."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="A public-venue kiosk that teaches passers-by to notice the signs of child "
        "sex trafficking and how to report them. `kiosk COMMAND --help` for one command.",
        epilog="Exit codes: 0 ok; 1 refused (invalid input, failed verification, an I/O error); "
        "2 usage; 3 the screen could not start.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--home", help="state folder (else $KIOSK_HOME, else the platform's)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    from kiosk.cli import run

    if command == "run":
        run.register(sub)
        return parser

    from kiosk.cli import alerts, fleet, keys, pack, render, say, staff, stats, status

    for commands in (run, render, pack, keys, status, staff, fleet, stats, alerts, say):
        commands.register(sub)
    return parser


def command_word(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first word that is no global option), or None."""
    words = iter(argv)
    for word in words:
        if word == "--home":
            next(words, None)  # its value
        elif word == "--" or not word.startswith("-"):
            return next(words, None) if word == "--" else word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(command_word(argv))
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
# points, as the caller); tests/ops/test_homeowner.py runs each and checks the home is
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
        ("say", None),  # speaks; reads and writes nothing of KIOSK_HOME
        ("pack", None),  # no action: the usage only
        ("keys", None),
        ("staff", None),
        # A publisher's repository folder, never KIOSK_HOME (kiosk.fleet.repo).
        ("repo", "init"),
        ("repo", "add"),
        ("repo", "refresh"),
        ("repo", "rotate-root"),
        ("repo", None),
        # A publisher's message and key, written where -o points (kiosk.alerts.message).
        ("message", "build"),
        ("message", None),
        ("alerts", None),
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
    from kiosk.common import paths
    from kiosk.ops import homeowner

    command = (args.command, getattr(args, f"{args.command}_command", None))
    if not gives_up_root(command) or not hasattr(os, "geteuid"):
        return None
    explicit = bool(args.home or os.environ.get("KIOSK_HOME"))
    step = homeowner.plan(
        os.geteuid(), paths.kiosk_home(Path(args.home) if args.home else None), explicit=explicit
    )
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
