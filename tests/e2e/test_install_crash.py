"""kill -9 at any moment of ``kiosk pack install`` leaves the old or the new pack live, never a mix.

A real process installs ``X.kpack`` and SIGKILLs itself at a named step (``crash_install.py`` hands
the store a step callback that does so); another test kills ``python -m kiosk --home TMP pack
install X.kpack`` from outside at random moments.
Afterwards ``active.json`` must name a pack that is complete (it loads and matches its signed
MANIFEST), every installed folder must be complete, and a new store must clear ``staging/``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.content.loader import load_pack
from kiosk.intake import signing
from kiosk.intake.store import INSTALL_STEPS, PackRef, PackStore

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "minimal_pack"
V1, V2 = PackRef("test-pack", "1.0.0"), PackRef("test-pack", "2.0.0")


def _command(home: Path, *args: str | Path) -> list[str]:
    return [sys.executable, "-m", "kiosk", "--home", str(home), *map(str, args)]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "KIOSK_HOME"}


def _kiosk(home: Path, *args: str | Path):
    return subprocess.run(
        _command(home, *args),
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def kpacks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """v1 and v2 of the test pack, signed as `kiosk pack build` signs.

    Not through the command line: its fit check starts Qt in a child process for each build
    (tests/cli/test_pack_build_fit.py tests it; tests/e2e/test_run.py builds with the real one).
    """
    work = tmp_path_factory.mktemp("kpacks")
    key_file, pub, _ = signing.new_keypair(work / "author")
    key = signing.load_private_key(key_file)
    built = {"pub": pub}
    for version in ("1.0.0", "2.0.0"):
        folder = work / version
        shutil.copytree(FIXTURE, folder)
        text = (folder / "pack.yaml").read_text()
        (folder / "pack.yaml").write_text(text.replace("version: 1.0.0", f"version: {version}"))
        out = work / f"{version}.kpack"
        signing.build_signed_archive(folder, key, out)
        built[version] = out
    return built


def _prepare(home: Path, kpacks: dict[str, Path], *, with_v1: bool) -> None:
    store = PackStore(home)
    store.trust(kpacks["pub"])
    if with_v1:
        assert store.install(kpacks["1.0.0"]).status == "installed"


def _live(home: Path) -> PackRef | None:
    path = home / "active.json"
    if not path.exists():
        return None
    live = json.loads(path.read_text())["live"]
    return PackRef(live["id"], live["version"]) if live else None


def _check_consistent(home: Path, expected: set[PackRef | None]) -> PackRef | None:
    """``active.json`` names one of ``expected``, and every visible pack is complete."""
    live = _live(home)
    assert live in expected
    for installed in PackStore(home).list_installed():
        folder = installed.path
        signing.verify(folder, home / "keys")  # every file there, as signed
        load_pack(folder)
    if live is not None:
        pack = PackStore(home).live_pack()
        assert pack is not None
        assert (pack.id, pack.version) == live
    return live


@pytest.mark.parametrize("with_v1", [True, False], ids=["upgrade", "first-install"])
@pytest.mark.parametrize("step", INSTALL_STEPS)
def test_killed_at_each_install_step(
    tmp_path: Path, kpacks: dict[str, Path], step: str, with_v1: bool
) -> None:
    home = tmp_path / "home"
    _prepare(home, kpacks, with_v1=with_v1)
    old = V1 if with_v1 else None

    script = Path(__file__).with_name("crash_install.py")
    run = subprocess.run(
        [sys.executable, str(script), str(home), step, str(kpacks["2.0.0"])],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == -signal.SIGKILL, (run.returncode, run.stderr)

    # Until active.json is renamed into place, the old pack is live; after, the new one.
    new_is_live = INSTALL_STEPS.index(step) >= INSTALL_STEPS.index("after-activate")
    assert _check_consistent(home, {old, V2}) == (V2 if new_is_live else old)

    PackStore(home)  # what the next CLI call or kiosk start does first
    assert list((home / "staging").iterdir()) == []
    assert not list(home.glob(".active.json.*"))

    again = _kiosk(home, "pack", "install", kpacks["2.0.0"])
    assert again.returncode == 0, again.stderr
    assert _check_consistent(home, {V2}) == V2
    listing = _kiosk(home, "pack", "list", "--json")
    assert json.loads(listing.stdout)["live"] == V2.to_json()


def test_killed_from_outside_at_random_moments(tmp_path: Path, kpacks: dict[str, Path]) -> None:
    rng = random.Random(20261125)
    outcomes = set()
    for attempt in range(6):
        home = tmp_path / f"home{attempt}"
        _prepare(home, kpacks, with_v1=True)
        proc = subprocess.Popen(
            _command(home, "pack", "install", kpacks["2.0.0"]),
            cwd=ROOT,
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        outcomes.add(_check_consistent(home, {V1, V2}))
        PackStore(home)
        assert list((home / "staging").iterdir()) == []
    assert outcomes <= {V1, V2}
