"""The pack bundled with the app: valid, complete, and only facts from the content brief."""

import functools
import re
from collections.abc import Iterator

import pytest

from kiosk.common import paths
from kiosk.content import phones
from kiosk.content.loader import load_pack
from kiosk.content.model import Pack, Question
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


@functools.cache
def _default() -> Pack:
    return load_pack(paths.default_pack_dir())


@pytest.fixture(scope="module")
def pack() -> Pack:
    return _default()


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
            for lang in p.languages:
                assert phones.display_problem(hotline.display.get(lang), hotline.number) is None


# Slides that name signs to notice. Every slide is classified here, so a new slide must be placed.
SIGN_SLIDES = {
    "no-single-sign",
    "signs-around-a-child",
    "hotel-first-to-see",
    "hotel-do-not-disturb",
    "rest-stop-drop-off",
    "rest-stop-where-they-are",
    "retail-counter",
    "transit-too-young",
    "transit-companion",
}
OTHER_SLIDES = {
    "in-plain-sight",
    "report-if-unsure",
    "free-training",
    "text-for-help",
    "hotel-tell-someone",
    "hotel-child-victim",
    "rest-stop-lot",  # a minor going truck to truck: a crime happening now, not a sign to weigh
    "rest-stop-note-details",
    "retail-travel-center",
    "transit-stations",
    "transit-call-in",
}
# Lesson cards that list signs weigh them together too.
SIGN_CARDS = {("signs", 2), ("signs", 3), ("signs", 4)}
ONE_SIGN = "one sign alone proves nothing"
# Where "one sign alone proves nothing" teaches: its own slide, the "Patterns, not proof" card and
# the true-or-false question about it. On every sign slide it was a refrain nobody reads.
ONE_SIGN_SLIDES = {"no-single-sign"}
ONE_SIGN_CARD = ("signs", 4)
# How a sign slide or card says that signs count together (or that one alone proves nothing).
TOGETHER = re.compile(r"together|other signs|proves nothing|no proof")
# A slide and a lesson card may share a pictogram only when they say the same thing.
SAME_IDEA = {
    ("in-plain-sight", "signs", 0),
    ("no-single-sign", "signs", 4),
    ("transit-call-in", "respond", 0),
    ("rest-stop-note-details", "respond", 1),
    ("hotel-tell-someone", "respond", 3),
    ("report-if-unsure", "respond", 4),
    ("hotel-child-victim", "why-children", 4),
}


def _en(localized) -> str:
    return localized.get("en")


def test_every_slide_is_classified_as_a_sign_slide_or_not() -> None:
    ids = {s.id for s in _default().slides}
    assert ids == SIGN_SLIDES | OTHER_SLIDES
    assert not SIGN_SLIDES & OTHER_SLIDES


def test_one_sign_alone_proves_nothing_is_said_where_it_teaches_not_everywhere() -> None:
    saying = {
        s.id for s in _default().slides if ONE_SIGN in f"{_en(s.headline)} {_en(s.body)}".lower()
    }
    assert saying == ONE_SIGN_SLIDES
    lessons = {lesson.id: lesson for lesson in _default().lessons}
    lesson_id, index = ONE_SIGN_CARD
    assert ONE_SIGN in _en(lessons[lesson_id].cards[index].body).lower()


def test_every_sign_slide_and_card_weighs_signs_together() -> None:
    for slide in _default().slides:
        if slide.id in SIGN_SLIDES:
            assert TOGETHER.search(f"{_en(slide.headline)} {_en(slide.body)}".lower()), slide.id
    lessons = {lesson.id: lesson for lesson in _default().lessons}
    for lesson_id, index in SIGN_CARDS:
        assert TOGETHER.search(_en(lessons[lesson_id].cards[index].body).lower()), index


def _shown_texts():
    """Every text the pack shows, with where it is shown."""
    p = _default()
    for slide in p.slides:
        yield slide.id, _en(slide.headline)
        yield slide.id, _en(slide.body)
    for lesson in p.lessons:
        yield lesson.id, _en(lesson.title)
        for i, card in enumerate(lesson.cards):
            yield f"{lesson.id}/card-{i + 1}", _en(card.headline)
            yield f"{lesson.id}/card-{i + 1}", _en(card.body)
        for q, question in enumerate(lesson.questions):
            yield f"{lesson.id}/question-{q + 1}", _en(question.prompt)
            for choice in question.choices:
                yield f"{lesson.id}/question-{q + 1}", _en(choice.text)
                yield f"{lesson.id}/question-{q + 1}", _en(choice.why)


def test_no_text_suggests_judging_by_race_looks_language_or_clothes() -> None:
    words = re.compile(r"\b(race|racial|looks|language|accent|clothes|outfit|ethnic\w*)\b", re.I)
    for where, text in _shown_texts():
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if words.search(sentence):
                # The only place for these words: telling people never to judge by them.
                assert sentence.lower().startswith("never judge by"), (where, sentence)


def test_no_agency_on_the_child_in_the_exchange() -> None:
    for where, text in _shown_texts():
        assert not re.search(r"\b(trades?|sells?|selling) sex\b", text, re.I), (where, text)


def test_prostitute_is_never_on_screen_in_large_type() -> None:
    """Named once, quoted, in a card's body text to teach against it; never a tappable answer."""
    for slide in _default().slides:
        assert "prostitut" not in f"{_en(slide.headline)} {_en(slide.body)}".lower(), slide.id
    named = []
    for lesson in _default().lessons:
        assert "prostitut" not in _en(lesson.title).lower()
        for card in lesson.cards:
            assert "prostitut" not in _en(card.headline).lower()
            if "prostitut" in _en(card.body).lower():
                named.append(_en(card.body))
        for question in lesson.questions:
            assert "prostitut" not in _en(question.prompt).lower()
            for choice in question.choices:
                assert "prostitut" not in _en(choice.text).lower()
                assert "prostitut" not in _en(choice.why).lower()
    assert len(named) == 1
    assert "“child victim”" in named[0].lower()


def test_feedback_does_not_repeat_the_verdict_the_kiosk_shows() -> None:
    # The question screen already says "Right." / "Not quite." and "The right answer: …".
    for where, text in _shown_texts():
        if "/question-" in where:
            assert not re.match(r"(right|not quite|no)[.:,]", text, re.I), (where, text)
            assert "the right answer:" not in text.lower(), (where, text)


def test_truck_to_truck_is_a_crime_happening_now() -> None:
    slide = next(s for s in _default().slides if s.id == "rest-stop-lot")
    text = f"{_en(slide.headline)} {_en(slide.body)}"
    assert "truck to truck" in text
    assert "911" in text
    assert "manager on duty" in text
    assert "approach" in text


def test_each_pictogram_stands_for_one_idea() -> None:
    p = _default()
    slide_images: dict[str, str] = {}
    for slide in p.slides:
        assert slide.image, slide.id
        assert slide.image not in slide_images, (slide.id, slide_images.get(slide.image))
        slide_images[slide.image] = slide.id
    lesson_images: dict[str, object] = {}
    for lesson in p.lessons:
        places = [(lesson.icon, (lesson.id, "icon"))]
        places += [(card.image, (lesson.id, i)) for i, card in enumerate(lesson.cards)]
        for image, place in places:
            assert image, place
            assert image not in lesson_images, (place, lesson_images.get(image))
            lesson_images[image] = place
            if image in slide_images:
                assert (slide_images[image], *place) in SAME_IDEA, (image, place)


def test_pictograms_are_flat_and_safe() -> None:
    root = paths.default_pack_dir()
    for svg in sorted((root / "images").glob("*.svg")):
        text = svg.read_text()
        assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256"')
        for banned in ("<script", "<!DOCTYPE", "<!ENTITY", "href", "<image", "url("):
            assert banned.lower() not in text.lower(), (svg.name, banned)
        widths = set(re.findall(r'stroke-width="([0-9.]+)"', text))
        assert widths <= {"8"}, (svg.name, widths)


# What a parent with a shy child also does: holds the tickets and ID, answers for the child.
# Listed as a sign, it makes every family a suspect; a text may name it only to say it is ordinary.
ORDINARY_FAMILY = re.compile(
    r"holds? (?:her|his|the child\u2019s|the child's) (?:ticket|id)"
    r"|answers? (?:every question )?for (?:her|him|them|the child)"
    r"|lets? others speak"
)


def test_no_sign_or_scenario_is_what_an_ordinary_family_does() -> None:
    for where, text in _shown_texts():
        for sentence in re.split(r"(?<=[.!?:;])\s+", text):
            if ORDINARY_FAMILY.search(sentence.lower()):
                assert "ordinary" in sentence.lower(), (where, sentence)


def _question(lesson_id: str, words: str) -> Question:
    lesson = next(lesson for lesson in _default().lessons if lesson.id == lesson_id)
    return next(q for q in lesson.questions if words in _en(q.prompt))


def test_the_bus_station_scenario_carries_signs_a_family_does_not_show() -> None:
    prompt = _en(_question("signs", "bus station").prompt).lower()
    assert "frightened" in prompt  # fear of the man, not shyness
    # A relative's story she contradicts.
    assert "uncle" in prompt
    assert "another name" in prompt


def reasoned_texts(lang: str) -> Iterator[tuple[str, str]]:
    """Texts that give reasons: a slide (headline and body together), a card, a prompt, a why.

    A choice's own text is a short answer: its why gives the reason.
    """
    p = _default()
    for slide in p.slides:
        yield slide.id, f"{slide.headline.get(lang)} {slide.body.get(lang)}"
    for lesson in p.lessons:
        for i, card in enumerate(lesson.cards):
            yield f"{lesson.id}/card-{i + 1}", card.body.get(lang)
        for q, question in enumerate(lesson.questions):
            yield f"{lesson.id}/question-{q + 1}", question.prompt.get(lang)
            for choice in question.choices:
                yield f"{lesson.id}/question-{q + 1}", choice.why.get(lang)


def test_911_is_for_danger_or_a_crime_happening_now_everywhere() -> None:
    """The brief's one rule: 911 when someone is in danger or a crime is happening now."""
    for where, text in reasoned_texts("en"):
        if "911" in text:
            assert re.search(r"crime (?:is )?happening now", text), (where, text)
    # A minor going truck to truck is such a crime: the rest-area question says 911 like the slide.
    question = _question("respond", "rest area")
    assert "truck to the next" in _en(question.prompt)
    right = next(c for c in question.choices if c.correct)
    assert "911" in _en(right.text)
    assert "crime is happening now" in _en(right.why)
    assert "otherwise" not in _en(right.why)


def test_the_publisher_has_one_name_and_review_is_for_staff() -> None:
    p = _default()
    assert p.publisher is not None
    names = {p.publisher.name.get(lang) for lang in p.languages}
    assert names == {"Awareness kiosk project"}
    # Not for every passer-by: the staff panel shows the pack's review status.
    assert p.review_status == "awaiting-review"


def test_every_shown_text_uses_typographic_quotes() -> None:
    p = _default()
    texts = [("title", p.title)]
    texts += [(f"hotline {h.number}", h.label) for h in p.hotlines]
    texts += [(f"organisation {o.key}", o.name) for o in p.organisations]
    texts += [(f"link {k}", link.label) for k, link in p.links.items()]
    for slide in p.slides:
        texts += [(slide.id, slide.headline), (slide.id, slide.body)]
    for lesson in p.lessons:
        texts.append((lesson.id, lesson.title))
        for card in lesson.cards:
            texts += [(lesson.id, card.headline), (lesson.id, card.body)]
        for question in lesson.questions:
            texts.append((lesson.id, question.prompt))
            for choice in question.choices:
                texts += [(lesson.id, choice.text), (lesson.id, choice.why)]
    for where, text in texts:
        for lang in p.languages:
            shown = text.get(lang)
            assert '"' not in shown, (where, lang, shown)
            assert "'" not in shown, (where, lang, shown)
            # Spanish quotes with « », English with \u201c \u201d: one style per language.
            if lang == "es":
                assert not re.search("[\u201c\u201d]", shown), (where, shown)
            else:
                assert not re.search("[«»]", shown), (where, shown)
