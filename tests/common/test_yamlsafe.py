"""The strict YAML reader: line numbers kept, dangerous YAML refused."""

import pytest

from kiosk.common.problems import PackError
from kiosk.common.yamlsafe import MAX_DEPTH, read_yaml


def problem_of(raw: bytes) -> str:
    with pytest.raises(PackError) as caught:
        read_yaml(raw, "pack.yaml")
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_keeps_the_line_of_every_key() -> None:
    doc = read_yaml(b"id: x\nslides:\n  - id: a\n    body: {en: hi}\n", "pack.yaml")
    assert doc.data == {"id": "x", "slides": [{"id": "a", "body": {"en": "hi"}}]}
    assert doc.line(("slides", 0, "body", "en")) == 4
    assert doc.line(("slides", 0, "missing")) == 3  # nearest ancestor


def test_versions_stay_text() -> None:
    assert read_yaml(b"version: 2026.11.0\n", "p").data == {"version": "2026.11.0"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: &x [1]\nb: *x\n", "pack.yaml:1: YAML anchors"),
        (b"a: !!python/object/apply:os.system [ls]\n", "pack.yaml:1: YAML tags"),
        (b"a: !custom x\n", "YAML tags"),
        (b"a: 1\nb: 2\na: 3\n", "pack.yaml:3: key 'a' appears twice"),
        (b"a: [1, 2\nb: 3\n", "not valid YAML"),
        (b"ok: 1\nbad: \xff\xfe\n", "pack.yaml:2: file is not valid UTF-8 text"),
        (b"x: " + b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), f"more than {MAX_DEPTH}"),
        (b"a: 1\n---\nb: 2\n", "not valid YAML"),
        (b"1: one\n", "keys must be text"),
        # Review finding: an impossible date as a key raised a bare ValueError.
        (b"2001-02-30: 1\n", "pack.yaml:1: the key '2001-02-30' cannot be read"),
        (b"a:\n  b: 1\n  2001-02-03 25:00:00: x\n", "pack.yaml:3: a: the key"),
        (b"? [a]\n: 1\n", "keys must be text"),
    ],
)
def test_refuses(raw: bytes, expected: str) -> None:
    assert expected in problem_of(raw)


def test_billion_laughs_is_refused_before_expansion() -> None:
    lines = [b'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9).encode()
        lines.append(b"a%d: &a%d [" % (i, i) + refs + b"]")
    assert "anchors" in problem_of(b"\n".join(lines))


def test_oversized_file_is_refused() -> None:
    assert "limit is 1,000,000" in problem_of(b"a: " + b"x" * 1_000_001)
