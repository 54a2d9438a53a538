"""Soak the real kiosk: ``kiosk run`` aged fast on a bare X server, driven like a busy venue.

The kiosk runs full screen on its own Xvfb (no window manager), slides change every 0.05-0.2 s,
the inbox holds 600 junk files polled five times a second, and touch sessions are typed on the
X server's keyboard with xdotool (open the menu, a lesson, page the cards, answer, then leave by
quick exit or by walking back up), so every signal, timer and watcher path runs thousands of times.

It ends after ``--seconds`` or, with ``--transitions N``, once N slides have been shown (``make
soak``: 100,000, a few hours), and fails (exit 1) on:
    * an abort or any non-zero exit of the kiosk (a native crash is not an exception: it kills);
    * a frozen loop: no slide change while the attract loop should be playing;
    * a touch session that does not reach the screens it should;
    * RSS growth above 2 MB per 10,000 transitions, measured from the end of warm-up.

Usage: ``python -m tests.bench.soak --transitions 100000`` (``make soak``), ``--seconds 600`` for
a time instead; a 20-second form runs in CI (``tests/e2e/test_soak.py``). ``--samples FILE``
keeps a row every 3 s: seconds, transitions, then VmRSS and its anonymous, file-backed and
shared-memory parts (KiB), from which docs/performance.md reads the RSS over a soak.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GROWTH_LIMIT_MB_PER_10K = 2.0
MIN_TRANSITIONS_TO_JUDGE = 2_000
JUNK_FILES = 600
SLIDE = re.compile(r"kiosk\.ui\.[\w.]+: slide ")
SESSION_END = re.compile(r"screen \w+ -> attract")
LESSON = re.compile(r"screen menu -> card")


def make_junk(inbox: Path, count: int = JUNK_FILES, seed: int = 12) -> None:
    """``count`` files a careless or hostile stick might hold, all named like packs."""
    rng = random.Random(seed)
    inbox.mkdir(parents=True, exist_ok=True)
    makers: list[Callable[[int], bytes]] = [
        lambda n: rng.randbytes(rng.randint(0, 4096)),  # noise
        lambda n: b"",  # empty
        lambda n: _zip({"pack.yaml": f"id: junk-{n}\nversion: 1.0.{n}\n".encode()}),  # unsigned
        lambda n: _zip({"x" * 300: b"name too long to unpack"}),  # ENAMETOOLONG on unpack
        lambda n: _zip({"a": b"file", "a/b": b"under a file"}),  # a file and a folder at once
        lambda n: _zip({"pack.yaml": b"id: [unclosed\n"})[: rng.randint(10, 60)],  # truncated
    ]
    for n in range(count):
        (inbox / f"junk-{n:04d}.kpack").write_bytes(makers[n % len(makers)](n))


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _read_line(fd: int) -> str:
    """Xvfb writes its display number and a newline; closing early would SIGPIPE it."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 64)
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


MEMORY_FIELDS = ("VmRSS", "RssAnon", "RssFile", "RssShmem")


def memory_kib(pid: int) -> dict[str, int]:
    """``MEMORY_FIELDS`` of ``/proc/PID/status`` in KiB (RSS and its three parts)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in MEMORY_FIELDS:
            found[name] = int(value.split()[0])
    if "VmRSS" not in found:
        raise RuntimeError(f"no VmRSS for {pid}")
    return found


def rss_kib(pid: int) -> int:
    return memory_kib(pid)["VmRSS"]


@dataclass
class Soak:
    """One soak run's state and findings."""

    log: Path
    env: dict[str, str]
    proc: subprocess.Popen[bytes]
    failures: list[str] = field(default_factory=list)
    sessions_typed: int = 0
    sessions: bool = True
    samples_file: Path | None = None
    transitions: int = 0  # end (SIGTERM, exit 0) once this many slides were shown; 0: by time
    first_frame: bool = False
    traceback: bool = False
    _offset: int = 0
    _counts: dict[re.Pattern[str], int] = field(default_factory=dict)

    def _read(self) -> None:
        """Count the log's new complete lines (the log grows by megabytes: read it once)."""
        with self.log.open("rb") as log:
            log.seek(self._offset)
            chunk = log.read()
        end = chunk.rfind(b"\n") + 1
        self._offset += end
        text = chunk[:end].decode(errors="replace")
        for pattern in (SLIDE, SESSION_END, LESSON):
            self._counts[pattern] = self._counts.get(pattern, 0) + len(pattern.findall(text))
        self.first_frame = self.first_frame or "first frame" in text
        self.traceback = self.traceback or "Traceback" in text

    def started(self) -> bool:
        self._read()
        return self.first_frame

    def count(self, pattern: re.Pattern[str]) -> int:
        self._read()
        return self._counts[pattern]

    def alive(self) -> bool:
        return self.proc.poll() is None

    def keys(self, *keys: str, pause: float = 0.15) -> None:
        for key in keys:
            if not self.alive():
                return
            subprocess.run(["xdotool", "key", key], env=self.env, check=False, timeout=10)
            time.sleep(pause)

    def touch_session(self, number: int) -> None:
        """A visitor: opens a lesson, reads, answers, and leaves one of two ways."""
        lessons_before = self.count(LESSON)
        self.keys("Return")  # attract -> menu
        self.keys(*["Down"] * (number % 3), "Return")  # menu -> first card of a lesson
        self.keys(*["Right"] * 6)  # page through the cards into the first question
        self.keys("Return", "Right")  # answer, then on
        if number % 2:
            self.keys("Escape", "Escape", "Escape", pause=0.05)  # quick exit: the cover
            self.keys("Return")  # cover -> attract
        else:  # Back, one level a press (cards, then the menu), until the loop is back
            ended = self.count(SESSION_END)
            for _ in range(20):
                self.keys("BackSpace", pause=0.1)
                if self.count(SESSION_END) > ended:
                    break
        self.sessions_typed += 1
        if self.alive() and self.count(LESSON) <= lessons_before:
            self.failures.append(f"touch session {number} never opened a lesson")


def run_soak(
    seconds: float,
    *,
    junk: int = JUNK_FILES,
    sessions: bool = True,
    keep: bool = False,
    samples: Path | None = None,
    transitions: int = 0,
    slide_seconds: str = "0.05-0.2",
) -> int:
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        print("SOAK needs Xvfb and xdotool (make install puts them there)", file=sys.stderr)
        return 2
    home = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    make_junk(home / "inbox", junk)
    (home / "kiosk.yaml").write_text("idle_seconds: 15\nwatch: []\n")
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            "1280x720x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    display = ":" + _read_line(read_fd)
    os.close(read_fd)
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "KIOSK_HOME": str(home)}
    for _ in range(100):  # displayfd is written early; wait until a client really gets in
        probe = ["xdotool", "getdisplaygeometry"]
        if subprocess.run(probe, env=env, capture_output=True, check=False).returncode == 0:
            break
        time.sleep(0.1)
    log = home / "kiosk.log"
    command = [sys.executable, "-m", "kiosk", "-v", "run", "--slide-seconds", slide_seconds]
    command += ["--poll-seconds", "0.2", "--exit-after", f"{seconds:.0f}"]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    soak = Soak(log, env, proc, sessions=sessions, samples_file=samples, transitions=transitions)
    started = time.monotonic()
    try:
        return _drive(soak, seconds, started)
    finally:
        if soak.alive():
            proc.kill()
            proc.wait(10)
        xvfb.terminate()
        xvfb.wait(10)
        if keep or soak.failures:
            print(f"SOAK log kept in {log}")
        else:
            shutil.rmtree(home, ignore_errors=True)


def _drive(soak: Soak, seconds: float, started: float) -> int:
    deadline = started + seconds
    while soak.alive() and not soak.started():
        if time.monotonic() > started + 30:
            soak.failures.append("no first frame within 30 s")
            break
        time.sleep(0.1)
    rss_start = rss_kib(soak.proc.pid) if soak.alive() else 0
    warm_until = time.monotonic() + min(180.0, seconds * 0.3)  # caches fill in ~2 min
    samples: list[tuple[int, int]] = []  # (transitions, RSS KiB) after warm-up
    last_rss, window = rss_start, 0
    while soak.alive() and time.monotonic() < deadline - 6:
        before = soak.count(SLIDE)
        time.sleep(3.0)  # the attract loop plays: 15-60 slides
        if not soak.alive():
            break
        if soak.count(SLIDE) <= before:
            soak.failures.append(f"frozen loop: no slide change in 3 s at {_at(started)}")
            soak.proc.send_signal(signal.SIGABRT)  # leave a core/trace for whoever looks
            break
        memory = memory_kib(soak.proc.pid)
        last_rss = memory["VmRSS"]
        if soak.samples_file is not None:
            parts = ",".join(str(memory.get(name, "")) for name in MEMORY_FIELDS)
            with soak.samples_file.open("a") as out:
                out.write(f"{time.monotonic() - started:.1f},{soak.count(SLIDE)},{parts}\n")
        if time.monotonic() >= warm_until:
            samples.append((soak.count(SLIDE), last_rss))
        if soak.transitions and soak.count(SLIDE) >= soak.transitions:
            soak.proc.terminate()  # the kiosk ends cleanly on SIGTERM (exit 0)
            break
        if soak.sessions and window % 3 == 2:  # a visitor every ~10 s of loop
            soak.touch_session(window // 3)
        window += 1
    code = soak.proc.wait(timeout=max(30.0, deadline - time.monotonic() + 30))
    transitions, sessions = soak.count(SLIDE), soak.count(SESSION_END)
    print(f"SOAK ran {time.monotonic() - started:.0f} s of {seconds:.0f} s")
    typed = soak.sessions_typed
    print(f"SOAK transitions {transitions}, touch sessions {sessions} ({typed} typed)")
    print(f"SOAK RSS start {rss_start / 1024:.1f} MiB, end {last_rss / 1024:.1f} MiB")
    _judge_growth(soak, samples)
    print(f"SOAK exit status {code}" + (f" (signal {-code})" if code < 0 else ""))
    if code != 0:
        soak.failures.append(f"kiosk exited with {code}")
    soak.started()  # read the last lines
    if soak.traceback:
        soak.failures.append("a traceback in the log")
    if soak.sessions_typed and sessions < soak.sessions_typed:
        soak.failures.append(f"{soak.sessions_typed} sessions typed, {sessions} came back")
    for failure in soak.failures:
        print(f"SOAK FAIL {failure}")
    print("SOAK " + ("FAILED" if soak.failures else "PASSED"))
    return 1 if soak.failures else 0


def _judge_growth(soak: Soak, samples: list[tuple[int, int]]) -> None:
    """RSS growth per 10,000 transitions after warm-up: the least-squares slope of the samples.

    A fit over every sample, not end minus start, so one allocator hiccup does not decide. Under
    ``MIN_TRANSITIONS_TO_JUDGE`` transitions after warm-up the noise of a few hundred KiB outweighs
    the limit, so a short run reports the figure without judging it.
    """
    if len(samples) < 3:
        print("SOAK RSS growth: too few samples after warm-up to measure")
        return
    xs = [float(t) for t, _ in samples]
    ys = [r / 1024 for _, r in samples]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    per_10k = slope * 10_000
    counted = int(xs[-1] - xs[0])
    print(
        f"SOAK RSS after warm-up {ys[0]:.1f} -> {ys[-1]:.1f} MiB over {counted} transitions: "
        f"{per_10k:+.2f} MiB per 10,000 (limit {GROWTH_LIMIT_MB_PER_10K})"
    )
    if counted < MIN_TRANSITIONS_TO_JUDGE:
        print(f"SOAK RSS growth not judged: under {MIN_TRANSITIONS_TO_JUDGE} transitions")
    elif per_10k > GROWTH_LIMIT_MB_PER_10K:
        soak.failures.append(f"RSS grew {per_10k:.2f} MiB per 10,000 transitions")


def _at(started: float) -> str:
    return f"{time.monotonic() - started:.0f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="how long (default 600)")
    parser.add_argument(
        "--transitions", type=int, default=0, help="end after this many slides (within --seconds)"
    )
    parser.add_argument(
        "--slide-seconds", default="0.05-0.2", help="kiosk run's --slide-seconds (0.05-0.2)"
    )
    parser.add_argument("--junk", type=int, default=JUNK_FILES, help="junk files in the inbox")
    parser.add_argument(
        "--no-sessions", action="store_true", help="the loop alone (to tell where RSS goes)"
    )
    parser.add_argument(
        "--samples", type=Path, help="append rows: seconds,transitions,RSS,anon,file,shmem KiB"
    )
    parser.add_argument("--keep", action="store_true", help="keep KIOSK_HOME and the log")
    args = parser.parse_args(argv)
    return run_soak(
        args.seconds,
        junk=args.junk,
        sessions=not args.no_sessions,
        keep=args.keep,
        samples=args.samples,
        transitions=args.transitions,
        slide_seconds=args.slide_seconds,
    )


if __name__ == "__main__":
    sys.exit(main())
