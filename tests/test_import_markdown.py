"""Markdown plans: GFM pipe tables with the six columns, <br> between paragraphs of a cell."""

from __future__ import annotations

import datetime

from conftest import lint_text
from planlint.importers import markdown

PLAN = """# Action Plan - Example Region

**Action Plan Submitted:** 17th January 2024

**Report Published:** 10th January 2024

| 1. Rec No | 2. Recommendation | 3. Agreed/Partly Agreed/Not Agreed | 4. Response Action Taken/Planned | 5. Responsible Owner | 6. Target Date |
|---|---|---|---|---|---|
| | **The Example Region Probation Service should:** | | | | |
| 1 | Ensure that workloads are balanced. | agreed | Publish a monthly *WMT* report.<br>Move cases when a unit is over 110%. | Head of Operations<br>Head of Performance | March 2024<br>April 2024 |
| | | | Survey staff \\| managers each quarter. | TBC | June 2024 |
| 2 | Open an office in every town. | Not Agreed | The estates budget has no funding for new offices (an affordability reason). | | |

| Recommendations | |
|---|---|
| Agreed | 1 |
| Not Agreed | 1 |
| Total | 2 |
"""


def test_pipe_table_imports():
    doc = markdown.read(PLAN.encode(), "plan.md")
    assert doc.problems == []
    assert doc.data["plan"] == {
        "title": "Action Plan - Example Region",
        "report_published": datetime.date(2024, 1, 10),
        "submitted": datetime.date(2024, 1, 17),
    }
    first, second = doc.data["recommendations"]
    assert (first["id"], first["category"], first["addressee"]) == (
        1,
        "agreed",
        "The Example Region Probation Service should",
    )
    assert first["actions"] == [
        {"text": "Publish a monthly WMT report.", "owner": "Head of Operations", "target_date": "March 2024"},
        {"text": "Move cases when a unit is over 110%.", "owner": "Head of Performance", "target_date": "April 2024"},
        {"text": "Survey staff | managers each quarter.", "owner": "TBC", "target_date": "June 2024"},
    ]
    assert second["response"].startswith("The estates budget") and "actions" not in second
    assert doc.data["summary"] == {"agreed": 1, "not_agreed": 1, "total": 2}


def test_findings_point_at_the_cell_in_the_markdown():
    findings = lint_text(PLAN.encode(), "plan.md")
    placeholder = [f for f in findings if f.code == "PL302"]
    line = PLAN.splitlines()[10]
    assert [(f.line, f.column) for f in placeholder] == [(11, line.index("TBC") + 1)]


def test_markdown_without_the_table_is_one_clear_error():
    doc = markdown.read(b"# Notes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "notes.md")
    assert [p.code for p in doc.problems] == ["PL001"]


def test_page_furniture_between_split_tables_is_not_content():
    header = PLAN.splitlines()[6] + "\n" + PLAN.splitlines()[7] + "\n"
    body = (
        "# Action Plan - Example\n\nOFFICIAL\n\n" + header + "| 1 | Balance workloads. | Agreed | Publish a report. | "
        "Head of Operations | March 2024 |\n\nOFFICIAL\n\nPage 1 of 2\n\nOFFICIAL\n\n"
        + header
        + "| | | | Audit 40 cases. | Head of Quality | April 2024 |\n\nOFFICIAL\n\nPage 2 of 2\n"
    )
    doc = markdown.read(body.encode(), "plan.md")
    (rec,) = doc.data["recommendations"]
    assert doc.problems == [] and "response" not in rec
    assert [a["owner"] for a in rec["actions"]] == ["Head of Operations", "Head of Quality"]


def test_a_category_column_named_in_a_bracket_is_found():
    body = (
        "# Action Plan - Example\n\n| Ref | Recommendation | Response (Agreed / Partly Agreed / Not Agreed) | Action |"
        " Action owner | Timescale |\n| --- | --- | --- | --- | --- | --- |\n"
        "| R1 | Balance workloads. | Agreed | Publish a report. | Head of Operations | April 2025 |\n"
    )
    doc = markdown.read(body.encode(), "plan.md")
    assert doc.problems == []
    (rec,) = doc.data["recommendations"]
    assert (rec["id"], rec["category"], rec["actions"][0]["text"]) == ("R1", "Agreed", "Publish a report.")
