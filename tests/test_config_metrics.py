"""kiosk.yaml ``metrics``: where /metrics listens and where the textfile goes (issue 27)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.common.problems import PackError
from kiosk.config import MetricsSettings, load_config, parse_listen, setting_changes


def _load(tmp_path: Path, text: str, *, strict: bool = False):
    path = tmp_path / "kiosk.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, strict=strict)


@pytest.mark.parametrize(
    ("given", "host", "port"),
    [
        (9464, "127.0.0.1", 9464),  # a port alone stays on this machine
        ("9464", "127.0.0.1", 9464),
        ("127.0.0.1:9464", "127.0.0.1", 9464),
        ("0.0.0.0:9100", "0.0.0.0", 9100),  # noqa: S104 - every interface, as written out
        ("[::1]:9464", "::1", 9464),
        ("localhost:9464", "localhost", 9464),
    ],
)
def test_listen_forms(given: object, host: str, port: int) -> None:
    assert parse_listen(given) == (host, port)


def test_metrics_settings_from_kiosk_yaml(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        "metrics:\n  listen: 9464\n  textfile: /var/lib/node/kiosk.prom\n  every_seconds: 15\n",
    )
    assert config.problems == ()
    assert config.metrics == MetricsSettings("127.0.0.1", 9464, "/var/lib/node/kiosk.prom", 15)
    assert _load(tmp_path, "venue: transit\n").metrics is None


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("metrics: {listen: 'kiosk.example.org:9464'}", "metrics.listen", "IP address"),
        ("metrics: {listen: '127.0.0.1:0'}", "metrics.listen", "1 to 65535"),
        ("metrics: {listen: '127.0.0.1:http'}", "metrics.listen", "1 to 65535"),
        ("metrics: {textfile: kiosk.prom}", "metrics.textfile", "absolute"),
        ("metrics: {textfile: /tmp/kiosk.txt}", "metrics.textfile", ".prom"),
        ("metrics: {every_seconds: 1, listen: 9464}", "metrics.every_seconds", ""),
        ("metrics: {}", "metrics", ""),
        ("metrics: {port: 9464}", "metrics", "port"),
    ],
)
def test_a_broken_metrics_key_is_a_problem_and_no_metrics(
    tmp_path: Path, text: str, field: str, words: str
) -> None:
    config = _load(tmp_path, text + "\n")
    assert config.metrics is None  # the kiosk runs on, without metrics
    [problem] = config.problems
    assert problem.field == field
    assert words in problem.message
    assert problem.line == 1
    with pytest.raises(PackError):
        _load(tmp_path, text + "\n", strict=True)


def test_metrics_take_effect_at_the_next_start(tmp_path: Path) -> None:
    before = _load(tmp_path, "venue: transit\n")
    after = _load(tmp_path, "venue: transit\nmetrics: {listen: 9464}\n")
    assert setting_changes(before, after) == ((), ("metrics",))
