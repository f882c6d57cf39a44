"""Per-rule fixtures: tests/fixtures/<CODE>-<name>/*.plan.yaml, their `# expect:` comments the oracle.

Files an importer reads (.txt, .md), which have no comment syntax of their own,
carry their expectations beside them: `fail.txt.expect` with lines `PL005 9`.

Each file runs with the default rules plus the folder's rule; the (code, line)
pairs of that rule's findings must be exactly the ones its comments name.
Other rules' findings are their own folders' business.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import expectations
from planlint.catalog import load_catalog
from planlint.engine import RuleTable
from planlint.pipeline import lint_file

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CATALOG = load_catalog()
AS_OF = dt.date(2030, 1, 1)  # every fixture sets plan.submitted, so this date must not matter
FOLDERS = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and re.match(r"PL\d{3}-", p.name))
IMPORTED = (".txt", ".md")


def _files(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.plan.yaml"), *(p for p in folder.iterdir() if p.suffix in IMPORTED)])


def _expected(path: Path) -> set[tuple[str, int]]:
    if path.suffix in IMPORTED:
        sidecar = path.with_name(path.name + ".expect")
        assert sidecar.is_file(), f"{path.name} needs {sidecar.name} (lines such as 'PL005 9')"
        return {
            (code, int(line)) for code, line in (row.split() for row in sidecar.read_text().splitlines() if row.strip())
        }
    return expectations(path.read_bytes().decode("utf-8", "replace"))  # a fixture may hold non-UTF-8 bytes


FILES = [(folder, f) for folder in FOLDERS for f in _files(folder)]


def _code(folder: Path) -> str:
    return folder.name.split("-", 1)[0]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_folder_names_a_catalogued_rule(folder):
    code, name = folder.name.split("-", 1)
    rule = CATALOG.by_code.get(code)
    assert rule is not None, f"{folder.name}: no rule {code} in the catalogue"
    assert rule.name == name, f"{folder.name}: {code} is named {rule.name}"
    assert _files(folder), f"{folder.name} holds no fixture"


@pytest.mark.parametrize("folder,path", FILES, ids=lambda v: v.name if isinstance(v, Path) else None)
def test_fixture_findings_match_expect_comments(folder, path):
    code = _code(folder)
    expected = {(c, line) for c, line in _expected(path) if c == code}
    # The user's path through planlint: reader, engine and suppression comments.
    table = RuleTable.build(CATALOG, extend_select=[code])
    _, findings, _ = lint_file(str(path), table, AS_OF)
    actual = {(f.code, f.line) for f in findings if f.code == code}
    messages = [f"{f.line}: {f.message}" for f in findings if f.code == code]
    assert actual == expected, "\n".join(messages)


def test_every_rule_is_checked_by_a_check_or_the_reading():
    # One rule = one metadata entry + one check (or a reading problem the loaders report) + fixtures.
    from planlint.catalog import LOADER_RULES, checks

    assert [r.code for r in CATALOG.rules if r.code not in LOADER_RULES and r.name not in checks()] == []


@pytest.mark.parametrize("rule", CATALOG.rules, ids=lambda r: r.code)
def test_every_rule_has_a_failing_and_a_passing_fixture(rule):
    folder = FIXTURES / f"{rule.code}-{rule.name}"
    assert folder.is_dir(), f"no fixture folder {folder.name}"
    kinds = {any(c == rule.code for c, _ in _expected(f)) for f in _files(folder)}
    assert kinds == {True, False}, f"{folder.name} needs a file that fails and one that passes"
