"""The staff notice in the corner: a refusal, a pack already installed, a stick pulled mid-copy,
and, while the panel is open, the panel's status line instead of the corner.

They run the real watcher and inbox scan against a real KIOSK_HOME and a "stick" folder matched
by a watch glob; only the pulled stick's read error is stood in for (a wrapped file whose read
fails with EIO after the stick's file is gone, as the kernel reports it).
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtQuick import QQuickItem

from kiosk.config import KioskConfig
from kiosk.content import files
from kiosk.intake import signing
from kiosk.intake.store import PackStore
from kiosk.platform.watcher import PackWatcher
from tests import FIXTURES_DIR
from tests.helpers import SceneDriver
from tests.ui.staff_driver import H, panel, wait_loaded

FIXTURES = FIXTURES_DIR


def _signed(tmp_path: Path, home: Path) -> Path:
    key_file, pub_file, _ = signing.new_keypair(tmp_path / "publisher")
    PackStore(home).trust(pub_file)
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURES / "minimal_pack", folder)
    out = tmp_path / "test-pack.kpack"
    signing.build_signed_archive(folder, signing.load_private_key(key_file), out)
    return out


def _on_stick(kpack: Path, media: Path) -> Path:
    stick = media / "STICK"
    stick.mkdir(parents=True)
    target = stick / kpack.name
    shutil.copyfile(kpack, target)
    os.utime(target, (1, 1))  # settled: not still being copied
    return target


@pytest.fixture
def watching(staff_scene: SceneDriver, home: Path, tmp_path: Path) -> Iterator[PackWatcher]:
    watcher = PackWatcher(
        home,
        staff_scene.attract.replace_pack,
        watch=(f"{tmp_path / 'media'}/*/",),
        verify=True,
        link_hosts=KioskConfig().link_hosts,
        interval_ms=100,
        parent=staff_scene.scene.engine,
    )
    watcher.result.connect(staff_scene.scene.staff.show_notice)
    yield watcher
    watcher.stop()


def test_a_pack_already_installed_says_so(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path, watching: PackWatcher
) -> None:
    s = staff_scene
    kpack = _signed(tmp_path, home)
    assert PackStore(home).install(kpack).status == "installed"  # `kiosk pack install` earlier
    _on_stick(kpack, tmp_path / "media")
    watching.start()
    qtbot.waitUntil(lambda: s.item("staffNoticeText").property("text") != "", timeout=15_000)
    assert s.item("staffNoticeText").property("text") == "Already installed: Test pack 1.0.0"
    assert s.item("staffNotice").isVisible()


class _PulledStick:
    """An open file on a stick that is pulled after the first read: reads then fail with EIO."""

    def __init__(self, real: BinaryIO, path: Path) -> None:
        self._real = real
        self._path = path
        self._reads = 0

    def read(self, size: int = -1) -> bytes:
        self._reads += 1
        if self._reads > 1:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        self._path.unlink()  # the stick is gone: its folder no longer lists the file
        return self._real.read(size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def test_a_stick_pulled_mid_copy_says_plug_it_in_again(
    qtbot,
    staff_scene: SceneDriver,
    home: Path,
    tmp_path: Path,
    watching: PackWatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = staff_scene
    on_stick = _on_stick(_signed(tmp_path, home), tmp_path / "media")
    real_copy = files.copy_from

    def copy_while_pulled(fin: BinaryIO, dest: Path, **kwargs: Any) -> str:
        return real_copy(_PulledStick(fin, on_stick), dest, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "copy_from", copy_while_pulled)
    watching.start()
    qtbot.waitUntil(lambda: s.item("staffNoticeText").property("text") != "", timeout=15_000)
    assert s.item("staffNoticeText").property("text") == (
        "Not installed: the USB stick was removed during the copy; plug it in again"
    )
    assert PackStore(home).live() is None  # nothing half-copied went live


def _visible_texts(item: QQuickItem) -> list[str]:
    """Every text a passer-by can see: visible text items, all the way down."""
    if not item.isVisible() or item.opacity() == 0:
        return []
    found = [str(item.property("text"))] if item.inherits("QQuickText") else []
    for child in item.childItems():
        found += _visible_texts(child)
    return found


def test_a_stick_of_hostile_names_changes_nothing_a_passer_by_can_read(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path, watching: PackWatcher
) -> None:
    """File names carrying a message and newlines reached the public notice raw (issue 23)."""
    s = staff_scene
    stick = tmp_path / "media" / "STICK"
    stick.mkdir(parents=True)
    for name in (
        "URGENT the numbers below are out of service\ncall 555 0100 instead\n\n\n.kpack",
        "\u202eCALL 555 0199 NOW\u202c" + "\n" * 20 + "x.kpack",
    ):
        (stick / name).write_bytes(b"not a pack")
        os.utime(stick / name, (1, 1))
    strip = s.item("hotlineStrip")
    assert strip.isVisible()
    strip_top = int(strip.mapToScene(QPointF(0, 0)).y())
    before = s.window.grabWindow()
    watching.start()
    qtbot.waitUntil(lambda: s.item("staffNoticeText").property("text") != "", timeout=15_000)
    notice = s.item("staffNotice")
    text = s.item("staffNoticeText").property("text")
    assert text == "A pack on the USB stick was refused; the staff panel says why"
    shown = " ".join(_visible_texts(s.window.contentItem()))
    for word in ("URGENT", "service", "555", "CALL"):
        assert word not in shown
    assert notice.mapToScene(QPointF(0, notice.height())).y() < strip_top  # above the strip
    after = s.window.grabWindow()
    width, height = before.width(), before.height()
    assert after.copy(0, strip_top, width, height - strip_top) == before.copy(
        0, strip_top, width, height - strip_top
    )  # the hotline strip and the QR, pixel for pixel
    assert before.copy(0, 0, width, strip_top) != after.copy(0, 0, width, strip_top)  # shown


def test_a_refusal_from_the_drop_folder_shows_in_the_corner_and_on_the_panel(
    qtbot, staff_scene: SceneDriver, home: Path
) -> None:
    s = staff_scene
    (home / "inbox").mkdir(parents=True, exist_ok=True)
    junk = home / "inbox" / "broken.kpack"
    junk.write_bytes(b"not a zip")
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
        qtbot.waitUntil(lambda: s.item("staffNoticeText").property("text") != "", timeout=15_000)
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
    wait_loaded(qtbot, s)
    (row,) = panel(s).found_model.rows
    assert row.name == "broken.kpack"
    shown = s.item(f"install-{row.name}").parentItem()
    words = [c.property("text") for c in shown.childItems() if c.property("text")]
    assert "broken.kpack (drop folder)\nnot installed: it is not a content pack" in words


def test_while_the_panel_is_open_its_status_line_says_it_not_the_corner(
    qtbot, staff_scene: SceneDriver, home: Path, tmp_path: Path, watching: PackWatcher
) -> None:
    """The install notice covered part of "Restart the show"."""
    s = staff_scene
    _on_stick(_signed(tmp_path, home), tmp_path / "media")
    s.scene.staff.open_panel()
    watching.start()
    qtbot.waitUntil(lambda: PackStore(home).live() is not None, timeout=15_000)
    qtbot.waitUntil(
        lambda: s.item("staffStatus").property("text") == "New content installed: Test pack 1.0.0",
        timeout=15_000,
    )
    assert not s.item("staffNotice").isVisible()  # nothing over the panel's buttons
    assert s.scene.staff.notice_bridge.said is None
    # The panel shows what is true now: the new pack, from the next slide.
    qtbot.waitUntil(
        lambda: s.item("staffLive").property("text").startswith("Test pack — test-pack 1.0.0\n"),
        timeout=5_000,
    )
    s.click("staffClose")
    s.scene.staff.open_panel()  # the next opening starts without it
    assert s.item("staffStatus").property("text") == "Closes by itself after 60 s untouched."
