"""Reading CAP 1.2 documents and Atom feeds: the OASIS examples' form, and what is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.alerts import cap
from kiosk.alerts.reasons import Refused
from tests import FIXTURES_DIR
from tests.cap_feed import atom_feed, cap_alert

FIXTURES = FIXTURES_DIR / "cap"


def only(raw: bytes) -> cap.CapAlert:
    shape, entries = cap.parse(raw)
    assert shape == "alert"
    assert entries[0].alert is not None
    return entries[0].alert


def refused(raw: bytes, **kwargs: int) -> str:
    with pytest.raises(Refused) as caught:
        cap.parse(raw, **kwargs)
    return str(caught.value.refusal)


def test_the_amber_example_reads_in_both_languages() -> None:
    alert = only((FIXTURES / "amber-multilingual.xml").read_bytes())
    assert (alert.identifier, alert.sender) == ("EX-CAE-0306112239", "amber@example.org")
    assert (alert.status, alert.msg_type, alert.scope) == ("Actual", "Alert", "Public")
    assert alert.sent.utcoffset() is not None
    english, spanish = alert.infos
    assert (english.language, spanish.language) == ("en", "es")
    assert english.codes == ("CAE",)
    assert english.areas[0].codes == ("006037",)
    assert english.expires is None
    assert spanish.headline == "Alerta AMBER en el condado Example"
    assert "213 555-0143" in english.contact


def test_the_other_examples_keep_their_codes_and_references() -> None:
    storm = only((FIXTURES / "thunderstorm.xml").read_bytes())
    assert storm.infos[0].codes == ("SVR",)
    assert storm.infos[0].areas[0].codes == ("006109", "006009", "006003")
    assert storm.infos[0].expires == datetime.fromisoformat("2003-06-17T16:00:00-07:00")
    update = only((FIXTURES / "earthquake-update.xml").read_bytes())
    assert update.msg_type == "Update"
    assert update.references == (cap.Ref("quakes@example.org", "EX-EQ-13970876.1"),)
    advisory = only((FIXTURES / "advisory.xml").read_bytes())
    assert advisory.infos[0].areas[0].codes == ()
    assert advisory.infos[0].resources[0].mime_type == "image/gif"


def test_an_atom_feed_holds_embedded_and_linked_alerts() -> None:
    feed = atom_feed([("one", cap_alert("A-1")), ("two", "https://example.org/cap/A-2.xml")])
    shape, entries = cap.parse(feed)
    assert shape == "feed"
    assert entries[0].alert is not None
    assert entries[0].alert.identifier == "A-1"
    assert entries[1].alert is None
    assert entries[1].link == "https://example.org/cap/A-2.xml"


def test_a_cap_1_1_document_is_read_alike() -> None:
    alert = only(cap_alert("OLD-1", namespace="urn:oasis:names:tc:emergency:cap:1.1"))
    assert alert.identifier == "OLD-1"


def test_an_entity_bomb_is_refused_unread() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE alert [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&d;</identifier></alert>"""
    assert refused(bomb).startswith("unsafe:")


def test_an_external_entity_is_refused_unread() -> None:
    xxe = b"""<?xml version="1.0"?>
<!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&x;</identifier></alert>"""
    assert refused(xxe).startswith("unsafe:")


def test_an_oversized_document_is_refused_before_parsing() -> None:
    raw = cap_alert("BIG-1", description="X" * 5000)
    assert refused(raw, limit=4000).startswith("oversized:")


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"<alert xmlns='urn:oasis:names:tc:emergency:cap:1.2'><identifier>", "not well-formed"),
        (b"<html><body>Service unavailable</body></html>", "neither a CAP alert"),
        (cap_alert("X").replace(b"<sender>amber@example.org</sender>", b""), "no <sender>"),
        (cap_alert("X").replace(b"<status>Actual</status>", b"<status>Real</status>"), "<status>"),
        (cap_alert("X", sent="yesterday"), "<sent>"),
        (cap_alert("X", sent="2026-11-30T14:00:00"), "its zone"),
    ],
)
def test_malformed_documents_say_what_is_wrong(raw: bytes, words: str) -> None:
    reason = refused(raw)
    assert reason.startswith("malformed:")
    assert words in reason


def test_a_broken_entry_is_refused_alone() -> None:
    broken = cap_alert("BAD-1").replace(b"<scope>Public</scope>", b"")
    _, entries = cap.parse(atom_feed([("good", cap_alert("OK-1")), ("bad", broken)]))
    assert entries[0].alert is not None
    assert entries[1].refusal is not None
    assert entries[1].refusal.kind == "malformed"


def test_text_from_the_feed_is_cleaned_and_bounded() -> None:
    raw = cap_alert(
        "CLEAN-1",
        headline="Line one\nline two \u202egnp.exe\u200b",
        description="word " * 1000,
    )
    info = only(raw).infos[0]
    assert info.headline == "Line one line two gnp.exe"
    assert len(info.description) <= cap.LIMITS["description"]
    assert info.description.endswith("\u2026")


def test_county_codes_are_six_digits() -> None:
    assert cap.normal_area_code("006037") == "006037"
    assert cap.normal_area_code("06037") == "006037"  # FIPS: the whole county
    assert cap.normal_area_code("6037") == ""
    assert cap.normal_area_code("0O6037") == ""
    assert cap.normal_area_code("\u0660\u0660\u0666\u0660\u0663\u0667") == ""  # Arabic-Indic digits


def test_a_feed_is_bounded_in_entries() -> None:
    many = atom_feed(
        [(f"e{i}", f"https://example.org/{i}.xml") for i in range(cap.MAX_ENTRIES + 20)]
    )
    _, entries = cap.parse(many)
    assert len(entries) == cap.MAX_ENTRIES


def test_times_keep_their_zone() -> None:
    alert = only(cap_alert("Z-1", sent="2026-11-30T19:00:00-00:00"))
    assert alert.sent == datetime(2026, 11, 30, 19, 0, tzinfo=UTC)
