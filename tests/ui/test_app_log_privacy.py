"""The log holds no personal data: a visitor's whole session leaves no answer, choice or lesson.

The session runs in the real QML (taps on the lesson tile, the choices, the language and
accessibility buttons' slots) with the real ``KIOSK_HOME/logs/kiosk.log`` handler at debug level.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.ops.logfile import add_file_log
from kiosk.playback.session import MAX_PARTS
from tests.helpers import SceneDriver


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)  # `kiosk run -v`: the most the kiosk ever writes
    handler = add_file_log(tmp_path)
    assert handler is not None
    try:
        yield tmp_path / "logs" / "kiosk.log"
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(level)


def test_a_visitors_session_leaves_no_answer_choice_or_lesson_in_the_log(
    scene: SceneDriver, log_file: Path
) -> None:
    pack = scene.attract.pack
    index = len(pack.lessons) - 1  # not the first tile: a "lesson 0" would prove nothing
    lesson = pack.lessons[index]
    scene.click_at(600, 500)
    assert scene.screen() == "menu"
    scene.scene.access.toggle()  # the visitor turns accessibility mode on ...
    scene.click(f"lessonTile{index}")
    assert scene.screen() == "card"
    other = next(code for code in pack.languages if code != pack.languages[0])
    scene.session.setLanguage(other)  # ... and reads in another language
    for _ in lesson.cards:
        scene.next_screen()
    for question in lesson.questions:
        assert scene.screen() == "question"
        wrong = next(i for i, c in enumerate(question.choices) if not c.correct)
        for _ in range(MAX_PARTS):  # large text pages the choices: Next to the wrong one
            if scene.item(f"choice{wrong}").isVisible():
                break
            scene.click("nextButton")
        scene.click(f"choice{wrong}")
        scene.next_screen()
    assert scene.screen() == "end"
    scene.click("nextButton")
    assert scene.screen() == "attract"

    text = log_file.read_text(encoding="utf-8")
    assert "screen menu -> card" in text  # the session itself was logged, for operators
    secret = [lesson.id]
    secret += [value for value in lesson.title.texts.values() if value]
    for question in lesson.questions:
        for choice in question.choices:
            secret += [value for value in choice.text.texts.values() if len(value) > 3]
            secret += [value for value in choice.why.texts.values() if value]
    for value in secret:
        assert value not in text, value
    assert not re.search(rf"\b{re.escape(other)}\b", text)  # the language picked
    assert not re.search(r"\b(answer|choice)\w*[ =:]+\d", text, re.IGNORECASE)
    assert "accessibility mode" not in text


def test_the_log_is_rotated_by_size(tmp_path: Path) -> None:
    logger = logging.getLogger("kiosk.test.rotation")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    # Every line written: rotation is the point here, not the flood guard (tests/ops/test_logfile).
    handler = add_file_log(tmp_path, max_bytes=2_000, backups=2, logger=logger, burst=1_000)
    assert handler is not None
    try:
        for i in range(200):
            logger.info("line %03d of an operator's log, padded to a realistic length", i)
    finally:
        logger.removeHandler(handler)
        handler.close()
    folder = tmp_path / "logs"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]  # older ones are dropped
    assert all(p.stat().st_size <= 2_000 for p in folder.iterdir())
    assert "line 199" in (folder / "kiosk.log").read_text(encoding="utf-8")


def test_an_unwritable_logs_folder_logs_to_stderr_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "logs").write_text("a file where the folder should be")  # cannot be a folder
    with caplog.at_level(logging.WARNING):
        assert add_file_log(tmp_path) is None
    said = [r.getMessage() for r in caplog.records if "logging to stderr only" in r.getMessage()]
    assert len(said) == 1
