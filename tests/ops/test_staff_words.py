"""The one table of staff sentences: every kind the code says has words, filled safely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.common.message import Message
from kiosk.ops import staff_words
from kiosk.ops.staff_words import WORDS, Wording, wait, word

KIOSK = Path(staff_words.__file__).resolve().parents[1]
# Message.of("kind", …) and Message.of(kind + "Untitled") as the code writes them.
_SAID = re.compile(r"Message\.of\(\s*\"([a-zA-Z]+)\"")


def _kinds_in_the_code() -> set[str]:
    kinds = set()
    for source in KIOSK.rglob("*.py"):
        kinds |= set(_SAID.findall(source.read_text(encoding="utf-8")))
    return kinds


def test_every_kind_the_code_says_has_words() -> None:
    said = _kinds_in_the_code()
    assert len(said) > 60  # the scan found the messages
    assert said <= set(WORDS), sorted(said - set(WORDS))


def test_every_placeholder_is_an_argument_the_code_can_give() -> None:
    for kind, template in WORDS.items():
        for name in re.findall(r"\{(\w+)\}", template):
            assert re.fullmatch(r"[a-z][a-zA-Z]*", name), (kind, name)


def test_english_by_default_with_numbers_and_messages_inside() -> None:
    reason = Message.of("untrustedKey", keyId="a1b2c3d4e5f6a7b8")
    refused = Message.of("refused", pack="acme 2.0.0", reason=reason)
    assert word(refused) == (
        "acme 2.0.0 was not installed: it is signed by key a1b2c3d4e5f6a7b8, which this kiosk "
        "does not trust. If its publisher gave you that key, use Trust… on its .pub file below."
    )
    assert word(Message.of("memory", mb=4096)) == "Memory: 4,096 MB"
    assert word(Message.of("disk", gb=12.25)) == "Disk free: 12.2 GB"


def test_a_wait_reads_as_people_say_it() -> None:
    assert word(wait(287)) == "4 min 47 s"
    assert word(wait(29.2)) == "30 s"
    assert word(wait(60)) == "1 min 0 s"
    assert word(Message.of("pinLocked", wait=wait(287))) == (
        "Too many wrong PINs. Try again in 4 min 47 s."
    )


def test_names_from_outside_are_cleaned_and_never_fill_a_placeholder() -> None:
    hostile = "evil\n{keyId}\u202e" + "x" * 400
    text = word(Message.of("trusted", name=hostile, keyId="a1b2"))
    assert "\n" not in text
    assert "\u202e" not in text
    assert "{keyId}" in text  # the name's own braces, as text: one pass only
    assert text.count("a1b2") == 1
    assert len(text) < 250  # the name is cut to one bounded line
    # A right-to-left name sits in an isolate, so it cannot reorder the sentence around it.
    key = "\u0645\u0641\u062a\u0627\u062d"  # Arabic for "key"
    arabic = word(Message.of("trusted", name=key, keyId="a1b2"))
    assert f"\u2068{key}\u2069" in arabic


def test_an_unknown_kind_or_a_missing_argument_never_raises() -> None:
    assert word(Message("fromANewerKiosk")) == WORDS["unknown"]
    assert word(Message.of("installed")) == "Installed : it shows from the next slide."


def test_a_translation_and_a_locale_apply_to_every_part() -> None:
    spanish = {
        WORDS["refused"]: "{pack} no se instaló: {reason}",
        WORDS["diskFull"]: "el disco del quiosco está lleno",
    }
    wording = Wording(translate=lambda t: spanish.get(t, t), number=lambda n: f"<{n}>")
    refused = Message.of("refused", pack="acme 2.0", reason=Message.of("diskFull"))
    assert word(refused, wording) == "acme 2.0 no se instaló: el disco del quiosco está lleno"
    assert word(Message.of("memory", mb=5), wording) == "Memory: <5> MB"


@pytest.mark.parametrize(
    "data",
    [
        None,
        "installed",
        {"kind": "in stalled"},
        {"kind": "x", "args": {"a b": "c"}},
        {"kind": "x", "args": {"flag": True}},
        {"kind": "x", "args": {f"a{n}": n for n in range(9)}},
    ],
)
def test_a_record_that_is_no_message_reads_as_none(data: object) -> None:
    assert Message.from_json(data) is None


def test_a_record_nests_messages_at_most_three_deep() -> None:
    def nested(depth: int) -> dict[str, object]:
        inner: dict[str, object] = {"kind": "last", "args": {}}
        for _ in range(depth):
            inner = {"kind": "outer", "args": {"reason": inner}}
        return inner

    assert Message.from_json(nested(3)) is not None
    assert Message.from_json(nested(4)) is None


def test_a_message_survives_its_record() -> None:
    said = Message.of("refused", pack="acme 2.0", reason=Message.of("tooLarge"), count=3)
    assert Message.from_json(said.to_json()) == said
    long = Message.from_json({"kind": "x", "args": {"a": "y" * 5_000}})
    assert long is not None
    assert len(str(long.get("a"))) == 1_000
