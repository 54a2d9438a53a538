"""Test-only entry: ``python crash_install.py HOME STEP KPACK`` installs, SIGKILLed at STEP.

Production code never reads an environment variable to crash; the store takes a step callback
(``PackStore(on_step=...)``) and this script hands it one that kills the process, the way a power
cut would, at the named step of :data:`kiosk.intake.store.INSTALL_STEPS`.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from kiosk.intake.store import INSTALL_STEPS, PackStore


def main(argv: list[str]) -> int:
    home, step, kpack = Path(argv[0]), argv[1], Path(argv[2])
    if step not in INSTALL_STEPS:
        print(f"unknown step {step!r}; one of {', '.join(INSTALL_STEPS)}", file=sys.stderr)
        return 2

    def kill_at(reached: str) -> None:
        if reached == step:
            os.kill(os.getpid(), signal.SIGKILL)
            time.sleep(10)  # the signal arrives first

    result = PackStore(home, on_step=kill_at).install(kpack, origin="cli")
    print(result.message)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
