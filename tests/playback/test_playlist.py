"""Venue + pack → the slide sequence."""

from pathlib import Path

from kiosk.content.model import Localized, Pack, Slide
from kiosk.playback.playlist import Playlist, interleave, slides_for_venue


def slide(id_: str, *venues: str) -> Slide:
    text = Localized({"en": id_})
    return Slide(id_, venues, 10, text, text, None, "training")


def make_pack(*slides: Slide) -> Pack:
    t = Localized({"en": "t"})
    return Pack("p", "1", ("en",), t, "draft", None, (), {}, slides, (), Path())


PACK = make_pack(
    slide("g1", "any"),
    slide("t1", "transit"),
    slide("h1", "hotel"),
    slide("t2", "transit"),
    slide("g2", "any"),
    slide("th", "transit", "hotel"),
)


def ids(slides) -> list[str]:
    return [s.id for s in slides]


def test_a_venue_plays_its_own_and_the_general_slides() -> None:
    assert ids(slides_for_venue(PACK, "transit")) == ["g1", "t1", "t2", "g2", "th"]
    assert ids(slides_for_venue(PACK, "hotel")) == ["g1", "h1", "g2", "th"]


def test_no_venue_plays_everything() -> None:
    assert ids(slides_for_venue(PACK, None)) == ids(PACK.slides)


def test_a_venue_without_slides_of_its_own_shows_the_general_ones() -> None:
    assert ids(slides_for_venue(PACK, "retail")) == ["g1", "g2"]


def test_never_empty_even_without_general_slides() -> None:
    only = make_pack(slide("t1", "transit"))
    assert ids(slides_for_venue(only, "hotel")) == ["t1"]


def test_interleave_alternates_venue_and_general() -> None:
    assert ids(interleave(slides_for_venue(PACK, "transit"))) == ["t1", "g1", "t2", "g2", "th"]


def test_playlist_loops_and_peeks_ahead() -> None:
    playlist = Playlist.for_pack(PACK, "hotel", seconds_override=5)
    seen = [playlist.current.id]
    assert playlist.upcoming.id == "g1"
    for _ in range(4):
        seen.append(playlist.advance().id)
    assert seen == ["h1", "g1", "th", "g2", "h1"]
    assert playlist.seconds(playlist.current) == 5


def test_a_range_of_seconds_draws_each_slide_within_it_and_repeats_per_run() -> None:
    first = Playlist.for_pack(PACK, None, seconds_override=(0.05, 0.2))
    second = Playlist.for_pack(PACK, None, seconds_override=(0.05, 0.2))
    drawn = [first.seconds(first.advance()) for _ in range(50)]
    assert all(0.05 <= s <= 0.2 for s in drawn)
    assert len(set(drawn)) > 40  # really drawn, not one value
    assert drawn == [second.seconds(second.advance()) for _ in range(50)]
