"""Issue 27, done when "Prometheus scrapes a running kiosk and a query returns its live pack".

The real kiosk (``python -m kiosk run``, offscreen) with ``kiosk.yaml`` ``metrics: {listen}``,
Debian's ``promtool check metrics`` on what it serves, then Debian's real Prometheus on
127.0.0.1 scraping it every second, asked over its HTTP API for ``kiosk_pack_info``. Both are in
the ``prometheus`` Debian package (``make system-deps``); the test is skipped without them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.packs import NO_STICKS

PROMTOOL = shutil.which("promtool")
PROMETHEUS = shutil.which("prometheus")
BUNDLED_PACK = "us-awareness"

pytestmark = pytest.mark.skipif(
    PROMTOOL is None or PROMETHEUS is None,
    reason="Debian's prometheus package (promtool, prometheus) is not installed",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - http, loopback
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def _until(what: str, seconds: float, look: object) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = look()  # type: ignore[operator]
        if found:
            return str(found)
        time.sleep(0.2)
    raise AssertionError(f"{what} not within {seconds} s")


@contextmanager
def _process(args: list[str], **options: object) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **options
    )  # type: ignore[call-overload]
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def test_prometheus_scrapes_a_running_kiosk_and_finds_its_live_pack(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    port = _free_port()
    (home / "kiosk.yaml").write_text(f'metrics: {{listen: "127.0.0.1:{port}"}}\n' + NO_STICKS)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_HOME": str(home)}
    kiosk = [sys.executable, "-m", "kiosk", "run", "--exit-after", "60", "--slide-seconds", "2"]
    with _process(kiosk, env=env) as running:
        metrics_url = f"http://127.0.0.1:{port}/metrics"
        text = _until("/metrics", 30, lambda: running.poll() is None and _get(metrics_url))
        checked = subprocess.run(
            [str(PROMTOOL), "check", "metrics"], input=text, capture_output=True, text=True,
            timeout=30, check=False,
        )  # fmt: skip
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert f'kiosk_pack_info{{id="{BUNDLED_PACK}"' in text

        web = _free_port()
        config = tmp_path / "prometheus.yml"
        config.write_text(
            "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
            "scrape_configs:\n"
            f"  - job_name: kiosk\n    static_configs: [{{targets: ['127.0.0.1:{port}']}}]\n"
        )
        prometheus = [
            str(PROMETHEUS),
            f"--config.file={config}",
            f"--storage.tsdb.path={tmp_path / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{web}",
        ]
        with _process(prometheus, cwd=tmp_path) as server:
            query = urllib.parse.urlencode({"query": "kiosk_pack_info"})
            api = f"http://127.0.0.1:{web}/api/v1/query?{query}"

            def answered() -> str | None:
                body = _get(api)
                if body is None or server.poll() is not None:
                    return None
                result = json.loads(body)["data"]["result"]
                return json.dumps(result) if result else None

            [series] = json.loads(_until("Prometheus's answer", 20, answered))
    assert series["metric"]["id"] == BUNDLED_PACK
    assert series["metric"]["origin"] == "built-in"
    assert series["metric"]["job"] == "kiosk"
    assert series["value"][1] == "1"
