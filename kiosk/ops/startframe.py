"""The start frame: what the kiosk's first frame looked like at its last start, shown again at the
next start while the scene loads, when nothing that decides that frame has changed.

A restart (power back after a cut, systemd after a crash, a nightly restart) shows a black screen
until the Qt Quick scene has drawn: the kiosk's modules, its settings, the pack's load and checks
and the scene take ~0.3 s more than the window itself. The first frame of a start is the same
every time the inputs are the same, so the kiosk keeps a picture of it in ``KIOSK_HOME`` and, at
the next start, puts it on the screen before it loads anything else; the live scene's first frame
replaces it, pixel for pixel the same.

A kept frame is shown only when it is still right (:func:`usable`):

* its key is the fingerprint of everything that decides the first frame (:func:`start_inputs`):
  ``kiosk.yaml``, which pack is live (``active.json``, ``versions.json``), the trusted keys, the
  bundled pack, the kiosk's own QML, code, translations and fonts (a software update), the venue
  and language asked for, the renderer's environment and the screen. Read with ``stat`` only
  (no file is parsed: this runs before the settings' and the pack's modules are imported), so
  any install, rollback, revocation or edit of ``kiosk.yaml`` makes a new key, and the frame is
  not shown again;
* a start that shows something else than the kept frame did (a live pack refused as it loads,
  the bundled one shown instead: the same inputs) keeps its own frame in its place
  (:attr:`Record.shows`);
* it expires when the schedule could show something else (opening hours, playlists by time of
  day, slides with dates: :func:`valid_until`), and a clock behind the time it was kept voids it;
* only the attract loop is kept (:func:`may_keep`); an author's ``--pack`` folder, a
  ``--windowed`` development window and a screen with no window system (:func:`works_on`) never
  use one.

Decisions only; the screen side (showing it, grabbing it at the first frame) is
``kiosk.ui.start``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.common.digest import sha256

FORMAT = 1
RECORD_FILE = "start-frame.json"
# Uncompressed (binary PPM, 6 MB at 1080p): it is read and drawn in ~5 ms, a PNG is decoded in
# ~25 ms, and those milliseconds are the start's. A 4K frame is 25 MB; anything bigger is not ours.
IMAGE_FILE = "start-frame.ppm"
IMAGE_FORMAT = b"ppm"
MAX_IMAGE_BYTES = 40_000_000
MAX_RECORD_BYTES = 4_000
# A kept frame records its own wall-clock time; a clock more than this behind it went backwards
# (a dead RTC battery: 1970), and what the schedule shows then cannot be known from the record.
CLOCK_SLACK_SECONDS = 5.0
# How far ahead valid_until looks for a change of what the schedule shows.
LOOKAHEAD = timedelta(days=1)
# The environment that changes how the same scene is drawn.
RENDER_VARIABLES = (
    "QT_QUICK_BACKEND",
    "QSG_RHI_BACKEND",
    "QSG_RENDER_LOOP",
    "QT_SCALE_FACTOR",
    "QT_SCREEN_SCALE_FACTORS",
    "QT_FONT_DPI",
    "QT_QPA_PLATFORM",
)
# Files in KIOSK_HOME that decide what the first frame shows (kiosk.intake.store's layout).
HOME_FILES = ("kiosk.yaml", "active.json", "versions.json")
HOME_FOLDERS = ("keys",)
MAX_LISTED = 2000  # files of one folder in the key (a folder of thousands is not the kiosk's)
MAX_SHOWS = 300
SOFTWARE_SUFFIXES = (".py", ".qm", ".ttf", ".otf", ".woff", ".woff2", ".svg")


@dataclass(frozen=True)
class Record:
    """A kept frame's record (``KIOSK_HOME/start-frame.json``).

    Attributes:
        key: :func:`key_of` the start's inputs when the frame was grabbed.
        written: the wall clock then (seconds since the epoch).
        valid_until: when the schedule may show something else (seconds since the epoch), or
            None when nothing it shows depends on the time.
        size: the frame's width and height in device pixels.
        shows: what the start showed (:func:`what_shows`): a start that loads something else
            from the same inputs (a live pack refused at load, the bundled one shown instead)
            keeps its own frame in place of this one.
    """

    key: str
    written: float
    valid_until: float | None
    size: tuple[int, int]
    shows: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "key": self.key,
            "written": self.written,
            "valid_until": self.valid_until,
            "size": list(self.size),
            "shows": self.shows,
        }


def record_from_json(data: object) -> Record | None:
    """The record in ``data`` (read from disk: anything), or None when it is not one of ours."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        return None
    key, written, until, size = (data.get(k) for k in ("key", "written", "valid_until", "size"))
    shows = data.get("shows", "")
    if not isinstance(key, str) or len(key) != 64:
        return None
    if not isinstance(written, (int, float)) or not _number(written) or written <= 0:
        return None
    if until is not None and not (isinstance(until, (int, float)) and _number(until)):
        return None
    if not isinstance(size, list) or len(size) != 2 or not all(_pixels(v) for v in size):
        return None
    if not isinstance(shows, str) or len(shows) > MAX_SHOWS:
        return None
    until_s = None if until is None else float(until)
    return Record(key, float(written), until_s, (size[0], size[1]), shows)


def _number(value: object) -> bool:
    """A finite number (JSON as Python reads it also has NaN and Infinity), not a bool."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and abs(value) < 1e12
    )


def _pixels(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 16384


def key_of(inputs: Iterable[tuple[str, str]]) -> str:
    """The fingerprint of a start's inputs (name, what it was), in any order."""
    digest = sha256(f"start-frame {FORMAT}\n".encode())  # no OpenSSL: kiosk.common.digest
    for name, value in sorted(inputs):
        digest.update(f"{name}\0{value}\n".encode("utf-8", "backslashreplace"))
    return digest.hexdigest()


def _stat(path: Path) -> str:
    try:
        st = path.stat()
    except OSError as exc:
        return f"none {exc.errno}"
    # ctime too: a restore with `cp -p` or `touch -r` can bring an old mtime back.
    return f"{st.st_mtime_ns} {st.st_ctime_ns} {st.st_size} {st.st_ino} {st.st_mode:o}"


def _folder(path: Path, suffixes: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The folder's files (not below), each with its stat, in name order; a bounded listing.

    Not the folder's own stat: a start creates a missing ``keys/``, and an empty folder decides
    what a missing one does."""
    try:
        with os.scandir(path) as entries:
            names = sorted(e.name for e in entries if not suffixes or e.name.endswith(suffixes))
    except OSError:
        return []
    return [(str(path / name), _stat(path / name)) for name in names[:MAX_LISTED]]


def _tree(path: Path, suffixes: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Every file under ``path`` with its stat (bounded): the kiosk's own files, read-only."""
    found: list[tuple[str, str]] = []
    for folder, subfolders, files in os.walk(path):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            if not suffixes or name.endswith(suffixes):
                found.append((str(Path(folder) / name), _stat(Path(folder) / name)))
                if len(found) >= MAX_LISTED:
                    return found
    return found


def start_inputs(
    home: Path,
    *,
    bundled_pack: Path,
    qml: Path,
    version: str,
    software: Sequence[Path] = (),
    venue: str | None,
    language: str | None,
    environ: Mapping[str, str],
    screen: tuple[int, int, float],
) -> list[tuple[str, str]]:
    """What decides the first frame, as (name, value) pairs for :func:`key_of`; ``stat`` only."""
    inputs = [
        ("version", version),
        ("venue", venue or ""),
        ("language", language or ""),
        ("screen", "{}x{}@{}".format(*screen)),
    ]
    inputs += [(f"env {name}", environ.get(name, "")) for name in RENDER_VARIABLES]
    inputs += [(f"home {name}", _stat(home / name)) for name in HOME_FILES]
    for name in HOME_FOLDERS:
        inputs += [(f"home {n}", v) for n, v in _folder(home / name)]
    inputs += _tree(bundled_pack)
    inputs += _tree(qml, (".qml", "qmldir"))
    for folder in software:  # the kiosk's code, words and fonts: a rebuild at the same version
        inputs += _tree(folder, SOFTWARE_SUFFIXES)
    return inputs


def what_shows(origin: str, pack_id: str, version: str) -> str:
    """What a start showed, for :attr:`Record.shows` (bounded: pack ids are the publisher's)."""
    return f"{origin}: {pack_id} {version}"[:MAX_SHOWS]


def may_keep(*, fallback: bool, alert: bool, attract: bool, staff: bool) -> bool:
    """Whether a start's first frame may be kept for the next start: the attract loop (or the
    closed screen) only. Never an alert (a missing child's photo must not come back after the
    alert ends), a visitor's lesson or a staff screen; never a start whose live pack the
    crash-loop guard set aside (the next start may well show the live pack again)."""
    return not fallback and not alert and attract and not staff


def works_on(platform: str) -> bool:
    """Whether a start frame can be shown on Qt's platform ``platform``: one more top-level
    window under the scene's, which a window system stacks (X11, Wayland). ``eglfs`` and
    ``linuxfb`` draw one full-screen surface and are left alone; ``offscreen`` is the tests'."""
    return platform in ("xcb", "offscreen") or platform.startswith("wayland")


def usable(record: Record | None, key: str, now: float, size: tuple[int, int]) -> bool:
    """Whether a kept frame may be shown at a start whose inputs make ``key``, at ``now``."""
    if record is None or record.key != key or record.size != size:
        return False
    if now < record.written - CLOCK_SLACK_SECONDS:
        return False  # the clock went backwards since: the schedule's view of now is unknown
    return record.valid_until is None or now < record.valid_until


@dataclass(frozen=True)
class TimeRule:
    """What of the schedule decides the first frame, for :func:`valid_until`.

    Attributes:
        state: what the schedule shows at a local time, as something comparable (open or
            closed, which playlist applies, the day when some slide has dates).
        timed: whether anything at all depends on the time (else a frame never expires).
    """

    state: Callable[[datetime], object]
    timed: bool


def valid_until(rule: TimeRule, when: datetime) -> datetime | None:
    """The first minute after ``when`` at which ``rule.state`` differs (at the latest a day
    on), or None when nothing the kiosk shows depends on the time."""
    if not rule.timed:
        return None
    now = rule.state(when)
    minute = when.replace(second=0, microsecond=0)
    end = when + LOOKAHEAD
    while minute < end:
        minute += timedelta(minutes=1)
        if rule.state(minute) != now:
            return minute
    return end


def schedule_rule(
    is_open: Callable[[datetime], bool],
    *,
    has_hours: bool,
    playlists: Sequence[Callable[[datetime], bool]],
    dated: bool,
) -> TimeRule:
    """The rule for a schedule: ``is_open(when)`` (``has_hours``: False when always open), its
    playlist slots' ``applies`` (first match wins), and whether a slide it may show has dates."""

    def state(when: datetime) -> tuple[bool, int, date | None]:
        slot = next((i for i, applies in enumerate(playlists) if applies(when)), -1)
        return (is_open(when), slot, when.date() if dated else None)

    return TimeRule(state, has_hours or bool(playlists) or dated)
