"""Word documents on the template, built with python-docx: several paragraphs per cell, merged cells."""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import lint_text

docx = pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")

from planlint.findings import Cell  # noqa: E402
from planlint.importers import docx as docx_importer  # noqa: E402

HEADER = (
    "1. Rec No",
    "2. Recommendation",
    "3. Agreed/Partly Agreed/Not Agreed",
    "4. Response Action Taken/Planned",
    "5. Responsible Owner (including named individuals)",
    "6. Target Date",
)


def _fill(cell, paragraphs):
    cell.text = paragraphs[0]
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def template(rows, title="Action Plan - Example Region") -> bytes:
    """A document on the template; `rows` are six lists of paragraphs, None to merge with the cell above."""
    document = docx.Document()
    document.add_paragraph(title)
    document.add_paragraph("Action Plan Submitted: 17th January 2024")
    document.add_paragraph("Report Published: 10th January 2024")
    terms = document.add_table(rows=1, cols=3)
    for cell, text in zip(terms.rows[0].cells, ("Term", "Definition", "Additional comment"), strict=False):
        cell.text = text
    table = document.add_table(rows=1, cols=6)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=False):
        cell.text = text
    for values in rows:
        if values == "header":
            for cell, text in zip(table.add_row().cells, HEADER, strict=False):
                cell.text = text
            continue
        if isinstance(values, str):  # an addressee heading across the whole row
            cells = table.add_row().cells
            cells[0].merge(cells[5]).text = values
            continue
        cells = table.add_row().cells
        for column, paragraphs in enumerate(values):
            if paragraphs is None:
                above = table.rows[len(table.rows) - 2].cells[column]
                above.merge(cells[column])
            elif paragraphs:
                _fill(cells[column], paragraphs)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ROWS = [
    "The Example Region Probation Service should:",
    [
        ["1"],
        ["Ensure that workloads are balanced."],
        ["Agreed"],
        ["Publish a monthly WMT report.", "Move cases when a unit is over 110% of capacity."],
        ["Head of Operations", "Head of Performance"],
        ["March 2024", "April 2024"],
    ],
    [None, None, None, ["Survey staff about their workloads each quarter."], ["TBC"], ["June 2024"]],
    "header",
    [
        ["2"],
        ["Ensure checks are completed before allocation."],
        ["Partly Agreed"],
        [
            "The region will request every check before allocation; replies depend on the police, an operational "
            "reason outside our control."
        ],
        [],
        [],
    ],
    [
        None,
        None,
        None,
        ["Add a check request step to the allocation policy."],
        ["Head of Public Protection"],
        ["February 2024"],
    ],
]


def test_template_document_imports():
    doc = docx_importer.read(template(ROWS), "draft.docx")
    assert doc.problems == []
    assert doc.data["plan"]["title"] == "Action Plan - Example Region"
    assert str(doc.data["plan"]["submitted"]) == "2024-01-17"
    first, second = doc.data["recommendations"]
    assert first["id"] == 1 and first["addressee"] == "The Example Region Probation Service should"
    assert first["actions"] == [
        {"text": "Publish a monthly WMT report.", "owner": "Head of Operations", "target_date": "March 2024"},
        {
            "text": "Move cases when a unit is over 110% of capacity.",
            "owner": "Head of Performance",
            "target_date": "April 2024",
        },
        {"text": "Survey staff about their workloads each quarter.", "owner": "TBC", "target_date": "June 2024"},
    ]
    assert second["category"] == "Partly Agreed"
    assert second["response"].startswith("The region will request every check")
    assert second["actions"] == [
        {
            "text": "Add a check request step to the allocation policy.",
            "owner": "Head of Public Protection",
            "target_date": "February 2024",
        }
    ]


def test_cells_name_table_row_and_column():
    doc = docx_importer.read(template(ROWS), "draft.docx")
    assert doc.cells is not None
    assert doc.cells[("recommendations", 0, "actions", 1, "owner")] == Cell(2, 3, "Responsible Owner")
    assert doc.cells[("recommendations", 0, "actions", 2, "target_date")] == Cell(2, 4, "Target Date")
    assert doc.cells[("recommendations", 1, "id")] == Cell(2, 6, "Rec No")


def test_check_reports_findings_at_their_cell():
    findings = lint_text(template(ROWS), "draft.docx")
    placeholder = [f for f in findings if f.code == "PL302"]
    assert [(f.cell, f.to_dict()["cell"]) for f in placeholder] == [
        (Cell(2, 4, "Responsible Owner"), {"table": 2, "row": 4, "column": "Responsible Owner"})
    ]
    assert all(f.line >= 1 and f.column >= 1 for f in findings)
    assert not [f for f in findings if f.code in ("PL001", "PL002", "PL005")]


def test_a_document_without_the_table_is_one_clear_error():
    document = docx.Document()
    document.add_paragraph("Minutes of the meeting")
    buffer = io.BytesIO()
    document.save(buffer)
    doc = docx_importer.read(buffer.getvalue(), "minutes.docx")
    assert [p.code for p in doc.problems] == ["PL001"]


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "raw, says",
    [
        (b"this is not a zip", "zip archive"),
        (b"PK\x03\x04 truncated", "damaged"),
        (_zip({"word/document.xml": b"<w:document/>", "bomb.xml": b"\0" * 30_000_000}), "compressed suspiciously"),
        (_zip({"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'}), "DTD"),
        (_zip({"other.xml": b"<x/>"}), "no word/document.xml"),
    ],
)
def test_hostile_files_fail_with_one_clear_parse_error(raw, says):
    doc = docx_importer.read(raw, "hostile.docx")
    assert [p.code for p in doc.problems] == ["PL001"]
    assert says in doc.problems[0].message


def test_a_row_with_an_owner_and_a_date_but_no_step_is_reported_at_its_action_cell():
    rows = [
        [
            ["1"],
            ["Ensure that workloads are balanced."],
            ["Agreed"],
            ["Publish a monthly WMT report."],
            ["Head of Operations"],
            ["March 2024"],
        ],
        [None, None, None, [], ["Head of Performance"], ["June 2024"]],
    ]
    findings = [f for f in lint_text(template(rows), "draft.docx") if f.code == "PL110"]
    assert len(findings) == 1, findings
    (finding,) = findings
    assert finding.cell == Cell(2, 3, "Response Action Taken/Planned")  # header row 1, the step-less row 3
    assert "fill in the Response Action Taken/Planned cell" in finding.message and "`text:`" not in finding.message
