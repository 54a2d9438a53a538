"""``kiosk keys new|trust|untrust|list|show``: the signing keys this kiosk trusts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.words import clean_key_name
from kiosk.launch import (
    EXIT_OK,
)

if TYPE_CHECKING:
    from kiosk.intake.signing import TrustedKey
from kiosk.cli.common import friendly, staff_home_and_config, usage_handler


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``keys`` command."""
    keys = sub.add_parser("keys", help="signing keys: make, trust, untrust, list trusted ones")
    keys.set_defaults(handler=usage_handler(keys))
    ksub = keys.add_subparsers(dest="keys_command", metavar="ACTION")

    p = ksub.add_parser("new", help="write NAME.key (private, keep it safe) and NAME.pub")
    p.add_argument("name", type=Path, metavar="NAME", help="e.g. signing/acme (no suffix)")
    p.set_defaults(handler=_cmd_keys_new)

    p = ksub.add_parser("trust", help="trust packs signed by the key in PUBFILE")
    p.add_argument("pubfile", type=Path, metavar="PUBFILE", help="a NAME.pub file")
    p.set_defaults(handler=_cmd_keys_trust)

    p = ksub.add_parser(
        "untrust",
        help="stop trusting a key; packs it signed stay installed but are no longer shown",
    )
    p.add_argument(
        "key", metavar="KEY", help="its name, key id or fingerprint (as `kiosk keys list` shows)"
    )
    p.set_defaults(handler=_cmd_keys_untrust)

    p = ksub.add_parser("list", help="the keys this kiosk trusts")
    p.add_argument("--json", action="store_true", help="print as JSON on stdout")
    p.set_defaults(handler=_cmd_keys_list)

    p = ksub.add_parser(
        "show", help="print a .pub file's fingerprint, as staff compare it before trusting it"
    )
    p.add_argument("pubfile", type=Path, metavar="PUBFILE", help="a NAME.pub file")
    p.set_defaults(handler=_cmd_keys_show)


@friendly
def _cmd_keys_new(args: argparse.Namespace) -> int:
    from kiosk.intake import signing

    base: Path = args.name
    if base.suffix in (".key", ".pub"):
        base = base.with_suffix("")
    private, public, kid = signing.new_keypair(base)
    print(f"wrote {private} (private: keep it secret, never put it on a kiosk)")
    print(f"wrote {public} (public: on each kiosk run  kiosk keys trust {public.name})")
    print(f"key id {kid}")
    return EXIT_OK


@friendly
def _cmd_keys_trust(args: argparse.Namespace) -> int:
    from kiosk.intake.store import PackStore

    home, _ = staff_home_and_config(args)
    kid = PackStore(home).trust(args.pubfile)
    print(f"trusting key {kid}: packs it signed can now be installed")
    return EXIT_OK


@friendly
def _cmd_keys_list(args: argparse.Namespace) -> int:
    from kiosk.intake.store import PackStore

    home, _ = staff_home_and_config(args)
    keys = PackStore(home).trusted_keys()
    if args.json:
        print(json.dumps([{**key_json(k), "path": str(k.path)} for k in keys], indent=2))
    elif not keys:
        print("no trusted keys: every pack from outside is refused (add one: kiosk keys trust)")
    else:
        for key in keys:
            print(f"{key.key_id}  {key.path}")
            if key.name != key.key_id:
                print(f"  name {key_name(key)}")
            print(f"  fingerprint {key.fingerprint}")
    return EXIT_OK


@friendly
def _cmd_keys_show(args: argparse.Namespace) -> int:
    from kiosk.intake import signing, trust

    key = signing.load_public_key(args.pubfile)
    print(f"{clean_key_name(args.pubfile.name)}: key id {trust.key_id(key)}")
    print(f"fingerprint {grouped(trust.key_fingerprint(key))}")
    print("(staff compare this fingerprint, group by group, before they trust the key)")
    return EXIT_OK


@friendly
def _cmd_keys_untrust(args: argparse.Namespace) -> int:
    from kiosk.intake.store import PackStore

    home, _ = staff_home_and_config(args)
    store = PackStore(home)
    before = store.live()
    key = store.untrust(args.key)
    name = key_name(key)
    print(f"no longer trusting key {key.key_id} ({name}), fingerprint {grouped(key.fingerprint)}")
    print("packs it signed stay installed but are not shown; new ones signed by it are refused")
    after = store.active()
    if before is not None and after.live != before:
        now = after.live or "the bundled pack"
        print(f"{before} was live and signed by it: {now} is live now (the running kiosk shows it")
        print("from its next slide)")
    return EXIT_OK


def key_name(key: TrustedKey) -> str:
    """A trusted key's name as shown beside fingerprints, as the staff panel shows it: its key
    id as it is, or the name it was trusted under, cleaned and with any hex-like run masked (a
    name kept before the masking could pass for another key's fingerprint)."""
    from kiosk.ops.status import key_name as status_key_name

    return status_key_name(key)


def key_json(key: TrustedKey) -> dict[str, str]:
    return {"name": key_name(key), "key_id": key.key_id, "fingerprint": key.fingerprint}


def grouped(fingerprint: str) -> str:
    """A fingerprint in groups of four, as the staff panel's trust dialog shows it."""
    from kiosk.ops.status import grouped as status_grouped

    return status_grouped(fingerprint)
