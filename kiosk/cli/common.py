"""What the staff and author commands share: the home and its kiosk.yaml, plain OS errors."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.common.problems import PackError, Problem, os_problem
from kiosk.launch import (
    EXIT_REFUSED,
    EXIT_USAGE,
    home_config,
    staff_home_config,
)

if TYPE_CHECKING:
    from kiosk.config import KioskConfig


Handler = Callable[[argparse.Namespace], int]


def usage_handler(parser: argparse.ArgumentParser) -> Handler:
    def show(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return EXIT_USAGE

    return show


def home_and_config(args: argparse.Namespace) -> tuple[Path, KioskConfig]:
    """``--home`` and its kiosk.yaml, refusing a broken file: a command must not guess."""
    return home_config(Path(args.home) if args.home else None, strict=True)


def staff_home_and_config(args: argparse.Namespace) -> tuple[Path, KioskConfig]:
    """:func:`home_and_config` for a staff command: says ``KIOSK_HOME: <path>`` on stderr first."""
    return staff_home_config(Path(args.home) if args.home else None)


def friendly(fn: Handler) -> Handler:
    """Turn an OS error (a missing file, a full disk, no permission) into one clear line."""

    @functools.wraps(fn)
    def run(args: argparse.Namespace) -> int:
        try:
            return fn(args)
        except OSError as exc:
            name = str(exc.filename) if exc.filename else "kiosk"
            print(os_problem(name, exc, "finish"), file=sys.stderr)
            return EXIT_REFUSED

    return run


def missing(path: Path) -> PackError:
    return PackError([Problem(str(path), 0, "", "there is no such file or folder")])


STRICT_HELP = (
    "an unexpected exception in the kiosk's code ends it with exit 1 instead of being "
    "logged (tests, developers; implied by --exit-after)"
)


def screen_size(text: str) -> tuple[int, int]:
    """``WxH`` as ``(W, H)``: an argparse type for ``--size``."""
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (320 <= width <= 7680 and 320 <= height <= 7680):
        raise argparse.ArgumentTypeError(f"{text!r}: each side must be 320..7680 pixels")
    return width, height
