"""The staff layer in real QML: gesture → keypad → panel → action, the chord, auto-close, notice."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPointingDevice
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.common import paths
from kiosk.config import KioskConfig
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.intake import signing
from kiosk.intake.store import PackStore
from kiosk.ops import staff, staff_panel
from kiosk.platform.watcher import PackWatcher
from kiosk.ui.app import Scene, load_fonts
from kiosk.ui.staff_bridge import SET_PIN_HINT, StaffBridge
from tests.helpers import ManualClock, SceneDriver

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PIN = "2468"
W, H = 1920, 1080
MODE = StaffBridge.Mode


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def staff_scene(qapp, qtbot, home: Path, default_pack: Pack) -> Iterator[SceneDriver]:
    load_fonts()
    clock = ManualClock(1000.0)
    scene = Scene(
        default_pack, venue="transit", animate=False, clock=clock, home=home, config=KioskConfig()
    )
    warnings: list[str] = []
    scene.engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
    scene.window.resize(W, H)
    scene.window.show()
    qtbot.waitExposed(scene.window)
    scene.attract.start()
    driver = SceneDriver(scene, clock, warnings)
    yield driver
    scene.staff.stop()
    driver.close()
    assert not warnings, warnings


@pytest.fixture(scope="module")
def default_pack() -> Pack:
    return load_pack(paths.default_pack_dir())


def _mode(s: SceneDriver) -> int:
    return int(s.scene.staff.property("mode"))


def _gesture(s: SceneDriver) -> None:
    window = s.window
    left, no_mod = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(window, left, no_mod, QPoint(10, 10))
    s.clock.advance(3.2)
    QTest.mouseRelease(window, left, no_mod, QPoint(10, 10))
    for x, y in ((W - 10, 10), (W - 10, H - 10), (10, H - 10)):
        s.clock.advance(0.5)
        QTest.mouseClick(window, left, no_mod, QPoint(x, y))


def _type_pin(s: SceneDriver, pin: str) -> None:
    for digit in pin:
        s.click(f"pinKey-{digit}")
    s.click("pinKey-ok")


def test_gesture_keypad_panel_and_an_action(qtbot, staff_scene: SceneDriver, home: Path) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    store = PackStore(home)
    assert store.install(FIXTURES / "minimal_pack", verify=False).ok
    _gesture(s)
    assert _mode(s) == MODE.Pin
    assert s.item("pinPad").isVisible()
    assert s.screen() == "attract"  # the gesture's first press opened no lesson beneath
    s.click("pinKey-1")
    assert s.scene.staff.property("pinLength") == 1
    assert "1" not in s.item("pinDots").property("text")  # dots, never digits
    s.click("pinKey-clear")
    _type_pin(s, PIN)
    assert _mode(s) == MODE.Panel
    assert s.item("staffPanel").isVisible()
    live = s.scene.staff.property("live")  # on screen: the swap waits for the slide's end
    assert (live["id"], live["signer"]) == ("us-awareness", "the app itself (bundled, not signed)")
    rows = {r["id"]: r["live"] for r in s.scene.staff.property("installed")}
    assert rows == {"us-awareness": False, "test-pack": True}
    # Taps on the panel reach the panel, not the show.
    own = s.attract.pack
    s.click(f"activate-{own.id}-{own.version}")
    qtbot.waitUntil(lambda: store.active().builtin, timeout=10_000)
    qtbot.waitUntil(lambda: not s.scene.staff.property("busy"), timeout=10_000)
    assert "bundled pack" in s.scene.staff.property("status")
    assert s.attract.pending_pack is not None
    assert s.attract.pending_pack.id == own.id
    assert s.screen() == "attract"
    s.click("staffClose")
    assert _mode(s) == MODE.Closed


def _offer_key(s: SceneDriver, home: Path, tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A new key's .pub dropped in the inbox as ``name``.pub, its trust question asked on the
    panel. Returns the key's own .pub and the dropped copy."""
    _, pub, _ = signing.new_keypair(tmp_path / "acme")
    (home / "inbox").mkdir(parents=True, exist_ok=True)
    dropped = home / "inbox" / f"{name}.pub"
    shutil.copy(pub, dropped)
    s.scene.staff.open_panel()
    s.click(f"trust-{name}")
    return pub, dropped


def test_trust_a_key_from_the_drop_folder_after_its_fingerprint(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    s = staff_scene
    pub, _ = _offer_key(s, home, tmp_path, "acme")
    fingerprint = s.item("trustFingerprint").property("text")
    key = signing.load_public_key(pub)
    assert fingerprint.split() == staff_panel.grouped(signing.trust.key_fingerprint(key)).split()
    assert fingerprint.count("\n") in (1, 3)  # lines of eight groups, or of four where narrow
    s.click("trustYes")
    qtbot.waitUntil(lambda: len(PackStore(home).trusted_keys()) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: len(s.scene.staff.property("keys")) == 1, timeout=10_000)
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
    pub, shown = _offer_key(s, home, tmp_path, "acme")
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
    """'%2' in a key's file name is text, not a place for the key id (Theme.fill)."""
    s = staff_scene
    pub, _ = _offer_key(s, home, tmp_path, "a%2b")
    s.click("trustYes")
    kid = signing.key_id(signing.load_public_key(pub))
    qtbot.waitUntil(lambda: not s.scene.staff.property("busy"), timeout=10_000)
    shown = s.item("staffStatus").property("text")
    assert shown == f"Key a%2b ({kid}) is now trusted.", shown


def test_a_key_file_named_with_another_keys_fingerprint_shows_the_real_one_first(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    """The trust dialog showed the stick's file name first and large: a name holding another
    key's fingerprint was read instead of the real one."""
    s = staff_scene
    _, decoy, _ = signing.new_keypair(tmp_path / "decoy")
    fake = staff_panel.grouped(signing.trust.key_fingerprint(signing.load_public_key(decoy)))
    _, pub, _ = signing.new_keypair(tmp_path / "acme")
    (home / "inbox").mkdir(parents=True, exist_ok=True)
    shutil.copy(pub, home / "inbox" / f"{fake}.pub")
    s.scene.staff.open_panel()
    s.click(f"trust-{staff_panel.key_file_name(fake)}")
    real = staff_panel.grouped(signing.trust.key_fingerprint(signing.load_public_key(pub)))
    dialog = s.item("trustConfirm")
    assert dialog.isVisible()
    texts = [t for t in _texts(dialog) if t.isVisible() and t.property("text")]
    first = min(texts, key=lambda t: t.mapToScene(QPointF(0, 0)).y())
    largest = max(texts, key=lambda t: t.property("font").pixelSize())
    assert first.objectName() == largest.objectName() == "trustFingerprint"
    assert first.property("text").split() == real.split()
    # The file's name is there, small and labelled, with the fake fingerprint masked.
    name = s.item("trustFileName")
    assert name.property("font").pixelSize() < largest.property("font").pixelSize()
    assert name.property("text").startswith("File name (not a fingerprint): ")
    seen = " ".join(t.property("text") for t in texts).replace(" ", "")
    assert fake.replace(" ", "")[:8] not in seen


def _texts(item: QQuickItem) -> list[QQuickItem]:
    found = [item] if item.inherits("QQuickText") else []
    for child in item.childItems():
        found += _texts(child)
    return found


def test_wrong_pins_lock_out_and_a_restart_keeps_it(staff_scene: SceneDriver, home: Path) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    s.scene.staff.open_pin()
    for _ in range(3):
        _type_pin(s, "0000")
    assert "Try again in 30 s" in s.item("pinMessage").property("text")
    _type_pin(s, PIN)  # locked: not even checked
    assert _mode(s) == MODE.Pin
    assert "Too many wrong PINs" in s.item("pinMessage").property("text")
    assert staff.load_lockout(home).failures == 3  # on disk: a restart does not reset it


def test_wrong_pins_and_the_lockout_are_security_events(
    staff_scene: SceneDriver, home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """They go to logs/security.log too, where a flood of other lines cannot rotate them away."""
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    s.scene.staff.open_pin()
    with caplog.at_level(logging.INFO):
        for _ in range(3):
            _type_pin(s, "0000")
        _type_pin(s, PIN)  # locked
    events = [r.getMessage() for r in caplog.records if getattr(r, "security", False)]
    assert events[:3] == [f"wrong staff PIN ({n} counted)" for n in (1, 2, 3)]
    assert events[3].startswith("staff keypad locked for ")
    assert events[4].startswith("staff PIN tried while locked (")


def test_chord_opens_escape_closes_and_no_pin_says_how(staff_scene: SceneDriver) -> None:
    s = staff_scene
    mods = (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.ShiftModifier
    )
    QTest.keyClick(s.window, Qt.Key.Key_S, mods)
    assert _mode(s) == MODE.Pin
    assert s.item("pinMessage").property("text") == SET_PIN_HINT
    assert not s.item("pinKey-1").isVisible()  # no keypad without a PIN
    s.key(Qt.Key.Key_Escape)
    assert _mode(s) == MODE.Closed
    assert s.screen() == "attract"
    QTest.keyClick(s.window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert _mode(s) == MODE.Closed  # another chord: nothing


def test_panel_closes_itself_untouched(qtbot, staff_scene: SceneDriver) -> None:
    s = staff_scene
    s.scene.staff.set_close_after(300)
    assert s.attract.property("running")
    s.scene.staff.open_panel()
    assert _mode(s) == MODE.Panel
    # Paused beneath: the self-check must not take the still picture for a frozen loop.
    assert not s.attract.property("running")
    qtbot.waitUntil(lambda: _mode(s) == MODE.Closed, timeout=5_000)
    assert s.attract.property("running")


def test_short_hold_is_a_visitors_tap(staff_scene: SceneDriver) -> None:
    s = staff_scene
    QTest.mouseClick(
        s.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(10, 10)
    )
    assert _mode(s) == MODE.Closed
    assert s.screen() == "menu"


def test_notice_from_the_real_inbox(qtbot, staff_scene: SceneDriver, home: Path) -> None:
    """A refused pack in KIOSK_HOME/inbox: the watcher's result shows in the corner."""
    s = staff_scene
    (home / "inbox").mkdir(parents=True, exist_ok=True)
    junk = home / "inbox" / "broken.kpack"
    junk.write_bytes(b"not a zip")
    import os

    os.utime(junk, (1, 1))  # settled: not still being copied
    watcher = PackWatcher(
        home,
        s.attract.replace_pack,
        watch=(),
        verify=True,
        link_hosts=KioskConfig().link_hosts,
        interval_ms=100,
        parent=s.scene.engine,
    )
    watcher.result.connect(s.scene.staff.show_notice)
    watcher.start()
    try:
        qtbot.waitUntil(lambda: s.scene.staff.property("notice") != "", timeout=15_000)
    finally:
        watcher.stop()
    text = s.item("staffNoticeText").property("text")
    # The kiosk's own words on the public screen: never the file's name.
    assert text == "A pack in the drop folder was refused; the staff panel says why"
    notice = s.item("staffNotice")
    assert notice.isVisible()
    # In the top corner: clear of the hotline strip and the QR at the bottom.
    assert notice.y() + notice.height() < H * 0.25
    s.scene.staff.open_panel()
    found = s.scene.staff.property("found")
    assert [f["name"] for f in found] == ["broken.kpack"]
    assert found[0]["words"].startswith("not installed:")


def test_gesture_with_real_touch_events_then_keypad_taps(
    staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)

    def press(point: QPoint) -> None:
        QTest.touchEvent(s.window, device).press(0, point, s.window).commit()

    def release(point: QPoint) -> None:
        QTest.touchEvent(s.window, device).release(0, point, s.window).commit()

    corner = QPoint(W - 8, H - 8)  # bottom-right, under the QR: any corner works
    press(corner)
    s.clock.advance(3.5)
    release(corner)
    for point in (QPoint(8, 8), QPoint(W - 8, 8), QPoint(8, H - 8)):
        s.clock.advance(1.0)
        press(point)
        release(point)
    assert _mode(s) == MODE.Pin
    for digit in PIN + "k":
        point = s.center("pinKey-ok" if digit == "k" else f"pinKey-{digit}")
        press(point)
        release(point)
    assert _mode(s) == MODE.Panel


def test_install_a_pack_found_in_the_drop_folder(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    s = staff_scene
    base = tmp_path / "keys" / "acme"
    base.parent.mkdir()
    _, pub, _ = signing.new_keypair(base)
    store = PackStore(home)
    store.trust(pub)
    kpack = home / "inbox" / "test-pack.kpack"
    signing.build_signed_archive(
        FIXTURES / "minimal_pack", signing.load_private_key(base.with_suffix(".key")), kpack
    )
    s.scene.staff.open_panel()
    assert [f["status"] for f in s.scene.staff.property("found")] == ["new"]
    live = s.scene.staff.property("live")
    assert live["id"] == "us-awareness"
    s.click("install-test-pack.kpack")
    qtbot.waitUntil(lambda: store.live() == ("test-pack", "1.0.0"), timeout=10_000)
    qtbot.waitUntil(lambda: not s.scene.staff.property("busy"), timeout=10_000)
    assert "test-pack 1.0.0" in s.scene.staff.property("status")
    assert s.attract.pending_pack is not None  # on screen from the next slide
    rows = {r["id"]: r["live"] for r in s.scene.staff.property("installed")}
    assert rows["test-pack"] is True
    s.attract.advance()  # the slide ends: the new pack is on screen
    s.scene.staff.refresh()
    live = s.scene.staff.property("live")
    key = store.trusted_keys()[0]  # stored under its key id, which is then its name
    assert (live["id"], live["signer"]) == ("test-pack", key.name)
    assert live["fingerprint"].replace(" ", "") == key.fingerprint


def test_ok_with_too_few_digits_costs_no_try(staff_scene: SceneDriver, home: Path) -> None:
    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    s.scene.staff.open_pin()
    s.click("pinKey-1")
    s.click("pinKey-ok")
    assert "4 to 8 digits" in s.item("pinMessage").property("text")
    assert staff.load_lockout(home).failures == 0


def test_exit_to_desktop_is_a_clean_exit_and_restart_reloads(
    monkeypatch, staff_scene: SceneDriver
) -> None:
    from kiosk.ui import staff_bridge

    s = staff_scene
    codes: list[int] = []
    monkeypatch.setattr(staff_bridge.QCoreApplication, "exit", lambda code=0: codes.append(code))
    s.attract.showSlide(3)
    s.scene.staff.open_panel()
    s.click("staffRestart")
    assert _mode(s) == MODE.Closed
    assert s.attract.playlist.position == 0  # the show starts again from its first slide
    assert s.attract.pending_pack is None  # swapped at once, not a slide later
    s.scene.staff.open_panel()
    asked = s.item("staffExit").property("text")
    s.click("staffExit")
    assert codes == []  # a stray touch does not leave the kiosk
    assert s.scene.staff.property("pendingAction") == {"action": "exit", "arg": ""}
    assert s.item("staffExit").property("text") != asked  # "Confirm: exit to desktop"
    s.click("staffExit")
    assert codes == [0]


def test_a_long_panel_pages_and_is_no_overflow(
    staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    from kiosk.render.snapshot import overflowing_texts, settle

    s = staff_scene
    store = PackStore(home)
    for n in range(6):
        _, pub, _ = signing.new_keypair(tmp_path / f"k{n}")
        store.trust(pub)
    s.scene.staff.open_panel()
    settle(s.window)
    assert len(s.scene.staff.property("keys")) == 6
    assert overflowing_texts(s.window.contentItem(), (W, H)) == []
    flick = s.item("staffFlick")
    assert flick.property("contentHeight") > flick.height()  # it does reach below: it pages


def test_staff_can_open_the_panel_while_the_kiosk_is_closed(
    staff_scene: SceneDriver, home: Path
) -> None:
    from datetime import datetime, timedelta

    s = staff_scene
    staff.save_pin(home, staff.hash_pin(PIN))
    s.scene.schedule.show_closed(datetime.now() + timedelta(hours=8))
    assert s.item("closedScreen").isVisible()
    mods = (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.ShiftModifier
    )
    QTest.keyClick(s.window, Qt.Key.Key_S, mods)
    assert _mode(s) == MODE.Pin
    _type_pin(s, PIN)  # the closed screen's filter stands by while the keypad is open
    assert _mode(s) == MODE.Panel
    s.click("staffClose")
    assert _mode(s) == MODE.Closed
    assert s.item("closedScreen").isVisible()
    assert not s.attract.property("running")  # still closed: the loop stays stopped


def test_a_failed_untrust_says_so_in_cleaned_words(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path, monkeypatch
) -> None:
    s = staff_scene
    _, pub, kid = signing.new_keypair(tmp_path / "acme")
    PackStore(home).trust(pub)

    def fails(self: PackStore, given: str) -> None:
        raise RuntimeError("disk gone\u202e\nUNTRUSTED OK")  # a name or an OS message

    monkeypatch.setattr(PackStore, "untrust", fails)
    s.scene.staff.open_panel()
    qtbot.waitUntil(lambda: len(s.scene.staff.property("keys")) == 1, timeout=10_000)
    s.click(f"untrust-{kid}")
    s.click(f"untrust-{kid}")
    qtbot.waitUntil(lambda: "failed" in s.scene.staff.property("status"), timeout=10_000)
    status = s.scene.staff.property("status")
    assert status == "failed: disk gone UNTRUSTED OK"
    assert len(PackStore(home).trusted_keys()) == 1
