"""Health decisions without a screen: frozen frames, the memory ceiling, self-check records."""

import logging
import subprocess
import sys
import threading
import time

import pytest

from kiosk.ops.health import (
    DEFAULT_STALL_SECONDS,
    EXIT_FROZEN,
    STAFF_PATIENCE,
    FreezeJudge,
    Health,
    MemoryCeiling,
    SelfCheckResult,
    StallWatch,
    rss_mb,
    stall_bound,
    stalled_for,
)


def test_a_frame_unchanged_for_more_than_three_slide_periods_is_frozen() -> None:
    judge = FreezeJudge()
    assert judge.observe(b"a", 0.0, 10.0) is None
    verdicts = [judge.observe(b"a", t, 10.0) for t in (7.0, 14.0, 21.0, 28.0, 35.0)]
    assert verdicts[:4] == [None] * 4  # 28 s is not yet more than 3 x 10 s
    assert verdicts[4] == 35.0


def test_a_changing_frame_is_never_frozen() -> None:
    judge = FreezeJudge()
    for step in range(100):
        assert judge.observe(bytes([step % 2]), step * 7.0, 10.0) is None


def test_the_longest_period_seen_sets_the_limit() -> None:
    judge = FreezeJudge()
    judge.observe(b"a", 0.0, 5.0)
    judge.observe(b"a", 4.0, 60.0)  # a 60 s slide came up: the loop may rest on it
    for t in (8.0, 12.0, 100.0):
        assert judge.observe(b"a", t, 5.0) is None
    assert judge.observe(b"a", 181.0, 5.0) == 181.0


def test_one_coincidence_between_sparse_samples_is_not_enough() -> None:
    """Fast slides sampled rarely: two equal samples far apart do not make a freeze."""
    judge = FreezeJudge()
    judge.observe(b"a", 0.0, 0.1)
    assert judge.observe(b"a", 2.0, 0.1) is None
    assert judge.observe(b"a", 4.0, 0.1) is None
    assert judge.observe(b"a", 6.0, 0.1) == 6.0


def test_reset_forgets_a_pause_for_a_lesson() -> None:
    judge = FreezeJudge()
    for t in (0.0, 10.0, 20.0):
        judge.observe(b"a", t, 10.0)
    judge.reset()  # a visitor's lesson: the loop was not supposed to move
    for t in (300.0, 310.0, 320.0, 330.0):
        assert judge.observe(b"a", t, 10.0) is None
    assert judge.observe(b"a", 331.0, 10.0) == 31.0


def test_memory_ceiling() -> None:
    assert MemoryCeiling(None, lambda: 10_000.0).exceeded() is None
    assert MemoryCeiling(500, lambda: 499.0).exceeded() is None
    assert MemoryCeiling(500, lambda: 501.5).exceeded() == 501.5


def test_memory_ceiling_without_rss_warns_once(caplog) -> None:
    caplog.set_level(logging.WARNING, "kiosk.ops.health")
    ceiling = MemoryCeiling(500, lambda: None)
    assert ceiling.exceeded() is None
    assert ceiling.exceeded() is None
    assert caplog.text.count("does not report RSS") == 1


def test_rss_of_this_process_is_plausible() -> None:
    rss = rss_mb()
    assert rss is not None
    assert 5 < rss < 20_000


def test_self_check_results_are_recorded_for_a_staff_panel() -> None:
    health = Health()
    url = "https://connect.missingkids.org"
    bad = SelfCheckResult(at=1.0, expected=url, found=())
    assert not bad.ok
    assert "no QR found" in bad.describe()
    health.record(bad)
    health.record(SelfCheckResult(at=2.0, expected=url, found=("https://elsewhere.example",)))
    assert health.failed_in_a_row == 2
    assert "reads https://elsewhere.example, not" in health.last_self_check.describe()
    good = SelfCheckResult(at=3.0, expected=url, found=(url,))
    health.record(good)
    assert health.last_self_check is good
    assert good.ok
    assert health.failed_in_a_row == 0
    assert good.describe() == f"self-check ok: the QR on screen reads {url}"


def test_memory_limit_mb_in_kiosk_yaml(tmp_path) -> None:
    from kiosk.config import load_config

    path = tmp_path / "kiosk.yaml"
    assert load_config(path, strict=True).memory_limit_mb is None  # default: no ceiling
    path.write_text("memory_limit_mb: 900\n")
    assert load_config(path, strict=True).memory_limit_mb == 900
    path.write_text("memory_limit_mb: 10\nvenue: hotel\n")
    config = load_config(path, strict=False)  # `kiosk run`: a broken key falls back alone
    assert config.memory_limit_mb is None
    assert config.venue == "hotel"
    assert [p.field for p in config.problems] == ["memory_limit_mb"]


def test_the_judge_knows_when_the_loop_has_shown_it_moves() -> None:
    judge = FreezeJudge()
    assert judge.suspicious  # nothing seen yet
    judge.observe(b"a", 0.0, 10.0)
    assert judge.suspicious  # one frame proves nothing
    judge.observe(b"b", 5.0, 10.0)
    assert judge.moving
    assert not judge.suspicious
    judge.observe(b"b", 200.0, 10.0)
    assert judge.suspicious  # the same frame again: look more often
    judge.reset()
    assert judge.suspicious


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_silent_gui_thread_is_stuck_only_past_the_bound() -> None:
    assert stalled_for(10.0, False, 70.0, 60.0) is None  # exactly the bound: not yet
    assert stalled_for(10.0, False, 70.5, 60.0) == 60.5
    assert stalled_for(10.0, True, 70.5, 60.0) is None  # staff have the panel open
    assert stalled_for(10.0, True, 10.0 + 60.0 * STAFF_PATIENCE + 1, 60.0) is not None


def test_the_watch_judges_from_the_last_pulse() -> None:
    clock = FakeClock()
    watch = StallWatch(60.0, clock=clock, on_stall=lambda reason: None)
    for _ in range(10):  # a GUI thread that turns every second is never stuck
        clock.now += 1.0
        watch.pulse()
        assert watch.check() is None
    clock.now += 61.0
    assert watch.check() == (
        "the screen is frozen: the GUI thread has not turned for 61.0 s (the bound is 60 s): "
        "exiting for a restart"
    )
    watch.pulse(patient=True)  # staff opened the panel at the last pulse
    clock.now += 61.0
    assert watch.check() is None
    clock.now += 60.0 * STAFF_PATIENCE
    reason = watch.check()
    assert reason is not None
    assert "(the bound is 600 s)" in reason


def test_the_watch_thread_calls_once_when_the_pulse_stops() -> None:
    """A real thread on the real clock: pulses keep it quiet; silence ends it, once."""
    stalls: list[str] = []
    called = threading.Event()

    def on_stall(reason: str) -> None:
        stalls.append(reason)
        called.set()

    armed: list[int] = []
    watch = StallWatch(
        0.3, on_stall=on_stall, poll=0.02, backstop=lambda: armed.append(len(stalls))
    )
    watch.start()
    try:
        for _ in range(20):  # 0.6 s of pulses every 30 ms: twice the bound, no stall
            watch.pulse()
            time.sleep(0.03)
        assert stalls == []
        started = time.monotonic()
        assert called.wait(5.0)  # then silence
        assert 0.25 < time.monotonic() - started < 3.0
        time.sleep(0.1)
        assert len(stalls) == 1
        assert armed == [0]  # the backstop was armed once, before the stall was reported
        assert stalls[0].startswith("the screen is frozen: the GUI thread has not turned for")
        assert "in test_the_watch_thread_calls_once_when_the_pulse_stops" in watch.where()
    finally:
        watch.stop()


def test_a_stopped_watch_never_calls() -> None:
    stalls: list[str] = []
    watch = StallWatch(0.05, on_stall=stalls.append, poll=0.01, backstop=lambda: None)
    watch.start()
    watch.stop()  # the app quits in order: the GUI thread may take its time now
    time.sleep(0.15)
    assert stalls == []


# The reviewer's stall_hang.py: the GUI thread is stuck inside a log handler (a full stderr pipe,
# a stalled journald), so it holds the handler's lock; the watch must still end the process.
STUCK_IN_LOGGING = """
import logging, sys, threading
from kiosk.ops import health
health.EXIT_GRACE_SECONDS = 0.2
handler = logging.StreamHandler(sys.stderr)
logging.getLogger().addHandler(handler)
logging.getLogger().setLevel(logging.INFO)
held = threading.Event()
def hold():  # another thread takes the handler's lock and keeps it (and lives: ids are reused)
    handler.acquire()
    held.set()
    threading.Event().wait()
threading.Thread(target=hold, daemon=True).start()
held.wait()
health.StallWatch(0.3, poll=0.05).start()  # logs, so this thread blocks on the lock: stuck
"""


def test_the_watch_exits_even_when_logging_is_stuck() -> None:
    """Logging before arming the backstop blocked the watch for good: exit 4 never came."""
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-c", STUCK_IN_LOGGING], capture_output=True, timeout=15
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the stall watch never ended a process stuck in logging")
    assert result.returncode == EXIT_FROZEN, result.stderr
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("setting", "bound"),
    [
        (None, DEFAULT_STALL_SECONDS),
        ("", DEFAULT_STALL_SECONDS),
        ("2", 2.0),  # tests shorten it
        ("0.5", 0.5),
        ("86400", DEFAULT_STALL_SECONDS),  # once accepted: the freeze check switched off
        ("61", DEFAULT_STALL_SECONDS),
        ("inf", DEFAULT_STALL_SECONDS),
        ("nan", DEFAULT_STALL_SECONDS),
        ("0.1", DEFAULT_STALL_SECONDS),
        ("-5", DEFAULT_STALL_SECONDS),
        ("soon", DEFAULT_STALL_SECONDS),
    ],
)
def test_the_environment_may_only_shorten_the_stall_bound(setting, bound: float) -> None:
    assert stall_bound(setting) == bound


def test_still_says_whether_the_last_sample_repeated_the_one_before() -> None:
    """What the self-check asks before rendering the scene again (a screen standing still)."""
    judge = FreezeJudge()
    judge.observe(b"a", 0.0, 5.0)
    assert not judge.still  # a first sample repeats nothing
    judge.observe(b"b", 3.0, 5.0)
    assert not judge.still
    judge.observe(b"b", 6.0, 5.0)
    assert judge.still
    judge.reset()
    assert not judge.still
