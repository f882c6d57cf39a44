"""PL401-PL408 beyond their fixtures (tests/test_fixtures.py runs those): options, settings, messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import shared_dir
from planlint.catalog import load_catalog
from planlint.engine import RuleTable
from planlint.pipeline import lint_file

HERE = Path(__file__).parent
EXAMPLES = shared_dir() / "spec" / "examples"
TODAY = dt.date(2030, 1, 1)  # every fixture sets plan.submitted; this must not be used


def test_horizon_is_a_rule_option() -> None:
    path = HERE / "fixtures" / "PL405-date-too-far" / "fail.plan.yaml"
    table = RuleTable.build(load_catalog(), options={"PL405": {"horizon-months": 60}})
    _, findings, _ = lint_file(str(path), table, TODAY)
    assert [f for f in findings if f.code == "PL405"] == []


def test_quarters_setting_changes_what_a_calendar_year_quarter_means(tmp_path: Path) -> None:
    plan = tmp_path / "q.plan.yaml"
    plan.write_text(
        (HERE / "fixtures" / "PL404-date-overdue" / "pass.plan.yaml")
        .read_text()
        .replace("target_date: January 2024", "target_date: Q4 2023"),
        encoding="utf-8",
    )
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
