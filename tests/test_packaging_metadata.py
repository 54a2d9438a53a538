"""pyproject.toml's licence metadata is the form setuptools reads without a deprecation warning.

setuptools 77 and later warn on every `make install` (three times) about `license = {text = …}`;
PEP 639's SPDX string and `license-files` are what they want, from 77 on.
"""

from __future__ import annotations

import re
import tomllib

from tests import REPO_DIR

ROOT = REPO_DIR


def pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_licence_is_an_spdx_string_with_its_text_in_the_wheel() -> None:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    assert project["license"] == "Apache-2.0"  # a string, not the deprecated table
    files = project["license-files"]
    assert files == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text
    assert "Version 2.0, January 2004" in text
    # PEP 639 forbids the old classifier beside an SPDX expression.
    assert not any("License ::" in c for c in project.get("classifiers", []))


def test_the_build_asks_for_a_setuptools_that_reads_it() -> None:
    system = pyproject()["build-system"]
    assert isinstance(system, dict)
    floors = [
        tuple(int(n) for n in match.group(1).split("."))
        for req in system["requires"]
        if (match := re.fullmatch(r"setuptools\s*>=\s*([\d.]+)", req))
    ]
    assert floors, system["requires"]
    assert floors[0] >= (77,)
