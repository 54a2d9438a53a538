"""kiosk pack|keys|schema on the command line: output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import re
import stat
import zipfile
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.content.schema import pack_schema

PROBLEM_LINE = re.compile(r"^[^:]+:\d+: .+$")


def test_validate_a_good_folder_and_kpack(run_cli, packs) -> None:
    folder = packs.folder()
    result = run_cli("pack", "validate", folder)
    assert result.code == 0, result.err
    assert "valid pack test-pack 1.0.0 (1 slides, 1 lessons" in result.out
    result = run_cli("pack", "validate", packs.kpack(folder))
    assert result.code == 0, result.err
    result = run_cli("pack", "validate", "--json", folder)
    assert (result.code, json.loads(result.out)) == (0, [])


def test_validate_lists_every_problem_at_once(run_cli, packs) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", "venues: [any]", "venues: [airport]")
    packs.replace(folder, "pack.yaml", "seconds: 8", "seconds: 8\n    colour: red")
    packs.replace(folder, "lessons/basics.yaml", "minutes: 1", "minutes: 99")
    result = run_cli("pack", "validate", folder)
    assert result.code == 1
    *lines, summary = result.err.strip().splitlines()
    assert len(lines) == 3
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    assert summary == "3 problems in 2 files"
    assert any(line.startswith("lessons/basics.yaml:4: [0].minutes:") for line in lines)
    assert any("'airport' is not one of" in line for line in lines)
    assert any("unknown field 'colour'" in line for line in lines)


def test_validate_json(run_cli, packs) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", "image: images/dot.svg", "image: images/gone.svg")
    result = run_cli("pack", "validate", "--json", folder)
    assert result.code == 1
    problems = json.loads(result.out)
    assert problems == [
        {
            "file": "pack.yaml",
            "line": 27,
            "field": "slides[0].image",
            "message": "file 'images/gone.svg' is missing from the pack",
        }
    ]


def test_validate_a_missing_path(run_cli, tmp_path: Path) -> None:
    result = run_cli("pack", "validate", tmp_path / "nope")
    assert result.code == 1
    assert result.err.strip().splitlines()[-2:] == [
        f"{tmp_path / 'nope'}:0: there is no such file or folder",
        "1 problem in 1 file",
    ]


def test_build_install_list_activate_rollback(
    run_cli, packs, tmp_path: Path, home, fit_skipped: list[Path]
) -> None:
    out = run_cli("keys", "new", tmp_path / "acme")
    assert out.code == 0, out.err
    assert stat.S_IMODE((tmp_path / "acme.key").stat().st_mode) == 0o600
    kid = re.search(r"key id ([0-9a-f]{16})", out.out).group(1)

    one, two = tmp_path / "one.kpack", tmp_path / "two.kpack"
    result = run_cli(
        "pack", "build", packs.folder("1.0.0"), "--key", tmp_path / "acme.key", "-o", one
    )
    assert result.code == 0, result.err
    assert f"signed by key {kid}" in result.out
    assert {"MANIFEST", "MANIFEST.sig", "pack.yaml"} <= set(zipfile.ZipFile(one).namelist())
    assert (
        run_cli(
            "pack", "build", packs.folder("2.0.0"), "--key", tmp_path / "acme.key", "-o", two
        ).code
        == 0
    )
    assert len(fit_skipped) == 2  # each build asked whether its text fits

    refused = run_cli("pack", "install", one)
    assert refused.code == 1
    assert "the live pack is unchanged" in refused.err
    assert "does not trust" in refused.err

    assert run_cli("keys", "trust", tmp_path / "acme.pub").code == 0
    listed = run_cli("keys", "list", "--json")
    assert [k["key_id"] for k in json.loads(listed.out)] == [kid]

    assert run_cli("pack", "install", one).code == 0
    again = run_cli("pack", "install", one)
    assert again.code == 0
    assert "nothing to do" in again.out
    assert run_cli("pack", "install", two).code == 0

    data = json.loads(run_cli("pack", "list", "--json").out)
    assert data["live"] == {"id": "test-pack", "version": "2.0.0"}
    assert [(p["version"], p["live"]) for p in data["installed"]] == [
        ("1.0.0", False),
        ("2.0.0", True),
    ]
    assert data["last_install"]["status"] == "installed"
    text = run_cli("pack", "list").out
    assert "live: test-pack 2.0.0" in text
    assert "* test-pack 2.0.0  (live)" in text

    assert run_cli("pack", "install", one).code == 1  # older: refused
    rolled = run_cli("pack", "rollback")
    assert rolled.code == 0
    assert "test-pack 1.0.0 is live" in rolled.out
    to_bundled = run_cli("pack", "rollback")  # what showed before the first install
    assert to_bundled.code == 0, to_bundled.err
    assert "rolled back: the bundled pack" in to_bundled.out
    nothing = run_cli("pack", "rollback")
    assert nothing.code == 1
    assert "no earlier pack" in nothing.err
    assert run_cli("pack", "activate", "test-pack", "2.0.0").code == 0
    missing = run_cli("pack", "activate", "test-pack", "7.0.0")
    assert missing.code == 1
    assert "is not installed" in missing.err


def test_build_refuses_an_invalid_pack_and_writes_nothing(run_cli, packs, tmp_path) -> None:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", "id: test-pack", "id: Not An Id")
    out = tmp_path / "x.kpack"
    result = run_cli("pack", "build", folder, "--key", packs.root / "author.key", "-o", out)
    assert result.code == 1
    assert "pack.yaml:2: id:" in result.err
    assert not out.exists()


def test_build_refuses_output_inside_the_pack(run_cli, packs) -> None:
    folder = packs.folder()
    result = run_cli(
        "pack", "build", folder, "--key", packs.root / "author.key", "-o", folder / "x.kpack"
    )
    assert result.code == 1
    assert "outside the pack folder" in result.err


def test_build_with_a_public_key_instead_of_a_private_one(run_cli, packs, tmp_path) -> None:
    result = run_cli("pack", "build", packs.folder(), "--key", packs.pub, "-o", tmp_path / "x")
    assert result.code == 1
    assert "not an Ed25519 private key" in result.err


def test_keys_new_refuses_to_overwrite(run_cli, tmp_path: Path) -> None:
    assert run_cli("keys", "new", tmp_path / "k").code == 0
    before = (tmp_path / "k.key").read_bytes()
    result = run_cli("keys", "new", tmp_path / "k.key")
    assert result.code == 1
    assert "not overwriting" in result.err
    assert (tmp_path / "k.key").read_bytes() == before


def test_keys_new_in_a_missing_folder_is_one_clear_line(run_cli, tmp_path: Path) -> None:
    result = run_cli("keys", "new", tmp_path / "no" / "such" / "k")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "could not write the key files" in result.err


def test_keys_list_empty(run_cli) -> None:
    result = run_cli("keys", "list")
    assert result.code == 0
    assert "no trusted keys" in result.out


def test_schema_is_json(run_cli) -> None:
    result = run_cli("schema")
    assert result.code == 0
    assert json.loads(result.out) == pack_schema()


@pytest.mark.parametrize(
    "args",
    [("pack",), ("keys",), ("pack", "install"), ("pack", "frobnicate"), ("pack", "list", "-x")],
)
def test_usage_errors_exit_2(run_cli, args) -> None:
    assert run_cli(*args).code == 2


def test_a_broken_kiosk_yaml_refuses(run_cli, home: Path, packs) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "kiosk.yaml").write_text("venue: moon\n")
    result = run_cli("pack", "install", packs.kpack(packs.folder()))
    assert result.code == 1
    assert "kiosk.yaml:1: venue:" in result.err


def test_install_honours_kiosk_yaml_link_hosts(run_cli, home: Path, store, packs) -> None:
    (home / "kiosk.yaml").write_text("link_hosts: [example.org]\n")
    result = run_cli("pack", "install", packs.kpack(packs.folder()))
    assert result.code == 1
    assert "not on this kiosk's allow-list" in result.err


def test_list_shows_a_refused_inbox_install(run_cli, store, packs) -> None:
    bad = packs.root / "bad.kpack"
    bad.write_bytes(b"garbage")
    store.install(bad, origin="inbox")
    text = run_cli("pack", "list").out
    assert "live: none installed" in text
    assert "last install (inbox," in text
    assert "not a zip archive" in text


def test_list_never_lets_a_file_name_write_lines(run_cli, store, packs) -> None:
    """A name with newlines and a terminal escape wrote lines of its own in `pack list`."""
    bad = packs.root / "x\ninstalled: us-awareness 9.9 (live)\x1b[2J.kpack"
    bad.write_bytes(b"garbage")
    store.install(bad, origin="inbox")
    text = run_cli("pack", "list").out
    assert "\x1b" not in text
    assert not any(line.startswith("installed: us-awareness") for line in text.splitlines())
    assert "x installed: us-awareness 9.9 (live)[2J.kpack" in text


def test_an_io_error_is_one_line(
    run_cli, packs, tmp_path: Path, monkeypatch, fit_skipped: list[Path]
) -> None:
    from kiosk.intake import signing

    def boom(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "out.kpack"))

    monkeypatch.setattr(signing, "build_signed_archive", boom)
    result = run_cli(
        "pack", "build", packs.folder(), "--key", packs.root / "author.key", "-o", tmp_path / "o"
    )
    assert result.code == 1
    assert result.err.strip() == f"{tmp_path / 'out.kpack'}:0: could not finish: permission denied"


@pytest.mark.parametrize("text", ["", "# settings come later\n"])
def test_staff_commands_work_with_an_empty_kiosk_yaml(
    run_cli, home: Path, store, packs, text: str
) -> None:
    """Issue 13, case 7: each of these said "expected object, got NoneType" and exited 1."""
    (home / "kiosk.yaml").write_text(text)
    assert run_cli("keys", "list").code == 0
    assert run_cli("pack", "list").code == 0
    for version in ("1.0.0", "2.0.0"):
        result = run_cli("pack", "install", packs.kpack(packs.folder(version)))
        assert result.code == 0, result.err
    result = run_cli("pack", "rollback")
    assert (result.code, result.out) == (0, "rolled back: test-pack 1.0.0 is live\n"), result.err
    assert "NoneType" not in result.err


def test_a_huge_kiosk_yaml_is_one_clear_line(run_cli, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    with (home / "kiosk.yaml").open("wb") as out:
        out.truncate(400_000_000)
    result = run_cli("pack", "list")
    assert result.code == 1
    assert result.err == (
        f"KIOSK_HOME: {home.resolve()}\n"
        "kiosk.yaml:0: file is 400,000,000 bytes; the limit is 1,000,000\n"
    )


def _other_number(packs) -> Path:
    folder = packs.folder()
    packs.replace(folder, "pack.yaml", 'number: "1-800-843-5678"', 'number: "1-866-347-2423"')
    packs.replace(folder, "pack.yaml", 'display: "1-800-THE-LOST"', 'display: "1-866-347-2423"')
    return folder


def test_install_honours_kiosk_yaml_hotline_numbers(run_cli, home: Path, store, packs) -> None:
    folder = _other_number(packs)
    result = run_cli("pack", "install", packs.kpack(folder))
    assert result.code == 1
    assert "pack.yaml:10: hotlines[0].number: number '1-866-347-2423' is not on" in result.err
    (home / "kiosk.yaml").write_text('hotline_numbers: ["911", "1-866-347-2423"]\n')
    assert run_cli("pack", "install", packs.kpack(folder)).code == 0
    (home / "kiosk.yaml").write_text('hotline_numbers: ["911"]\n')
    result = run_cli("pack", "install", packs.kpack(packs.folder("2.0.0")))
    assert result.code == 1
    assert "number '1-800-843-5678' is not on" in result.err


def test_validate_notes_a_number_the_default_list_refuses(run_cli, home: Path, packs) -> None:
    """An author whose kiosk.yaml allows more numbers learns what a default kiosk would say."""
    folder = _other_number(packs)
    assert run_cli("pack", "validate", folder).code == 1  # the default list, on this machine too
    home.mkdir(parents=True, exist_ok=True)
    (home / "kiosk.yaml").write_text('hotline_numbers: ["1-800-843-5678", "1-866-347-2423"]\n')
    for args in ((folder,), (packs.kpack(folder),), ("--json", folder)):
        result = run_cli("pack", "validate", *args)
        assert result.code == 0, result.err
        assert result.err == (
            "note: pack.yaml:10: hotlines[0].number: number '1-866-347-2423' is not on this "
            "kiosk's list (kiosk.yaml hotline_numbers); a kiosk with the default list would "
            "refuse this pack\n" + ("No problems\n" if args[0] == "--json" else "")
        )
    assert json.loads(result.out) == []
    assert run_cli("pack", "validate", packs.folder()).err == ""  # on both lists: no note


def test_version_is_the_package_version(run_cli) -> None:
    result = run_cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"kiosk {__version__}"


def test_list_shows_the_marks_and_allow_downgrade_passes_them(run_cli, store, packs) -> None:
    two, one = packs.kpack(packs.folder("2.0.0")), packs.kpack(packs.folder("1.0.0"))
    assert run_cli("pack", "install", two).code == 0
    refused = run_cli("pack", "install", one)
    assert refused.code == 1
    assert "older than 2.0.0, the highest installed" in refused.err
    assert run_cli("pack", "install", one, "--allow-downgrade").code == 0
    assert run_cli("pack", "activate", "test-pack", "2.0.0").code == 0
    assert run_cli("pack", "rollback").code == 0
    text = run_cli("pack", "list").out
    assert "test-pack: nothing below 2.0.0 is installed" in text
    assert "rolled back from (not taken from the inbox or a stick again): test-pack 2.0.0" in text
    data = json.loads(run_cli("pack", "list", "--json").out)
    assert data["versions"] == {
        "test-pack": {"highest": "2.0.0", "rolled_back": ["2.0.0"], "signer": _key_id(packs)}
    }


STAFF_COMMANDS = [
    ("pack", "list"),
    ("pack", "list", "--json"),
    ("pack", "rollback"),
    ("pack", "activate", "test-pack", "1.0.0"),
    ("pack", "install", "missing.kpack"),
    ("keys", "list", "--json"),
    ("keys", "trust", "missing.pub"),
    ("keys", "untrust", "nobody"),
    ("status",),
    ("status", "--json"),
]


@pytest.mark.parametrize("args", STAFF_COMMANDS)
def test_every_staff_command_says_which_home_first(run_cli, home: Path, args) -> None:
    """Issue 16: staff see which KIOSK_HOME they read or changed, on stderr (stdout stays JSON)."""
    result = run_cli(*args)
    assert result.err.splitlines()[0] == f"KIOSK_HOME: {home.resolve()}"
    assert "KIOSK_HOME" not in result.out or args == ("status", "--json")


def test_authoring_commands_do_not_name_a_home(run_cli, packs) -> None:
    assert run_cli("pack", "validate", packs.folder()).err == ""


def _key_id(packs) -> str:
    from kiosk.intake import signing

    return signing.key_id(signing.load_public_key(packs.pub))


def test_keys_untrust_by_id_then_installs_are_refused(run_cli, home: Path, store, packs) -> None:
    assert run_cli("pack", "install", packs.kpack(packs.folder("1.0.0"))).code == 0
    kid = _key_id(packs)
    listed = json.loads(run_cli("keys", "list", "--json").out)
    # Named after the file it was trusted from (author.pub), as `keys new author` wrote it.
    assert [(k["key_id"], k["name"], k["fingerprint"][:16]) for k in listed] == [
        (kid, "author", kid)
    ]

    result = run_cli("keys", "untrust", kid)
    assert result.code == 0, result.err
    assert f"no longer trusting key {kid}" in result.out
    assert "stay installed but are not shown" in result.out
    assert "test-pack 1.0.0 was live and signed by it: the bundled pack is live now" in result.out
    assert list((home / "keys").glob("*.pub")) == []
    assert json.loads(run_cli("keys", "list", "--json").out) == []

    listed = json.loads(run_cli("pack", "list", "--json").out)
    # Still installed, but no longer shown: the bundled pack is live.
    assert listed["live"] is None
    assert listed["builtin"]
    assert [p["version"] for p in listed["installed"]] == ["1.0.0"]
    refused = run_cli("pack", "install", packs.kpack(packs.folder("2.0.0")))
    assert refused.code == 1
    assert "does not trust" in refused.err


def test_keys_untrust_by_fingerprint_or_name(run_cli, home: Path, store, packs) -> None:
    fingerprint = json.loads(run_cli("keys", "list", "--json").out)[0]["fingerprint"]
    assert len(fingerprint) == 64
    assert run_cli("keys", "untrust", fingerprint[:8]).code == 1  # too short to be a choice
    assert run_cli("keys", "untrust", fingerprint.upper()).code == 0
    assert not list((home / "keys").glob("*.pub"))

    (home / "keys" / "acme.pub").write_bytes(packs.pub.read_bytes())  # placed by hand
    text = run_cli("keys", "list").out
    assert "name acme" in text
    assert f"fingerprint {fingerprint}" in text
    result = run_cli("keys", "untrust", "acme")
    assert result.code == 0, result.err
    assert "(acme)" in result.out
    assert not (home / "keys" / "acme.pub").exists()


def test_keys_untrust_removes_every_copy_of_the_key(run_cli, home: Path, store, packs) -> None:
    (home / "keys" / "copy.pub").write_bytes(packs.pub.read_bytes())
    assert run_cli("keys", "untrust", _key_id(packs)).code == 0
    assert not list((home / "keys").glob("*.pub"))


def test_keys_untrust_an_unknown_key_is_one_clear_line(run_cli, home: Path, store, packs) -> None:
    result = run_cli("keys", "untrust", "0123456789abcdef")
    assert result.code == 1
    lines = result.err.splitlines()
    assert len(lines) == 2  # KIOSK_HOME, then the problem
    assert "no trusted key is named '0123456789abcdef'" in lines[1]
    assert _key_id(packs) in lines[1]  # the keys there are
    assert len(list((home / "keys").glob("*.pub"))) == 1


def test_status_with_nothing_installed(run_cli, home: Path) -> None:
    result = run_cli("status")
    assert result.code == 0, result.err
    assert "(the bundled default pack; review:" in result.out
    assert "last install: none" in result.out
    assert "installed packs: 0" in result.out
    assert "trusted keys: none" in result.out
    data = json.loads(run_cli("status", "--json").out)
    assert data["kiosk_home"] == str(home.resolve())
    assert data["live"]["bundled"] is True
    assert data["installed_count"] == 0
    assert (data["last_install"], data["trusted_keys"], data["versions"]) == (None, [], {})


def test_status_after_installs_and_a_rollback(run_cli, home: Path, store, packs) -> None:
    for version in ("1.0.0", "2.0.0"):
        assert run_cli("pack", "install", packs.kpack(packs.folder(version))).code == 0
    assert run_cli("pack", "rollback").code == 0
    kid = _key_id(packs)

    result = run_cli("status", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    live = data["live"]
    assert (live["id"], live["version"], live["bundled"]) == ("test-pack", "1.0.0", False)
    assert live["title"]
    assert live["review_status"]
    assert data["installed_count"] == 2
    assert data["last_install"]["status"] == "installed"
    assert [(k["name"], k["fingerprint"][:16]) for k in data["trusted_keys"]] == [("author", kid)]
    assert data["versions"] == {
        "test-pack": {"highest": "2.0.0", "rolled_back": ["2.0.0"], "signer": _key_id(packs)}
    }

    text = run_cli("status").out
    assert "live: test-pack 1.0.0" in text
    assert live["review_status"] == "draft"  # the field's value in JSON, its words in text
    assert "(installed; review: draft (not reviewed))" in text
    assert "installed packs: 2" in text
    assert f"  author  {data['trusted_keys'][0]['fingerprint']}" in text
    assert "versions of test-pack: highest 2.0.0; rolled back from 2.0.0" in text


def test_activate_the_bundled_pack_and_come_back(run_cli, packs, store, home) -> None:
    assert store.install(packs.kpack(packs.folder("1.0.0")), origin="cli").ok
    done = run_cli("pack", "activate", "builtin")
    assert done.code == 0, done.err
    assert "KIOSK_HOME:" in done.err
    assert "the bundled pack us-awareness" in done.out
    active = json.loads((home / "active.json").read_text())
    assert active["live"] is None
    assert active["builtin"] is True
    assert store.live_pack() is None  # the kiosk shows the bundled pack, not the history's
    listed = run_cli("pack", "list")
    assert "live: the bundled default pack (chosen: kiosk pack activate builtin)" in listed.out
    assert json.loads(run_cli("pack", "list", "--json").out)["builtin"] is True
    # Rollback returns to the pack that was live before; so does activating it.
    assert run_cli("pack", "rollback").code == 0
    assert store.live() == ("test-pack", "1.0.0")
    bundled = json.loads(run_cli("pack", "list", "--json").out)
    assert bundled["live"] == {"id": "test-pack", "version": "1.0.0"}
    # The bundled pack's own id and version name it too (nothing installed has them).
    from kiosk.common import paths
    from kiosk.content.loader import load_pack

    own = load_pack(paths.default_pack_dir())
    assert run_cli("pack", "activate", own.id, own.version).code == 0
    assert store.active().builtin
    assert run_cli("pack", "activate", "test-pack").code == 2  # no version: usage


def test_staff_set_pin_from_two_lines(run_cli, home, monkeypatch) -> None:
    import io

    from kiosk.ops import staff

    monkeypatch.setattr("sys.stdin", io.StringIO("246813\n246812\n"))
    differ = run_cli("staff", "set-pin")
    assert differ.code == 1
    assert "the two PINs differ" in differ.err
    assert staff.load_pin(home) is None
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n12\n"))
    assert "4 to 8 digits" in run_cli("staff", "set-pin").err


@pytest.mark.parametrize(
    ("pin", "why"),
    [("2468", "at least 6 digits"), ("123456", "digits in a row"), ("121212", "pattern")],
)
def test_staff_set_pin_refuses_weak_pins(run_cli, home, monkeypatch, pin: str, why: str) -> None:
    import io

    from kiosk.ops import staff

    monkeypatch.setattr("sys.stdin", io.StringIO(f"{pin}\n{pin}\n"))
    done = run_cli("staff", "set-pin")
    assert done.code == 1
    assert why in done.err
    assert staff.load_pin(home) is None


def test_status_warns_about_a_pin_set_before_six_digits(run_cli, home) -> None:
    from kiosk.ops import staff

    assert "staff PIN: none set" in run_cli("status").out
    staff.pin_file(home).write_text(json.dumps({"pin": staff.hash_pin("2468").to_json()}))
    out = run_cli("status").out
    assert "staff PIN: set before 6 digits were required" in out
    staff.save_pin(home, staff.hash_pin("735194"))
    assert "staff PIN: set" in run_cli("status").out
    assert "before 6 digits" not in run_cli("status").out
