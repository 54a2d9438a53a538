"""Issue 27, health in Prometheus: what the kiosk says, decided without Qt or a server.

The families are a pure function of the GUI thread's snapshot and the files of KIOSK_HOME; these
tests feed both and read the result, and take refusals from a real store so that the reason
kinds follow the kiosk's own messages.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kiosk.intake import signing
from kiosk.intake.store import PackStore
from kiosk.ops import metrics
from kiosk.ops.metrics import Family, HomeFacts, Snapshot, SyncStatus

NOW = 1_800_000_000.0


def _snapshot(**changes: object) -> Snapshot:
    base = {
        "published": NOW - 1,
        "started": NOW - 3600,
        "pack_id": "us-awareness",
        "pack_version": "2026.11.0",
        "slide_ids": frozenset({"transit-watch", "hotel-desk"}),
        "lesson_ids": frozenset({"signs"}),
    }
    return Snapshot(**{**base, **changes})  # type: ignore[arg-type]


def _by_name(found: tuple[Family, ...]) -> dict[str, Family]:
    return {family.name: family for family in found}


def _value(found: tuple[Family, ...], name: str, *labels: str) -> float:
    for sample in _by_name(found)[name].samples:
        if sample.labels == labels:
            return sample.value
    raise AssertionError(f"{name}{labels} not in {_by_name(found)[name].samples}")


# -- reasons from real refusals -----------------------------------------------------------------


def _tampered(kpack: Path, out: Path) -> Path:
    """The signed pack with one listed file changed (same size) after signing."""
    with zipfile.ZipFile(kpack) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "pack.yaml":
                data = data.replace(b"A short body.", b"A SHORT BODY.")
            dst.writestr(info, data)
    return out


def test_refusals_in_the_journal_are_counted_by_kinds_of_reason(
    store: PackStore, packs, tmp_path: Path
) -> None:
    assert store.install(packs.kpack(packs.folder("2.0.0"))).status == "installed"
    refused = []
    refused.append(store.install(packs.kpack(packs.folder("1.0.0"))))  # below the high-water mark
    signing.new_keypair(tmp_path / "stranger")
    stranger = signing.load_private_key(tmp_path / "stranger.key")
    refused.append(store.install(packs.kpack(packs.folder("3.0.0"), key=stranger)))
    refused.append(
        store.install(_tampered(packs.kpack(packs.folder("4.0.0")), tmp_path / "t.kpack"))
    )
    junk = tmp_path / "junk.kpack"
    junk.write_bytes(b"not a zip at all " * 10)
    refused.append(store.install(junk))
    broken = packs.folder("5.0.0")
    packs.replace(broken, "pack.yaml", 'number: "1-800-843-5678"', 'number: "1-900-555-0100"')
    refused.append(store.install(packs.kpack(broken)))
    assert [r.status for r in refused] == ["refused"] * 5

    installs, refusals = metrics.install_counts(store.journal.entries())

    assert installs == {"cli": 1}
    assert refusals == {
        ("cli", "version"): 1,
        ("cli", "signature"): 1,
        ("cli", "tampered"): 1,
        ("cli", "unreadable"): 1,
        ("cli", "invalid"): 1,
    }


def test_outside_words_never_become_labels() -> None:
    hostile = "x" * 5000 + '"}\n kiosk_up 0'
    entries = [
        {
            "status": "refused",
            "origin": hostile,
            "problems": [{"file": hostile, "message": hostile}],
        },
        {"status": "refused", "origin": "inbox", "problems": "not a list"},
        {"status": "installed", "origin": None},
        {"status": "activated", "origin": "cli"},  # an operator's choice: no install
        {"status": "unchanged", "origin": "media"},
    ]
    installs, refusals = metrics.install_counts(entries)
    assert installs == {"other": 1}
    assert refusals == {("other", "invalid"): 1, ("inbox", "other"): 1}
    for origin, reason in refusals:
        assert origin in (*metrics.ORIGINS, "other")
        assert reason in metrics.REASON_KINDS
    snapshot = _snapshot(pack_id=hostile, pack_version="1.0\n", pack_origin=hostile)
    info = _by_name(metrics.families(snapshot, HomeFacts(), NOW))["kiosk_pack"]
    assert info.samples[0].labels == ("other", "other", "other")


def test_impact_keys_are_the_live_packs_ids_and_language_codes() -> None:
    totals = {
        ("slide_shown", "transit-watch/en"): 5,
        ("slide_shown", "transit-watch/xx"): 1,  # no such language
        ("slide_shown", "old-slide/en"): 2,  # a slide of an earlier pack
        ("qr_slide_shown", "hotel-desk"): 3,
        ("lesson_started", "signs"): 4,
        ("lesson_finished", "../../etc"): 1,
        ("language_switch", "es"): 6,
        ("touch_session", ""): 7,
        ("touch_session", "a-session-id"): 1,  # never a key: counted, not shown
        ("visitor_name", "Ana"): 9,  # no such counter: dropped
        ("read_aloud", ""): -3,  # damaged: dropped
    }
    bounded = metrics.bounded_impact(
        totals, frozenset({"transit-watch", "hotel-desk"}), frozenset({"signs"})
    )
    assert bounded == {
        ("slide_shown", "transit-watch/en"): 5,
        ("slide_shown", "other"): 3,
        ("qr_slide_shown", "hotel-desk"): 3,
        ("lesson_started", "signs"): 4,
        ("lesson_finished", "other"): 1,
        ("language_switch", "es"): 6,
        ("touch_session", ""): 7,
        ("touch_session", "other"): 1,
    }


def test_counters_read_again_from_files_never_go_down() -> None:
    first = metrics.advance({}, {}, {"a": 10.0})
    assert first == {"a": 10.0}
    # The journal rotated (a dropped 4) while b appeared and a gained 1 afterwards.
    second = metrics.advance(first, {"a": 10.0}, {"a": 6.0, "b": 2.0})
    assert second == {"a": 10.0, "b": 2.0}
    third = metrics.advance(second, {"a": 6.0, "b": 2.0}, {"a": 7.0, "b": 2.0})
    assert third == {"a": 11.0, "b": 2.0}


# -- the families -------------------------------------------------------------------------------


def test_a_healthy_kiosk_says_what_a_fleet_asks() -> None:
    snapshot = _snapshot(self_check_at=NOW - 30, self_check_ok=True, open=False)
    facts = HomeFacts(
        restarts={"frozen": 2},
        fallback_starts=1,
        installs={"sync": 3},
        refusals={("inbox", "signature"): 1},
        rss_bytes=150e6,
        impact={("touch_session", ""): 7},
    )
    found = metrics.families(snapshot, facts, NOW)
    names = _by_name(found)
    assert names["kiosk_pack"].kind == "info"
    assert names["kiosk_pack"].samples[0].labels == ("us-awareness", "2026.11.0", "installed")
    assert _value(found, "kiosk_up") == 1
    assert _value(found, "kiosk_uptime_seconds") == 3600
    assert _value(found, "kiosk_open") == 0
    assert _value(found, "kiosk_self_check_ok") == 1
    assert _value(found, "kiosk_self_check_age_seconds") == 30
    assert _value(found, "kiosk_restarts", "frozen") == 2
    assert _value(found, "kiosk_restarts", "memory") == 0
    assert _value(found, "kiosk_crash_loop_fallback_starts") == 1
    assert _value(found, "kiosk_crash_loop_fallback") == 0
    assert _value(found, "kiosk_pack_installs", "sync") == 3
    assert _value(found, "kiosk_pack_refusals", "inbox", "signature") == 1
    assert _value(found, "kiosk_memory_rss_bytes") == 150e6
    assert _value(found, "kiosk_impact", "touch_session", "") == 7
    assert names["kiosk_impact"].kind == "counter"
    assert "kiosk_sync_age_seconds" not in names  # no sync-status.json: no sync samples


def test_before_the_first_snapshot_and_self_check_nothing_is_made_up() -> None:
    found = _by_name(metrics.families(None, HomeFacts(), NOW))
    assert "kiosk_pack" not in found
    assert "kiosk_uptime_seconds" not in found
    assert "kiosk_impact" not in found
    assert found["kiosk_memory_rss_bytes"].samples == ()  # the system did not say
    checked = _by_name(metrics.families(_snapshot(), HomeFacts(), NOW))
    assert checked["kiosk_self_check_ok"].samples == ()
    assert checked["kiosk_self_check_age_seconds"].samples == ()


@pytest.mark.parametrize(
    ("data", "age", "result"),
    [
        (
            {
                "url": "https://packs.example.org/repo",
                "last_attempt": "2027-01-15T08:00:00Z",
                "last_success": "2027-01-15T07:00:00+00:00",
                "result": "error",
                "reason": "connection refused",
                "timestamp_expires": "2027-01-16T00:00:00Z",
            },
            3600.0,
            "error",
        ),
        (
            {"last_attempt": "2027-01-15T08:00:00Z", "last_success": None, "result": "?"},
            None,
            "other",
        ),
        ({"last_success": "2027-01-15T07:00:00", "result": "installed"}, None, "installed"),
    ],
)
def test_sync_age_comes_from_sync_status(
    data: dict[str, object], age: float | None, result: str
) -> None:
    status = metrics.parse_sync_status(data)
    assert status is not None
    now = metrics.parse_time("2027-01-15T08:00:00Z")
    assert now is not None
    found = metrics.families(None, HomeFacts(sync=status), now)
    names = _by_name(found)
    if age is None:
        assert names["kiosk_sync_age_seconds"].samples == ()  # never succeeded (or no zone)
    else:
        assert _value(found, "kiosk_sync_age_seconds") == age
    assert _value(found, "kiosk_sync_result", result) == 1
    assert sum(s.value for s in names["kiosk_sync_result"].samples) == 1


def test_a_sync_status_that_is_not_an_object_says_nothing() -> None:
    assert metrics.parse_sync_status(["not", "an", "object"]) is None
    assert metrics.parse_sync_status(None) is None
    assert SyncStatus("other", None, None, None) == metrics.parse_sync_status({"result": 5})


def test_the_textfiles_last_write_says_the_kiosk_is_down() -> None:
    found = metrics.families(_snapshot(), HomeFacts(), NOW, up=False)
    assert _value(found, "kiosk_up") == 0
