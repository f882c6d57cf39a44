"""Imported plans on the other templates: the importers tell the template from the table's header
(and the title), read its categories and date line, and the plan lints with that template's rules."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from conftest import ROOT, lint_text
from planlint.profiles import load_profile
from planlint.reader import read_bytes

DATA = ROOT / "tests" / "data" / "profiles"
SEEDS = sorted((ROOT / "tests" / "data" / "shared" / "seeds").glob("*.txt"))


def _findings(raw: bytes, name: str, today: dt.date):
    return [(f.code, f.message) for f in lint_text(raw, name, today=today)]


def test_an_accepted_rejected_text_plan_is_read_on_its_template():
    raw = (DATA / "hmcip-accepted-rejected.txt").read_bytes()
    plan = read_bytes(raw, "plan.txt").data
    assert plan is not None
    assert plan["plan"]["template"] == "hmcip-accepted-rejected"
    assert plan["plan"]["submitted"] == dt.date(2017, 6, 20)  # "POSITION AS AT: 20 June 2017"
    assert plan["plan"]["report"] == "the Report on an unannounced inspection of Northmoor prison"
    recs = plan["recommendations"]
    assert [(r["id"], r["category"]) for r in recs] == [(1, "Accepted"), (2, "Rejected"), (3, "Accepted")]
    # "N/A" under owner and date of a Rejected answer: its reason, no step
    assert "actions" not in recs[1] and recs[1]["response"].startswith("Staffing at the current level")
    # judged as of the plan's own date, not today's: July 2017 is not overdue
    assert _findings(raw, "plan.txt", dt.date(2024, 6, 1)) == [
        (
            "PL103",
            "Recommendation 3 is Accepted but lists no action: give the specific steps, each with an owner and a "
            "target date",
        )
    ]


def test_a_concerns_text_plan_is_read_on_its_template():
    raw = (DATA / "hmip-prisons-concerns.txt").read_bytes()
    plan = read_bytes(raw, "plan.txt").data
    assert plan is not None and plan["plan"]["template"] == "hmip-prisons-concerns"
    assert [(r["id"], r["category"], len(r.get("actions", []))) for r in plan["recommendations"]] == [
        (1, "Agreed", 1),
        (2, "Not Agreed", 0),
        (3, "Agreed", 1),
    ]
    codes = [code for code, _ in _findings(raw, "plan.txt", dt.date(2024, 6, 1))]
    assert codes == ["PL401", "PL109"]
    messages = dict(_findings(raw, "plan.txt", dt.date(2024, 6, 1)))
    assert messages["PL109"].startswith("The concern is Agreed, but 'subject to funding'")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_the_published_2018_plans_are_read_on_the_2018_template(seed):
    # seed 000's header says "Responsible / Policy Lead": no sign of the older HMCIP template
    plan = read_bytes(seed.read_bytes(), seed.name).data
    assert plan is not None and "template" not in plan["plan"]


def _docx(name: str) -> bytes:
    """The .txt fixture of a template as a Word document: its lines above the table as paragraphs, its
    header row as the profile prints it, and its rows."""
    docx = pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")
    profile = load_profile(name)
    lines = (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(lines) if "\t" in line)
    document = docx.Document()
    for line in lines[:header_at]:
        if line.strip():
            document.add_paragraph(line)
    columns = ("id", "text", "category", "response", "owner", "target_date")
    table = document.add_table(rows=1, cols=6)
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        cell.text = profile.columns[column]
    for line in lines[header_at + 1 :]:
        for cell, text in zip(table.add_row().cells, line.split("\t"), strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["hmcip-accepted-rejected", "hmip-prisons-concerns"])
def test_a_word_plan_on_each_template_imports_and_lints_as_its_text(name):
    raw = _docx(name)
    plan = read_bytes(raw, "plan.docx").data
    assert plan is not None and plan["plan"]["template"] == name
    text = (DATA / f"{name}.txt").read_bytes()
    today = dt.date(2024, 6, 1)
    assert [c for c, _ in _findings(raw, "plan.docx", today)] == [c for c, _ in _findings(text, "plan.txt", today)]


def test_a_markdown_plan_on_the_accepted_rejected_template_is_read_on_it():
    rows = (DATA / "hmcip-accepted-rejected.txt").read_text(encoding="utf-8").splitlines()
    lines = []
    for line in rows:
        if "\t" not in line:
            lines.append(line)
            continue
        lines.append("| " + " | ".join(line.split("\t")) + " |")
        if line.startswith("Rec."):
            lines.append("|---|---|---|---|---|---|")
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    plan = read_bytes(raw, "plan.md").data
    assert plan is not None and plan["plan"]["template"] == "hmcip-accepted-rejected"
    assert [c for c, _ in _findings(raw, "plan.md", dt.date(2024, 6, 1))] == ["PL103"]


@pytest.mark.parametrize("to", ["md", "docx"])
@pytest.mark.parametrize("name", ["accepted-rejected", "concerns"])
def test_an_export_on_another_template_prints_its_words_and_reads_back_the_same(name, to):
    if to == "docx":
        pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")
    from ruamel.yaml import YAML

    from planlint.importers.export import export_plan

    plan = YAML(typ="safe").load((ROOT / "examples" / f"{name}-clean.plan.yaml").read_text(encoding="utf-8"))
    profile = load_profile(plan["plan"]["template"])
    raw = export_plan(plan, to)
    if to == "md":
        text = raw.decode("utf-8")
        assert profile.columns["category"] in text and profile.exporter["introduction"] in text
        assert "Additional comment" not in text  # the 2018 categorisation table is not this template's
    back = read_bytes(raw, f"plan.{to}").data
    assert back is not None
    assert back["plan"]["template"] == plan["plan"]["template"]
    assert back["summary"] == plan["summary"]
    assert [(r["category"], len(r.get("actions", []))) for r in back["recommendations"]] == [
        (r["category"], len(r.get("actions", []))) for r in plan["recommendations"]
    ]
    assert lint_text(raw, f"plan.{to}", today=dt.date(2024, 6, 1)) == []
