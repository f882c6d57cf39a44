"""PL401-PL408 on their fixtures and on the contract examples, read through `# expect:` comments."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import shared_dir
from planlint.catalog import load_catalog
from planlint.engine import RuleTable
from planlint.runner import lint_file

HERE = Path(__file__).parent
FIXTURES = sorted((HERE / "fixtures").glob("PL4*"))
EXAMPLES = shared_dir() / "spec" / "examples"
EXPECT = re.compile(r"#\s*expect:\s*((?:PL\d{3}\s*)+)")
TODAY = dt.date(2030, 1, 1)  # every fixture sets plan.submitted; this must not be used


def expected(path: Path, family: str = "PL4") -> set[tuple[int, str]]:
    out = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        found = EXPECT.search(line)
        if found:
            out |= {(number, code) for code in found.group(1).split() if code.startswith(family)}
    return out


def found(path: Path, family: str = "PL4") -> set[tuple[int, str]]:
    table = RuleTable.build(load_catalog())
    _, findings, _ = lint_file(str(path), table, TODAY)
    return {(f.line, f.code) for f in findings if f.code.startswith(family)}


@pytest.mark.parametrize("folder", FIXTURES, ids=lambda p: p.name)
def test_fail_fixture_gives_exactly_the_expected_findings_of_its_rule(folder: Path) -> None:
    code = folder.name[:5]
    fail = folder / "fail.plan.yaml"
    assert {x for x in found(fail, code)} == expected(fail, code)
    assert expected(fail, code), "a fail fixture must expect at least one finding"


@pytest.mark.parametrize("folder", FIXTURES, ids=lambda p: p.name)
def test_pass_fixture_gives_no_finding_of_its_rule(folder: Path) -> None:
    assert found(folder / "pass.plan.yaml", folder.name[:5]) == set()


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="the shared spec examples are not on this machine")
def test_defects_example_meets_its_pl4_expectations_exactly() -> None:
    path = EXAMPLES / "defects.plan.yaml"
    assert found(path) == expected(path)


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="the shared spec examples are not on this machine")
def test_clean_example_gives_no_date_finding() -> None:
    assert found(EXAMPLES / "clean.plan.yaml") == set()


def test_horizon_is_a_rule_option() -> None:
    path = HERE / "fixtures" / "PL405-date-too-far" / "fail.plan.yaml"
    table = RuleTable.build(load_catalog(), options={"PL405": {"horizon-months": 60}})
    _, findings, _ = lint_file(str(path), table, TODAY)
    assert [f for f in findings if f.code == "PL405"] == []


def test_quarters_setting_changes_what_a_calendar_year_quarter_means(tmp_path: Path) -> None:
    plan = tmp_path / "q.plan.yaml"
    plan.write_text((HERE / "fixtures" / "PL404-date-overdue" / "pass.plan.yaml").read_text()
                    .replace("target_date: January 2024", "target_date: Q4 2023"), encoding="utf-8")
    financial = RuleTable.build(load_catalog())
    calendar = RuleTable.build(load_catalog(), settings={"quarters": "calendar"})
    # Financial: Q4 2023 is January-March 2024, not overdue; calendar: October-December 2023, overdue.
    assert not [f for f in lint_file(str(plan), financial, TODAY)[1] if f.code == "PL404"]
    assert [f.line for f in lint_file(str(plan), calendar, TODAY)[1] if f.code == "PL404"] == [12]


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="the shared spec examples are not on this machine")
def test_messages_say_how_the_date_was_read() -> None:
    table = RuleTable.build(load_catalog())
    _, findings, _ = lint_file(str(EXAMPLES / "defects.plan.yaml"), table, TODAY)
    messages = {f.code: f.message for f in findings}
    assert "read 'November 2023' as 30 November 2023" in messages["PL404"]
    assert "17 January 2024" in messages["PL404"]
    assert "read 'Q3' as a quarter with no year" in messages["PL407"]
