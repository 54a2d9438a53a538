"""One status model (kiosk.ops.status) for ``kiosk status`` and the staff panel."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.common.paths import default_pack_dir
from kiosk.content.loader import load_pack
from kiosk.intake.store import PackStore
from kiosk.ops import staff, staff_panel, status
from kiosk.ops.staff_words import word
from tests.packs import Packs


def test_the_cli_and_the_panel_say_the_same_of_one_home(
    run_cli, home: Path, store: PackStore, packs: Packs
) -> None:
    for version in ("1.0.0", "1.1.0"):
        assert store.install(packs.kpack(packs.folder(version))).ok
    staff.save_pin(home, staff.hash_pin("246813"))
    done = run_cli("status", "--json")
    assert done.code == 0, done.err
    printed = json.loads(done.out)
    bundled = load_pack(default_pack_dir())
    live_pack = store.live_pack()
    assert live_pack is not None
    model = status.read_status(home, live_pack, bundled, shown_bundled=False)
    # What the command line prints comes from the model…
    assert printed["live"]["id"] == model.live.id == "test-pack"
    assert printed["live"]["version"] == model.live.version == "1.1.0"
    assert printed["live"]["signer"] == {"kind": "key", "name": model.live.signer.name}
    assert printed["installed_count"] == len(model.installed) == 2
    assert [k["key_id"] for k in printed["trusted_keys"]] == [k.key_id for k in model.keys]
    assert printed["staff_pin"] == {"set": True, "older_rules": False}
    assert printed["crash_guard"] == model.guard.to_json()
    # …and so does what the panel shows of the same home.
    shown = staff_panel.Shown(live_pack, next_slide=False, venue=None, slide="s", language="en")
    view = staff_panel.read_panel(home, shown, bundled)
    assert [r.key for r in view.packs] == [str(p.ref) for p in model.packs]
    assert [r.flag for r in view.packs] == [p.live for p in model.packs]
    assert [r.key for r in view.keys] == [k.key_id for k in model.keys]
    assert word(view.live[0]) == f"{model.live.title} — test-pack 1.1.0"
    assert view.can_roll_back is model.can_roll_back is True


def test_the_signer_of_the_pack_on_screen(home: Path, store: PackStore, packs: Packs) -> None:
    assert store.install(packs.kpack(packs.folder())).ok
    pack = store.live_pack()
    assert pack is not None
    (key,) = store.trusted_keys()
    assert status.signer(store, pack) == status.Signer("key", key.name, key.fingerprint)
    store.untrust(key.key_id)
    assert status.signer(store, pack) == status.Signer("untrusted", key.key_id)
    bundled = load_pack(default_pack_dir())
    shown = status.live_status(store, bundled, bundled=True, language="es")
    assert shown.signer == status.Signer("bundled")
    assert shown.title == bundled.title.get("es")
