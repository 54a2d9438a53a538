"""The fleet commands: ``kiosk repo init|add|refresh|rotate-root`` and ``kiosk sync``.

Registered by :mod:`kiosk.cli` as :mod:`kiosk.cli.pack` is; nothing imports this module. Both
need the optional ``fleet`` extra (python-tuf), imported only when a command runs, so the
kiosk and its other commands work without it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.common.problems import Problem
from kiosk.content.schema import VENUES
from kiosk.fleet import FleetUnavailable, need_fleet
from kiosk.launch import EXIT_OK, EXIT_REFUSED, home_config, print_problems

if TYPE_CHECKING:  # python-tuf is imported only when a repo command runs
    from kiosk.fleet.repo import Repository

DAYS_HELP = "days each new timestamp is valid (default 7; run refresh more often)"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    repo = sub.add_parser(
        "repo", help="a TUF repository of packs for many kiosks (publishers; needs kiosk[fleet])"
    )
    repo_sub = repo.add_subparsers(dest="repo_command", metavar="COMMAND", required=True)

    init = repo_sub.add_parser("init", help="make a repository folder and its keys")
    init.add_argument("dir", type=Path, metavar="DIR")
    init.add_argument("--timestamp-days", type=float, default=7.0, help=DAYS_HELP)
    init.set_defaults(handler=_cmd_repo_init)

    add = repo_sub.add_parser(
        "add",
        help="add a built .kpack (or a signed .kmsg message); re-sign targets, snapshot, timestamp",
    )
    add.add_argument("dir", type=Path, metavar="DIR")
    add.add_argument("kpack", type=Path, metavar="FILE.kpack|FILE.kmsg")
    add.add_argument(
        "--venue",
        action="append",
        choices=list(VENUES),
        help="a venue the pack is for (repeat it; default: any, i.e. every kiosk)",
    )
    add.add_argument("--timestamp-days", type=float, default=7.0, help=DAYS_HELP)
    add.set_defaults(handler=_cmd_repo_add)

    refresh = repo_sub.add_parser(
        "refresh", help="re-sign the timestamp before it expires (run it daily, e.g. from cron)"
    )
    refresh.add_argument("dir", type=Path, metavar="DIR")
    refresh.add_argument("--timestamp-days", type=float, default=7.0, help=DAYS_HELP)
    refresh.set_defaults(handler=_cmd_repo_refresh)

    rotate = repo_sub.add_parser(
        "rotate-root", help="replace the root key (the new root is signed by the old key too)"
    )
    rotate.add_argument("dir", type=Path, metavar="DIR")
    rotate.set_defaults(handler=_cmd_repo_rotate)

    sync = sub.add_parser("sync", help="fetch the newest pack from a TUF repository now")
    sync.add_argument(
        "--url", help="the repository (https; http only to 127.0.0.1); else kiosk.yaml sync.url"
    )
    sync.add_argument(
        "--trust-root",
        type=Path,
        metavar="FILE",
        help="the repository's 1.root.json, for this kiosk's first sync (stored in KIOSK_HOME)",
    )
    sync.add_argument("--pack", help="the pack id, when the repository offers several")
    sync.set_defaults(handler=_cmd_sync)


def _fleet() -> bool:
    try:
        need_fleet()
    except FleetUnavailable as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return False
    return True


def _repository(args: argparse.Namespace) -> Repository | None:
    """The repository folder a `repo` command names, or None (said why) without python-tuf."""
    if not _fleet():
        return None
    from kiosk.fleet.repo import Repository

    days = getattr(args, "timestamp_days", None)  # rotate-root signs no timestamp
    return Repository(args.dir) if days is None else Repository(args.dir, timestamp_days=days)


def _cmd_repo_init(args: argparse.Namespace) -> int:
    repo = _repository(args)
    if repo is None:
        return EXIT_REFUSED
    root = repo.init()
    print(f"repository made in {repo.folder}")
    print(f"  kiosks trust {root} (give it to each: kiosk sync --url URL --trust-root FILE)")
    print(f"  upload {repo.metadata_dir.name}/ and {repo.targets_dir.name}/ as they are")
    print(
        f"WARNING: the private keys are in {repo.keys_dir}: keep them OFFLINE "
        "(see KEEP-OFFLINE.txt there); never upload that folder",
        file=sys.stderr,
    )
    return EXIT_OK


def _cmd_repo_add(args: argparse.Namespace) -> int:
    repo = _repository(args)
    if repo is None:
        return EXIT_REFUSED
    if args.kpack.suffix.lower() == ".kmsg":  # a signed venue message (kiosk message build)
        message = repo.add_message(args.kpack)
        did = "is in the repository already" if message.unchanged else "added"
        print(f"{message.target} ({message.message_id}) {did}; kiosks fetch it at their next sync")
        return EXIT_OK
    added = repo.add(args.kpack, args.venue or ("any",))
    if added.unchanged:
        print(f"{added.target} is in the repository already: nothing to do")
    else:
        venues = ", ".join(added.venues)
        print(f"added {added.target} ({added.ref}, for {venues}); re-signed targets, snapshot")
        print(f"and timestamp: upload {repo.folder} ({repo.metadata_dir.name}/, targets/)")
    return EXIT_OK


def _cmd_repo_refresh(args: argparse.Namespace) -> int:
    repo = _repository(args)
    if repo is None:
        return EXIT_REFUSED
    roles = repo.refresh()
    print(f"re-signed {', '.join(roles)}; upload {repo.metadata_dir}")
    return EXIT_OK


def _cmd_repo_rotate(args: argparse.Namespace) -> int:
    repo = _repository(args)
    if repo is None:
        return EXIT_REFUSED
    root, kept = repo.rotate_root()
    print(f"new root {root}, signed by the old and the new root key; upload it")
    print(f"the old root key is now {kept}: delete it once every kiosk has synced")
    return EXIT_OK


def _cmd_sync(args: argparse.Namespace) -> int:
    from kiosk.fleet.sync import sync_once

    home, config = home_config(Path(args.home) if args.home else None, strict=True)
    print(f"KIOSK_HOME: {home}", file=sys.stderr)
    settings = config.sync
    url = args.url or (settings.url if settings else None)
    if not url:
        print_problems([Problem("kiosk.yaml", 0, "sync.url", "no --url and no sync.url")])
        return EXIT_REFUSED
    trust_root = args.trust_root
    if trust_root is None and settings is not None and settings.trust_root:
        trust_root = Path(settings.trust_root)
    outcome = sync_once(
        home,
        url,
        trust_root=trust_root,
        venue=config.venue,
        pack_id=args.pack or (settings.pack if settings else None),
        verify=config.verify,
        link_hosts=config.link_hosts,
        hotline_numbers=config.hotline_numbers,
    )
    stream = sys.stdout if outcome.exit_code == EXIT_OK else sys.stderr
    print(f"{outcome.result}: {outcome.reason}", file=stream)
    return outcome.exit_code
