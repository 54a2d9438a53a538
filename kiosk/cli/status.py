"""``kiosk status``: what this kiosk shows, its last install, its trusted keys, its schedule."""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.launch import (
    EXIT_OK,
    choose_pack,
)

if TYPE_CHECKING:
    from kiosk.playback.schedule import Schedule
from kiosk.cli.common import friendly, staff_home_and_config
from kiosk.cli.keys import key_json, key_name


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``status`` command."""
    p = sub.add_parser("status", help="what this kiosk shows, its last install, its trusted keys")
    p.add_argument("--json", action="store_true", help="print as JSON on stdout")
    p.set_defaults(handler=_cmd_status)


@friendly
def _cmd_status(args: argparse.Namespace) -> int:
    from kiosk.intake import trust
    from kiosk.intake.store import PackStore
    from kiosk.ops.crashguard import guard_status
    from kiosk.ops.renderer import describe_record, read_record
    from kiosk.playback.schedule import Schedule, clock_floor, describe_now

    home, config = staff_home_and_config(args)
    store = PackStore(home)
    pack, source = choose_pack(None, home, config)
    bundled = source == "the bundled default pack"
    last = store.last_install()
    installed = store.list_installed()
    keys = store.trusted_keys()
    marks = store.marks()
    revoked = store.revoked_live()
    guard = guard_status(home)
    drawn = read_record(home)  # the renderer of the last start (kiosk.ops.renderer)
    schedule = Schedule.from_settings(config.schedule)
    now = describe_now(schedule, datetime.now(), clock_floor(schedule, pack.version))
    timing = _schedule_and_clock(schedule, pack.version)
    title = pack.title.get(pack.languages[0]) if pack.languages else ""
    if args.json:
        data: dict[str, Any] = {
            "kiosk_home": str(home),
            "live": {
                "id": pack.id,
                "version": pack.version,
                "title": title,
                "review_status": pack.review_status,
                "bundled": bundled,
            },
            "last_install": last,
            "installed_count": len(installed),
            "trusted_keys": [key_json(k) for k in keys],
            "versions": marks.to_json()["packs"],
            "crash_guard": guard.to_json(),
            "staff_pin": _pin_json(home),
            "untrusted_live": (
                {"pack": revoked[0].to_json(), "signer": revoked[1]} if revoked else None
            ),
            "schedule": now,
            "renderer": drawn,
            **timing.to_json(),
        }
        print(json.dumps(data, indent=2))
        return EXIT_OK
    where = "the bundled default pack" if bundled else "installed"
    print(f'live: {pack.id} {pack.version} "{title}" ({where}; review: {pack.review_status})')
    if revoked:
        ref, kid = revoked
        why = (
            "has a signature (MANIFEST.sig) that is missing or cannot be read"
            if kid == trust.UNREADABLE_SIGNER
            else f"is signed by key {kid}, which this kiosk no longer trusts"
        )
        print(
            f"warning: the live pack {ref} {why}: it is not shown "
            f"({pack.id} {pack.version} shows instead)"
        )
    if last:
        print(f"last install ({last.get('origin', '?')}, {last.get('time', '?')}):")
        print(f"  {last.get('message', last.get('status', '?'))}")
    else:
        print("last install: none")
    print(f"installed packs: {len(installed)}")
    print(guard.describe())
    print(describe_record(drawn))
    print(now)
    print(timing.change_line())
    print(timing.clock_line)
    print(_pin_line(home))
    if keys:
        print("trusted keys:")
        for key in keys:
            print(f"  {key_name(key)}  {key.fingerprint}")
    else:
        print("trusted keys: none (every pack from outside is refused)")
    for pack_id, record in marks.to_json()["packs"].items():
        back = ", ".join(record["rolled_back"])
        extra = f"; rolled back from {back}" if back else ""
        extra += f"; bound to key {record['signer']}" if record.get("signer") else ""
        print(f"versions of {pack_id}: highest {record['highest'] or 'none'}{extra}")
    return EXIT_OK


def _pin_json(home: Path) -> dict[str, Any]:
    from kiosk.ops import staff

    policy = staff.pin_policy(home)
    return {
        "set": policy is not None,
        "older_rules": policy is not None and policy < staff.PIN_POLICY,
    }


def _pin_line(home: Path) -> str:
    """Whether a staff PIN is set, and a warning when it was set before 6 digits were asked for."""
    from kiosk.ops import staff

    policy = staff.pin_policy(home)
    if policy is None:
        return "staff PIN: none set (the staff panel cannot open; kiosk staff set-pin)"
    if policy < staff.PIN_POLICY:
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
