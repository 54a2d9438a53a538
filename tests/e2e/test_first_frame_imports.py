"""What `kiosk run` has imported when its first frame is on screen, and what comes after.

Everything imported before the first frame is start-up time a visitor waits through. The attract
loop needs the pack, its settings, the bridges QML binds to and the QR codes it shows; the other
commands' parsers, the pack watcher and the install path, the kiosk.yaml reloader, metrics, fleet
sync, segno and the ``urllib``/``http``/``ssl`` chain wait until the first frame is shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# `kiosk run` itself, with a look at sys.modules at its first frame and two seconds later.
RUN = """
import json, linecache, sys
from PySide6.QtCore import QTimer
import kiosk.ui.app as app

seen = {}
first_frame = app._log_first_frame

def watched(*args):
    log = first_frame(*args)
    def at_first_frame():
        log()
        seen["first"] = sorted(sys.modules)
        seen["source_lines"] = sorted(name for name in linecache.cache if "/kiosk/" in name)
        QTimer.singleShot(2000, lambda: seen.setdefault("later", sorted(sys.modules)))
    return at_first_frame

app._log_first_frame = watched
from kiosk.cli import main
code = main(["run", "--exit-after", "4"])
json.dump(seen, open(sys.argv[1], "w"))
sys.exit(code)
"""

NOT_BEFORE_THE_FIRST_FRAME = (
    "kiosk.cli.pack",
    "kiosk.cli.keys",
    "kiosk.cli.status",
    "kiosk.cli.staff",
    "kiosk.cli.fleet",
    "kiosk.cli.stats",
    "kiosk.cli.render",
    "kiosk.platform.watcher",
    "kiosk.ui.config_reload",
    "kiosk.ui.metrics_feed",
    "kiosk.ui.sync_timer",
    "kiosk.render",
    "segno",
    "xml.sax",
    "urllib.request",
    "http.client",
    "ssl",
)
AFTER_IT = ("kiosk.platform.watcher", "kiosk.ui.config_reload")
# Not loaded at all while the kiosk only plays (no install, no staff PIN, no alert feed or
# photo, no metrics or fleet in kiosk.yaml): OpenSSL's libcrypto through hashlib
# (kiosk.common.digest), Pillow and the CAP parser's XML through the alert poll, the metrics
# model and the fleet.
NEVER_WHILE_IT_ONLY_PLAYS = (
    "hashlib",
    "_hashlib",
    "hmac",
    "PIL",
    "xml.etree.ElementTree",
    "defusedxml.ElementTree",
    "kiosk.ops.metrics",
    "kiosk.ui.metrics_feed",
    "kiosk.fleet",
    "kiosk.ui.sync_timer",
)


def test_the_first_frame_comes_before_what_the_loop_does_not_need(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_HOME": str(tmp_path / "home")}
    seen = tmp_path / "seen.json"

    def start() -> dict[str, list[str]]:
        done = subprocess.run(
            [sys.executable, "-c", RUN, str(seen)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        data: dict[str, list[str]] = json.loads(seen.read_text())
        return data

    start()  # the first start on this home makes its QR code cache
    modules = start()
    early = [name for name in NOT_BEFORE_THE_FIRST_FRAME if name in modules["first"]]
    assert early == []
    assert set(AFTER_IT) <= set(modules["later"])  # started once the frame was shown
    assert [name for name in NEVER_WHILE_IT_ONLY_PLAYS if name in modules["later"]] == []
    assert modules["source_lines"] == []  # kiosk.platform.qt_feature: no module's source kept
