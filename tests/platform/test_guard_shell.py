"""The crash-loop guard in the running kiosk: a fallback on screen never resets the live pack."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.content.model import Pack
from kiosk.content.records import write_json_atomic
from kiosk.intake.trust import PackRef
from kiosk.launch import Guarded
from kiosk.ops.crashguard import CrashGuard, StartRecord, choose, count_unfinished, started
from kiosk.platform.guard_shell import GuardShell
from kiosk.ui.bridges.attract import AttractBridge

BAD = PackRef("bad-pack", "1.0.0")


def test_language_turns_on_the_built_in_fallback_keep_the_bad_packs_count(
    qtbot, default_pack: Pack, tmp_path: Path
) -> None:
    record = StartRecord()
    for _ in range(3):  # three starts with the bad pack that never became clean
        record, choice = choose(count_unfinished(record), BAD, 3)
        record = started(record, choice.ref, choice.reason, 0.0)
    write_json_atomic(tmp_path / "starts.json", record.to_json())
    guard = CrashGuard(tmp_path)
    choice = guard.choose(BAD)
    assert choice.ref is None, "the built-in pack shows"
    attract = AttractBridge(default_pack, None)
    shell = GuardShell(
        guard,
        Guarded(default_pack, "built-in", None, choice.reason),
        attract.packChanged,
        lambda: attract.pack,
        attract,
    )
    assert len(attract.languages) > 1, "the loop turns languages, each turn a packChanged"
    for _ in range(3):
        attract.advance()
    shell.stopped(0)  # then an ordinary restart
    saved = json.loads((tmp_path / "starts.json").read_text())
    assert saved["live_seen"] == BAD.to_json()
    assert saved["running"] == ""
    assert CrashGuard(tmp_path).choose(BAD).ref is None, "no fresh tries for the bad pack"
