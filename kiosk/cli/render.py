"""``kiosk snapshot`` and ``kiosk preview``: the offline tools that draw the scene for people."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.common import STRICT_HELP, screen_size
from kiosk.common.problems import PackError, Problem
from kiosk.content.schema import VENUES
from kiosk.launch import PreviewOptions, SnapshotOptions


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``snapshot`` and ``preview`` commands."""
    venues = [v for v in VENUES if v != "any"]

    snap = sub.add_parser("snapshot", help="render every screen offscreen to PNG")
    snap.add_argument("--out", type=Path, required=True, help="folder for the PNGs")
    snap.add_argument("--venue", choices=venues)
    snap.add_argument("--language")
    snap.add_argument(
        "--size", type=screen_size, default=(1920, 1080), help="WxH, default 1920x1080"
    )
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
    preview.add_argument(
        "--size", type=screen_size, default=(1280, 720), help="WxH, default 1280x720"
    )
    preview.add_argument("--exit-after", type=float, help="quit cleanly after SECONDS (tests)")
    preview.add_argument("--strict", action="store_true", help=STRICT_HELP)
    preview.set_defaults(handler=_cmd_preview)


def _home(args: argparse.Namespace) -> Path | None:
    return Path(args.home) if args.home else None


def _cmd_snapshot(args: argparse.Namespace) -> int:
    from kiosk.render.snapshot import snapshot

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
    from kiosk.render.preview import run_preview

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
