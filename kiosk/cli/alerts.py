"""``kiosk alerts check`` and ``kiosk message build``: AMBER Alerts and signed venue messages.

``kiosk alerts check SOURCE... [--area CODE]`` reads CAP documents, Atom feeds of them and
``.kmsg`` venue messages (files, or https URLs) as the running kiosk would, in the order given
(so a Cancel after its Alert removes it), and prints one line per message:
``<identifier>: shown`` or ``<identifier>: refused: <kind>: <why>``. The rules are this home's
(kiosk.yaml ``alerts``; ``--area`` replaces its areas), and so is the clock's trust. Exit 0 when
at least one would show, 1 when none would.

``kiosk message build FILE.yaml --key KEY -o FILE.kmsg`` checks a venue message and signs it
(:mod:`kiosk.alerts.message`); a kiosk shows it when it trusts the key.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from kiosk.cli.common import friendly, home_and_config, usage_handler
from kiosk.launch import EXIT_OK, EXIT_REFUSED, EXIT_USAGE


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``alerts`` and ``message`` commands."""
    alerts = sub.add_parser(
        "alerts", help="AMBER Alerts (CAP 1.2): check sources as the kiosk would"
    )
    alerts.set_defaults(handler=usage_handler(alerts))
    actions = alerts.add_subparsers(dest="alerts_command", metavar="ACTION")
    p = actions.add_parser(
        "check",
        help="read CAP documents, Atom feeds or .kmsg messages; say what would show and why not",
        description="Read each SOURCE (a file, or an https URL; http only to 127.0.0.1) in order, "
        "as the running kiosk would, and print one line per message: IDENTIFIER: shown, or "
        "IDENTIFIER: refused: KIND: WHY. Exit 0 when at least one would show, else 1.",
    )
    p.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="a .xml, .atom or .kmsg file, or a URL"
    )
    p.add_argument(
        "--area",
        action="append",
        metavar="CODE",
        help="the venue's county code, six digits (SAME, e.g. 006037); repeat for more. "
        "Default: kiosk.yaml alerts.areas",
    )
    p.set_defaults(handler=_cmd_check)

    messages = sub.add_parser("message", help="signed venue messages for kiosks with no feed")
    messages.set_defaults(handler=usage_handler(messages))
    actions = messages.add_subparsers(dest="message_command", metavar="ACTION")
    p = actions.add_parser(
        "build",
        help="check FILE.yaml (and its photo) and sign it into a .kmsg",
        description="Check a venue message (README, 'Alerts') and sign it with KEY, as packs "
        "are signed; kiosks that trust the key show it in its window.",
    )
    p.add_argument("file", type=Path, metavar="FILE.yaml", help="the message, beside its photo")
    p.add_argument("--key", type=Path, required=True, metavar="KEY", help="a NAME.key file")
    p.add_argument("-o", "--out", type=Path, required=True, metavar="FILE.kmsg")
    p.set_defaults(handler=_cmd_build)


def _is_url(source: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", source) is not None


@friendly
def _cmd_check(args: argparse.Namespace) -> int:
    from kiosk.alerts import cap, message
    from kiosk.alerts.cap import Ref, normal_area_code
    from kiosk.alerts.decide import Board, Moment, Rules
    from kiosk.alerts.fetch import fetch, hosts_of
    from kiosk.alerts.poll import Sources, notice_from_message
    from kiosk.alerts.reasons import Refusal, Refused
    from kiosk.config import AlertsSettings
    from kiosk.content import files
    from kiosk.content.words import clean_name
    from kiosk.intake.signing import trusted_keys
    from kiosk.playback.schedule import ClockJudge, Schedule, clock_floor

    home, config = home_and_config(args)
    print(f"KIOSK_HOME: {home}", file=sys.stderr)
    settings = config.alerts or AlertsSettings()
    areas = [normal_area_code(a) for a in args.area] if args.area else list(settings.areas)
    if not areas or not all(areas):
        print(
            "give the venue's county code: --area 006037 (six digits), or kiosk.yaml alerts.areas",
            file=sys.stderr,
        )
        return EXIT_USAGE
    rules = Rules(frozenset(areas), settings.events)
    wall, mono = datetime.now().astimezone(), time.monotonic()
    verdict = ClockJudge(clock_floor(Schedule.from_settings(config.schedule), "")).observe(
        wall, mono
    )
    moment = Moment(wall.astimezone(UTC), mono, verdict.trusted)
    if not verdict.trusted:
        print(f"the clock is not trusted: {verdict.reason}", file=sys.stderr)
    urls = [s for s in args.sources if _is_url(s)]
    sources = Sources(settings.feeds, rules, home=None, extra_hosts=hosts_of(urls))
    keys = {k.key_id: k.key for k in trusted_keys(home / "keys").values()}
    board = Board()
    lines: list[tuple[Ref | None, str]] = []  # a message judged, or a source that failed whole

    for source in args.sources:
        label = clean_name(source, 120)
        try:
            if _is_url(source):
                raw = fetch(source, allowed=sources.allowed, limit=cap.MAX_FEED_BYTES)
            elif source.lower().endswith(message.SUFFIX):
                with files.open_plain_file(Path(source), follow_symlinks=True) as fh:
                    venue = message.read(fh, label, keys)
                notice = notice_from_message(venue)
                board, _ = board.take(notice, moment)
                lines.append((notice.ref, ""))
                continue
            else:
                with files.open_plain_file(Path(source), follow_symlinks=True) as fh:
                    raw = fh.read(cap.MAX_FEED_BYTES + 1)
            _, entries = cap.parse(raw, label=label)
        except Refused as exc:
            lines.append((None, f"{label}: refused: {exc.refusal}"))
            continue
        except OSError as exc:
            why = Refusal("unreadable", clean_name(exc.strerror or str(exc), 120))
            lines.append((None, f"{label}: refused: {why}"))
            continue
        board, judged = sources.read_entries(board, source, entries, moment)
        lines.extend((ref, "") for ref in judged)

    shown = 0
    seen: set[Ref] = set()
    for ref, text in lines:
        if ref is None:
            print(text)
            continue
        if ref in seen:
            continue
        seen.add(ref)
        state = board.state(ref, moment)
        shown += state is None
        print(
            f"{ref.identifier}: shown" if state is None else f"{ref.identifier}: refused: {state}"
        )
    return EXIT_OK if shown else EXIT_REFUSED


@friendly
def _cmd_build(args: argparse.Namespace) -> int:
    from kiosk.alerts import message
    from kiosk.intake.signing import load_private_key

    venue = message.build(args.file, load_private_key(args.key), args.out)
    languages = ", ".join(code for code, _ in venue.texts)
    start = venue.start.isoformat(timespec="minutes")
    end = venue.end.isoformat(timespec="minutes")
    print(
        f"wrote {args.out}: message {venue.id} ({languages}), {start} to {end}, "
        f"signed by key {venue.signer}"
    )
    return EXIT_OK
