"""The binding must not lose references to True/False/None: on Python 3.11 that aborts the kiosk.

PySide6 6.12.0 dropped a reference to ``True`` on every emit, and CPython aborted the process with
"bool_dealloc" after a few thousand emits (about 2.4 hours of attract loop). pyproject.toml keeps
6.12 off Python 3.11; this test would catch the next binding release that does the same.
"""

import json
import subprocess
import sys
from pathlib import Path

PROBE = Path(__file__).with_name("refcount_probe.py")


def test_twenty_thousand_emits_of_every_signature_lose_no_reference() -> None:
    result = subprocess.run(
        [sys.executable, str(PROBE)], capture_output=True, text=True, timeout=120, check=False
    )
    # A native abort (SIGABRT, -6) is the failure this guards against: it must not happen at all.
    assert result.returncode == 0, f"probe died with {result.returncode}:\n{result.stderr}"
    report = json.loads(result.stdout)
    assert report["queued"] == 3 * 20_000  # the queued copies really were delivered
    if report["immortal"]:
        return  # Python 3.12+: the counts of immortal objects mean nothing; surviving is the check
    lost = {what: n for what, n in report["lost"].items() if n > 0}
    assert lost == {}, f"references lost (the process would abort in time): {lost}"
    # A few references held by objects still in flight are fine; thousands would be a leak.
    leaked = {what: -n for what, n in report["lost"].items() if n < -100}
    assert leaked == {}, f"references gained in proportion to the emits: {leaked}"
