"""What the staff panel says, as messages, from the store's and the inbox's records (no Qt)."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.common.message import Message
from kiosk.common.paths import default_pack_dir
from kiosk.content.loader import load_pack
from kiosk.content.words import NAME_LIMIT
from kiosk.intake.install import InstallResult
from kiosk.intake.store import PackRef, PackStore
from kiosk.ops import staff_panel
from kiosk.ops.health import Health, SelfCheckResult
from kiosk.ops.inbox import scan_for_new_packs
from kiosk.ops.staff_words import word
from tests.packs import Packs

# What a stick's owner can name a file: a message for passers-by, and lines to grow the notice.
HOSTILE = (
    "URGENT numbers below are out of service call 555 0100\n\n\nstay calm\u202e"
    + "x" * 300
    + ".kpack"
)


def _notice(result: InstallResult, title: str = "") -> str:
    said = staff_panel.notice(result, title)
    return word(said) if said else ""


def test_notice_words() -> None:
    ref = PackRef("acme", "2.0.0")
    installed = InstallResult("installed", "/media/s/acme.kpack", ref)
    assert _notice(installed, "Stay safe") == "New content installed: Stay safe 2.0.0"
    assert _notice(installed) == "A new content pack is now showing"
    refused = InstallResult("refused", "/media/s/acme.kpack", ref)
    assert _notice(refused) == "A pack on the USB stick was refused; the staff panel says why"
    junk = InstallResult("refused", "/var/lib/kiosk/inbox/junk.kpack")
    assert _notice(junk) == "A pack in the drop folder was refused; the staff panel says why"
    busy = InstallResult("refused", "/media/s/a.kpack", transient=True, cause="busy")
    assert staff_panel.notice(busy, "") is None  # tried again by itself: nothing to say yet
    pulled = InstallResult("refused", "/media/s/a.kpack", transient=True, cause="source")
    assert _notice(pulled) == (
        "Not installed: the USB stick was removed during the copy; plug it in again"
    )
    gone = InstallResult("refused", "/var/lib/kiosk/inbox/a.kpack", transient=True, cause="source")
    assert _notice(gone) == (
        "Not installed: the file went away during the copy; copy it to the drop folder again"
    )
    again = InstallResult("unchanged", "/media/s/acme.kpack", ref)
    assert _notice(again, "Stay safe") == "Already installed: Stay safe 2.0.0"
    assert _notice(again) == "This content pack is already installed"


def test_the_public_notice_never_holds_a_file_name() -> None:
    """A raw name of any .kpack, junk included, once reached the public screen."""
    for source in (f"/media/s/{HOSTILE}", f"/home/k/inbox/{HOSTILE}"):
        for result in (
            InstallResult("refused", source),
            InstallResult("refused", source, PackRef("acme", "2.0.0")),
            InstallResult("refused", source, transient=True, cause="source"),
            InstallResult("installed", source, PackRef("acme", "2.0.0")),
            InstallResult("unchanged", source, PackRef("acme", "2.0.0")),
        ):
            said = staff_panel.notice(result, "")
            assert said is not None, result
            assert "service" not in repr(said)
            text = word(said)
            for bad in ("service", "xxx", "\n"):
                assert bad not in text


def test_a_verified_title_is_cleaned_and_capped_on_the_notice() -> None:
    installed = InstallResult("installed", "/media/s/a.kpack", PackRef("acme", "2.0.0"))
    said = staff_panel.notice(installed, "Stay\nsafe " + "y" * 200)
    assert said is not None
    title = said.get("title")
    assert isinstance(title, str)
    assert "\n" not in title
    assert len(title) <= NAME_LIMIT


def test_found_rows_say_what_happened_and_keep_names_clean(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    junk = home / "inbox" / "a\nb\u202e{}.kpack".format("z" * 200)
    junk.write_bytes(b"not a zip")
    os.utime(junk, (1, 1))
    fresh = home / "inbox" / "fresh.kpack"
    fresh.write_bytes(b"also not a zip")
    rows = staff_panel.read_found(home, ()).packs
    assert sorted(word(r.said).split("\n")[1] for r in rows) == ["not checked yet"] * 2
    scan_for_new_packs(home, (), clock=lambda: 10.0, settle_seconds=2.0)
    rows = {r.key: r for r in staff_panel.read_found(home, ()).packs}
    row = rows[str(junk)]  # the Install button still finds the file
    assert len(row.name) <= staff_panel.NAME_LIMIT
    assert row.name.startswith("a b")
    assert row.name.endswith(".kpack")
    first, second = word(row.said).split("\n")
    assert first == f"{row.name} (drop folder)"
    # The reason, once: neither the file's name again nor the installer's English words.
    assert second == "not installed: it is not a content pack"
    assert word(rows[str(fresh)].said).endswith("\nnot checked yet")  # too fresh at 10.0


def test_an_untrusted_signer_points_at_trust_on_the_panel(packs: Packs, tmp_path: Path) -> None:
    """The reason the store gives names the command for the CLI and the log; the panel's says
    which of its buttons to use."""
    store = PackStore(tmp_path / "home")
    result = store.install(packs.kpack(packs.folder()))  # by a key this store does not trust
    assert result.status == "refused"
    assert "kiosk keys trust FILE.pub" in result.message  # the log and the CLI
    assert result.said is not None
    assert result.said.kind == "untrustedKey"
    words = word(staff_panel.install_outcome(result))
    assert "use Trust… on its .pub file below" in words
    assert "kiosk keys" not in words


def test_health_lines(tmp_path: Path) -> None:
    health = Health(started=0.0)
    health.record(SelfCheckResult(3600.0, "https://x.example", ("https://x.example",)))
    health.last_error = Message.of("memoryCeiling", mb=900, limit=64)
    guard = Message.of(
        "guardShowing",
        pack="acme 1.0",
        why=Message.of(
            "guardBoth",
            first=Message.of("guardFailed", pack="acme 2.0", times=3),
            second=Message.of("guardFailedOnce", pack="acme 1.5"),
        ),
    )
    lines = [word(m) for m in staff_panel.health_lines(health, tmp_path, 90061.0, guard=guard)]
    assert lines[0] == "Running for: 1 d 1 h 1 min"
    assert lines[1].startswith("Memory: ")
    assert lines[2].startswith("Disk free: ")
    assert lines[3] == (
        "Last error: memory 900 MB was over the limit of 64 MB, so the kiosk restarted"
    )
    assert lines[4] == (
        "Last self-check: 1970-01-01 01:00 UTC: ok, the QR on screen reads https://x.example"
    )
    assert lines[5] == (
        "Crash-loop guard: showing acme 1.0 because acme 2.0 failed to start 3 times in a row "
        "and acme 1.5 failed to start once"
    )
    none = [word(m) for m in staff_panel.health_lines(None, tmp_path, 0.0)]
    assert [n.split(":")[0] for n in none] == ["Memory", "Disk free"]


def test_what_is_on_screen_and_playing(tmp_path: Path) -> None:
    pack = load_pack(default_pack_dir())
    home = tmp_path / "home"
    shown = staff_panel.Shown(pack, next_slide=False, venue=None, slide="bus-1", language="en")
    view = staff_panel.read_panel(home, shown, pack)
    lines = [word(m) for m in view.live]
    assert lines[0] == f"{pack.title.get('en')} — {pack.id} {pack.version}"
    assert "Signed by: the app itself (bundled, not signed)" in lines
    assert view.playing is not None
    assert word(view.playing) == "Playing: all venues, slide bus-1"
    assert [word(r.said) for r in view.packs] == [f"{pack.id} {pack.version} (bundled)  (live)"]
    assert view.revoked is None
    assert not view.can_roll_back
    venue = staff_panel.playing("rest-stop", "lot-2")
    assert word(venue) == "Playing: rest stop, slide lot-2"
