"""Drafts as authors really write them, each a misreading a red-team pass found, built and read as a user would.

Each test builds the draft (python-docx with OOXML where it has no API, or LibreOffice's own conversion,
skipped when `soffice` is missing) and asserts the imported plan and the findings a user would see.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from conftest import lint_text

docx = pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")

from planlint.cli import main  # noqa: E402
from planlint.importers import docx as docx_importer  # noqa: E402
from test_docx_constructs import FRONT, HEADER, W, build, header_row  # noqa: E402

REC1 = ("1", "Improve the quality of risk assessments.", "Agreed", "Audit fifty risk assessments each quarter.")
OWNER1, DATE1 = "Head of Quality (Jane Smith)", "31/03/2025"
REC2 = (
    "2",
    "Provide every practitioner with a personal laptop.",
    "Not Agreed",
    "This recommendation is not agreed: laptops are provided nationally and a regional purchase is unaffordable.",
)


def imported(raw: bytes):
    doc = docx_importer.read(raw, "draft.docx")
    assert not [p for p in doc.problems if p.code == "PL001"], doc.problems
    return doc


def findings(raw: bytes):
    return lint_text(raw, "draft.docx", today=dt.date(2024, 6, 1))


def spanned(text: str, columns: int = 6) -> str:
    """A cell merged across `columns` grid columns, as Word and LibreOffice write a full-width row."""
    return f'<w:tc><w:tcPr><w:gridSpan w:val="{columns}"/></w:tcPr>{W.p(text)}</w:tc>'


def soffice_convert(source, out_dir, *options) -> bytes:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH: install libreoffice-writer to run this test")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{out_dir / 'home'}",
            "--headless",
            *options,
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (out_dir / (source.stem + ".docx")).read_bytes()


# ---------------------------------------------------------------- rows merged across the table


def test_an_addressee_row_merged_across_the_table_is_the_addressee_not_a_recommendation():
    raw = build(
        FRONT
        + W.tbl(
            header_row(),
            W.tr(spanned("The Probation Service should:")),
            W.tr(*REC1, OWNER1, DATE1),
            W.tr(*REC2, "N/A", "N/A"),
        )
    )
    recs = imported(raw).data["recommendations"]
    assert [r["id"] for r in recs] == [1, 2]
    assert recs[0]["addressee"] == "The Probation Service should"
    codes = [f.code for f in findings(raw)]
    assert "PL101" not in codes and "PL105" not in codes


def test_a_theme_heading_row_merged_across_the_table_is_reported_not_made_a_recommendation():
    raw = build(
        FRONT
        + W.tbl(
            header_row(),
            W.tr(spanned("Theme 1: Leadership")),
            W.tr(*REC1, OWNER1, DATE1),
            W.tr(*REC2, "N/A", "N/A"),
        )
    )
    recs = imported(raw).data["recommendations"]
    assert [r["id"] for r in recs] == [1, 2]
    found = findings(raw)
    assert not [f for f in found if f.code in ("PL101", "PL105")]
    unplaced = [f for f in found if f.code == "PL005"]
    assert len(unplaced) == 1 and "Theme 1: Leadership" in unplaced[0].message
    assert (unplaced[0].cell.row, unplaced[0].cell.column) == (2, "Rec No")


def test_a_lone_rec_no_in_an_otherwise_empty_row_is_still_a_recommendation():
    raw = build(FRONT + W.tbl(header_row(), W.tr(*REC1, OWNER1, DATE1), W.tr("2a", "", "", "", "", "")))
    assert [r["id"] for r in imported(raw).data["recommendations"]] == [1, "2a"]


def test_an_addressee_row_written_by_libreoffice_from_html_is_the_addressee(tmp_path):
    cells = "".join(f"<th>{h}</th>" for h in HEADER)
    rows = "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>"
        for row in ((*REC1, OWNER1, DATE1), (*REC2, "N/A", "N/A"))
    )
    html = (
        f"<html><body><p>ACTION PLAN: Example Region Probation Service</p>"
        "<p>Action Plan Submitted: 17th January 2024</p>"
        f'<table border="1"><thead><tr>{cells}</tr></thead>'
        '<tr><td colspan="6"><b>The Probation Service should:</b></td></tr>'
        f"{rows}</table></body></html>"
    )
    source = tmp_path / "draft.html"
    source.write_text(html, encoding="utf-8")
    raw = soffice_convert(source, tmp_path, "--infilter=HTML (StarWriter)")
    recs = imported(raw).data["recommendations"]
    assert [r["id"] for r in recs] == [1, 2]
    assert recs[0]["addressee"] == "The Probation Service should"


# ---------------------------------------------------------------- Rec No numbered by Word's list numbering


def _numbered(style: str = "ListNumber") -> str:
    """A cell whose one paragraph has no text: Word prints only its list number (or bullet)."""
    return W.tc(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr></w:p>')


def test_a_rec_no_column_numbered_by_word_reads_as_the_numbers_word_prints():
    raw = build(
        FRONT
        + W.tbl(
            header_row(),
            W.tr(_numbered(), *REC1[1:], OWNER1, DATE1),
            W.tr(_numbered(), *REC2[1:], "N/A", "N/A"),
        )
    )
    recs = imported(raw).data["recommendations"]
    assert [r["id"] for r in recs] == [1, 2]
    codes = [f.code for f in findings(raw)]
    assert "PL106" not in codes and "PL005" not in codes


def test_an_empty_bulleted_rec_no_is_still_no_number():
    raw = build(FRONT + W.tbl(header_row(), W.tr(_numbered("ListBullet"), *REC1[1:], OWNER1, DATE1)))
    assert [r["id"] for r in imported(raw).data["recommendations"]] == ["?"]


# ---------------------------------------------------------------- tracked changes


def test_a_deleted_paragraph_mark_joins_the_two_paragraphs_into_one_action():
    deleted_mark = (
        '<w:p><w:pPr><w:rPr><w:del w:id="5" w:author="Editor" w:date="2024-01-10T10:00:00Z"/></w:rPr></w:pPr>'
        + W.r("Audit fifty risk assessments ")
        + "</w:p>"
        + W.p("each quarter and report to the board.")
    )
    raw = build(FRONT + W.tbl(header_row(), W.tr(*REC1[:3], W.tc(deleted_mark), OWNER1, DATE1)))
    (rec,) = imported(raw).data["recommendations"]
    assert rec["actions"] == [
        {
            "text": "Audit fifty risk assessments each quarter and report to the board.",
            "owner": OWNER1,
            "target_date": DATE1,
        }
    ]


# ---------------------------------------------------------------- header rows


def test_a_row_numbering_the_columns_under_the_header_is_part_of_the_header():
    raw = build(FRONT + W.tbl(header_row(), W.tr("1", "2", "3", "4", "5", "6"), W.tr(*REC1, OWNER1, DATE1)))
    recs = imported(raw).data["recommendations"]
    assert [r["id"] for r in recs] == [1]
    assert not [f for f in findings(raw) if f.code in ("PL102", "PL106", "PL402")]


def test_a_markdown_row_numbering_the_columns_is_part_of_the_header():
    header = " | ".join(h.split(". ", 1)[1] for h in HEADER)
    text = (
        "ACTION PLAN: Example Region Probation Service\n\nAction Plan Submitted: 17th January 2024\n\n"
        f"| {header} |\n|---|---|---|---|---|---|\n| 1 | 2 | 3 | 4 | 5 | 6 |\n"
        f"| {' | '.join((*REC1, OWNER1, DATE1))} |\n"
    )
    found = lint_text(text, "draft.md", today=dt.date(2024, 6, 1))
    assert not [f for f in found if f.code in ("PL102", "PL106", "PL402", "PL001")]


# ---------------------------------------------------------------- one recommendation over several rows


def test_a_rec_no_repeated_on_each_action_row_is_one_recommendation_with_several_actions():
    second = ("Report the audit results to the board.", "Head of Performance", "30/06/2025")
    raw = build(
        FRONT
        + W.tbl(
            header_row(),
            W.tr(*REC1, OWNER1, DATE1),
            W.tr(*REC1[:3], *second),
            W.tr(*REC2, "N/A", "N/A"),
        )
    )
    recs = imported(raw).data["recommendations"]
    assert [r["id"] for r in recs] == [1, 2]
    assert [a["text"] for a in recs[0]["actions"]] == [REC1[3], second[0]]
    assert "PL106" not in [f.code for f in findings(raw)]


def test_a_rec_no_repeated_with_another_recommendation_is_still_a_duplicate():
    raw = build(
        FRONT
        + W.tbl(
            header_row(),
            W.tr(*REC1, OWNER1, DATE1),
            W.tr("1", "Improve the timeliness of reports.", "Agreed", "Set a ten-day target.", OWNER1, DATE1),
        )
    )
    assert [r["id"] for r in imported(raw).data["recommendations"]] == [1, 1]
    assert "PL106" in [f.code for f in findings(raw)]


# ---------------------------------------------------------------- which column a finding names


REC3 = ("3", "Improve education, training and employment.", "Agreed", "Appoint an ETE lead in every team.", "", DATE1)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _anchors(raw: bytes) -> dict[str, tuple[int, int, int]]:
    """Each comment's first words -> (table, row, column) of the cell it is anchored in (all from 1)."""
    document = docx.Document(io.BytesIO(raw))
    texts = {str(c.comment_id): c.text.split()[0] for c in document.comments}
    tables = list(document.element.body.iter(_W + "tbl"))
    out = {}
    for start in document.element.body.iter(_W + "commentRangeStart"):
        tc = next(start.iterancestors(_W + "tc"))
        tr = tc.getparent()
        tbl = tr.getparent()
        place = (tables.index(tbl) + 1, tbl.findall(_W + "tr").index(tr) + 1, tr.findall(_W + "tc").index(tc) + 1)
        out[texts[start.get(_W + "id")]] = place
    return out


def _annotated(tmp_path, raw: bytes) -> bytes:
    draft = tmp_path / "draft.docx"
    draft.write_bytes(raw)
    result = CliRunner().invoke(main, ["annotate", str(draft), "--today", "2024-06-01"])
    assert result.exit_code == 1, result.output
    return (tmp_path / "draft.planlint.docx").read_bytes()


def test_a_table_carried_on_without_its_header_keeps_the_action_tables_column_names(tmp_path):
    raw = build(
        FRONT
        + W.tbl(header_row(), W.tr(*REC1, OWNER1, DATE1))
        + W.p("")
        + W.tbl(W.tr(*REC2, "N/A", "N/A"), W.tr(*REC3))
    )
    by_code = {f.code: f.cell for f in findings(raw)}
    assert (by_code["PL301"].table, by_code["PL301"].row, by_code["PL301"].column) == (2, 2, "Responsible Owner")
    assert by_code["PL604"].column == "Response Action Taken/Planned"
    anchors = _anchors(_annotated(tmp_path, raw))
    assert anchors["PL301"] == (2, 2, 5) and anchors["PL604"] == (2, 2, 4)


def test_column_names_in_paragraphs_above_a_table_are_its_header(tmp_path):
    bold = "".join(f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{h}</w:t></w:r></w:p>' for h in HEADER)
    raw = build(FRONT + bold + W.tbl(W.tr(*REC1, OWNER1, DATE1), W.tr(*REC2, "N/A", "N/A"), W.tr(*REC3)))
    recs = imported(raw).data["recommendations"]
    assert [r["id"] for r in recs] == [1, 2, 3]
    assert recs[0]["actions"] == [{"text": REC1[3], "owner": OWNER1, "target_date": DATE1}]
    by_code = {f.code: f.cell for f in findings(raw)}
    assert (by_code["PL301"].table, by_code["PL301"].row, by_code["PL301"].column) == (1, 3, "Responsible Owner")
    assert _anchors(_annotated(tmp_path, raw))["PL301"] == (1, 3, 5)


# ---------------------------------------------------------------- category cells


def test_a_category_ended_with_a_full_stop_is_that_category():
    raw = build(
        FRONT
        + W.tbl(
            header_row(),
            W.tr(REC1[0], REC1[1], "Agreed.", REC1[3], OWNER1, DATE1),
            W.tr(REC2[0], REC2[1], "Not Agreed.", REC2[3], "N/A", "N/A"),
        )
    )
    recs = imported(raw).data["recommendations"]
    assert [r["category"] for r in recs] == ["Agreed", "Not Agreed"]
    assert "actions" not in recs[1]  # N/A owner and date under Not Agreed: no action
    codes = [f.code for f in findings(raw)]
    assert not {"PL102", "PL302", "PL402"} & set(codes), codes


# ---------------------------------------------------------------- a table framed by another


def test_an_action_table_inside_a_one_cell_frame_table_is_read_and_annotated_in_place(tmp_path):
    inner = W.tbl(header_row(), W.tr(*REC1, OWNER1, DATE1), W.tr(*REC3))
    raw = build(FRONT + W.tbl(W.tr(W.tc(inner + W.p(""))), columns=1))
    recs = imported(raw).data["recommendations"]
    assert [r["id"] for r in recs] == [1, 3]
    owner_missing = [f for f in findings(raw) if f.code == "PL301"]
    assert [(f.cell.table, f.cell.row, f.cell.column) for f in owner_missing] == [(1, 3, "Responsible Owner")]
    assert _anchors(_annotated(tmp_path, raw))["PL301"] == (2, 3, 5)  # the frame is the document's first w:tbl


def test_a_one_cell_table_of_text_is_still_a_table():
    boxed = W.tbl(W.tr(W.tc("Note: owners are named by role.")), columns=1)
    raw = build(FRONT + boxed + W.tbl(header_row(), W.tr(*REC1, OWNER1, DATE1), W.tr(*REC3)))
    (owner_missing,) = [f for f in findings(raw) if f.code == "PL301"]
    assert owner_missing.cell.table == 2


def _check_box(ticked: bool) -> str:
    """A Word 2010+ check box content control, showing the MS Gothic box Word writes for it."""
    mark = "☒" if ticked else "☐"
    return (
        f'<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(ticked)}"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
        f"<w:sdtContent><w:r><w:t>{mark}</w:t></w:r></w:sdtContent></w:sdt>"
    )


def _category_boxes(ticked: str | None) -> str:
    return W.tc(*(W.p(_check_box(name == ticked), " " + name) for name in ("Agreed", "Partly Agreed", "Not Agreed")))


def test_the_ticked_check_box_of_a_category_cell_is_the_category():
    raw = build(
        FRONT
        + W.tbl(
            header_row(),
            W.tr(W.tc(REC1[0]), W.tc(REC1[1]), _category_boxes("Agreed"), W.tc(REC1[3]), W.tc(OWNER1), W.tc(DATE1)),
            W.tr(W.tc(REC2[0]), W.tc(REC2[1]), _category_boxes("Not Agreed"), W.tc(REC2[3]), W.tc("N/A"), W.tc("N/A")),
        )
    )
    recs = imported(raw).data["recommendations"]
    assert [r["category"] for r in recs] == ["Agreed", "Not Agreed"]
    assert "actions" not in recs[1]
    assert not [f.code for f in findings(raw) if f.code in ("PL102", "PL110", "PL302", "PL402")]


def test_a_category_cell_with_no_box_ticked_is_still_reported():
    raw = build(
        FRONT
        + W.tbl(
            header_row(),
            W.tr(W.tc(REC1[0]), W.tc(REC1[1]), _category_boxes(None), W.tc(REC1[3]), W.tc(OWNER1), W.tc(DATE1)),
        )
    )
    assert "PL102" in [f.code for f in findings(raw)]


# ---------------------------------------------------------------- header wording


def test_a_rec_no_column_left_without_a_heading_is_the_rec_no_column():
    raw = build(FRONT + W.tbl(W.tr("", *HEADER[1:]), W.tr(*REC1, OWNER1, DATE1), W.tr(*REC2, "N/A", "N/A")))
    recs = imported(raw).data["recommendations"]
    assert [(r["id"], r["category"]) for r in recs] == [(1, "Agreed"), (2, "Not Agreed")]
    assert not [f for f in findings(raw) if f.code == "PL001"]


def test_two_columns_left_without_a_heading_are_still_reported():
    raw = build(FRONT + W.tbl(W.tr("", "", *HEADER[2:]), W.tr(*REC1, OWNER1, DATE1)))
    (problem,) = [f for f in findings(raw) if f.code == "PL001"]
    assert "'Rec No'" in problem.message and "'Recommendation'" in problem.message


def test_a_response_column_noting_the_categories_beside_an_action_column_is_the_category_column():
    header = ("No.", "Recommendation", "Response (Agreed/Partly Agreed/Not Agreed)", "Action", "Owner", "Deadline")
    raw = build(FRONT + W.tbl(W.tr(*header), W.tr(*REC1, OWNER1, DATE1), W.tr(*REC2, "N/A", "N/A")))
    recs = imported(raw).data["recommendations"]
    assert [(r["id"], r["category"]) for r in recs] == [(1, "Agreed"), (2, "Not Agreed")]
    assert recs[0]["actions"] == [{"text": REC1[3], "owner": OWNER1, "target_date": DATE1}]
    assert not [f for f in findings(raw) if f.code == "PL001"]


# ---------------------------------------------------------------- addressees


def test_an_addressee_paragraph_just_above_the_first_action_table_heads_its_recommendations():
    terms = W.tbl(W.tr("Term", "Definition"), W.tr("Agreed", "All of the recommendation is agreed."), columns=2)
    raw = build(
        FRONT
        + terms
        + W.p("The Regional Probation Director should:")
        + W.tbl(header_row(), W.tr(*REC1, OWNER1, DATE1), W.tr(*REC2, "N/A", "N/A"))
        + W.p("HMPPS should:")
        + W.tbl(header_row(), W.tr(*REC3))
    )
    recs = imported(raw).data["recommendations"]
    assert [r.get("addressee") for r in recs] == [
        "The Regional Probation Director should",
        "The Regional Probation Director should",
        "HMPPS should",
    ]


def test_a_markdown_addressee_heading_above_the_first_table_heads_its_recommendations():
    header = " | ".join(h.split(". ", 1)[1] for h in HEADER)
    text = (
        "# ACTION PLAN: Example Region Probation Service\n\nAction Plan Submitted: 17th January 2024\n\n"
        f"## The Regional Probation Director should:\n\n| {header} |\n|---|---|---|---|---|---|\n"
        f"| {' | '.join((*REC1, OWNER1, DATE1))} |\n"
    )
    from planlint.reader import read_bytes

    (rec,) = read_bytes(text.encode(), "draft.md").data["recommendations"]
    assert rec["addressee"] == "The Regional Probation Director should"


# ---------------------------------------------------------------- legacy form fields (Word 97-2003 forms)


def _legacy_field(form_data: str, instruction: str) -> str:
    """A legacy form field as Word writes it: its state in w:ffData, and no result text of its own."""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="F"/><w:enabled/>{form_data}'
        f'</w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _legacy_drop_down(chosen: int | None) -> str:
    entries = "".join(f'<w:listEntry w:val="{c}"/>' for c in ("Agreed", "Partly Agreed", "Not Agreed"))
    result = "" if chosen is None else f'<w:result w:val="{chosen}"/>'
    return W.tc(W.p(_legacy_field(f"<w:ddList>{result}{entries}</w:ddList>", "FORMDROPDOWN")))


def _legacy_boxes(ticked: str) -> str:
    return W.tc(
        *(
            W.p(
                _legacy_field(
                    f'<w:checkBox><w:sizeAuto/><w:default w:val="{int(name == ticked)}"/></w:checkBox>', "FORMCHECKBOX"
                ),
                " " + name,
            )
            for name in ("Agreed", "Partly Agreed", "Not Agreed")
        )
    )


@pytest.mark.parametrize("category_cell", [_legacy_drop_down, _legacy_boxes], ids=["drop-down", "check boxes"])
def test_a_legacy_form_field_category_reads_as_the_entry_it_shows(category_cell):
    first, second = (None, 2) if category_cell is _legacy_drop_down else ("Agreed", "Not Agreed")
    raw = build(
        FRONT
        + W.tbl(
            header_row(),
            W.tr(W.tc(REC1[0]), W.tc(REC1[1]), category_cell(first), W.tc(REC1[3]), W.tc(OWNER1), W.tc(DATE1)),
            W.tr(W.tc(REC2[0]), W.tc(REC2[1]), category_cell(second), W.tc(REC2[3]), W.tc("N/A"), W.tc("N/A")),
        )
    )
    recs = imported(raw).data["recommendations"]
    assert [r["category"] for r in recs] == ["Agreed", "Not Agreed"]  # an unset drop-down shows its first entry
    assert not [f.code for f in findings(raw) if f.code in ("PL101", "PL102", "PL110", "PL302", "PL402")]


# ---------------------------------------------------------------- rows shorter than the table


def test_a_row_ending_short_of_the_grid_keeps_its_cells_in_their_columns():
    short = '<w:trPr><w:gridAfter w:val="1"/></w:trPr>'
    raw = build(
        FRONT
        + W.tbl(
            header_row(),
            W.tr(*REC1, OWNER1, DATE1),
            W.tr(*REC2, "N/A", properties=short),  # the Target Date cell deleted
            W.tr(*REC3[:5]),  # one cell fewer, and no w:gridAfter
        )
    )
    recs = imported(raw).data["recommendations"]
    assert [(r["id"], r.get("text"), r.get("category")) for r in recs] == [
        (1, REC1[1], "Agreed"),
        (2, REC2[1], "Not Agreed"),
        (3, REC3[1], "Agreed"),
    ]
    assert recs[1]["response"] == REC2[3] and "actions" not in recs[1]
    codes = [f.code for f in findings(raw)]
    assert not {"PL101", "PL105", "PL402"} & set(codes), codes
