"""Key names kept, fingerprints printed, signers named, bindings and revocation at the CLI."""

from __future__ import annotations

import errno
import json
import re
from pathlib import Path

from kiosk.intake import signing, trust
from kiosk.intake.store import PackStore
from kiosk.ops.status import grouped


def _new_key(run_cli, where: Path, name: str) -> str:
    out = run_cli("keys", "new", where / name)
    assert out.code == 0, out.err
    found = re.search(r"key id ([0-9a-f]{16})", out.out)
    assert found is not None
    return found.group(1)


def test_a_key_keeps_its_name_and_untrust_takes_it(run_cli, home: Path, tmp_path: Path) -> None:
    kid = _new_key(run_cli, tmp_path, "acme")
    assert run_cli("keys", "trust", tmp_path / "acme.pub").code == 0
    assert (home / "keys" / f"{kid}.pub").is_file()
    listed = run_cli("keys", "list")
    assert "name acme" in listed.out
    assert json.loads(run_cli("keys", "list", "--json").out)[0]["name"] == "acme"
    assert "  acme  " in run_cli("status").out
    gone = run_cli("keys", "untrust", "acme")  # by name, as docs/operating.md says
    assert gone.code == 0, gone.err
    assert f"no longer trusting key {kid} (acme)" in gone.out
    assert list((home / "keys").iterdir()) == []  # the name went with the key
    # And by key id.
    assert run_cli("keys", "trust", tmp_path / "acme.pub").code == 0
    assert run_cli("keys", "untrust", kid).code == 0


def test_a_name_from_outside_is_cleaned(run_cli, home: Path, tmp_path: Path) -> None:
    _new_key(run_cli, tmp_path, "base")
    odd = tmp_path / "acme\n2026 fake\u202e.pub"  # (8 digits would read as a key id: dropped)
    odd.write_bytes((tmp_path / "base.pub").read_bytes())
    assert run_cli("keys", "trust", odd).code == 0
    listed = run_cli("keys", "list").out
    name_line = next(line for line in listed.splitlines() if "name " in line)
    assert "\u202e" not in listed
    assert name_line == "  name acme 2026 fake"


def test_keys_show_prints_the_fingerprint_staff_compare(run_cli, tmp_path: Path) -> None:
    kid = _new_key(run_cli, tmp_path, "acme")
    key = signing.load_public_key(tmp_path / "acme.pub")
    shown = run_cli("keys", "show", tmp_path / "acme.pub")
    assert shown.code == 0, shown.err
    assert f"key id {kid}" in shown.out
    # The same groups of four the staff panel's trust dialog shows.
    assert f"fingerprint {grouped(trust.key_fingerprint(key))}" in shown.out
    (tmp_path / "junk.pub").write_text("not a key")
    assert run_cli("keys", "show", tmp_path / "junk.pub").code == 1


def test_validate_names_the_signer_and_whether_it_is_trusted(
    run_cli, packs, tmp_path: Path, fit_skipped: list[Path]
) -> None:
    kid = _new_key(run_cli, tmp_path, "acme")
    kpack = tmp_path / "one.kpack"
    built = run_cli("pack", "build", packs.folder(), "--key", tmp_path / "acme.key", "-o", kpack)
    assert built.code == 0, built.err
    assert len(fit_skipped) == 1
    untrusted = run_cli("pack", "validate", kpack)
    assert untrusted.code == 0, untrusted.err
    assert f"signer: key {kid}; this kiosk" in untrusted.out
    assert "does NOT trust it" in untrusted.out
    run_cli("keys", "trust", tmp_path / "acme.pub")
    trusted = run_cli("pack", "validate", kpack)
    assert f"signer: key {kid} (acme), fingerprint {kid[:4]} " in trusted.out
    assert "trusted by this kiosk" in trusted.out
    as_json = run_cli("pack", "validate", "--json", kpack)
    assert json.loads(as_json.out) == []  # stdout stays JSON; the signer goes to stderr
    assert "signer: key" in as_json.err


def test_rebind_and_a_revoked_live_pack_in_status(run_cli, home: Path, packs, tmp_path) -> None:
    _new_key(run_cli, tmp_path, "acme")
    _new_key(run_cli, tmp_path, "other")
    for name in ("acme", "other"):
        run_cli("keys", "trust", tmp_path / f"{name}.pub")
    acme = signing.load_private_key(tmp_path / "acme.key")
    other = signing.load_private_key(tmp_path / "other.key")
    assert run_cli("pack", "install", packs.kpack(packs.folder("1.0.0"), key=acme)).code == 0
    hijack = packs.kpack(packs.folder("2.0.0"), key=other)
    refused = run_cli("pack", "install", hijack)
    assert refused.code == 1
    assert "is bound to key" in refused.err
    assert "--rebind-key" in refused.err
    assert run_cli("pack", "install", "--rebind-key", hijack).code == 0
    # A key file removed by hand: the live pack's signer is no longer trusted.
    for path in (home / "keys").glob("*"):
        if signing.key_id(signing.load_public_key(tmp_path / "other.pub")) in path.name:
            path.unlink()
    status = run_cli("status")
    assert "warning: the live pack test-pack 2.0.0 is signed by key" in status.out
    assert "no longer trusts" in status.out
    data = json.loads(run_cli("status", "--json").out)
    assert data["untrusted_live"]["pack"] == {"id": "test-pack", "version": "2.0.0"}
    assert data["live"]["version"] == "1.0.0"  # what the kiosk shows instead
    activate = run_cli("pack", "activate", "test-pack", "2.0.0")
    assert activate.code == 1
    assert "no longer trusts" in activate.err


def test_a_name_that_reads_like_a_key_id_is_not_kept(run_cli, home: Path, tmp_path: Path) -> None:
    kid = _new_key(run_cli, tmp_path, "base")
    other = "0123 4567 89ab cdef"  # another key's id, as a file name
    copy = tmp_path / f"{other}.pub"
    copy.write_bytes((tmp_path / "base.pub").read_bytes())
    assert run_cli("keys", "trust", copy).code == 0
    assert json.loads(run_cli("keys", "list", "--json").out)[0]["name"] == kid
    assert trust.key_label("acme 2026", kid) == "acme 2026"
    assert trust.key_label("DEADBEEF:deadbeef:0000:1111", kid) is None
    assert trust.key_label("3f1a-9c2e-8b7c-4d6a-11aa", kid) is None
    assert trust.key_label("3f1\u04309c2\u04358b7\u04414d6\u0430", kid) is None  # Cyrillic
    assert trust.key_label("\uff13\uff46\uff11\uff41\uff19\uff43\uff12\uff45", kid) is None


def test_keys_list_and_show_mask_a_look_alike_name(run_cli, home: Path, tmp_path: Path) -> None:
    kid = _new_key(run_cli, tmp_path, "base")
    look_alike = "3f1\u04309c2\u04358b7\u04414d6\u0430"  # Cyrillic a, ie, es among hex digits
    copy = tmp_path / f"{look_alike}.pub"
    copy.write_bytes((tmp_path / "base.pub").read_bytes())
    shown = run_cli("keys", "show", copy)
    assert shown.code == 0, shown.err
    assert look_alike not in shown.out
    assert shown.out.startswith("#\u2026.pub: key id")
    # A name kept before the masking existed is masked where it is shown.
    assert run_cli("keys", "trust", tmp_path / "base.pub").code == 0
    (home / "keys" / f"{kid}.name").write_text(look_alike, encoding="utf-8")
    listed = run_cli("keys", "list")
    assert look_alike not in listed.out
    assert "  name #\u2026" in listed.out
    assert json.loads(run_cli("keys", "list", "--json").out)[0]["name"] == "#\u2026"


def test_keys_untrust_fails_when_the_pack_stays_named_live(
    run_cli, packs, tmp_path: Path, monkeypatch
) -> None:
    _new_key(run_cli, tmp_path, "acme")
    run_cli("keys", "trust", tmp_path / "acme.pub")
    acme = signing.load_private_key(tmp_path / "acme.key")
    assert run_cli("pack", "install", packs.kpack(packs.folder("1.0.0"), key=acme)).code == 0

    def full_disk(self: object, *args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(PackStore, "save_state", full_disk)
    result = run_cli("keys", "untrust", "acme")
    assert result.code == 1  # never "no longer trusting" and exit 0 while it may still show
    assert "no longer trusting" not in result.out
    assert "active.json could not be saved" in result.err
    assert "No space left on device" in result.err
