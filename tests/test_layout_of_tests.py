"""The tests mirror the package: a module's tests are found by its name.

``kiosk/<room>/<module>.py`` is tested in ``tests/<room>/test_<module>.py`` (or
``test_<module>_<topic>.py``), or named in docs/architecture.md's "Modules tested elsewhere" with
the file that tests it. A test file lies in a folder that mirrors a package, or in one of the few
folders outside the mirror.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests import REPO_DIR, TESTS_DIR

PACKAGE = REPO_DIR / "kiosk"
ARCHITECTURE = REPO_DIR / "docs" / "architecture.md"
# Outside the mirror: the real process, make bench, and the QML files' tests beside kiosk/ui.
OTHER_FOLDERS = {TESTS_DIR / "e2e", TESTS_DIR / "bench", TESTS_DIR / "ui" / "qml"}


def _has_code(module: Path) -> bool:
    """A function or class of its own (not only a docstring, imports or a version string)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    kinds = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    return any(isinstance(node, kinds) for node in tree.body)


def _modules() -> list[Path]:
    return [
        module
        for module in sorted(PACKAGE.rglob("*.py"))
        if module.name != "__init__.py" or _has_code(module)
    ]


def _named_tests(module: Path) -> list[Path]:
    folder = TESTS_DIR / module.parent.relative_to(PACKAGE)
    name = module.stem
    return [*folder.glob(f"test_{name}.py"), *folder.glob(f"test_{name}_*.py")]


def _tested_elsewhere() -> dict[str, list[str]]:
    """docs/architecture.md's table: module → the test files its row names."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("### Modules tested elsewhere", 1)[1].split("\n#", 1)[0]
    rows: dict[str, list[str]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`kiosk/"):
            rows[cells[0].strip("`")] = re.findall(r"`(tests/[^`]+\.py)`", line)
    return rows


def test_every_module_has_a_test_file_of_its_name_or_a_line_saying_which_test_covers_it() -> None:
    elsewhere = _tested_elsewhere()
    unfound = [
        str(module.relative_to(REPO_DIR))
        for module in _modules()
        if not _named_tests(module) and str(module.relative_to(REPO_DIR)) not in elsewhere
    ]
    assert unfound == [], "add tests/<room>/test_<module>.py, or a row in docs/architecture.md"


def test_the_tests_named_in_the_table_exist_and_the_modules_lack_a_file_of_their_own() -> None:
    elsewhere = _tested_elsewhere()
    assert elsewhere, "the table in docs/architecture.md was not found"
    for module, tests in elsewhere.items():
        assert (REPO_DIR / module).is_file(), f"{module} is gone: remove its row"
        assert tests, f"{module}: its row names no test file"
        for test in tests:
            assert (REPO_DIR / test).is_file(), f"{module}: {test} does not exist"
        assert not _named_tests(REPO_DIR / module), f"{module} has its own test file now"


def test_every_test_file_lies_in_a_folder_that_mirrors_a_package() -> None:
    misplaced = []
    for test in sorted(TESTS_DIR.rglob("test_*.py")):
        folder = test.parent
        if any(folder == other or folder.is_relative_to(other) for other in OTHER_FOLDERS):
            continue
        if not (PACKAGE / folder.relative_to(TESTS_DIR)).is_dir():
            misplaced.append(str(test.relative_to(REPO_DIR)))
    assert misplaced == [], "tests/<room>/ mirrors kiosk/<room>/ (docs/architecture.md)"


def test_every_test_folder_is_a_package() -> None:
    """Tests import as packages: two rooms may each have a test_access.py."""
    folders = {test.parent for test in TESTS_DIR.rglob("test_*.py")}
    assert [f for f in sorted(folders) if not (f / "__init__.py").is_file()] == []
