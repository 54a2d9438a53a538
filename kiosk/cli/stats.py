"""The ``stats`` command (registered by :mod:`kiosk.cli`): the impact counts of this kiosk.

``kiosk stats`` prints a summary: each counter over the last 7 days and all time, then the top
slides and lessons. ``kiosk stats --csv`` prints ``hour,counter,key,n`` and one line per hour and
counter (and key), for a spreadsheet. Both read ``KIOSK_HOME/stats.sqlite3`` read-only (the
running kiosk keeps writing) and say on stderr which KIOSK_HOME they read. What is and is not
counted: docs/operating.md, "Impact counts".
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

from kiosk.common import paths
from kiosk.launch import EXIT_OK, EXIT_REFUSED
from kiosk.ops import stats


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``stats`` to the ``kiosk`` command line."""
    p = sub.add_parser(
        "stats",
        help="impact counts by hour (slides, sessions, lessons; no personal data)",
        description="A summary of the last 7 days and all time, or --csv for a spreadsheet. "
        "Counted by hour, never per person (docs/operating.md: Impact counts).",
    )
    p.add_argument(
        "--csv", action="store_true", help="one line per hour and counter: hour,counter,key,n"
    )
    p.set_defaults(handler=_cmd_stats)


def _cmd_stats(args: argparse.Namespace) -> int:
    home = paths.kiosk_home(Path(args.home) if args.home else None)
    print(f"KIOSK_HOME: {home}", file=sys.stderr)
    path = home / stats.DB_NAME
    try:
        rows = stats.rows(path)
    except sqlite3.Error as exc:
        print(f"{path}: cannot read the counts: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    if args.csv:
        sys.stdout.write(stats.csv_text(rows))
    else:
        sys.stdout.write(stats.summary_text(rows, stats.since_hour(time.time(), 7)))
    return EXIT_OK
