"""`kiosk alerts check` and `kiosk message build` as real processes, against files and a feed
served on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.cap_feed import atom_feed, cap_alert, serve
from tests.e2e.test_run import run


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


def test_check_reads_sources_in_order(tmp_path: Path) -> None:
    home = tmp_path / "home"
    alert, cancel, test = tmp_path / "alert.xml", tmp_path / "cancel.xml", tmp_path / "test.xml"
    alert.write_bytes(cap_alert("A-1"))
    cancel.write_bytes(cap_alert("C-1", msg_type="Cancel", references=["A-1"]))
    test.write_bytes(cap_alert("T-1", status="Test"))
    shown = run("alerts", "check", str(alert), "--area", "006037", home=home)
    assert shown.returncode == 0, shown.stderr
    assert lines(shown.stdout) == ["A-1: shown"]
    # A Cancel after its Alert removes it; a Test never shows.
    ended = run(
        "alerts", "check", str(alert), str(cancel), str(test), "--area", "006037", home=home
    )
    assert ended.returncode == 1
    assert lines(ended.stdout) == [
        "A-1: refused: ended: cancelled by C-1",
        "C-1: refused: cancel: a Cancel; it ends A-1",
        "T-1: refused: status: Test (only Actual alerts are shown)",
    ]
    elsewhere = run("alerts", "check", str(alert), "--area", "048201", home=home)
    assert lines(elsewhere.stdout)[0].startswith("A-1: refused: area: names 006037")
    assert "Traceback" not in shown.stderr + ended.stderr + elsewhere.stderr


def test_check_reads_a_feed_with_the_areas_of_kiosk_yaml(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with serve() as (base, served):
        (home / "kiosk.yaml").write_text(
            f'alerts:\n  feeds: ["{base}/feed.xml"]\n  areas: ["006037"]\n', encoding="utf-8"
        )
        served.put("/cap/A-2.xml", cap_alert("A-2"))
        served.put("/feed.xml", atom_feed([
            ("e1", cap_alert("A-1", event_code="SVR")),
            ("e2", f"{base}/cap/A-2.xml"),
            ("e3", "https://elsewhere.example.net/cap/A-3.xml"),
        ]))  # fmt: skip
        result = run("alerts", "check", f"{base}/feed.xml", home=home)
    assert result.returncode == 0, result.stderr
    out = lines(result.stdout)
    assert "A-2: shown" in out
    assert "A-1: refused: event: SVR is not listed (kiosk.yaml alerts.events: CAE)" in out
    assert any(line.startswith("e3: refused: host: elsewhere.example.net") for line in out), out


def test_check_refuses_unsafe_and_missing_sources(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(b"<!DOCTYPE a [<!ENTITY x 'x'>]><alert>&x;</alert>")
    result = run(
        "alerts", "check", str(bomb), str(tmp_path / "nope.xml"), "--area", "006037",
        home=tmp_path / "home",
    )  # fmt: skip
    assert result.returncode == 1
    out = lines(result.stdout)
    assert out[0].startswith(f"{bomb}: refused: unsafe:")
    assert out[1].startswith(f"{tmp_path / 'nope.xml'}: refused: unreadable:")


def test_check_without_an_area_is_a_usage_error(tmp_path: Path) -> None:
    alert = tmp_path / "alert.xml"
    alert.write_bytes(cap_alert("A-1"))
    result = run("alerts", "check", str(alert), home=tmp_path / "home")
    assert result.returncode == 2
    assert "--area" in result.stderr


def test_a_built_message_shows_only_where_its_key_is_trusted(tmp_path: Path) -> None:
    home = tmp_path / "home"
    made = run("keys", "new", str(tmp_path / "police"), home=home)
    assert made.returncode == 0, made.stderr
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    (tmp_path / "message.yaml").write_text(
        "id: lost-child\n"
        f'from: "{start.isoformat()}"\n'
        f'until: "{(start + timedelta(hours=6)).isoformat()}"\n'
        'call: "911"\n'
        "text:\n"
        "  en: {headline: Missing child near Gate 4, description: Green raincoat.}\n"
        "  es: {headline: Menor desaparecido cerca de la puerta 4}\n",
        encoding="utf-8",
    )
    out = tmp_path / "lost.kmsg"
    built = run(
        "message", "build", str(tmp_path / "message.yaml"), "--key", str(tmp_path / "police.key"),
        "-o", str(out), home=home,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith(f"wrote {out}: message lost-child (en, es)")
    untrusted = run("alerts", "check", str(out), "--area", "006037", home=home)
    assert untrusted.returncode == 1
    assert lines(untrusted.stdout)[0].startswith(f"{out}: refused: untrusted: signed by key")
    trusted = run("keys", "trust", str(tmp_path / "police.pub"), home=home)
    assert trusted.returncode == 0, trusted.stderr
    shown = run("alerts", "check", str(out), "--area", "006037", home=home)
    assert shown.returncode == 0, shown.stderr
    assert lines(shown.stdout) == ["lost-child: shown"]


def test_build_names_the_line_of_a_problem(tmp_path: Path) -> None:
    run("keys", "new", str(tmp_path / "police"), home=tmp_path / "home")
    (tmp_path / "message.yaml").write_text(
        "id: lost-child\nfrom: 2026-11-30T14:00:00-05:00\nuntil: 2026-11-29T14:00:00-05:00\n"
        "text: {en: {headline: Missing}}\n",
        encoding="utf-8",
    )
    result = run(
        "message", "build", str(tmp_path / "message.yaml"), "--key", str(tmp_path / "police.key"),
        "-o", str(tmp_path / "out.kmsg"), home=tmp_path / "home",
    )  # fmt: skip
    assert result.returncode == 1
    assert "message.yaml:3: until: must be after from" in result.stderr
    assert not (tmp_path / "out.kmsg").exists()


def test_the_running_kiosk_shows_an_alert_from_its_feed(tmp_path: Path) -> None:
    """`kiosk run` with kiosk.yaml alerts: the first poll (3 s after start) takes the alert."""
    home = tmp_path / "home"
    home.mkdir()
    with serve() as (base, served):
        served.put(
            "/feed.xml",
            atom_feed([("e1", cap_alert("A-1")), ("e2", cap_alert("T-1", status="Test"))]),
        )
        (home / "kiosk.yaml").write_text(
            f'alerts:\n  feeds: ["{base}/feed.xml"]\n  areas: ["006037"]\n', encoding="utf-8"
        )
        result = run("run", "--exit-after", "7", home=home)
    assert result.returncode == 0, result.stderr
    assert 'alert accepted: "A-1"' in result.stderr
    assert 'alert refused: "T-1": status: Test' in result.stderr
    assert "Traceback" not in result.stderr
