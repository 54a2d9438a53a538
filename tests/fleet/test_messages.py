"""Venue messages published through the fleet's TUF repository reach the kiosk's screen."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("tuf")

from kiosk.alerts import poll
from kiosk.alerts.decide import Board, Moment, Rules
from kiosk.alerts.message import build
from kiosk.common.problems import PackError
from kiosk.fleet import sync
from kiosk.fleet.decide import Transport
from kiosk.fleet.messages import message_targets
from kiosk.fleet.repo import Repository
from kiosk.intake.signing import load_private_key, new_keypair
from tests.tuf_repo import State, serve

FAST = Transport(socket_timeout=1, deadline_seconds=10)


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    repository = Repository(tmp_path / "repo")
    repository.init()
    return repository


@pytest.fixture
def server(repo: Repository) -> Iterator[tuple[str, State]]:
    with serve(repo.folder) as served:
        yield served


def message(tmp_path: Path, key: Path, headline: str) -> Path:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    source = tmp_path / f"src-{abs(hash(headline))}"
    source.mkdir()
    (source / "message.yaml").write_text(
        f'id: lost-child\nfrom: "{start.isoformat()}"\n'
        f'until: "{(start + timedelta(hours=2)).isoformat()}"\n'
        f'issued: "{datetime.now(UTC).isoformat()}"\n'
        f'text: {{en: {{headline: "{headline}"}}}}\n',
        encoding="utf-8",
    )
    out = source / "lost.kmsg"
    build(source / "message.yaml", load_private_key(key), out)
    return out


def test_a_published_message_shows_on_a_kiosk_that_trusts_its_key(
    tmp_path: Path, repo: Repository, server: tuple[str, State]
) -> None:
    url, _ = server
    private, public, _ = new_keypair(tmp_path / "police")
    added = repo.add_message(message(tmp_path, private, "Missing child near Gate 4"))
    assert (added.target, added.unchanged) == ("lost-child.kmsg", False)
    home = tmp_path / "home"
    (home / "keys").mkdir(parents=True)
    (home / "keys" / "police.pub").write_bytes(public.read_bytes())
    outcome = sync.sync_once(
        home, url, trust_root=repo.metadata_dir / "1.root.json", transport=FAST
    )
    assert outcome.result == "up-to-date"  # no pack offered; the message came all the same
    assert len(list((home / "inbox").glob("fleet-*.kmsg"))) == 1
    feeds = poll.Sources([], Rules(frozenset({"006037"})), home=home)
    now = Moment(datetime.now(UTC), time.monotonic(), True)
    board = feeds.poll(Board(), now).board
    assert [h.notice.ref.identifier for h in board.showing(now)] == ["lost-child"]
    # A later issue replaces the target and, after the next sync, the message on screen.
    repo.add_message(message(tmp_path, private, "Found safe, thank you"))
    sync.sync_once(home, url, transport=FAST)
    board = feeds.poll(board, now).board
    assert [h.notice.words_in("en")[1].headline for h in board.showing(now)] == [
        "Found safe, thank you"
    ]


def test_a_pack_is_no_message(tmp_path: Path, repo: Repository) -> None:
    junk = tmp_path / "junk.kmsg"
    junk.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    with pytest.raises(PackError):
        repo.add_message(junk)


def test_only_well_named_message_targets_are_taken() -> None:
    targets = {
        "lost-child.kmsg": {"kiosk": {"message": "lost-child"}},
        "other.kmsg": {"kiosk": {"message": "lost-child"}},  # name and id disagree
        "../x.kmsg": {"kiosk": {"message": "x"}},
        "us-1.0.kpack": {"kiosk": {"id": "us", "version": "1.0", "venues": ["any"]}},
    }
    assert message_targets(targets) == ["lost-child.kmsg"]
