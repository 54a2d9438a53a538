"""The attract loop and the lesson's end mirrored for a right-to-left pack (issue 17), measured
from the loaded QML at 1920x1080, 1080x1920 and 1280x720: words right-aligned against the right
safe margin, the accent bar at their right, the pictogram and QR at the left in landscape, and
numbers and addresses drawn left to right inside."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtQml import QQmlExpression, qmlContext
from PySide6.QtQuick import QQuickItem

from kiosk.content.loader import load_pack
from tests import FIXTURES_DIR
from tests.helpers import SceneDriver, find_item, make_scene
from tests.helpers import scene_rect as rect

RTL_PACK = FIXTURES_DIR / "rtl_pack"
SIZES = ((1920, 1080), (1080, 1920), (1280, 720))
LRI, PDI = "\u2066", "\u2069"


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def rtl(request, qapp, qtbot) -> Iterator[SceneDriver]:
    scene = make_scene(qtbot, load_pack(RTL_PACK), request.param)
    yield scene
    scene.close()
    assert not scene.warnings, scene.warnings


def front(scene: SceneDriver, name: str) -> QQuickItem:
    for layer in ("slideLayerA", "slideLayerB"):
        item = scene.item(layer)
        if item.opacity() == 1:
            found = find_item(item, name)
            assert found is not None, name
            return found
    raise AssertionError("no slide layer is on screen")


def margin(scene: SceneDriver) -> float:
    width, height = scene.window.width(), scene.window.height()
    return max(width * 0.05, round(48 * min(width, height) / 1080))


def aligned_right(item: QQuickItem) -> bool:
    """Whether ``item``'s lines are drawn against its right edge (mirroring included)."""
    # PySide cannot convert QQuickText::HAlignment, so ask QML for the number.
    expression = QQmlExpression(qmlContext(item), item, "effectiveHorizontalAlignment")
    value, failed = expression.evaluate()
    assert not failed
    return int(value) == Qt.AlignmentFlag.AlignRight.value


def test_the_slide_is_mirrored(rtl: SceneDriver) -> None:
    assert rtl.scene.access.property("rightToLeft")
    width = rtl.window.width()
    landscape = width >= rtl.window.height()
    right_margin = width - margin(rtl)
    headline, body = front(rtl, "headline"), front(rtl, "body")
    assert headline.property("text") == "انتبه إلى العلامات"
    for words in (headline, body):
        assert rect(words).right() == pytest.approx(right_margin, abs=1)
        assert aligned_right(words)
    # The accent bar ends where the words do.
    assert rect(front(rtl, "slideRule")).right() == pytest.approx(right_margin, abs=1)
    code, label = rect(front(rtl, "qrCode")), rect(front(rtl, "qrLabel"))
    if landscape:
        # The pictogram and QR column at the left margin, left of the words; the label above
        # the code, the code centred in the column.
        column = rect(front(rtl, "qrBadge"))
        assert column.left() == pytest.approx(margin(rtl), abs=1)
        assert code.center().x() == pytest.approx(column.center().x(), abs=1)
        assert column.right() < rect(headline).left()
        assert rect(front(rtl, "slideImage")).right() < rect(headline).left()
        assert label.bottom() <= code.top() + 1
    else:
        # Portrait: the QR at the right margin, its label and address at its left.
        assert code.right() == pytest.approx(right_margin, abs=1)
        assert label.right() <= code.left()
        assert rect(rtl.item("tapHint")).right() <= code.left()
    assert aligned_right(rtl.item("packTitle"))
    assert rect(rtl.item("packHeader")).right() == pytest.approx(right_margin, abs=1)
    if landscape:
        assert rect(rtl.item("tapHint")).left() == pytest.approx(margin(rtl), abs=1)


def test_numbers_and_addresses_stay_left_to_right(rtl: SceneDriver) -> None:
    strip = rtl.item("hotlineStrip")
    first, second = find_item(strip, "groupMain0"), find_item(strip, "groupMain1")
    assert first is not None
    assert second is not None
    # The first group at the right (landscape: side by side; portrait: a phone number and a web
    # address take a row each, the first on top, both against the right margin).
    if rtl.window.width() >= rtl.window.height():
        assert rect(first).left() > rect(second).left()
    else:
        assert rect(first).bottom() <= rect(second).top()
        assert aligned_right(first)
    assert first.property("text") == f"{LRI}1-800-THE-LOST{PDI}"
    dialled = find_item(strip, "groupDialled0")
    assert dialled is not None
    assert dialled.property("text") == f"{LRI}1-800-843-5678{PDI}"
    assert front(rtl, "qrDisplay").property("text") == f"{LRI}connect.missingkids.org{PDI}"


def test_the_lesson_end_is_mirrored(rtl: SceneDriver) -> None:
    rtl.click_at(rtl.window.width() // 2, rtl.window.height() // 3)
    rtl.click("lessonTile0")
    rtl.click("nextButton")  # the one card
    rtl.click("choice0")
    rtl.click("nextButton")
    assert rtl.screen() == "end"
    width = rtl.window.width()
    hotlines, code = rect(rtl.item("endHotlines")), rect(rtl.item("endQr"))
    assert hotlines.right() == pytest.approx(width - margin(rtl), abs=1)
    if width >= rtl.window.height():
        assert code.right() < hotlines.left() + 1 or code.right() <= width / 2
        assert code.left() == pytest.approx(margin(rtl), abs=1)
    assert aligned_right(rtl.item("endHeading"))
    number = find_item(rtl.item("endHotlines"), "groupMain0")
    assert number is not None
    assert aligned_right(number)
    assert rect(number).right() == pytest.approx(width - margin(rtl), abs=1)
    assert number.property("text") == f"{LRI}1-800-THE-LOST{PDI}"


def test_the_kiosk_s_own_words_align_right_in_touch_mode(rtl: SceneDriver) -> None:
    # The kiosk has no Arabic translation: its words are English, still against the right edge.
    rtl.click_at(rtl.window.width() // 2, rtl.window.height() // 3)
    assert aligned_right(rtl.item("lessonHeader"))
    assert aligned_right(rtl.item("menuHeading"))
    header = rect(rtl.item("lessonHeader"))
    assert header.right() == pytest.approx(rtl.window.width() - margin(rtl), abs=1)


def test_the_card_s_accent_bar_is_at_the_words_right(rtl: SceneDriver) -> None:
    rtl.click_at(rtl.window.width() // 2, rtl.window.height() // 3)
    rtl.click("lessonTile0")
    assert rtl.screen() == "card"
    rule, headline = rect(rtl.item("cardRule")), rect(rtl.item("cardHeadline"))
    assert rule.right() == pytest.approx(headline.right(), abs=1)


def test_an_arabic_title_keeps_its_version_after_it_in_the_notice(rtl: SceneDriver) -> None:
    from kiosk.intake.install import InstallResult
    from kiosk.intake.store import PackRef

    installed = InstallResult("installed", "/media/stick/x.kpack", PackRef("test-rtl", "1.0.0"))
    rtl.scene.staff.show_notice(installed, "حزمة اختبار")
    # The title in a first-strong isolate, the version in a left-to-right one (mirrored layout).
    assert rtl.item("staffNoticeText").property("text") == (
        f"New content installed: \u2068حزمة اختبار\u2069 {LRI}1.0.0{PDI}"
    )
    notice = rect(rtl.item("staffNotice"))
    assert notice.right() == pytest.approx(rtl.window.width() - margin(rtl), abs=1)
