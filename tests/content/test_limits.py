"""kiosk.content.limits is a leaf: every module takes its numbers, it takes nothing of theirs."""

from __future__ import annotations

import ast
from pathlib import Path

from kiosk.content import limits


def test_limits_imports_nothing_of_the_kiosk() -> None:
    tree = ast.parse(Path(limits.__file__).read_text(encoding="utf-8"))
    imported = [
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert imported == ["__future__"]
