"""The pack figures of ``make bench``: validating a generated 200-slide pack, and the peak RSS of
``kiosk pack install`` of a pack with several near-limit (18 MB) images. They have no floor to
be set beside and are printed against their goals."""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.apps import ROOT


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
