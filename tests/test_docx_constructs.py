"""Word constructs as authors' drafts hold them, each built into a .docx and read as a user would meet it.

Content controls (block, row, cell, inline; drop-downs and their placeholder), tracked moves, text boxes
(mc:AlternateContent), nested tables, numbered lists of actions, Word's special characters, a title
only in a heading or the page header, bounded reading, and a file written by LibreOffice. python-docx
writes the package; the constructs it has no API for are written as OOXML (the `W` builder below).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from html import escape

import pytest
from click.testing import CliRunner

from conftest import lint_text

docx = pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")

from lxml import etree  # noqa: E402  (python-docx's own dependency)

from planlint.cli import main  # noqa: E402
from planlint.findings import Cell  # noqa: E402
from planlint.importers import docx as docx_importer  # noqa: E402

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
}
_DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())

HEADER = (
    "1. Rec No",
    "2. Recommendation",
    "3. Agreed/Partly Agreed/Not Agreed",
    "4. Response Action Taken/Planned",
    "5. Responsible Owner (including named individuals)",
    "6. Target Date",
)
CATEGORIES = ("Agreed", "Partly Agreed", "Not Agreed")


class W:
    """OOXML fragments as strings: run, paragraph, cell, row, table and the wrappers Word puts round them."""

    @staticmethod
    def r(text: str) -> str:
        return f'<w:r><w:t xml:space="preserve">{escape(text, quote=False)}</w:t></w:r>'

    @staticmethod
    def p(*content: str, style: str | None = None) -> str:
        """A paragraph; each of `content` is a text (made a run) or ready XML (starting with '<')."""
        runs = "".join(c if c.startswith("<") else W.r(c) for c in content)
        props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        return f"<w:p>{props}{runs}</w:p>"

    @staticmethod
    def tc(*paragraphs: str) -> str:
        """A cell; each of `paragraphs` is a text (made a paragraph) or ready XML. No paragraph: empty."""
        body = "".join(p if p.startswith("<") else W.p(p) for p in paragraphs) or "<w:p/>"
        return f'<w:tc><w:tcPr><w:tcW w:w="1500" w:type="dxa"/></w:tcPr>{body}</w:tc>'

    @staticmethod
    def tr(*cells: str, properties: str = "") -> str:
        made = "".join(c if c.startswith(("<w:tc", "<w:sdt")) else W.tc(c) for c in cells)
        return f"<w:tr>{properties}{made}</w:tr>"

    @staticmethod
    def tbl(*rows: str, columns: int = 6) -> str:
        grid = "".join('<w:gridCol w:w="1500"/>' for _ in range(columns))
        return (
            f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )

    @staticmethod
    def sdt(content: str, properties: str = "") -> str:
        return f"<w:sdt><w:sdtPr>{properties}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"

    @staticmethod
    def dropdown(shown: str, placeholder: bool = False) -> str:
        """The properties of a category drop-down list (as the official template has), showing `shown`."""
        items = "".join(f'<w:listItem w:displayText="{c}" w:value="{c}"/>' for c in CATEGORIES)
        flag = "<w:showingPlcHdr/>" if placeholder else ""
        return (
            f'<w:alias w:val="Category"/><w:tag w:val="category"/><w:id w:val="{abs(hash(shown)) % 99999}"/>'
            f'<w:placeholder><w:docPart w:val="DefaultPlaceholder_-1854013438"/></w:placeholder>{flag}'
            f'<w:dropDownList><w:listItem w:displayText="Choose an item." w:value=""/>{items}</w:dropDownList>'
        )

    @staticmethod
    def textbox(*paragraphs: str) -> str:
        """A run holding a text box as Word 2010+ saves it: a DrawingML choice and a VML fallback, same text."""
        inner = "".join(p if p.startswith("<") else W.p(p) for p in paragraphs)
        choice = (
            '<mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" '
            'simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
            '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset>'
            '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            '<wp:extent cx="2000000" cy="500000"/><wp:wrapSquare wrapText="bothSides"/>'
            '<wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr '
            'txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="500000"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
            f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        )
        fallback = (
            '<mc:Fallback><w:pict><v:shape id="Text Box 1" type="#_x0000_t202" '
            'style="width:157.5pt;height:39.4pt"><v:textbox>'
            f"<w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        )
        return f"<w:r><mc:AlternateContent>{choice}{fallback}</mc:AlternateContent></w:r>"

    @staticmethod
    def moved_from(text: str) -> str:
        return f'<w:moveFrom w:id="10" w:author="Editor" w:date="2024-01-10T10:00:00Z">{W.r(text)}</w:moveFrom>'

    @staticmethod
    def moved_to(text: str) -> str:
        return f'<w:moveTo w:id="11" w:author="Editor" w:date="2024-01-10T10:00:00Z">{W.r(text)}</w:moveTo>'

    @staticmethod
    def inserted(text: str) -> str:
        return f'<w:ins w:id="12" w:author="Editor" w:date="2024-01-10T10:00:00Z">{W.r(text)}</w:ins>'

    @staticmethod
    def deleted(text: str) -> str:
        return (
            f'<w:del w:id="13" w:author="Editor" w:date="2024-01-10T10:00:00Z"><w:r><w:delText '
            f'xml:space="preserve">{escape(text, quote=False)}</w:delText></w:r></w:del>'
        )


def _elements(fragment: str) -> list:
    root = etree.fromstring(f"<root {_DECLARATIONS}>{fragment}</root>")
    return list(root)


def build(body: str, page_header: str | None = None) -> bytes:
    """A .docx whose body is the OOXML `body` (python-docx supplies styles, settings and the section)."""
    document = docx.Document()
    element = document.element.body
    section = element.find(f"{{{NS['w']}}}sectPr")
    for child in list(element):
        if child is not section:
            element.remove(child)
    for child in _elements(body):
        section.addprevious(child)
    if page_header is not None:
        header = document.sections[0].header
        header.is_linked_to_previous = False
        for child in list(header._element):
            header._element.remove(child)
        for child in _elements(page_header):
            header._element.append(child)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


TITLE = "ACTION PLAN: Example Region Probation Service"
FRONT = W.p(TITLE) + W.p("Action Plan Submitted: 17th January 2024") + W.p("Report Published: 10th January 2024")
REC1 = "Ensure that workloads are balanced across every team in the region."
ACTION1 = "Publish a monthly Through-the-Gate workload report to every team manager."
REC2 = "Ensure domestic abuse checks are completed before cases are allocated."
REASON2 = (
    "This recommendation is partly agreed. The region will request every check before allocation, but replies "
    "depend on the police, an operational reason outside the region's control."
)
ACTION2 = "Add a domestic abuse check request step to the allocation policy."
REC3 = "Provide every practitioner with a personal laptop."
REASON3 = (
    "This recommendation is not agreed. Laptops are provided nationally, and a regional purchase is "
    "unaffordable within the current budget settlement (an affordability reason)."
)


def plan_rows(category=lambda value: value, action1=ACTION1) -> list[str]:
    """The three recommendations' rows; `category` makes the category cell's content (a text or XML)."""
    return [
        W.tr(
            W.tc("1"),
            W.tc(REC1),
            _category_cell(category("Agreed")),
            W.tc(action1),
            W.tc("Head of Operations, Jane Smith"),
            W.tc("31st March 2024"),
        ),
        W.tr(
            W.tc("2"),
            W.tc(REC2),
            _category_cell(category("Partly Agreed")),
            W.tc(REASON2, ACTION2),
            W.tc("Head of Public Protection, Sam Jones"),
            W.tc("30th April 2024"),
        ),
        W.tr(W.tc("3"), W.tc(REC3), _category_cell(category("Not Agreed")), W.tc(REASON3), W.tc(), W.tc()),
    ]


def _category_cell(content: str) -> str:
    return content if content.startswith("<w:tc") or content.startswith("<w:sdt") else W.tc(content)


def header_row() -> str:
    return W.tr(*(W.tc(h) for h in HEADER), properties="<w:trPr><w:tblHeader/></w:trPr>")


def plain_plan() -> bytes:
    return build(FRONT + W.tbl(header_row(), *plan_rows()))


def imported(raw: bytes, name: str = "draft.docx"):
    doc = docx_importer.read(raw, name)
    assert not [p for p in doc.problems if p.code == "PL001"], doc.problems
    return doc


def finding_codes(raw: bytes) -> list[str]:
    return sorted(f.code for f in lint_text(raw, "draft.docx"))


def test_the_plain_plan_reads_and_passes():
    """The baseline every construct below is compared with: the plain table, read right, no findings."""
    doc = imported(plain_plan())
    assert doc.data["plan"]["title"] == TITLE
    recs = doc.data["recommendations"]
    assert [(r["id"], r["category"]) for r in recs] == [(1, "Agreed"), (2, "Partly Agreed"), (3, "Not Agreed")]
    assert recs[0]["actions"] == [
        {"text": ACTION1, "owner": "Head of Operations, Jane Smith", "target_date": "31st March 2024"}
    ]
    assert recs[1]["actions"] == [
        {"text": ACTION2, "owner": "Head of Public Protection, Sam Jones", "target_date": "30th April 2024"}
    ]
    assert recs[1]["response"] == REASON2
    assert finding_codes(plain_plan()) == []


# ---------------------------------------------------------------- content controls


def test_table_in_a_block_level_content_control_is_read():
    raw = build(FRONT + W.sdt(W.tbl(header_row(), *plan_rows()), '<w:alias w:val="Action plan"/>'))
    assert imported(raw).data == imported(plain_plan()).data
    assert finding_codes(raw) == []


def test_rows_in_row_level_content_controls_are_read():
    """A repeating section: each recommendation's row is a content control of its own."""
    rows = [W.sdt(row, '<w:tag w:val="recommendation"/>') for row in plan_rows()]
    raw = build(FRONT + W.tbl(header_row(), *rows))
    assert imported(raw).data == imported(plain_plan()).data
    assert finding_codes(raw) == []


def test_cells_in_cell_level_content_controls_keep_their_columns():
    def cell_control(value):
        return W.sdt(W.tc(value), W.dropdown(value))

    raw = build(FRONT + W.tbl(header_row(), *plan_rows(cell_control)))
    doc = imported(raw)
    assert doc.data == imported(plain_plan()).data
    assert doc.cells[("recommendations", 1, "category")] == Cell(1, 3, "Agreed/Partly Agreed/Not Agreed")
    assert doc.cells[("recommendations", 1, "actions", 0, "owner")] == Cell(1, 3, "Responsible Owner")
    assert finding_codes(raw) == []


@pytest.mark.parametrize("level", ["inline", "block"])
def test_category_drop_downs_are_read(level):
    def control(value):
        if level == "inline":
            return W.tc(W.p(W.sdt(W.r(value), W.dropdown(value))))
        return W.tc(W.sdt(W.p(value), W.dropdown(value)))

    raw = build(FRONT + W.tbl(header_row(), *plan_rows(control)))
    assert [r["category"] for r in imported(raw).data["recommendations"]] == list(CATEGORIES)
    assert finding_codes(raw) == []


@pytest.mark.parametrize("flagged", [True, False], ids=["showing-placeholder", "text-not-a-list-item"])
def test_a_drop_down_showing_its_placeholder_is_no_category(flagged):
    """ "Choose an item." is Word's prompt, not an answer: the category is missing (PL101), not invented."""

    def control(value):
        shown = "Choose an item." if value == "Partly Agreed" else value
        return W.tc(W.p(W.sdt(W.r(shown), W.dropdown(shown, placeholder=flagged and shown != value))))

    raw = build(FRONT + W.tbl(header_row(), *plan_rows(control)))
    recs = imported(raw).data["recommendations"]
    assert [r.get("category") for r in recs] == ["Agreed", None, "Not Agreed"]
    findings = lint_text(raw, "draft.docx")
    missing = [f for f in findings if f.code == "PL101"]
    assert len(missing) == 1 and missing[0].path[:2] == ("recommendations", 1)
    assert "Choose an item" not in " ".join(f.message for f in findings)


def test_a_text_placeholder_in_an_owner_cell_is_an_empty_owner():
    prompt = W.sdt(W.r("Click or tap here to enter text."), "<w:showingPlcHdr/>")
    rows = plan_rows()
    rows[0] = W.tr(W.tc("1"), W.tc(REC1), W.tc("Agreed"), W.tc(ACTION1), W.tc(W.p(prompt)), W.tc("31st March 2024"))
    raw = build(FRONT + W.tbl(header_row(), *rows))
    action = imported(raw).data["recommendations"][0]["actions"][0]
    assert "owner" not in action and action["text"] == ACTION1
    assert finding_codes(raw) == ["PL301"]


# ---------------------------------------------------------------- tracked changes


def test_tracked_moves_are_read_once_in_their_new_place():
    """An action moved from recommendation 2's cell to recommendation 1's: read there, and only there."""
    rows = plan_rows()
    rows[0] = W.tr(
        W.tc("1"),
        W.tc(REC1),
        W.tc("Agreed"),
        W.tc(W.p(W.moved_to(ACTION1))),
        W.tc("Head of Operations, Jane Smith"),
        W.tc("31st March 2024"),
    )
    rows[1] = W.tr(
        W.tc("2"),
        W.tc(REC2),
        W.tc("Partly Agreed"),
        W.tc(REASON2, ACTION2, W.p(W.moved_from(ACTION1))),
        W.tc("Head of Public Protection, Sam Jones"),
        W.tc("30th April 2024"),
    )
    raw = build(FRONT + W.tbl(header_row(), *rows))
    doc = imported(raw)
    assert doc.data == imported(plain_plan()).data
    assert doc.source.text.count("Through-the-Gate") == 1
    assert finding_codes(raw) == []


def test_tracked_insertions_kept_and_deletions_dropped():
    rows = plan_rows()
    rows[0] = W.tr(
        W.tc("1"),
        W.tc(REC1),
        W.tc("Agreed"),
        W.tc(
            W.p(
                "Publish a monthly ",
                W.deleted("Through-the-Gate summary "),
                W.inserted("Through-the-Gate workload report"),
                " to every team manager.",
            )
        ),
        W.tc(W.p(W.deleted("TBC"), W.inserted("Head of Operations, Jane Smith"))),
        W.tc("31st March 2024"),
    )
    raw = build(FRONT + W.tbl(header_row(), *rows))
    assert imported(raw).data == imported(plain_plan()).data
    assert finding_codes(raw) == []


def test_a_tracked_deleted_row_is_gone_but_keeps_the_row_numbers_word_shows():
    deleted = W.tr(
        W.tc(W.p(W.deleted("9"))),
        W.tc(W.p(W.deleted("An old recommendation."))),
        W.tc(W.p(W.deleted("Not Agreed"))),
        W.tc(),
        W.tc(),
        W.tc(),
        properties='<w:trPr><w:del w:id="20" w:author="Editor" w:date="2024-01-10T10:00:00Z"/></w:trPr>',
    )
    rows = plan_rows()
    raw = build(FRONT + W.tbl(header_row(), rows[0], deleted, rows[1], rows[2]))
    doc = imported(raw)
    assert doc.data == imported(plain_plan()).data
    assert doc.cells[("recommendations", 1, "id")] == Cell(1, 4, "Rec No")  # row 3 is the deleted one


def test_hidden_text_is_not_read():
    guidance = (
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">Guidance: name a role, not a team. </w:t></w:r>'
    )
    rows = plan_rows()
    rows[0] = W.tr(
        W.tc("1"),
        W.tc(REC1),
        W.tc("Agreed"),
        W.tc(ACTION1),
        W.tc(W.p(guidance, "Head of Operations, Jane Smith")),
        W.tc("31st March 2024"),
    )
    raw = build(FRONT + W.tbl(header_row(), *rows))
    assert imported(raw).data == imported(plain_plan()).data


def test_review_comments_leave_the_plan_as_it_was():
    """A reviewer's Word comments (or planlint annotate's) are not part of the text."""
    document = docx.Document(io.BytesIO(plain_plan()))
    cell = document.tables[0].rows[1].cells[4]
    document.add_comment(cell.paragraphs[0].runs, text="Name the individual, please.", author="Reviewer")
    buffer = io.BytesIO()
    document.save(buffer)
    assert imported(buffer.getvalue()).data == imported(plain_plan()).data


# ---------------------------------------------------------------- text boxes, nested tables, lists


def test_a_text_box_is_read_once_not_once_per_fallback():
    title_box = W.p(W.textbox(TITLE))
    action_box = W.tc(W.p(W.textbox(ACTION1)))
    rows = plan_rows()
    rows[0] = W.tr(
        W.tc("1"),
        W.tc(REC1),
        W.tc("Agreed"),
        action_box,
        W.tc("Head of Operations, Jane Smith"),
        W.tc("31st March 2024"),
    )
    front = title_box + W.p("Action Plan Submitted: 17th January 2024") + W.p("Report Published: 10th January 2024")
    raw = build(front + W.tbl(header_row(), *rows))
    doc = imported(raw)
    assert doc.data == imported(plain_plan()).data
    assert doc.source.text.count("Example Region Probation Service") == 1
    assert doc.source.text.count("Through-the-Gate") == 1
    assert finding_codes(raw) == []


def test_a_nested_table_is_its_cells_text_not_a_dozen_actions():
    milestones = W.tbl(
        W.tr(W.tc("Audit the allocation records"), W.tc("February 2024")),
        W.tr(W.tc("Brief every team manager"), W.tc("March 2024")),
        W.tr(W.tc("Report the results to the board"), W.tc("April 2024")),
        columns=2,
    )
    rows = plan_rows()
    rows[0] = W.tr(
        W.tc("1"),
        W.tc(REC1),
        W.tc("Agreed"),
        W.tc(W.p(ACTION1), milestones, W.p()),
        W.tc("Head of Operations, Jane Smith"),
        W.tc("31st March 2024"),
    )
    raw = build(FRONT + W.tbl(header_row(), *rows))
    actions = imported(raw).data["recommendations"][0]["actions"]
    assert actions == [
        {
            "text": ACTION1 + "\n- Audit the allocation records; February 2024\n- Brief every team "
            "manager; March 2024\n- Report the results to the board; April 2024",
            "owner": "Head of Operations, Jane Smith",
            "target_date": "31st March 2024",
        }
    ]
    assert "PL605" not in finding_codes(raw)


STEPS = (
    "Publish a monthly workload report to every team manager.",
    "Move cases between teams when a team is over 110% of its capacity.",
    "Survey staff about their workloads every quarter.",
)
OWNERS = ("Head of Operations, Jane Smith", "Head of Performance, Ali Khan", "Head of People, Sam Jones")
DATES = ("31st March 2024", "30th April 2024", "30th June 2024")


@pytest.mark.parametrize("owners_as_list", [False, True], ids=["owner-paragraphs", "owner-list"])
def test_a_numbered_list_of_actions_pairs_with_owner_and_date_paragraphs(owners_as_list):
    owner_style = "ListNumber" if owners_as_list else None
    rows = plan_rows()
    rows[0] = W.tr(
        W.tc("1"),
        W.tc(REC1),
        W.tc("Agreed"),
        W.tc(*(W.p(s, style="ListNumber") for s in STEPS)),
        W.tc(*(W.p(o, style=owner_style) for o in OWNERS)),
        W.tc(*DATES),
    )
    raw = build(FRONT + W.tbl(header_row(), *rows))
    doc = imported(raw)
    assert doc.data["recommendations"][0]["actions"] == [
        {"text": s, "owner": o, "target_date": d} for s, o, d in zip(STEPS, OWNERS, DATES, strict=False)
    ]
    assert doc.cells[("recommendations", 0, "actions", 2, "owner")] == Cell(1, 2, "Responsible Owner")
    assert finding_codes(raw) == []


def test_a_lead_in_before_a_numbered_list_opens_the_first_action():
    rows = plan_rows()
    rows[0] = W.tr(
        W.tc("1"),
        W.tc(REC1),
        W.tc("Agreed"),
        W.tc(W.p("The region will:"), *(W.p(s, style="ListNumber") for s in STEPS)),
        W.tc(*OWNERS),
        W.tc(*DATES),
    )
    raw = build(FRONT + W.tbl(header_row(), *rows))
    actions = imported(raw).data["recommendations"][0]["actions"]
    assert actions == [
        {"text": s, "owner": o, "target_date": d}
        for s, o, d in zip(("The region will: " + STEPS[0], *STEPS[1:]), OWNERS, DATES, strict=False)
    ]
    assert finding_codes(raw) == []


def test_a_list_beside_one_owner_and_one_date_stays_one_action():
    rows = plan_rows()
    rows[0] = W.tr(
        W.tc("1"),
        W.tc(REC1),
        W.tc("Agreed"),
        W.tc(W.p("The region will:"), *(W.p(s, style="ListBullet") for s in STEPS)),
        W.tc(OWNERS[0]),
        W.tc(DATES[0]),
    )
    actions = imported(build(FRONT + W.tbl(header_row(), *rows))).data["recommendations"][0]["actions"]
    assert actions == [
        {"text": "The region will:\n" + "\n".join("- " + s for s in STEPS), "owner": OWNERS[0], "target_date": DATES[0]}
    ]


def test_line_breaks_in_a_cell_separate_paragraphs():
    """Shift+Enter between two owners, beside two actions: two actions, each with its owner."""
    rows = plan_rows()
    rows[0] = W.tr(
        W.tc("1"),
        W.tc(REC1),
        W.tc("Agreed"),
        W.tc(*STEPS[:2]),
        W.tc(W.p(OWNERS[0], "<w:r><w:br/></w:r>", OWNERS[1])),
        W.tc(W.p(DATES[0], "<w:r><w:br/></w:r>", DATES[1])),
    )
    actions = imported(build(FRONT + W.tbl(header_row(), *rows))).data["recommendations"][0]["actions"]
    assert actions == [
        {"text": s, "owner": o, "target_date": d} for s, o, d in zip(STEPS[:2], OWNERS, DATES, strict=False)
    ]


def test_a_draft_with_every_construct_at_once():
    """As an official template filled in with track changes on: the title in a text box, the table in a
    content control with a repeating section per recommendation, drop-downs (one still prompting), a
    numbered list of actions, an action moved between recommendations, a nested table."""

    def drop_down(value):
        shown = "Choose an item." if value == "Partly Agreed" else value
        return W.tc(W.p(W.sdt(W.r(shown), W.dropdown(shown, placeholder=shown != value))))

    milestones = W.tbl(
        W.tr(W.tc("Policy drafted"), W.tc("March 2024")), W.tr(W.tc("Policy in force"), W.tc("April 2024")), columns=2
    )
    rows = [
        W.tr(
            W.tc("1"),
            W.tc(REC1),
            drop_down("Agreed"),
            W.tc(*(W.p(s, style="ListNumber") for s in STEPS[:2]), W.p(W.moved_to(STEPS[2]), style="ListNumber")),
            W.tc(*OWNERS),
            W.tc(*DATES),
        ),
        W.tr(
            W.tc("2"),
            W.tc(REC2),
            drop_down("Partly Agreed"),
            W.tc(REASON2, W.p(ACTION2), milestones, W.p(W.moved_from(STEPS[2]))),
            W.tc(W.p(W.sdt(W.r("Head of Public Protection, Sam Jones")))),
            W.tc("30th April 2024"),
        ),
        W.tr(W.tc("3"), W.tc(REC3), drop_down("Not Agreed"), W.tc(REASON3), W.tc(), W.tc()),
    ]
    repeating = "".join(W.sdt(row, '<w:tag w:val="recommendation"/>') for row in rows)
    body = (
        W.p(W.textbox(TITLE))
        + W.p("Action Plan Submitted: 17th January 2024")
        + W.p("Report Published: 10th January 2024")
        + W.sdt(
            W.tbl(
                header_row(),
                W.sdt(
                    repeating,
                    '<w15:repeatingSection xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"/>',
                ),
            )
        )
    )
    raw = build(body, page_header=W.p("OFFICIAL"))
    doc = imported(raw)
    assert doc.data["plan"]["title"] == TITLE
    recs = doc.data["recommendations"]
    assert [(r["id"], r.get("category")) for r in recs] == [(1, "Agreed"), (2, None), (3, "Not Agreed")]
    assert recs[0]["actions"] == [
        {"text": s, "owner": o, "target_date": d} for s, o, d in zip(STEPS, OWNERS, DATES, strict=False)
    ]
    assert recs[1]["actions"] == [
        {
            "text": ACTION2 + "\n- Policy drafted; March 2024\n- Policy in force; April 2024",
            "owner": "Head of Public Protection, Sam Jones",
            "target_date": "30th April 2024",
        }
    ]
    assert doc.cells[("recommendations", 2, "id")] == Cell(1, 4, "Rec No")
    assert finding_codes(raw) == ["PL101"]


def test_find_cell_gives_the_cell_a_finding_names_in_the_draft_as_parsed():
    """For writing comments into a copy: the same tables, rows and columns, through content controls."""
    rows = [W.sdt(row) for row in plan_rows(lambda value: W.sdt(W.tc(value), W.dropdown(value)))]
    ampersand = W.tr(*(W.tc(h.replace("Target Date", "Target Date & Status")) for h in HEADER))
    raw = build(W.p(W.textbox(TITLE)) + FRONT[len(W.p(TITLE)) :] + W.sdt(W.tbl(ampersand, *rows)))
    doc = imported(raw)
    body = docx.Document(io.BytesIO(raw)).element.body
    expected = {
        ("recommendations", 1, "category"): "Partly Agreed",
        ("recommendations", 1, "actions", 0, "owner"): "Head of Public Protection, Sam Jones",
        ("recommendations", 0, "actions", 0, "target_date"): "31st March 2024",
        ("recommendations", 2, "id"): "3",
    }
    for path, text in expected.items():
        cell = doc.cells[path]
        found = docx_importer.find_cell(body, cell)
        assert found is not None and "".join(t.text for t in found.iter(f"{{{NS['w']}}}t")) == text, (path, cell)
    assert doc.cells[("recommendations", 0, "actions", 0, "target_date")].column == "Target Date & Status"
    assert docx_importer.find_cell(body, Cell(1, 9, "Rec No")) is None
    assert docx_importer.find_cell(body, Cell(1, 2, "No such column")) is None


# ---------------------------------------------------------------- characters


def test_word_special_characters_read_as_they_print():
    hyphenated = W.p(
        "Publish a monthly Through",
        "<w:r><w:noBreakHyphen/><w:t>the</w:t><w:noBreakHyphen/>"
        "<w:t>Gate workload report to every team</w:t><w:tab/><w:t>manager.</w:t></w:r>",
    )
    soft = W.p(
        "Ensure that work",
        "<w:r><w:softHyphen/><w:t>loads are balanced across every team in the re\u00adgion.</w:t></w:r>",
    )
    owner = W.p("Head of Operations", '<w:r><w:sym w:font="Symbol" w:char="F02C"/></w:r>', " Jane Smith")
    rows = plan_rows()
    rows[0] = W.tr(
        W.tc("1"),
        W.tc(soft),
        W.tc("Agreed"),
        W.tc(hyphenated),
        W.tc(owner),
        W.tc(W.p("31st", "<w:r><w:t>\u00a0March</w:t></w:r>", " 2024")),
    )
    raw = build(FRONT + W.tbl(header_row(), *rows))
    rec = imported(raw).data["recommendations"][0]
    assert rec["text"] == REC1
    assert rec["actions"] == [
        {"text": ACTION1, "owner": "Head of Operations, Jane Smith", "target_date": "31st March 2024"}
    ]
    assert finding_codes(raw) == []


def test_a_non_breaking_hyphen_character_is_a_hyphen():
    raw = build(FRONT + W.tbl(header_row(), *plan_rows(action1=ACTION1.replace("-", "\u2011"))))
    assert imported(raw).data == imported(plain_plan()).data


# ---------------------------------------------------------------- where the title is


def test_a_title_only_in_a_heading_1_is_passed_on_marked_as_a_heading():
    heading = W.p(TITLE, style="Heading1")
    body = heading + W.p("Action Plan Submitted: 17th January 2024") + W.p("Report Published: 10th January 2024")
    raw = build(body + W.tbl(header_row(), *plan_rows()))
    doc = imported(raw)
    assert doc.data["plan"]["title"] == TITLE
    assert doc.source.text.splitlines()[0] == "# " + TITLE  # the hook the header reader uses for any heading
    assert doc.data["recommendations"] == imported(plain_plan()).data["recommendations"]


def test_only_headings_above_the_action_table_are_marked():
    after = W.p("Glossary", style="Heading2")
    raw = build(W.p("Inspection of Example Region", style="Title") + FRONT + W.tbl(header_row(), *plan_rows()) + after)
    lines = imported(raw).source.text.splitlines()
    assert lines[0] == "# Inspection of Example Region" and "Glossary" in lines and "## Glossary" not in lines


def test_a_title_only_in_the_page_header_is_read_first():
    page_header = W.p("OFFICIAL") + W.p(TITLE)
    body = W.p("Action Plan Submitted: 17th January 2024") + W.p("Report Published: 10th January 2024")
    raw = build(body + W.tbl(header_row(), *plan_rows()), page_header=page_header)
    doc = imported(raw)
    assert doc.source.text.splitlines()[:2] == ["[page header] OFFICIAL", f"[page header] {TITLE}"]
    assert doc.data == imported(plain_plan()).data
    assert finding_codes(raw) == []


def test_a_first_page_header_counts_only_when_the_section_shows_it():
    body = W.p("Action Plan Submitted: 17th January 2024") + W.p("Report Published: 10th January 2024")

    def draft(shown: bool) -> bytes:
        document = docx.Document(io.BytesIO(build(body + W.tbl(header_row(), *plan_rows()))))
        section = document.sections[0]
        section.different_first_page_header_footer = shown
        section.first_page_header.paragraphs[0].text = TITLE
        section.header.paragraphs[0].text = "OFFICIAL"
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    assert imported(draft(True)).source.text.splitlines()[:2] == [f"[page header] {TITLE}", "[page header] OFFICIAL"]
    assert TITLE not in imported(draft(False)).source.text


def test_a_page_header_laid_out_as_a_table_gives_its_cells_lines():
    page_header = W.tbl(W.tr(W.tc("HM Prison & Probation Service"), W.tc(TITLE)), columns=2)
    body = W.p("Action Plan Submitted: 17th January 2024") + W.p("Report Published: 10th January 2024")
    doc = imported(build(body + W.tbl(header_row(), *plan_rows()), page_header=page_header))
    assert doc.data["plan"]["title"] == TITLE
    assert doc.cells[("recommendations", 0, "id")] == Cell(1, 2, "Rec No")  # the header's table is not table 1


# ---------------------------------------------------------------- bounded reading


def _padded(text_heavy: bool) -> bytes:
    """The plain plan padded with some 2.4 MB of XML in a file of some 120 KB, compressed about 20 times (so no
    part looks like a zip bomb): paragraphs of 40 words each, or of a word in much formatting markup."""
    import random

    rng = random.Random(7)
    words = ["probation", "region", "team", "case"]

    def formatted() -> str:
        indent, colour, word = rng.randrange(0, 2000), rng.randrange(0, 0xFFFFFF), rng.choice(words)
        return (
            f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:ind w:left="{indent}"/><w:rPr><w:b/></w:rPr>'
            f'</w:pPr><w:r><w:rPr><w:b/><w:i/><w:color w:val="{colour:06X}"/><w:sz w:val="20"/></w:rPr>'
            f"<w:t>{word}</w:t></w:r></w:p>"
        )

    if text_heavy:
        filler = "".join(W.p(" ".join(rng.choice(words) for _ in range(40))) for _ in range(4500))
    else:
        filler = "".join(formatted() for _ in range(8000))
    return build(FRONT + filler + W.tbl(header_row(), *plan_rows()))


def _xml_size(raw: bytes) -> int:
    return sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(raw)).infolist() if m.filename.endswith(".xml"))


def test_xml_expanding_past_ten_times_the_size_limit_is_refused_unread():
    raw = _padded(text_heavy=False)
    assert 2_000_000 < _xml_size(raw) < 2_800_000 and len(raw) < 150 * 1024
    doc = docx_importer.read(raw, "padded.docx", max_size=150 * 1024)
    assert [p.code for p in doc.problems] == ["PL001"]
    message = doc.problems[0].message
    assert "XML expands to" in message and "10 times --max-file-size (150 KB)" in message
    assert "raise --max-file-size" in message
    assert docx_importer.read(raw, "padded.docx", max_size=300 * 1024).problems == []
    assert docx_importer.read(raw, "padded.docx", max_size=None).problems == []


def test_text_beyond_the_size_limit_is_refused_before_the_rules_see_it():
    raw = _padded(text_heavy=True)
    assert _xml_size(raw) < 2_800_000 and len(raw) < 300 * 1024
    doc = docx_importer.read(raw, "padded.docx", max_size=300 * 1024)
    assert [p.code for p in doc.problems] == ["PL001"]
    assert "the Word document's text is" in doc.problems[0].message
    assert "more than --max-file-size (300 KB)" in doc.problems[0].message
    assert docx_importer.read(raw, "padded.docx", max_size=3 * 1024 * 1024).problems == []


def test_check_bounds_the_xml_by_its_max_file_size_option(tmp_path):
    path = tmp_path / "padded.docx"
    path.write_bytes(_padded(text_heavy=False))
    refused = CliRunner().invoke(main, ["check", str(path), "--max-file-size", "150KB", "--today", "2024-01-17"])
    assert refused.exit_code != 0
    lines = [line for line in refused.output.splitlines() if "PL001" in line]
    assert len(lines) == 1 and "padded.docx" in lines[0] and "times --max-file-size (150 KB)" in lines[0]
    read = CliRunner().invoke(main, ["check", str(path), "--max-file-size", "300KB", "--today", "2024-01-17"])
    assert "PL001" not in read.output


# ---------------------------------------------------------------- written by LibreOffice


def _soffice(source, out_dir, home, *options):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH: install libreoffice-writer to run this test")
    env = dict(os.environ, HOME=str(home))
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{home}/profile",
            "--headless",
            "--norestore",
            *options,
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out_dir),
            str(source),
        ],
        capture_output=True,
        timeout=120,
        env=env,
    )
    converted = out_dir / (source.stem + ".docx")
    assert converted.is_file(), result.stderr.decode(errors="replace")
    return converted.read_bytes()


def test_a_draft_saved_by_libreoffice_reads_the_same(tmp_path):
    """python-docx writes the draft (drop-downs, one still showing its prompt, a numbered list, a heading),
    LibreOffice opens it and saves it again as .docx, with its own markup: the plan read is the same."""

    def drop_down(value):
        shown = "Choose an item." if value == "Partly Agreed" else value
        return W.tc(W.p(W.sdt(W.r(shown), W.dropdown(shown, placeholder=shown != value))))

    rows = plan_rows(drop_down)
    rows[0] = W.tr(
        W.tc("1"),
        W.tc(REC1),
        W.tc("Agreed"),
        W.tc(*(W.p(s, style="ListNumber") for s in STEPS)),
        W.tc(*OWNERS),
        W.tc(*DATES),
    )
    draft = tmp_path / "draft.docx"
    draft.write_bytes(build(W.p(TITLE, style="Heading1") + FRONT[len(W.p(TITLE)) :] + W.tbl(header_row(), *rows)))
    out = tmp_path / "out"
    out.mkdir()
    saved = _soffice(draft, out, tmp_path / "home")
    assert saved != draft.read_bytes()
    original, resaved = imported(draft.read_bytes()), imported(saved)
    assert resaved.data == original.data
    recs = resaved.data["recommendations"]
    assert [r.get("category") for r in recs] == ["Agreed", None, "Not Agreed"]
    assert resaved.data["plan"]["title"] == TITLE
    assert [a["owner"] for a in recs[0]["actions"]] == list(OWNERS)
    assert finding_codes(saved) == finding_codes(draft.read_bytes()) == ["PL101"]


def test_tracked_changes_and_text_boxes_as_libreoffice_saves_them(tmp_path):
    """LibreOffice keeps the moves (from and to), the insertion and deletion, and writes the text box with
    its choice and its fallback: each is read once, as in the draft, and the draft is read as the plain plan."""
    milestones = W.tbl(
        W.tr(W.tc("Policy drafted"), W.tc("March 2024")), W.tr(W.tc("Policy in force"), W.tc("April 2024")), columns=2
    )
    rows = plan_rows()
    rows[0] = W.tr(
        W.tc("1"),
        W.tc(REC1),
        W.tc("Agreed"),
        W.tc(W.p(W.moved_to(ACTION1))),
        W.tc(W.p(W.deleted("TBC"), W.inserted("Head of Operations, Jane Smith"))),
        W.tc("31st March 2024"),
    )
    rows[1] = W.tr(
        W.tc("2"),
        W.tc(REC2),
        W.tc("Partly Agreed"),
        W.tc(REASON2, ACTION2, milestones, W.p(W.moved_from(ACTION1))),
        W.tc("Head of Public Protection, Sam Jones"),
        W.tc("30th April 2024"),
    )
    draft = tmp_path / "draft.docx"
    draft.write_bytes(
        build(
            W.p(W.textbox(TITLE)) + FRONT[len(W.p(TITLE)) :] + W.tbl(header_row(), *rows), page_header=W.p("OFFICIAL")
        )
    )
    out = tmp_path / "out"
    out.mkdir()
    saved = _soffice(draft, out, tmp_path / "home")
    xml = zipfile.ZipFile(io.BytesIO(saved)).read("word/document.xml").decode()
    assert all(mark in xml for mark in ("w:moveFrom", "w:moveTo", "w:del ", "mc:Fallback", "w:txbxContent"))
    doc = imported(saved)
    assert doc.data == imported(draft.read_bytes()).data
    assert doc.data["plan"]["title"] == TITLE
    assert doc.source.text.count("Example Region Probation Service") == 1
    assert doc.data["recommendations"][0]["actions"] == [
        {"text": ACTION1, "owner": "Head of Operations, Jane Smith", "target_date": "31st March 2024"}
    ]
    assert doc.data["recommendations"][1]["actions"] == [
        {
            "text": ACTION2 + "\n- Policy drafted; March 2024\n- Policy in force; April 2024",
            "owner": "Head of Public Protection, Sam Jones",
            "target_date": "30th April 2024",
        }
    ]


def test_an_html_draft_converted_by_libreoffice_is_read(tmp_path):
    """A draft written as HTML (a heading, a table with a numbered list) and converted to .docx by LibreOffice."""

    def row(*cells):
        return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"

    steps = "<ol>" + "".join(f"<li>{escape(s)}</li>" for s in STEPS) + "</ol>"
    html = (
        "<html><body>"
        f"<h1>{escape(TITLE)}</h1><p>Action Plan Submitted: 17th January 2024</p>"
        '<p>Report Published: 10th January 2024</p><table border="1">'
        + row(*(escape(h) for h in HEADER))
        + row(
            "1",
            escape(REC1),
            "Agreed",
            steps,
            "".join(f"<p>{escape(o)}</p>" for o in OWNERS),
            "".join(f"<p>{d}</p>" for d in DATES),
        )
        + row(
            "2",
            escape(REC2),
            "Partly Agreed",
            f"<p>{escape(REASON2)}</p><p>{escape(ACTION2)}</p>",
            "Head of Public Protection, Sam Jones",
            "30th April 2024",
        )
        + row("3", escape(REC3), "Not Agreed", escape(REASON3), "", "")
        + "</table></body></html>"
    )
    draft = tmp_path / "draft.html"
    draft.write_text(html, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    saved = _soffice(draft, out, tmp_path / "home", "--infilter=HTML (StarWriter)")
    doc = imported(saved)
    assert doc.data["plan"]["title"] == TITLE
    recs = doc.data["recommendations"]
    assert [(r["id"], r["category"]) for r in recs] == [(1, "Agreed"), (2, "Partly Agreed"), (3, "Not Agreed")]
    assert recs[0]["actions"] == [
        {"text": s, "owner": o, "target_date": d} for s, o, d in zip(STEPS, OWNERS, DATES, strict=False)
    ]
    assert recs[1]["actions"] == [
        {"text": ACTION2, "owner": "Head of Public Protection, Sam Jones", "target_date": "30th April 2024"}
    ]
    assert finding_codes(saved) == []
