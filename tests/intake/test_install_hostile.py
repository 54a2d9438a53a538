"""Every hostile or broken input of issue 4 is refused with a clear message, exit 1, live pack kept.

Each test starts from a kiosk with version 1.0.0 of the test pack live, tries to install a
version 2.0.0 that is broken in one way through ``kiosk pack install``, and checks the refusal: exit
code 1, the reason in words, no traceback, and nothing changed (same ``active.json``, the same
pack shown, no 2.0.0 folder, an empty staging folder). The kill-at-every-step cases live in
``tests/e2e/test_install_crash.py``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.common.problems import PackError
from kiosk.common.yamlsafe import read_yaml
from kiosk.content import files, limits
from kiosk.content.loader import load_pack
from kiosk.intake import archive, signing
from kiosk.intake.store import PackStore
from tests import FIXTURES_DIR

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture
def refused(run_cli, store: PackStore, packs):
    """``refused(source, *words)``: install ``source`` and check it is refused harmlessly."""
    assert store.install(packs.kpack(packs.folder("1.0.0"))).status == "installed"

    def attempt(source: Path, *words: str) -> str:
        before = store.active_file.read_bytes()
        result = run_cli("pack", "install", source)
        assert result.code == 1, result.out
        assert "Traceback" not in result.err
        assert "not installed; the live pack is unchanged" in result.err
        for text in words:
            assert text in result.err
        assert store.active_file.read_bytes() == before
        live = store.live_pack()
        assert live is not None
        assert live.version == "1.0.0"
        assert not (store.home / "packs" / "test-pack" / "2.0.0").exists()
        assert list(store.staging_dir.iterdir()) == []
        return result.err

    return attempt


@pytest.fixture
def v2(packs) -> Path:
    """A valid version 2.0.0 pack folder, for a test to break."""
    return packs.folder("2.0.0")


def _write(folder: Path, relative: str, data: str | bytes) -> None:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def _add_entries(kpack: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(kpack, "a", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return kpack


# -- YAML --------------------------------------------------------------------------------------


def test_malformed_yaml(refused, packs, v2) -> None:
    packs.replace(v2, "pack.yaml", "slides:", "slides: [")
    refused(packs.kpack(v2), "pack.yaml:", "not valid YAML")


def test_yaml_alias_bomb(refused, packs, v2) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    _write(v2, "pack.yaml", "\n".join(lines) + "\n")
    refused(packs.kpack(v2), "pack.yaml:1:", "anchors (&name) are not allowed")


def test_python_tag(refused, packs, v2, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    packs.replace(
        v2, "pack.yaml", "id: test-pack", f'id: !!python/object/apply:os.system ["touch {marker}"]'
    )
    refused(packs.kpack(v2), "pack.yaml:2:", "YAML tags such as")
    assert not marker.exists()


def test_deeply_nested_yaml(refused, packs, v2) -> None:
    packs.replace(v2, "pack.yaml", "review: {status: draft}", "review: " + "[" * 40 + "]" * 40)
    refused(packs.kpack(v2), "nested more than 32 levels deep")


def test_invalid_utf8(refused, packs, v2) -> None:
    raw = (v2 / "pack.yaml").read_bytes().replace(b"Test pack", b"Test \xff\xfe pack")
    _write(v2, "pack.yaml", raw)
    refused(packs.kpack(v2), "pack.yaml:5: file is not valid UTF-8 text")


def test_yaml_file_over_the_size_limit(refused, packs, v2) -> None:
    _write(v2, "slides/big.yaml", "# " + "x" * 1_000_001 + "\n[]\n")
    refused(packs.kpack(v2), "slides/big.yaml:0:", "the limit is 1,000,000")


# -- the pack's content ------------------------------------------------------------------------


def test_missing_field(refused, packs, v2) -> None:
    text = (v2 / "pack.yaml").read_text()
    start, end = text.index("hotlines:"), text.index("links:")
    _write(v2, "pack.yaml", text[:start] + text[end:])
    refused(packs.kpack(v2), "pack.yaml:2: 'hotlines' is missing")


def test_extra_field(refused, packs, v2) -> None:
    packs.replace(v2, "pack.yaml", "seconds: 8", "seconds: 8\n    colour: red")
    refused(packs.kpack(v2), "slides[0]: unknown field 'colour'")


def test_duplicate_ids(refused, packs, v2) -> None:
    _write(
        v2,
        "slides/more.yaml",
        "- id: first\n  venues: [any]\n"
        "  headline: {en: Again, es: Otra vez}\n  body: {en: Body, es: Texto}\n",
    )
    refused(packs.kpack(v2), "slides/more.yaml:1: [0].id: id 'first' is used twice")


def test_unknown_venue(refused, packs, v2) -> None:
    packs.replace(v2, "pack.yaml", "venues: [any]", "venues: [airport]")
    refused(packs.kpack(v2), "slides[0].venues[0]: 'airport' is not one of")


def test_unknown_language(refused, packs, v2) -> None:
    packs.replace(v2, "pack.yaml", "languages: [en, es]", "languages: [en, xx]")
    refused(packs.kpack(v2), "languages[1]: 'xx' is not one of")


def test_language_not_in_the_pack(refused, packs, v2) -> None:
    packs.replace(v2, "pack.yaml", 'es: "Paquete de prueba"}', 'es: "Paquete", fr: "Paquet"}')
    refused(packs.kpack(v2), "title.fr: language 'fr' is not in the pack's languages")


def test_text_too_long(refused, packs, v2) -> None:
    packs.replace(v2, "pack.yaml", "Notice the signs", "Notice the signs " * 10)
    refused(packs.kpack(v2), "slides[0].headline.en: text is 170 characters; at most 60 fit")


def test_referenced_file_missing(refused, packs, v2) -> None:
    (v2 / "images" / "dot.svg").unlink()
    refused(packs.kpack(v2), "file 'images/dot.svg' is missing from the pack")


def test_image_over_the_pixel_limit(refused, packs, v2) -> None:
    _write(v2, "images/huge.png", packs.png_header(7000, 7000))
    packs.replace(v2, "pack.yaml", "image: images/dot.svg", "image: images/huge.png")
    refused(packs.kpack(v2), "image is 7000x7000 pixels; the limit is 40,000,000 pixels")


def _bomb_png(width: int, height: int) -> bytes:
    """A real, decodable greyscale PNG of zeros: tiny on disk, ``width * height`` bytes decoded."""
    row = b"\x00" * (width + 1)
    body = zlib.compress(row * height, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda packs: _bomb_png(8000, 8000), "8000x8000 pixels; the limit is 40,000,000"),
        # Pillow itself only warns at this size, and raises at twice its own limit.
        (lambda packs: packs.png_header(12000, 12000), "larger than 40,000,000 pixels"),
        (lambda packs: packs.png_header(20000, 20000), "larger than 40,000,000 pixels"),
    ],
)
def test_decompression_bomb(refused, packs, v2, make, words: str) -> None:
    data = make(packs)
    assert len(data) < 200_000
    _write(v2, "images/bomb.png", data)
    packs.replace(v2, "pack.yaml", "image: images/dot.svg", "image: images/bomb.png")
    refused(packs.kpack(v2), words)


def test_svg_with_a_script_or_entities(refused, packs, v2) -> None:
    _write(v2, "images/dot.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>')
    _write(
        v2,
        "images/ent.svg",
        '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    )
    packs.replace(v2, "lessons/basics.yaml", "icon: images/dot.svg", "icon: images/ent.svg")
    refused(packs.kpack(v2), "SVG may not contain <script>", "SVG refused")


def test_svg_use_fan_out(refused, run_cli, packs, v2) -> None:
    """Issue 23: ten <use> of ten <use> of ... drew for hours on the GUI thread once live."""
    levels = "".join(
        f'\n<g id="a{n}">' + f'<use href="#a{n - 1}"/>' * 10 + "</g>" for n in range(1, 10)
    )
    _write(
        v2,
        "images/dot.svg",
        '<svg xmlns="http://www.w3.org/2000/svg"><defs><circle id="a0" r="4"/>'
        + levels
        + '</defs><use href="#a9"/></svg>',
    )
    err = refused(packs.kpack(v2), "'images/dot.svg': line 4: <g> draws 2,221 elements")
    assert "pack.yaml:27: slides[0].image:" in err
    assert "the limit is 500" in err
    # `pack validate` and `kiosk run --pack DIR` read the folder with the same rules.
    with pytest.raises(PackError, match="the limit is 500"):
        load_pack(v2)
    checked = run_cli("pack", "validate", v2)
    assert checked.code == 1
    assert (
        "pack.yaml:27: slides[0].image: 'images/dot.svg': line 4: <g> draws 2,221 elements with "
        "its <use> resolved; the limit is 500"
    ) in checked.err


def test_link_not_https(refused, packs, v2) -> None:
    packs.replace(
        v2, "pack.yaml", "https://connect.missingkids.org", "http://connect.missingkids.org"
    )
    refused(packs.kpack(v2), "links.training.url: link", "must start with https://")


def test_link_host_not_on_the_allow_list(refused, packs, v2) -> None:
    packs.replace(
        v2,
        "pack.yaml",
        "https://connect.missingkids.org",
        "https://connect.missingkids.org.evil.example",
    )
    refused(packs.kpack(v2), "is not on this kiosk's allow-list")


# -- text that lies (issue 13, case 8) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            'display: "1-800-THE-LOST"',
            'display: "\\u202E8765-348-008-1"',
            "hotlines[0].display: text holds the bidi control U+202E",
        ),
        (
            'display: "connect.missingkids.org"',
            'display: "connect.missing\\u200Dkids.org"',
            "links.training.display: text holds the invisible character U+200D",
        ),
        (
            'title: {en: "Test pack"',
            'title: {en: "T' + "\\u0336" * 58 + '"',
            "title.en: more than 2 combining marks on one letter",
        ),
        ('number: "1-800-843-5678"', 'number: "1-888-373-788"', "not a valid phone number"),
        ('number: "1-800-843-5678"', 'number: "91"', "3-digit short code"),
        ('display: "1-800-THE-LOST"', 'display: "1-800-THE-LOSS"', "dials 18008435677"),
        ('number: "1-800-843-5678"', 'number: "1-866-347-2423"', "hotline_numbers"),
    ],
)
def test_text_that_lies(refused, packs, v2, old: str, new: str, words: str) -> None:
    packs.replace(v2, "pack.yaml", old, new)
    refused(packs.kpack(v2), words)


# -- the archive -------------------------------------------------------------------------------


def test_not_a_zip(refused, packs) -> None:
    bad = packs.root / "holiday-photos.kpack"
    bad.write_bytes(b"\xff\xd8\xff\xe0 a JPEG renamed" * 100)
    refused(bad, "holiday-photos.kpack:0: is not a content pack: not a zip archive")


def test_dot_dot_path(refused, packs, v2, tmp_path: Path) -> None:
    bad = _add_entries(packs.kpack(v2), [("../../escaped.txt", b"x")])
    refused(bad, "../../escaped.txt:0: archive entry uses '..'")
    assert not list(tmp_path.rglob("escaped.txt"))


def test_absolute_path(refused, packs, v2) -> None:
    bad = _add_entries(packs.kpack(v2), [("/tmp/kiosk-hostile-absolute", b"x")])
    refused(bad, "archive entry is an absolute path")
    assert not Path("/tmp/kiosk-hostile-absolute").exists()


def test_backslash_and_drive_letter_paths(refused, packs, v2) -> None:
    bad = _add_entries(packs.kpack(v2), [("..\\..\\evil.txt", b"x"), ("C:/evil.txt", b"x")])
    refused(bad, "backslash", "drive letter")


def test_symlink(refused, packs, v2) -> None:
    bad = _add_entries(packs.kpack(v2), [(packs.symlink_info("images/link.svg"), b"/etc/passwd")])
    refused(bad, "images/link.svg:0: archive entry is a symbolic link")


def test_zip_bomb_entry_count(refused, packs, v2) -> None:
    bad = _add_entries(packs.kpack(v2), [(f"junk/{i}.txt", b"") for i in range(2000)])
    refused(bad, "entries; the limit is 2,000")


def test_zip_bomb_total_size(refused, packs, v2) -> None:
    bomb = bytes(limits.MAX_FILE_BYTES)
    bad = _add_entries(packs.kpack(v2), [(f"images/{i}.png", bomb) for i in range(10)])
    assert bad.stat().st_size < 1_000_000
    refused(bad, "the limit is 200,000,000 bytes")


def test_zip_bomb_single_file(refused, packs, v2) -> None:
    bad = _add_entries(packs.kpack(v2), [("images/big.png", bytes(limits.MAX_FILE_BYTES + 1))])
    refused(bad, "images/big.png:0: file is 20,000,001 bytes unpacked; the limit is 20,000,000")


# -- signatures --------------------------------------------------------------------------------


def test_file_changed_after_signing(refused, packs, v2) -> None:
    signed = packs.kpack(v2)
    tampered = packs.root / "tampered.kpack"
    with zipfile.ZipFile(signed) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "pack.yaml":
                data = data.replace(b"1-800-843-5678", b"1-900-555-0199")  # a forged hotline
            dst.writestr(info, data)
    refused(tampered, "pack.yaml:0: file was changed after signing")


def test_signed_by_an_untrusted_key(refused, packs, v2) -> None:
    _, _, _ = signing.new_keypair(packs.root / "stranger")
    stranger = signing.load_private_key(packs.root / "stranger.key")
    refused(packs.kpack(v2, key=stranger), "which this kiosk does not trust")


def test_no_signature(refused, packs, v2) -> None:
    unsigned = packs.root / "unsigned.kpack"
    archive.pack_folder(v2, unsigned)
    refused(unsigned, "the pack is not signed")


def test_signature_file_removed(refused, packs, v2) -> None:
    signed = packs.kpack(v2)
    stripped = packs.root / "stripped.kpack"
    with zipfile.ZipFile(signed) as src, zipfile.ZipFile(stripped, "w") as dst:
        for info in src.infolist():
            if info.filename != "MANIFEST.sig":
                dst.writestr(info, src.read(info))
    refused(stripped, "not signed (no MANIFEST.sig)")


# -- the disk ----------------------------------------------------------------------------------


def _failing_writes(monkeypatch: pytest.MonkeyPatch, fail_at: int | None) -> list[int]:
    """Count calls of files.write_all; raise ENOSPC at call number ``fail_at``."""
    calls: list[int] = []
    real = files.write_all

    def write(fh, data) -> None:
        calls.append(len(data))
        if fail_at is not None and len(calls) == fail_at:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fh, data)

    monkeypatch.setattr(files, "write_all", write)
    return calls


def test_disk_full_at_every_write_of_an_install(
    store: PackStore, packs, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert store.install(packs.kpack(packs.folder("1.0.0"))).status == "installed"
    v2 = packs.kpack(packs.folder("2.0.0"))
    # A dry run counts the writes up to and including the switch of active.json.
    probe = PackStore(packs.root / "probe-home")
    probe.trust(packs.pub)
    monkeypatch.setattr(PackStore, "_record", lambda self, result, origin: None)
    calls = _failing_writes(monkeypatch, None)
    assert probe.install(v2).status == "installed"
    writes = len(calls)
    assert writes >= 5  # the copy, three files unpacked, active.json
    monkeypatch.undo()

    before = store.active_file.read_bytes()
    for fail_at in range(1, writes + 1):
        _failing_writes(monkeypatch, fail_at)
        result = store.install(v2)
        monkeypatch.undo()
        assert result.status == "refused", fail_at
        assert "the disk is full" in result.message
        assert store.active_file.read_bytes() == before
        assert store.live_pack().version == "1.0.0"
        assert not (store.home / "packs" / "test-pack" / "2.0.0").exists()
        assert list(store.staging_dir.iterdir()) == []
    assert store.install(v2).status == "installed"  # once there is room again


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.EIO])
def test_the_kiosks_own_disk_refusing_a_write_is_retried_not_held_against_the_pack(
    store: PackStore, packs, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """Staging made read-only or unreadable says nothing about a signed pack: the inbox tries it
    again once the disk is right (issue 23, "a refusal is recorded against the pack")."""
    v1 = packs.kpack(packs.folder("1.0.0"))
    real = files.write_all

    def refuse(fh, data) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(files, "write_all", refuse)
    result = store.install(v1, origin="inbox")
    monkeypatch.setattr(files, "write_all", real)
    assert result.status == "refused"
    assert result.transient
    assert store.install(v1, origin="inbox").status == "installed"


def test_disk_full_on_the_command_line(refused, packs, v2, monkeypatch) -> None:
    _failing_writes(monkeypatch, 2)
    refused(packs.kpack(v2), "could not unpack this file: the disk is full")


def test_disk_full_while_recording_the_outcome_is_not_fatal(store: PackStore, packs, monkeypatch):
    def full(path, data, **kwargs):
        if path.name == "last-install.json":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, **kwargs)

    from kiosk.intake import store as store_module

    real = store_module.write_json_atomic
    monkeypatch.setattr(store_module, "write_json_atomic", full)
    assert store.install(packs.kpack(packs.folder())).status == "installed"


# -- fuzzing -----------------------------------------------------------------------------------

_YAMLISH = st.text(
    alphabet=st.sampled_from([*list("ab:-[]{},&*!|>'\"#\n ?%@`\t09.\\"), "é", "\x00", "\ufeff"]),
    max_size=200,
)


@FUZZ
@given(st.binary(max_size=300))
def test_fuzz_read_yaml_bytes(raw: bytes) -> None:
    with contextlib.suppress(PackError):
        read_yaml(raw, "f.yaml")


@FUZZ
@given(_YAMLISH)
def test_fuzz_read_yaml_text(text: str) -> None:
    with contextlib.suppress(PackError):
        read_yaml(text.encode("utf-8"), "f.yaml")


@pytest.fixture(scope="module")
def fuzz_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "pack"
    shutil.copytree(FIXTURES_DIR / "minimal_pack", folder)
    return folder


def _load(folder: Path) -> None:
    try:
        load_pack(folder)
    except PackError as exc:  # fuzzed input: a refusal is one good outcome of two
        assert exc.problems  # noqa: PT017
        for problem in exc.problems:
            assert problem.file
            assert problem.message
            assert problem.line >= 0


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["any", "en", "images/dot.svg", "https://evil.example", "../x", "2001-02-30"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*path, i))
    return found


@FUZZ
@given(data=st.data())
def test_fuzz_load_pack_with_mutated_structure(fuzz_pack: Path, data: st.DataObject) -> None:
    """Replace any parts of a valid pack.yaml by random data: a Pack or a PackError, no crash."""
    original = yaml.safe_load((fuzz_pack / "pack.yaml").read_text())
    paths = _paths(original)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        value = data.draw(_VALUES)
        if not path:
            original = value
            break
        target = original
        try:
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pack"
        shutil.copytree(fuzz_pack, folder)
        (folder / "pack.yaml").write_text(yaml.safe_dump(original, allow_unicode=True))
        _load(folder)


@FUZZ
@given(data=st.data())
def test_fuzz_load_pack_with_mutated_text(fuzz_pack: Path, data: st.DataObject) -> None:
    """Random edits to the bytes of pack.yaml and a lesson file."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pack"
        shutil.copytree(fuzz_pack, folder)
        for relative in ("pack.yaml", "lessons/basics.yaml"):
            raw = bytearray((folder / relative).read_bytes())
            for _ in range(data.draw(st.integers(0, 4))):
                at = data.draw(st.integers(0, len(raw)))
                action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
                chunk = data.draw(st.binary(max_size=6) | _YAMLISH.map(str.encode))
                if action == "insert":
                    raw[at:at] = chunk
                elif action == "delete":
                    del raw[at : at + len(chunk) + 1]
                else:
                    raw[at : at + len(chunk)] = chunk
            (folder / relative).write_bytes(bytes(raw))
        _load(folder)


@pytest.mark.parametrize("text", ["a: 2001-02-30", "a: [2001-02-03 25:00:00]"])
def test_impossible_dates_are_problems_not_crashes(text: str) -> None:
    """Found while fuzzing: YAML's timestamp constructor raised a bare ValueError."""
    with pytest.raises(PackError, match="cannot be read"):
        read_yaml(text.encode(), "f.yaml")
