"""Turning the screen off and on outside opening hours (``schedule.closed: display-off``).

Through DPMS on the X server with ``xset dpms force off`` (package ``x11-xserver-utils`` on
Debian): it needs no binding and no D-Bus session, which a bare-X kiosk does not have, and it
fails cleanly everywhere else (no ``$DISPLAY``, Wayland, Windows, a server without the DPMS
extension such as Xvfb). Any failure is logged once and the caller shows the dim closed screen
instead, so the kiosk is never dark by mistake: ``on()`` also runs ``xset -dpms`` so that
DPMS, which ``force`` switched on, does not blank the screen during opening hours (the unit
starts X with ``-dpms``).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence

from kiosk.content.words import log_quote

log = logging.getLogger(__name__)

Runner = Callable[[Sequence[str]], tuple[int, str]]
"""Runs a command; returns its exit code and what it printed (tests pass a fake)."""

TIMEOUT_SECONDS = 5.0


def run_command(argv: Sequence[str]) -> tuple[int, str]:
    """Run ``argv`` with a timeout; a missing program or a hang is a failure, never a raise."""
    try:
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell
            list(argv), capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 127, str(exc)
    return done.returncode, (done.stderr or done.stdout).strip()


NO_DPMS = "the X server has no DPMS extension"
OUTPUT_LIMIT = 120


def xset_failure(args: Sequence[str], code: int, output: str) -> str:
    """Why ``xset args`` failed, in one short line for the log.

    A server without the DPMS extension (Xvfb, many VMs) makes xset print that, then its whole
    usage text (60 lines) and exit 0: the one fact is kept. Anything else is its first line,
    cleaned and bounded, since what a program prints is data, not the kiosk's own words.
    """
    if "does not have extension for" in output and "dpms" in output.lower():
        return NO_DPMS
    first = next((line for line in output.splitlines() if line.strip()), "")
    if not first:
        return f"xset {' '.join(args)} failed: exit {code}"
    return f"xset {' '.join(args)} failed: {log_quote(first, OUTPUT_LIMIT)}"


class DisplayPower:
    """Switches the display off and on through ``xset``; says whether it worked.

    Args:
        env: the environment (``$DISPLAY``); the process's own by default.
        runner: runs a command (default :func:`run_command`).
        which: finds a program on ``$PATH`` (default :func:`shutil.which`).
    """

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        runner: Runner = run_command,
        which: Callable[[str], str | None] = shutil.which,
    ) -> None:
        self._env = os.environ if env is None else env
        self._run = runner
        self._which = which
        self.last_error = ""
        self.is_off = False

    def _xset(self, *args: str) -> bool:
        if not self._env.get("DISPLAY"):
            return self._failed("no X display ($DISPLAY is not set)")
        xset = self._which("xset")
        if xset is None:
            return self._failed("xset is not installed (Debian: apt install x11-xserver-utils)")
        code, output = self._run([xset, *args])
        if code != 0 or output:  # xset prints its complaints and may still exit 0
            return self._failed(xset_failure(args, code, output))
        return True

    def _failed(self, reason: str) -> bool:
        if reason != self.last_error:
            log.warning(
                "display-off: cannot switch the display off: %s; showing the dim screen", reason
            )
        self.last_error = reason
        return False

    def off(self) -> bool:
        """Switch the display off (DPMS). False: it stays on (the caller shows the dim screen)."""
        self.is_off = self._xset("dpms", "force", "off")
        if self.is_off:
            log.info("display off until opening time")
        return self.is_off

    def on(self) -> bool:
        """Switch the display on again and DPMS off, so nothing blanks it in opening hours."""
        if not self.is_off:
            return True
        self.is_off = False
        ok = self._xset("dpms", "force", "on") and self._xset("-dpms")
        if ok:
            log.info("display on")
        return ok
