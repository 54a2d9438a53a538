"""The kiosk's tests: tests/<room>/test_<module>.py mirrors kiosk/<room>/<module>.py."""

from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
FIXTURES_DIR = TESTS_DIR / "fixtures"
REPO_DIR = TESTS_DIR.parent
