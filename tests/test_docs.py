"""The README and docs/ stay short where they must, true to the code, and whole.

The README is what a newcomer, a venue manager and an author read first; the rest lives in docs/.
Links between them must lead somewhere, the examples in them must be accepted by the code, and
they speak for themselves: no pointers to design notes or issue numbers outside the repository.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kiosk.common import paths
from kiosk.config import CONFIG_SCHEMA, LIVE_SETTINGS, load_config
from kiosk.content import schema
from kiosk.content.loader import load_pack
from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS
from tests import REPO_DIR
from tests.bench.bench import PERFORMANCE_DOC, TABLE_BEGIN, TABLE_END

ROOT = REPO_DIR
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
TEXTS = [README, *DOCS, *sorted((ROOT / "docs").glob("*.yml"))]
README_MAX_LINES = 200

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL)


def anchors(markdown: str) -> set[str]:
    """The anchors a Markdown renderer gives the headings (GitHub's way): lower case, spaces to
    hyphens, punctuation other than hyphens and underscores dropped; a repeated one numbered."""
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *$", FENCE.sub("", markdown), re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.replace("`", "").lower()).replace(" ", "-")
        candidate, n = slug, 0
        while candidate in found:
            n += 1
            candidate = f"{slug}-{n}"
        found.add(candidate)
    return found


def test_anchors_are_made_as_a_renderer_makes_them() -> None:
    text = "## kiosk.yaml\n## Which KIOSK_HOME?\n```sh\n# not a heading\n```\n## A, `b`\n## A, b\n"
    assert anchors(text) == {"kioskyaml", "which-kiosk_home", "a-b", "a-b-1"}


def test_the_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; move detail into docs/"


def test_the_readme_keeps_the_two_commands_and_the_makefile_has_them() -> None:
    readme = README.read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), f"no `{target}:` in Makefile"


@pytest.mark.parametrize("doc", [README, *DOCS], ids=_name)
def test_every_relative_link_leads_to_a_file_and_heading(doc: Path) -> None:
    text = FENCE.sub("", doc.read_text(encoding="utf-8"))
    broken = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (doc.parent / file_part).resolve() if file_part else doc
        if not linked.is_file():
            broken.append(f"{target}: no file {linked}")
        elif (
            anchor
            and linked.suffix == ".md"
            and anchor not in anchors(linked.read_text(encoding="utf-8"))
        ):
            broken.append(f"{target}: no heading #{anchor} in {_name(linked)}")
    assert not broken, f"{_name(doc)}: " + "; ".join(broken)


@pytest.mark.parametrize("doc", TEXTS, ids=_name)
def test_docs_speak_for_themselves(doc: Path) -> None:
    """No design notes or issue tracker outside the repository: the reason itself is written."""
    text = doc.read_text(encoding="utf-8")
    assert "DESIGN.md" not in text
    assert "shared/" not in text, "a path outside the repository"
    numbered = re.findall(r"\bissues? #?\d+|\(issue[^)]*\)", text, re.IGNORECASE)
    assert not numbered, f"{_name(doc)} names issues: {numbered}"


def test_the_example_kiosk_yaml_accepts_the_default_pack(tmp_path: Path) -> None:
    """docs/operating.md's example is a valid kiosk.yaml whose allow-lists take the default pack."""
    example = next(
        block
        for block in _yaml_blocks(ROOT / "docs" / "operating.md")
        if "link_hosts:" in block and "hotline_numbers:" in block
    )
    (tmp_path / "kiosk.yaml").write_text(example, encoding="utf-8")
    config = load_config(tmp_path / "kiosk.yaml", strict=True)
    assert config.hotline_numbers == DEFAULT_HOTLINE_NUMBERS
    assert load_pack(paths.default_pack_dir(), config.link_hosts, config.hotline_numbers).slides


def test_the_kiosk_yaml_table_names_every_setting_and_when_it_applies() -> None:
    """docs/operating.md's table has a row for each kiosk.yaml key, and says which apply live."""
    text = (ROOT / "docs" / "operating.md").read_text(encoding="utf-8")
    section = text.split("\n## kiosk.yaml\n", 1)[1].split("\n## ", 1)[0]
    rows = {
        key: applies.strip()
        for key, applies in re.findall(r"^\| `([a-z_]+)` \|.*\|([^|]+)\|$", section, re.MULTILINE)
    }
    assert set(rows) == set(CONFIG_SCHEMA["properties"])
    read_at_start = {key for key, applies in rows.items() if applies == "at start"}
    assert read_at_start == set(rows) - LIVE_SETTINGS


def test_the_example_schedule_is_a_valid_kiosk_yaml(tmp_path: Path) -> None:
    example = next(b for b in _yaml_blocks(ROOT / "docs" / "operating.md") if "schedule:" in b)
    (tmp_path / "kiosk.yaml").write_text(example, encoding="utf-8")
    schedule = load_config(tmp_path / "kiosk.yaml", strict=True).schedule
    assert schedule.hours
    assert schedule.playlists


def test_the_authoring_example_is_a_valid_pack(tmp_path: Path) -> None:
    """docs/authoring.md's pack.yaml validates as it is, with the default allow-lists."""
    example = next(b for b in _yaml_blocks(ROOT / "docs" / "authoring.md") if b.startswith("id:"))
    (tmp_path / "pack.yaml").write_text(example, encoding="utf-8")
    pack = load_pack(tmp_path)
    assert pack.slides
    assert pack.lessons
    assert pack.languages == ("en", "es")


def _limit(node: dict[str, Any]) -> int:
    """The most characters a schema node allows: a plain text's, or each language's."""
    return int(node.get("maxLength") or node["additionalProperties"]["maxLength"])


def _fields(node: dict[str, Any], *path: str) -> dict[str, Any]:
    for key in path:
        node = node[key]
    return node


_PACK, _LESSON = schema.PACK["properties"], schema.LESSON["properties"]
_QUESTION = _fields(_LESSON, "questions", "items", "properties")
# Each row of authoring.md's "How long a text may be" and the schema fields it speaks of.
LENGTH_ROWS = {
    "slide headline": [schema.SLIDE["properties"]["headline"]],
    "slide body": [schema.SLIDE["properties"]["body"]],
    "pack title, lesson title, publisher name": [
        _PACK["title"],
        _LESSON["title"],
        _fields(_PACK, "publisher", "properties", "name"),
    ],
    "card headline": [_fields(_LESSON, "cards", "items", "properties", "headline")],
    "card body": [_fields(_LESSON, "cards", "items", "properties", "body")],
    "question prompt": [_QUESTION["prompt"]],
    "choice": [_fields(_QUESTION, "choices", "items", "properties", "text")],
    "a choice's `why`": [_fields(_QUESTION, "choices", "items", "properties", "why")],
    "hotline, organisation and link labels": [
        _fields(_PACK, "hotlines", "items", "properties", "label"),
        _fields(_PACK, "organisations", "additionalProperties", "properties", "name"),
        _fields(_PACK, "links", "additionalProperties", "properties", "label"),
    ],
    "hotline `display`": [_fields(_PACK, "hotlines", "items", "properties", "display")],
    "link `display`": [_fields(_PACK, "links", "additionalProperties", "properties", "display")],
    "review note": [_fields(_PACK, "review", "properties", "note")],
}


def test_the_text_lengths_authors_read_are_the_schemas() -> None:
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = text.split("## How long a text may be", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| (.+?) \| (\d+) \|$", section, re.MULTILINE))
    assert set(rows) == set(LENGTH_ROWS), "a row of the table has no schema field here, or lost one"
    for row, fields in LENGTH_ROWS.items():
        assert {_limit(field) for field in fields} == {int(rows[row])}, row


def test_make_bench_has_a_place_for_its_table() -> None:
    """``make bench`` writes its table between the markers of docs/performance.md."""
    text = PERFORMANCE_DOC.read_text(encoding="utf-8")
    assert text.count(TABLE_BEGIN) == 1
    assert text.count(TABLE_END) == 1
    assert text.index(TABLE_BEGIN) < text.index(TABLE_END)
