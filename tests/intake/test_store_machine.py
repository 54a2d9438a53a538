"""The store's shell against the rules: random installs, rollbacks, activations and damage on disk.

``test_trust.py`` drives the pure core; this machine drives a real ``KIOSK_HOME`` the same way, so
a shell that forgot to ask the core (or wrote its answer to the wrong file) is caught too.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from kiosk.common.problems import PackError
from kiosk.content.model import version_tuple
from kiosk.intake import signing
from kiosk.intake.store import PackRef, PackStore
from tests.packs import Packs

pytestmark = pytest.mark.slow  # installs and damage on disk, many runs: scheduled first

VERSIONS = ("1.0.0", "2.0.0", "3.0.0")
ORIGINS = ("cli", "inbox", "media")


@functools.cache
def _built() -> tuple[Path, dict[tuple[str, bool], Path]]:
    """Every version of the test pack, and an 'evil' one with other content, signed once."""
    root = Path(tempfile.mkdtemp(prefix="kiosk-machine-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    _, pub, _ = signing.new_keypair(root / "author")
    packs = Packs(root, signing.load_private_key(root / "author.key"), pub)
    built = {}
    for version in VERSIONS:
        built[version, False] = packs.kpack(packs.folder(version))
        evil = packs.folder(version)
        packs.replace(evil, "pack.yaml", "A short body.", "Another body.")
        built[version, True] = packs.kpack(evil)
    return pub, built


class StoreOnDisk(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        pub, self.kpacks = _built()
        self.home = Path(tempfile.mkdtemp(prefix="kiosk-home-"))
        self.store = PackStore(self.home)
        self.store.trust(pub)
        self.content: dict[str, bool] = {}  # version installed → evil
        self.highest: str | None = None
        self.back: set[str] = set()

    def teardown(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)

    def _older(self, version: str) -> bool:
        return self.highest is not None and version_tuple(version) < version_tuple(self.highest)

    @rule(
        version=st.sampled_from(VERSIONS),
        evil=st.booleans(),
        origin=st.sampled_from(ORIGINS),
        down=st.booleans(),
    )
    def install(self, version: str, evil: bool, origin: str, down: bool) -> None:
        before = self.store.live()
        result = self.store.install(self.kpacks[version, evil], origin=origin, allow_downgrade=down)
        assert not result.transient, result.message
        ref = PackRef("test-pack", version)
        if result.status != "installed":
            assert self.store.live() == before, result.message
            return
        assert self.store.live() == ref
        assert self.content.setdefault(version, evil) == evil, "other content replaced a version"
        if origin != "cli":
            assert version not in self.back, result.message
            assert not self._older(version), result.message
        else:
            assert down or not self._older(version)
            self.back.discard(version)
        if not self._older(version):
            self.highest = version

    @rule()
    def rollback(self) -> None:
        before = self.store.live()
        try:
            after = self.store.rollback()
        except PackError:
            return
        assert after != before
        if before is not None:
            self.back.add(before.version)

    @precondition(lambda self: self.content)
    @rule(data=st.data())
    def activate(self, data: st.DataObject) -> None:
        version = data.draw(st.sampled_from(sorted(self.content)))
        assert self.store.activate("test-pack", version) == ("test-pack", version)
        self.back.discard(version)

    @rule(junk=st.sampled_from([b"", b"\x00\xff", b"[]", b"{"]))
    def damage_active_json(self, junk: bytes) -> None:
        if self.store.active_file.exists():
            self.store.active_file.write_bytes(junk)
            self.store = PackStore(self.home)

    @invariant()
    def live_is_installed_and_shown(self) -> None:
        live = self.store.live()
        if live is None:
            return
        assert live.version in self.content
        pack = self.store.live_pack()
        assert pack is not None
        assert (pack.id, pack.version) == live

    @invariant()
    def the_marks_are_kept(self) -> None:
        marks = self.store.marks()
        assert marks.highest.get("test-pack") == self.highest
        assert {r.version for r in marks.rolled_back} == self.back


TestStoreOnDisk = StoreOnDisk.TestCase
TestStoreOnDisk.settings = settings(max_examples=25, deadline=None, stateful_step_count=12)
