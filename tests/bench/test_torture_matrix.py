"""The torture pack on every lesson screen at every size, in every language and both modes.

Too slow for make test (12 runs of about 10 s); tests/render/test_snapshot_torture.py runs the
hardest two there. Not a timing: a check that belongs with the long runs of make bench.
"""

from __future__ import annotations

import itertools

import pytest

from tests.torture import SIZES, load_torture, problems, render

pytestmark = pytest.mark.bench


@pytest.mark.parametrize(
    ("size", "language", "accessible"),
    list(itertools.product(SIZES, ("en", "es"), (False, True))),
    ids=lambda v: "x".join(map(str, v)) if isinstance(v, tuple) else str(v),
)
def test_every_lesson_screen_shows_every_word(
    qapp, size: tuple[int, int], language: str, accessible: bool
) -> None:
    pack = load_torture()
    assert problems(pack, render(pack, size, language, accessible), language) == []
