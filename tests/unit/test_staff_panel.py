"""What the staff panel says, from the store's and the inbox's records (no Qt)."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.content.words import HEX_MASK, NAME_LIMIT
from kiosk.intake.install import InstallResult
from kiosk.intake.store import PackRef, PackStore
from kiosk.ops import staff_panel
from kiosk.ops.health import Health, SelfCheckResult
from kiosk.ops.inbox import scan_for_new_packs
from tests.unit.conftest import Packs


def test_notice_words() -> None:
    ref = PackRef("acme", "2.0.0")
    installed = InstallResult("installed", "/media/s/acme.kpack", ref)
    assert (
        staff_panel.notice_text(installed, "Stay safe") == "New content installed: Stay safe 2.0.0"
    )
    assert staff_panel.notice_text(installed, "") == "A new content pack is now showing"
    refused = InstallResult("refused", "/media/s/acme.kpack", ref)
    assert staff_panel.notice_text(refused, "") == (
        "A pack on the USB stick was refused; the staff panel says why"
    )
    junk = InstallResult("refused", "/home/k/inbox/junk.kpack")
    assert staff_panel.notice_text(junk, "") == (
        "A pack in the drop folder was refused; the staff panel says why"
    )
    busy = InstallResult("refused", "/media/s/a.kpack", transient=True, cause="busy")
    assert staff_panel.notice_text(busy, "") == ""  # tried again by itself: nothing to say yet
    pulled = InstallResult("refused", "/media/s/a.kpack", transient=True, cause="source")
    assert staff_panel.notice_text(pulled, "") == (
        "Not installed: the USB stick was removed during the copy; plug it in again"
    )
    gone = InstallResult("refused", "/var/lib/kiosk/inbox/a.kpack", transient=True, cause="source")
    assert staff_panel.notice_text(gone, "") == (
        "Not installed: the file went away during the copy; copy it to the drop folder again"
    )
    again = InstallResult("unchanged", "/x.kpack", ref)
    assert staff_panel.notice_text(again, "Stay safe") == "Already installed: Stay safe 2.0.0"
    assert staff_panel.notice_text(again, "") == "This content pack is already installed"


# What a stick's owner can name a file: a message for passers-by, and lines to grow the notice.
HOSTILE = (
    "URGENT numbers below are out of service call 555 0100\n\n\nstay calm\u202e"
    + "x" * 300
    + ".kpack"
)


def test_the_public_notice_never_holds_a_file_name() -> None:
    """Today's main put the raw name of any .kpack, junk included, on the public screen."""
    for source in (f"/media/s/{HOSTILE}", f"/home/k/inbox/{HOSTILE}"):
        results = [
            InstallResult("refused", source),
            InstallResult("refused", source, PackRef("acme", "2.0.0")),
            InstallResult("refused", source, transient=True, cause="source"),
            InstallResult("installed", source, PackRef("acme", "2.0.0")),
            InstallResult("unchanged", source, PackRef("acme", "2.0.0")),
        ]
        for result in results:
            parts = staff_panel.notice_parts(result, "")
            text = staff_panel.notice_text(result, "")
            assert text, result
            for word in ("service", "xxx", "\n"):
                assert word not in text
            assert not any("service" in v or "xxx" in v for v in parts.values()), parts


def test_a_verified_title_is_cleaned_and_capped_on_the_notice() -> None:
    installed = InstallResult("installed", "/media/s/a.kpack", PackRef("acme", "2.0.0"))
    parts = staff_panel.notice_parts(installed, "Stay\nsafe " + "y" * 200)
    assert "\n" not in parts["title"]
    assert len(parts["title"]) <= NAME_LIMIT


def test_notice_parts_are_what_qml_words() -> None:
    ref = PackRef("acme", "2.0.0")
    installed = InstallResult("installed", "/media/s/acme.kpack", ref)
    assert staff_panel.notice_parts(installed, "Stay safe") == {
        "kind": "installed",
        "title": "Stay safe",
        "version": "2.0.0",
    }
    junk = InstallResult("refused", "/media/s/junk.kpack")
    assert staff_panel.notice_parts(junk, "") == {"kind": "refused", "where": "media"}
    busy = InstallResult("refused", "/media/s/a.kpack", transient=True, cause="busy")
    assert staff_panel.notice_parts(busy, "") == {"kind": ""}  # retried: nothing to say yet
    again = InstallResult("unchanged", "/media/s/acme.kpack", ref)
    assert staff_panel.notice_parts(again, "Stay safe") == {
        "kind": "already",
        "title": "Stay safe",
        "version": "2.0.0",
    }
    pulled = InstallResult("refused", "/media/s/a.kpack", transient=True, cause="source")
    assert staff_panel.notice_parts(pulled, "") == {"kind": "pulled"}
    gone = InstallResult("refused", "/var/lib/kiosk/inbox/a.kpack", transient=True, cause="source")
    assert staff_panel.notice_parts(gone, "") == {"kind": "copyAgain"}


def test_found_names_and_reasons_are_cleaned(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    junk = home / "inbox" / "a\nb\u202e{}.kpack".format("z" * 200)
    junk.write_bytes(b"not a zip")
    os.utime(junk, (1, 1))
    scan_for_new_packs(home, (), clock=lambda: 10.0, settle_seconds=2.0)
    [row] = staff_panel.found_packs(home, ())
    assert row["path"] == str(junk)  # the Install button still finds the file
    assert len(row["name"]) <= NAME_LIMIT
    assert row["name"].startswith("a b")
    assert row["name"].endswith(".kpack")
    assert "\n" not in row["detail"]
    assert "\u202e" not in row["detail"]
    assert len(row["detail"]) <= staff_panel.DETAIL_LIMIT


def test_a_key_file_name_cannot_pass_for_a_fingerprint() -> None:
    fake = "3f2a 9c1d 77b0 e4aa 0c3e 5d21 9f80 aa13"
    assert staff_panel.key_file_name(fake) == HEX_MASK
    full = " ".join([fake] * 2)  # longer than a name is shown: masked whole, then shortened
    assert staff_panel.key_file_name(full) == HEX_MASK
    assert staff_panel.key_file_name("3f2a9c1d77b0e4aa-release") == HEX_MASK + "-release"
    assert staff_panel.key_file_name("acme-2026") == "acme-2026"  # short numbers stay
    assert staff_panel.key_file_name("a%2b") == "a%2b"
    assert staff_panel.key_file_name("add a bad face") == "add a bad face"  # words, no digit
    # Look-alikes: Cyrillic a/ie/es among the digits, full-width digits and letters.
    assert (
        staff_panel.key_file_name("3f1\u04309c2\u04358b7\u04414d6\u0430.pub") == HEX_MASK + ".pub"
    )
    full_width = "\uff13\uff46\uff11\uff41\uff19\uff43\uff12\uff45"
    assert staff_panel.key_file_name(full_width) == HEX_MASK


def test_found_packs_say_what_happened_without_hashing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    junk = home / "inbox" / "junk.kpack"
    junk.write_bytes(b"not a zip")
    os.utime(junk, (1, 1))
    fresh = home / "inbox" / "fresh.kpack"
    fresh.write_bytes(b"also not a zip")
    assert [r["status"] for r in staff_panel.found_packs(home, ())] == ["new", "new"]
    scan_for_new_packs(home, (), clock=lambda: 10.0, settle_seconds=2.0)
    rows = {r["name"]: r for r in staff_panel.found_packs(home, ())}
    assert rows["junk.kpack"]["status"] == "refused"
    assert rows["junk.kpack"]["words"].startswith("not installed: ")
    assert rows["junk.kpack"]["where"] == "drop folder"
    assert rows["fresh.kpack"]["status"] == "new"  # too fresh at 10.0: not looked at


def test_health_rows() -> None:
    health = Health(started=0.0)
    health.record(SelfCheckResult(3600.0, "https://x.example", ("https://x.example",)))
    rows = {r["label"]: r["value"] for r in staff_panel.health_rows(health, Path(), now=90061.0)}
    assert rows["Running for"] == "1 d 1 h 1 min"
    assert rows["Last error"] == "none"
    assert rows["Last self-check"].startswith("1970-01-01 01:00 UTC: self-check ok")
    assert rows["Disk free"].endswith("GB")


def test_fingerprint_groups() -> None:
    assert staff_panel.grouped("0123456789abcdef") == "0123 4567 89ab cdef"


def test_publisher_in_any_shape_the_model_gives() -> None:
    from dataclasses import dataclass

    from kiosk.content.model import Localized

    @dataclass
    class Publisher:
        name: Localized

    assert staff_panel._text(None, "en") == ""
    assert staff_panel._text("NCMEC", "en") == "NCMEC"
    assert staff_panel._text(Localized({"en": "NCMEC", "es": "NCMEC-es"}), "es") == "NCMEC-es"
    assert staff_panel._text(Publisher(Localized({"en": "Polaris"})), "en") == "Polaris"


def test_health_rows_say_when_the_crash_loop_guard_fell_back() -> None:
    rows = staff_panel.health_rows(None, Path(), guard_note="3 failed starts with a 1.0")
    assert rows[-1] == {
        "kind": "guard",
        "text": "3 failed starts with a 1.0",
        "label": "Crash-loop guard",
        "value": "3 failed starts with a 1.0",
    }


def test_health_rows_carry_kinds_and_numbers_for_qml_to_word() -> None:
    """QML words each row in the language on screen; Python gives only kinds and numbers."""
    health = Health(started=0.0)
    rows = {r["kind"]: r for r in staff_panel.health_rows(health, Path(), now=90061.0)}
    assert list(rows) == ["uptime", "memory", "disk", "error", "selfCheck"]
    assert (rows["uptime"]["days"], rows["uptime"]["hours"], rows["uptime"]["minutes"]) == (1, 1, 1)
    assert isinstance(rows["memory"]["mb"], int)
    assert float(rows["disk"]["gb"]) >= 0
    assert rows["error"]["text"] == ""  # "none" is QML's word
    assert rows["selfCheck"]["at"] == ""  # "not yet" is QML's word
    health.last_error = "the loop froze"
    health.record(SelfCheckResult(3600.0, "https://x.example", ("https://y.example",)))
    rows = {r["kind"]: r for r in staff_panel.health_rows(health, Path(), now=90061.0)}
    assert rows["error"]["text"] == "the loop froze"
    check = rows["selfCheck"]
    assert (check["at"], check["ok"]) == ("1970-01-01 01:00 UTC", False)
    assert (check["expected"], check["found"]) == ("https://x.example", "https://y.example")


def test_live_info_gives_the_signer_and_review_as_kinds(store: PackStore, packs: Packs) -> None:
    store.install(packs.kpack(packs.folder()))
    pack = store.live_pack()
    assert pack is not None
    key_name = store.trusted_keys()[0].name
    bundled = staff_panel.live_info(store, pack, bundled=True, language="es")
    assert (bundled["signerKind"], bundled["signerName"]) == ("bundled", "")
    assert bundled["reviewStatus"] == pack.review_status
    assert bundled["title"] == pack.title.get("es")  # the pack's own text, as on screen
    signed = staff_panel.live_info(store, pack, bundled=False)
    assert (signed["signerKind"], signed["signerName"]) == ("key", key_name)
    assert signed["title"] == pack.title.get(pack.languages[0])
    for key in store.trusted_keys():
        store.untrust(key.key_id)
    gone = staff_panel.live_info(store, pack, bundled=False)
    assert gone["signerKind"] == "untrusted"
    assert len(gone["signerName"]) == 16  # the key id: a name no translation changes


def test_playing_parts() -> None:
    assert staff_panel.playing_parts("transit", "bus-1") == {"venue": "transit", "slide": "bus-1"}
    assert staff_panel.playing_parts(None, "bus-1") == {"venue": "", "slide": "bus-1"}


def test_found_packs_give_where_they_lie_and_the_installer_words_apart(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    junk = home / "inbox" / "junk.kpack"
    junk.write_bytes(b"not a zip")
    os.utime(junk, (1, 1))
    (row,) = staff_panel.found_packs(home, ())
    assert (row["origin"], row["status"], row["detail"]) == ("inbox", "new", "")
    scan_for_new_packs(home, (), clock=lambda: 10.0, settle_seconds=2.0)
    (row,) = staff_panel.found_packs(home, ())
    assert row["status"] == "refused"
    assert row["detail"]  # the installer's reason, shown after QML's "not installed"
    assert not row["detail"].startswith("not installed")


def test_a_found_files_reason_is_not_hidden_behind_its_name(tmp_path: Path) -> None:
    """The row showed "not installed: refused NAME: NAME:0: is not a…": with a long name the
    reason was cut off; the name is on the row's first line already."""
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    name = "state-coalition-awareness-pack-for-the-december-rollout.kpack"
    longest = "x" * 240 + ".kpack"  # the inbox keeps the message shortened in its middle
    for n, file_name in enumerate((name, longest)):
        junk = home / "inbox" / file_name
        junk.write_bytes(b"not a zip %d" % n)
        os.utime(junk, (1, 1))
    scan_for_new_packs(home, (), clock=lambda: 10.0, settle_seconds=2.0)
    for row in staff_panel.found_packs(home, ()):
        assert row["detail"].startswith("is not a content pack"), row["detail"]
        assert "xxx" not in row["detail"]
        assert "state-coalition" not in row["detail"]
    # A name the installer did not say twice: only the leading "refused NAME: " goes.
    said = "refused a.kpack: pack.yaml:12: hotlines[0].number: not a number this kiosk allows"
    assert staff_panel.found_reason(said, "a.kpack") == (
        "pack.yaml:12: hotlines[0].number: not a number this kiosk allows"
    )
    assert staff_panel.found_reason("installed acme 1.2.0", "a.kpack") == "acme 1.2.0"
    # Another file's name (the same bytes under two names) is not taken for this one's.
    other = "refused b.kpack: pack.yaml:3: id: missing"
    assert staff_panel.found_reason(other, "a.kpack") == other
