"""docs/kiosk-alerts.yml, the example alert rules of issue 27, checked by Debian's promtool.

``promtool check rules`` says the file loads; ``promtool test rules`` feeds it made-up series of
a broken kiosk (k1) and a healthy one (k2) and says which alerts fire: kiosk down, on its
fallback pack, self-check failing, sync stale. Skipped where promtool is missing (Debian's
``prometheus`` package; ``make system-deps`` installs it).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests import REPO_DIR

PROMTOOL = shutil.which("promtool")
RULES = REPO_DIR / "docs" / "kiosk-alerts.yml"

pytestmark = pytest.mark.skipif(PROMTOOL is None, reason="promtool (Debian: prometheus) missing")

# k1 goes wrong one way after another; k2 stays healthy and must never fire. One sample a
# minute; the sync age grows an hour a minute, so "6 hours" is reached at minute 7.
UNIT_TESTS = """
rule_files: [{rules}]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - {{series: 'up{{job="kiosk", instance="k1"}}', values: '1 0x30'}}
      - {{series: 'up{{job="kiosk", instance="k2"}}', values: '1x30'}}
      - {{series: 'kiosk_crash_loop_fallback{{job="kiosk", instance="k1"}}', values: '0 1x30'}}
      - {{series: 'kiosk_crash_loop_fallback{{job="kiosk", instance="k2"}}', values: '0x30'}}
      - {{series: 'kiosk_self_check_failures_in_a_row{{job="kiosk", instance="k1"}}',
         values: '0 1 2x30'}}
      - {{series: 'kiosk_self_check_failures_in_a_row{{job="kiosk", instance="k2"}}',
         values: '0 1 0x30'}}
      - {{series: 'kiosk_sync_age_seconds{{job="kiosk", instance="k1"}}', values: '0+3600x30'}}
      - {{series: 'kiosk_sync_age_seconds{{job="kiosk", instance="k2"}}', values: '600x30'}}
    alert_rule_test:
      - eval_time: 3m
        alertname: KioskDown
      - eval_time: 10m
        alertname: KioskDown
        exp_alerts:
          - exp_labels: {{severity: page, job: kiosk, instance: k1}}
            exp_annotations:
              summary: "Kiosk k1 does not answer /metrics"
              description: "No scrape for 5 minutes: the kiosk PC is off, off the network, or
                the kiosk is not running (systemctl status kiosk on that PC)."
      - eval_time: 10m
        alertname: KioskOnFallbackPack
        exp_alerts:
          - exp_labels: {{severity: ticket, job: kiosk, instance: k1}}
            exp_annotations:
              summary: "Kiosk k1 is not showing its live pack"
              description: "The crash-loop guard set the live pack aside after failed starts;
                `kiosk status` on the kiosk says which pack failed and which one shows instead."
      - eval_time: 15m
        alertname: KioskSelfCheckFailing
        exp_alerts:
          - exp_labels: {{severity: ticket, job: kiosk, instance: k1}}
            exp_annotations:
              summary: "Kiosk k1: the QR on screen does not read as its link"
              description: "The kiosk decodes its own QR every few minutes; 2 checks in a row
                failed. A phone may not be able to scan it (glare, a broken panel, a covered
                corner)."
      - eval_time: 25m
        alertname: KioskSyncStale
        exp_alerts:
          - exp_labels: {{severity: ticket, job: kiosk, instance: k1}}
            exp_annotations:
              summary: "Kiosk k1 has not synced for 1d 1h 0m 0s"
              description: "The screen keeps its pack offline; this only says new packs do not
                arrive."
"""


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PROMTOOL), *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_the_example_alert_rules_load() -> None:
    checked = _promtool("check", "rules", str(RULES))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS: 10 rules found" in checked.stdout


def test_the_example_alerts_fire_for_a_broken_kiosk_only(tmp_path: Path) -> None:
    tests = tmp_path / "kiosk-alerts-test.yml"
    tests.write_text(UNIT_TESTS.format(rules=RULES), encoding="utf-8")
    tested = _promtool("test", "rules", str(tests))
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout
