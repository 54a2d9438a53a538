"""The running loop's frames while a ~150 MB signed pack installs from the inbox.

``kiosk run`` plays the bundled pack on a fresh Xvfb 1920x1080 (the renderer it picks by
itself, a slide every 2 s so that crossfades keep coming) with the frame probe
(:mod:`kiosk.platform.probe`). A pack of generated slides with nine ~18 MB incompressible PNGs
is built and signed with a fresh key the kiosk trusts, and moved into ``KIOSK_HOME/inbox/`` once
the loop runs. The inbox is polled every second; the install (copy, hash, verify, unpack,
validate) runs on the watcher's worker thread, and the new pack goes live at the next slide,
when its first big picture is decoded.

Figures, over the install window (from the drop to 8 s after the new pack was handed over, so
that its first slides and their big pictures are shown):

* ``install_frame_max_ms``: the longest frame (start of sync to swap) of any frame;
* ``install_gap_max_ms``: the longest gap between two swaps inside a crossfade;
* ``install_seconds``: from the drop to the new pack handed to the loop;
* ``install_pack_mb``: the size of the ``.kpack``.

Usage: ``python -m tests.bench.install_frames`` (also part of ``make bench``).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kiosk.intake import signing
from tests.bench.apps import BACKEND_VARIABLES, CROSSFADE_SECONDS, ROOT
from tests.bench.packs import make_big_pack
from tests.bench.screen import xvfb

SLIDE_SECONDS = 1.0  # crossfades (0.9 s) nearly back to back: frames all the time
BIG_IMAGES = 9  # 9 x ~18 MB incompressible PNGs: a pack of ~155 MB
AFTER_LIVE_SECONDS = 8.0
BEFORE_SECONDS = 8.0  # the same loop without an install, for comparison
RUN_SECONDS = 75.0


def _kiosk(home: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "kiosk", "--home", str(home), *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def signed_big_pack(workdir: Path, home: Path) -> Path:
    """A ~155 MB ``.kpack`` signed by a new key that ``home``'s kiosk trusts."""
    folder = make_big_pack(workdir / "pack-install", slides=BIG_IMAGES + 3, big_images=BIG_IMAGES)
    pack_yaml = folder / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    # A new id, so that it is a new pack to the kiosk and not an older version of the bundled one.
    lines = ["id: bench-install" if line.startswith("id:") else line for line in text.splitlines()]
    pack_yaml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _kiosk(home, "keys", "new", str(workdir / "bench-author"))
    _kiosk(home, "keys", "trust", str(workdir / "bench-author.pub"))
    out = workdir / "bench-install.kpack"
    # Signed as `kiosk pack build` signs, without its fit check (a render of every screen, which
    # says nothing about installing and takes minutes on this pack).
    key = signing.load_private_key(workdir / "bench-author.key")
    signing.build_signed_archive(folder, key, out)
    shutil.rmtree(folder)
    return out


def measure(workdir: Path) -> dict[str, float | None]:
    """Run the kiosk, drop the pack into its inbox, return the figures (see the module doc)."""
    home = workdir / "install-frames-home"
    home.mkdir()
    kpack = signed_big_pack(workdir, home)
    probe = workdir / "install-frames.probe"
    screen = contextlib.ExitStack()
    display = screen.enter_context(xvfb()).display
    env = {
        **{k: v for k, v in os.environ.items() if k not in BACKEND_VARIABLES},  # its own choice
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "KIOSK_FRAME_PROBE": str(probe),
        "KIOSK_HOME": str(home),
    }
    command = [sys.executable, "-m", "kiosk", "run", "--slide-seconds", str(SLIDE_SECONDS)]
    # The kiosk quits by itself (the probe writes its file at quit): long enough for the install.
    command += ["--poll-seconds", "1", "--exit-after", f"{RUN_SECONDS:.0f}"]
    proc = subprocess.Popen(
        command, env=env, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    marks: dict[str, float] = {}
    log: list[str] = []

    def read_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            log.append(line)
            if "first frame" in line:
                marks.setdefault("first", time.monotonic())
            if "will go live at the next slide" in line:
                marks.setdefault("handed", time.monotonic())

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + RUN_SECONDS
        while "first" not in marks and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        time.sleep(BEFORE_SECONDS + 2.0)  # past the start-up frames: the loop as it runs
        inbox = home / "inbox"
        inbox.mkdir(exist_ok=True)
        size = kpack.stat().st_size
        marks["dropped"] = time.monotonic()
        kpack.rename(inbox / kpack.name)  # the same file system: the move is atomic, no copy
        while "handed" not in marks and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        proc.wait(timeout=RUN_SECONDS + 30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        reader.join(timeout=5)
        screen.close()
    if "handed" not in marks:
        print("".join(log[-30:]), file=sys.stderr)
        raise RuntimeError("the pack from the inbox never went live")
    if marks["handed"] + AFTER_LIVE_SECONDS > marks.get("first", 0) + RUN_SECONDS:
        raise RuntimeError("the install took too long to see the new pack play")
    pairs = (line.split() for line in probe.read_text(encoding="utf-8").splitlines())
    events = [(kind, float(at)) for kind, at in pairs]
    before = _frames(events, marks["dropped"] - BEFORE_SECONDS, marks["dropped"])
    during = _frames(events, marks["dropped"], marks["handed"])
    after = _frames(events, marks["handed"], marks["handed"] + AFTER_LIVE_SECONDS)
    return {
        "install_seconds": marks["handed"] - marks["dropped"],
        "install_pack_mb": size / 1_048_576,
        **{f"before_{k}": v for k, v in before.items()},
        **{f"during_{k}": v for k, v in during.items()},
        **{f"live_{k}": v for k, v in after.items()},
    }


def _frames(events: list[tuple[str, float]], start: float, end: float) -> dict[str, float | None]:
    """Frame times (sync to swap): p95, max, how many over 50 ms; the longest gap between two
    swaps in a crossfade."""
    syncs = [at for kind, at in events if kind == "sync" and start <= at <= end]
    swaps = [at for kind, at in events if kind == "swap"]
    slides = [at for kind, at in events if kind == "slide" and start - 1 <= at <= end]
    frames = []
    for sync in syncs:
        swap = next((s for s in swaps if s >= sync), None)
        if swap is not None:
            frames.append((swap - sync) * 1000)
    fading = [(max(a, start), min(a + CROSSFADE_SECONDS + 0.05, end)) for a in slides]
    gaps = [
        (b - a) * 1000
        for a, b in itertools.pairwise(swaps)
        if any(s <= a and b <= e for s, e in fading)
    ]
    frames.sort()
    return {
        "frame_p95_ms": frames[max(0, int(len(frames) * 0.95) - 1)] if frames else None,
        "frame_max_ms": frames[-1] if frames else None,
        "frames_over_50ms": float(sum(1 for f in frames if f > 50)),
        "gap_max_ms": max(gaps) if gaps else None,
        "frames": float(len(frames)),
        "crossfades": float(len(slides)),
    }


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="kiosk-install-frames-"))
    try:
        figures = measure(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for key, value in figures.items():
        print(f"{key}: {value:.1f}" if value is not None else f"{key}: n/a")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
