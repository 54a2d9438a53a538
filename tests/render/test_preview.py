"""`kiosk preview DIR`: the pack live in a window, reloaded on save, problems shown in place."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.config import KioskConfig
from kiosk.playback.session import Screen
from kiosk.render.preview import Preview, folder_signature
from kiosk.ui.app import load_fonts
from kiosk.ui.scene import is_text, visible_items
from tests import FIXTURES_DIR

FIXTURE = FIXTURES_DIR / "minimal_pack"

EXTRA_SLIDES = """\
- id: second
  venues: [any]
  headline: {en: "Second slide", es: "Segunda"}
  body: {en: "Another body.", es: "Otro texto."}
"""


def visible_texts(item: QQuickItem) -> list[str]:
    """The text of every visible text item under ``item``."""
    found: list[str] = []
    for child in item.childItems():
        if not child.isVisible() or child.opacity() == 0:
            continue
        if child.metaObject().indexOfProperty("text") >= 0 and child.property("text"):
            found.append(str(child.property("text")))
        found.extend(visible_texts(child))
    return found


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    dest = tmp_path / "pack"
    shutil.copytree(FIXTURE, dest)
    (dest / "slides").mkdir()
    (dest / "slides" / "more.yaml").write_text(EXTRA_SLIDES, encoding="utf-8")
    return dest


@pytest.fixture
def preview(qapp, qtbot, folder: Path) -> Iterator[Preview]:
    load_fonts()
    # One language on screen: the loop would otherwise alternate English and Spanish slides.
    shown = Preview(folder, KioskConfig(), language="en", poll_millis=50)
    warnings: list[str] = []
    shown.scene.engine.warnings.connect(
        lambda errors: warnings.extend(e.toString() for e in errors)
    )
    shown.show((1280, 720))
    qtbot.waitExposed(shown.scene.window)
    shown.start()
    yield shown
    shown.scene.attract.stop()
    shown.scene.window.close()
    assert not warnings, warnings


def edit(folder: Path, relative: str, old: str, new: str) -> None:
    path = folder / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, relative)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def on_screen(preview: Preview) -> list[str]:
    return visible_texts(preview.scene.window.contentItem())


def test_a_saved_file_shows_within_a_second_and_keeps_the_slide(qtbot, preview, folder) -> None:
    QTest.keyClick(preview.scene.window, Qt.Key.Key_PageDown)  # to the second slide
    assert preview.scene.attract.playlist.current.id == "second"
    edit(folder, "slides/more.yaml", "Second slide", "Saved just now")
    qtbot.waitUntil(lambda: "Saved just now" in on_screen(preview), timeout=1000)
    assert preview.scene.attract.playlist.current.id == "second"
    assert not preview.bridge.covered


def test_broken_yaml_is_shown_in_place_of_its_slide_then_recovers(qtbot, preview, folder) -> None:
    QTest.keyClick(preview.scene.window, Qt.Key.Key_PageDown)
    edit(folder, "slides/more.yaml", "  venues: [any]", "\tvenues: [any]")
    qtbot.waitUntil(lambda: preview.bridge.covered, timeout=1000)
    texts = on_screen(preview)
    assert any(
        t.startswith("slides/more.yaml:2: not valid YAML: line 2, column 1 holds a tab")
        for t in texts
    ), texts
    assert any("slide 'second' cannot be shown" in t for t in texts), texts
    # Every other slide still shows: the problem concerns only the slides of that file.
    QTest.keyClick(preview.scene.window, Qt.Key.Key_PageDown)
    assert preview.scene.attract.playlist.current.id == "first"
    assert not preview.bridge.covered
    assert "Notice the signs" in on_screen(preview)
    QTest.keyClick(preview.scene.window, Qt.Key.Key_PageUp)
    assert preview.bridge.covered
    # Fixed and saved: the slide is back, with the text as it is now.
    edit(folder, "slides/more.yaml", "\tvenues: [any]", "  venues: [any]")
    edit(folder, "slides/more.yaml", "Second slide", "Fixed again")
    qtbot.waitUntil(lambda: "Fixed again" in on_screen(preview), timeout=1000)
    assert not preview.bridge.covered
    assert not any("not valid YAML" in t for t in on_screen(preview))


def test_a_problem_in_pack_yaml_covers_every_screen(qtbot, preview, folder) -> None:
    edit(folder, "pack.yaml", "languages: [en, es]", "languages: [en, es")
    qtbot.waitUntil(lambda: preview.bridge.covered, timeout=1000)
    assert any(t.startswith("pack.yaml:4: not valid YAML") for t in on_screen(preview))
    QTest.keyClick(preview.scene.window, Qt.Key.Key_1)  # the first lesson, from the last good pack
    assert preview.scene.session.state.screen == Screen.CARD
    assert preview.bridge.covered


def test_keys_step_to_every_lesson_screen_and_a_reload_stays_there(qtbot, preview, folder) -> None:
    window = preview.scene.window
    QTest.keyClick(window, Qt.Key.Key_L)
    assert preview.scene.session.state.screen == Screen.MENU
    QTest.keyClick(window, Qt.Key.Key_1)
    assert preview.scene.session.state.screen == Screen.CARD
    assert "Card body." in on_screen(preview)
    QTest.keyClick(window, Qt.Key.Key_Right)  # the kiosk's own key: the question
    assert preview.scene.session.state.screen == Screen.QUESTION
    edit(folder, "lessons/basics.yaml", 'en: "True?"', 'en: "Is this true?"')
    qtbot.waitUntil(lambda: "Is this true?" in on_screen(preview), timeout=1000)
    assert preview.scene.session.state.screen == Screen.QUESTION
    QTest.keyClick(window, Qt.Key.Key_Home)
    assert preview.scene.session.state.screen == Screen.ATTRACT


def test_a_folder_that_never_loaded_still_shows_its_problems(qapp, qtbot, folder) -> None:
    edit(folder, "pack.yaml", "id: test-pack", "id: Test Pack")
    load_fonts()
    # One language on screen: the loop would otherwise alternate English and Spanish slides.
    shown = Preview(folder, KioskConfig(), language="en", poll_millis=50)
    shown.show((1280, 720))
    qtbot.waitExposed(shown.scene.window)
    shown.start()
    try:
        assert shown.bridge.covered
        assert any(t.startswith("pack.yaml:2: id:") for t in on_screen(shown))
        edit(folder, "pack.yaml", "id: Test Pack", "id: test-pack")
        qtbot.waitUntil(lambda: not shown.bridge.covered, timeout=1000)
        assert shown.scene.attract.pack.id == "test-pack"
    finally:
        shown.scene.attract.stop()
        shown.scene.window.close()


def test_the_signature_ignores_editor_backups(folder) -> None:
    before = folder_signature(folder)
    (folder / ".pack.yaml.swp").write_bytes(b"x")
    (folder / "pack.yaml~").write_bytes(b"x")
    assert folder_signature(folder) == before
    (folder / "images" / "new.svg").write_bytes(b"<svg/>")
    assert folder_signature(folder) != before


def bar_rect(preview: Preview) -> QRectF:
    bar = preview.panel.findChild(QQuickItem, "previewStatus")
    assert isinstance(bar, QQuickItem)
    assert bar.isVisible()
    return bar.mapRectToScene(QRectF(0, 0, bar.width(), bar.height()))


def kiosk_texts(preview: Preview) -> list[tuple[str, QRectF]]:
    """Every text of the kiosk's own screen a person could see, with its place in the window."""
    root = preview.scene.window.contentItem()
    found = []
    for item in visible_items(root):
        if is_text(item) and item.property("text") and not under(item, preview.panel):
            rect = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
            found.append((str(item.property("text")), rect))
    return found


def under(item: QQuickItem, ancestor: QQuickItem) -> bool:
    parent: QQuickItem | None = item
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parentItem()
    return False


def assert_bar_covers_nothing(preview: Preview) -> None:
    window = preview.scene.window
    bar = bar_rect(preview)
    screen = preview.scene.window.contentItem()
    assert bar.top() >= screen.height() - 0.5, (bar, screen.height())
    assert abs(window.height() - (screen.height() + bar.height())) <= 1
    for text, rect in kiosk_texts(preview):
        assert not rect.intersects(bar), (text, rect, bar)


def test_the_status_bar_sits_under_the_kiosks_screen_never_over_its_text(qtbot, preview) -> None:
    window = preview.scene.window
    titles = [t for t, _ in kiosk_texts(preview)]
    assert "Test pack" in titles  # the slide's title line, at the top, is there to be read
    assert_bar_covers_nothing(preview)
    for key in (Qt.Key.Key_1, Qt.Key.Key_S, Qt.Key.Key_L):  # a card, portrait, the menu
        QTest.keyClick(window, key)
        qtbot.waitUntil(lambda: preview.frame.screen == window_screen(preview), timeout=1000)
        assert_bar_covers_nothing(preview)


def window_screen(preview: Preview) -> QSize:
    content = preview.scene.window.contentItem()
    return QSize(round(content.width()), round(content.height()))


def test_h_hides_the_bar_and_the_screen_keeps_its_size(qtbot, preview) -> None:
    window = preview.scene.window
    screen = window_screen(preview)
    height = window.height()
    QTest.keyClick(window, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: window.height() < height, timeout=1000)
    assert window_screen(preview) == screen
    assert window.height() == screen.height()
    QTest.keyClick(window, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: window.height() == height, timeout=1000)
    assert window_screen(preview) == screen


def test_s_turns_the_screen_between_landscape_and_portrait(qtbot, preview) -> None:
    window = preview.scene.window
    assert "landscape" in preview.bridge.status
    assert "S size (portrait)" in preview.bridge.keys
    QTest.keyClick(window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window_screen(preview).height() > window_screen(preview).width())
    screen = window_screen(preview)
    assert abs(screen.width() / screen.height() - 9 / 16) < 0.01
    assert f"portrait {screen.width()}x{screen.height()}" in preview.bridge.status
    assert "S size (landscape)" in preview.bridge.keys
    QTest.keyClick(window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window_screen(preview).width() > window_screen(preview).height())
    assert abs(window_screen(preview).width() / window_screen(preview).height() - 16 / 9) < 0.01


def test_t_switches_the_language_and_the_status_bar_says_which(qtbot, preview) -> None:
    window = preview.scene.window
    assert preview.language() == "en"
    assert "English (en)" in preview.bridge.status
    assert "T language (es next)" in preview.bridge.keys
    QTest.keyClick(window, Qt.Key.Key_T)
    assert preview.language() == "es"
    assert "Español (es)" in preview.bridge.status
    assert "T language (en next)" in preview.bridge.keys
    assert "Fíjese en las señales" in on_screen(preview)
    QTest.keyClick(window, Qt.Key.Key_1)  # a lesson opens in the language looked at
    assert preview.scene.session.state.screen == Screen.CARD
    assert preview.language() == "es"
    QTest.keyClick(window, Qt.Key.Key_T)  # and T switches it there too
    assert preview.language() == "en"
    QTest.keyClick(window, Qt.Key.Key_Home)
    assert preview.language() == "en"


def test_a_save_keeps_the_language_on_screen(qapp, qtbot, folder) -> None:
    """An author reading the English slide saves an English edit: the slide comes back in
    English (the kiosk's loop would have turned to Spanish with the new pack)."""
    load_fonts()
    preview = Preview(folder, KioskConfig(), poll_millis=50)  # no --language
    preview.show((1280, 720))
    qtbot.waitExposed(preview.scene.window)
    preview.start()
    try:
        keeps_the_language(qtbot, preview, folder)
    finally:
        preview.scene.attract.stop()
        preview.scene.window.close()


def keeps_the_language(qtbot, preview: Preview, folder: Path) -> None:
    window = preview.scene.window
    assert preview.language() == "en"  # the pack's first
    QTest.keyClick(window, Qt.Key.Key_PageDown)  # the second slide, in English
    for _ in range(3):
        edit(folder, "slides/more.yaml", "Second slide", "Second slide!")
        qtbot.waitUntil(lambda: "Second slide!" in on_screen(preview), timeout=1000)
        assert preview.language() == "en"
        assert preview.scene.attract.slide["headline"].startswith("Second slide!")
        edit(folder, "slides/more.yaml", "Second slide!", "Second slide")
        qtbot.waitUntil(lambda: "Second slide" in on_screen(preview), timeout=1000)
    # In Spanish the same, on a lesson card too.
    QTest.keyClick(window, Qt.Key.Key_T)
    QTest.keyClick(window, Qt.Key.Key_1)
    edit(folder, "lessons/basics.yaml", 'en: "True?"', 'en: "Is this true?"')
    qtbot.waitUntil(lambda: preview.reloads >= 7, timeout=1000)
    assert preview.scene.session.state.screen == Screen.CARD
    assert preview.language() == "es"


def test_a_language_button_tapped_in_a_lesson_stays_the_language_looked_at(qtbot, preview) -> None:
    window = preview.scene.window
    QTest.keyClick(window, Qt.Key.Key_1)
    preview.scene.session.setLanguage("es")  # the visitor's language button
    assert preview.language() == "es"
    assert "Español (es)" in preview.bridge.status
    QTest.keyClick(window, Qt.Key.Key_Home)
    assert preview.language() == "es"
