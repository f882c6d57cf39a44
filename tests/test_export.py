"""Export to the template, and export then import gives back the same plan."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from conftest import shared_dir
from planlint.cli import main
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
        return None if value is None else str(value)
    return [(r["id"], r.get("text"), r.get("category"), r.get("addressee"),
             [(a.get("text"), a.get("owner"), date(a.get("target_date"))) for a in r.get("actions") or []])
            for r in data["recommendations"]]


def read_back(data: bytes, to: str):
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
    assert {k: str(v) for k, v in doc.data["plan"].items()} == {k: str(v) for k, v in data["plan"].items()
                                                                 if k in facts}


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
