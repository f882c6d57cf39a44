"""The command line as a user meets it: options, exit codes, error lines."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner

from conftest import ROOT, shared_dir
from planlint import __version__
from planlint.cli import main

DEFECTS = shared_dir() / "spec" / "examples" / "defects.plan.yaml"
CLEAN = shared_dir() / "spec" / "examples" / "clean.plan.yaml"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.output.strip() == f"planlint {__version__}"


def test_rules_lists_every_rule_of_the_catalogue(shared):
    listed = run("rules", "--format", "json")
    rows = {r["code"]: r for r in json.loads(listed.output)}
    spec = re.findall(r"^\| (PL\d{3}) \| ([a-z-]+) \| (\w+) \|", (shared / "spec" / "rules.md").read_text(), re.M)
    for code, name, severity in spec:
        if code in rows:  # a rule whose metadata a later change adds is absent, never wrong
            assert (rows[code]["name"], rows[code]["severity"]) == (name, severity)
    assert {"PL001", "PL301", "PL601"} <= set(rows)
    text = run("rules").output
    assert re.search(r"^PL301\s+owner-missing\s+error\s+on", text, re.M)
    assert re.search(r"^PL305\s+owner-named-individual\s+error\s+off", text, re.M)


def test_explain_by_code_and_by_name():
    by_code = run("explain", "PL301")
    assert by_code.exit_code == 0
    assert "# PL301 owner-missing" in by_code.output
    assert "## Example that fails" in by_code.output and "## Example that passes" in by_code.output
    assert run("explain", "owner-missing").output == by_code.output


def test_explain_unknown_rule_is_exit_2_with_a_hint():
    result = CliRunner().invoke(main, ["explain", "owner-mising"])
    assert result.exit_code == 2
    assert "did you mean PL301 owner-missing" in result.output


def test_text_output_has_location_code_name_severity_caret_and_totals(shared):
    result = run("check", str(DEFECTS), "--select", "PL301")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    head = next(line for line in lines if "PL301" in line)
    assert re.match(r".*defects\.plan\.yaml:17:9: PL301 owner-missing \[error\] The action has no owner", head)
    index = lines.index(head)
    assert lines[index + 1].strip().startswith("- text: Publish a monthly workload report")
    assert lines[index + 2].index("^") == lines[index + 1].index("text:")
    assert lines[-1] == "Found 1 finding in 1 file: 1 error"


def test_json_output_fields(shared):
    result = run("check", str(DEFECTS), "--format", "json", "--select", "PL302")
    data = json.loads(result.output)
    (finding,) = data["findings"]
    assert set(finding) >= {
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "name",
        "severity",
        "message",
        "path",
        "fix",
        "fingerprint",
    }
    assert finding["path"] == "recommendations[0].actions[1].owner"
    assert (finding["line"], finding["column"], finding["code"], finding["fix"]) == (20, 16, "PL302", None)
    assert data["summary"]["errors"] == 1


def test_fail_on_and_exit_zero(shared):
    assert run("check", str(DEFECTS), "--select", "PL304").exit_code == 0  # a warning does not fail by default
    assert run("check", str(DEFECTS), "--select", "PL304", "--fail-on", "warning").exit_code == 1
    assert run("check", str(DEFECTS), "--exit-zero").exit_code == 0
    assert run("check", str(DEFECTS), "--fail-on", "never").exit_code == 0


def test_select_family_and_ignore_by_name(shared):
    data = json.loads(
        run("check", str(DEFECTS), "--format", "json", "--select", "PL3", "--ignore", "owner-vague").output
    )
    assert {f["code"] for f in data["findings"]} == {"PL301", "PL302", "PL303"}


def test_opt_in_rule_runs_only_when_selected(shared):
    default = json.loads(run("check", str(CLEAN), "--format", "json").output)
    assert default["findings"] == []
    extended = json.loads(run("check", str(CLEAN), "--format", "json", "--extend-select", "PL305").output)
    assert {f["code"] for f in extended["findings"]} == {"PL305"}


@pytest.mark.parametrize(
    "args, needle",
    [
        (["check", "no/such/file.plan.yaml"], "no/such/file.plan.yaml: no such file or folder"),
        (["check", "--select", "PL999", str(DEFECTS)], "unknown rule 'PL999'"),
        (["check", "--today", "17/01/2024", str(DEFECTS)], "--today '17/01/2024': write the date as YYYY-MM-DD"),
        (["check", "--format", "xml", str(DEFECTS)], "Invalid value for '--format': 'xml' is not one of"),
        (["check", "--jobs", "0", str(DEFECTS)], "Invalid value for '--jobs'"),
        (["no-such-command"], "No such command 'no-such-command'"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args, needle):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_stdin_with_a_name(shared):
    result = run("check", "-", "--stdin-filename", "draft.plan.yaml", "--format", "json", input=DEFECTS.read_text())
    files = {f["file"] for f in json.loads(result.output)["findings"]}
    assert files == {"draft.plan.yaml"}


def test_directory_walk_finds_plan_files_only(tmp_path, shared):
    (tmp_path / "a.plan.yaml").write_text(CLEAN.read_text())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.plan.yml").write_text(DEFECTS.read_text())
    (tmp_path / "notes.yaml").write_text("not: [a plan")
    data = json.loads(run("check", str(tmp_path), "--format", "json").output)
    assert {f["file"].rsplit("/", 1)[-1] for f in data["findings"]} == {"b.plan.yml"}
    assert data["summary"]["files"] == 2


def test_output_file_and_statistics(tmp_path, shared):
    out = tmp_path / "report.txt"
    result = run("check", str(DEFECTS), "--statistics", "--output", str(out))
    assert result.output == ""
    text = out.read_text()
    assert re.search(r"^\s+1\s+PL301\s+owner-missing\s+\[error\]", text, re.M)
    assert "->" not in text and "defects.plan.yaml:17" not in text


def test_colour_only_when_asked_or_on_a_terminal(shared):
    plain = run("check", str(DEFECTS), "--select", "PL301")
    assert "\x1b[" not in plain.output
    coloured = run("check", str(DEFECTS), "--select", "PL301", "--color", "always")
    assert "\x1b[31m[error]" in coloured.output


def test_schema_is_valid_and_accepts_the_clean_example(shared):
    import jsonschema

    from planlint.reader import read_path

    schema = json.loads(run("schema").output)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = read_path(str(CLEAN)).data
    as_json = json.loads(json.dumps(data, default=lambda v: v.isoformat()))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(as_json)) == []
    broken = read_path(str(shared / "spec" / "examples" / "schema-error.plan.yaml")).data
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(broken))


def test_init_writes_a_starter_plan_that_lints_clean(tmp_path):
    target = tmp_path / "new.plan.yaml"
    assert run("init", str(target)).exit_code == 0
    assert "# yaml-language-server" in target.read_text()
    result = run("check", str(target), "--format", "json", "--today", dt.date.today().isoformat())
    assert json.loads(result.output)["findings"] == []
    again = CliRunner().invoke(main, ["init", str(target)])
    assert again.exit_code == 2 and "already exists" in again.output


def test_bundled_examples_behave_as_documented():
    clean = run("check", str(ROOT / "examples" / "clean.plan.yaml"))
    assert clean.exit_code == 0, clean.output
    defects = run("check", str(ROOT / "examples" / "defects.plan.yaml"), "--format", "json")
    assert defects.exit_code == 1
    assert len(json.loads(defects.output)["findings"]) >= 5
