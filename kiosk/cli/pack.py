"""The ``pack`` and ``schema`` commands (registered by :mod:`kiosk.cli`).

``kiosk pack validate|build|fit|install|list|activate|rollback`` and ``kiosk schema``. Staff
commands (those that read or change the installed packs or the trusted keys) first print
``KIOSK_HOME: <path>`` to stderr. Exit codes: 0 ok; 1 refused or an I/O error; 2 usage.
Problems go to stderr one a line as ``file:line: field: message``; a bad input or a full disk
never shows a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.common.problems import PackError, Problem, problem_count
from kiosk.config import KioskConfig
from kiosk.content.words import clean_name, escape_invisible
from kiosk.launch import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_SCREEN,
    EXIT_USAGE,
    print_problems,
)

if TYPE_CHECKING:
    from kiosk.content.model import Pack
from kiosk.cli.common import (
    friendly,
    home_and_config,
    missing,
    staff_home_and_config,
    usage_handler,
)
from kiosk.cli.keys import grouped, key_name


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``pack`` and ``schema`` commands."""
    pack = sub.add_parser("pack", help="validate, build, install and choose content packs")
    pack.set_defaults(handler=usage_handler(pack))
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

    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of pack.yaml (for editors)",
        description=SCHEMA_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(handler=_cmd_schema)


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


@friendly
def _cmd_validate(args: argparse.Namespace) -> int:
    from kiosk.content.loader import load_pack
    from kiosk.content.style import quote_notes
    from kiosk.intake import archive

    home, config = home_and_config(args)
    path: Path = args.path
    problems: list[Problem] = []
    notes: list[Problem] = []
    summary = ""
    signer = ""
    unused: dict[str, int] = {}
    try:
        if path.is_dir():
            pack = load_pack(path, config.link_hosts, config.hotline_numbers)
            notes = _default_number_notes(path, config) + quote_notes(path)
            unused = unused_files_sizes(path, pack)
        elif path.is_file():
            with tempfile.TemporaryDirectory(prefix="kiosk-validate-") as tmp:
                archive.unpack(path, Path(tmp), label=path.name)
                signer = _signer_line(Path(tmp), home)
                pack = load_pack(Path(tmp), config.link_hosts, config.hotline_numbers)
                notes = _default_number_notes(Path(tmp), config) + quote_notes(Path(tmp))
                unused = unused_files_sizes(Path(tmp), pack)
        else:
            raise missing(path)
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
    after = "pack build leaves it out" if path.is_dir() else "pack build would leave it out"
    for name, size in unused.items():  # nor are these: the pack is valid with them
        print(
            f"warning: {escape_invisible(name)} ({size_text(size)}): no slide, lesson or "
            f"publisher uses this file; {after}",
            file=sys.stderr,
        )
    if len(unused) > 1:
        total = size_text(sum(unused.values()))
        print(
            f"warning: {len(unused)} files no slide, lesson or publisher uses, {total} in all",
            file=sys.stderr,
        )
    if problems or args.json:  # a clean pack already said so on stdout
        print(problem_count(problems), file=sys.stderr)
    return EXIT_REFUSED if problems else EXIT_OK


def _signer_line(folder: Path, home: Path) -> str:
    """Who signed the unpacked ``.kpack`` in ``folder``, and whether the kiosk at ``home`` trusts
    that key (its signature checked against it when it does)."""
    from kiosk.intake import signing, trust

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


@friendly
def _cmd_build(args: argparse.Namespace) -> int:
    from kiosk.content.loader import load_pack
    from kiosk.intake import archive, signing

    _, config = home_and_config(args)
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
    # A kiosk carries only what it shows: files no slide or lesson uses stay out of the archive.
    unused = unused_files_sizes(folder, pack)
    files = signing.build_signed_archive(folder, key, out, leave_out=unused)
    # Check what was written the way a kiosk will read it (hidden files were left out).
    with tempfile.TemporaryDirectory(prefix="kiosk-build-") as tmp:
        try:
            archive.unpack(out, Path(tmp), label=out.name)
            load_pack(Path(tmp), config.link_hosts, config.hotline_numbers)
        except PackError:
            out.unlink(missing_ok=True)
            raise
    kid = signing.key_id(key.public_key())
    for name, size in unused.items():
        print(
            f"left out {escape_invisible(name)} ({size_text(size)}): "
            "no slide, lesson or publisher uses it"
        )
    left = f"; left out {len(unused)} unused ({size_text(sum(unused.values()))})" if unused else ""
    print(f"wrote {out}: {pack.id} {pack.version}, {len(files)} files{left}, signed by key {kid}")
    return EXIT_OK


def unused_files_sizes(folder: Path, pack: Pack) -> dict[str, int]:
    """The files of ``folder`` no slide, lesson or publisher uses, with their sizes, by name.

    Hidden files and the signature files are not counted: ``pack build`` leaves them out (or
    writes them anew) anyway. Links and special files are not counted either: ``pack build``
    refuses them.
    """
    from kiosk.content.validate import unused_files
    from kiosk.intake.trust import SIGNED_FILES

    sizes: dict[str, int] = {}
    for base, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(base, name)
            relative = path.relative_to(folder).as_posix()
            if name.startswith(".") or relative in SIGNED_FILES:
                continue
            try:
                info = path.lstat()
            except OSError:  # gone since the listing: nothing to leave out
                continue
            if stat.S_ISREG(info.st_mode):
                sizes[relative] = info.st_size
    return {name: sizes[name] for name in unused_files(pack, sizes)}


def size_text(size: int) -> str:
    """A file size as people read it: ``52.4 MB``, ``3.1 kB``, ``6 bytes``."""
    if size >= 100_000:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1e3:.1f} kB" if size >= 1000 else f"{size} bytes"


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


@friendly
def _cmd_fit(args: argparse.Namespace) -> int:
    from kiosk.content.loader import load_pack
    from kiosk.render.fitcheck import ScreenError, fit_problems

    _, config = home_and_config(args)
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
        print(
            f"{folder}: every text fits at 1920x1080 and 1080x1920, and in accessibility mode"
            " at 1920x1080, 1280x720 and 1080x1920"
        )
    if problems or args.json:
        print(problem_count(problems), file=sys.stderr)
    return EXIT_REFUSED if problems else EXIT_OK


@friendly
def _cmd_install(args: argparse.Namespace) -> int:
    from kiosk.intake.store import PackStore

    home, config = staff_home_and_config(args)
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


@friendly
def _cmd_list(args: argparse.Namespace) -> int:
    from kiosk.intake.store import PackStore

    home, _ = staff_home_and_config(args)
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


@friendly
def _cmd_activate(args: argparse.Namespace) -> int:
    from kiosk.intake.store import PackRef, PackStore
    from kiosk.launch import bundled_pack

    home, config = staff_home_and_config(args)
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


@friendly
def _cmd_rollback(args: argparse.Namespace) -> int:
    from kiosk.intake.store import PackRef, PackStore
    from kiosk.launch import bundled_pack

    home, config = staff_home_and_config(args)
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


def _cmd_schema(args: argparse.Namespace) -> int:
    from kiosk.content.schema import pack_schema

    print(json.dumps(pack_schema(), indent=2))
    return EXIT_OK
