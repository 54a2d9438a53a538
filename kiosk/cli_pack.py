"""The ``pack``, ``keys``, ``status`` and ``schema`` commands (registered by :mod:`kiosk.cli`).

``kiosk pack validate|build|install|list|activate|rollback``, ``kiosk keys new|trust|untrust|list``,
``kiosk status`` and ``kiosk schema``. Staff commands (those that read or change the installed packs
or the trusted keys) first print ``KIOSK_HOME: <path>`` to stderr. Exit codes: 0 ok; 1 refused or
an I/O error; 2 usage. Problems go to stderr one a line as ``file:line: field: message``; a bad
input or a full disk never shows a traceback.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import KioskConfig
from kiosk.content.problems import PackError, Problem, os_problem, problem_count
from kiosk.content.words import clean_key_name, clean_name
from kiosk.launch import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_SCREEN,
    EXIT_USAGE,
    choose_pack,
    home_config,
    print_problems,
    staff_home_config,
)

if TYPE_CHECKING:
    from kiosk.content.signing import TrustedKey
    from kiosk.playback.schedule import Schedule

Handler = Callable[[argparse.Namespace], int]

# A line of `pack list` that quotes outside words: long enough for a problem and its file.
SHOWN_LIMIT = 300

SCHEMA_HELP = """\
Print the JSON Schema of pack.yaml (its `slides` and `lessons` items also describe the lists
in slides/*.yaml and lessons/*.yaml).

To get completion and checks in an editor with the YAML language server (VS Code's "YAML"
extension, or yaml-language-server in Neovim/Helix/Emacs):

    kiosk schema > pack.schema.json

then either put this first line in pack.yaml:

    # yaml-language-server: $schema=./pack.schema.json

or map the file in the editor settings, e.g. VS Code settings.json:

    "yaml.schemas": {"./pack.schema.json": ["pack.yaml"]}
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``pack``, ``keys``, ``status`` and ``schema`` to the ``kiosk`` command line."""
    pack = sub.add_parser("pack", help="validate, build, install and choose content packs")
    pack.set_defaults(handler=_usage(pack))
    psub = pack.add_subparsers(dest="pack_command", metavar="ACTION")

    p = psub.add_parser("validate", help="check a pack folder or .kpack; list every problem")
    p.add_argument("path", type=Path, metavar="PATH", help="a pack folder or a .kpack file")
    p.add_argument("--json", action="store_true", help="print the problems as JSON on stdout")
    p.set_defaults(handler=_cmd_validate)

    p = psub.add_parser("build", help="validate a pack folder, then write a signed .kpack")
    p.add_argument("dir", type=Path, metavar="DIR", help="the pack folder (with pack.yaml)")
    p.add_argument("--key", type=Path, required=True, metavar="NAME.key", help="private key")
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT.kpack", help="file to write"
    )
    p.set_defaults(handler=_cmd_build)

    p = psub.add_parser(
        "fit", help="render a pack folder offscreen; list every text that does not fit"
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="the pack folder (with pack.yaml)")
    p.add_argument("--json", action="store_true", help="print the problems as JSON on stdout")
    p.set_defaults(handler=_cmd_fit)

    p = psub.add_parser("install", help="verify a .kpack (or folder), install it and make it live")
    p.add_argument("path", type=Path, metavar="PATH", help="a .kpack file or a pack folder")
    p.add_argument(
        "--allow-downgrade",
        action="store_true",
        help="accept a version below the highest ever installed for its id",
    )
    p.add_argument(
        "--no-verify",
        action="store_true",
        help="skip the signature check (development only; logged as a warning)",
    )
    p.add_argument(
        "--rebind-key",
        action="store_true",
        help="the pack's id was first installed signed by another key, and the publisher really "
        "moved to this pack's key: accept it for this id from now on",
    )
    p.set_defaults(handler=_cmd_install)

    p = psub.add_parser("list", help="installed packs, which one is live, the last install")
    p.add_argument("--json", action="store_true", help="print as JSON on stdout")
    p.set_defaults(handler=_cmd_list)

    p = psub.add_parser(
        "activate", help="make an installed pack live (`activate builtin`: the bundled one)"
    )
    p.add_argument("id", metavar="ID", help="a pack id, or `builtin` for the bundled pack")
    p.add_argument("version", metavar="VERSION", nargs="?", help="needed for an installed pack")
    p.set_defaults(handler=_cmd_activate)

    p = psub.add_parser(
        "rollback",
        help="go back to the previous live pack (after the first install: the bundled one)",
    )
    p.set_defaults(handler=_cmd_rollback)

    keys = sub.add_parser("keys", help="signing keys: make, trust, untrust, list trusted ones")
    keys.set_defaults(handler=_usage(keys))
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

    p = sub.add_parser("status", help="what this kiosk shows, its last install, its trusted keys")
    p.add_argument("--json", action="store_true", help="print as JSON on stdout")
    p.set_defaults(handler=_cmd_status)

    staff = sub.add_parser("staff", help="the staff panel's PIN")
    staff.set_defaults(handler=_usage(staff))
    ssub = staff.add_subparsers(dest="staff_command", metavar="ACTION")
    p = ssub.add_parser(
        "set-pin",
        help="set the PIN that opens the staff panel: 6-8 digits, not an easy one like 123456 "
        "(asks twice; two lines from stdin if piped)",
    )
    p.set_defaults(handler=_cmd_staff_set_pin)

    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of pack.yaml (for editors)",
        description=SCHEMA_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(handler=_cmd_schema)


def _usage(parser: argparse.ArgumentParser) -> Handler:
    def show(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return EXIT_USAGE

    return show


def _home_config(args: argparse.Namespace) -> tuple[Path, KioskConfig]:
    """``--home`` and its kiosk.yaml, refusing a broken file: a command must not guess."""
    return home_config(Path(args.home) if args.home else None, strict=True)


def _staff_home_config(args: argparse.Namespace) -> tuple[Path, KioskConfig]:
    """:func:`_home_config` for a staff command: says ``KIOSK_HOME: <path>`` on stderr first."""
    return staff_home_config(Path(args.home) if args.home else None)


def _friendly(fn: Handler) -> Handler:
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


def _missing(path: Path) -> PackError:
    return PackError([Problem(str(path), 0, "", "there is no such file or folder")])


@_friendly
def _cmd_validate(args: argparse.Namespace) -> int:
    from kiosk.content import archive
    from kiosk.content.loader import load_pack

    home, config = _home_config(args)
    path: Path = args.path
    problems: list[Problem] = []
    notes: list[Problem] = []
    summary = ""
    signer = ""
    try:
        if path.is_dir():
            pack = load_pack(path, config.link_hosts, config.hotline_numbers)
            notes = _default_number_notes(path, config)
        elif path.is_file():
            with tempfile.TemporaryDirectory(prefix="kiosk-validate-") as tmp:
                archive.unpack(path, Path(tmp), label=path.name)
                signer = _signer_line(Path(tmp), home)
                pack = load_pack(Path(tmp), config.link_hosts, config.hotline_numbers)
                notes = _default_number_notes(Path(tmp), config)
        else:
            raise _missing(path)
        summary = (
            f"{path}: valid pack {pack.id} {pack.version} "
            f"({len(pack.slides)} slides, {len(pack.lessons)} lessons, "
            f"languages {', '.join(pack.languages)})"
        )
    except PackError as exc:
        problems = exc.problems
    if args.json:
        print_problems(problems, as_json=True)
    elif problems:
        print_problems(problems)
    else:
        print(summary)
    if signer:  # who signed it, and whether this kiosk would take it (stdout stays JSON)
        print(signer, file=sys.stderr if args.json else sys.stdout)
    for note in notes:  # not a refusal here, so never in the --json list of problems
        print(f"note: {note}", file=sys.stderr)
    if problems or args.json:  # a clean pack already said so on stdout
        print(problem_count(problems), file=sys.stderr)
    return EXIT_REFUSED if problems else EXIT_OK


def _signer_line(folder: Path, home: Path) -> str:
    """Who signed the unpacked ``.kpack`` in ``folder``, and whether the kiosk at ``home`` trusts
    that key (its signature checked against it when it does)."""
    from kiosk.content import signing, trust

    try:
        raw_sig = (folder / trust.SIGNATURE).read_bytes()[:4096]
        manifest = (folder / trust.MANIFEST).read_bytes()
    except OSError:
        return "signer: none: the pack is not signed (a kiosk refuses it)"
    try:
        kid, _ = trust.parse_signature(raw_sig)
    except PackError:
        return "signer: unreadable MANIFEST.sig (a kiosk refuses it)"
    known = signing.trusted_keys(home / "keys").get(kid)
    if known is None:
        return (
            f"signer: key {kid}; this kiosk ({home}) does NOT trust it: an install is refused "
            "(staff compare its fingerprint, see: kiosk keys show FILE.pub, then kiosk keys trust)"
        )
    try:
        trust.check_signature(manifest, raw_sig, {kid: known.key})
    except PackError as exc:
        return f"signer: key {kid}, trusted here, but {exc.problems[0].message}"
    return (
        f"signer: key {kid} ({key_name(known)}), fingerprint {grouped(known.fingerprint)}; "
        f"trusted by this kiosk ({home})"
    )


def _default_number_notes(folder: Path, config: KioskConfig) -> list[Problem]:
    """The numbers of a pack valid here that a kiosk with the default ``hotline_numbers`` refuses.

    Authors often validate on a machine whose kiosk.yaml lists more numbers than the kiosks that
    will receive the pack; they should learn it here, not from a refused install at a venue.
    """
    from kiosk.content.loader import load_pack
    from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS

    if config.hotline_numbers == DEFAULT_HOTLINE_NUMBERS:
        return []  # validated against the default list already
    try:
        load_pack(folder, config.link_hosts, DEFAULT_HOTLINE_NUMBERS)
    except PackError as exc:
        return [
            replace(p, message=f"{p.message}; a kiosk with the default list would refuse this pack")
            for p in exc.problems
        ]
    return []


@_friendly
def _cmd_build(args: argparse.Namespace) -> int:
    from kiosk.content import archive, signing
    from kiosk.content.loader import load_pack

    _, config = _home_config(args)
    folder: Path = args.dir
    out: Path = args.output
    if not folder.is_dir():
        raise PackError([Problem(str(folder), 0, "", "is not a folder (give the pack folder)")])
    if out.resolve().is_relative_to(folder.resolve()):
        raise PackError(
            [Problem(str(out), 0, "", "write the .kpack outside the pack folder, not into it")]
        )
    key = signing.load_private_key(args.key)
    pack = load_pack(folder, config.link_hosts, config.hotline_numbers)
    misfits = _render_check(folder, args.home)
    if misfits:
        print_problems(misfits)
        print(f"{problem_count(misfits)}: no archive written", file=sys.stderr)
        return EXIT_REFUSED
    files = signing.build_signed_archive(folder, key, out)
    # Check what was written the way a kiosk will read it (hidden files were left out).
    with tempfile.TemporaryDirectory(prefix="kiosk-build-") as tmp:
        try:
            archive.unpack(out, Path(tmp), label=out.name)
            load_pack(Path(tmp), config.link_hosts, config.hotline_numbers)
        except PackError:
            out.unlink(missing_ok=True)
            raise
    kid = signing.key_id(key.public_key())
    print(f"wrote {out}: {pack.id} {pack.version}, {len(files)} files, signed by key {kid}")
    return EXIT_OK


def _render_check(folder: Path, home: str | None) -> list[Problem]:
    """Run ``kiosk pack fit`` on ``folder`` in a child process; its problems.

    A child process, so that this command never starts Qt itself (a Qt application is one per
    process, and the pack commands also run inside tests and tools that have their own).
    """
    # In the PyInstaller bundle the executable is kiosk itself.
    frozen = getattr(sys, "frozen", False)
    command = [sys.executable] if frozen else [sys.executable, "-m", "kiosk"]
    command += [*(["--home", home] if home else []), "pack", "fit", "--json", str(folder)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # Our own executable with our own arguments: nothing here comes from outside.
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    try:
        found = json.loads(done.stdout) if done.returncode in (EXIT_OK, EXIT_REFUSED) else None
    except ValueError:
        found = None
    if not isinstance(found, list):
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        reason = f"could not render the pack to check that its text fits ({last})"
        return [Problem(str(folder), 0, "", reason)]
    return [Problem(**p) for p in found]


@_friendly
def _cmd_fit(args: argparse.Namespace) -> int:
    from kiosk.content.loader import load_pack
    from kiosk.ui.fitcheck import ScreenError, fit_problems

    _, config = _home_config(args)
    folder: Path = args.dir
    if not folder.is_dir():
        raise PackError([Problem(str(folder), 0, "", "is not a folder (give the pack folder)")])
    pack = load_pack(folder, config.link_hosts, config.hotline_numbers)
    try:
        problems = fit_problems(pack)
    except ScreenError as exc:
        print(f"{folder}:0: could not render the pack: {exc}", file=sys.stderr)
        return EXIT_SCREEN
    print_problems(problems, as_json=args.json)
    if not problems and not args.json:
        print(f"{folder}: every text fits at 1920x1080 and 1080x1920")
    if problems or args.json:
        print(problem_count(problems), file=sys.stderr)
    return EXIT_REFUSED if problems else EXIT_OK


@_friendly
def _cmd_install(args: argparse.Namespace) -> int:
    from kiosk.content.store import PackStore

    home, config = _staff_home_config(args)
    verify = config.verify and not args.no_verify
    store = PackStore(home)
    result = store.install(
        args.path,
        verify=verify,
        allow_downgrade=args.allow_downgrade,
        link_hosts=config.link_hosts,
        hotline_numbers=config.hotline_numbers,
        origin="cli",
        rebind_key=args.rebind_key,
    )
    if result.status == "refused":
        print(f"{args.path}: not installed; the live pack is unchanged", file=sys.stderr)
        print_problems(result.problems)
        return EXIT_REFUSED
    print(result.message)
    return EXIT_OK


@_friendly
def _cmd_list(args: argparse.Namespace) -> int:
    from kiosk.content.store import PackStore

    home, _ = _staff_home_config(args)
    store = PackStore(home)
    installed = store.list_installed()
    live = store.live()
    builtin = store.active().builtin  # staff chose the bundled pack over the installed ones
    history = store.history()
    last = store.last_install()
    marks = store.marks()
    if args.json:
        data: dict[str, Any] = {
            "live": live.to_json() if live else None,
            "installed": [
                {"id": p.id, "version": p.version, "live": p.live, "path": str(p.path)}
                for p in installed
            ],
            "history": [h.to_json() for h in history],
            "versions": marks.to_json()["packs"],
            "last_install": last,
            "builtin": builtin,
        }
        print(json.dumps(data, indent=2))
        return EXIT_OK
    if builtin:
        print("live: the bundled default pack (chosen: kiosk pack activate builtin)")
    else:
        print(
            f"live: {live}" if live else "live: none installed (showing the bundled default pack)"
        )
    if installed:
        print("installed:")
        for p in installed:
            print(f"  {'*' if p.live else ' '} {p.id} {p.version}{'  (live)' if p.live else ''}")
    if history:
        print("rollback goes back to: " + ", ".join(str(h) for h in reversed(history)))
    for pack_id, top in sorted(marks.highest.items()):
        print(f"{pack_id}: nothing below {top} is installed (except with --allow-downgrade)")
    for pack_id, kid in sorted(marks.signers.items()):
        print(f"{pack_id}: only packs signed by key {kid} are installed (except with --rebind-key)")
    if marks.rolled_back:
        back = ", ".join(str(r) for r in sorted(marks.rolled_back))
        print(f"rolled back from (not taken from the inbox or a stick again): {back}")
    if last:
        print(f"last install ({last.get('origin', '?')}, {last.get('time', '?')}):")
        # The message and problems quote a file's name and names from inside the archive: one
        # clean line each, so a name cannot write lines (or terminal escapes) of its own.
        print(f"  {clean_name(str(last.get('message', last.get('status', '?'))), SHOWN_LIMIT)}")
        for problem in last.get("problems") or []:
            if isinstance(problem, dict):
                print(f"    {clean_name(str(Problem(**problem)), SHOWN_LIMIT)}")
    return EXIT_OK


BUILTIN = "builtin"


@_friendly
def _cmd_activate(args: argparse.Namespace) -> int:
    from kiosk.content.store import PackRef, PackStore
    from kiosk.launch import bundled_pack

    home, config = _staff_home_config(args)
    store = PackStore(home)
    bundled = bundled_pack(config)
    bundled_ref = PackRef(bundled.id, bundled.version)
    asked = PackRef(args.id, args.version or "")
    # The bundled pack, by name or by its id and version when no installed pack has them.
    if args.id == BUILTIN or (asked == bundled_ref and not store.pack_dir(asked).is_dir()):
        store.activate_builtin(bundled_ref)
        print(f"the bundled pack {bundled_ref} is live")
        return EXIT_OK
    if args.version is None:
        print("kiosk pack activate: give ID VERSION, or `builtin`", file=sys.stderr)
        return EXIT_USAGE
    ref = store.activate(
        args.id,
        args.version,
        link_hosts=config.link_hosts,
        hotline_numbers=config.hotline_numbers,
    )
    print(f"{ref} is live")
    return EXIT_OK


@_friendly
def _cmd_staff_set_pin(args: argparse.Namespace) -> int:
    from kiosk.ops import staff

    home, _config = _staff_home_config(args)
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


@_friendly
def _cmd_rollback(args: argparse.Namespace) -> int:
    from kiosk.content.store import PackRef, PackStore
    from kiosk.launch import bundled_pack

    home, config = _staff_home_config(args)
    bundled = bundled_pack(config)
    ref = PackStore(home).rollback(
        link_hosts=config.link_hosts,
        hotline_numbers=config.hotline_numbers,
        bundled=PackRef(bundled.id, bundled.version),
    )
    if ref is None:
        print(f"rolled back: the bundled pack {bundled.id} {bundled.version} is live")
    else:
        print(f"rolled back: {ref} is live")
    return EXIT_OK


@_friendly
def _cmd_keys_new(args: argparse.Namespace) -> int:
    from kiosk.content import signing

    base: Path = args.name
    if base.suffix in (".key", ".pub"):
        base = base.with_suffix("")
    private, public, kid = signing.new_keypair(base)
    print(f"wrote {private} (private: keep it secret, never put it on a kiosk)")
    print(f"wrote {public} (public: on each kiosk run  kiosk keys trust {public.name})")
    print(f"key id {kid}")
    return EXIT_OK


@_friendly
def _cmd_keys_trust(args: argparse.Namespace) -> int:
    from kiosk.content.store import PackStore

    home, _ = _staff_home_config(args)
    kid = PackStore(home).trust(args.pubfile)
    print(f"trusting key {kid}: packs it signed can now be installed")
    return EXIT_OK


@_friendly
def _cmd_keys_list(args: argparse.Namespace) -> int:
    from kiosk.content.store import PackStore

    home, _ = _staff_home_config(args)
    keys = PackStore(home).trusted_keys()
    if args.json:
        print(json.dumps([{**_key_json(k), "path": str(k.path)} for k in keys], indent=2))
    elif not keys:
        print("no trusted keys: every pack from outside is refused (add one: kiosk keys trust)")
    else:
        for key in keys:
            print(f"{key.key_id}  {key.path}")
            if key.name != key.key_id:
                print(f"  name {key_name(key)}")
            print(f"  fingerprint {key.fingerprint}")
    return EXIT_OK


@_friendly
def _cmd_keys_show(args: argparse.Namespace) -> int:
    from kiosk.content import signing, trust

    key = signing.load_public_key(args.pubfile)
    print(f"{clean_key_name(args.pubfile.name)}: key id {trust.key_id(key)}")
    print(f"fingerprint {grouped(trust.key_fingerprint(key))}")
    print("(staff compare this fingerprint, group by group, before they trust the key)")
    return EXIT_OK


@_friendly
def _cmd_keys_untrust(args: argparse.Namespace) -> int:
    from kiosk.content.store import PackStore

    home, _ = _staff_home_config(args)
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
    from kiosk.ops.staff_panel import key_name as panel_key_name

    return panel_key_name(key)


def _key_json(key: TrustedKey) -> dict[str, str]:
    return {"name": key_name(key), "key_id": key.key_id, "fingerprint": key.fingerprint}


def grouped(fingerprint: str) -> str:
    """A fingerprint in groups of four, as the staff panel's trust dialog shows it."""
    from kiosk.ops.staff_panel import grouped as panel_grouped

    return panel_grouped(fingerprint)


@_friendly
def _cmd_status(args: argparse.Namespace) -> int:
    from kiosk.content import trust
    from kiosk.content.store import PackStore
    from kiosk.ops.crashguard import guard_status
    from kiosk.playback.schedule import Schedule, clock_floor, describe_now

    home, config = _staff_home_config(args)
    store = PackStore(home)
    pack, source = choose_pack(None, home, config)
    bundled = source == "the bundled default pack"
    last = store.last_install()
    installed = store.list_installed()
    keys = store.trusted_keys()
    marks = store.marks()
    revoked = store.revoked_live()
    guard = guard_status(home)
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
            "trusted_keys": [_key_json(k) for k in keys],
            "versions": marks.to_json()["packs"],
            "crash_guard": guard.to_json(),
            "staff_pin": _pin_json(home),
            "untrusted_live": (
                {"pack": revoked[0].to_json(), "signer": revoked[1]} if revoked else None
            ),
            "schedule": now,
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


def _cmd_schema(args: argparse.Namespace) -> int:
    from kiosk.content.schema import pack_schema

    print(json.dumps(pack_schema(), indent=2))
    return EXIT_OK
