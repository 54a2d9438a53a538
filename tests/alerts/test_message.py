"""Signed venue messages: built and signed like a pack; unsigned, untrusted or changed refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from kiosk.alerts import message
from kiosk.alerts.reasons import Refused
from kiosk.common.problems import PackError
from kiosk.content import files
from kiosk.intake.signing import load_private_key, new_keypair, trusted_keys

YAML = """\
id: lost-child-2026
from: 2026-11-30T14:00:00-05:00
until: "2026-12-01T14:00:00-05:00"
sender: Example Transit Police
call: "911"
photo: photo.png
text:
  en:
    headline: Missing child, last seen at Gate 4
    description: Seven years old, red jacket, brown hair.
    instruction: If you see her, call 911.
  es:
    headline: Niña desaparecida, vista por última vez en la puerta 4
"""


def png(size: tuple[int, int] = (120, 150)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (90, 110, 130)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    """A publisher's key and a trusted-keys folder that trusts it."""
    private, public, _ = new_keypair(tmp_path / "publisher")
    trusted = tmp_path / "home-keys"
    trusted.mkdir()
    (trusted / "publisher.pub").write_bytes(public.read_bytes())
    return private, trusted


def build(tmp_path: Path, private: Path, text: str = YAML) -> Path:
    source = tmp_path / "msg"
    source.mkdir(exist_ok=True)
    (source / "message.yaml").write_text(text, encoding="utf-8")
    (source / "photo.png").write_bytes(png())
    out = tmp_path / "lost.kmsg"
    message.build(source / "message.yaml", load_private_key(private), out)
    return out


def read(path: Path, trusted: Path) -> message.VenueMessage:
    keys = {k.key_id: k.key for k in trusted_keys(trusted).values()}
    with files.open_plain_file(path) as fh:
        return message.read(fh, path.name, keys)


def test_a_built_message_verifies(tmp_path: Path, keys: tuple[Path, Path]) -> None:
    private, trusted = keys
    venue = read(build(tmp_path, private), trusted)
    assert venue.id == "lost-child-2026"
    assert venue.end > venue.start
    assert dict(venue.texts)["es"][0].startswith("Niña desaparecida")
    assert venue.photo == "photo.png"
    assert venue.photo_bytes == png()
    assert venue.signer in trusted_keys(trusted)


def test_an_unsigned_message_is_refused(tmp_path: Path, keys: tuple[Path, Path]) -> None:
    private, trusted = keys
    built = build(tmp_path, private)
    stripped = tmp_path / "unsigned.kmsg"
    with zipfile.ZipFile(built) as src, zipfile.ZipFile(stripped, "w") as dst:
        for name in src.namelist():
            if name != "MANIFEST.sig":
                dst.writestr(name, src.read(name))
    with pytest.raises(Refused) as caught:
        read(stripped, trusted)
    assert caught.value.refusal.kind == "unsigned"


def test_an_untrusted_key_is_refused(tmp_path: Path, keys: tuple[Path, Path]) -> None:
    _, trusted = keys
    other, _, _ = new_keypair(tmp_path / "stranger")
    with pytest.raises(Refused) as caught:
        read(build(tmp_path, other), trusted)
    assert caught.value.refusal.kind == "untrusted"


def test_a_message_changed_after_signing_is_refused(
    tmp_path: Path, keys: tuple[Path, Path]
) -> None:
    private, trusted = keys
    built = build(tmp_path, private)
    changed = tmp_path / "changed.kmsg"
    with zipfile.ZipFile(built) as src, zipfile.ZipFile(changed, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "message.yaml":
                data = data.replace(b"Gate 4", b"Gate 9")
            dst.writestr(name, data)
    with pytest.raises(Refused) as caught:
        read(changed, trusted)
    assert caught.value.refusal.kind == "unsigned"


def test_a_file_that_is_no_zip_is_malformed(tmp_path: Path, keys: tuple[Path, Path]) -> None:
    junk = tmp_path / "junk.kmsg"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(Refused) as caught:
        read(junk, keys[1])
    assert caught.value.refusal.kind == "malformed"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            ('until: "2026-12-01T14:00:00-05:00"', "until: 2026-11-30T13:00:00-05:00"),
            "until",
            "after from",
        ),
        (
            ('until: "2026-12-01T14:00:00-05:00"', "until: 2026-12-30T13:00:00-05:00"),
            "until",
            "7 days",
        ),
        (("from: 2026-11-30T14:00:00-05:00", "from: 2026-11-30T14:00:00"), "from", "time zone"),
        (('call: "911"', 'call: "213-555-014"'), "call", "check every digit"),
        (("id: lost-child-2026", "id: Lost Child"), "id", ""),
        (("photo: photo.png", "photo: ../photo.png"), "photo", ""),
        (("  es:\n", "  xx:\n"), "text", ""),
    ],
)
def test_build_names_every_problem(
    tmp_path: Path, keys: tuple[Path, Path], change: tuple[str, str], field: str, words: str
) -> None:
    with pytest.raises(PackError) as caught:
        build(tmp_path, keys[0], YAML.replace(*change))
    problems = caught.value.problems
    assert any(p.field.startswith(field) and words in p.message for p in problems), problems
    assert all(p.file == "message.yaml" and p.line > 0 for p in problems if p.field)


def test_a_photo_that_is_no_picture_is_refused_at_build(
    tmp_path: Path, keys: tuple[Path, Path]
) -> None:
    source = tmp_path / "msg"
    source.mkdir()
    (source / "message.yaml").write_text(YAML, encoding="utf-8")
    (source / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(PackError) as caught:
        message.build(source / "message.yaml", load_private_key(keys[0]), tmp_path / "out.kmsg")
    assert caught.value.problems[0].file == "photo.png"
