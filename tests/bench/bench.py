"""``make bench``: the kiosk measured beside the floor of its stack, as ratios.

The reference (``tests/bench/reference.py``, a minimal Qt Quick window crossfading two slides with
a QR) and ``kiosk run`` are started alternately, three times each, each on a fresh Xvfb
1920x1080 (the same way for both), with the same slide period, on Qt's software renderer
(``QT_QUICK_BACKEND=software``, what a fanless kiosk PC without a usable GPU runs). The kiosk's
runs share one KIOSK_HOME, primed by an unmeasured start, as a kiosk's daily starts find what the
start before left there; the sources are byte-compiled first, as installed. For each run:

* first content on screen: from the spawn to the first frame swapped (the app's own log line);
* peak RSS (``VmHWM``);
* CPU over the attract loop (from 3 s after the first frame to the tap), and between transitions
  (only the stretches from 1.5 s after a slide change to the next change): ``/proc/PID/stat``
  sampled every 0.1 s;
* frame times during crossfades (start of the frame's sync to its swap, from the
  ``$KIOSK_FRAME_PROBE`` probe), p95 and max, and the longest gap between two swaps;
* tap to the first frame after it (``xdotool click``; the kiosk opens its lesson menu).

Medians of the three runs are printed beside the reference's, with the ratio. Pack work has no
reference and is printed against its goal: validating a generated 200-slide pack (in process), and
the peak RSS of ``kiosk pack install`` of a pack with several near-limit (18 MB) images.
Results go to ``bench/results.json`` and, between markers, into the table of docs/performance.md.

Usage: ``python -m tests.bench.bench [--runs 3] [--seconds 26] [--no-docs]``
"""

from __future__ import annotations

import argparse
import compileall
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SLIDE_SECONDS = 5.0
CROSSFADE_SECONDS = 0.9
TICKS = os.sysconf("SC_CLK_TCK")
PERFORMANCE_DOC = ROOT / "docs" / "performance.md"
TABLE_BEGIN = "<!-- bench:begin -->"
TABLE_END = "<!-- bench:end -->"


@dataclass
class Run:
    """One app's run on its own X server: samples and the probe's events."""

    spawned: float
    first_frame: float | None = None
    cpu: list[tuple[float, int]] = field(default_factory=list)  # (monotonic, utime+stime ticks)
    hwm_kib: int = 0
    events: list[tuple[str, float]] = field(default_factory=list)
    tapped: float | None = None


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(read, 64)
        if not chunk:
            break
        data += chunk
    os.close(read)
    return xvfb, ":" + data.decode().strip()


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


def run_app(kind: str, seconds: float, workdir: Path) -> Run:
    """Start the reference or the kiosk on a fresh Xvfb, sample it, tap near the end."""
    xvfb, display = start_xvfb()
    probe = workdir / f"{kind}-{time.monotonic_ns()}.probe"
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "QT_QUICK_BACKEND": os.environ.get("BENCH_QUICK_BACKEND", "software"),
        "KIOSK_FRAME_PROBE": str(probe),
    }
    if kind == "kiosk":
        env["KIOSK_HOME"] = str(kiosk_home(workdir))
        command = [sys.executable, "-m", "kiosk", "run", "--slide-seconds", str(SLIDE_SECONDS)]
    else:
        command = [sys.executable, "-m", "tests.bench.reference"]
        command += ["--slide-seconds", str(SLIDE_SECONDS)]
    command += ["--exit-after", f"{seconds:.0f}"]
    run = Run(spawned=time.monotonic())
    proc = subprocess.Popen(
        command, env=env, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )

    def read_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            if run.first_frame is None and "first frame" in line:
                run.first_frame = time.monotonic()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    tap_at = run.spawned + seconds - 3.0
    while proc.poll() is None:
        ticks = _stat_ticks(proc.pid)
        if ticks is not None:
            run.cpu.append((time.monotonic(), ticks))
            run.hwm_kib = max(run.hwm_kib, _hwm_kib(proc.pid))
        if run.tapped is None and time.monotonic() >= tap_at:
            run.tapped = time.monotonic()
            subprocess.run(
                ["xdotool", "mousemove", "960", "540", "click", "1"],
                env={**os.environ, "DISPLAY": display},
                check=False,
            )
        time.sleep(0.1)
    reader.join(timeout=5)
    xvfb.terminate()
    xvfb.wait(timeout=10)
    if probe.exists():
        for line in probe.read_text().splitlines():
            name, at = line.split()
            run.events.append((name, float(at)))
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} exited with {proc.returncode}")
    return run


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
    between = [
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
    press = next((at for name, at in run.events if name == "press"), None)
    tap_ms = None
    if press is not None:
        after = next((s for s in swaps if s > press), None)
        tap_ms = (after - press) * 1000 if after is not None else None
    frame_ms.sort()
    return {
        "first_content_s": first - run.spawned if first else None,
        "peak_rss_mb": run.hwm_kib / 1024,
        "cpu_loop_pct": cpu_percent(run, loop),
        "cpu_between_pct": cpu_percent(run, between),
        "frame_p95_ms": frame_ms[max(0, int(len(frame_ms) * 0.95) - 1)] if frame_ms else None,
        "frame_max_ms": frame_ms[-1] if frame_ms else None,
        "frame_gap_max_ms": max(gaps_ms) if gaps_ms else None,
        "tap_to_frame_ms": tap_ms,
    }


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def make_big_pack(target: Path, slides: int = 200, big_images: int = 0) -> Path:
    """The default pack plus ``slides`` generated slides (and ``big_images`` 18 MB PNGs)."""
    from kiosk.common import paths

    shutil.copytree(paths.default_pack_dir(), target)
    images = sorted(p.name for p in (target / "images").glob("*.svg"))
    lines = []
    for n in range(slides):
        image = f"images/{images[n % len(images)]}"
        if n < big_images:
            image = f"images/big-{n}.png"
            _noise_png(target / image)
        lines += [
            f"- id: bench-{n:03d}",
            "  venues: [any]",
            "  seconds: 10",
            # Every language of the default pack (English and Spanish) has its text.
            f'  headline: {{en: "A generated slide, {_words(n)}", '
            f'es: "Una diapositiva generada, {_words(n)}"}}',
            f'  body: {{en: "Text of a generated slide for the benchmark: {_words(n)}.", '
            f'es: "Texto de una diapositiva generada para la prueba: {_words(n)}."}}',
            f"  image: {image}",
            "",
        ]
    (target / "slides" / "zz-bench.yaml").write_text("\n".join(lines), encoding="utf-8")
    return target


def _words(n: int) -> str:
    """``n`` in words: slide texts have no digits, which the phone number check would parse."""
    names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return " ".join(names[int(d)] for d in str(n))


def _noise_png(path: Path) -> None:
    from PIL import Image

    width, height = 2600, 2300  # ~18 MB of incompressible pixels: under the 20 MB file limit
    rng = random.Random(path.name)
    image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    image.save(path, compress_level=0)


def pack_figures(workdir: Path) -> dict[str, float | None]:
    """Validate a 200-slide pack (in process, median of 3) and install a big one (peak RSS)."""
    from kiosk.content.loader import load_pack

    pack = make_big_pack(workdir / "pack-200")
    times = []
    for _ in range(3):
        started = time.perf_counter()
        load_pack(pack)
        times.append(time.perf_counter() - started)
    big = make_big_pack(workdir / "pack-big", slides=200, big_images=6)
    largest = max(p.stat().st_size for p in big.rglob("*") if p.is_file())
    home = workdir / "install-home"
    home.mkdir()
    (home / "kiosk.yaml").write_text("verify: false\n", encoding="utf-8")
    env = {**os.environ, "KIOSK_HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "pack", "install", str(big)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        assert proc.stderr is not None
        print(proc.stderr.read().decode(errors="replace")[-2000:], file=sys.stderr)
    return {
        "validate_200_s": statistics.median(times),
        "install_peak_rss_mb": usage.ru_maxrss / 1024 if proc.returncode == 0 else None,
        "install_largest_file_mb": largest / 1_048_576,
    }


ROWS = [  # key, label, unit, goal (ratio to the floor, or an absolute limit)
    ("first_content_s", "first content on screen", "s", "≤ 1.1 x floor"),
    ("peak_rss_mb", "peak RSS", "MB", "≤ 1.1 x floor"),
    ("cpu_loop_pct", "CPU over the attract loop", "% of a core", "≤ 1.2 x floor"),
    ("cpu_between_pct", "CPU between transitions", "% of a core", "< 1 %"),
    ("frame_p95_ms", "frame time during a crossfade, p95", "ms", "≤ 16.7 ms"),
    ("frame_max_ms", "frame time during a crossfade, max", "ms", "≤ 50 ms"),
    ("frame_gap_max_ms", "longest gap between frames in a crossfade", "ms", "≤ 50 ms"),
    ("tap_to_frame_ms", "tap to the first frame after it (kiosk: lesson menu)", "ms", "< 100 ms"),
]
PACK_ROWS = [
    ("validate_200_s", "validate a 200-slide pack", "s", "< 0.5 s"),
    ("install_peak_rss_mb", "peak RSS of `pack install` (6 x 18 MB images)", "MB", "< 2 x largest"),
]


def _fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"


def table(results: dict[str, Any]) -> str:
    kiosk, ref = results["kiosk"], results["reference"]
    lines = [
        "| figure | kiosk | floor (reference) | ratio | goal |",
        "|---|---|---|---|---|",
    ]
    for key, label, unit, goal in ROWS:
        k, r = kiosk.get(key), ref.get(key)
        ratio = f"{k / r:.2f}" if k is not None and r else "n/a"
        lines.append(f"| {label} ({unit}) | {_fmt(k)} | {_fmt(r)} | {ratio} | {goal} |")
    packs = results["packs"]
    for key, label, unit, goal in PACK_ROWS:
        largest = packs.get("install_largest_file_mb")
        extra = f" (largest file {largest:.0f} MB)" if key.startswith("install") and largest else ""
        lines.append(
            f"| {label} ({unit}) | {_fmt(packs.get(key))}{extra} | no reference | | {goal} |"
        )
    lines += install_rows(results.get("install_frames"))
    return "\n".join(lines)


def install_rows(figs: dict[str, float | None] | None) -> list[str]:
    """The frames of the loop while a big pack installs from the inbox, beside the same loop's
    frames just before (``tests/bench/install_frames.py``)."""
    if not figs:
        return []

    def phase(name: str) -> str:
        over, count = figs.get(f"{name}_frames_over_50ms"), figs.get(f"{name}_frames")
        return (
            f"max {_fmt(figs.get(f'{name}_frame_max_ms'))} ms, p95 "
            f"{_fmt(figs.get(f'{name}_frame_p95_ms'))} ms, "
            f"{_fmt(over)} of {_fmt(count)} frames over 50 ms"
        )

    size = figs.get("install_pack_mb") or 0
    return [
        f"| frames while a {size:.0f} MB pack installs from the inbox "
        f"({_fmt(figs.get('install_seconds'))} s) | {phase('during')} "
        f"| the loop just before, no install: {phase('before')} | | no frame > 50 ms |",
        f"| frames as that pack goes live (8 s, its big pictures) | {phase('live')} "
        f"| as above | | no frame > 50 ms |",
    ]


def write_table(text: str) -> None:
    """Put the table between the markers of docs/performance.md, leaving the rest as it is."""
    body = PERFORMANCE_DOC.read_text(encoding="utf-8")
    if TABLE_BEGIN not in body or TABLE_END not in body:
        print(f"{PERFORMANCE_DOC} has no bench markers: table not written there", file=sys.stderr)
        return
    head, rest = body.split(TABLE_BEGIN, 1)
    _, tail = rest.split(TABLE_END, 1)
    PERFORMANCE_DOC.write_text(f"{head}{TABLE_BEGIN}\n{text}\n{TABLE_END}{tail}", encoding="utf-8")


def kiosk_home(workdir: Path) -> Path:
    """The KIOSK_HOME all the kiosk's runs share, as a kiosk's starts do day after day."""
    home = workdir / "kiosk-home"
    home.mkdir(exist_ok=True)
    return home


def prime_kiosk_home(workdir: Path) -> None:
    """One unmeasured start first: a kiosk starts with what its previous start left in
    KIOSK_HOME (the record of schema passes, the QR cache); only its very first start, once
    after an install, makes them."""
    env = {**os.environ, "KIOSK_HOME": str(kiosk_home(workdir)), "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--exit-after", "3"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        timeout=120,
    )


def compile_sources() -> None:
    """Byte-compile the kiosk's and the reference's modules before the runs.

    An installed kiosk runs compiled bytecode (``pip install`` compiles, the PyInstaller bundle
    holds only bytecode); a source checkout with ``PYTHONDONTWRITEBYTECODE`` set (as on the
    development machines) would compile the kiosk's ~100 modules again at every start, a cost
    ~0.1-0.2 s that no kiosk has and the one-module reference barely pays.
    """
    for folder in ("kiosk", "tests/bench"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each app (default 3)")
    parser.add_argument("--seconds", type=float, default=26.0, help="each run's length")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md alone")
    args = parser.parse_args(argv)
    compile_sources()
    workdir = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    per_run: dict[str, list[dict[str, float | None]]] = {"reference": [], "kiosk": []}
    try:
        prime_kiosk_home(workdir)
        for n in range(args.runs):
            for kind in ("reference", "kiosk"):  # alternating, so drift in load hits both
                figs = figures(run_app(kind, args.seconds, workdir))
                per_run[kind].append(figs)
                print(
                    f"run {n + 1} {kind}: " + ", ".join(f"{k} {_fmt(v)}" for k, v in figs.items())
                )
        results: dict[str, Any] = {
            kind: {key: median([r[key] for r in runs]) for key in runs[0]}
            for kind, runs in per_run.items()
        }
        results["runs"] = per_run
        results["packs"] = pack_figures(workdir)
        from tests.bench import install_frames  # it imports this module: imported here

        try:
            results["install_frames"] = install_frames.measure(workdir)
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            print(f"install-while-playing figure not measured: {exc}", file=sys.stderr)
        results["settings"] = {
            "runs": args.runs,
            "seconds": args.seconds,
            "slide_seconds": SLIDE_SECONDS,
            "quick_backend": os.environ.get("BENCH_QUICK_BACKEND", "software"),
            "screen": "Xvfb 1920x1080x24, a fresh server per run",
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    out = ROOT / "bench" / "results.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    text = table(results)
    print(text)
    print(f"written: {out.relative_to(ROOT)}")
    if not args.no_docs:
        write_table(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
