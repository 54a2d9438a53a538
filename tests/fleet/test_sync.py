"""Packs from a TUF repository: `kiosk repo` makes one, `kiosk sync` fetches from it.

Every sync runs against a real HTTP server on 127.0.0.1 serving a repository these tests made
with kiosk.fleet.repo; each attack is refused (or retried) with the live pack untouched and
the reason in sync-status.json.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("tuf")

from tuf.api.metadata import Metadata, Root, Snapshot, Targets, Timestamp

from kiosk import cli
from kiosk.config import SyncSettings, load_config
from kiosk.fleet import sync
from kiosk.fleet.decide import Offer, Refusal, Transport, choose, offers_from, url_problem
from kiosk.fleet.repo import Repository
from kiosk.intake.store import PackStore
from kiosk.intake.trust import PackRef
from tests.tuf_repo import Publisher, State, serve

FAST = Transport(socket_timeout=1, deadline_seconds=10)


@pytest.fixture
def publisher(tmp_path: Path) -> Publisher:
    return Publisher(tmp_path / "publisher")


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    repository = Repository(tmp_path / "repo")
    repository.init()
    return repository


@pytest.fixture
def server(repo: Repository) -> Iterator[tuple[str, State]]:
    with serve(repo.folder) as served:
        yield served


def sync_home(home: Path, url: str, repo: Repository, **options: object) -> sync.Outcome:
    options.setdefault("transport", FAST)
    options.setdefault("trust_root", repo.metadata_dir / "1.root.json")
    return sync.sync_once(home, url, **options)  # type: ignore[arg-type]


def status(home: Path) -> dict[str, object]:
    return json.loads((home / "sync-status.json").read_text(encoding="utf-8"))


def live(home: Path) -> PackRef | None:
    return PackStore(home).live()


def target_requests(state: State) -> list[str]:
    return [path for path in state.requests if path.startswith("/targets/")]


# -- the decisions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://packs.example.org/repo/", True),
        ("http://127.0.0.1:8000/", True),
        ("http://[::1]:8000/repo", True),
        ("http://localhost/repo", True),
        ("http://packs.example.org/repo/", False),  # plain http off the machine
        ("http://10.0.0.5/repo/", False),
        ("ftp://packs.example.org/", False),
        ("https://user:secret@packs.example.org/", False),  # would be logged
        ("https://packs.example.org/?a=b", False),
        ("file:///etc/", False),
        ("https://", False),
    ],
)
def test_only_https_or_loopback_http(url: str, allowed: bool) -> None:
    assert (url_problem(url) is None) == allowed


def test_a_password_in_the_url_is_neither_logged_nor_recorded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    home = tmp_path / "new-home"  # a first sync: the home does not exist yet
    outcome = sync.sync_once(home, "https://kiosk:hunter2@packs.example.org/r/")
    assert (outcome.result, outcome.exit_code) == ("refused", 1)
    assert status(home)["url"] == "https://***@packs.example.org/r/"
    assert "hunter2" not in caplog.text
    assert "hunter2" not in (home / "sync-status.json").read_text(encoding="utf-8")


def offer(pack_id: str, version: str, *venues: str) -> Offer:
    return Offer(f"{pack_id}-{version}.kpack", PackRef(pack_id, version), venues or ("any",))


def test_the_newest_pack_for_the_venue_is_chosen() -> None:
    offers = [
        offer("us", "1.2.0", "any"),
        offer("us", "1.10.0", "any"),  # compared as numbers, not text
        offer("us", "2.0.0", "hotel"),  # not for a transit kiosk
    ]
    assert choose(offers, venue="transit", pack_id=None, live_id=None) == offers[1]
    assert choose(offers, venue="hotel", pack_id=None, live_id=None) == offers[2]
    assert choose(offers, venue=None, pack_id=None, live_id=None) == offers[2]
    assert choose([offers[2]], venue="transit", pack_id=None, live_id=None) is None


def test_which_pack_id_when_several_are_offered() -> None:
    offers = [offer("us", "1.0.0"), offer("es", "3.0.0"), offer("rail", "1.0.0", "transit")]
    # The live pack's id, else the named one, else the one naming this venue itself.
    assert choose(offers, venue="hotel", pack_id=None, live_id="us") == offers[0]
    assert choose(offers, venue="hotel", pack_id="es", live_id="us") == offers[1]
    assert choose(offers, venue="transit", pack_id=None, live_id=None) == offers[2]
    with pytest.raises(Refusal, match=r"several packs for this kiosk \(es, us\)"):
        choose(offers, venue="hotel", pack_id=None, live_id=None)


def test_targets_without_kiosk_metadata_or_with_bad_names_are_not_offers() -> None:
    good = {"kiosk": {"id": "us", "version": "1.0.0", "venues": ["hotel"]}}
    found = offers_from(
        {
            "us-1.0.0.kpack": good,
            "readme.txt": {},
            "../escape.kpack": good,
            "sub/dir.kpack": good,
            "bad-version.kpack": {"kiosk": {"id": "us", "version": "1.x", "venues": ["any"]}},
            "bad-venue.kpack": {"kiosk": {"id": "us", "version": "1.0.0", "venues": ["moon"]}},
            "bad-id.kpack": {"kiosk": {"id": "../../x", "version": "1.0.0"}},
        }
    )
    assert found == [Offer("us-1.0.0.kpack", PackRef("us", "1.0.0"), ("hotel",))]


# -- against a real server -------------------------------------------------------------------


def test_a_new_pack_arrives_installs_and_then_is_up_to_date(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, state = server
    home = publisher.kiosk_home(tmp_path / "home")
    repo.add(publisher.pack("1.0.0"))
    outcome = sync_home(home, url, repo)
    assert (outcome.result, outcome.exit_code) == ("installed", 0), outcome.reason
    assert live(home) == PackRef("test-pack", "1.0.0")
    record = status(home)
    assert record["result"] == "installed"
    assert record["url"] == url
    assert record["last_success"] == record["last_attempt"]
    assert isinstance(record["timestamp_expires"], str)
    assert (home / "tuf" / "metadata" / "root.json").exists()  # the root is trusted from now on
    assert not list((home / "tuf" / "downloads").iterdir())

    fetched = len(target_requests(state))
    again = sync_home(home, url, repo, trust_root=None)  # later syncs need no --trust-root
    assert again.result == "up-to-date"
    assert len(target_requests(state)) == fetched  # nothing downloaded again

    repo.add(publisher.pack("1.1.0"))
    assert sync_home(home, url, repo, trust_root=None).result == "installed"
    assert live(home) == PackRef("test-pack", "1.1.0")


def test_one_server_updates_three_kiosk_homes(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, _ = server
    repo.add(publisher.pack("2.0.0"), ["transit", "hotel", "rest-stop"])
    homes = [publisher.kiosk_home(tmp_path / f"kiosk-{n}") for n in range(3)]
    venues = ["transit", "hotel", "rest-stop"]
    outcomes = [sync_home(h, url, repo, venue=v) for h, v in zip(homes, venues, strict=True)]
    assert [o.result for o in outcomes] == ["installed"] * 3
    assert [live(h) for h in homes] == [PackRef("test-pack", "2.0.0")] * 3


def test_a_kiosk_needs_a_trusted_root_first(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, state = server
    home = publisher.kiosk_home(tmp_path / "home")
    outcome = sync_home(home, url, repo, trust_root=None)
    assert (outcome.result, outcome.exit_code) == ("refused", 1)
    assert "--trust-root" in outcome.reason
    assert state.requests == []


def installed_v1(tmp_path: Path, publisher: Publisher, repo: Repository, url: str) -> Path:
    home = publisher.kiosk_home(tmp_path / "home")
    repo.add(publisher.pack("1.0.0"))
    assert sync_home(home, url, repo).result == "installed"
    return home


def assert_refused_and_untouched(home: Path, outcome: sync.Outcome, result: str, words: str):
    assert outcome.result == result, outcome.reason
    assert outcome.exit_code == 1
    assert words in outcome.reason
    assert live(home) == PackRef("test-pack", "1.0.0")
    assert PackRef("test-pack", "1.1.0") not in {p.ref for p in PackStore(home).list_installed()}
    assert status(home)["result"] == result
    assert words in str(status(home)["reason"])


def test_a_tampered_target_is_refused(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, _ = server
    home = installed_v1(tmp_path, publisher, repo, url)
    added = repo.add(publisher.pack("1.1.0"))
    (stored,) = repo.targets_dir.glob(f"*.{added.target}")
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same length, one byte changed
    stored.write_bytes(bytes(data))
    outcome = sync_home(home, url, repo, trust_root=None)
    assert_refused_and_untouched(home, outcome, "refused", "does not match its signed")


def test_an_expired_timestamp_is_refused_and_shown(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, _ = server
    home = installed_v1(tmp_path, publisher, repo, url)
    ten_days_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(days=10)
    stale = Repository(repo.folder, timestamp_days=1, clock=lambda: ten_days_ago)
    stale.add(publisher.pack("1.1.0"))
    outcome = sync_home(home, url, repo, trust_root=None)
    assert_refused_and_untouched(home, outcome, "refused", "expired")
    assert status(home)["timestamp_expires"] is not None  # the last trusted one, for the panel


def test_a_rolled_back_snapshot_is_refused(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, _ = server
    home = installed_v1(tmp_path, publisher, repo, url)
    # A new timestamp, validly signed with the timestamp key, naming snapshot version 1 again
    # (the state before the pack was added): what a stolen timestamp key could try.
    repo.add(publisher.pack("1.1.0"))
    old = (repo.metadata_dir / "1.snapshot.json").read_bytes()
    timestamp = repo.load("timestamp", Timestamp)
    timestamp.signed.snapshot_meta = sync_meta(1, old)
    timestamp.signed.version += 1
    timestamp.sign(repo.signer("timestamp"))
    (repo.metadata_dir / "timestamp.json").write_bytes(timestamp.to_bytes())
    outcome = sync_home(home, url, repo, trust_root=None)
    assert_refused_and_untouched(home, outcome, "refused", "rollback refused")


def sync_meta(version: int, raw: bytes):
    from kiosk.fleet.repo import _meta

    return _meta(version, raw)


def test_a_repository_signed_by_an_untrusted_root_is_refused(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, _ = server
    home = installed_v1(tmp_path, publisher, repo, url)
    # The server's repository is replaced by another one, made with other keys.
    shutil.rmtree(repo.folder)
    impostor = Repository(repo.folder)
    impostor.init()
    impostor.add(publisher.pack("1.1.0"))
    outcome = sync_home(home, url, impostor, trust_root=None)
    assert_refused_and_untouched(home, outcome, "refused", "not signed by the trusted keys")
    # Nor can the impostor's root be slipped in as a second --trust-root.
    second = sync_home(home, url, impostor)
    assert_refused_and_untouched(home, second, "refused", "already trusts another")


@pytest.mark.parametrize(("mode", "words"), [("stall", "stalled"), ("die", "download failed")])
def test_a_server_that_stalls_or_dies_mid_download_is_retried_later(
    tmp_path: Path,
    publisher: Publisher,
    repo: Repository,
    server: tuple[str, State],
    mode: str,
    words: str,
) -> None:
    url, state = server
    home = installed_v1(tmp_path, publisher, repo, url)
    repo.add(publisher.pack("1.1.0"))
    left = home / "tuf" / "downloads" / "test-pack-1.0.0.kpack"
    left.write_bytes(b"half of a pack from a sync that was killed")
    state.targets = mode
    outcome = sync_home(home, url, repo, trust_root=None)
    assert_refused_and_untouched(home, outcome, "error", words)
    assert status(home)["last_success"] is not None  # the first sync's
    state.targets = "serve"  # the server is back: the next sync gets it
    state.release.set()
    assert sync_home(home, url, repo, trust_root=None).result == "installed"
    assert not list(left.parent.iterdir())  # nothing left behind, not even the old leftover


def test_an_oversized_target_is_refused_without_downloading_it(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, state = server
    home = installed_v1(tmp_path, publisher, repo, url)
    added = repo.add(publisher.pack("1.1.0"))
    # The targets role declares the pack 1 GB long (nothing that size is written anywhere).
    targets = repo.load("targets", Targets)
    targets.signed.targets[added.target].length = 1_000_000_000
    targets.signed.version += 1
    repo._publish_targets(targets)
    fetched = len(target_requests(state))
    outcome = sync_home(home, url, repo, trust_root=None)
    assert_refused_and_untouched(home, outcome, "refused", "1,000,000,000 bytes; the limit")
    assert len(target_requests(state)) == fetched


def test_a_pack_the_intake_refuses_is_not_fetched_again(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, state = server
    home = installed_v1(tmp_path, publisher, repo, url)
    stranger = Publisher(tmp_path / "stranger")  # TUF signs the channel; not the pack's word
    repo.add(stranger.pack("1.1.0"))
    outcome = sync_home(home, url, repo, trust_root=None)
    assert_refused_and_untouched(home, outcome, "refused", "refused")
    fetched = len(target_requests(state))
    again = sync_home(home, url, repo, trust_root=None)
    assert again.result == "refused"
    assert len(target_requests(state)) == fetched  # remembered by its hash


def test_a_kiosk_follows_a_rotated_root(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, _ = server
    home = installed_v1(tmp_path, publisher, repo, url)
    new_root, kept = repo.rotate_root()
    assert new_root.name == "2.root.json"
    kept.unlink()  # the old root key is gone for good
    repo.add(publisher.pack("1.1.0"))
    assert sync_home(home, url, repo, trust_root=None).result == "installed"
    assert live(home) == PackRef("test-pack", "1.1.0")
    trusted = Metadata[Root].from_file(str(home / "tuf" / "metadata" / "root.json"))
    assert trusted.signed.version == 2
    # A new kiosk given the old 1.root.json walks the chain too.
    fresh = publisher.kiosk_home(tmp_path / "fresh")
    assert sync_home(fresh, url, repo).result == "installed"


def test_a_root_not_signed_by_the_old_key_is_not_followed(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, _ = server
    home = installed_v1(tmp_path, publisher, repo, url)
    root = repo.load("root", Root)
    root.signed.version += 1
    new_key = repo.keys_dir / "other.key"
    from kiosk.fleet.keys import write_new_key

    signer = write_new_key(new_key)
    for keyid in list(root.signed.roles["root"].keyids):
        root.signed.revoke_key(keyid, "root")
    root.signed.add_key(signer.public_key, "root")
    root.sign(signer)  # only the new key: no chain from the root the kiosk trusts
    (repo.metadata_dir / "2.root.json").write_bytes(root.to_bytes())
    repo.add(publisher.pack("1.1.0"))
    outcome = sync_home(home, url, repo, trust_root=None)
    assert_refused_and_untouched(home, outcome, "refused", "not signed by the trusted keys")


def test_repository_layout_and_refresh(repo: Repository, publisher: Publisher) -> None:
    assert (repo.metadata_dir / "1.root.json").exists()
    assert "OFFLINE" in (repo.keys_dir / "KEEP-OFFLINE.txt").read_text(encoding="utf-8")
    assert all((repo.keys_dir / f"{r}.key").stat().st_mode & 0o077 == 0 for r in sync_roles())
    added = repo.add(publisher.pack("1.0.0"), ["hotel"])
    targets = repo.load("targets", Targets).signed
    assert targets.targets[added.target].custom == {
        "kiosk": {"id": "test-pack", "version": "1.0.0", "venues": ["hotel"]}
    }
    before = repo.load("timestamp", Timestamp).signed
    assert timedelta(days=6) < before.expires - datetime.now(UTC) <= timedelta(days=7)
    assert repo.refresh() == ["timestamp"]
    after = repo.load("timestamp", Timestamp).signed
    assert after.version == before.version + 1
    assert repo.load("snapshot", Snapshot).signed.version == 2


def sync_roles() -> tuple[str, ...]:
    from kiosk.fleet.repo import ROLES

    return ROLES


def test_the_command_line(
    tmp_path: Path,
    publisher: Publisher,
    server: tuple[str, State],
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, _ = server
    folder = tmp_path / "cli-repo"
    assert cli.main(["repo", "init", str(folder)]) == 0
    assert "OFFLINE" in capsys.readouterr().err
    kpack = publisher.pack("3.0.0")
    assert cli.main(["repo", "add", str(folder), str(kpack), "--venue", "transit"]) == 0
    again = ["repo", "add", str(folder), str(kpack), "--venue", "transit"]
    assert cli.main(again) == 0  # the same again: nothing
    assert "nothing to do" in capsys.readouterr().out
    home = publisher.kiosk_home(tmp_path / "home")
    # Serve the CLI's repository from the same server: its folder replaces the fixture's.
    served = server[1].root
    shutil.rmtree(served)
    shutil.copytree(folder, served)
    root = folder / "metadata" / "1.root.json"
    args = ["--home", str(home), "sync", "--url", url, "--trust-root", str(root)]
    assert cli.main(args) == 0
    assert "installed" in capsys.readouterr().out
    (home / "kiosk.yaml").write_text(f"sync: {{url: '{url}'}}\n", encoding="utf-8")
    assert cli.main(["--home", str(home), "sync"]) == 0  # the URL from kiosk.yaml
    assert "up-to-date: test-pack 3.0.0 is installed" in capsys.readouterr().out
    assert cli.main(["--home", str(home), "sync", "--url", "http://example.org/"]) == 1
    assert "only to a loopback" in capsys.readouterr().err


def test_no_network_keeps_the_live_pack_and_says_so(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, _ = server
    home = installed_v1(tmp_path, publisher, repo, url)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    outcome = sync_home(home, closed, repo, trust_root=None)
    assert_refused_and_untouched(home, outcome, "error", "cannot reach the server")
    assert status(home)["url"] == closed


def test_a_server_that_drips_is_stopped_by_the_deadline(
    tmp_path: Path, publisher: Publisher, repo: Repository, server: tuple[str, State]
) -> None:
    url, state = server
    home = installed_v1(tmp_path, publisher, repo, url)
    repo.add(publisher.pack("1.1.0"))
    state.targets = "drip"  # a byte every 0.1 s: never a gap long enough for the timeout
    slow = Transport(socket_timeout=1, deadline_seconds=0.5)
    outcome = sync_home(home, url, repo, trust_root=None, transport=slow)
    assert_refused_and_untouched(home, outcome, "error", "stalled")


def test_kiosk_yaml_sync(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.yaml"
    path.write_text("sync: {url: 'https://packs.example.org/r/', every_minutes: 30, pack: us}\n")
    config = load_config(path, strict=True)
    assert config.sync == SyncSettings("https://packs.example.org/r/", 30, "us")
    path.write_text("sync: {every_minutes: 0}\n")  # no url, and too often
    broken = load_config(path, strict=False)
    assert broken.sync is None
    assert {p.field for p in broken.problems} >= {"sync"}


def test_the_staff_panel_shows_the_last_sync_and_an_expired_timestamp(tmp_path: Path) -> None:
    from kiosk.common.message import Message
    from kiosk.ops.staff_panel import sync_line
    from kiosk.ops.staff_words import word

    home = tmp_path / "home"
    home.mkdir()
    assert sync_line(home, 0.0) is None
    expires = datetime(2026, 1, 8, tzinfo=UTC)
    said = Message.of("syncMetadataExpired")
    outcome = sync.Outcome("refused", "timestamp.json is expired\u202e", None, expires, said)
    sync.write_status(
        home, "https://packs.example.org/r/", outcome, datetime(2026, 1, 9, tzinfo=UTC)
    )
    record = json.loads((home / "sync-status.json").read_text())
    assert record["reason"] == "timestamp.json is expired"  # cleaned: no bidi control
    assert Message.from_json(record["said"]) == said  # the panel's words for it
    line = sync_line(home, expires.timestamp() + 1)
    assert line is not None
    assert line.kind == "syncExpired"
    assert word(line) == (
        "Fleet sync: refused at 2026-01-09T00:00:00Z: the repository's signed metadata has "
        "expired (its publisher must renew it); the live pack stays (the repository's timestamp "
        "has expired: no updates until it is re-signed)"
    )
    fresh = sync_line(home, 0.0)
    assert fresh is not None
    assert fresh.kind == "sync"


def test_without_the_fleet_extra_the_kiosk_runs_and_sync_says_what_is_missing(
    tmp_path: Path,
) -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('tuf', 'securesystemslib', 'urllib3'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import kiosk.ui.app\n"  # the running kiosk imports without python-tuf
        "from kiosk import cli\n"
        "from kiosk.fleet import sync\n"
        f"home = {str(tmp_path)!r}\n"
        "outcome = sync.sync_once(__import__('pathlib').Path(home), 'https://example.org/')\n"
        "assert outcome.result == 'error' and 'kiosk[fleet]' in outcome.reason, outcome\n"
        "assert cli.main(['repo', 'init', home + '/repo']) == 1\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "pip install 'kiosk[fleet]'" in done.stderr
    assert json.loads((tmp_path / "sync-status.json").read_text())["result"] == "error"
