"""What the staff panel says, from the store's and the inbox's records (no Qt)."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.content.install import InstallResult
from kiosk.content.store import PackRef
from kiosk.ops import staff_panel
from kiosk.ops.health import Health, SelfCheckResult
from kiosk.ops.inbox import scan_for_new_packs


def test_notice_words() -> None:
    ref = PackRef("acme", "2.0.0")
    installed = InstallResult("installed", "/media/s/acme.kpack", ref)
    assert (
        staff_panel.notice_text(installed, "Stay safe") == "New content installed: Stay safe 2.0.0"
    )
    refused = InstallResult("refused", "/media/s/acme.kpack", ref)
    assert staff_panel.notice_text(refused, "") == "Not installed: acme 2.0.0 (see the staff panel)"
    junk = InstallResult("refused", "/media/s/junk.kpack")
    assert staff_panel.notice_text(junk, "") == "Not installed: junk.kpack (see the staff panel)"
    busy = InstallResult("refused", "/media/s/a.kpack", transient=True, cause="busy")
    assert staff_panel.notice_text(busy, "") == ""  # tried again by itself: nothing to say yet
    pulled = InstallResult("refused", "/media/s/a.kpack", transient=True, cause="source")
    assert staff_panel.notice_text(pulled, "") == (
        "Not installed: the stick was removed while copying a.kpack; plug it in again"
    )
    gone = InstallResult("refused", "/var/lib/kiosk/inbox/a.kpack", transient=True, cause="source")
    assert staff_panel.notice_text(gone, "") == (
        "Not installed: a.kpack went away while it was being copied; copy it again"
    )
    again = InstallResult("unchanged", "/x.kpack", ref)
    assert staff_panel.notice_text(again, "Stay safe") == "Already installed: Stay safe 2.0.0"
    assert staff_panel.notice_text(again, "") == "Already installed: acme 2.0.0"


def test_notice_parts_are_what_qml_words() -> None:
    ref = PackRef("acme", "2.0.0")
    installed = InstallResult("installed", "/media/s/acme.kpack", ref)
    assert staff_panel.notice_parts(installed, "Stay safe") == {
        "kind": "installed",
        "title": "Stay safe",
        "version": "2.0.0",
    }
    junk = InstallResult("refused", "/media/s/junk.kpack")
    assert staff_panel.notice_parts(junk, "") == {"kind": "refused", "file": "junk.kpack"}
    busy = InstallResult("refused", "/media/s/a.kpack", transient=True, cause="busy")
    assert staff_panel.notice_parts(busy, "") == {"kind": ""}  # retried: nothing to say yet
    again = InstallResult("unchanged", "/media/s/acme.kpack", ref)
    assert staff_panel.notice_parts(again, "Stay safe") == {
        "kind": "already",
        "title": "Stay safe",
        "version": "2.0.0",
    }
    pulled = InstallResult("refused", "/media/s/a.kpack", transient=True, cause="source")
    assert staff_panel.notice_parts(pulled, "") == {"kind": "pulled", "file": "a.kpack"}
    gone = InstallResult("refused", "/var/lib/kiosk/inbox/a.kpack", transient=True, cause="source")
    assert staff_panel.notice_parts(gone, "") == {"kind": "copyAgain", "file": "a.kpack"}


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
    assert rows[-1] == {"label": "Crash-loop guard", "value": "3 failed starts with a 1.0"}
