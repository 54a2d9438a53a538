"""kiosk.intake.trust: the pure rules, checked by examples and by a hypothesis state machine."""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from kiosk.common.problems import PackError
from kiosk.content.model import version_tuple
from kiosk.intake import trust
from kiosk.intake.ed25519 import PrivateKey
from kiosk.intake.trust import Active, Entry, Identity, Marks, PackRef, State

FP = "f" * 64


def _ident(pack_id: str, version: str, fp: str = FP) -> Identity:
    return Identity(PackRef(pack_id, version), fp)


def _state(live=None, history=(), highest=None, back=()) -> State:
    return State(Active(live, tuple(history)), Marks(highest or {}, frozenset(back)))


# -- signature and listing ---------------------------------------------------------------------


def _signed(manifest: bytes, key: PrivateKey) -> bytes:
    from kiosk.intake.signing import signature_bytes

    return signature_bytes(manifest, key)


def test_check_signature_accepts_a_trusted_key_and_parses_the_manifest() -> None:
    key = PrivateKey.generate()
    manifest = trust.manifest_bytes([Entry("a" * 64, 3, "pack.yaml")])
    kid = trust.key_id(key.public_key())
    signer, entries = trust.check_signature(
        manifest, _signed(manifest, key), {kid: key.public_key()}
    )
    assert signer == kid
    assert entries == [Entry("a" * 64, 3, "pack.yaml")]


@pytest.mark.parametrize(
    ("manifest", "sig", "words"),
    [
        (None, None, "not signed (no MANIFEST or MANIFEST.sig)"),
        (b"", None, "not signed (no MANIFEST.sig)"),
        (b"x", b"junk", "is not 'ed25519 <key-id>'"),
    ],
)
def test_check_signature_refuses(manifest, sig, words) -> None:
    with pytest.raises(PackError, match=words.replace("(", r"\(").replace(")", r"\)")):
        trust.check_signature(manifest, sig, {})


def test_check_signature_refuses_an_untrusted_key_and_a_changed_manifest() -> None:
    key, other = PrivateKey.generate(), PrivateKey.generate()
    manifest = trust.manifest_bytes([Entry("a" * 64, 3, "pack.yaml")])
    with pytest.raises(PackError, match="does not trust"):
        trust.check_signature(
            manifest, _signed(manifest, key), {trust.key_id(other.public_key()): other.public_key()}
        )
    keys = {trust.key_id(key.public_key()): key.public_key()}
    with pytest.raises(PackError, match="does not match"):
        trust.check_signature(manifest + b"\n", _signed(manifest, key), keys)


def test_check_listing_wants_exactly_the_listed_files_and_sizes() -> None:
    listed = [Entry("a" * 64, 3, "a"), Entry("b" * 64, 5, "b/c")]
    assert trust.check_listing(listed, {"a": 3, "b/c": 5, "MANIFEST": 9}) == []
    problems = [str(p) for p in trust.check_listing(listed, {"a": 4, "x": 1})]
    assert problems == [
        "a:0: file was changed after signing (4 bytes; MANIFEST says 3)",
        "x:0: file was added after signing (not in MANIFEST)",
        "b/c:0: file is listed in MANIFEST but missing",
    ]
    clash = [Entry("a" * 64, 1, "a"), Entry("b" * 64, 1, "a/b")]
    assert "which is a file" in str(trust.check_listing(clash, {"a": 1, "a/b": 1})[0])


# -- the install rules -------------------------------------------------------------------------


def test_a_downgrade_through_another_id_is_refused() -> None:
    """Issue 13, case 1, as the core sees it: another id never lowers this id's mark."""
    state = State()
    for ref in (PackRef("us", "2026.12.0"), PackRef("regional-old", "2025.1.0")):
        state = trust.made_live(state, ref, origin="cli")
    verdict = trust.judge_install(state, _ident("us", "2026.11.0"), None, origin="inbox")
    assert verdict.action == "refuse"
    assert verdict.problem is not None
    assert "older than 2026.12.0" in verdict.problem.message


def test_a_rolled_back_pack_is_refused_unattended_but_not_from_the_operator() -> None:
    state = _state()
    state = trust.made_live(state, PackRef("p", "1"), origin="cli")
    state = trust.made_live(state, PackRef("p", "2"), origin="inbox")
    state = trust.rolled_back(state, trust.rollback_order(state)[0])
    assert state.active.live == ("p", "1")
    assert state.marks.rolled_back == {("p", "2")}
    for origin in ("inbox", "media", "sync"):
        assert trust.judge_install(state, _ident("p", "2"), FP, origin=origin).action == "refuse"
    assert trust.judge_install(state, _ident("p", "2"), FP, origin="cli").action == "make-live"
    state = trust.made_live(state, PackRef("p", "2"), origin="cli", installed=False)
    assert state.marks.rolled_back == frozenset()


def test_same_identity_live_is_nothing_and_other_content_is_refused() -> None:
    state = trust.made_live(State(), PackRef("p", "1"), origin="cli")
    assert trust.judge_install(state, _ident("p", "1"), FP, origin="inbox").action == "nothing"
    other = trust.judge_install(state, _ident("p", "1", "0" * 64), FP, origin="cli")
    assert other.action == "refuse"
    assert "different content" in str(other.problem)


def test_allow_downgrade_is_for_the_operator_only() -> None:
    state = trust.made_live(State(), PackRef("p", "2"), origin="cli")
    older = _ident("p", "1")
    assert trust.judge_install(state, older, None, origin="cli").action == "refuse"
    assert (
        trust.judge_install(state, older, None, origin="cli", allow_downgrade=True).action
        == "install"
    )
    assert (
        trust.judge_install(state, older, None, origin="inbox", allow_downgrade=True).action
        == "refuse"
    )


def test_marks_round_trip_and_damage_is_none() -> None:
    marks = Marks({"p": "2.0.0"}, frozenset({PackRef("p", "3.0.0"), PackRef("q", "1")}))
    assert Marks.from_json(marks.to_json()) == marks
    for junk in (None, [], {"packs": []}, {"packs": {"p": 1}}):
        assert Marks.from_json(junk) is None
    assert Marks.from_json({"packs": {"p": {"highest": "../x"}}}) == Marks()


def test_rebuild_prefers_the_last_live_pack_then_the_newest() -> None:
    a1, a2, b1 = PackRef("a", "1"), PackRef("a", "2"), PackRef("b", "1")
    journal = [("installed", a1), ("installed", a2), ("refused", b1), ("rolled-back", a1)]
    assert trust.rebuild([a1, a2, b1], journal) == Active(a1, ())
    assert trust.rebuild([a2, b1], journal) == Active(b1, ())  # a1 is gone: the newest installed
    assert trust.rebuild([a1, a2], journal[:2]) == Active(a2, (a1,))
    assert trust.rebuild([a1, b1], []) == Active(b1, ())
    assert trust.rebuild([], journal) == Active(None, ())


def test_retry_delay_grows_and_is_capped() -> None:
    delays = [trust.retry_delay(n) for n in range(0, 12)]
    assert delays[0] == 0
    assert delays[1] == trust.RETRY_FIRST_SECONDS
    assert delays == sorted(delays)
    assert delays[-1] == trust.RETRY_MAX_SECONDS


@pytest.mark.parametrize(
    ("cause", "verified", "expected"),
    [
        ("source", False, True),
        ("busy", False, True),
        ("disk-full", True, True),
        ("disk-full", False, False),
        ("disk", True, True),
        ("disk", False, False),
        ("other", True, False),
    ],
)
def test_only_what_is_not_the_packs_fault_is_transient(cause, verified, expected) -> None:
    assert trust.is_transient(cause, verified=verified) is expected


# -- the state machine -------------------------------------------------------------------------

IDS = ("a", "b")
VERSIONS = ("1", "2", "3", "10")
ORIGINS = ("cli", "inbox", "media", "sync")
refs = st.builds(PackRef, st.sampled_from(IDS), st.sampled_from(VERSIONS))


class StoreRules(RuleBasedStateMachine):
    """Random installs, activations, rollbacks and damage never leave live what the rules forbid.

    The machine keeps its own plain account of what happened (the highest version installed per
    id, what staff rolled back from) and checks every change the core allows against it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.state = State()
        self.installed: dict[PackRef, str] = {}  # in install order
        self.journal: list[tuple[str, PackRef]] = []
        self.highest: dict[str, str] = {}
        self.back: set[PackRef] = set()

    def _allowed_unattended(self, ref: PackRef) -> bool:
        top = self.highest.get(ref.id)
        below = top is not None and version_tuple(ref.version) < version_tuple(top)
        return ref not in self.back and not below

    @rule(ref=refs, origin=st.sampled_from(ORIGINS), down=st.booleans(), evil=st.booleans())
    def install(self, ref: PackRef, origin: str, down: bool, evil: bool) -> None:
        fp = ("e" if evil else "f") * 64
        verdict = trust.judge_install(
            self.state,
            Identity(ref, fp),
            self.installed.get(ref),
            origin=origin,
            allow_downgrade=down,
        )
        if verdict.action in ("install", "make-live"):
            assert self.installed.get(ref, fp) == fp, "other content under an installed version"
            if origin != "cli":
                assert self._allowed_unattended(ref), f"{ref} from the {origin}"
            else:
                top = self.highest.get(ref.id)
                assert down or top is None or version_tuple(ref.version) >= version_tuple(top)
            self.installed.setdefault(ref, fp)
            self.state = trust.made_live(self.state, ref, origin=origin)
            self.journal.append(("installed", ref))
            top = self.highest.get(ref.id)
            if top is None or version_tuple(ref.version) > version_tuple(top):
                self.highest[ref.id] = ref.version
            if origin == "cli":
                self.back.discard(ref)
        elif verdict.action == "nothing":
            assert self.installed[ref] == fp
            assert self.state.active.live == ref or origin != "cli"
        else:
            assert verdict.problem is not None

    @precondition(lambda self: self.installed)
    @rule(data=st.data())
    def activate(self, data: st.DataObject) -> None:
        ref = data.draw(st.sampled_from(sorted(self.installed)))
        self.state = trust.made_live(self.state, ref, origin="cli", installed=False)
        self.journal.append(("activated", ref))
        self.back.discard(ref)

    @rule()
    def rollback(self) -> None:
        order = trust.rollback_order(self.state)
        if not order:
            return
        before = self.state.active.live
        self.state = trust.rolled_back(self.state, order[0])
        assert self.state.active.live != before
        self.journal.append(("rolled-back", self.state.active.live))
        if before is not None:
            self.back.add(before)

    @rule(lose_journal=st.booleans())
    def damage_active_json(self, lose_journal: bool) -> None:
        if lose_journal:
            self.journal.clear()
        rebuilt = trust.rebuild(list(self.installed), self.journal)
        if self.installed:
            assert rebuilt.live in self.installed
        self.state = State(rebuilt, self.state.marks)  # versions.json is kept apart

    @invariant()
    def live_is_installed_and_history_is_sane(self) -> None:
        active = self.state.active
        assert active.live is None or active.live in self.installed
        assert active.live not in active.history
        assert len(set(active.history)) == len(active.history) <= trust.HISTORY_LIMIT

    @invariant()
    def marks_match_the_account(self) -> None:
        assert dict(self.state.marks.highest) == self.highest
        assert self.state.marks.rolled_back == self.back


TestStoreRules = StoreRules.TestCase
TestStoreRules.settings = settings(max_examples=200, deadline=None, stateful_step_count=40)


def test_the_core_does_no_io() -> None:
    """The rules stay a pure object: nothing in trust.py can reach the disk, a clock or a lock."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(trust))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    forbidden = {"os", "io", "pathlib", "shutil", "tempfile", "time", "fcntl", "zipfile", "logging"}
    forbidden |= {f"kiosk.intake.{m}" for m in ("store", "install", "archive")}
    forbidden |= {f"kiosk.content.{m}" for m in ("records", "files")}
    assert not imported & forbidden
    calls = {
        n.func.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }
    assert "open" not in calls


def test_the_bundled_pack_chosen_is_not_the_history() -> None:
    a1, a2 = PackRef("a", "1"), PackRef("a", "2")
    before = State(Active(a2, (a1,)), Marks({"a": "2"}))
    after = trust.made_builtin_live(before)
    assert after.active == Active(None, (a1, a2), builtin=True)
    assert trust.fallback_order(after.active) == []
    assert Active.from_json(after.active.to_json()) == after.active
    assert trust.rolled_back(after, 1).active == Active(a2, (a1,))
    assert trust.made_live(after, a1, origin="inbox").active.builtin is False
    journal = [("installed", a1), ("installed", a2), ("activated-builtin", a2)]
    assert trust.rebuild([a1, a2], journal) == Active(None, (a1, a2), builtin=True)


# -- keys bound to pack ids, revocation, rollback to the bundled pack ---------------------------

A, B = "a" * 16, "b" * 16


def test_a_pack_id_is_bound_to_the_key_of_its_first_install() -> None:
    one, two = PackRef("p", "1"), _ident("p", "2")
    state = trust.made_live(State(), one, origin="inbox", signer=A)
    assert state.marks.signers == {"p": A}
    assert Marks.from_json(state.marks.to_json()) == state.marks
    for origin in ("cli", "inbox", "media", "sync"):
        verdict = trust.judge_install(state, two, None, origin=origin, signer=B)
        assert verdict.action == "refuse", origin
        assert verdict.problem is not None
        assert f"p is bound to key {A}" in verdict.problem.message
        unattended = trust.judge_install(state, two, None, origin=origin, signer=B, rebind=True)
        assert (unattended.action == "install") == (origin == "cli")
    assert trust.judge_install(state, two, None, origin="inbox", signer=A).action == "install"
    # The next install by A keeps the binding; an operator's rebind moves it.
    assert trust.made_live(state, two.ref, origin="inbox", signer=A).marks.signers == {"p": A}
    moved = trust.made_live(state, two.ref, origin="cli", signer=B, rebind=True)
    assert moved.marks.signers == {"p": B}
    # Activate is not an install: it never binds.
    activated = trust.made_live(State(), one, origin="cli", installed=False, signer=B)
    assert activated.marks.signers == {}


def test_bindings_for_packs_installed_before_they_were_kept() -> None:
    p1, p2, q1 = PackRef("p", "1"), PackRef("p", "2"), PackRef("q", "1")
    marks = trust.bound_signers(Marks(), [(p1, A), (p2, B)], {"p": A, "q": B})
    assert marks.signers == {"p": B, "q": B}  # the journal's last install wins, then packs/
    kept = Marks(signers={"p": A})
    assert trust.bound_signers(kept, [(p2, B)], {}).signers == {"p": A}
    assert trust.bound_signers(Marks(), [(q1, "not-a-key")], {}).signers == {}


def test_revoked_packs_leave_the_screen_and_the_history() -> None:
    p1, p2, p3 = (PackRef("p", v) for v in "123")
    state = _state(live=p3, history=[p1, p2])
    after = trust.revoked(state, {p3, p2})
    assert after.active == Active(p1, ())
    assert after.marks == state.marks
    assert trust.revoked(state, {p1, p2, p3}).active == Active(None, (), builtin=True)
    assert trust.revoked(state, {p1}).active == Active(p3, (p2,))
    assert trust.fallback_order(Active(p3, (p1, p2)), {p3}) == [p2, p1]
    assert trust.signer_problem(p1, A, {B}) is not None
    assert trust.signer_problem(p1, A, {A}) is None
    assert trust.signer_problem(p1, None, set(), unverified=True) is None  # unsigned, on purpose
    # Checked at install, its signature can no longer be read: never taken for trusted.
    problem = trust.signer_problem(p1, None, {A})
    assert problem is not None
    assert "cannot be read" in problem


def test_rollback_from_the_first_install_goes_to_the_bundled_pack() -> None:
    p1 = PackRef("p", "1")
    assert not trust.can_roll_back(Active())
    state = trust.made_live(State(), p1, origin="cli")
    assert trust.can_roll_back(state.active)
    assert trust.rollback_order(state) == []
    after = trust.rolled_back_to_builtin(state)
    assert after.active == Active(None, (), builtin=True)
    assert p1 in after.marks.rolled_back
    assert not trust.can_roll_back(after.active)
    assert not trust.can_roll_back(Active(None, (p1,), builtin=True), untrusted={p1})
    # A damaged active.json is rebuilt the same way from the journal.
    journal = [("installed", p1), ("rolled-back-builtin", p1)]
    assert trust.rebuild([p1], journal) == Active(None, (), builtin=True)
