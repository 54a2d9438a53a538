"""The snapshot sees what a person sees: a text cut or hidden by a clipping ancestor is overflow.

Issue 24: answers and feedback cut by a scroll area's edge, or scrolled wholly below a question,
passed the old check. Each case here is a deliberately clipped QML item.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.render.snapshot import overflowing_texts

SCREEN = (800.0, 600.0)

QML = b"""
import QtQuick
Item {
    width: 800; height: 600
    // A line sliced through by a clipping area's bottom edge (the third answer, issue 24).
    Item {
        y: 0; width: 400; height: 50; clip: true
        Text { objectName: "sliced"; y: 30; text: "Call 911"; font.pixelSize: 40 }
    }
    // Wholly below a clipping area that does not scroll: a person never sees it.
    Item {
        y: 100; width: 400; height: 50; clip: true
        Text { objectName: "hidden"; y: 80; text: "Note the plate"; font.pixelSize: 20 }
    }
    // Inside a clipping area, whole.
    Item {
        y: 200; width: 400; height: 60; clip: true
        Text { objectName: "whole"; y: 5; text: "Stay back"; font.pixelSize: 20 }
    }
    // Past the window's right edge.
    Text { objectName: "offRight"; x: 700; y: 300; text: "1-800-THE-LOST"; font.pixelSize: 40 }
    // A scroll area whose only cue is a thin bar: answers below its edge are not seen.
    Flickable {
        y: 360; width: 400; height: 60; clip: true; contentHeight: 400
        Text { objectName: "belowBar"; y: 200; text: "Answer four"; font.pixelSize: 20 }
    }
    // A scroll area that names a showing cue ("More below"): what is wholly below it is
    // reachable, but a line its edge cuts is still cut.
    Flickable {
        id: cued
        property Item scrollCue: more
        y: 440; width: 400; height: 60; clip: true; contentHeight: 400
        Text { objectName: "belowCue"; y: 200; text: "Memory"; font.pixelSize: 20 }
        Text { objectName: "cutAtCue"; y: 45; text: "Disk"; font.pixelSize: 30 }
    }
    Text { id: more; y: 520; text: "More below"; font.pixelSize: 20 }
}
"""


@pytest.fixture
def root(qapp) -> Iterator[QQuickItem]:
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(QByteArray(QML), QUrl())
    item = component.create()
    assert isinstance(item, QQuickItem), component.errors()
    window = QQuickWindow()
    window.resize(800, 600)
    item.setParentItem(window.contentItem())
    window.show()
    yield item
    window.close()
    item.deleteLater()
    engine.deleteLater()


def test_cut_and_hidden_texts_are_overflow_and_whole_ones_are_not(root: QQuickItem) -> None:
    found = set(overflowing_texts(root, SCREEN))
    assert found == {"sliced", "hidden", "offRight", "belowBar", "cutAtCue"}


def test_a_cue_that_does_not_show_tells_nobody(root: QQuickItem) -> None:
    cue = next(i for i in root.childItems() if i.property("text") == "More below")
    cue.setVisible(False)
    assert "belowCue" in overflowing_texts(root, SCREEN)
