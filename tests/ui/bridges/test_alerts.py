"""The alert takeover in the real scene: a feed on 127.0.0.1 polled off the GUI thread, the loop
covered and uncovered, touch mode at its next step, turns, and staff hiding an alert."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.alerts.cap import Ref
from kiosk.alerts.decide import Board, Held, Notice, Rules, Words
from kiosk.alerts.fetch import Patience
from kiosk.alerts.poll import Sources, read_hidden
from kiosk.ops.stats import Tally
from kiosk.ui.alert_poll import AlertPoller
from kiosk.ui.bridges.alerts import ref_key
from tests.cap_feed import SENDER, Served, atom_feed, cap_alert, serve
from tests.helpers import SceneDriver


@pytest.fixture
def feed() -> Iterator[tuple[str, Served]]:
    with serve() as running:
        yield running


def notice(identifier: str, *, minutes: int = 10, kind: str = "amber") -> Notice:
    now = datetime.now(UTC)
    words = Words("Child Abduction Emergency", f"Headline {identifier}", "Description.",
                  "Call 911.", "Example County Sheriff", "Example County")  # fmt: skip
    spanish = Words("Secuestro de menor", f"Titular {identifier}", "Descripción.",
                    "Llame al 911.", "Alguacil", "Condado")  # fmt: skip
    return Notice(
        ref=Ref(SENDER, identifier),
        kind=kind,  # type: ignore[arg-type]
        words=(("en", words), ("es", spanish)),
        call="911",
        call_is_default=True,
        photo="",
        start=now - timedelta(minutes=minutes),
        end=now + timedelta(hours=1),
        source="https://example.org/feed",
        entry=identifier,
    )


def board(*notices: Notice) -> Board:
    return Board(held={n.ref: Held(n) for n in notices})


def prop(scene: SceneDriver, name: str) -> object:
    return scene.scene.alerts.property(name)


def poll_once(qtbot, poller: AlertPoller) -> None:
    with qtbot.waitSignal(poller.polled, timeout=10_000):
        poller.tick()


def test_a_feed_alert_takes_over_the_loop_within_one_poll(
    scene: SceneDriver, qtbot, feed: tuple[str, Served], tmp_path: Path
) -> None:
    base, served = feed
    served.put("/feed.xml", atom_feed([("e1", cap_alert("A-1"))]))
    alerts = scene.scene.alerts
    sources = Sources([f"{base}/feed.xml"], Rules(frozenset({"006037"})), home=tmp_path,
                      patience=Patience(2.0, 4.0))  # fmt: skip
    poller = AlertPoller(alerts, sources, every_minutes=2, tick_ms=60_000, first_ms=60_000)
    try:
        poll_once(qtbot, poller)
        assert prop(scene, "showing") is True
        assert prop(scene, "headline") == "AMBER Alert in Example County"
        assert scene.attract.property("covered") is True
        assert scene.item("alertScreen").isVisible()
        assert not scene.item("attractLoop").isVisible()
        assert scene.item("alertHotlines").isVisible()  # the strip stays
        # An update replaces it at the next feed poll (every_minutes: made due by hand here).
        served.put("/feed.xml", atom_feed([
            ("e1", cap_alert("A-1")),
            ("e2", cap_alert("A-2", msg_type="Update", references=["A-1"], headline="Update")),
        ]))  # fmt: skip
        poller._feeds_due = 0.0
        poll_once(qtbot, poller)
        assert prop(scene, "headline") == "Update"
        assert prop(scene, "count") == 1
        # A cancel removes it: the loop plays on.
        served.put(
            "/feed.xml",
            atom_feed([("e3", cap_alert("C-1", msg_type="Cancel", references=["A-2"]))]),
        )
        poller._feeds_due = 0.0
        poll_once(qtbot, poller)
        assert prop(scene, "showing") is False
        assert scene.attract.property("covered") is False
        assert scene.attract.property("running") is True
        assert scene.item("attractLoop").isVisible()
    finally:
        poller.stop()


def test_the_covered_loop_stands_still_and_counts_nothing(scene: SceneDriver) -> None:
    counts = Tally()
    scene.attract._counts = counts
    scene.scene.alerts.use_board(board(notice("A-1")))
    scene.attract.advance()  # a boundary reached meanwhile (e.g. settings) moves no timer
    assert not scene.attract._timer.isActive()
    assert counts.take() == []
    scene.scene.alerts.use_board(Board())
    assert scene.attract._timer.isActive()
    assert sorted(row[1] for row in counts.take()) == ["qr_slide_shown", "slide_shown"]


def test_in_touch_mode_an_alert_waits_for_the_next_step(scene: SceneDriver) -> None:
    session, alerts = scene.session, scene.scene.alerts
    session.touch()
    session.openLesson(0)
    alerts.use_board(board(notice("A-1")))
    assert prop(scene, "showing") is False  # never in the middle of what the visitor does
    session.next()
    assert prop(scene, "showing") is True
    assert prop(scene, "overTouch") is True
    assert scene.item("alertContinueButton").isVisible()
    scene.click("alertContinueButton")
    assert prop(scene, "showing") is False
    session.next()
    assert prop(scene, "showing") is False  # seen by this visitor
    session.quickExit()
    session.touch()  # the cover ends; the loop shows it again to the next visitor
    assert prop(scene, "showing") is True
    assert prop(scene, "overTouch") is False


def test_exit_over_a_lesson_leaves_at_once(scene: SceneDriver) -> None:
    scene.session.touch()
    scene.session.openLesson(0)
    scene.scene.alerts.use_board(board(notice("A-1")))
    scene.session.next()
    scene.click("alertExitButton")
    assert scene.screen() == "cover"


def test_a_visitor_who_tapped_the_alert_is_not_shown_it_again(scene: SceneDriver) -> None:
    scene.scene.alerts.use_board(board(notice("A-1")))
    scene.click_at(400, 400)  # the tap that opens the menu, from the alert screen
    assert scene.screen() == "menu"
    assert prop(scene, "showing") is False
    scene.session.openLesson(0)
    assert prop(scene, "showing") is False


def test_alerts_take_turns_in_each_language(scene: SceneDriver) -> None:
    alerts = scene.scene.alerts
    alerts.use_board(board(notice("A-1", minutes=5), notice("A-2", minutes=10)))
    assert scene.attract.languages == ("en", "es")
    seen = []
    for _ in range(4):
        seen.append((prop(scene, "headline"), scene.attract.current_language()))
        alerts.next_turn()
    assert seen == [("Headline A-1", "en"), ("Titular A-1", "es"),
                    ("Headline A-2", "en"), ("Titular A-2", "es")]  # fmt: skip
    assert scene.item("alertTurns").property("text") == "1 of 2"


def test_an_alert_ends_on_time_without_a_poll(scene: SceneDriver) -> None:
    alerts = scene.scene.alerts
    alerts.use_board(board(notice("A-1")))
    assert prop(scene, "showing") is True
    later = datetime.now(UTC) + timedelta(hours=2)
    alerts.wall = lambda: later
    alerts.update()
    assert prop(scene, "showing") is False
    assert scene.attract.property("covered") is False


def test_an_untrusted_clock_shows_no_alert_it_never_timed(scene: SceneDriver) -> None:
    alerts = scene.scene.alerts
    alerts.clock_trusted = lambda: False
    untimed = board(notice("A-1"))
    alerts.use_board(untimed)
    assert prop(scene, "showing") is False


def test_staff_hide_and_show_again(
    scene: SceneDriver, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    alerts = scene.scene.alerts
    alerts._home = tmp_path
    alerts.use_board(board(notice("A-1")))
    key = ref_key(Ref(SENDER, "A-1"))
    assert [r["key"] for r in alerts.alert_rows.rows] == [key]
    alerts.press("hide", key)
    assert prop(scene, "showing") is False
    assert alerts.alert_rows.rows[0]["hidden"] is True
    assert read_hidden(tmp_path) == [Ref(SENDER, "A-1")]
    assert "alert hidden by staff" in caplog.text
    alerts.press("show", key)
    assert prop(scene, "showing") is True
    assert read_hidden(tmp_path) == []


def test_the_alert_screen_has_no_overflow_at_portrait(qtbot, default_pack) -> None:
    from kiosk.render.snapshot import overflowing_texts
    from tests.helpers import make_scene

    driver = make_scene(qtbot, default_pack, (1080, 1920))
    try:
        long = notice("LONG")
        words = Words("E" * 120, "H " * 80, "D " * 600, "I " * 300, "S" * 160, "A" * 300)
        long = Notice(**{**long.__dict__, "words": (("en", words),)})
        driver.scene.alerts.use_board(board(long))
        qtbot.wait(50)
        cut = overflowing_texts(driver.item("alertScreen"), (1080, 1920))
        # Outside text at its limits is elided rather than laid over the strip or the edge.
        assert set(cut) <= {
            "alertEvent",
            "alertHeadline",
            "alertDescription",
            "alertInstruction",
            "alertSender",
        }
        assert driver.item("alertHotlines").isVisible()
    finally:
        driver.close()
    assert not driver.warnings


def test_the_staff_panel_lists_alerts_and_hides_one(scene: SceneDriver, qtbot) -> None:
    alerts, staff = scene.scene.alerts, scene.scene.staff
    alerts.use_board(board(notice("A-1")))
    staff.open_panel()
    qtbot.waitUntil(lambda: scene.window.contentItem() is not None)
    key = ref_key(Ref(SENDER, "A-1"))
    panel = scene.item("staffPanel")
    button = f"hideAlert-{key}"
    # Page through the panel to the alerts section (a line shows only on its own page).
    for page in range(10):
        panel.setProperty("page", page)
        qtbot.wait(20)
        if scene.item(button).property("opacity") == 1:
            break
    assert "Headline A-1" in scene.item(f"alertRow-{key}").property("text")
    scene.click(button)
    assert prop(scene, "showing") is False
    assert scene.item(button).property("text") == "Show again"
    scene.click(button)
    assert prop(scene, "showing") is True
    staff.cancel()


def test_the_snapshot_draws_each_example_alert(scene: SceneDriver, tmp_path: Path) -> None:
    from kiosk.render.alert_samples import alert_screens

    alerts = scene.scene.alerts
    alerts._home = tmp_path
    alerts._hidden = [Ref("key 0123456789abcdef", "missing-child-gate-4")]  # hidden in this home
    seen: list[tuple[str, object, object]] = []
    alert_screens(
        scene.scene,
        lambda id_, _: seen.append((id_, prop(scene, "kind"), prop(scene, "overTouch"))),
    )
    assert seen == [
        ("alert/amber", "amber", False),
        ("alert/message", "message", False),
        ("alert/over-lesson", "amber", True),
    ]
    assert prop(scene, "showing") is False
    assert scene.screen() == "attract"


def test_outside_opening_hours_the_closed_screen_stays(scene: SceneDriver) -> None:
    scene.scene.alerts.use_board(board(notice("A-1")))
    scene.scene.schedule.show_closed(None)
    assert prop(scene, "showing") is False
    assert scene.item("closedScreen").isVisible()


def test_a_session_ending_under_an_alert_counts_no_slide(scene: SceneDriver) -> None:
    counts = Tally()
    scene.attract._counts = counts
    scene.scene.alerts.use_board(board(notice("A-1")))
    scene.session.touch()
    scene.session.done()
    assert scene.screen() == "attract"
    assert prop(scene, "showing") is True
    assert counts.take() == []
