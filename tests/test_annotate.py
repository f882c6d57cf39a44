"""`planlint annotate`: a copy of a Word draft with one review comment per finding, where the finding is."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

docx = pytest.importorskip("docx", reason="python-docx (the planlint[docx] extra) is not installed")

from planlint.cli import main  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADER = (
    "1. Rec No",
    "2. Recommendation",
    "3. Agreed/Partly Agreed/Not Agreed",
    "4. Response Action Taken/Planned",
    "5. Responsible Owner (including named individuals)",
    "6. Target Date",
)
ROWS = [
    (
        "1",
        "Ensure that workload reports are produced for every delivery unit.",
        "Agreed",
        "Publish a monthly workload report for every delivery unit.",
        "TBC",
        "March 2024",
    ),
    (
        "2",
        "Improve the quality of risk assessments in every team.",
        "Agreed",
        "Explore options for a quarterly audit of risk assessments in every team.",
        "Head of Quality",
        "soon",
    ),
    (
        "3",
        "Train every practitioner in domestic abuse risk assessment.",
        "Agreed",
        "Deliver domestic abuse training to every practitioner and record completion.",
        "",
        "June 2024",
    ),
    (
        "4",
        "Review the allocation of cases to trainee officers.",
        "Agreed",
        "Publish an allocation policy for trainee officers.",
        "Head of Operations",
        "July 2024",
    ),
]


def draft(rows=ROWS, *, human_comment: bool = False) -> bytes:
    document = docx.Document()
    document.add_paragraph("ACTION PLAN: Example Probation Region")
    document.add_paragraph("Action Plan Submitted: 17th January 2024")
    table = document.add_table(rows=1, cols=6)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=False):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=False):
            if text:
                cell.text = text
    if human_comment:
        run = table.rows[4].cells[3].paragraphs[0].runs[0]
        document.add_comment(run, text="Is this the right policy?", author="Jane Reviewer", initials="JR")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def check_json(path: Path, *extra: str) -> list[dict]:
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--today", "2024-01-17", *extra])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def annotate(*args: str):
    return CliRunner().invoke(main, ["annotate", *args])


def _column_key(text: str) -> str:
    text = re.sub(r"\([^)]*\)", "", re.sub(r"^\s*\d+\.\s*", "", text))
    return " ".join(text.split())


def comments(raw: bytes) -> list[dict]:
    """Each comment of a .docx: author, text, the words it is anchored on, and its table cell if any."""
    document = docx.Document(io.BytesIO(raw))
    by_id = {str(c.comment_id): c for c in document.comments}
    body = document.element.body
    tables = [t for t in body.iter(W + "tbl")]
    open_ids: dict[str, list[str]] = {}
    found: dict[str, dict] = {}
    for node in body.iter():
        if node.tag == W + "commentRangeStart":
            cid = node.get(W + "id")
            open_ids[cid] = []
            found[cid] = {"cell": _cell_of(node, tables)}
        elif node.tag == W + "commentRangeEnd":
            cid = node.get(W + "id")
            found[cid]["words"] = "".join(open_ids.pop(cid))
        elif node.tag == W + "t":
            for words in open_ids.values():
                words.append(node.text or "")
    out = []
    for cid, comment in by_id.items():
        place = found.get(cid, {"cell": None, "words": None})
        out.append({"author": comment.author, "text": comment.text, **place})
    return out


def _cell_of(node, tables):
    tc, tr, tbl = None, None, None
    parent = node.getparent()
    while parent is not None:
        if parent.tag == W + "tc" and tc is None:
            tc = parent
        elif parent.tag == W + "tr" and tr is None:
            tr = parent
        elif parent.tag == W + "tbl":
            tbl = parent
            break
        parent = parent.getparent()
    if tbl is None:
        return None
    assert tr is not None  # a cell's table row, inside its table
    rows = tbl.findall(W + "tr")
    column = tr.findall(W + "tc").index(tc)
    header = "".join(t.text or "" for t in rows[0].findall(W + "tc")[column].iter(W + "t"))
    return {
        "table": tables.index(tbl) + 1,
        "row": rows.index(tr) + 1,
        "column": _column_key(header) or f"column {column + 1}",
    }


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def exported_defects() -> bytes:
    """The contract's plan with every kind of defect, on the template: three tables, merged cells, lists."""
    from conftest import shared_dir
    from planlint.document import load_yaml
    from planlint.importers.export import export_plan

    path = shared_dir() / "spec" / "examples" / "defects.plan.yaml"
    return export_plan(load_yaml(path.read_text(encoding="utf-8"), path.name).data, "docx")


@pytest.mark.parametrize("make", [draft, exported_defects], ids=["draft", "exported-defects"])
def test_one_comment_per_finding_each_in_the_cell_the_finding_names(folder, make):
    path = folder / "draft.docx"
    path.write_bytes(make())
    findings = check_json(path)
    assert len(findings) >= 4

    result = annotate(str(path), "--today", "2024-01-17")
    assert result.exit_code == 1, result.output  # errors found, as `check` would say
    written = comments((folder / "draft.planlint.docx").read_bytes())
    ours = [c for c in written if c["author"] == "planlint"]
    assert len(ours) == len(written) == len(findings)
    expected = Counter((f["code"], json.dumps(f.get("cell"), sort_keys=True)) for f in findings)
    got = Counter((c["text"].split()[0], json.dumps(c["cell"], sort_keys=True)) for c in ours)
    assert got == expected
    for finding in findings:
        assert any(c["text"] == f"{finding['code']} {finding['name']}: {finding['message']}" for c in ours)


def test_a_comment_is_anchored_on_the_offending_words_or_the_empty_cell(folder):
    path = folder / "draft.docx"
    path.write_bytes(draft())
    assert annotate(str(path), "--today", "2024-01-17").exit_code == 1
    by_code = {c["text"].split()[0]: c for c in comments((folder / "draft.planlint.docx").read_bytes())}
    assert by_code["PL302"]["words"] == "TBC"
    assert by_code["PL302"]["cell"] == {"table": 1, "row": 2, "column": "Responsible Owner"}
    assert by_code["PL502"]["words"] == "Explore"  # the word, not the whole action
    assert by_code["PL402"]["words"] == "soon"
    assert by_code["PL402"]["cell"]["column"] == "Target Date"
    # a missing owner: on the empty Responsible Owner cell, the cell to fill
    assert by_code["PL301"]["cell"] == {"table": 1, "row": 4, "column": "Responsible Owner"}
    assert by_code["PL301"]["words"] == ""
    assert "Responsible Owner" in by_code["PL301"]["text"] and "owner:`" not in by_code["PL301"]["text"]


def test_a_comment_covers_its_words_across_formatting_runs(folder):
    document = docx.Document()
    document.add_paragraph("ACTION PLAN: Example Probation Region")
    table = document.add_table(rows=2, cols=6)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=False):
        cell.text = text
    cells = table.rows[1].cells
    for cell, value in zip(
        cells,
        ("1", "Improve the quality of case work in every team.", "Agreed", None, "Head of Quality", "March 2024"),
        strict=False,
    ):
        if value:
            cell.text = value
    paragraph = cells[3].paragraphs[0]
    paragraph.add_run("Publish a briefing on audit learning for teams ")
    paragraph.add_run("where").bold = True
    paragraph.add_run(" possible, each quarter.")
    buffer = io.BytesIO()
    document.save(buffer)
    (folder / "draft.docx").write_bytes(buffer.getvalue())
    assert annotate("draft.docx", "--today", "2024-01-17", "--select", "PL501").exit_code == 0
    (only,) = comments((folder / "draft.planlint.docx").read_bytes())
    assert only["text"].startswith("PL501 vague-phrase: ")
    assert only["words"] == "where possible"
    copy = docx.Document(str(folder / "draft.planlint.docx"))
    texts = [(r.text, bool(r.bold)) for r in copy.tables[0].rows[1].cells[3].paragraphs[0].runs if r.text]
    assert texts == [
        ("Publish a briefing on audit learning for teams ", False),
        ("where", True),
        (" possible", False),
        (", each quarter.", False),
    ]  # the words split out, formatting kept


def test_a_draft_libreoffice_wrote_is_annotated_in_the_same_cells(folder):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer")
    (folder / "src").mkdir()
    (folder / "src" / "draft.docx").write_bytes(draft(human_comment=True))
    completed = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder),
            str(folder / "src" / "draft.docx"),
        ],
        capture_output=True,
        timeout=120,
    )
    assert (folder / "draft.docx").is_file(), completed.stderr.decode(errors="replace")
    findings = check_json(folder / "draft.docx")
    assert annotate("draft.docx", "--today", "2024-01-17").exit_code == 1
    written = comments((folder / "draft.planlint.docx").read_bytes())
    ours = Counter(
        (c["text"].split()[0], json.dumps(c["cell"], sort_keys=True)) for c in written if c["author"] == "planlint"
    )
    assert ours == Counter((f["code"], json.dumps(f["cell"], sort_keys=True)) for f in findings)
    assert [c["text"] for c in written if c["author"] != "planlint"] == ["Is this the right policy?"]


def test_a_whole_plan_finding_goes_on_the_title(folder):
    path = folder / "draft.docx"
    path.write_bytes(draft())
    result = annotate(str(path), "--today", "2024-01-17", "--select", "summary-missing", "--fail-on", "info")
    assert result.exit_code == 1
    (only,) = comments((folder / "draft.planlint.docx").read_bytes())
    assert only["text"].startswith("PL602 summary-missing: ")
    assert only["cell"] is None and only["words"] == "ACTION PLAN: Example Probation Region"


def test_the_draft_is_never_changed(folder):
    path = folder / "draft.docx"
    path.write_bytes(draft(human_comment=True))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert annotate(str(path), "--today", "2024-01-17").exit_code == 1
    assert annotate(str(path), "-o", "again.docx", "--today", "2024-01-17").exit_code == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_annotating_an_annotated_copy_replaces_planlints_comments_and_keeps_a_humans(folder):
    path = folder / "draft.docx"
    path.write_bytes(draft(human_comment=True))
    findings = check_json(path)
    assert annotate(str(path), "--today", "2024-01-17").exit_code == 1
    first = folder / "draft.planlint.docx"
    result = annotate(str(first), "-o", "second.docx", "--today", "2024-01-17")
    assert result.exit_code == 1, result.output
    assert f"replacing {len(findings)} from an earlier run" in result.output
    written = comments((folder / "second.docx").read_bytes())
    ours = [c for c in written if c["author"] == "planlint"]
    humans = [c for c in written if c["author"] != "planlint"]
    assert len(ours) == len(findings)
    assert humans == [
        {
            "author": "Jane Reviewer",
            "text": "Is this the right policy?",
            "cell": {"table": 1, "row": 5, "column": "Response Action Taken/Planned"},
            "words": "Publish an allocation policy for trainee officers.",
        }
    ]
    # the earlier run's anchors are gone with their comments: one start, end and reference per comment
    xml = zipfile_part(folder / "second.docx", "word/document.xml")
    for marker in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert xml.count(f"<w:{marker} ") == len(written)


def zipfile_part(path: Path, name: str) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def test_a_clean_draft_gets_a_copy_with_no_comments_and_exit_0(folder):
    path = folder / "draft.docx"
    path.write_bytes(draft([ROWS[3]]))
    result = annotate(str(path), "--today", "2024-01-17", "--ignore", "PL6,PL5")
    assert result.exit_code == 0, result.output
    assert comments((folder / "draft.planlint.docx").read_bytes()) == []
    assert "with 0 comments" in result.output


def test_exit_codes_follow_check(folder):
    path = folder / "draft.docx"
    path.write_bytes(draft())
    assert annotate(str(path), "--today", "2024-01-17", "--exit-zero").exit_code == 0
    assert annotate(str(path), "-o", "b.docx", "--today", "2024-01-17", "--fail-on", "never").exit_code == 0
    assert annotate(str(path), "-o", "c.docx", "--today", "2024-01-17", "--select", "PL502").exit_code == 0  # a warning
    assert (
        annotate(
            str(path), "-o", "d.docx", "--today", "2024-01-17", "--select", "PL502", "--fail-on", "warning"
        ).exit_code
        == 1
    )


def test_it_refuses_to_overwrite_the_draft_or_an_existing_file(folder):
    path = folder / "draft.docx"
    path.write_bytes(draft())
    before = path.read_bytes()
    result = annotate(str(path), "-o", str(path), "--force")
    assert result.exit_code == 2 and "input file" in result.output and len(result.output.splitlines()) == 1
    (folder / "draft.planlint.docx").write_bytes(b"someone's file")
    result = annotate(str(path))
    assert result.exit_code == 2 and "already exists; use --force" in result.output
    assert (folder / "draft.planlint.docx").read_bytes() == b"someone's file"
    assert annotate(str(path), "--force", "--today", "2024-01-17").exit_code == 1
    assert comments((folder / "draft.planlint.docx").read_bytes())
    assert path.read_bytes() == before
    assert not [p for p in os.listdir(folder) if p.startswith(".planlint-")]  # no temporary file left behind


def test_it_refuses_what_it_cannot_annotate(folder):
    (folder / "draft.md").write_text("# ACTION PLAN: x\n", encoding="utf-8")
    result = annotate("draft.md")
    assert result.exit_code == 2 and ".docx" in result.output
    (folder / "broken.docx").write_bytes(b"not a zip")
    result = annotate("broken.docx")
    assert result.output == (
        "planlint: error: broken.docx: not annotated: not a Word document: a .docx file is a "
        "zip archive (was it saved as .doc, or renamed?)\n"
    )
    assert result.exit_code == 2 and not (folder / "broken.planlint.docx").exists()


def test_a_word_file_with_no_plan_table_gets_its_finding_on_the_title(folder):
    document = docx.Document()
    document.add_paragraph("Minutes of the meeting")
    document.add_paragraph("Present: everyone")
    document.save(str(folder / "minutes.docx"))
    findings = check_json(folder / "minutes.docx")
    assert [f["code"] for f in findings] == ["PL001"]
    assert annotate("minutes.docx").exit_code == 1  # as `check` says
    (only,) = comments((folder / "minutes.planlint.docx").read_bytes())
    assert only["text"].startswith("PL001 parse-error: ") and only["words"] == "Minutes of the meeting"


def _pdf_text_annotations(pdf: bytes) -> int:
    """Text annotations (comments) in a PDF, counting inside compressed object streams too."""
    pattern = re.compile(rb"/Subtype\s*/Text\b")
    count = len(pattern.findall(pdf))
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            count += len(pattern.findall(zlib.decompress(stream.group(1))))
        except zlib.error:
            continue
    return count


def test_libreoffice_opens_the_copy_and_exports_the_comments_as_pdf_annotations(folder):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer")
    path = folder / "draft.docx"
    path.write_bytes(draft(human_comment=True))
    findings = check_json(path)
    assert annotate(str(path), "--today", "2024-01-17").exit_code == 1
    export = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
    profile = folder / "lo-profile"
    completed = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            export,
            "--outdir",
            str(folder / "pdf"),
            str(folder / "draft.planlint.docx"),
        ],
        capture_output=True,
        timeout=120,
    )
    pdf = folder / "pdf" / "draft.planlint.pdf"
    assert pdf.is_file(), completed.stderr.decode(errors="replace")
    assert _pdf_text_annotations(pdf.read_bytes()) == len(findings) + 1  # and the reviewer's own


# ---------------------------------------------------------------- findings a Word user can act on


@pytest.mark.parametrize("fmt", ["text", "github", "junit", "gitlab", "sarif"])
def test_every_format_names_the_cell_to_fill_never_a_line_of_planlints_rendering(folder, fmt):
    (folder / "draft.docx").write_bytes(draft())
    result = CliRunner().invoke(
        main, ["check", "draft.docx", "--format", fmt, "--today", "2024-01-17", "--select", "PL301"]
    )
    assert result.exit_code == 1, result.output
    out = result.stdout
    if fmt == "sarif":  # the results, not the rules' documentation (which is written for plan files)
        out = json.dumps(json.loads(out)["runs"][0]["results"])
    assert "table 1, row 4, Responsible Owner" in out
    assert "fill in the Responsible Owner cell" in out and "`owner:`" not in out
    assert not re.search(r"draft\.docx:\d+:\d+|line=\d|\"startLine\"|line=\"\d", out)
    if fmt == "gitlab":
        assert json.loads(out)[0]["location"]["lines"] == {"begin": 1, "end": 1}


def test_a_missing_date_points_at_the_empty_target_date_cell(folder):
    rows = [ROWS[3][:5] + ("",)]
    (folder / "draft.docx").write_bytes(draft(rows))
    (finding,) = check_json(folder / "draft.docx", "--select", "PL401")
    assert finding["cell"] == {"table": 1, "row": 2, "column": "Target Date"}
    assert "fill in the Target Date cell" in finding["message"]


def test_the_same_finding_in_a_plan_file_keeps_its_yaml_wording(folder):
    (folder / "a.plan.yaml").write_text(
        "plan:\n  title: x\n  submitted: 2024-01-17\nrecommendations:\n  - id: 1\n    text: Do it.\n"
        "    category: Agreed\n    actions:\n      - text: Publish a report.\n        target_date: March 2024\n",
        encoding="utf-8",
    )
    (finding,) = check_json(folder / "a.plan.yaml", "--select", "PL301")
    assert "add `owner:`" in finding["message"] and "cell" not in finding


# ---------------------------------------------------------------- drafts in folders


def _tree(folder: Path) -> None:
    (folder / "plans").mkdir()
    (folder / "plans" / "draft.docx").write_bytes(draft())
    (folder / "plans" / "~$draft.docx").write_bytes(b"Word's lock file")
    (folder / "plans" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    (folder / "README.md").write_text("# Plans\n", encoding="utf-8")


def test_a_folder_walk_skips_drafts_by_default_and_says_so_once(folder):
    _tree(folder)
    result = CliRunner().invoke(main, ["check", ".", "--today", "2024-01-17"])
    assert result.exit_code == 0, result.output
    assert "All clear: no findings in 0 files" in result.stdout
    notes = [line for line in result.stderr.splitlines() if "not linting" in line]
    assert notes == [
        "planlint: note: not linting plans/draft.docx: no `include` glob matches (by default "
        "*.plan.yaml and *.plan.yml); name a draft to lint it, or add '*.docx' to `include` in "
        ".planlint.yaml"
    ]


def test_include_lets_a_folder_walk_lint_word_drafts(folder):
    _tree(folder)
    (folder / ".planlint.yaml").write_text("include: ['*.plan.yaml', '*.docx']\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", ".", "--today", "2024-01-17", "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert {f["file"] for f in report["findings"]} == {"plans/draft.docx"}  # not the lock file, not the notes
    assert "not linting" not in result.stderr


def test_include_and_exclude_together(folder):
    _tree(folder)
    (folder / "plans" / "old").mkdir()
    (folder / "plans" / "old" / "2019.docx").write_bytes(draft())
    (folder / ".planlint.yaml").write_text(
        "include: ['plans/*.docx', 'plans/**/*.docx']\nexclude: [old/]\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", ".", "--today", "2024-01-17", "--format", "json"])
    assert {f["file"] for f in json.loads(result.stdout)["findings"]} == {"plans/draft.docx"}


def test_include_must_be_a_list_of_globs(folder):
    (folder / ".planlint.yaml").write_text("include: 3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "."])
    assert result.exit_code == 2 and "include: must be a list of globs" in result.output


def test_the_readme_word_section_gets_from_a_draft_to_an_annotated_copy_in_two_commands(folder):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section_match = re.search(r"### Word drafts\n(.*?)\n### ", readme, re.S)
    assert section_match is not None, "README.md has a '### Word drafts' section"
    commands_match = re.search(r"```sh\n(.*?)```", section_match.group(1), re.S)
    assert commands_match is not None, "the Word drafts section shows its commands"
    commands = commands_match.group(1).strip().splitlines()
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install '.[docx]'",
        ".venv/bin/planlint annotate draft.docx",
    ]
    (folder / "draft.docx").write_bytes(draft())
    result = CliRunner().invoke(main, commands[1].split()[1:])
    assert result.exit_code == 1 and (folder / "draft.planlint.docx").is_file()
    assert "wrote draft.planlint.docx with" in result.stderr


W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
COMPANIONS = {  # what Word saves beside comments.xml: name -> (namespace, content type, relationship type)
    "commentsExtended": (
        "http://schemas.microsoft.com/office/word/2012/wordml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
        "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    ),
    "commentsIds": (
        "http://schemas.microsoft.com/office/word/2016/wordml/cid",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml",
        "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    ),
    "commentsExtensible": (
        "http://schemas.microsoft.com/office/word/2018/wordml/cex",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtensible+xml",
        "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
    ),
}


def saved_by_word(raw: bytes) -> bytes:
    """The copy as Word saves it after a review: paragraph ids on comments, the parts Word keeps beside
    comments.xml, and the reviewer's reply to the first planlint comment."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document(io.BytesIO(raw))
    all_comments = list(document.comments)
    planlint_first = next(c for c in all_comments if c.author == "planlint")
    reply = document.add_comment(document.paragraphs[0].runs, text="Agreed, will fix", author="Jane Reviewer")
    entries: dict[str, list] = {name: [] for name in COMPANIONS}
    for number, comment in enumerate([*all_comments, reply], 1):
        para_id, durable = f"{number:08X}", f"{number + 100:08X}"
        comment._comment_elm.p_lst[-1].set(W14 + "paraId", para_id)
        parent = f' w15:paraIdParent="{1 + all_comments.index(planlint_first):08X}"' if comment is reply else ""
        entries["commentsExtended"].append(f'<w15:commentEx w15:paraId="{para_id}" w15:done="0"{parent}/>')
        entries["commentsIds"].append(f'<w16cid:commentId w16cid:paraId="{para_id}" w16cid:durableId="{durable}"/>')
        entries["commentsExtensible"].append(f'<w16cex:commentExtensible w16cex:durableId="{durable}"/>')
    prefixes = {
        "commentsExtended": ("w15", "commentsEx"),
        "commentsIds": ("w16cid", "commentsIds"),
        "commentsExtensible": ("w16cex", "commentsExtensible"),
    }
    for name, (namespace, content_type, reltype) in COMPANIONS.items():
        prefix, root = prefixes[name]
        blob = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{prefix}:{root} '
            f'xmlns:{prefix}="{namespace}">{"".join(entries[name])}</{prefix}:{root}>'
        ).encode()
        part = Part(PackURI(f"/word/{name}.xml"), content_type, blob, document.part.package)
        document.part.relate_to(part, reltype)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_re_annotating_a_copy_word_saved_also_clears_words_own_records_of_planlints_comments(folder):
    (folder / "draft.docx").write_bytes(draft(human_comment=True))
    findings = check_json(folder / "draft.docx")
    assert annotate("draft.docx", "--today", "2024-01-17").exit_code == 1
    (folder / "reviewed.docx").write_bytes(saved_by_word((folder / "draft.planlint.docx").read_bytes()))
    assert annotate("reviewed.docx", "-o", "again.docx", "--today", "2024-01-17").exit_code == 1
    written = comments((folder / "again.docx").read_bytes())
    assert sorted(c["text"] for c in written if c["author"] != "planlint") == [
        "Agreed, will fix",
        "Is this the right policy?",
    ]
    assert len([c for c in written if c["author"] == "planlint"]) == len(findings)
    human_ids = {f"{n:08X}" for n in (1, len(findings) + 2)}  # the reviewer's comment and reply, as numbered above
    extended = zipfile_part(folder / "again.docx", "word/commentsExtended.xml")
    assert set(re.findall(r'w15:paraId="([0-9A-F]{8})"', extended)) == human_ids
    assert "paraIdParent" not in extended  # the reply to a planlint comment now stands on its own
    ids = zipfile_part(folder / "again.docx", "word/commentsIds.xml")
    assert set(re.findall(r'w16cid:paraId="([0-9A-F]{8})"', ids)) == human_ids
    durable = set(re.findall(r'w16cid:durableId="([0-9A-F]{8})"', ids))
    extensible = zipfile_part(folder / "again.docx", "word/commentsExtensible.xml")
    assert set(re.findall(r'w16cex:durableId="([0-9A-F]{8})"', extensible)) == durable and len(durable) == 2


def test_the_same_words_twice_in_a_cell_each_finding_on_its_own(folder):
    rows = [
        (
            "1",
            "Improve the quality of case work in every team.",
            "Agreed",
            "Publish a briefing for R&D teams where possible, and audit their cases where possible.",
            "Head of Quality",
            "March 2024",
        )
    ]
    (folder / "draft.docx").write_bytes(draft(rows))
    findings = check_json(folder / "draft.docx", "--select", "PL501")
    assert annotate("draft.docx", "--today", "2024-01-17", "--select", "PL501").exit_code == 0
    copy = docx.Document(str(folder / "draft.planlint.docx"))
    paragraph = copy.tables[0].rows[1].cells[3].paragraphs[0]._p
    marks = [
        (node.tag.rsplit("}", 1)[1], node.get(W + "id")) if node.tag != W + "t" else node.text
        for node in paragraph.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "t")
    ]
    assert len(findings) == 2  # one per use of the phrase
    assert marks == [
        "Publish a briefing for R&D teams ",
        ("commentRangeStart", "0"),
        "where possible",
        ("commentRangeEnd", "0"),
        ", and audit their cases ",
        ("commentRangeStart", "1"),
        "where possible",
        ("commentRangeEnd", "1"),
        ".",
    ]


@pytest.mark.parametrize("to", ["docx", "md"])
@pytest.mark.parametrize("submitted", [True, False])
def test_no_finding_in_an_imported_draft_speaks_of_yaml_keys_or_fixes(folder, to, submitted):
    from conftest import shared_dir
    from planlint.document import load_yaml
    from planlint.importers.export import export_plan

    path = shared_dir() / "spec" / "examples" / "defects.plan.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"), path.name).data
    if not submitted:  # the date rules then say "today ..., as the plan gives no `submitted` date"
        data["plan"].pop("submitted")
    (folder / f"draft.{to}").write_bytes(export_plan(data, to))
    findings = check_json(folder / f"draft.{to}")
    assert len(findings) > 20
    assert [f["message"] for f in findings if "`" in f["message"] or "--fix" in f["message"]] == []
    assert all(f["fix"] is None for f in findings)
    if not submitted:
        assert any("as the document gives no 'Action Plan Submitted' date" in f["message"] for f in findings)
