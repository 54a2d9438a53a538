"""The bundled pack in Spanish: complete, and held to the same rules as its English text."""

import re
from collections.abc import Iterator

import pytest

from kiosk import paths
from kiosk.content.loader import load_pack
from kiosk.content.model import Localized, Pack
from tests.unit.test_default_pack import BRIEF_NUMBERS, SIGN_CARDS, SIGN_SLIDES

ONE_SIGN_ES = "una sola señal no prueba nada"
# "Child prostitute", "child pornography" and the slur, as a Spanish text would say them.
BANNED_ES = ("niña prostituta", "niño prostituto", "prostituta infantil", "pornografía infantil")


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(paths.default_pack_dir())


def _texts(pack: Pack) -> Iterator[tuple[str, Localized]]:
    yield "title", pack.title
    for hotline in pack.hotlines:
        yield f"hotline {hotline.display.get('en')}", hotline.label
    for key, link in pack.links.items():
        yield f"link {key}", link.label
    for slide in pack.slides:
        yield slide.id, slide.headline
        yield slide.id, slide.body
    for lesson in pack.lessons:
        yield lesson.id, lesson.title
        for i, card in enumerate(lesson.cards):
            yield f"{lesson.id}/card-{i + 1}", card.headline
            yield f"{lesson.id}/card-{i + 1}", card.body
        for q, question in enumerate(lesson.questions):
            yield f"{lesson.id}/question-{q + 1}", question.prompt
            for choice in question.choices:
                yield f"{lesson.id}/question-{q + 1}", choice.text
                yield f"{lesson.id}/question-{q + 1}", choice.why


def test_every_text_has_its_own_spanish(pack: Pack) -> None:
    assert pack.languages == ("en", "es")
    assert pack.review_note is not None
    for where, text in [*_texts(pack), ("review note", pack.review_note)]:
        assert "es" in text.texts, where
        # A copied English text is no translation (names and numbers alone may be the same).
        if len(text.texts["en"].split()) > 2:
            assert text.texts["es"] != text.texts["en"], where


def test_spanish_uses_person_first_words(pack: Pack) -> None:
    for where, text in _texts(pack):
        spanish = text.get("es").lower()
        for word in BANNED_ES:
            for match in re.finditer(word, spanish):
                # A lesson may name a harmful term only to teach against it, in quotes.
                assert spanish[match.start() - 1] in '«"“', (where, spanish)
                assert "/" in where, where  # a lesson card or question, never a slide


def test_sign_slides_and_cards_say_one_sign_alone_proves_nothing(pack: Pack) -> None:
    for slide in pack.slides:
        if slide.id in SIGN_SLIDES:
            text = f"{slide.headline.get('es')} {slide.body.get('es')}".lower()
            assert ONE_SIGN_ES in text, slide.id
    lessons = {lesson.id: lesson for lesson in pack.lessons}
    for lesson_id, index in SIGN_CARDS:
        assert ONE_SIGN_ES in lessons[lesson_id].cards[index].body.get("es").lower()


def test_spanish_names_only_the_briefs_numbers_and_the_same_ones_as_english(pack: Pack) -> None:
    number = re.compile(r"\b(?:\d[\d-]{1,13}\d)(?![-\w])")
    for where, text in _texts(pack):
        english, spanish = set(number.findall(text.get("en"))), set(number.findall(text.get("es")))
        assert spanish <= BRIEF_NUMBERS | {"13", "15", "16", "20", "24"}, (where, spanish)
        assert english == spanish, (where, english, spanish)


def test_judging_words_only_in_never_judge_by(pack: Pack) -> None:
    words = re.compile(r"\b(raza|racial|aspecto|idioma|acento|étnic\w*)\b", re.I)
    for where, text in _texts(pack):
        for sentence in re.split(r"(?<=[.!?])\s+", text.get("es")):
            if words.search(sentence):
                assert sentence.lower().startswith("nunca juzgue por"), (where, sentence)


def test_the_hotline_says_it_answers_in_spanish(pack: Pack) -> None:
    # The brief: the National Human Trafficking Hotline answers in English, Spanish and more.
    hotline = next(h for h in pack.hotlines if h.number == "1-888-373-7888")
    assert "español" in hotline.label.get("es")
    text_slide = next(s for s in pack.slides if s.id == "text-for-help")
    assert "en español" in text_slide.body.get("es")


def test_spanish_headlines_are_read_at_a_glance(pack: Pack) -> None:
    for slide in pack.slides:
        assert len(slide.headline.get("es").split()) <= 9, slide.id


def test_the_text_line_is_worded_in_spanish_and_keeps_its_keyword(pack: Pack) -> None:
    """The hotline's text service answers HELP (content brief): only the words around it change."""
    text_line = next(h for h in pack.hotlines if h.kind == "text")
    assert text_line.display.get("en") == "Text HELP to 233733"
    assert text_line.display.get("es") == "Envíe HELP al 233733"
    # Every other display is a number, the same in both languages.
    for hotline in pack.hotlines:
        if hotline is not text_line:
            assert hotline.display.get("en") == hotline.display.get("es")
