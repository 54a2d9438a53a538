"""Issue 27: the GUI thread's snapshot for the metrics threads, and a kiosk without the library."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from kiosk.config import MetricsSettings
from kiosk.ops.health import Health, SelfCheckResult
from kiosk.ops.metrics import Snapshot
from kiosk.ui.metrics_feed import MetricsFeed, start_metrics
from tests.helpers import SceneDriver


class Exporter:
    """Stands in for MetricsExporter: keeps what the feed publishes."""

    def __init__(self) -> None:
        self.published: list[Snapshot] = []

    def publish(self, snapshot: Snapshot) -> None:
        self.published.append(snapshot)

    def start(self) -> None: ...

    def stop(self) -> None: ...


def test_the_snapshot_says_the_pack_on_screen_the_schedule_and_the_self_check(
    scene: SceneDriver,
) -> None:
    health = Health(started=1000.0)
    health.record(SelfCheckResult(at=1500.0, expected="https://a", found=()))
    exporter = Exporter()
    feed = MetricsFeed(
        exporter,  # type: ignore[arg-type]
        scene.attract,
        scene.scene.schedule,
        health,
        clock=lambda: 2000.0,
        parent=scene.scene.engine,
    )
    feed.publish()
    pack = scene.attract.pack
    [first] = exporter.published
    assert (first.pack_id, first.pack_version) == (pack.id, pack.version)
    assert first.pack_origin == "built-in"
    assert (first.published, first.started, first.open) == (2000.0, 1000.0, True)
    assert (first.self_check_at, first.self_check_ok, first.self_check_failed_in_a_row) == (
        1500.0,
        False,
        1,
    )
    assert first.slide_ids == {slide.id for slide in pack.slides}
    assert first.lesson_ids == {lesson.id for lesson in pack.lessons}

    scene.scene.schedule.show_closed(None)
    feed.publish()
    assert exporter.published[-1].open is False


def test_without_prometheus_client_the_kiosk_says_so_and_runs_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "prometheus_client", None)  # import fails as if missing
    monkeypatch.delitem(sys.modules, "kiosk.ops.metrics_export", raising=False)
    with caplog.at_level(logging.ERROR, logger="kiosk.ui.metrics_feed"):
        feed = start_metrics(
            tmp_path,
            MetricsSettings(port=9464),
            None,  # type: ignore[arg-type]
            None,  # type: ignore[arg-type]
            Health(),
            author_pack=False,
            parent=None,  # type: ignore[arg-type]
        )
    assert feed is None
    [record] = caplog.records
    assert "metrics are off" in record.getMessage()
    assert "pip install 'kiosk[fleet]'" in record.getMessage()
