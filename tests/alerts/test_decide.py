"""What the board shows: the CAP rules, references, areas, windows and the trusted-clock rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.alerts import cap
from kiosk.alerts.decide import Board, Moment, Rules, call_number, covers
from kiosk.alerts.reasons import Refusal
from tests import FIXTURES_DIR
from tests.cap_feed import cap_alert

FIXTURES = FIXTURES_DIR / "cap"
RULES = Rules(frozenset({"006037"}))
NOW = datetime.now(UTC)


@pytest.fixture(autouse=True)
def _now_is_the_tests_start() -> None:
    """NOW is when each test starts, not when the file was imported: cap_alert() times its alerts
    from the real clock, and with the slow files scheduled first this file runs minutes later."""
    global NOW
    NOW = datetime.now(UTC)


def moment(
    offset: timedelta = timedelta(), *, mono: float = 1000.0, trusted: bool = True
) -> Moment:
    return Moment(NOW + offset, mono + offset.total_seconds(), trusted)


def alert(raw: bytes) -> cap.CapAlert:
    _, entries = cap.parse(raw)
    assert entries[0].alert is not None
    return entries[0].alert


def take(board: Board, raw: bytes, at: Moment | None = None) -> tuple[Board, Refusal | None]:
    return board.take_alert(alert(raw), RULES, at or moment(), source="feed", entry="e")


def kind_of(refusal: Refusal | None) -> str | None:
    return refusal.kind if refusal is not None else None


def shown(board: Board, at: Moment | None = None) -> list[str]:
    return [h.notice.ref.identifier for h in board.showing(at or moment())]


def test_a_child_abduction_alert_for_the_county_shows() -> None:
    board, verdict = take(Board(), cap_alert("A-1"))
    assert verdict is None
    assert shown(board) == ["A-1"]
    notice = board.held[cap.Ref("amber@example.org", "A-1")].notice
    assert notice.kind == "amber"
    assert notice.words_in("es")[0] == "es"
    assert notice.words_in("fr")[0] == "en"  # the screen's language when present, else English
    assert (notice.call, notice.call_is_default) == ("(213) 555-0143", False)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (cap_alert("T-1", status="Test"), "status"),
        (cap_alert("T-2", status="Exercise"), "status"),
        (cap_alert("T-3", status="Draft"), "status"),
        (cap_alert("T-4", scope="Restricted"), "scope"),
        (cap_alert("T-5", msg_type="Ack"), "msgType"),
        (cap_alert("T-6", event_code="SVR"), "event"),
        (cap_alert("T-7", areas=("048201",)), "area"),
        (
            cap_alert(
                "T-8",
                sent=(NOW - timedelta(hours=5)).isoformat(),
                expires=(NOW - timedelta(hours=1)).isoformat(),
            ),
            "expired",
        ),
    ],
)
def test_each_refusal_holds(raw: bytes, kind: str) -> None:
    board, verdict = take(Board(), raw)
    assert kind_of(verdict) == kind
    assert shown(board) == []
    assert board.state(alert(raw).ref, moment()) == verdict


def test_the_oasis_examples_are_refused_for_what_they_are() -> None:
    kinds = {}
    for name in ("advisory", "thunderstorm", "earthquake-update", "amber-multilingual"):
        _, verdict = take(Board(), (FIXTURES / f"{name}.xml").read_bytes())
        kinds[name] = verdict.kind if verdict else None
    # Not CAE; not CAE; not CAE; CAE for 006037 but sent in 2003, so long over.
    assert kinds == {"advisory": "event", "thunderstorm": "event",
                     "earthquake-update": "event", "amber-multilingual": "expired"}  # fmt: skip


def test_an_update_replaces_what_it_references() -> None:
    board, _ = take(Board(), cap_alert("A-1"))
    board, verdict = take(
        board,
        cap_alert(
            "A-2", msg_type="Update", references=["A-1"], headline="Update: child found safe?"
        ),
    )
    assert verdict is None
    assert shown(board) == ["A-2"]
    assert board.state(cap.Ref("amber@example.org", "A-1"), moment()) == Refusal(
        "ended", "replaced by A-2"
    )
    # The old message read again (a feed lists both) never comes back.
    board, verdict = take(board, cap_alert("A-1"))
    assert kind_of(verdict) == "ended"
    assert shown(board) == ["A-2"]


def test_a_cancel_removes_what_it_references_and_never_shows() -> None:
    board, _ = take(Board(), cap_alert("A-1"))
    board, verdict = take(board, cap_alert("C-1", msg_type="Cancel", references=["A-1"]))
    assert verdict == Refusal("cancel", "a Cancel; it ends A-1")
    assert shown(board) == []


def test_a_cancel_before_its_alert_still_ends_it() -> None:
    board, _ = take(Board(), cap_alert("C-1", msg_type="Cancel", references=["A-1"]))
    board, verdict = take(board, cap_alert("A-1"))
    assert kind_of(verdict) == "ended"


def test_another_sender_cannot_cancel() -> None:
    board, _ = take(Board(), cap_alert("A-1"))
    board, _ = take(
        board, cap_alert("C-9", msg_type="Cancel", references=["A-1"], sender="someone@example.net")
    )
    assert shown(board) == ["A-1"]


def test_a_test_cancel_ends_nothing() -> None:
    board, _ = take(Board(), cap_alert("A-1"))
    board, verdict = take(
        board, cap_alert("C-1", msg_type="Cancel", status="Test", references=["A-1"])
    )
    assert kind_of(verdict) == "status"
    assert shown(board) == ["A-1"]


def test_the_window_starts_and_ends() -> None:
    sent, expires = (NOW - timedelta(minutes=5)).isoformat(), (NOW + timedelta(hours=3)).isoformat()
    board, _ = take(Board(), cap_alert("A-1", sent=sent, expires=expires))
    assert shown(board, moment(timedelta(hours=2, minutes=59))) == ["A-1"]
    assert shown(board, moment(timedelta(hours=3))) == []
    board = board.refresh(moment(timedelta(hours=3)))
    state = board.state(cap.Ref("amber@example.org", "A-1"), moment(timedelta(hours=3)))
    assert kind_of(state) == "expired"


def test_no_expiry_means_the_default_window() -> None:
    board, _ = take(Board(), cap_alert("A-1", expires=None))
    assert shown(board, moment(timedelta(hours=11))) == ["A-1"]
    assert shown(board, moment(timedelta(hours=13))) == []


def test_a_far_expiry_is_cut_to_a_week() -> None:
    board, _ = take(Board(), cap_alert("A-1", expires=(NOW + timedelta(days=90)).isoformat()))
    assert shown(board, moment(timedelta(days=6))) == ["A-1"]
    assert shown(board, moment(timedelta(days=8))) == []


def test_an_untrusted_clock_never_shows_an_expired_alert() -> None:
    board, _ = take(Board(), cap_alert("A-1"))  # seen under a believed clock: deadlines set
    # The wall clock is set back a day and not believed: the monotonic deadline still holds.
    back = Moment(NOW - timedelta(days=1), 1000.0 + 4 * 3600, trusted=False)
    assert shown(board, back) == []
    meanwhile = Moment(NOW - timedelta(days=1), 1000.0 + 3600, trusted=False)
    assert shown(board, meanwhile) == ["A-1"]


def test_an_alert_first_seen_under_an_untrusted_clock_waits() -> None:
    untrusted = moment(trusted=False)
    board, verdict = take(Board(), cap_alert("A-1"), untrusted)
    assert kind_of(verdict) == "clock"
    assert shown(board, untrusted) == []
    later = moment(timedelta(minutes=11))
    board = board.refresh(later)
    assert shown(board, later) == ["A-1"]


def test_an_expired_alert_read_under_an_untrusted_clock_never_shows() -> None:
    old = cap_alert("OLD", sent="2003-06-11T22:39:00-07:00", expires=None)
    board, verdict = take(Board(), old, Moment(datetime(2003, 6, 12, 1, 0, tzinfo=UTC), 5.0, False))
    assert kind_of(verdict) == "clock"
    assert shown(board, Moment(datetime(2003, 6, 12, 1, 0, tzinfo=UTC), 6.0, False)) == []
    board = board.refresh(moment())
    assert shown(board) == []


@pytest.mark.parametrize(
    ("alert_code", "venue", "covered"),
    [
        ("006037", "006037", True),
        ("006000", "006037", True),  # the whole state
        ("000000", "048201", True),  # the whole country
        ("106037", "006037", True),  # a part of the venue's county
        ("106037", "206037", False),  # another part
        ("006037", "106037", True),
        ("006059", "006037", False),
        ("048037", "006037", False),  # another state's county 037
    ],
)
def test_area_codes_cover(alert_code: str, venue: str, covered: bool) -> None:
    assert covers(alert_code, venue) is covered


def test_a_listed_event_may_be_its_name() -> None:
    rules = Rules(frozenset({"006037"}), ("Child Abduction Emergency",))
    _, verdict = Board().take_alert(
        alert(cap_alert("A-1", event_code="XXX")), rules, moment(), source="f", entry="e"
    )
    assert verdict is None


def test_a_feed_that_drops_an_entry_ends_its_alert() -> None:
    board, _ = take(Board(), cap_alert("A-1"))
    board, gone = board.forget_missing("feed", ["another"])
    assert gone == [cap.Ref("amber@example.org", "A-1")]
    assert shown(board) == []
    _, none = board.forget_missing("other feed", [])
    assert none == []


def test_hidden_alerts_are_left_out() -> None:
    board, _ = take(Board(), cap_alert("A-1"))
    board, _ = take(board, cap_alert("A-2"))
    assert [
        h.notice.ref.identifier
        for h in board.showing(moment(), hidden=[cap.Ref("amber@example.org", "A-1")])
    ] == ["A-2"]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["CALL THE SHERIFF AT 213-555-0143"], ("(213) 555-0143", False)),
        (["no number here"], ("911", True)),
        (["CALL 213-555-014"], ("911", True)),  # a digit short: not a number anyone can call
        (["", "tip line +44 20 7946 0018"], ("+44 20 7946 0018", False)),
    ],
)
def test_the_number_to_call(texts: list[str], expected: tuple[str, bool]) -> None:
    assert call_number(texts) == expected
