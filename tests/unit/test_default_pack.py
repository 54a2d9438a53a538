"""The pack bundled with the app: valid, complete, and only facts from the content brief."""

import re
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.config import load_config
from kiosk.content import phones
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.content.phones import DEFAULT_HOTLINE_NUMBERS

# Every number and address the brief verified; nothing else may appear in the default pack.
BRIEF_NUMBERS = {"911", "1-800-843-5678", "1-888-373-7888", "233733", "711", "1-866-347-2423"}
BRIEF_HOSTS = {
    "connect.missingkids.org",
    "report.cybertip.org",
    "cybertipline.org",
    "humantraffickinghotline.org",
    "missingkids.org",
}
BANNED_WORDS = ("child prostitute", "child pornography", "lot lizard")


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(paths.default_pack_dir())


def test_default_pack_loads_with_enough_slides_for_every_venue(pack: Pack) -> None:
    p = pack
    assert len(p.slides) >= 12
    for venue in ("transit", "hotel", "rest-stop", "any"):
        assert sum(venue in s.venues for s in p.slides) >= 3, venue
    assert p.review_status == "awaiting-review"
    assert len(p.lessons) >= 3


def test_numbers_and_links_come_from_the_brief(pack: Pack) -> None:
    p = pack
    for hotline in p.hotlines:
        if hotline.number:
            assert hotline.number in BRIEF_NUMBERS
    for link in p.links.values():
        host = re.sub(r"^https://([^/]+).*$", r"\1", link.url)
        assert host in BRIEF_HOSTS
    assert p.links["training"].url == (
        "https://connect.missingkids.org/products/introduction-to-child-sex-trafficking"
    )


def test_text_uses_person_first_words() -> None:
    root = paths.default_pack_dir()
    shown = (root / "pack.yaml").read_text().lower()
    shown += "".join(f.read_text().lower() for f in sorted((root / "slides").glob("*.yaml")))
    lessons = "".join(f.read_text().lower() for f in sorted((root / "lessons").glob("*.yaml")))
    for word in BANNED_WORDS:
        assert word not in shown
        # A lesson may name a harmful term only to teach against it, in quotes.
        for match in re.finditer(re.escape(word), lessons):
            context = lessons[match.start() - 40 : match.end()]
            assert lessons[match.start() - 1] in "\"'\u201c\u2018", context


def test_headlines_are_read_at_a_glance(pack: Pack) -> None:
    # load_pack already caps characters (the schema); words are the content brief's own rule.
    for slide in pack.slides:
        for lang in pack.languages:
            assert len(slide.headline.get(lang).split()) <= 9, slide.id


def test_every_hotline_number_is_on_the_default_list_and_dials_its_display() -> None:
    """The bundled pack passes the same number rules as any pack (no extra numbers needed)."""
    p = load_pack(paths.default_pack_dir(), hotline_numbers=DEFAULT_HOTLINE_NUMBERS)
    for hotline in p.hotlines:
        if hotline.number:
            assert phones.number_problem(hotline.number, hotline.kind) is None
            assert phones.display_problem(hotline.display, hotline.number) is None


def test_the_readme_example_kiosk_yaml_accepts_the_default_pack(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = next(
        block
        for block in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL)
        if "link_hosts:" in block and "hotline_numbers:" in block
    )
    (tmp_path / "kiosk.yaml").write_text(example, encoding="utf-8")
    config = load_config(tmp_path / "kiosk.yaml", strict=True)
    assert config.hotline_numbers == DEFAULT_HOTLINE_NUMBERS
    load_pack(paths.default_pack_dir(), config.link_hosts, config.hotline_numbers)
