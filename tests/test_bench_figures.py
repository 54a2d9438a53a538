"""The install-while-playing bench figure's arithmetic (tests/bench/install_frames.py)."""

from __future__ import annotations

from tests.bench.bench import install_rows
from tests.bench.install_frames import _frames


def test_frames_counts_slow_frames_and_gaps_inside_a_crossfade_only() -> None:
    events = [("slide", 10.0)]
    # Frames of 10 ms every 20 ms in the fade, one 70 ms frame, then an idle gap after the fade.
    at = 10.0
    for n in range(20):
        length = 0.070 if n == 5 else 0.010
        events += [("sync", at), ("swap", at + length)]
        at += length + 0.010
    events += [("sync", 12.5), ("swap", 12.51)]  # after the fade: the gap before it is idle
    figs = _frames(events, 9.5, 13.0)
    assert figs["frames"] == 21
    assert figs["frames_over_50ms"] == 1
    assert figs["frame_max_ms"] is not None
    assert round(figs["frame_max_ms"]) == 70
    assert figs["gap_max_ms"] is not None
    assert round(figs["gap_max_ms"]) == 80
    assert figs["crossfades"] == 1


def test_frames_outside_the_window_are_left_out() -> None:
    events = [("slide", 1.0), ("sync", 1.0), ("swap", 1.2), ("sync", 5.0), ("swap", 5.01)]
    figs = _frames(events, 4.0, 6.0)
    assert figs["frames"] == 1
    assert figs["frame_max_ms"] is not None
    assert round(figs["frame_max_ms"]) == 10
    assert figs["gap_max_ms"] is None


def test_install_rows_put_the_install_beside_the_loop_without_one() -> None:
    figs: dict[str, float | None] = {"install_pack_mb": 154.2, "install_seconds": 3.2}
    for phase, worst in (("before", 40.0), ("during", 60.0), ("live", 45.0)):
        figs |= {
            f"{phase}_frame_max_ms": worst,
            f"{phase}_frame_p95_ms": 20.0,
            f"{phase}_frames_over_50ms": 1.0 if worst > 50 else 0.0,
            f"{phase}_frames": 100.0,
        }
    rows = install_rows(figs)
    assert rows[0].startswith("| frames while a 154 MB pack installs from the inbox (3.2 s) |")
    assert "max 60 ms, p95 20 ms, 1 of 100 frames over 50 ms" in rows[0]
    assert "no install: max 40 ms" in rows[0]
    assert "max 45 ms" in rows[1]
    assert install_rows(None) == []
