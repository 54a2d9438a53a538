"""The staff screens as staff see them: inside the safe area, paged with a cue, opaque dialogs.

Issue 24: the panel ran off the bottom with no cue (in Spanish the Health section stopped after
"Memoria"); its buttons and the staff notice started at y≈24, inside the 5 % a TV may crop; the
trust dialog's translucent background let the panel show through the fingerprint.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage
from PySide6.QtQuick import QQuickItem

from kiosk.intake import signing
from kiosk.intake.install import InstallResult
from kiosk.intake.store import PackStore
from kiosk.ops import staff
from kiosk.render.snapshot import settle
from tests.helpers import SceneDriver, scene_rect
from tests.ui.staff_driver import panel as bridge_of
from tests.ui.staff_driver import wait_loaded

SAFE = 0.05  # the share of each side a TV may crop (Theme.marginRatio)
TOUCH = 96  # the smallest touch target at 1080p scale


def _trust_keys(home: Path, tmp_path: Path, names: list[str]) -> None:
    store = PackStore(home)
    for name in names:
        (tmp_path / "keys").mkdir(exist_ok=True)
        _, pub, _ = signing.new_keypair(tmp_path / "keys" / name)
        store.trust(pub)


def _inside_safe_area(s: SceneDriver, name: str) -> None:
    width, height = s.window.width(), s.window.height()
    safe = QRectF(width * SAFE, height * SAFE, width * (1 - 2 * SAFE), height * (1 - 2 * SAFE))
    rect = scene_rect(s.item(name))
    # Half a pixel for positions that land between pixels.
    assert safe.adjusted(-0.5, -0.5, 0.5, 0.5).contains(rect), (name, rect, safe)


def _opacity(item: QQuickItem) -> float:
    value, node = 1.0, item
    while node is not None:
        value *= node.opacity()
        node = node.parentItem()
    return value


def _texts(item: QQuickItem) -> list[QQuickItem]:
    found = [item] if item.inherits("QQuickText") and item.isVisible() else []
    for child in item.childItems():
        if child.isVisible():
            found += _texts(child)
    return found


def _buttons(item: QQuickItem) -> list[QQuickItem]:
    found = [item] if item.objectName().startswith(("untrust-", "activate-", "staffRoll")) else []
    for child in item.childItems():
        found += _buttons(child)
    return found


def test_staff_screens_sit_inside_the_safe_area(
    staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    s = staff_scene
    _trust_keys(home, tmp_path, [f"publisher-{n}" for n in range(6)])  # enough to page
    staff.save_pin(home, staff.hash_pin("246813"))
    for size in ((1920, 1080), (1280, 720), (1080, 1920)):
        s.window.resize(*size)
        s.scene.staff.open_panel()
        settle(s.window)
        assert s.item("staffPager").isVisible()
        for name in ("staffTitle", "staffRestart", "staffExit", "staffClose", "staffStatus"):
            _inside_safe_area(s, name)
        for name in ("staffPager", "staffPageDown", "staffPageNumber"):
            _inside_safe_area(s, name)
        columns = scene_rect(s.item("staffColumns"))
        assert columns.left() >= size[0] * SAFE
        assert columns.right() <= size[0] * (1 - SAFE)
        s.scene.staff.cancel()
        s.scene.staff.open_pin()
        settle(s.window)
        for name in ("pinTitle", "pinKey-1", "pinKey-ok", "pinCancel"):
            _inside_safe_area(s, name)
        s.scene.staff.cancel()
        refused = InstallResult("refused", "/media/stick/a.kpack")
        s.scene.staff.show_notice(refused, "")
        settle(s.window)
        _inside_safe_area(s, "staffNotice")
        s.scene.staff.notice_bridge.hide()


def test_the_trust_dialog_hides_the_panel_beneath(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    """Nothing of the panel shows through: where its title is, the dialog's own colour only."""
    s = staff_scene
    _, pub, _ = signing.new_keypair(tmp_path / "acme")
    (home / "inbox").mkdir(parents=True)
    shutil.copy(pub, home / "inbox" / "acme.pub")
    s.scene.staff.open_panel()
    wait_loaded(qtbot, s)
    settle(s.window)
    under = scene_rect(s.item("staffTitle")).toRect()
    before = s.window.grabWindow().copy(under)
    s.click("trust-acme")
    settle(s.window)
    assert s.item("trustConfirm").isVisible()
    shot: QImage = s.window.grabWindow()
    behind = shot.copy(under)
    assert behind != before
    dialog = QColor(s.item("trustConfirm").property("color")).rgb()
    colours = {behind.pixel(x, y) for x in range(behind.width()) for y in range(behind.height())}
    assert colours == {dialog}, f"{len(colours)} colours where the panel's title is"


def test_a_long_panel_pages_with_a_large_cue_and_shows_every_line_whole(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path
) -> None:
    s = staff_scene
    s.attract.advance()  # the loop's second slide is Spanish: the longest words
    assert s.attract.current_language() == "es"
    _trust_keys(home, tmp_path, [f"publisher-{n}" for n in range(6)])
    s.scene.staff.open_panel()
    wait_loaded(qtbot, s)  # the scan's rows arrive from a worker: the pages are cut after them
    settle(s.window)
    panel, flick = s.item("staffPanel"), s.item("staffFlick")
    scale = min(s.window.width(), s.window.height()) / 1080
    view = scene_rect(flick)
    down = s.item("staffPageDown")
    assert s.item("staffPager").isVisible()
    assert down.isVisible()
    assert down.height() >= TOUCH * scale
    assert down.width() >= TOUCH * scale
    assert not s.item("staffPageUp").isVisible()  # nowhere to go back to from the first page
    wanted = {f"staffHealth{n}" for n in range(len(bridge_of(s).health_model.rows))}
    wanted |= {f"untrust-{k.key}" for k in bridge_of(s).keys_model.rows}
    seen: set[str] = set()
    page_of: dict[str, int] = {}  # each button's page (1-based)
    pages = 0
    while True:
        pages += 1
        settle(s.window)
        assert flick.property("contentY") == panel.property("pageTop")
        shown = [t for t in _texts(flick) if _opacity(t) > 0]
        for text in shown:  # a line is on the page whole, or not at all
            rect = scene_rect(text)
            assert view.adjusted(-0.5, -0.5, 0.5, 0.5).contains(rect), (text.property("text"), rect)
            seen.add(text.objectName())
        for button in _buttons(flick):
            on_page = _opacity(button) > 0
            assert button.isEnabled() == on_page  # a button off the page takes no tap
            if on_page:
                assert view.adjusted(-0.5, -0.5, 0.5, 0.5).contains(scene_rect(button))
                seen.add(button.objectName())
                page_of[button.objectName()] = pages
        if not s.item("staffPageDown").isVisible():
            break
        s.click("staffPageDown")
        assert s.item("staffPageUp").isVisible()
        assert pages < 10
    assert pages > 1
    assert wanted <= seen, wanted - seen  # every health row ("Memoria" and after) and every key
    # A button that grows when armed ("Confirmar: retirar confianza") leaves its row as it was,
    # and the page still starts where a page starts.
    last_key = bridge_of(s).keys_model.rows[-1].key
    # Its page: the last, or the one before when the lines after the keys fill a page of their
    # own (how the key ids' digits wrap decides; they are new random keys every run).
    on = page_of[f"untrust-{last_key}"]
    for _ in range(pages - on):
        s.click("staffPageUp")
        settle(s.window)
    row = s.item(f"untrust-{last_key}").parentItem()
    height = row.height()
    s.click(f"untrust-{last_key}")
    settle(s.window)
    assert row.height() == height  # the armed button does not reflow its row
    assert bridge_of(s).property("armedKey") == last_key
    assert flick.property("contentY") == panel.property("pageTop")
    assert _opacity(s.item(f"untrust-{last_key}")) == 1
    assert s.item("staffPageNumber").property("text") == f"Página {on} de {pages}"
    if on > 1:
        s.click("staffPageUp")
        assert int(panel.property("page")) == on - 2
    # Each opening starts again at the first page.
    s.scene.staff.cancel()
    s.scene.staff.open_panel()
    assert int(panel.property("page")) == 0


def test_a_short_panel_shows_no_page_buttons(staff_scene: SceneDriver) -> None:
    s = staff_scene
    s.scene.staff.open_panel()  # no keys, no packs found: it all fits
    settle(s.window)
    assert not s.item("staffPager").isVisible()
    flick = s.item("staffFlick")
    assert flick.property("contentHeight") <= flick.height()
