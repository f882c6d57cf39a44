"""Reading the action table as authors lay it out, the same way from .txt, .md and .docx.

Columns are found by their header text (numbered or not, worded differently, with columns the
template does not have); every row is placed or reported; a Rec No that is not a plain number
opens a recommendation of its own.
"""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from conftest import lint_text
from planlint.reader import read_bytes

HEADER = [
    "1. Rec No",
    "2. Recommendation",
    "3. Agreed/Partly Agreed/Not Agreed",
    "4. Response Action Taken/Planned",
    "5. Responsible Owner",
    "6. Target Date",
]
TITLE = "ACTION PLAN: Example Region Probation Service"
SUBMITTED = "Action Plan Submitted: 17th January 2024"


def as_txt(header, rows, before=(TITLE, SUBMITTED), after=()) -> bytes:
    lines = [*before, "", "\t".join(header), *("\t".join(r) for r in rows), *after]
    return ("\n".join(lines) + "\n").encode()


def as_md(header, rows, before=(TITLE, SUBMITTED), after=()) -> bytes:
    def line(cells):
        return "| " + " | ".join(cells) + " |"

    lines = [*before, "", line(header), line(["---"] * len(header)), *(line(r) for r in rows), "", *after]
    return ("\n\n".join(lines[: len(before)]) + "\n" + "\n".join(lines[len(before) :]) + "\n").encode()


def as_docx(header, rows, before=(TITLE, SUBMITTED), after=()) -> bytes:
    docx = pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")
    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=False):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=False):
            cell.text = text
    for text in after:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


FORMATS = {"txt": as_txt, "md": as_md, "docx": as_docx}


def read(kind, header, rows, **kwargs):
    return read_bytes(FORMATS[kind](header, rows, **kwargs), f"plan.{kind}")


def lint(kind, header, rows, **kwargs):
    return lint_text(FORMATS[kind](header, rows, **kwargs), f"plan.{kind}")


ROW_1 = [
    "1",
    "Ensure that workloads are balanced.",
    "Agreed",
    "Publish a monthly workload report to every team.",
    "Head of Operations",
    "March 2024",
]


@pytest.mark.parametrize("kind", FORMATS)
def test_extra_columns_are_left_out_and_owner_and_date_stay_in_theirs(kind):
    header = [*HEADER[:5], "RAG Status", HEADER[5], "Progress"]
    rows = [[*ROW_1[:5], "Green", ROW_1[5], "On track"]]
    doc = read(kind, header, rows)
    assert [p.code for p in doc.problems] == []
    action = doc.data["recommendations"][0]["actions"][0]
    assert action == {
        "text": "Publish a monthly workload report to every team.",
        "owner": "Head of Operations",
        "target_date": "March 2024",
    }


@pytest.mark.parametrize("kind", FORMATS)
def test_columns_are_found_by_their_wording_in_any_order(kind):
    header = ["Ref", "Recommendation", "Action owner", "Response", "Timescale", "Accepted?"]
    rows = [
        [
            "1",
            "Ensure that workloads are balanced.",
            "Head of Operations",
            "Publish a monthly workload report to every team.",
            "March 2024",
            "Agreed",
        ]
    ]
    doc = read(kind, header, rows)
    assert [p.code for p in doc.problems] == []
    rec = doc.data["recommendations"][0]
    assert (rec["id"], rec["category"]) == (1, "Agreed")
    assert rec["actions"] == [
        {
            "text": "Publish a monthly workload report to every team.",
            "owner": "Head of Operations",
            "target_date": "March 2024",
        }
    ]


@pytest.mark.parametrize("kind", FORMATS)
def test_a_missing_column_is_one_parse_error_naming_it(kind):
    header = [h for h in HEADER if "Owner" not in h]
    rows = [[c for c in ROW_1 if c != "Head of Operations"]]
    findings = lint(kind, header, rows)
    assert [f.code for f in findings] == ["PL001"]
    assert "'Responsible Owner'" in findings[0].message
    assert "Target Date" not in findings[0].message.split(":")[0]


def test_a_table_that_is_not_the_plan_is_not_taken_for_its_header():
    doc = read("txt", ["Term", "Definition", "Additional comment"], [["Agreed", "All of it.", "Say how."]])
    assert [p.code for p in doc.problems] == ["PL001"]


NOT_A_PLAIN_NUMBER = ["2a", "5.1", "Rec 4", "Recommendation 2", "R1", "S3", "SW 6"]


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("number", NOT_A_PLAIN_NUMBER)
def test_a_rec_no_that_is_not_a_plain_number_opens_its_own_recommendation(kind, number):
    rows = [ROW_1, [number, "Open an office in every town.", "Not Agreed", "", "", ""]]
    doc = read(kind, HEADER, rows)
    recs = doc.data["recommendations"]
    assert len(recs) == 2
    assert recs[1]["category"] == "Not Agreed" and recs[1]["text"] == "Open an office in every town."
    assert str(recs[1]["id"]) in number
    codes = [(f.code, f.path[:2]) for f in lint(kind, HEADER, rows)]
    assert ("PL201", ("recommendations", 1)) in codes  # the Not Agreed answer with no reason is not lost


@pytest.mark.parametrize("kind", FORMATS)
def test_rec_no_words_are_not_kept_in_the_id(kind):
    rows = [
        ["Rec 1", *ROW_1[1:]],
        [
            "Recommendation 2.",
            "Keep staff trained.",
            "Agreed",
            "Run a training day each quarter.",
            "Head of Learning",
            "June 2024",
        ],
    ]
    doc = read(kind, HEADER, rows)
    assert [r["id"] for r in doc.data["recommendations"]] == [1, 2]


@pytest.mark.parametrize("kind", FORMATS)
def test_a_category_with_no_rec_no_opens_a_recommendation(kind):
    rows = [
        ROW_1,
        [
            "",
            "Open an office in every town.",
            "Partly Agreed",
            "Open two offices in the north.",
            "Head of Estates",
            "May 2024",
        ],
    ]
    recs = read(kind, HEADER, rows).data["recommendations"]
    assert len(recs) == 2
    assert recs[1]["category"] == "Partly Agreed" and len(recs[0]["actions"]) == 1
    assert recs[1]["actions"][0]["owner"] == "Head of Estates"


@pytest.mark.parametrize("kind", FORMATS)
def test_a_row_with_no_rec_no_and_no_category_is_a_further_action(kind):
    rows = [ROW_1, ["", "", "", "Brief managers on the report each month.", "Head of Performance", "April 2024"]]
    recs = read(kind, HEADER, rows).data["recommendations"]
    assert len(recs) == 1 and [a["owner"] for a in recs[0]["actions"]] == ["Head of Operations", "Head of Performance"]


@pytest.mark.parametrize("kind", FORMATS)
def test_not_agreed_with_owner_and_date_na_has_no_action(kind):
    reason = "The estates budget cannot fund new offices this year, an affordability reason."
    rows = [ROW_1, ["2", "Open an office in every town.", "Not Agreed", reason, "N/A", "n/a"]]
    rec = read(kind, HEADER, rows).data["recommendations"][1]
    assert "actions" not in rec and rec["response"] == reason
    codes = {f.code for f in lint(kind, HEADER, rows)}
    assert not codes & {"PL104", "PL302", "PL402"}


@pytest.mark.parametrize("kind", FORMATS)
def test_partly_agreed_with_na_owner_still_has_its_action(kind):
    rows = [
        ["1", "Open an office in every town.", "Partly Agreed", "Open two offices in the north.", "N/A", "May 2024"]
    ]
    rec = read(kind, HEADER, rows).data["recommendations"][0]
    assert rec["actions"][0]["owner"] == "N/A"  # a placeholder owner the rules must see (PL302)


@pytest.mark.parametrize(
    "kind,note",
    [
        ("txt", "Note: the report also goes to the unions."),
        ("md", "The report also goes to the unions."),
        ("docx", "The report also goes to the unions."),
    ],
)
def test_a_note_under_the_table_does_not_join_the_last_action(kind, note):
    doc = read(kind, HEADER, [ROW_1], after=(note,))
    rec = doc.data["recommendations"][0]
    assert rec["actions"][0]["text"] == "Publish a monthly workload report to every team."
    assert [p.code for p in doc.problems] == ["PL005"]  # kept, and said
    assert "unions" in rec["response"]


def test_a_wrapped_line_in_text_still_ends_its_cell():
    raw = as_txt(
        HEADER,
        [ROW_1[:3] + ["Publish a monthly workload report", *ROW_1[4:]]],
        after=("to every team by the first Monday.",),
    )
    action = read_bytes(raw, "plan.txt").data["recommendations"][0]["actions"][0]
    assert action["text"] == "Publish a monthly workload report to every team by the first Monday."


@pytest.mark.parametrize("kind", FORMATS)
def test_a_row_before_the_first_recommendation_is_reported_not_lost(kind):
    rows = [["", "", "", "Overall the region accepts the findings.", "", ""], ROW_1]
    findings = lint(kind, HEADER, rows)
    assert "PL005" in {f.code for f in findings}


@pytest.mark.parametrize("kind", ["txt", "md"])
def test_a_short_text_row_is_aligned_from_the_right_with_extra_columns(kind):
    header = [*HEADER[:5], "RAG Status", HEADER[5]]
    rows = [
        [*ROW_1[:5], "Amber", ROW_1[5]],
        ["Brief managers on the report each month.", "Head of Performance", "Green", "April 2024"],
    ]
    if kind == "md":
        rows[1] = ["", "", "", *rows[1]]  # a Markdown row keeps its empty cells
    actions = read(kind, header, rows).data["recommendations"][0]["actions"]
    assert actions[1] == {
        "text": "Brief managers on the report each month.",
        "owner": "Head of Performance",
        "target_date": "April 2024",
    }


# ---------------------------------------------------------------- the title, and what a missing one holds back

AGREED_NO_OWNER = [
    "1",
    "Ensure that workloads are balanced.",
    "Agreed",
    "Publish a monthly workload report.",
    "",
    "March 2024",
]


@pytest.mark.parametrize("kind", FORMATS)
def test_a_draft_with_no_title_gets_every_content_rule_and_one_title_warning(kind):
    findings = lint(kind, HEADER, [AGREED_NO_OWNER], before=(SUBMITTED,))
    codes = [f.code for f in findings]
    assert "PL301" in codes  # the owner the step lacks is still reported
    assert codes.count("PL007") == 1 and "PL002" not in codes
    title = next(f for f in findings if f.code == "PL007")
    assert title.severity.name == "WARNING" and title.line == 1


@pytest.mark.parametrize(
    "kind,before,title",
    [
        ("md", ("# Example Region Probation Service", SUBMITTED), "Example Region Probation Service"),
        (
            "txt",
            ("A Response to: the inspection of probation in the Example Region", SUBMITTED),
            "the inspection of probation in the Example Region",
        ),
        ("txt", ("[page header] Example Region action plan 2024", SUBMITTED), "Example Region action plan 2024"),
        (
            "txt",
            ("Example Region", "ACTION PLAN: The Example Region Inspection", SUBMITTED),
            "ACTION PLAN: The Example Region Inspection",
        ),
    ],
)
def test_the_title_comes_from_the_title_line_a_heading_the_page_header_or_the_response_line(kind, before, title):
    doc = read(kind, HEADER, [ROW_1], before=before)
    assert doc.data["plan"]["title"] == title
    assert [p.code for p in doc.problems] == []


def test_the_title_line_wins_over_a_heading_and_a_heading_over_the_response_line():
    before = ("# Example Region", "A Response to: the Example inspection", "ACTION PLAN: Example Region Plan")
    assert read("md", HEADER, [ROW_1], before=before).data["plan"]["title"] == "ACTION PLAN: Example Region Plan"
    assert read("md", HEADER, [ROW_1], before=before[:2]).data["plan"]["title"] == "Example Region"


def test_a_section_heading_is_no_title():
    doc = read("md", HEADER, [ROW_1], before=("# Introduction", SUBMITTED))
    assert "title" not in doc.data["plan"] and [p.code for p in doc.problems] == ["PL007"]


@pytest.mark.parametrize(
    "line",
    ["Date submitted: 17/01/2024", "Date of submission: 17 January 2024", "Submitted: 2024-01-17", "Date: 17.01.2024"],
)
def test_submission_date_labels(line):
    doc = read("txt", HEADER, [ROW_1], before=(TITLE, line))
    assert str(doc.data["plan"]["submitted"]) == "2024-01-17"


def test_a_submitted_label_without_a_date_is_not_a_date():
    doc = read("txt", HEADER, [ROW_1], before=(TITLE, "Submitted by: the Head of Operations"))
    assert "submitted" not in doc.data["plan"]


NO_TITLE_YAML = """planlint: 1
plan:
  organisation: Example Region
  submitted: 2024-01-17
recommendations:
  - id: 1
    text: Ensure that staff are trained.
    category: Agreed
  - id: 2
    text: Ensure that staff are supervised.
    category: Agreed
    actions: Publish a supervision policy.
  - id: 3
    text: Ensure that offices are safe.
    category: Not Agreed
"""


def test_yaml_without_a_title_is_a_schema_error_and_its_recommendations_are_still_checked():
    findings = lint_text(NO_TITLE_YAML, "plan.plan.yaml")
    got = sorted((f.code, f.path[:2]) for f in findings)
    assert ("PL002", ("plan",)) in got
    assert ("PL103", ("recommendations", 0)) in got  # the Agreed recommendation with no action
    assert ("PL201", ("recommendations", 2)) in got  # the Not Agreed one with no reason
    # the recommendation whose actions are text is reported for its shape only
    assert [c for c, p in got if p == ("recommendations", 1)] == ["PL002"]
    assert "PL007" not in {c for c, _ in got}


def test_a_bad_format_version_still_holds_back_the_whole_plan():
    text = NO_TITLE_YAML.replace("planlint: 1", "planlint: 7").replace("  organisation", "  title: X\n  organisation")
    assert {f.code for f in lint_text(text, "plan.plan.yaml")} == {"PL002"}


def test_the_documented_examples_of_the_title_rule():
    from planlint.catalog import load_catalog

    rule = load_catalog().by_code["PL007"]
    fail = [f.code for f in lint_text(rule.example_fail.encode(), "example.txt")]
    assert fail == ["PL007"]
    assert lint_text(rule.example_pass.encode(), "example.txt") == []


# ---------------------------------------------------------------- pairing steps with owners and dates

PAGE_HEADER_ROW = "\t".join(HEADER)


def txt_rows(*rows) -> bytes:
    return "\n".join([TITLE, SUBMITTED, "", PAGE_HEADER_ROW, *rows, ""]).encode()


def actions_of(raw: bytes, name: str = "plan.txt"):
    doc = read_bytes(raw, name)
    return doc.data["recommendations"][0].get("actions", []), doc.problems


def test_a_row_cut_by_a_page_break_pairs_each_piece_with_its_own_owners_and_dates():
    raw = txt_rows(
        "1\tEnsure that offices are safe.\tAgreed\tThe estates team will survey every office by spring.\t"
        "Head of Estates\tApril 2024",
        "\t\t\t<p>Managers will report faults within a week.</p> <p>A safety audit will follow each survey.</p>\t\t",
        "\t\t\t\tHead of Health and Safety\t<p>May 2024</p> <p>June 2024</p>",
    )
    actions, problems = actions_of(raw)
    assert [(a["owner"], a["target_date"]) for a in actions] == [
        ("Head of Estates", "April 2024"),
        ("Head of Health and Safety", "May 2024"),
        ("Head of Health and Safety", "June 2024"),
    ]
    assert problems == []


def test_steps_that_cannot_be_paired_with_their_dates_stay_one_action_and_are_reported():
    raw = txt_rows(
        "1\tEnsure that offices are safe.\tAgreed\tThe estates team will survey every office.\t"
        "Head of Estates\t<p>North - April 2024.</p> <p>South - June 2024.</p>",
        "\t\t\t<p>Managers will report faults within a week.</p> <p>A safety audit will follow.</p> "
        "<p>The board will then decide on repairs.</p>\t\t",
    )
    actions, problems = actions_of(raw)
    assert len(actions) == 1 and actions[0]["text"].count("\n") == 3  # all four steps, as written
    assert actions[0]["target_date"] == "North - April 2024. South - June 2024."
    assert [p.code for p in problems] == ["PL005"]
    assert "4 steps" in problems[0].message and "Target Date cell 2 paragraphs" in problems[0].message


def test_one_owner_and_one_date_for_several_steps_are_shared_without_a_report():
    raw = txt_rows(
        "1\tEnsure that offices are safe.\tAgreed\tThe estates team will survey every office.\t"
        "Head of Estates\tApril 2024",
        "\t\t\t<p>Managers will report faults within a week.</p>\t\t",
    )
    actions, problems = actions_of(raw)
    assert [(a["owner"], a["target_date"]) for a in actions] == [("Head of Estates", "April 2024")] * 2
    assert problems == []


@pytest.mark.parametrize("kind", ["md", "docx"])
def test_a_word_or_markdown_cell_with_more_steps_than_owners_is_not_given_every_owner(kind):
    if kind == "md":
        cells = [
            "Survey every office.<br>Report faults within a week.<br>Audit each site.",
            "Head of Estates<br>Head of Health and Safety",
            "April 2024<br>May 2024<br>June 2024",
        ]
        raw = as_md(HEADER, [["1", "Ensure that offices are safe.", "Agreed", *cells]])
    else:
        docx = pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")
        document = docx.Document()
        document.add_paragraph(TITLE)
        table = document.add_table(rows=2, cols=6)
        for cell, text in zip(table.rows[0].cells, HEADER, strict=False):
            cell.text = text
        values = [
            ["1"],
            ["Ensure that offices are safe."],
            ["Agreed"],
            ["Survey every office.", "Report faults within a week.", "Audit each site."],
            ["Head of Estates", "Head of Health and Safety"],
            ["April 2024", "May 2024", "June 2024"],
        ]
        for cell, paragraphs in zip(table.rows[1].cells, values, strict=False):
            cell.text = paragraphs[0]
            for text in paragraphs[1:]:
                cell.add_paragraph(text)
        buffer = io.BytesIO()
        document.save(buffer)
        raw = buffer.getvalue()
    actions, problems = actions_of(raw, f"plan.{kind}")
    assert len(actions) == 1
    assert actions[0]["owner"] == ["Head of Estates", "Head of Health and Safety"]
    assert [p.code for p in problems] == ["PL005"] and "Responsible Owner cell 2 paragraphs" in problems[0].message


def test_as_many_owners_as_steps_pair_one_to_one():
    cells = [
        "Survey every office.<br>Report faults within a week.",
        "Head of Estates<br>Head of Health and Safety",
        "April 2024<br>May 2024",
    ]
    actions, problems = actions_of(as_md(HEADER, [["1", "Ensure that offices are safe.", "Agreed", *cells]]), "plan.md")
    assert [a["owner"] for a in actions] == ["Head of Estates", "Head of Health and Safety"] and problems == []


def test_a_word_header_cell_of_several_paragraphs_names_its_column():
    docx = pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")
    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=2, cols=7)
    header = [
        ["1. Rec No", "(as the report numbers it)"],
        ["Recommendation"],
        ["Agreed/Partly Agreed/Not Agreed"],
        ["Response"],
        ["5. Responsible Owner", "(including named individuals and their role)"],
        ["RAG", "Status"],
        ["6. Target Date"],
    ]
    for row, values in ((0, header), (1, [[c] for c in [*ROW_1[:5], "Red", ROW_1[5]]])):
        for cell, paragraphs in zip(table.rows[row].cells, values, strict=False):
            cell.text = paragraphs[0]
            for text in paragraphs[1:]:
                cell.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    doc = read_bytes(buffer.getvalue(), "plan.docx")
    assert doc.data["recommendations"][0]["actions"][0]["owner"] == "Head of Operations"
    assert doc.data["recommendations"][0]["actions"][0]["target_date"] == "March 2024"


@pytest.mark.parametrize("line", ["Date of inspection: 12 March 2023", "Dates of fieldwork 1 - 5 May 2023"])
def test_other_dates_above_the_table_are_not_the_submission_date(line):
    doc = read("txt", HEADER, [ROW_1], before=(TITLE, line))
    assert "submitted" not in doc.data["plan"]


GOOD_AND_BAD = """planlint: 1
plan: {title: Example plan, submitted: 2024-01-17}
recommendations:
  - id: 1
    text: Ensure that staff are trained.
    category: Agreed
  - {BAD}
  - id: 3
    text: Ensure that offices are safe.
    category: Not Agreed
summary: {SUMMARY}
"""


@pytest.mark.parametrize(
    "bad,summary,held",
    [
        (
            "{id: 2, text: Ensure that staff are supervised., category: [Agreed]}",
            "{agreed: 1, not_agreed: 1, total: 3}",
            ("recommendations", 1),
        ),
        (
            "{id: 2, text: !shout Ensure that staff are supervised., category: Agreed}",
            "{agreed: 2, not_agreed: 1, total: 3}",
            ("recommendations", 1),
        ),
        (
            "{id: 2, text: Ensure that staff are supervised., category: Agreed, actions: [{text: Train, owner: {a: b}}]}",
            "{agreed: 2, not_agreed: 1, total: 3}",
            ("recommendations", 1),
        ),
        ("{id: 2, text: Ensure that staff are supervised., category: Agreed}", "{agreed: two, total: 3}", ("summary",)),
    ],
)
def test_a_malformed_part_is_held_back_and_the_others_are_checked(bad, summary, held):
    text = GOOD_AND_BAD.replace("{BAD}", bad).replace("{SUMMARY}", summary)
    findings = lint_text(text, "plan.plan.yaml", extend_select=["PL602"])
    assert [f.code for f in findings if f.path[: len(held)] == held] == ["PL002"]
    codes = {(f.code, f.path[:2]) for f in findings}
    assert ("PL103", ("recommendations", 0)) in codes and ("PL201", ("recommendations", 2)) in codes
    assert "PL602" not in {c for c, _ in codes}  # a malformed summary is not a missing one


@pytest.mark.parametrize(
    "bad",
    [
        "Ensure that staff are supervised.",
        "{text: Ensure that staff are supervised.}",
        "{id: [2], text: Ensure that staff are supervised.}",
    ],
)
def test_a_recommendation_with_no_readable_id_holds_back_the_whole_plan(bad):
    # numbering (PL107) and duplicate ids (PL106) are judged across recommendations: not without one
    text = GOOD_AND_BAD.replace("{BAD}", bad).replace("{SUMMARY}", "{agreed: 1, not_agreed: 1, total: 3}")
    assert {f.code for f in lint_text(text, "plan.plan.yaml")} == {"PL002"}


def test_a_malformed_category_holds_back_the_summary_it_is_counted_in():
    text = GOOD_AND_BAD.replace("{BAD}", "{id: 2, text: Ensure that staff are supervised., category: [Agreed]}")
    findings = lint_text(text.replace("{SUMMARY}", "{agreed: 2, not_agreed: 1, total: 3}"), "plan.plan.yaml")
    assert "PL601" not in {f.code for f in findings}


def test_in_pdf_text_a_category_cut_onto_the_next_line_stays_with_its_recommendation():
    raw = txt_rows(
        "1\tEnsure that offices are safe and\t\tThe estates team will survey every office.\t"
        "Head of Estates\tApril 2024",
        "\tclean.\tAgreed\t\t\t",
    )
    recs = read_bytes(raw, "plan.txt").data["recommendations"]
    assert [(r["id"], r["category"], r["text"]) for r in recs] == [
        (1, "Agreed", "Ensure that offices are safe and clean.")
    ]


# ---------------------------------------------------------------- no row lost, whatever the numbering

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NUMBERS = st.sampled_from(["", "1", "2", "2a", "5.1", "Rec 4", "R1", "S3", "SW 6", "Recommendation 7"])
CATEGORIES = st.sampled_from(["", "Agreed", "Partly Agreed", "Not Agreed"])
WORDS = ["survey", "audit", "brief", "train", "publish", "review", "recruit", "inspect", "report", "visit"]


@st.composite
def tables(draw):
    count = draw(st.integers(1, 6))
    rows = []
    for index in range(count):
        number, category = draw(NUMBERS), draw(CATEGORIES)
        if index == 0 and not (number or category):
            number = "1"  # the table's first row opens a recommendation
        word = WORDS[index]
        rows.append(
            [
                number,
                f"Ensure that staff {word} cases{index}." if number or category else "",
                category,
                f"Staff will {word} every case{index} monthly.",
                f"Head of Team{index}",
                f"March 202{index}",
            ]
        )
    rag_at = draw(st.sampled_from([None, 3, 5, 6]))
    return rows, rag_at


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from(list(FORMATS)))
def test_every_row_is_read_into_the_plan_and_every_number_or_category_opens_a_recommendation(table, kind):
    rows, rag_at = table
    header = list(HEADER)
    if rag_at is not None:
        header.insert(rag_at, "RAG Status")
        rows = [[*r[:rag_at], "Amber", *r[rag_at:]] for r in rows]
    doc = read(kind, header, rows)
    assert not [p for p in doc.problems if p.code == "PL001"]
    recs = doc.data["recommendations"]
    assert len(recs) == sum(1 for r in rows if r[0] or r[2])
    values = " ".join(str(v) for rec in recs for v in _strings(rec))
    for index in range(len(rows)):
        for expected in (f"case{index}", f"Team{index}", f"202{index}"):
            assert expected in values
    assert "Amber" not in values


def _strings(value):
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value]


def test_a_list_of_steps_beside_one_owner_and_date_per_item_is_one_action_per_item():
    raw = as_txt(
        HEADER,
        [
            [
                "1",
                "Ensure that offices are safe.",
                "Agreed",
                "<ul><li>Survey every office.</li><li>Report faults within a week.</li></ul>",
                "<p>Head of Estates</p><p>Head of Health and Safety</p>",
                "<p>April 2024</p><p>May 2024</p>",
            ]
        ],
    )
    actions = read_bytes(raw, "plan.txt").data["recommendations"][0]["actions"]
    assert [(a["text"], a["owner"], a["target_date"]) for a in actions] == [
        ("Survey every office.", "Head of Estates", "April 2024"),
        ("Report faults within a week.", "Head of Health and Safety", "May 2024"),
    ]


def test_a_list_introduced_by_its_step_stays_with_it():
    raw = as_txt(
        HEADER,
        [
            [
                "1",
                "Ensure that offices are safe.",
                "Agreed",
                "<p>Survey every office for:</p><ul><li>fire exits</li><li>lighting</li></ul>",
                "Head of Estates",
                "April 2024",
            ]
        ],
    )
    actions = read_bytes(raw, "plan.txt").data["recommendations"][0]["actions"]
    assert len(actions) == 1 and actions[0]["text"] == "Survey every office for:\n- fire exits\n- lighting"


def test_a_word_numbered_list_of_steps_pairs_with_its_owners_and_dates():
    docx = pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")
    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=2, cols=6)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=False):
        cell.text = text
    values = [
        ["1"],
        ["Ensure that offices are safe."],
        ["Agreed"],
        ["Survey every office.", "Report faults within a week.", "Audit each site."],
        ["Head of Estates", "Head of Health and Safety", "Head of Audit"],
        ["April 2024", "May 2024", "June 2024"],
    ]
    for column, (cell, paragraphs) in enumerate(zip(table.rows[1].cells, values, strict=False)):
        cell.text = paragraphs[0]
        for text in paragraphs[1:]:
            cell.add_paragraph(text)
        if column == 3:
            for paragraph in cell.paragraphs:
                paragraph.style = document.styles["List Number"]
    buffer = io.BytesIO()
    document.save(buffer)
    actions = read_bytes(buffer.getvalue(), "plan.docx").data["recommendations"][0]["actions"]
    assert [(a["text"], a["owner"]) for a in actions] == [
        ("Survey every office.", "Head of Estates"),
        ("Report faults within a week.", "Head of Health and Safety"),
        ("Audit each site.", "Head of Audit"),
    ]


@pytest.mark.parametrize("kind", FORMATS)
def test_a_dash_in_the_rec_no_and_category_cells_of_a_further_action_is_an_empty_cell(kind):
    rows = [ROW_1, ["-", "", "–", "Brief managers on the report each month.", "Head of Performance", "April 2024"]]
    recs = read(kind, HEADER, rows).data["recommendations"]
    assert len(recs) == 1 and len(recs[0]["actions"]) == 2


def test_check_says_which_parts_the_content_rules_left_out(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "draft.plan.yaml"
    path.write_text(NO_TITLE_YAML, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "planlint", "check", str(path)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "PL103" in run.stdout and "PL201" in run.stdout  # the readable recommendations were checked
    notes = run.stdout + run.stderr
    assert "did not check the parts of the plan whose shape is wrong (PL002)" in notes


def test_a_draft_with_no_title_is_not_all_clear(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "draft.md"
    path.write_bytes(as_md(HEADER, [ROW_1], before=(SUBMITTED,)))
    run = subprocess.run([sys.executable, "-m", "planlint", "check", str(path)], capture_output=True, text=True)
    assert "PL007" in run.stdout and "All clear" not in run.stdout


@pytest.mark.parametrize("kind", FORMATS)
def test_a_draft_not_yet_dated_gets_every_rule_that_does_not_depend_on_its_date(kind):
    rows = [
        AGREED_NO_OWNER,
        ["2", "Keep staff trained.", "Agreed", "Run a training day each quarter.", "Head of Learning", "March 2019"],
    ]
    findings = lint(kind, HEADER, rows, before=(TITLE, "Action Plan Submitted: TBC"))
    codes = {f.code for f in findings}
    assert "PL301" in codes  # the missing owner
    assert "PL404" not in codes  # March 2019 is not judged overdue against today: the plan's date is unknown
    (shape,) = [f for f in findings if f.code == "PL002"]
    assert "TBC" in shape.message and "depends on the plan's date" in shape.message
    dated = lint(kind, HEADER, rows, before=(TITLE, "Action Plan Submitted: 17 January 2024"))
    assert "PL404" in {f.code for f in dated}  # the same step is overdue once the plan is dated


@pytest.mark.parametrize("kind", ["md", "docx"])
def test_an_addressee_heading_between_two_tables_heads_the_recommendations_below(kind):
    second = [["2", "Keep offices safe.", "Agreed", "Survey every office each year.", "Head of Estates", "May 2024"]]
    if kind == "md":
        raw = as_md(
            HEADER,
            [ROW_1],
            after=(
                "The Ministry of Justice should:",
                "",
                "| " + " | ".join(HEADER) + " |",
                "|---|---|---|---|---|---|",
                "| " + " | ".join(second[0]) + " |",
            ),
        )
    else:
        docx = pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")
        document = docx.Document()
        document.add_paragraph(TITLE)
        for rows, heading in (([ROW_1], None), (second, "The Ministry of Justice should:")):
            if heading:
                document.add_paragraph(heading)
            table = document.add_table(rows=1 + len(rows), cols=6)
            for row, values in zip(table.rows, [HEADER, *rows], strict=False):
                for cell, text in zip(row.cells, values, strict=False):
                    cell.text = text
        buffer = io.BytesIO()
        document.save(buffer)
        raw = buffer.getvalue()
    doc = read_bytes(raw, f"plan.{kind}")
    first, second_rec = doc.data["recommendations"]
    assert second_rec.get("addressee") == "The Ministry of Justice should" and "addressee" not in first
    assert "Ministry" not in first["actions"][-1]["text"] and doc.problems == []


def test_an_addressee_heading_with_no_recommendation_after_it_is_reported():
    doc = read("md", HEADER, [ROW_1], after=("The Ministry of Justice should:",))
    assert [p.code for p in doc.problems] == ["PL005"]
    assert "Ministry" in doc.data["recommendations"][0]["response"]


def test_paragraphs_under_a_word_table_are_kept_one_by_one():
    doc = read("docx", HEADER, [ROW_1], after=("Signed off by the regional director.", "The board meets in May."))
    problems = [p for p in doc.problems if p.code == "PL005"]
    assert len(problems) == 2
    assert doc.data["recommendations"][0]["response"] == (
        "Signed off by the regional director.\nThe board meets in May."
    )


@pytest.mark.parametrize("kind", FORMATS)
def test_a_drop_down_still_showing_its_prompt_is_an_empty_cell(kind):
    rows = [
        [
            "1",
            "Ensure that workloads are balanced.",
            "Choose an item.",
            "Publish a monthly workload report.",
            "Click or tap here to enter text.",
            "March 2024",
        ]
    ]
    findings = lint(kind, HEADER, rows)
    codes = {f.code for f in findings}
    assert {"PL101", "PL301"} <= codes and "PL102" not in codes  # no category, no owner: not "Choose an item."


def test_a_row_with_no_step_and_two_owners_is_read_not_a_crash(tmp_path):
    # The owners (one per line) located an action with no text; their list of spans once crashed the import.
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# ACTION PLAN: Example Region\n\n"
        "| Rec No | Recommendation | Agreed/Partly Agreed/Not Agreed | Response Action Taken/Planned | "
        "Responsible Owner | Target Date |\n|---|---|---|---|---|---|\n"
        "| 1 | Ensure that workload reports are produced in every delivery unit. | Agreed |  | "
        "Head of Operations<br>Head of Quality | March 2024 |\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "planlint", "import", str(draft)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "- Head of Operations" in result.stdout and "- Head of Quality" in result.stdout


def _ids_plan(*ids: str) -> str:
    recs = "".join(
        f"  - {{id: '{rec_id}', text: Ensure that staff are supervised., category: Agreed, actions: "
        f"[{{text: Audit 40 cases., owner: Head of Quality, target_date: March 2024}}]}}\n"
        for rec_id in ids
    )
    return "plan: {title: Example}\nrecommendations:\n" + recs


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (("R1", "R2", "R3", "R5"), "skips from R3 to R5 (no recommendation R4)"),
        (("Rec 1", "Rec 3", "Rec 2"), "goes back from Rec 3 to Rec 2"),
        (("1", "2", "4"), "skips from 2 to 4 (no recommendation 3)"),
    ],
)
def test_numbering_after_a_prefix_the_plan_shares_is_checked(ids, message):
    found = [f.message for f in lint_text(_ids_plan(*ids), "plan.plan.yaml") if f.code == "PL107"]
    assert any(message in m for m in found), found


def test_ids_numbering_two_reports_lists_are_no_one_sequence():
    findings = lint_text(_ids_plan("SW 1", "SW 2", "CRC 1", "SW 3"), "plan.plan.yaml")
    assert "PL107" not in {f.code for f in findings}
