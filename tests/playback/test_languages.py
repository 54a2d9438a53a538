"""Which language the attract loop and the touch session show."""

from pathlib import Path

from kiosk.config import load_config
from kiosk.content.schema import LANGUAGES
from kiosk.playback.languages import (
    NATIVE_NAMES,
    attract_languages,
    native_name,
    rotation_language,
)


def test_the_venue_chooses_and_orders_the_pack_languages() -> None:
    assert attract_languages(["es", "en"], ["en", "es"]) == ("es", "en")
    assert attract_languages(["en"], ["en", "es"]) == ("en",)


def test_without_venue_languages_the_pack_decides() -> None:
    assert attract_languages([], ["en", "es"]) == ("en", "es")
    # A venue language the pack lacks is skipped; with none left, the pack's own play.
    assert attract_languages(["fr", "es"], ["en", "es"]) == ("es",)
    assert attract_languages(["fr"], ["en", "es"]) == ("en", "es")
    assert attract_languages(["es", "es"], ["en", "es"]) == ("es",)


def test_the_rotation_alternates_over_every_slide_shown() -> None:
    shown = [rotation_language(("en", "es"), n) for n in range(5)]
    assert shown == ["en", "es", "en", "es", "en"]
    assert rotation_language(("en",), 7) == "en"


def test_every_pack_language_has_its_own_name() -> None:
    assert set(NATIVE_NAMES) == set(LANGUAGES)
    assert native_name("es") == "Español"
    assert native_name("en") == "English"
    assert native_name("xx") == "xx"


def test_kiosk_yaml_languages_default_to_the_packs(tmp_path: Path) -> None:
    assert load_config(tmp_path / "missing.yaml", strict=True).languages == ()
    (tmp_path / "kiosk.yaml").write_text(
        "languages: [es, en]\nlanguage_layout: together\n", encoding="utf-8"
    )
    config = load_config(tmp_path / "kiosk.yaml", strict=True)
    assert config.languages == ("es", "en")
    assert config.language_layout == "together"
