"""``kiosk staff set-pin``: the PIN that opens the staff panel."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from kiosk.launch import (
    EXIT_OK,
    EXIT_REFUSED,
)

if TYPE_CHECKING:
    pass
from kiosk.cli.common import friendly, staff_home_and_config, usage_handler


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``staff`` command."""
    staff = sub.add_parser("staff", help="the staff panel's PIN")
    staff.set_defaults(handler=usage_handler(staff))
    ssub = staff.add_subparsers(dest="staff_command", metavar="ACTION")
    p = ssub.add_parser(
        "set-pin",
        help="set the PIN that opens the staff panel: 6-8 digits, not an easy one like 123456 "
        "(asks twice; two lines from stdin if piped)",
    )
    p.set_defaults(handler=_cmd_staff_set_pin)


@friendly
def _cmd_staff_set_pin(args: argparse.Namespace) -> int:
    from kiosk.ops import staff

    home, _config = staff_home_and_config(args)
    if sys.stdin.isatty():
        first = getpass.getpass(
            f"New staff PIN ({staff.NEW_PIN_MIN}-{staff.PIN_MAX} digits, not an easy one): "
        )
        second = getpass.getpass("The same PIN again: ")
    else:  # a script or a test: two lines
        first, second = sys.stdin.readline().strip(), sys.stdin.readline().strip()
    problem = staff.new_pin_problem(first) or (None if first == second else "the two PINs differ")
    if problem:
        print(f"PIN not set: {problem}", file=sys.stderr)
        return EXIT_REFUSED
    staff.save_pin(home, staff.hash_pin(first))
    print(f"staff PIN set (stored as a salted scrypt hash in {staff.pin_file(home)})")
    return EXIT_OK
