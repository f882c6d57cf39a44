"""Wording rules (PL109, PL5xx, PL604) as a user sees them: codes, lines, columns and messages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import shared_dir
from planlint.catalog import load_catalog
from planlint.document import load_yaml
from planlint.engine import RuleTable, lint_document

ROOT = Path(__file__).resolve().parent
SPEC = shared_dir() / "spec" / "examples"
WORDING = ("PL109", "PL501", "PL502", "PL503", "PL504", "PL505", "PL506", "PL604")
EXPECT_RE = re.compile(r"#\s*expect:\s*((?:PL\d{3}[\s,]*)+)")
TODAY = dt.date(2024, 6, 1)


def lint(text: str, select=WORDING, options=None, words=None):
    catalog = load_catalog()
    table = RuleTable.build(catalog, select=list(select), options=options, words=words)
    return [
        f for f in lint_document(load_yaml(text, "plan.yaml"), table, today=TODAY, catalog=catalog) if f.code in select
    ]


def expected(text: str, codes=WORDING) -> set[tuple[str, int]]:
    out = set()
    for number, line in enumerate(text.splitlines(), 1):
        found = EXPECT_RE.search(line)
        if found:
            out |= {(code, number) for code in re.findall(r"PL\d{3}", found.group(1)) if code in codes}
    return out


def plan(
    actions: str,
    rec_text: str = "Improve the quality of case work audits in every team.",
    category: str = "Agreed",
    extra: str = "",
) -> str:
    return (
        f"plan:\n  title: Action Plan\n  submitted: 2024-06-01\nrecommendations:\n  - id: 1\n"
        f"    text: {rec_text}\n    category: {category}\n{extra}    actions:\n{actions}"
    )


FIXTURES = sorted(p for code in WORDING for p in (ROOT / "fixtures").glob(f"{code}-*/*.plan.yaml"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_expectations(path):
    text = path.read_text(encoding="utf-8")
    got = {(f.code, f.line) for f in lint(text)}
    assert got == expected(text)
    if path.name.startswith("fail"):
        assert got, "a fail fixture must produce findings"


@pytest.mark.parametrize("name", ["defects.plan.yaml", "clean.plan.yaml"])
def test_spec_examples(name):
    if not (SPEC / name).is_file():
        pytest.skip("the shared contract folder is not on this machine (set PLANLINT_SHARED)")
    text = (SPEC / name).read_text(encoding="utf-8")
    assert {(f.code, f.line) for f in lint(text)} == expected(text)


def test_phrase_inside_a_block_scalar_is_located_exactly():
    text = plan(
        "      - text: |\n          Publish the quarterly audit report\n"
        "          for teams where\n          possible.\n        owner: Head of Operations\n"
        "        target_date: March 2025\n"
    )
    (finding,) = lint(text, select=("PL501",))
    assert (finding.span.line, finding.span.column) == (11, 21)
    assert (finding.span.end_line, finding.span.end_column) == (12, 19)
    assert "'where possible'" in finding.message


def test_message_quotes_the_phrase_and_suggests_instead():
    (finding,) = lint(plan("      - text: Publish the audit report in due course.\n"), select=("PL501",))
    assert finding.message == ("'in due course' leaves the action open to being skipped or stretched: give a date")


def test_max_words_is_an_option():
    text = plan("      - text: Publish the quarterly case work audit report for every team in the region.\n")
    assert lint(text, select=("PL505",)) == []
    (finding,) = lint(text, select=("PL505",), options={"PL505": {"max-words": 10}})
    assert "13 words" in finding.message and "more than 10" in finding.message


def test_word_lists_extend_by_adding_items():
    text = plan("      - text: Publish the case work audit report at pace.\n")
    assert lint(text, select=("PL501",)) == []
    words = dict(load_catalog().words)
    words["vague-phrases"] = list(words["vague-phrases"]) + [{"phrase": "at pace", "instead": "give a date"}]
    (finding,) = lint(text, select=("PL501",), words=words)
    assert "'at pace'" in finding.message


def test_not_committal_may_the_month():
    text = plan("      - text: Publish the case work audit report in May 2025.\n")
    assert lint(text, select=("PL502",)) == []


def test_caveat_only_for_agreed():
    action = "      - text: Refurbish two offices, subject to funding.\n"
    assert [f.code for f in lint(plan(action), select=("PL109",))] == ["PL109"]
    assert lint(plan(action, category="Not Agreed"), select=("PL109",)) == []
    assert lint(plan(action, category="Agreeed"), select=("PL109",)) == []


def test_irrelevant_not_when_recommendation_has_no_text():
    text = (
        "plan:\n  title: Action Plan\nrecommendations:\n  - id: 1\n    category: Agreed\n    actions:\n"
        "      - text: Publish a report on estate cleaning contractors.\n"
    )
    assert lint(text, select=("PL506",)) == []


def test_measurable_forms():
    for action in (
        "Reduce open audits to < 50 cases.",
        "Raise audit completion to 95%.",
        "Audit case work each quarter.",
        "Audit case work in three teams.",
        "Publish the audit dashboard.",
    ):
        assert lint(plan(f"      - text: {action}\n"), select=("PL504",)) == [], action
    for action in ("Improve case work decisions by 2025.", "Strengthen the CY6 oversight culture."):
        assert len(lint(plan(f"      - text: {action}\n"), select=("PL504",))) == 1, action


def test_acronym_message_says_where_it_is_defined_later():
    text = plan(
        "      - text: Publish the WMT audit report.\n      - text: Publish the Workload Measurement "
        "Tool (WMT) audit guide.\n"
    )
    (finding,) = lint(text, select=("PL604",))
    assert "is used here, its first use, without being defined" in finding.message
    assert "defines it later, in recommendation 1, action 2" in finding.message
    assert (finding.line, finding.column) == (9, 27)


def test_acronym_forms():
    def codes(action: str) -> list[str]:
        return [f.message.split("'")[1] for f in lint(plan(f"      - text: {action}\n"), select=("PL604",))]

    assert codes("Brief the SPOs and the L&D team on OASys and MoJ audits.") == ["SPO", "L&D"]
    assert codes("Report to the Effective Proposal Framework board and the INSIGHTS team.") == []
    assert codes("Audit the QDM work, as the Quality Development Manager (QDM) asks.") == []
    assert codes("Audit the QDM work. The Quality Development Manager (QDM) asks.") == ["QDM"]
    assert codes("Publish the ACO (Assistant Chief Officer) audit and the ACO's plan.") == []
