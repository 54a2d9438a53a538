"""Fixtures for the pack tests: a tiny valid pack, a signing key, a store, and zip crafting."""

from __future__ import annotations

import shutil
import stat
import struct
import threading
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kiosk import cli
from kiosk.intake import signing
from kiosk.intake.ed25519 import PrivateKey
from kiosk.intake.store import PackStore
from tests import FIXTURES_DIR

FIXTURE = FIXTURES_DIR / "minimal_pack"


@dataclass
class Packs:
    """Make test packs in a temporary folder."""

    root: Path
    key: PrivateKey
    pub: Path
    count: int = 0

    def folder(self, version: str | None = None) -> Path:
        """A fresh copy of the minimal valid pack, optionally with another version."""
        self.count += 1
        dest = self.root / f"pack{self.count}"
        shutil.copytree(FIXTURE, dest)
        if version:
            self.replace(dest, "pack.yaml", "version: 1.0.0", f"version: {version}")
        return dest

    @staticmethod
    def replace(folder: Path, relative: str, old: str, new: str) -> None:
        path = folder / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def kpack(self, folder: Path, key: PrivateKey | None = None, name: str | None = None) -> Path:
        """Sign and zip ``folder`` without validating it (hostile packs need this)."""
        self.count += 1
        out = self.root / (name or f"built{self.count}.kpack")
        signing.build_signed_archive(folder, key or self.key, out)
        return out

    def zip(self, entries: list[tuple[zipfile.ZipInfo | str, bytes]], name: str = "") -> Path:
        """A raw zip with exactly these entries (duplicates allowed)."""
        self.count += 1
        out = self.root / (name or f"raw{self.count}.kpack")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about duplicate names
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
                for info, data in entries:
                    zf.writestr(info, data)
        return out

    @staticmethod
    def symlink_info(name: str) -> zipfile.ZipInfo:
        """A zip entry that is a symbolic link."""
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        return info

    @staticmethod
    def png_header(width: int, height: int) -> bytes:
        """A PNG that claims ``width`` x ``height`` pixels but holds no pixel data at all."""

        def chunk(kind: bytes, data: bytes) -> bytes:
            crc = struct.pack(">I", zlib.crc32(kind + data))
            return struct.pack(">I", len(data)) + kind + data + crc

        ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")
        )


# kiosk.yaml's line for a kiosk that watches no stick folder (the default is /media/*/, ...).
NO_STICKS = "watch: []\n"


def home_without_sticks(home: Path) -> Path:
    """``home`` with a kiosk.yaml that watches no stick folder (the default is /media/*/, ...).

    For a command or scene that would scan the watch list (``kiosk snapshot`` opens the staff
    panel): the test's result must not depend on a stick in the machine it runs on.
    """
    home.mkdir(parents=True, exist_ok=True)
    (home / "kiosk.yaml").write_text(NO_STICKS, encoding="utf-8")
    return home


@pytest.fixture
def finishes() -> Callable[..., Any]:
    """``finishes(fn)``: run ``fn`` on a thread and return its result; fail, not hang, if it blocks.

    For hostile files (FIFOs, devices) whose bug is a read that never returns.
    """

    def run(fn: Callable[[], Any], seconds: float = 10.0) -> Any:
        out: list[Any] = []
        errors: list[BaseException] = []

        def target() -> None:
            try:
                out.append(fn())
            except BaseException as exc:
                errors.append(exc)

        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        thread.join(seconds)
        assert not thread.is_alive(), f"still blocked after {seconds} s"
        if errors:
            raise errors[0]
        return out[0]

    return run


@pytest.fixture
def packs(tmp_path: Path) -> Packs:
    root = tmp_path / "work"
    root.mkdir()
    _, pub, _ = signing.new_keypair(root / "author")
    key = signing.load_private_key(root / "author.key")
    return Packs(root, key, pub)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def store(home: Path, packs: Packs) -> PackStore:
    """A store that trusts the ``packs`` author's key."""
    result = PackStore(home)
    result.trust(packs.pub)
    return result


@dataclass
class CliRun:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], home: Path) -> Callable[..., CliRun]:
    """Run ``kiosk --home HOME ARGS...`` in-process; returns code, stdout and stderr."""

    def run(*args: str | Path) -> CliRun:
        capsys.readouterr()
        try:
            code = cli.main(["--home", str(home), *map(str, args)])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run
