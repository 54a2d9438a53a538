"""A staff command run as root leaves the kiosk user's home usable by that user."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.intake import signing
from kiosk.ops import homeowner
from kiosk.ops.homeowner import Become, Refuse, plan
from tests import REPO_DIR

NOBODY = 65534


def fake_stat(owners: dict[str, int]) -> object:
    def read(path: Path) -> os.stat_result:
        if str(path) not in owners:
            raise FileNotFoundError(path)
        uid = owners[str(path)]
        return os.stat_result((0o40755, 0, 0, 2, uid, uid + 1, 0, 0, 0, 0))

    return read


def decide(euid: int, home: str, owners: dict[str, int], *, explicit: bool = True) -> object:
    return plan(
        euid,
        Path(home),
        explicit=explicit,
        stat=fake_stat(owners),  # type: ignore[arg-type]
        user_name=lambda uid: {1000: "kiosk"}.get(uid, ""),
    )


def test_a_user_acts_as_itself() -> None:
    assert decide(1000, "/var/lib/kiosk", {"/var/lib/kiosk": 0}) is None


def test_root_becomes_the_owner_of_the_home() -> None:
    step = decide(0, "/var/lib/kiosk", {"/var/lib/kiosk": 1000, "/": 0})
    assert step == Become(1000, 1001, "kiosk", Path("/var/lib/kiosk"))
    assert isinstance(step, Become)
    assert "acting as kiosk (uid 1000), the owner of /var/lib/kiosk" in step.describe()


def test_a_home_not_made_yet_belongs_to_the_owner_of_the_folder_above() -> None:
    owners = {"/home/kiosk": 1000, "/home": 0, "/": 0}
    step = decide(0, "/home/kiosk/.local/share/kiosk", owners, explicit=False)
    assert step == Become(1000, 1001, "kiosk", Path("/home/kiosk"))


def test_roots_own_home_is_roots() -> None:
    assert decide(0, "/root/.local/share/kiosk", {"/root/.local/share/kiosk": 0}) is None


def test_root_creates_a_home_only_where_told() -> None:
    owners = {"/var/lib": 0, "/var": 0, "/": 0}
    assert decide(0, "/var/lib/kiosk", owners, explicit=True) is None
    refused = decide(0, "/root/.local/share/kiosk", {"/root": 0, "/": 0}, explicit=False)
    assert isinstance(refused, Refuse)
    assert "--home" in refused.reason


def _reachable_by_others(path: Path) -> bool:
    """Whether a user other than root can reach ``path`` (every folder above it searchable)."""
    return all(p.stat().st_mode & stat.S_IXOTH for p in Path(path).resolve().parents)


def _python_for_others() -> tuple[str, dict[str, str]]:
    """An interpreter a dropped process can keep importing from, and its PYTHONPATH.

    Once root is given up, the command still imports lazily; a test machine may keep its Python
    under /root (pyenv), which another user cannot read. Debian's own python3 of the same minor
    version runs the same code with this environment's packages on PYTHONPATH.
    """
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    if _reachable_by_others(Path(sys.executable)) and _reachable_by_others(stdlib / "os.py"):
        return sys.executable, {}
    system = Path(f"/usr/bin/python{sys.version_info[0]}.{sys.version_info[1]}")
    if not system.exists():
        pytest.skip("no interpreter another user can run")
    site = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    here = str(REPO_DIR)
    if not all(_reachable_by_others(Path(p)) for p in [*site, here]):
        pytest.skip("the packages are not readable by another user")
    return str(system), {"PYTHONPATH": os.pathsep.join([here, *site])}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_root_run_staff_command_leaves_files_owned_by_the_homes_owner() -> None:
    python, extra = _python_for_others()
    # Not under pytest's tmp_path: its folders are 0700 root, which the home's owner cannot enter.
    base = Path(tempfile.mkdtemp(prefix="kiosk-root-test-"))
    try:
        base.chmod(0o755)
        home = base / "home"
        home.mkdir()
        os.chown(home, NOBODY, NOBODY)
        _, pub, _ = signing.new_keypair(base / "publisher")
        pub.chmod(0o644)
        env = {**os.environ, **extra}
        env.pop("KIOSK_HOME", None)
        done = subprocess.run(
            [python, "-m", "kiosk", "--home", str(home), "keys", "trust", str(pub)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert f"acting as nobody (uid {NOBODY}), the owner of {home}" in done.stderr
        created = [home, *home.rglob("*")]
        assert len(created) > 1, "the command wrote in the home"
        assert {p.stat().st_uid for p in created} == {NOBODY}
    finally:
        shutil.rmtree(base)


def _every_command() -> set[tuple[str, str | None]]:
    """Each command and action the parser knows, as ``cli`` names them."""
    import argparse

    def choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    found: set[tuple[str, str | None]] = set()
    for name, sub in choices(cli.build_parser()).items():
        found.add((name, None))
        found.update((name, action) for action in choices(sub))
    return found


def test_every_command_but_the_homeless_ones_gives_up_root() -> None:
    commands = _every_command()
    assert commands >= cli.HOMELESS_COMMANDS  # no stale names in the list
    assert cli.gives_up_root(("snapshot", None))
    assert cli.gives_up_root(("preview", None))
    assert cli.gives_up_root(("pack", "install"))
    assert cli.gives_up_root(("future", None)), "a command added later gives up root too"
    dropping = {c for c in commands if cli.gives_up_root(c)}
    assert dropping == commands - cli.HOMELESS_COMMANDS


@pytest.mark.parametrize("argv", [["snapshot", "--out", "shots"], ["preview", "pack"]])
def test_snapshot_and_preview_as_root_act_as_the_homes_owner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    if os.geteuid() == 0:
        os.chown(home, NOBODY, NOBODY)
    owner = home.stat().st_uid
    became: list[Become] = []
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(homeowner, "act_as", became.append)
    args = cli.build_parser().parse_args(["--home", str(home), *argv])
    assert cli._act_as_home_owner(args) is None
    assert [b.uid for b in became] == [owner]


def test_the_homeless_commands_leave_the_home_untouched(run_cli, packs, home: Path) -> None:
    home.mkdir()
    folder = packs.folder()
    kpack = packs.kpack(folder)
    message = packs.root / "message.yaml"
    message.write_text(
        "id: lost-child\nfrom: 2026-11-30T14:00:00-05:00\nuntil: 2026-11-30T18:00:00-05:00\n"
        "text: {en: {headline: Missing child near Gate 4}}\n",
        encoding="utf-8",
    )
    for argv in (
        ["pack", "validate", folder],
        ["pack", "validate", kpack],
        ["keys", "new", packs.root / "fresh"],
        ["keys", "show", packs.pub],
        ["schema"],
        ["pack"],
        ["keys"],
        ["staff"],
        ["repo", "init", packs.root / "repo"],
        ["repo", "add", packs.root / "repo", kpack],
        ["repo", "refresh", packs.root / "repo"],
        ["repo", "rotate-root", packs.root / "repo"],
        ["repo"],
        [
            "message",
            "build",
            message,
            "--key",
            packs.root / "author.key",
            "-o",
            packs.root / "m.kmsg",
        ],
        ["message"],
        ["alerts"],
    ):
        run_cli(*argv)
        assert list(home.iterdir()) == [], argv
    # `pack build` (and the `pack fit` it runs): tests/cli/test_pack_build_fit.py checks the same.
