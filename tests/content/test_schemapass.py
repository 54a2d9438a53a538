"""The record of documents that passed their schema: kiosk run skips only that pass for them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.common.problems import PackError
from kiosk.config import load_config
from kiosk.content import schema
from kiosk.content.loader import load_pack
from kiosk.content.schemapass import FILE_NAME, SchemaPasses, read_passes, write_passes
from tests import FIXTURES_DIR

FIXTURE = FIXTURES_DIR / "minimal_pack"


def test_a_pass_is_recorded_and_found_again_only_for_the_same_data_and_schema() -> None:
    passes = SchemaPasses()
    data = {"a": [1, 2], "b": "x"}
    assert not passes.passed(schema.PACK, data)
    passes.add(schema.PACK, data)
    assert passes.changed
    assert passes.passed(schema.PACK, {"b": "x", "a": [1, 2]})  # key order is not data
    assert not passes.passed(schema.PACK, {"a": [1, 2], "b": "y"})
    assert not passes.passed(schema.SLIDES_FILE, data)  # another schema, another digest


def test_data_without_a_canonical_form_is_never_skipped() -> None:
    passes = SchemaPasses()
    odd = {1: "x", "a": "y"}  # mixed key types cannot be sorted
    passes.add(schema.PACK, odd)
    assert not passes.passed(schema.PACK, odd)
    assert not passes.changed


def test_the_record_survives_a_restart_and_a_damaged_one_is_empty(tmp_path: Path) -> None:
    passes = SchemaPasses()
    passes.add(schema.PACK, {"x": 1})
    write_passes(tmp_path, passes)
    assert read_passes(tmp_path).passed(schema.PACK, {"x": 1})
    (tmp_path / FILE_NAME).write_text("{not json")
    assert not read_passes(tmp_path).passed(schema.PACK, {"x": 1})


def test_a_recorded_pack_still_meets_every_other_rule(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE, pack)
    passes = SchemaPasses()
    load_pack(pack, passes=passes)
    assert passes.changed
    # The same YAML, but a picture it names is gone: not a schema matter, still refused.
    picture = next((pack / "images").iterdir())
    picture.unlink()
    with pytest.raises(PackError) as refused:
        load_pack(pack, passes=passes)
    assert any(picture.name in p.message or picture.name in p.field for p in refused.value.problems)


def test_a_changed_document_is_checked_by_the_schema_again(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE, pack)
    passes = SchemaPasses()
    load_pack(pack, passes=passes)
    main = pack / "pack.yaml"
    main.write_text(main.read_text() + "\nunknown_key: 1\n")
    with pytest.raises(PackError) as refused:
        load_pack(pack, passes=passes)
    assert any("unknown_key" in p.message for p in refused.value.problems)


def test_kiosk_yaml_uses_the_record_too(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.yaml"
    path.write_text("venue: transit\n")
    passes = SchemaPasses()
    assert load_config(path, strict=True, passes=passes).venue == "transit"
    assert passes.changed
    path.write_text("venue: nowhere\n")
    with pytest.raises(PackError):
        load_config(path, strict=True, passes=passes)


def test_another_jsonschema_version_checks_again(monkeypatch) -> None:
    """A kiosk upgraded to a newer jsonschema asks it again: it may judge the schema otherwise."""
    from kiosk.content import schemapass

    schema = {"type": "object"}
    before = schemapass.SchemaPasses().digest(schema, {"a": 1})
    monkeypatch.setattr(schemapass, "installed_version", lambda module: "99.0.0")
    assert schemapass.SchemaPasses().digest(schema, {"a": 1}) != before
