"""The kiosk's own words: .ts files match the QML and the staff messages' table, and are
finished; .qm files match them."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.common import paths
from tests import REPO_DIR

BIN = Path(sys.executable).parent
TS_FILES = sorted(paths.i18n_dir().glob("kiosk_*.ts"))
QML_FILES = sorted((paths.qml_dir() / "Kiosk").glob("*.qml"))
# Python sources lupdate reads beside the QML (the Makefile's I18N_SOURCES).
PY_SOURCES = [REPO_DIR / "kiosk" / "ops" / "staff_words.py"]


def test_spanish_ships() -> None:
    assert [ts.name for ts in TS_FILES] == ["kiosk_es.ts"]


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_the_ts_file_holds_every_qstr_of_the_qml_and_nothing_else(ts: Path, tmp_path: Path) -> None:
    fresh = tmp_path / ts.name
    shutil.copy(ts, fresh)
    subprocess.run(
        [BIN / "pyside6-lupdate", "-silent", "-no-obsolete", "-locations", "none"]
        + [str(q) for q in QML_FILES]
        + [str(p) for p in PY_SOURCES]
        + ["-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    assert fresh.read_text(encoding="utf-8") == ts.read_text(encoding="utf-8"), (
        f"{ts.name} is stale: run `make i18n` and translate what it marks unfinished"
    )


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_every_entry_is_translated(ts: Path) -> None:
    text = ts.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text
    assert 'type="vanished"' not in text
    assert "<translation></translation>" not in text
    sources = re.findall(r"<source>(.*?)</source>", text)
    translations = re.findall(r"<translation>(.*?)</translation>", text)
    assert len(sources) == len(translations) > 0
    for source, translation in zip(sources, translations, strict=True):
        # Placeholders survive translation: "%1 s" must still receive its number, and the staff
        # messages' "{pack}" its pack.
        for placeholder in (r"%\d", r"\{\w+\}"):
            found = sorted(re.findall(placeholder, source))
            assert found == sorted(re.findall(placeholder, translation)), (source, translation)


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_the_qm_file_is_the_ts_file_compiled(ts: Path, tmp_path: Path) -> None:
    qm = ts.with_suffix(".qm")
    fresh = tmp_path / qm.name
    subprocess.run(
        [BIN / "pyside6-lrelease", "-silent", str(ts), "-qm", str(fresh)],
        check=True,
        capture_output=True,
    )
    assert qm.is_file(), f"{qm.name} is missing: run `make i18n`"
    assert fresh.read_bytes() == qm.read_bytes(), f"{qm.name} is stale: run `make i18n`"


# Entries whose translation may equal the English source, each for a reason: anything else left
# in English is an untranslated string a Spanish-speaking visitor or staff member would meet.
SAME_IN_SPANISH = {
    "%1 min": "the unit's symbol is the same in Spanish",
    "hotel": "the Spanish word is spelt the same",
    "{pack}": "a pack's id and version, nothing to translate",
    "{seconds} s": "the unit's symbol is the same in Spanish",
    "{minutes} min {seconds} s": "the units' symbols are the same in Spanish",
    "{title} — {pack}": "a title and a version, nothing to translate",
    "{name} ({where})\n{state}": "placeholders only: a file, where it is and its state",
}


def entries(ts: Path) -> list[tuple[str, str]]:
    text = ts.read_text(encoding="utf-8")
    return re.findall(r"<source>(.*?)</source>\s*<translation>(.*?)</translation>", text, re.S)


def test_no_spanish_entry_is_left_in_english() -> None:
    es = paths.i18n_dir() / "kiosk_es.ts"
    same = [source for source, translation in entries(es) if source == translation]
    assert sorted(same) == sorted(SAME_IN_SPANISH), (
        "left in English (translate it, or justify it in SAME_IN_SPANISH): "
        f"{sorted(set(same) - set(SAME_IN_SPANISH))}"
    )
