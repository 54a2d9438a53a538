"""Polling real feeds served on 127.0.0.1: an alert appears within one poll, an update replaces
it, a cancel removes it, every refusal holds and is logged, and a feed that is down changes
nothing. Venue messages from the drop folder go through the same poll."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from kiosk.alerts import poll
from kiosk.alerts.cap import Ref
from kiosk.alerts.decide import Board, Moment, Rules
from kiosk.alerts.fetch import Patience
from kiosk.alerts.message import build
from kiosk.intake.signing import load_private_key, new_keypair
from tests.cap_feed import SENDER, Served, atom_feed, cap_alert, serve

RULES = Rules(frozenset({"006037"}))
QUICK = Patience(socket_timeout=2.0, deadline=4.0)


def now() -> Moment:
    return Moment(datetime.now(UTC), time.monotonic(), True)


def shown(board: Board) -> list[str]:
    return [h.notice.ref.identifier for h in board.showing(now())]


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (120, 100, 90)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def server() -> Iterator[tuple[str, Served]]:
    with serve() as running:
        yield running


def sources(base: str, home: Path | None = None, **kwargs: object) -> poll.Sources:
    return poll.Sources([f"{base}/feed.xml"], RULES, home=home, patience=QUICK, **kwargs)  # type: ignore[arg-type]


def test_an_alert_appears_within_one_poll_then_an_update_then_a_cancel(
    server: tuple[str, Served], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    base, served = server
    caplog.set_level(logging.INFO, logger="kiosk.alerts")
    served.put("/feed.xml", atom_feed([("e1", cap_alert("A-1"))]))
    feeds = sources(base, tmp_path)
    board = feeds.poll(Board(), now()).board
    assert shown(board) == ["A-1"]
    assert "alert accepted" in caplog.text
    # The update replaces it (both still in the feed, as feeds keep them).
    served.put("/feed.xml", atom_feed([
        ("e1", cap_alert("A-1")),
        ("e2", cap_alert("A-2", msg_type="Update", references=["A-1"], headline="Update: seen")),
    ]))  # fmt: skip
    board = feeds.poll(board, now()).board
    assert shown(board) == ["A-2"]
    assert board.held[Ref(SENDER, "A-2")].notice.words_in("en")[1].headline == "Update: seen"
    # The cancel removes it.
    served.put("/feed.xml", atom_feed([
        ("e1", cap_alert("A-1")),
        ("e2", cap_alert("A-2", msg_type="Update", references=["A-1"])),
        ("e3", cap_alert("C-1", msg_type="Cancel", references=["A-2"])),
    ]))  # fmt: skip
    board = feeds.poll(board, now()).board
    assert shown(board) == []
    assert "alert ended" in caplog.text


def test_linked_entries_are_fetched_once(server: tuple[str, Served]) -> None:
    base, served = server
    served.put("/cap/A-1.xml", cap_alert("A-1"))
    served.put("/feed.xml", atom_feed([("e1", f"{base}/cap/A-1.xml")]))
    feeds = sources(base)
    board = feeds.poll(Board(), now()).board
    board = feeds.poll(board, now()).board
    assert shown(board) == ["A-1"]
    assert served.asked.count("/cap/A-1.xml") == 1


def test_a_single_cap_document_is_a_feed_too(server: tuple[str, Served]) -> None:
    base, served = server
    served.put("/feed.xml", cap_alert("A-1"))
    assert shown(sources(base).poll(Board(), now()).board) == ["A-1"]


def test_a_feed_that_is_down_changes_nothing(
    server: tuple[str, Served], caplog: pytest.LogCaptureFixture
) -> None:
    base, served = server
    served.put("/feed.xml", atom_feed([("e1", cap_alert("A-1"))]))
    feeds = sources(base)
    board = feeds.poll(Board(), now()).board
    served.down = True
    report = feeds.poll(board, now())
    assert shown(report.board) == ["A-1"]
    assert report.feeds[0].ok is False
    assert "HTTP 503" in report.feeds[0].reason
    assert "not read (nothing changes)" in caplog.text
    served.down = False
    served.put("/feed.xml", b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>")  # broken
    assert shown(feeds.poll(board, now()).board) == ["A-1"]


def test_a_feed_read_whole_forgets_what_it_dropped(server: tuple[str, Served]) -> None:
    base, served = server
    served.put("/feed.xml", atom_feed([("e1", cap_alert("A-1"))]))
    feeds = sources(base)
    board = feeds.poll(Board(), now()).board
    served.put("/feed.xml", atom_feed([]))
    assert shown(feeds.poll(board, now()).board) == []


@pytest.mark.parametrize(
    ("entry", "kind"),
    [
        (cap_alert("T-1", status="Test"), "status"),
        (cap_alert("T-2", status="Exercise"), "status"),
        (cap_alert("T-3", areas=("048201",)), "area"),
        (cap_alert("T-4", event_code="SVR"), "event"),
        (
            cap_alert("T-5", sent="2003-06-11T22:39:00-07:00", expires="2003-06-12T04:00:00-07:00"),
            "expired",
        ),
    ],
)
def test_refusals_hold_and_are_logged(
    server: tuple[str, Served], caplog: pytest.LogCaptureFixture, entry: bytes, kind: str
) -> None:
    base, served = server
    caplog.set_level(logging.INFO, logger="kiosk.alerts")
    served.put("/feed.xml", atom_feed([("e1", entry)]))
    board = sources(base).poll(Board(), now()).board
    assert shown(board) == []
    assert [r.kind for r in board.refused.values()] == [kind]
    assert "alert refused: " in caplog.text
    assert f"{kind}:" in caplog.text


def test_an_unlisted_host_is_refused_unfetched(
    server: tuple[str, Served], caplog: pytest.LogCaptureFixture
) -> None:
    base, served = server
    caplog.set_level(logging.INFO, logger="kiosk.alerts")
    other = base.replace("127.0.0.1", "localhost")  # the same server under a name not allowed
    served.put("/cap/A-9.xml", cap_alert("A-9"))
    served.put("/feed.xml", atom_feed([("e1", f"{other}/cap/A-9.xml")]))
    board = sources(base).poll(Board(), now()).board
    assert shown(board) == []
    assert "/cap/A-9.xml" not in served.asked
    assert [r.kind for r in board.refused.values()] == ["host"]
    assert "is not the host of a feed" in caplog.text


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            b"<?xml version='1.0'?><!DOCTYPE a [<!ENTITY x 'y'>]><feed xmlns='http://www.w3.org/2005/Atom'>&x;</feed>",
            "unsafe",
        ),
        (
            b"<feed xmlns='http://www.w3.org/2005/Atom'>" + b" " * 2_100_000 + b"</feed>",
            "oversized",
        ),
        (b"this is no XML", "malformed"),
    ],
)
def test_a_bad_feed_is_refused_and_changes_nothing(
    server: tuple[str, Served], body: bytes, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    base, served = server
    served.put("/feed.xml", atom_feed([("e1", cap_alert("A-1"))]))
    feeds = sources(base)
    board = feeds.poll(Board(), now()).board
    served.put("/feed.xml", body)
    report = feeds.poll(board, now())
    assert shown(report.board) == ["A-1"]
    assert report.feeds[0].reason.startswith(f"{kind}:")
    assert f"not read (nothing changes): {kind}:" in caplog.text


def test_an_oversized_or_bombed_linked_alert_is_refused(server: tuple[str, Served]) -> None:
    base, served = server
    served.put("/cap/big.xml", cap_alert("BIG", description="x" * 600_000))
    served.put("/cap/bomb.xml", b"<!DOCTYPE alert [<!ENTITY a 'aaaa'>]><alert>&a;</alert>")
    served.put(
        "/feed.xml", atom_feed([("e1", f"{base}/cap/big.xml"), ("e2", f"{base}/cap/bomb.xml")])
    )
    board = sources(base).poll(Board(), now()).board
    assert sorted(r.kind for r in board.refused.values()) == ["oversized", "unsafe"]


def test_the_photo_comes_from_an_allowed_host_only(
    server: tuple[str, Served], tmp_path: Path
) -> None:
    base, served = server
    served.put("/photo.jpg", jpeg())
    other = base.replace("127.0.0.1", "localhost")
    served.put("/feed.xml", atom_feed([
        ("e1", cap_alert("A-1", photo=f"{base}/photo.jpg")),
        ("e2", cap_alert("A-2", photo=f"{other}/photo.jpg")),
    ]))  # fmt: skip
    board = sources(base, tmp_path).poll(Board(), now()).board
    saved = Path(board.held[Ref(SENDER, "A-1")].photo_file)
    assert saved.parent == tmp_path / "alerts" / "photos"
    with Image.open(saved) as picture:
        assert picture.format == "PNG"
        assert max(picture.size) <= 900
    assert board.held[Ref(SENDER, "A-2")].photo_file == ""
    assert served.asked.count("/photo.jpg") == 1


def test_a_photo_that_is_no_picture_is_not_shown(
    server: tuple[str, Served], tmp_path: Path
) -> None:
    base, served = server
    served.put("/photo.jpg", b"\xff\xd8\xff\xe0 not a jpeg at all")
    served.put("/feed.xml", atom_feed([("e1", cap_alert("A-1", photo=f"{base}/photo.jpg"))]))
    board = sources(base, tmp_path).poll(Board(), now()).board
    assert shown(board) == ["A-1"]  # the alert shows; only the photo does not
    assert board.held[Ref(SENDER, "A-1")].photo_file == ""


def write_message(
    folder: Path,
    key: Path,
    out: Path,
    identifier: str = "lost-child",
    headline: str = "Missing child at the north entrance",
) -> None:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    issued = datetime.now(UTC)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "message.yaml").write_text(
        f"id: {identifier}\n"
        f'from: "{start.isoformat()}"\n'
        f'until: "{(start + timedelta(hours=4)).isoformat()}"\n'
        f'issued: "{issued.isoformat()}"\n'
        f"text:\n  en: {{headline: {headline}}}\n",
        encoding="utf-8",
    )
    build(folder / "message.yaml", load_private_key(key), out)


def trusting_home(tmp_path: Path) -> tuple[Path, Path]:
    """A home that trusts a publisher's key; the key's private half."""
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    (home / "keys").mkdir()
    private, public, _ = new_keypair(tmp_path / "publisher")
    (home / "keys" / "publisher.pub").write_bytes(public.read_bytes())
    return home, private


def test_a_signed_message_in_the_drop_folder_is_taken_in(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    home, private = trusting_home(tmp_path)
    write_message(tmp_path / "src", private, home / "inbox" / "lost.kmsg")
    feeds = poll.Sources([], RULES, home=home)
    board = feeds.poll(Board(), now()).board
    assert shown(board) == ["lost-child"]
    assert "accepted" in caplog.text
    assert not (home / "inbox" / "lost.kmsg").exists()  # taken into the home's store
    assert len(list((home / "alerts" / "messages").glob("*.kmsg"))) == 1
    # Untrusting the key takes it off.
    (home / "keys" / "publisher.pub").unlink()
    board = feeds.poll(board, now()).board
    assert shown(board) == []
    assert not list((home / "alerts" / "messages").glob("*.kmsg"))


def test_a_message_on_a_stick_stays_when_the_stick_goes(tmp_path: Path) -> None:
    home, private = trusting_home(tmp_path)
    stick = tmp_path / "media" / "stick"
    stick.mkdir(parents=True)
    write_message(tmp_path / "src", private, stick / "lost.kmsg")
    feeds = poll.Sources([], RULES, home=home, watch=[str(tmp_path / "media" / "*") + "/"])
    board = feeds.poll(Board(), now()).board
    assert shown(board) == ["lost-child"]
    assert (stick / "lost.kmsg").exists()  # a stick is never written
    (stick / "lost.kmsg").unlink()  # pulled
    assert shown(feeds.poll(board, now()).board) == ["lost-child"]


def test_a_newer_issue_replaces_a_message(tmp_path: Path) -> None:
    home, private = trusting_home(tmp_path)
    write_message(tmp_path / "a", private, home / "inbox" / "first.kmsg")
    feeds = poll.Sources([], RULES, home=home)
    board = feeds.poll(Board(), now()).board
    write_message(tmp_path / "b", private, home / "inbox" / "second.kmsg", headline="Found safe")
    board = feeds.poll(board, now()).board
    assert [h.notice.words_in("en")[1].headline for h in board.showing(now())] == ["Found safe"]
    assert len(list((home / "alerts" / "messages").glob("*.kmsg"))) == 1


def test_an_unsigned_message_is_refused_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    stranger, _, _ = new_keypair(tmp_path / "stranger")
    write_message(tmp_path / "src", stranger, home / "inbox" / "lost.kmsg")
    (home / "inbox" / "junk.kmsg").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    feeds = poll.Sources([], RULES, home=home)
    board = feeds.poll(Board(), now()).board
    assert shown(board) == []
    assert "refused: untrusted: signed by key" in caplog.text
    assert "junk.kmsg" in caplog.text
    caplog.clear()
    feeds.poll(board, now())
    assert "refused" not in caplog.text  # each file is judged once


NO_PHOTO_POLL = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from kiosk.alerts.decide import Board, Moment, Rules
from kiosk.alerts.poll import Sources

home = Path(sys.argv[1])
sources = Sources([], Rules(frozenset()), home=home)
for _ in range(2):
    sources.poll(Board(), Moment(datetime.now(UTC), time.monotonic(), True), feeds=False)
print("PIL" in sys.modules)
"""


def test_a_poll_with_no_photo_to_prepare_does_not_load_pillow(tmp_path: Path) -> None:
    """The kiosk polls every few seconds, alert feeds or not: Pillow (~3 MB) waits for a photo."""
    done = subprocess.run(
        [sys.executable, "-c", NO_PHOTO_POLL, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == ["False"]
