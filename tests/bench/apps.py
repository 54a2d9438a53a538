"""One measured run of the kiosk or of the floor (``tests/bench/reference.py``) for ``make bench``.

Each run gets a fresh Xvfb 1920x1080 whose screen is watched (:mod:`tests.bench.screen`), and:

* first content on screen: from the spawn to the first change of the screen's pixels (the app's
  own "first frame" log line is kept beside it);
* tap to screen: an XTEST press on a quiet screen near the end of the run, to the first change
  of the screen's upper part (the kiosk opens its lesson menu, the floor its "menu" page);
* peak RSS (``VmHWM``), and CPU from ``/proc/PID/stat`` sampled every 0.1 s: over the attract
  loop (from 3 s after the first frame to the tap) and on a still slide (the stretches from 1.5 s
  after a slide change to the next change);
* frame times during crossfades (start of a frame's sync to its swap, from the
  ``$KIOSK_FRAME_PROBE`` probe), p95 and max, and the longest gap between two swaps.

Both apps draw with the same renderer in a run: ``default`` is what ``kiosk run`` picks by itself
on this machine (kiosk.ops.renderer; the floor is given the same), ``opengl`` is OpenGL for both,
on Qt's basic render loop as the kiosk runs it.
"""

from __future__ import annotations

import compileall
import itertools
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.screen import ScreenWatch, Tapper, xvfb

ROOT = Path(__file__).resolve().parents[2]
SLIDE_SECONDS = 5.0
CROSSFADE_SECONDS = 0.9
TICKS = os.sysconf("SC_CLK_TCK")
TAP_AT = (960, 540)
OPENGL_ENV = {"QSG_RHI_BACKEND": "opengl", "QSG_RENDER_LOOP": "basic"}
SOFTWARE_ENV = {"QT_QUICK_BACKEND": "software"}
BACKEND_VARIABLES = ("QT_QUICK_BACKEND", "QSG_RHI_BACKEND", "QSG_RENDER_LOOP")


@dataclass
class Run:
    """One app's run on its own X server: samples, the probe's events, what its screen showed."""

    spawned: float
    first_frame: float | None = None  # the app's log line
    first_screen: float | None = None  # the screen's first change
    cpu: list[tuple[float, int]] = field(default_factory=list)  # (monotonic, utime+stime ticks)
    hwm_kib: int = 0
    events: list[tuple[str, float]] = field(default_factory=list)
    tapped: float | None = None
    tap_screen: float | None = None
    drawn_by: str = ""  # the kiosk's "drawn by ..." (the floor: the renderer it was given)


def renderer_env(mode: str, kiosk_renderer: str, kind: str) -> dict[str, str]:
    """The backend variables for one app in ``mode``; ``kiosk_renderer`` is what the kiosk
    draws with by itself here (``software``, or ``opengl (basic render loop)``, ...)."""
    if mode == "opengl":
        return dict(OPENGL_ENV)
    if kind == "kiosk":
        return {}  # its own choice
    return dict(SOFTWARE_ENV) if kiosk_renderer == "software" else {"QSG_RENDER_LOOP": "basic"}


def _stat_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


def _hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in BACKEND_VARIABLES}


def run_app(kind: str, seconds: float, home: Path, probe: Path, backend: dict[str, str]) -> Run:
    """Start the reference or the kiosk on a fresh Xvfb, sample it, tap near the end."""
    with xvfb() as screen:
        watch = ScreenWatch(screen)
        watch.start()
        env = {**_base_env(), **backend, "DISPLAY": screen.display, "QT_QPA_PLATFORM": "xcb"}
        env["KIOSK_FRAME_PROBE"] = str(probe)
        if kind == "kiosk":
            env["KIOSK_HOME"] = str(home)
            command = [sys.executable, "-m", "kiosk", "run"]
        else:
            command = [sys.executable, "-m", "tests.bench.reference"]
        command += ["--slide-seconds", str(SLIDE_SECONDS), "--exit-after", f"{seconds:.0f}"]
        run = Run(spawned=time.monotonic(), drawn_by=_given(backend))
        proc = subprocess.Popen(
            command, env=env, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
        )
        reader = threading.Thread(target=_read_log, args=(proc, run), daemon=True)
        reader.start()
        tapper = Tapper(screen.display)
        try:
            _sample(proc, run, watch, tapper, run.spawned + seconds - 3.5)
        finally:
            tapper.close()
            watch.stop()
            reader.join(timeout=5)
        run.first_screen = watch.first_change
    if probe.exists():
        for line in probe.read_text().splitlines():
            name, at = line.split()
            run.events.append((name, float(at)))
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} exited with {proc.returncode}")
    return run


def _given(backend: dict[str, str]) -> str:
    if backend.get("QT_QUICK_BACKEND") == "software":
        return "software"
    return "opengl (basic render loop)" if backend.get("QSG_RENDER_LOOP") == "basic" else ""


def _read_log(proc: subprocess.Popen[str], run: Run) -> None:
    assert proc.stderr is not None
    for line in proc.stderr:
        if run.first_frame is None and "first frame" in line:
            run.first_frame = time.monotonic()
            if ", drawn by " in line:
                run.drawn_by = line.rsplit(", drawn by ", 1)[1].strip()


def _sample(
    proc: subprocess.Popen[str], run: Run, watch: ScreenWatch, tapper: Tapper, tap_at: float
) -> None:
    while proc.poll() is None:
        ticks = _stat_ticks(proc.pid)
        if ticks is not None:
            run.cpu.append((time.monotonic(), ticks))
            run.hwm_kib = max(run.hwm_kib, _hwm_kib(proc.pid))
        if run.tapped is None and time.monotonic() >= tap_at:
            # A quiet screen (no crossfade in the watched part) so that the change is the tap's.
            waited = time.monotonic()
            while watch.quiet_for() < 0.4 and time.monotonic() - waited < 2.5:
                time.sleep(0.02)
            run.tapped = tapper.tap(*TAP_AT)
            run.tap_screen = watch.change_after(run.tapped)
        time.sleep(0.1)


def cpu_percent(run: Run, windows: list[tuple[float, float]]) -> float | None:
    """Percent of one core used within ``windows`` (from the 0.1 s samples)."""
    used = spent = 0.0
    for (t0, c0), (t1, c1) in itertools.pairwise(run.cpu):
        if any(start <= t0 and t1 <= end for start, end in windows):
            used += (c1 - c0) / TICKS
            spent += t1 - t0
    return 100 * used / spent if spent > 0 else None


def figures(run: Run) -> dict[str, float | None]:
    """One run's figures (seconds, MB, percent, milliseconds)."""
    first = run.first_frame
    slides = [at for name, at in run.events if name == "slide"]
    end = run.tapped or run.cpu[-1][0]
    loop = [(first + 3.0, end - 0.2)] if first else []
    still = [
        (a + CROSSFADE_SECONDS + 0.6, b - 0.1)
        for a, b in zip(slides, [*slides[1:], end], strict=False)
        if first and a > first + 3.0 and b - a > CROSSFADE_SECONDS + 1.0
    ]
    syncs = [at for name, at in run.events if name == "sync"]
    swaps = [at for name, at in run.events if name == "swap"]
    fading = [
        (a, a + CROSSFADE_SECONDS + 0.05) for a in slides if first and a > first + 1.0
    ]  # the first fade may share its frames with start-up work: left out
    frame_ms: list[float] = []
    gaps_ms: list[float] = []
    for sync in syncs:
        if any(start <= sync <= stop for start, stop in fading):
            swap = next((s for s in swaps if s >= sync), None)
            if swap is not None:
                frame_ms.append((swap - sync) * 1000)
    for a, b in itertools.pairwise(swaps):
        if any(start <= a and b <= stop for start, stop in fading):
            gaps_ms.append((b - a) * 1000)
    frame_ms.sort()
    tapped = run.tapped
    return {
        "first_content_s": run.first_screen - run.spawned if run.first_screen else None,
        "first_frame_logged_s": first - run.spawned if first else None,
        "peak_rss_mb": run.hwm_kib / 1024,
        "cpu_loop_pct": cpu_percent(run, loop),
        "cpu_still_pct": cpu_percent(run, still),
        "frame_p95_ms": frame_ms[max(0, int(len(frame_ms) * 0.95) - 1)] if frame_ms else None,
        "frame_max_ms": frame_ms[-1] if frame_ms else None,
        "frame_gap_max_ms": max(gaps_ms) if gaps_ms else None,
        "tap_to_screen_ms": (run.tap_screen - tapped) * 1000 if run.tap_screen and tapped else None,
    }


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def prime_kiosk_home(home: Path) -> str:
    """One unmeasured start on an Xvfb: a kiosk starts with what its previous start left in
    KIOSK_HOME (the record of schema passes, the QR cache); only its very first start, once
    after an install, makes them. Returns the renderer the kiosk chose by itself."""
    home.mkdir(parents=True, exist_ok=True)
    with xvfb() as screen:
        env = {**_base_env(), "KIOSK_HOME": str(home), "QT_QPA_PLATFORM": "xcb"}
        env["DISPLAY"] = screen.display
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "run", "--exit-after", "3"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
    for line in done.stderr.splitlines():
        if ", drawn by " in line:
            return line.rsplit(", drawn by ", 1)[1].strip()
    raise RuntimeError("the kiosk did not say what it draws with:\n" + done.stderr[-2000:])


def compile_sources() -> None:
    """Byte-compile the kiosk's and the reference's modules before the runs.

    An installed kiosk runs compiled bytecode (``pip install`` compiles, the PyInstaller bundle
    holds only bytecode); a source checkout with ``PYTHONDONTWRITEBYTECODE`` set (as on the
    development machines) would compile the kiosk's ~100 modules again at every start, a cost
    ~0.1-0.2 s that no kiosk has and the one-module reference barely pays.
    """
    for folder in ("kiosk", "tests/bench"):
        compileall.compile_dir(ROOT / folder, quiet=1)
