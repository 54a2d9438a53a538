"""The staff panel in real QML: what it shows, its actions, and the words it says them in."""

from __future__ import annotations

import json
import logging
import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtQuick import QQuickItem

from kiosk.common.message import Message
from kiosk.intake import signing
from kiosk.intake.store import PackStore
from kiosk.ops import inbox, status
from kiosk.ops.health import Health, SelfCheckResult
from kiosk.render.snapshot import overflowing_texts, settle
from tests import FIXTURES_DIR
from tests.helpers import SceneDriver
from tests.ui.staff_driver import MODE, H, W, mode, panel, spanish_screen, texts, wait_loaded

FIXTURES = FIXTURES_DIR


def _status(s: SceneDriver) -> str:
    return str(s.item("staffStatus").property("text"))


def _idle(qtbot, s: SceneDriver) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not panel(s).property("busy"), timeout=10_000)
    wait_loaded(qtbot, s)


def _signed(tmp_path: Path, into: Path, *, trusted_in: Path | None) -> tuple[Path, Path]:
    """The minimal pack signed by a new key as ``into``/test-pack.kpack; the key trusted in
    ``trusted_in`` when given. Returns the archive and the key's .pub."""
    base = tmp_path / "keys" / "acme"
    base.parent.mkdir(exist_ok=True)
    _, pub, _ = signing.new_keypair(base)
    if trusted_in is not None:
        PackStore(trusted_in).trust(pub)
    into.mkdir(parents=True, exist_ok=True)
    kpack = into / "test-pack.kpack"
    signing.build_signed_archive(
        FIXTURES / "minimal_pack", signing.load_private_key(base.with_suffix(".key")), kpack
    )
    return kpack, pub


def _panel_texts(s: SceneDriver) -> str:
    return "\n".join(texts(s.item("staffPanel")))


def test_an_action_from_the_panel_switches_the_pack(
    qtbot, staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    store = PackStore(home)
    assert store.install(FIXTURES / "minimal_pack", verify=False).ok
    s.scene.staff.open_panel()
    live = s.item("staffLive").property("text")  # on screen: the swap waits for the slide's end
    assert "Signed by: the app itself (bundled, not signed)" in live.splitlines()
    rows = {r.key: r.flag for r in panel(s).packs_model.rows}
    own = s.attract.pack
    assert rows == {f"{own.id} {own.version}": False, "test-pack 1.0.0": True}
    s.click(f"activate-{own.id}-{own.version}")  # taps on the panel reach the panel
    qtbot.waitUntil(lambda: store.active().builtin, timeout=10_000)
    _idle(qtbot, s)
    assert _status(s) == f"The bundled pack {own.id} {own.version} shows from the next slide."
    assert s.attract.pending_pack is not None
    assert s.attract.pending_pack.id == own.id
    assert s.screen() == "attract"


def test_after_an_install_on_screen_names_the_new_pack(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    """ "On screen" still named the old version while the list marked the new one live."""
    s = staff_scene
    _signed(tmp_path, home / "inbox", trusted_in=home)
    s.scene.staff.open_panel()
    wait_loaded(qtbot, s)
    own = s.attract.pack
    assert f" — {own.id} {own.version}\n" in s.item("staffLive").property("text")
    s.click("install-test-pack.kpack")
    qtbot.waitUntil(lambda: PackStore(home).live() == ("test-pack", "1.0.0"), timeout=10_000)
    _idle(qtbot, s)
    assert _status(s) == "Installed test-pack 1.0.0: it shows from the next slide."
    live = s.item("staffLive").property("text").splitlines()
    assert live[0] == "Test pack — test-pack 1.0.0"
    assert live[1] == "test-pack 1.0.0 shows from the next slide"
    key = PackStore(home).trusted_keys()[0]  # stored under its key id, which is then its name
    assert live[2] == f"Signed by: {key.name}"
    assert live[3].replace(" ", "") == key.fingerprint
    rows = {r.key: r.flag for r in panel(s).packs_model.rows}
    assert rows["test-pack 1.0.0"] is True
    s.attract.advance()  # the slide ends: the new pack is on screen (its Spanish slide)
    panel(s).refresh()
    live = s.item("staffLive").property("text").splitlines()
    assert live[0] == "Paquete de prueba — test-pack 1.0.0"
    assert live[1].startswith("Firmado por: ")  # nothing waits for the next slide now


def test_an_outcome_belongs_to_the_opening_that_asked_for_it(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    """ "Key … is no longer trusted" greeted the next opening, beside the key shown trusted."""
    s = staff_scene
    _, pub, kid = signing.new_keypair(tmp_path / "acme")
    PackStore(home).trust(pub)
    s.scene.staff.open_panel()
    s.click(f"untrust-{kid}")
    s.click(f"untrust-{kid}")
    _idle(qtbot, s)
    assert _status(s) == f"Key acme ({kid}) is no longer trusted."
    PackStore(home).trust(pub)  # trusted again from the shell meanwhile
    s.click("staffClose")
    s.scene.staff.open_panel()
    assert panel(s).status is None
    assert _status(s) == "Closes by itself after 60 s untouched."
    assert s.item(f"untrust-{kid}").isVisible()


def test_a_refusal_points_at_the_panels_own_trust_button(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The untrusted-key reason ended "add the publisher's key with: kiosk keys trust
    FILE.pub", beside a Trust… button, for staff who have no shell."""
    s = staff_scene
    _, pub = _signed(tmp_path, home / "inbox", trusted_in=None)
    shutil.copy(pub, home / "inbox" / "acme.pub")
    kid = signing.key_id(signing.load_public_key(pub))
    s.scene.staff.open_panel()
    wait_loaded(qtbot, s)
    with caplog.at_level(logging.INFO):
        s.click("install-test-pack.kpack")
        _idle(qtbot, s)
    assert _status(s) == (
        f"test-pack.kpack was not installed: it is signed by key {kid}, which this kiosk does "
        "not trust. If its publisher gave you that key, use Trust… on its .pub file below."
    )
    assert s.item("trust-acme").isVisible()  # the button the reason points at
    assert "kiosk keys trust" not in _panel_texts(s)
    assert "kiosk keys trust FILE.pub" in caplog.text  # the log and the CLI keep the command


def test_the_sticks_are_looked_at_off_the_gui_thread(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path, monkeypatch
) -> None:
    """refresh() globbed /media on the GUI thread: a slow stick froze the screen."""
    s = staff_scene
    _signed(tmp_path, home / "inbox", trusted_in=home)
    threads: list[threading.Thread] = []
    real = inbox.last_outcomes

    def watched(*args: object, **kwargs: object) -> list[inbox.Outcome]:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(inbox, "last_outcomes", watched)
    s.scene.staff.open_panel()
    wait_loaded(qtbot, s)
    assert threads
    assert all(t is not threading.main_thread() for t in threads)
    assert s.item("install-test-pack.kpack").isVisible()


def test_the_panel_says_everything_in_spanish_on_a_spanish_screen(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    """The installer's refusal reasons, the last error, the crash-loop guard's note, the sync's
    reason and "there is no earlier pack to go back to" stayed English on a Spanish panel."""
    s = staff_scene
    spanish_screen(s)
    home.mkdir(parents=True)
    (home / "sync-status.json").write_text(
        json.dumps(
            {
                "last_attempt": "2026-12-06T10:00:00Z",
                "result": "refused",
                "reason": "the repository's metadata has expired (…)",
                "said": Message.of("syncMetadataExpired").to_json(),
                "timestamp_expires": "2020-01-01T00:00:00Z",
            }
        ),
        encoding="utf-8",
    )
    health = Health(started=0.0)
    health.record(SelfCheckResult(3600.0, "https://x.example", ("https://x.example",)))
    health.last_error = Message.of("loopFrozen", seconds=95)
    bridge = panel(s)
    bridge.kiosk_health = health
    bridge.guard = Message.of(
        "guardShowing",
        pack=Message.of("builtInPack"),
        why=Message.of("guardFailed", pack="acme 2.0.0", times=3),
    )
    _, pub = _signed(tmp_path, home / "inbox", trusted_in=None)
    s.scene.staff.open_panel()
    wait_loaded(qtbot, s)
    shown = _panel_texts(s)
    for spanish in (
        "Tiempo en funcionamiento:",
        "Espacio libre en disco:",
        "Último error: la imagen estuvo detenida durante 95 s, así que el quiosco se reinició",
        "Última autocomprobación: 1970-01-01 01:00 UTC: correcta",
        "Protección contra reinicios repetidos: se muestra el paquete incluido porque acme "
        "2.0.0 no pudo iniciarse 3 veces seguidas",
        "Sincronización de la flota: rechazada a las 2026-12-06T10:00:00Z: los metadatos "
        "firmados del repositorio caducaron",
        "Firmado por: la propia aplicación (incluida, sin firmar)",
        "Revisión: ",
        "En curso: transporte, diapositiva ",
        " (incluido)",
        "test-pack.kpack (carpeta de entrada)\naún sin revisar",
    ):
        assert spanish in shown, (spanish, shown)
    assert s.scene.attract.pack.title.get("es") in shown  # the pack's own texts too
    disk = next(line for line in shown.splitlines() if line.startswith("Espacio libre"))
    assert ",", disk  # numbers the Spanish way
    s.click("install-test-pack.kpack")
    _idle(qtbot, s)
    kid = signing.key_id(signing.load_public_key(pub))
    assert _status(s) == (
        f"test-pack.kpack no se instaló: está firmado con la clave {kid}, en la que este "
        "quiosco no confía. Si quien lo publica le dio esa clave, toque Confiar… junto a su "
        "archivo .pub, más abajo."
    )
    bridge.rollback()  # nothing was ever installed: nowhere to go back to
    _idle(qtbot, s)
    assert _status(s) == "No se pudo completar: no hay un paquete anterior al que volver"
    english = [
        w
        for w in ("Running for", "Memory", "Last error", "Crash-loop", "Fleet sync", "signed by")
        if w in _panel_texts(s)
    ]
    assert not english


def test_the_panel_stays_english_on_an_english_screen(staff_scene: SceneDriver) -> None:
    panel(staff_scene).kiosk_health = Health(started=0.0)
    staff_scene.scene.staff.open_panel()
    shown = _panel_texts(staff_scene)
    for english in ("Running for: ", "Memory: ", "Last self-check: not yet", "the app itself"):
        assert english in shown, (english, shown)


def _offer_key(s: SceneDriver, qtbot, home: Path, tmp_path: Path, name: str) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """A new key's .pub dropped in the inbox as ``name``.pub, its trust question asked on the
    panel. Returns the key's own .pub and the dropped copy."""
    _, pub, _ = signing.new_keypair(tmp_path / "acme")
    (home / "inbox").mkdir(parents=True, exist_ok=True)
    dropped = home / "inbox" / f"{name}.pub"
    shutil.copy(pub, dropped)
    s.scene.staff.open_panel()
    wait_loaded(qtbot, s)
    s.click(f"trust-{name}")
    return pub, dropped


def test_trust_a_key_from_the_drop_folder_after_its_fingerprint(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    s = staff_scene
    pub, _ = _offer_key(s, qtbot, home, tmp_path, "acme")
    fingerprint = s.item("trustFingerprint").property("text")
    key = signing.load_public_key(pub)
    assert fingerprint.split() == status.grouped(signing.trust.key_fingerprint(key)).split()
    assert fingerprint.count("\n") in (1, 3)  # lines of eight groups, or of four where narrow
    s.click("trustYes")
    qtbot.waitUntil(lambda: len(PackStore(home).trusted_keys()) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: len(panel(s).keys_model.rows) == 1, timeout=10_000)
    kid = signing.key_id(key)
    s.click(f"untrust-{kid}")  # the first tap only asks
    assert s.item(f"untrust-{kid}").property("text") == "Confirm: untrust"
    assert len(PackStore(home).trusted_keys()) == 1
    s.click(f"untrust-{kid}")
    qtbot.waitUntil(lambda: not PackStore(home).trusted_keys(), timeout=10_000)


def test_the_key_trusted_is_the_key_whose_fingerprint_was_compared(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path, monkeypatch
) -> None:
    """A stick that swaps the file once it has been read cannot get another key trusted."""
    s = staff_scene
    _, other, _ = signing.new_keypair(tmp_path / "other")
    pub, shown = _offer_key(s, qtbot, home, tmp_path, "acme")
    read = signing.load_public_key

    def read_then_swap(path: Path) -> signing.PublicKey:
        key = read(path)
        if path == shown:
            shutil.copy(other, shown)  # the stick's file changes right after each read
        return key

    monkeypatch.setattr(signing, "load_public_key", read_then_swap)
    s.click("trustYes")
    qtbot.waitUntil(lambda: len(PackStore(home).trusted_keys()) == 1, timeout=10_000)
    trusted = PackStore(home).trusted_keys()[0]
    assert trusted.key_id == signing.key_id(read(pub))
    assert trusted.key_id != signing.key_id(read(other))


def test_a_name_holding_a_placeholder_is_shown_as_it_is(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    """'{keyId}' or '%2' in a key's file name is text, not a place for the key id."""
    s = staff_scene
    pub, _ = _offer_key(s, qtbot, home, tmp_path, "a%2b{keyId}")
    s.click("trustYes")
    kid = signing.key_id(signing.load_public_key(pub))
    _idle(qtbot, s)
    assert _status(s) == f"Key a%2b{{keyId}} ({kid}) is now trusted."


def _all_texts(item: QQuickItem) -> list[QQuickItem]:
    found = [item] if item.inherits("QQuickText") else []
    for child in item.childItems():
        found += _all_texts(child)
    return found


def test_a_key_file_named_with_another_keys_fingerprint_shows_the_real_one_first(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    """The trust dialog showed the stick's file name first and large: a name holding another
    key's fingerprint was read instead of the real one."""
    s = staff_scene
    _, decoy, _ = signing.new_keypair(tmp_path / "decoy")
    fake = status.grouped(signing.trust.key_fingerprint(signing.load_public_key(decoy)))
    _, pub, _ = signing.new_keypair(tmp_path / "acme")
    (home / "inbox").mkdir(parents=True, exist_ok=True)
    shutil.copy(pub, home / "inbox" / f"{fake}.pub")
    s.scene.staff.open_panel()
    wait_loaded(qtbot, s)
    s.click(f"trust-{status.key_file_name(fake)}")
    real = status.grouped(signing.trust.key_fingerprint(signing.load_public_key(pub)))
    dialog = s.item("trustConfirm")
    assert dialog.isVisible()
    shown = [t for t in _all_texts(dialog) if t.isVisible() and t.property("text")]
    first = min(shown, key=lambda t: t.mapToScene(QPointF(0, 0)).y())
    largest = max(shown, key=lambda t: t.property("font").pixelSize())
    assert first.objectName() == largest.objectName() == "trustFingerprint"
    assert first.property("text").split() == real.split()
    # The file's name is there, small and labelled, with the fake fingerprint masked.
    name = s.item("trustFileName")
    assert name.property("font").pixelSize() < largest.property("font").pixelSize()
    assert name.property("text").startswith("File name (not a fingerprint): ")
    seen = " ".join(t.property("text") for t in shown).replace(" ", "")
    assert fake.replace(" ", "")[:8] not in seen


def test_a_failed_action_says_so_without_its_raw_words(
    qtbot,
    staff_scene: SceneDriver,
    home: Path,
    tmp_path: Path,
    monkeypatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    s = staff_scene
    _, pub, kid = signing.new_keypair(tmp_path / "acme")
    PackStore(home).trust(pub)

    def fails(self: PackStore, given: str) -> None:
        raise RuntimeError("disk gone\u202e\nUNTRUSTED OK")  # a name or an OS message

    monkeypatch.setattr(PackStore, "untrust", fails)
    s.scene.staff.open_panel()
    s.click(f"untrust-{kid}")
    with caplog.at_level(logging.INFO):
        s.click(f"untrust-{kid}")
        _idle(qtbot, s)
    assert _status(s) == (
        "That did not work: the reason is in the kiosk's log (logs/kiosk.log on its disk)"
    )
    assert "UNTRUSTED OK" not in _panel_texts(s)
    assert "disk gone" in caplog.text  # the log has it, for whoever reads it
    assert len(PackStore(home).trusted_keys()) == 1


def test_exit_to_desktop_is_a_clean_exit_and_restart_reloads(
    monkeypatch, staff_scene: SceneDriver
) -> None:
    from kiosk.ui.bridges import staff_panel as bridge_module

    s = staff_scene
    codes: list[int] = []
    monkeypatch.setattr(bridge_module.QCoreApplication, "exit", lambda code=0: codes.append(code))
    s.attract.showSlide(3)
    s.scene.staff.open_panel()
    s.click("staffRestart")
    assert mode(s) == MODE.Closed
    assert s.attract.playlist.position == 0  # the show starts again from its first slide
    assert s.attract.pending_pack is None  # swapped at once, not a slide later
    s.scene.staff.open_panel()
    asked = s.item("staffExit").property("text")
    s.click("staffExit")
    assert codes == []  # a stray touch does not leave the kiosk
    assert panel(s).property("exitArmed")
    assert s.item("staffExit").property("text") != asked  # "Confirm: exit to desktop"
    s.click("staffExit")
    assert codes == [0]


def test_rollback_is_offered_only_with_somewhere_to_go(
    qtbot, staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    store = PackStore(home)
    s.scene.staff.open_panel()
    assert not s.item("staffRollback").isVisible()  # the bundled pack shows: nothing earlier
    assert store.install(FIXTURES / "minimal_pack", verify=False).ok
    panel(s).refresh()
    assert s.item("staffRollback").isVisible()
    s.click("staffRollback")  # after the first install: back to the bundled pack
    qtbot.waitUntil(lambda: store.active().builtin, timeout=10_000)
    _idle(qtbot, s)
    assert _status(s).startswith("Rolled back: the bundled pack ")
    assert not s.item("staffRollback").isVisible()


def test_a_live_pack_by_a_key_no_longer_trusted_is_flagged(
    staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    s = staff_scene
    store = PackStore(home)
    kpack, pub = _signed(tmp_path, tmp_path / "out", trusted_in=home)
    kid = signing.key_id(signing.load_public_key(pub))
    assert store.install(kpack).ok
    s.scene.staff.open_panel()
    assert not s.item("staffRevoked").isVisible()
    for path in (home / "keys").glob(f"{kid}.*"):
        path.unlink()  # removed by hand, not with `kiosk keys untrust`
    panel(s).refresh()
    warning = s.item("staffRevoked")
    assert warning.isVisible()
    assert warning.property("text") == (
        f"Warning: the live pack test-pack 1.0.0 is signed by key {kid}, which this kiosk no "
        "longer trusts, so it is not shown."
    )


def test_a_long_panel_pages_and_is_no_overflow(
    staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    s = staff_scene
    store = PackStore(home)
    for n in range(6):
        _, pub, _ = signing.new_keypair(tmp_path / f"k{n}")
        store.trust(pub)
    s.scene.staff.open_panel()
    settle(s.window)
    assert len(panel(s).keys_model.rows) == 6
    assert overflowing_texts(s.window.contentItem(), (W, H)) == []
    flick = s.item("staffFlick")
    assert flick.property("contentHeight") > flick.height()  # it does reach below: it pages
