"""`kiosk run` loads the live kiosk only: nothing from the render room (snapshot, fit check,
contrast, preview), which the import-linter contract forbids by static imports; this checks the
running process, where a lazy import inside a function would also show."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.packs import home_without_sticks

# The kiosk's own entry point, then the names of every kiosk module the process loaded.
RUN_AND_LIST = """
import json, sys
from kiosk.cli import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.startswith("kiosk"))
print(json.dumps({"code": code, "modules": loaded}))
"""


def test_kiosk_run_imports_nothing_from_the_render_room(tmp_path: Path) -> None:
    home = home_without_sticks(tmp_path / "home")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_HOME": str(home)}
    args = ["run", "--exit-after", "2", "--slide-seconds", "0.5"]
    result = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, result.stderr
    modules = report["modules"]
    assert "kiosk.ui.app" in modules, "the kiosk really ran"
    assert "kiosk.ui.bridges.attract" in modules
    assert [m for m in modules if m.startswith("kiosk.render")] == []
