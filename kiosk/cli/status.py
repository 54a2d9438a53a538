"""``kiosk status``: what this kiosk shows, its last install, its trusted keys, its schedule."""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kiosk.common.message import Message
from kiosk.launch import (
    EXIT_OK,
    choose_pack,
)
from kiosk.ops.staff_panel import review_words
from kiosk.ops.staff_words import word

if TYPE_CHECKING:
    from kiosk.playback.schedule import Schedule
from kiosk.cli.common import friendly, staff_home_and_config


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``status`` command."""
    p = sub.add_parser("status", help="what this kiosk shows, its last install, its trusted keys")
    p.add_argument("--json", action="store_true", help="print as JSON on stdout")
    p.set_defaults(handler=_cmd_status)


@friendly
def _cmd_status(args: argparse.Namespace) -> int:
    from kiosk.intake import trust
    from kiosk.launch import bundled_pack
    from kiosk.ops.renderer import describe_record, read_record
    from kiosk.ops.status import read_status
    from kiosk.playback.schedule import Schedule, clock_floor, describe_now

    home, config = staff_home_and_config(args)
    pack, source = choose_pack(None, home, config)
    bundled = source == "the bundled default pack"
    # One model with the staff panel (kiosk.ops.status): the two cannot disagree.
    status = read_status(home, pack, bundled_pack(config), shown_bundled=bundled)
    live, last, keys, revoked = status.live, status.last_install, status.keys, status.revoked
    drawn = read_record(home)  # the renderer of the last start (kiosk.ops.renderer)
    schedule = Schedule.from_settings(config.schedule)
    now = describe_now(schedule, datetime.now(), clock_floor(schedule, pack.version))
    timing = _schedule_and_clock(schedule, pack.version)
    if args.json:
        data: dict[str, Any] = {
            "kiosk_home": str(home),
            "live": {
                "id": live.id,
                "version": live.version,
                "title": live.title,
                "review_status": live.review_status,
                "bundled": live.bundled,
                "signer": {"kind": live.signer.kind, "name": live.signer.name},
            },
            "last_install": last,
            "installed_count": len(status.installed),
            "trusted_keys": [
                {"name": k.name, "key_id": k.key_id, "fingerprint": k.fingerprint} for k in keys
            ],
            "versions": status.marks.to_json()["packs"],
            "crash_guard": status.guard.to_json(),
            "staff_pin": {"set": status.pin_set, "older_rules": status.pin_older},
            "untrusted_live": (
                {"pack": revoked[0].to_json(), "signer": revoked[1]} if revoked else None
            ),
            "schedule": now,
            "renderer": drawn,
            **timing.to_json(),
        }
        print(json.dumps(data, indent=2))
        return EXIT_OK
    where = "the bundled default pack" if live.bundled else "installed"
    review = review_words(live.review_status)
    said = word(review) if isinstance(review, Message) else review
    print(f'live: {live.id} {live.version} "{live.title}" ({where}; review: {said})')
    if revoked:
        ref, kid = revoked
        why = (
            "has a signature (MANIFEST.sig) that is missing or cannot be read"
            if kid == trust.UNREADABLE_SIGNER
            else f"is signed by key {kid}, which this kiosk no longer trusts"
        )
        print(
            f"warning: the live pack {ref} {why}: it is not shown "
            f"({live.id} {live.version} shows instead)"
        )
    if last:
        print(f"last install ({last.get('origin', '?')}, {last.get('time', '?')}):")
        print(f"  {last.get('message', last.get('status', '?'))}")
    else:
        print("last install: none")
    print(f"installed packs: {len(status.installed)}")
    print(status.guard.describe())
    print(describe_record(drawn))
    print(now)
    print(timing.change_line())
    print(timing.clock_line)
    print(_pin_line(status.pin_set, status.pin_older))
    if keys:
        print("trusted keys:")
        for key in keys:
            print(f"  {key.name}  {key.fingerprint}")
    else:
        print("trusted keys: none (every pack from outside is refused)")
    for pack_id, record in status.marks.to_json()["packs"].items():
        back = ", ".join(record["rolled_back"])
        extra = f"; rolled back from {back}" if back else ""
        extra += f"; bound to key {record['signer']}" if record.get("signer") else ""
        print(f"versions of {pack_id}: highest {record['highest'] or 'none'}{extra}")
    return EXIT_OK


def _pin_line(pin_set: bool, older: bool) -> str:
    """Whether a staff PIN is set, and a warning when it was set before 6 digits were asked for."""
    from kiosk.ops import staff

    if not pin_set:
        return "staff PIN: none set (the staff panel cannot open; kiosk staff set-pin)"
    if older:
        return (
            f"staff PIN: set before {staff.NEW_PIN_MIN} digits were required; it may be short "
            "or easy to guess: set a new one with  kiosk staff set-pin"
        )
    return "staff PIN: set"


@dataclass(frozen=True)
class _Timing:
    """Open or closed now, the next change, and the clock as the running kiosk would judge it."""

    when: datetime
    open: bool
    change: datetime | None
    trusted: bool
    reason: str
    floor: date
    clock_line: str

    def change_line(self) -> str:
        if not self.trusted:
            return "  next change: none while the clock is not trusted (the kiosk stays open)"
        if self.change is None:
            return "  next change: none (open all week)" if self.open else "  next change: none"
        verb = "closes" if self.open else "opens"
        return f"  next change: {verb} {self.change:%a %Y-%m-%d %H:%M}"

    def to_json(self) -> dict[str, Any]:
        trusted = self.trusted
        return {
            "open_now": self.open or not trusted,  # an untrusted clock never closes the kiosk
            "next_change": {
                "at": self.change.isoformat(timespec="minutes"),
                "to": "closed" if self.open else "open",
            }
            if self.change and trusted
            else None,
            "clock": {
                "trusted": trusted,
                "problem": self.reason,
                "now": self.when.isoformat(timespec="seconds"),
                "floor": self.floor.isoformat(),
            },
        }


def _schedule_and_clock(
    schedule: Schedule, pack_version: str, when: datetime | None = None
) -> _Timing:
    """What ``kiosk run`` would decide at this moment, from the same pure rules it uses.

    One reading of the clock: a kiosk just started judges the same way (a jump can only be seen
    by a kiosk that was running before it; the panel's health shows that one).
    """
    from kiosk.playback.schedule import (
        ClockJudge,
        clock_floor,
        describe_clock,
        next_change,
    )

    when = when or datetime.now()
    floor = clock_floor(schedule, pack_version)
    verdict = ClockJudge(floor).observe(when, time.monotonic())
    return _Timing(
        when=when,
        open=schedule.is_open(when),
        change=next_change(schedule, when),
        trusted=verdict.trusted,
        reason=verdict.reason,
        floor=floor,
        clock_line=describe_clock(verdict, when, floor),
    )
