"""PackPicture: a pack picture decodes off the GUI thread, is given up when too slow (issue 23)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine

import kiosk.ui.pictures  # noqa: F401  # registers the Pictures singleton PackPicture.qml calls
from kiosk.common import paths
from kiosk.content.svg import svg_problem

# Long crossing strokes over the whole canvas: QSvgRenderer needs over a second for these at
# 1920x1080 on the CI machine, far over the 150 ms limit below. The validator now refuses them
# (450 picture sizes of outline); the time limit stays the second line, for a pack installed
# before these limits and for what the measure cannot foresee (a slower machine).
SLOW_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256">'
    + "".join(f'<path d="M{i % 250} 2 L{250 - i % 250} 254" stroke="#fff"/>' for i in range(450))
    + "</svg>"
)


def picture(engine: QQmlEngine, source: Path, limit_millis: int) -> QObject:
    component = QQmlComponent(engine, engine)  # the engine keeps it, and what it makes
    component.setData(
        b"import Kiosk\nPackPicture { width: 1920; height: 1080; "
        b"sourceSize.width: 1920; sourceSize.height: 1080 }",
        QUrl.fromLocalFile(str(paths.qml_dir() / "Test.qml")),
    )
    item = component.createWithInitialProperties(
        {"source": QUrl.fromLocalFile(str(source)), "limitMillis": limit_millis}
    )
    assert item is not None, [e.toString() for e in component.errors()]
    QQmlEngine.setObjectOwnership(item, QQmlEngine.ObjectOwnership.CppOwnership)
    item.setParent(engine)
    return item


def test_a_slow_picture_never_stops_the_gui_thread_and_is_given_up(
    qapp, qtbot, tmp_path, caplog
) -> None:
    slow = tmp_path / "slow\nname.svg"  # a name that would forge a log line if written raw
    slow.write_text(SLOW_SVG, encoding="utf-8")
    assert svg_problem(slow) is not None  # the first line of defence refuses it
    engine = QQmlEngine()
    engine.addImportPath(str(paths.qml_dir()))
    gaps: list[float] = []
    last = time.monotonic()

    def tick() -> None:
        nonlocal last
        now = time.monotonic()
        gaps.append(now - last)
        last = now

    ticker = QTimer()
    ticker.timeout.connect(tick)
    ticker.start(10)
    caplog.set_level(logging.WARNING, logger="kiosk.ui.pictures")
    started = time.monotonic()
    item = picture(engine, slow, limit_millis=150)
    assert item.property("decoding") is True
    qtbot.waitUntil(lambda: item.property("late") is True, timeout=3_000)
    given_up_after = time.monotonic() - started
    assert item.property("opacity") == 0  # shown as nothing
    assert item.property("decoding") is False
    # The GUI thread kept turning while the picture decoded on Qt's reader thread: the limit's
    # timer (on the GUI thread) fired mid-decode, and no tick of ours waited for the decode.
    assert max(gaps) < 0.5, max(gaps)
    assert given_up_after < 1.0
    lines = [r.getMessage() for r in caplog.records]
    quoted = '"' + str(slow).replace("\n", "\\n") + '"'
    assert lines == [f"picture {quoted} did not decode within 0.1 s: it is shown as nothing"]
    # The same file late again (another slide shows it) is not logged again.
    again = picture(engine, slow, limit_millis=150)
    qtbot.waitUntil(lambda: again.property("late") is True, timeout=3_000)
    assert len(caplog.records) == 1
    ticker.stop()
    # Let the reader finish before the engine goes, so the next test starts from a quiet thread.
    qtbot.waitUntil(lambda: item.property("progress") == 1.0, timeout=20_000)


def test_a_default_picture_decodes_well_within_the_limit(qapp, qtbot) -> None:
    engine = QQmlEngine()
    engine.addImportPath(str(paths.qml_dir()))
    bus = paths.default_pack_dir() / "images" / "bus.svg"
    item = picture(engine, bus, limit_millis=5_000)
    qtbot.waitUntil(lambda: item.property("decoding") is False, timeout=5_000)
    assert item.property("late") is False
    assert item.property("opacity") == 1
    assert item.property("progress") == 1.0
