"""Health decisions without a screen: frozen frames, the memory ceiling, self-check records."""

import logging

from kiosk.ops.health import FreezeJudge, Health, MemoryCeiling, SelfCheckResult, rss_mb


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
