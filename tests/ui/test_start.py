"""The start frame on the screen side: reading a kept one, keeping a new one, bad files on disk."""

from __future__ import annotations

import errno
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QGuiApplication, QImage

from kiosk.content.files import is_plain_file
from kiosk.launch import RunOptions
from kiosk.ops import startframe
from kiosk.ops.startframe import Record, TimeRule
from kiosk.ui import start
from kiosk.ui.start import StartFrame, forget_start_frame, keep_start_frame

SIZE = (320, 180)
KEY = "c" * 64
ALWAYS = TimeRule(lambda when: None, timed=False)
SHOWS = "installed: us-awareness 2026.11.7"


def _picture(color: str = "#0e2038") -> QImage:
    image = QImage(*SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    return image


def _now(job: Callable[[], None], returned: Callable[[None], None], errored: object) -> bool:
    job()  # the worker's run, here on the calling thread
    returned(None)
    return True


def _keep(home: Path, image: QImage | None = None, rule: TimeRule | None = ALWAYS) -> bool:
    frame = StartFrame(home, KEY, None)
    return keep_start_frame(lambda: image or _picture(), frame, SHOWS, rule, _now)


def test_a_first_frame_is_kept_and_read_back_the_same(
    qapp: QGuiApplication, tmp_path: Path
) -> None:
    assert _keep(tmp_path)
    record = startframe.record_from_json(
        json.loads((tmp_path / startframe.RECORD_FILE).read_text())
    )
    assert record is not None
    assert record.key == KEY
    assert record.size == SIZE
    assert record.valid_until is None
    assert abs(record.written - time.time()) < 60
    read = start._read_image(tmp_path / startframe.IMAGE_FILE, SIZE)
    assert read is not None
    assert read.convertToFormat(QImage.Format.Format_RGB32) == _picture()
    assert not list(tmp_path.glob(".*tmp"))  # nothing half-written left behind


def test_a_picture_left_half_written_by_a_power_cut_is_cleared(
    qapp: QGuiApplication, tmp_path: Path
) -> None:
    stale = tmp_path / f".{startframe.IMAGE_FILE}.4242.tmp"
    stale.write_bytes(b"P6\n320 180\n255\n")
    assert _keep(tmp_path)
    assert not stale.exists()
    assert (tmp_path / startframe.IMAGE_FILE).exists()


def test_a_start_with_a_shown_frame_keeps_nothing_new(
    qapp: QGuiApplication, tmp_path: Path
) -> None:
    frame = StartFrame(tmp_path, KEY, None)
    frame.shown = True
    frame.record = Record(KEY, time.time(), None, SIZE, SHOWS)
    assert not keep_start_frame(_picture, frame, SHOWS, ALWAYS, _now)
    assert not (tmp_path / startframe.RECORD_FILE).exists()
    assert not keep_start_frame(_picture, StartFrame(tmp_path, None, None), SHOWS, ALWAYS, _now)


def test_an_untrusted_clock_keeps_nothing_and_forgets_the_old(
    qapp: QGuiApplication, tmp_path: Path
) -> None:
    assert _keep(tmp_path)
    assert not _keep(tmp_path, rule=None)
    assert not (tmp_path / startframe.RECORD_FILE).exists()


def test_a_failed_write_leaves_no_record(
    qapp: QGuiApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    assert _keep(tmp_path)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(start, "write_json_atomic", full)
    errors: list[Exception] = []

    def run(
        job: Callable[[], None], returned: object, errored: Callable[[Exception], None]
    ) -> bool:
        try:
            job()
        except OSError as exc:
            errors.append(exc)
            errored(exc)
        return True

    with caplog.at_level(logging.WARNING):
        keep_start_frame(_picture, StartFrame(tmp_path, KEY, None), SHOWS, ALWAYS, run)
    assert errors
    assert "No space left on device" in caplog.text
    # The old record went first: no record names a picture it was not written with.
    assert not (tmp_path / startframe.RECORD_FILE).exists()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"P6\n320 180\n255\n" + b"\0" * 10,  # cut short (a power cut while it was written)
        b"\x89PNG\r\n\x1a\n not a picture at all",
        b"P6\n99999 99999\n255\n",  # a header asking for gigabytes
    ],
)
def test_a_damaged_picture_is_not_shown(
    qapp: QGuiApplication, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / startframe.IMAGE_FILE
    path.write_bytes(content)
    assert start._read_image(path, SIZE) is None


def test_a_picture_of_another_size_or_too_big_is_not_shown(
    qapp: QGuiApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _keep(tmp_path)
    path = tmp_path / startframe.IMAGE_FILE
    assert start._read_image(path, (SIZE[0], SIZE[1] + 1)) is None
    monkeypatch.setattr(startframe, "MAX_IMAGE_BYTES", 100)
    assert start._read_image(path, SIZE) is None
    assert start._read_image(tmp_path / "missing.ppm", SIZE) is None


def test_the_window_paints_the_picture_then_lets_it_go(
    qapp: QGuiApplication, tmp_path: Path
) -> None:
    frame = StartFrame(tmp_path, KEY, Record(KEY, time.time(), None, SIZE, SHOWS))
    frame.show(qapp, _picture("#ffcc44"), QRect(0, 0, *SIZE))
    assert frame.shown
    assert frame.window is not None
    assert frame.window.isVisible()
    # Once the window system has the pixels, neither the picture nor the backing store is held
    # (8 MB at 1080p each, while the live scene builds its own).
    assert not frame.window.holds_pixels()
    assert not frame.needs_keeping(SHOWS)
    window = frame.window
    frame.dismiss()
    assert frame.window is None
    assert not window.isVisible()
    frame.dismiss()  # twice is harmless (the live window's first frame, then the end of run)


def test_forgetting_twice_is_harmless(tmp_path: Path) -> None:
    forget_start_frame(tmp_path)
    forget_start_frame(tmp_path / "no-such-home")


def test_a_frame_shown_of_something_else_than_the_start_showed_is_kept_anew(
    qapp: QGuiApplication, tmp_path: Path
) -> None:
    # The live pack was refused at load (its signature damaged): the same inputs, another pack.
    frame = StartFrame(tmp_path, KEY, Record(KEY, time.time(), None, SIZE, SHOWS))
    frame.shown = True
    bundled = "the bundled default pack: us-awareness 2026.11.7"
    assert frame.needs_keeping(bundled)
    assert keep_start_frame(_picture, frame, bundled, ALWAYS, _now)
    kept = startframe.record_from_json(json.loads((tmp_path / startframe.RECORD_FILE).read_text()))
    assert kept is not None
    assert kept.shows == bundled


def test_a_fifo_where_the_files_go_blocks_nothing(qapp: QGuiApplication, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / startframe.IMAGE_FILE)
    os.mkfifo(tmp_path / startframe.RECORD_FILE)
    assert start._read_image(tmp_path / startframe.IMAGE_FILE, SIZE) is None
    assert not is_plain_file(tmp_path / startframe.RECORD_FILE)


def test_anything_going_wrong_in_the_start_frame_leaves_the_start_alone(
    qapp: QGuiApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    def broken(*args: object) -> start.StartFrame:
        raise OverflowError("timestamp out of range for platform time_t")

    monkeypatch.setattr(start, "_try_start_frame", broken)
    options = RunOptions(home=tmp_path)
    with caplog.at_level(logging.ERROR):
        frame = start._start_frame(qapp, options)
    assert frame.key is None
    assert frame.window is None
    assert "start frame skipped" in caplog.text
