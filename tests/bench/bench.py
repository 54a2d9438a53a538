"""``make bench``: the kiosk measured beside the floor of its stack, as ratios.

The floor (``tests/bench/reference.py``, a minimal Qt Quick window crossfading two slides of one
text and one image) and ``kiosk run`` are started alternately, three times each, each on a fresh
Xvfb 1920x1080 whose own framebuffer is watched (:mod:`tests.bench.apps`,
:mod:`tests.bench.screen`), with a slide every 5 s, first with the renderer the kiosk picks by
itself on this machine (the floor given the same one), then both on OpenGL. The kiosk's runs
share one KIOSK_HOME, primed by an unmeasured start, as a kiosk's daily starts find what the
start before left there; the sources are byte-compiled first, as installed.

Medians of the three runs are printed beside the floor's, with the ratio. Pack work has no floor
and is printed against its goal (:mod:`tests.bench.packs`), and so are the loop's frames while a
big pack installs (:mod:`tests.bench.install_frames`). Results go to ``bench/results.json`` and,
between markers, into the tables of docs/performance.md, with the commit measured and the load
of the machine.

``--short`` is the form ``make test`` runs (``tests/e2e/test_bench_short.py``): one run of each
app for a few seconds, the default renderer only, no pack figures, the results to ``--out`` and
nothing to the docs. It checks that the bench still runs, not how fast anything is.

Usage: ``python -m tests.bench.bench [--runs 3] [--seconds 26] [--no-docs] [--short --out F]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.apps import (
    ROOT,
    SLIDE_SECONDS,
    compile_sources,
    figures,
    median,
    prime_kiosk_home,
    renderer_env,
    run_app,
)

PERFORMANCE_DOC = ROOT / "docs" / "performance.md"
TABLE_BEGIN = "<!-- bench:begin -->"
TABLE_END = "<!-- bench:end -->"
MODES = ("default", "opengl")

ROWS = [  # key, label, unit, goal (ratio to the floor, or an absolute limit)
    ("first_content_s", "first content on screen", "s", "≤ 1.2 x floor (aim 1.1 x)"),
    ("first_frame_logged_s", "the live scene's first frame (after the start frame)", "s", "-"),
    ("peak_rss_mb", "peak RSS", "MB", "≤ 1.15 x floor"),
    ("cpu_loop_pct", "CPU over the attract loop", "% of a core", "≤ 1.3 x floor"),
    ("cpu_still_pct", "CPU on a still slide (between transitions)", "% of a core", "< 1 %"),
    ("tap_to_screen_ms", "tap to screen (kiosk: its lesson menu)", "ms", "< 100 ms"),
    ("frame_p95_ms", "frame time during a crossfade, p95", "ms", "≤ 16.7 ms"),
    ("frame_max_ms", "frame time during a crossfade, max", "ms", "≤ 50 ms"),
    ("frame_gap_max_ms", "longest gap between frames in a crossfade", "ms", "≤ 50 ms"),
]
PACK_ROWS = [
    ("validate_200_s", "validate a 200-slide pack", "s", "< 0.5 s"),
    ("install_peak_rss_mb", "peak RSS of `pack install` (6 x 18 MB images)", "MB", "< 2 x largest"),
]


def measure_mode(
    mode: str, runs: int, seconds: float, workdir: Path, default: str
) -> dict[str, Any]:
    """Both apps ``runs`` times each with ``mode``'s renderer; medians and every run."""
    per_run: dict[str, list[dict[str, float | None]]] = {"reference": [], "kiosk": []}
    drawn: dict[str, str] = {}
    for n in range(runs):
        for kind in ("reference", "kiosk"):  # alternating, so drift in load hits both
            probe = workdir / f"{mode}-{kind}-{n}.probe"
            backend = renderer_env(mode, default, kind)
            run = run_app(kind, seconds, workdir / "kiosk-home", probe, backend)
            drawn[kind] = run.drawn_by
            figs = figures(run)
            per_run[kind].append(figs)
            said = ", ".join(f"{k} {_fmt(v)}" for k, v in figs.items())
            print(f"{mode} run {n + 1} {kind} ({run.drawn_by}): {said}", flush=True)
    result: dict[str, Any] = {
        kind: {key: median([r[key] for r in kind_runs]) for key in kind_runs[0]}
        for kind, kind_runs in per_run.items()
    }
    result["runs"] = per_run
    result["drawn_by"] = drawn
    return result


def _fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"


def mode_table(result: dict[str, Any]) -> list[str]:
    kiosk, ref = result["kiosk"], result["reference"]
    lines = [
        "| figure | kiosk | floor (reference) | ratio | goal |",
        "|---|---|---|---|---|",
    ]
    for key, label, unit, goal in ROWS:
        k, r = kiosk.get(key), ref.get(key)
        ratio = f"{k / r:.2f}" if k is not None and r else "n/a"
        lines.append(f"| {label} ({unit}) | {_fmt(k)} | {_fmt(r)} | {ratio} | {goal} |")
    return lines


def table(results: dict[str, Any]) -> str:
    """The Markdown the docs carry between the markers."""
    settings = results["settings"]
    lines = [
        f"Measured at commit `{settings['commit']}` on {settings['date']}; load average "
        f"{settings['load_before']} before the runs and {settings['load_after']} after "
        f"(2 cores; other jobs ran on the machine). Medians of {settings['runs']} runs of "
        f"{settings['seconds']:.0f} s each, every run on a fresh Xvfb 1920x1080.",
        "",
    ]
    for mode in settings["modes"]:
        result = results["modes"][mode]
        drawn = result["drawn_by"].get("kiosk", "?")
        title = (
            f"The renderer `kiosk run` picks here: {drawn} (the floor on the same)"
            if mode == "default"
            else f"Both on OpenGL, forced ({drawn})"
        )
        lines += [f"**{title}**", "", *mode_table(result), ""]
    packs = results.get("packs")
    if packs:
        lines += ["**Pack work** (no floor)", "", "| figure | kiosk | goal |", "|---|---|---|"]
        for key, label, unit, goal in PACK_ROWS:
            largest = packs.get("install_largest_file_mb")
            extra = (
                f" (largest file {largest:.0f} MB)" if key.startswith("install") and largest else ""
            )
            lines.append(f"| {label} ({unit}) | {_fmt(packs.get(key))}{extra} | {goal} |")
        lines += install_rows(results.get("install_frames"))
    return "\n".join(lines).rstrip()


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
        f"({_fmt(figs.get('install_seconds'))} s) | {phase('during')}; the loop just before, no "
        f"install: {phase('before')} | no frame > 50 ms |",
        f"| frames as that pack goes live (8 s, its big pictures) | {phase('live')} "
        f"| no frame > 50 ms |",
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


def commit() -> str:
    """The commit measured, ``+changes`` when the checkout differs from it."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "kiosk", "tests", "content")
    return f"{head}+changes" if dirty else head


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each app (default 3)")
    parser.add_argument("--seconds", type=float, default=26.0, help="each run's length")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md alone")
    parser.add_argument("--short", action="store_true", help="make test's form (see above)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args(argv)
    if args.short:
        args.runs, args.seconds, args.no_docs = 1, 10.0, True
    modes = MODES[:1] if args.short else MODES
    compile_sources()
    workdir = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    results: dict[str, Any] = {"modes": {}}
    load_before = _load()
    try:
        default = prime_kiosk_home(workdir / "kiosk-home")
        for mode in modes:
            results["modes"][mode] = measure_mode(mode, args.runs, args.seconds, workdir, default)
        if not args.short:
            from tests.bench import install_frames  # it imports the apps module: imported here
            from tests.bench.packs import pack_figures

            results["packs"] = pack_figures(workdir)
            try:
                results["install_frames"] = install_frames.measure(workdir)
            except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                print(f"install-while-playing figure not measured: {exc}", file=sys.stderr)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results["settings"] = {
        "runs": args.runs,
        "seconds": args.seconds,
        "slide_seconds": SLIDE_SECONDS,
        "modes": list(modes),
        "default_renderer": default,
        "screen": "Xvfb 1920x1080x24, a fresh server per run",
        "commit": commit(),
        "date": time.strftime("%Y-%m-%d"),
        "load_before": load_before,
        "load_after": _load(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    text = table(results)
    print(text)
    print(f"written: {args.out}")
    if not args.no_docs:
        write_table(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
