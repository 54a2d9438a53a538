"""The core (content, playback, ops, alerts, config) never imports Qt: it must run without Qt."""

import subprocess
import sys


def test_core_imports_without_qt() -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt is not allowed in the core: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import kiosk.content.loader, kiosk.content.validate, kiosk.playback.playlist\n"
        "import kiosk.config, kiosk.common.paths\n"
        "import pkgutil, importlib, kiosk.content, kiosk.playback, kiosk.ops, kiosk.alerts\n"
        "for pkg in (kiosk.content, kiosk.playback, kiosk.ops, kiosk.alerts):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + m.name)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
