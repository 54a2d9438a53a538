"""A pack id is bound to its first key; a key no longer trusted takes its packs off the screen."""

from __future__ import annotations

import errno
import json
import threading
from pathlib import Path

import pytest

from kiosk.common.problems import PackError
from kiosk.intake import signing
from kiosk.intake.ed25519 import PrivateKey
from kiosk.intake.store import PackRef, PackStore

ONE, TWO, THREE = (PackRef("test-pack", v) for v in ("1.0.0", "2.0.0", "3.0.0"))


def _other_key(store: PackStore, packs, name: str = "other") -> PrivateKey:
    """A second publisher's key, trusted by this kiosk too."""
    _, pub, _ = signing.new_keypair(packs.root / name)
    store.trust(pub)
    return signing.load_private_key(packs.root / f"{name}.key")


def test_another_trusted_key_cannot_replace_a_pack_id(store: PackStore, packs) -> None:
    assert store.install(packs.kpack(packs.folder("1.0.0"))).status == "installed"
    first = signing.key_id(packs.key.public_key())
    assert store.marks().signers == {"test-pack": first}
    other = _other_key(store, packs)
    hijack = packs.kpack(packs.folder("2.0.0"), key=other)
    for origin in ("cli", "inbox", "media"):
        result = store.install(hijack, origin=origin)
        assert result.status == "refused", origin
        assert f"test-pack is bound to key {first}" in result.message
    assert "--rebind-key" in store.install(hijack).message
    assert store.install(hijack, origin="inbox", rebind_key=True).status == "refused"
    assert store.live() == ONE
    # An operator accepts the publisher's new key on purpose.
    rebound = store.install(hijack, rebind_key=True)
    assert rebound.status == "installed"
    new_kid = signing.key_id(other.public_key())
    assert f"test-pack is now bound to key {new_kid}, was {first}" in rebound.message
    last = list(store.journal.entries())[-1]  # the journal keeps who moved it, and to what
    assert new_kid in last["message"]
    assert last["signer"] == new_kid
    assert store.live() == TWO
    assert store.marks().signers == {"test-pack": signing.key_id(other.public_key())}
    saved = json.loads(store.versions_file.read_text())["packs"]["test-pack"]
    assert saved["signer"] == signing.key_id(other.public_key())
    # The old key is now the one refused.
    assert store.install(packs.kpack(packs.folder("3.0.0"))).status == "refused"


def test_packs_installed_before_bindings_are_bound_to_their_key(store: PackStore, packs) -> None:
    store.install(packs.kpack(packs.folder("1.0.0")))
    record = json.loads(store.versions_file.read_text())
    del record["packs"]["test-pack"]["signer"]  # versions.json as an older kiosk wrote it
    store.versions_file.write_text(json.dumps(record))
    other = _other_key(store, packs)
    result = store.install(packs.kpack(packs.folder("2.0.0"), key=other))
    assert result.status == "refused"
    assert "is bound to key" in result.message


def test_untrusting_a_key_takes_its_live_pack_off_the_screen(store: PackStore, packs) -> None:
    store.install(packs.kpack(packs.folder("1.0.0")))
    other = _other_key(store, packs)
    store.install(packs.kpack(packs.folder("2.0.0"), key=other), rebind_key=True)
    assert store.live() == TWO
    store.untrust("other")
    # The newest earlier pack by a key still trusted is live; the revoked one left the history.
    assert store.live() == ONE
    assert store.history() == []
    pack = store.live_pack()
    assert pack is not None
    assert (pack.id, pack.version) == ONE
    with pytest.raises(PackError, match="no longer trusts"):
        store.activate("test-pack", "2.0.0")
    assert store.live() == ONE


def test_untrusting_the_only_key_falls_back_to_the_bundled_pack(store: PackStore, packs) -> None:
    store.install(packs.kpack(packs.folder("1.0.0")))
    store.install(packs.kpack(packs.folder("2.0.0")))
    store.untrust(signing.key_id(packs.key.public_key()))
    assert store.active().builtin
    assert store.live_pack() is None
    assert not store.can_roll_back()
    with pytest.raises(PackError, match="no earlier pack"):
        store.rollback()
    with pytest.raises(PackError, match="no longer trusts"):
        store.activate("test-pack", "1.0.0")
    store.trust(packs.pub)  # trusted again: staff bring it back on purpose
    assert store.activate("test-pack", "2.0.0") == TWO


def test_a_key_file_removed_by_hand_is_noticed(store: PackStore, packs, home: Path) -> None:
    store.install(packs.kpack(packs.folder("1.0.0")))
    store.install(packs.kpack(packs.folder("2.0.0")))
    kid = signing.key_id(packs.key.public_key())
    for path in (home / "keys").glob("*.pub"):
        path.unlink()
    assert store.live() == TWO  # active.json still names it ...
    assert store.revoked_live() == (TWO, kid)  # ... `kiosk status` and the panel warn ...
    assert store.live_pack() is None  # ... and the kiosk does not show it, nor 1.0.0
    # Rollback skips the history by that key and goes back to the bundled pack.
    assert store.rollback() is None
    assert store.active().builtin


def test_the_crash_guard_fallback_never_loads_a_revoked_pack(store: PackStore, packs) -> None:
    store.install(packs.kpack(packs.folder("1.0.0")))
    assert store.load_installed(ONE) is not None
    store.untrust(signing.key_id(packs.key.public_key()))
    assert store.load_installed(ONE) is None  # the guard then shows the bundled pack


@pytest.mark.parametrize("damage", ["damaged", "missing"])
def test_a_pack_whose_signature_cannot_be_read_is_not_shown(
    store: PackStore, packs, damage: str
) -> None:
    store.install(packs.kpack(packs.folder("1.0.0")))
    store.install(packs.kpack(packs.folder("2.0.0")))
    sig = store.pack_dir(TWO) / "MANIFEST.sig"
    if damage == "damaged":
        sig.write_bytes(b"\x00garbage")  # a flaky card, a torn write
    else:
        sig.unlink()
    assert store.untrusted_packs() == {TWO}
    assert store.revoked_live() == (TWO, "?")  # `kiosk status` and the panel warn
    pack = store.live_pack()
    assert pack is not None
    assert (pack.id, pack.version) == ONE
    with pytest.raises(PackError, match="cannot be read"):
        store.activate("test-pack", "2.0.0")


def test_a_pack_installed_with_the_check_off_stays_shown(store: PackStore, packs) -> None:
    folder = packs.folder("1.0.0")
    (folder / "MANIFEST.sig").unlink(missing_ok=True)  # an author's unsigned folder
    assert store.install(folder, verify=False).status == "installed"
    assert store.installed_unverified() == {ONE}
    assert store.untrusted_packs() == set()
    assert store.revoked_live() is None
    assert store.live_pack() is not None


def test_an_untrust_that_cannot_save_active_json_says_so(
    store: PackStore, packs, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.install(packs.kpack(packs.folder("1.0.0")))
    kid = signing.key_id(packs.key.public_key())

    def full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "save_state", full_disk)
    with pytest.raises(PackError, match=r"active\.json could not be saved") as raised:
        store.untrust(kid)
    assert "No space left on device" in str(raised.value.problems[0].message)
    assert store.trusted_keys() == []  # the key is gone all the same ...
    assert store.revoked_live() == (ONE, kid)  # ... and what still names its pack is caught
    assert store.live_pack() is None


def test_trusting_a_key_waits_for_the_store_lock(store: PackStore, packs) -> None:
    _, pub, kid = signing.new_keypair(packs.root / "late")
    key = signing.load_public_key(pub)
    with store.lock():  # an install or an untrust is running
        worker = threading.Thread(target=PackStore(store.home).trust_key, args=(key, str(pub)))
        worker.start()
        worker.join(0.3)
        assert worker.is_alive(), "it must wait for the lock"
        assert not (store.keys_dir / f"{kid}.pub").exists()
    worker.join(10)
    assert (store.keys_dir / f"{kid}.pub").exists()


def test_untrust_names_the_trusted_keys_cleaned(store: PackStore, packs) -> None:
    kid = signing.key_id(packs.key.public_key())
    # A name file written before names were cleaned when stored, or by hand.
    (store.keys_dir / f"{kid}.name").write_text("acme\u202e\nINSTALLED OK", encoding="utf-8")
    with pytest.raises(PackError) as raised:
        store.untrust("nobody")
    message = raised.value.problems[0].message
    assert "\u202e" not in message
    assert "\n" not in message
    assert f"acme INSTALLED OK ({kid})" in message
