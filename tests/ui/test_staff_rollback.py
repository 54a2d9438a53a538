# ruff: noqa: F811  # the staff fixtures are imported from test_staff.py and named as parameters
"""The panel's rollback (offered only with somewhere to go) and its revoked-signer warning."""

from __future__ import annotations

from pathlib import Path

from kiosk.intake import signing
from kiosk.intake.store import PackStore
from tests.helpers import SceneDriver
from tests.ui.test_staff import (  # noqa: F401 - the fixtures the staff tests use
    FIXTURES,
    default_pack,
    home,
    staff_scene,
)


def test_rollback_is_offered_only_with_somewhere_to_go(
    qtbot, staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    store = PackStore(home)
    s.scene.staff.open_panel()
    assert not s.item("staffRollback").isVisible()  # the bundled pack shows: nothing earlier
    assert store.install(FIXTURES / "minimal_pack", verify=False).ok
    s.scene.staff.refresh()
    assert s.item("staffRollback").isVisible()
    s.click("staffRollback")  # after the first install: back to the bundled pack
    qtbot.waitUntil(lambda: store.active().builtin, timeout=10_000)
    qtbot.waitUntil(lambda: not s.scene.staff.property("busy"), timeout=10_000)
    assert "bundled pack" in s.scene.staff.property("status")
    assert not s.item("staffRollback").isVisible()


def test_a_live_pack_by_a_key_no_longer_trusted_is_flagged(
    staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    s = staff_scene
    store = PackStore(home)
    _, pub, kid = signing.new_keypair(tmp_path / "acme")
    key = signing.load_private_key(tmp_path / "acme.key")
    store.trust(pub)
    kpack = tmp_path / "one.kpack"
    signing.build_signed_archive(FIXTURES / "minimal_pack", key, kpack)
    assert store.install(kpack).ok
    s.scene.staff.open_panel()
    assert not s.item("staffRevoked").isVisible()
    for path in (home / "keys").glob(f"{kid}.*"):
        path.unlink()  # removed by hand, not with `kiosk keys untrust`
    s.scene.staff.refresh()
    warning = s.item("staffRevoked")
    assert warning.isVisible()
    assert kid in warning.property("text")
    assert "no longer trusts" in warning.property("text")
