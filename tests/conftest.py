"""Shared test helpers: where the contract lives, and linting a file the way a user would."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from planlint.catalog import load_catalog
from planlint.engine import RuleTable, lint_document
from planlint.reader import read_bytes

ROOT = Path(__file__).resolve().parents[1]
EXPECT = re.compile(r"#.*?expect:\s*((?:PL\d{3}\s*)+)")


def shared_dir() -> Path:
    """The contract, seeds, reviewer's labels and schemas the tests read: $PLANLINT_SHARED when set (to
    test against a newer copy of the project's shared folder), else the copy kept in tests/data/shared,
    so that a plain clone is enough."""
    env = os.environ.get("PLANLINT_SHARED")
    if env:
        return Path(env)
    return ROOT / "tests" / "data" / "shared"


def sarif_schema() -> dict:
    import json

    path = shared_dir() / "schemas" / "sarif-schema-2.1.0.json"
    if not path.is_file():
        pytest.skip(f"the SARIF schema is not at {path} (set PLANLINT_SHARED)")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def shared() -> Path:
    folder = shared_dir()
    if not (folder / "spec").is_dir():
        pytest.skip(f"the shared contract folder is not at {folder} (set PLANLINT_SHARED)")
    return folder


def expectations(text: str) -> set[tuple[str, int]]:
    """(code, line) pairs named by `# expect: PLxxx` comments."""
    found: set[tuple[str, int]] = set()
    for number, line in enumerate(text.splitlines(), 1):
        match = EXPECT.search(line)
        if match:
            found.update((code, number) for code in match.group(1).split())
    return found


def lint_text(
    text: str | bytes, filename: str = "test.plan.yaml", *, today: dt.date = dt.date(2024, 1, 17), **selection
):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    catalog = load_catalog()
    table = RuleTable.build(catalog, **selection)
    return lint_document(read_bytes(raw, filename), table, today=today, catalog=catalog)


def codes(findings) -> set[tuple[str, int]]:
    return {(f.code, f.line) for f in findings}
