"""Export to the template, and export then import gives back the same plan."""

from __future__ import annotations

import datetime as dt
import io
import re
from types import ModuleType

import pytest
from click.testing import CliRunner

from conftest import shared_dir
from planlint.cli import main
from planlint.dates import read_plan_date
from planlint.document import load_yaml
from planlint.importers import markdown
from planlint.importers.export import export_plan


def example(name: str) -> dict:
    path = shared_dir() / "spec" / "examples" / f"{name}.plan.yaml"
    if not path.is_file():
        pytest.skip(f"the contract examples are not at {path.parent} (set PLANLINT_SHARED)")
    return load_yaml(path.read_text(encoding="utf-8"), path.name).data


def essentials(data: dict) -> list:
    def date(value):
        """The day a target date means: the export writes a date as the template does ('29th February 2024')."""
        if value is None or isinstance(value, dt.date):
            return value
        return read_plan_date(str(value)) or str(value)

    return [
        (
            r["id"],
            r.get("text"),
            r.get("category"),
            r.get("addressee"),
            [(a.get("text"), a.get("owner"), date(a.get("target_date"))) for a in r.get("actions") or []],
        )
        for r in data["recommendations"]
    ]


def read_back(data: bytes, to: str):
    reader: ModuleType
    if to == "docx":
        pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")
        from planlint.importers import docx as reader
    else:
        reader = markdown
    return reader.read(data, f"plan.{to}")


@pytest.mark.parametrize("to", ["md", "docx"])
@pytest.mark.parametrize("name", ["clean", "defects"])
def test_export_then_import_gives_back_the_plan(name, to):
    data = example(name)
    doc = read_back(export_plan(data, to), to)
    assert doc.problems == []
    assert essentials(doc.data) == essentials(data)
    assert doc.data.get("summary") == data.get("summary")
    facts = ("title", "organisation", "report", "report_published", "submitted")  # what the template prints
    assert {k: str(v) for k, v in doc.data["plan"].items()} == {
        k: str(v) for k, v in data["plan"].items() if k in facts
    }


def test_the_word_export_is_the_template():
    docx = pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")
    document = docx.Document(io.BytesIO(export_plan(example("clean"), "docx")))
    terms, actions, summary = document.tables
    assert [c.text for c in terms.rows[1].cells][:1] == ["Agreed"]
    assert actions.rows[0].cells[5].text == "6. Target Date"
    assert actions.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # repeated on each page
    assert [c.text for c in summary.rows[-1].cells] == ["Total", "3"]


def test_cli_import_writes_loadable_yaml_and_export_writes_the_template(tmp_path):
    source = tmp_path / "draft.md"
    source.write_bytes(export_plan(example("clean"), "md"))
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(source), "-o", str(tmp_path / "draft.plan.yaml")])
    assert result.exit_code == 0, result.output
    written = load_yaml((tmp_path / "draft.plan.yaml").read_text(encoding="utf-8"), "draft.plan.yaml")
    assert written.problems == [] and essentials(written.data) == essentials(example("clean"))
    result = runner.invoke(main, ["export", str(tmp_path / "draft.plan.yaml"), "--to", "md"])
    assert result.exit_code == 0 and "| 1. Rec No |" in result.output
    result = runner.invoke(main, ["export", str(tmp_path / "draft.plan.yaml"), "--to", "docx"])
    assert result.exit_code == 2 and "-o FILE.docx" in result.output


def test_cli_import_of_a_file_with_no_plan_table_fails_clearly(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Minutes of the meeting\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(notes)])
    assert result.exit_code == 2
    assert "PL001 no recognisable action plan table" in result.output


# ---------------------------------------------------------------- never lose a user's file


@pytest.mark.parametrize("command", [["import", "draft.md"], ["export", "plan.plan.yaml", "--to", "md"]])
def test_import_and_export_refuse_to_overwrite_their_input_even_with_force(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.md").write_bytes(export_plan(example("clean"), "md"))
    (tmp_path / "plan.plan.yaml").write_text(
        (shared_dir() / "spec" / "examples" / "clean.plan.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    source = tmp_path / command[1]
    before = source.read_bytes()
    for extra in ([], ["--force"]):
        result = CliRunner().invoke(main, [*command, "-o", command[1], *extra])
        assert result.exit_code == 2, result.output
        assert result.output == (
            f"planlint: error: --output {command[1]}: that is the input file; write to another file\n"
        )
        assert source.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [["import", "draft.md"], ["export", "plan.plan.yaml", "--to", "md"], ["export", "plan.plan.yaml", "--to", "docx"]],
)
def test_import_and_export_refuse_an_existing_output_without_force(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.md").write_bytes(export_plan(example("clean"), "md"))
    (tmp_path / "plan.plan.yaml").write_text(
        (shared_dir() / "spec" / "examples" / "clean.plan.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    if command[-1] == "docx":
        pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")
    (tmp_path / "out").write_bytes(b"someone's work")
    result = CliRunner().invoke(main, [*command, "-o", "out"])
    assert result.exit_code == 2
    assert result.output == "planlint: error: out already exists; use --force to overwrite it\n"
    assert (tmp_path / "out").read_bytes() == b"someone's work"
    result = CliRunner().invoke(main, [*command, "-o", "out", "--force"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out").read_bytes() != b"someone's work"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".planlint-")]  # written atomically


@pytest.mark.parametrize("option", ["--fix", "--diff"])
def test_fix_on_a_draft_says_it_edits_plan_yaml_only_and_offers_no_fixable_count(tmp_path, monkeypatch, option):
    monkeypatch.chdir(tmp_path)
    data = example("defects")
    (tmp_path / "draft.md").write_bytes(export_plan(data, "md"))
    before = (tmp_path / "draft.md").read_bytes()
    result = CliRunner().invoke(main, ["check", "draft.md", option, "--today", "2024-01-17"])
    assert result.exit_code == (1 if option == "--fix" else 0), result.output  # --diff: 1 only for a diff to show
    assert (
        f"planlint: note: {option} edits .plan.yaml files only, so draft.md was not changed; convert a draft "
        "first (planlint import draft.md -o draft.plan.yaml), then fix that file"
    ) in result.stderr
    assert (tmp_path / "draft.md").read_bytes() == before
    report = CliRunner().invoke(main, ["check", "draft.md", "--today", "2024-01-17"]).stdout
    assert "PL606" in report and "fixable" not in report and "--fix" not in report


# ---------------------------------------------------------------- looks like the template


def _plan(**info) -> dict:
    return {
        "plan": info,
        "recommendations": [
            {
                "id": 1,
                "text": "Improve the quality of risk assessments.",
                "category": "Agreed",
                "actions": [
                    {
                        "text": "Deliver risk training to every practitioner.\n\nThe training includes a module on "
                        "domestic abuse and is recorded on the learning system.",
                        "owner": "Head of Quality",
                        "target_date": dt.date(2024, 10, 14),
                    },
                    {
                        "text": "Publish guidance covering:\n- screening at allocation\n- review every six months",
                        "owner": "Head of Operations",
                        "target_date": "March 2025",
                    },
                    {"text": "Audit twenty cases.", "owner": "Head of Quality", "target_date": "June 2025"},
                ],
            }
        ],
    }


def _document_text(data: bytes, to: str) -> str:
    if to == "md":
        return data.decode("utf-8")
    document = docx_module().Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def docx_module():
    return pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")


@pytest.mark.parametrize("to", ["md", "docx"])
@pytest.mark.parametrize(
    "title", ["ACTION PLAN: Example Region", "Action Plan: Example Region", "Action plan - Example Region"]
)
def test_the_action_plan_line_says_action_plan_once(to, title):
    text = _document_text(export_plan(_plan(title=title), to), to)
    assert not re.search(r"action plan\W+action plan", text, re.IGNORECASE)
    assert title in text


@pytest.mark.parametrize("to", ["md", "docx"])
def test_dates_are_written_as_the_template_writes_them(to):
    data = _plan(
        title="ACTION PLAN: Example Region", submitted=dt.date(2024, 10, 14), report_published=dt.date(2024, 9, 1)
    )
    data["recommendations"][0]["actions"][2]["target_date"] = dt.date(2025, 6, 22)
    text = _document_text(export_plan(data, to), to)
    assert "Action Plan Submitted: 14th October 2024" in text
    assert "Report Published: 1st September 2024" in text
    assert "22nd June 2025" in text and "14th October 2024" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


@pytest.mark.parametrize("to", ["md", "docx"])
def test_export_then_import_keeps_each_action_whole(to):
    data = _plan(title="ACTION PLAN: Example Region", submitted=dt.date(2024, 1, 17))
    doc = read_back(export_plan(data, to), to)
    assert doc.problems == []
    actions = doc.data["recommendations"][0]["actions"]
    assert len(actions) == 3  # the two-paragraph action is not split in two
    assert " ".join(actions[0]["text"].split()) == (
        "Deliver risk training to every practitioner. The training "
        "includes a module on domestic abuse and is recorded on the "
        "learning system."
    )
    assert actions[1]["text"] == "Publish guidance covering:\n- screening at allocation\n- review every six months"
    assert [a["owner"] for a in actions] == ["Head of Quality", "Head of Operations", "Head of Quality"]
    assert read_plan_date(actions[0]["target_date"]) == dt.date(2024, 10, 14)
    assert doc.data["plan"]["submitted"] == dt.date(2024, 1, 17)


@pytest.mark.parametrize("to", ["md", "docx"])
def test_a_clean_plan_exported_is_still_clean(tmp_path, to):
    if to == "docx":
        docx_module()
    (tmp_path / f"plan.{to}").write_bytes(export_plan(example("clean"), to))
    result = CliRunner().invoke(main, ["check", str(tmp_path / f"plan.{to}"), "--today", "2024-01-17"])
    assert result.exit_code == 0 and "All clear" in result.output, result.output
