"""build_spec/kiosk.service: what systemd needs to restart a frozen kiosk, checked by systemd."""

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import REPO_DIR

UNIT = REPO_DIR / "build_spec" / "kiosk.service"
# What a build machine cannot have: the kiosk PC's programs and its `kiosk` user.
EXPECTED_ON_A_BUILD_MACHINE = re.compile(
    r"is not executable: No such file or directory"
    r"|Failed to resolve (user|group)|(user|group) .* (not found|does not exist)"
)
needs_systemd_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed"
)


def unit_sections(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(text)
    return parser


def verify(path: Path) -> list[str]:
    result = subprocess.run(
        ["systemd-analyze", "verify", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]


def test_the_unit_asks_for_the_watchdog_and_accepts_the_kiosks_messages() -> None:
    unit = unit_sections(UNIT.read_text())
    service = unit["Service"]
    assert service["Type"] == "notify"
    assert service["NotifyAccess"] == "all"  # the kiosk is xinit's child, not the main process
    assert int(service["WatchdogSec"]) > 0
    assert service["Restart"] == "always"
    assert {"StartLimitIntervalSec", "StartLimitBurst"} <= set(unit["Unit"])
    assert not {"StartLimitIntervalSec", "StartLimitBurst"} & set(service)


def test_the_kiosk_has_a_runtime_directory_for_speech_dispatcher() -> None:
    """Without a login session there is no XDG_RUNTIME_DIR; systemd makes the one the unit names."""
    service = unit_sections(UNIT.read_text())["Service"]
    assert service["RuntimeDirectory"] == "kiosk"
    assert "XDG_RUNTIME_DIR=/run/kiosk" in service["Environment"].split()


@needs_systemd_analyze
def test_systemd_analyze_verify_reports_only_what_a_build_machine_lacks() -> None:
    unexpected = [line for line in verify(UNIT) if not EXPECTED_ON_A_BUILD_MACHINE.search(line)]
    assert unexpected == []


@needs_systemd_analyze
def test_verify_would_catch_a_start_limit_in_the_wrong_section(tmp_path: Path) -> None:
    """The check above can fail: the old unit's mistake is reported."""
    text = UNIT.read_text().replace("[Service]\n", "[Service]\nStartLimitIntervalSec=300\n", 1)
    broken = tmp_path / "kiosk.service"
    broken.write_text(text)
    expected = "Unknown key 'StartLimitIntervalSec' in section [Service]"
    assert any(expected in line for line in verify(broken))
