"""The rough edges a new user found (issue 14), each as the user met it: what the command line shows."""

from __future__ import annotations

import ast
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import ROOT, lint_text, sarif_schema
from planlint.cli import main

DEFECTS = ROOT / "examples" / "defects.plan.yaml"
CLEAN = ROOT / "examples" / "clean.plan.yaml"


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def defects_copy(folder: Path, name: str = "draft.plan.yaml") -> Path:
    target = folder / name
    target.write_text(DEFECTS.read_text(encoding="utf-8"), encoding="utf-8")
    return target


# ------------------------------------------------------------------ JUnit


def _junit(*args: str) -> tuple[ET.Element, int]:
    result = run("check", "--format", "junit", *args)
    return ET.fromstring(result.stdout), result.exit_code


def _failures(element: ET.Element) -> int:
    value = element.get("failures")
    assert value is not None, "a JUnit element without a failures count"
    return int(value)


def _severities(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in json.loads(text)["findings"]:
        counts[finding["severity"]] = counts.get(finding["severity"], 0) + 1
    return counts


def test_junit_fails_a_testcase_only_at_or_above_fail_on(in_tmp):
    plan = defects_copy(in_tmp)
    counts = _severities(run("check", "--format", "json", str(plan)).stdout)
    assert counts.get("warning") and counts.get("error")

    root, code = _junit(str(plan))
    cases = root.findall(".//testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    passed = [c for c in cases if c.find("failure") is None]
    assert code == 1
    assert len(failed) == counts["error"] == _failures(root)
    # the warnings are still listed, as passed testcases carrying a note of what was found
    assert len(passed) == counts["warning"]
    assert all("[warning]" in (c.findtext("system-out") or "") for c in passed)

    root, code = _junit("--fail-on", "warning", str(plan))
    assert code == 1 and _failures(root) == counts["error"] + counts["warning"]

    root, code = _junit("--exit-zero", str(plan))
    assert code == 0 and _failures(root) == 0 and root.findall(".//testcase")


def test_junit_follows_the_fail_on_of_the_config_file(in_tmp):
    plan = defects_copy(in_tmp)
    (in_tmp / ".planlint.yaml").write_text("fail-on: never\n", encoding="utf-8")
    root, code = _junit(str(plan))
    assert code == 0 and _failures(root) == 0


# ------------------------------------------------------------------ SARIF and GitLab


def test_sarif_uris_are_relative_to_srcroot_with_rule_help(in_tmp):
    (in_tmp / "plans").mkdir()
    plan = defects_copy(in_tmp / "plans")
    result = run("check", "--format", "sarif", str(plan.resolve()))  # an absolute path, as CI scripts pass
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    sarif_run = log["runs"][0]
    base = sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == in_tmp.resolve().as_uri() + "/"
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in sarif_run["results"]]
    assert locations and all(
        loc["uri"] == "plans/draft.plan.yaml" and loc["uriBaseId"] == "%SRCROOT%" for loc in locations
    )
    assert sarif_run["artifacts"][0]["location"] == {"uri": "plans/draft.plan.yaml", "uriBaseId": "%SRCROOT%"}
    rules = {rule["id"]: rule for rule in sarif_run["tool"]["driver"]["rules"]}
    owner = rules["PL301"]
    assert owner["help"]["text"] and owner["help"]["markdown"].startswith("# PL301 owner-missing")
    # the markdown is markdown (headings, code blocks); the text is plain
    assert "```" in owner["help"]["markdown"] and "```" not in owner["help"]["text"]
    for code, rule in rules.items():
        uri = rule["helpUri"]
        assert uri.startswith("https://") and uri.endswith(f"rules/{code}-{rule['name']}.yaml")
        assert (ROOT / "rules" / f"{code}-{rule['name']}.yaml").is_file()


def test_gitlab_paths_are_relative_to_the_repository_even_through_a_symlink(tmp_path, monkeypatch):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    defects_copy(real)
    monkeypatch.chdir(real)
    via_link = tmp_path / "link" / "draft.plan.yaml"  # the checkout as $CI_PROJECT_DIR spells it
    issues = json.loads(run("check", "--format", "gitlab", str(via_link)).stdout)
    assert issues and {i["location"]["path"] for i in issues} == {"draft.plan.yaml"}
    sarif = json.loads(run("check", "--format", "sarif", str(via_link)).stdout)
    assert sarif["runs"][0]["artifacts"][0]["location"]["uri"] == "draft.plan.yaml"


# ------------------------------------------------------------------ baselines


def test_write_baseline_says_how_many_it_recorded_and_baseline_how_many_it_hid(in_tmp):
    plan = defects_copy(in_tmp)
    total = sum(_severities(run("check", "--format", "json", str(plan)).stdout).values())
    written = run("check", "--write-baseline", "accepted.json", str(plan))
    assert written.exit_code == 0
    assert "All clear" not in written.stdout
    assert f"recorded {total} findings in the baseline accepted.json" in written.stdout
    used = run("check", "--baseline", "accepted.json", str(plan))
    assert used.exit_code == 0 and "All clear" not in used.stdout
    assert f"{total} findings hidden by the baseline accepted.json" in used.stdout


def test_stale_baseline_entries_are_counted_in_good_english(in_tmp):
    plan = defects_copy(in_tmp)
    run("check", "--write-baseline", "accepted.json", str(plan))
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("owner: TBC   # expect: PL302", "owner: Head of Operations"), encoding="utf-8")
    one = run("check", "--baseline", "accepted.json", str(plan)).stdout
    assert "1 entry no longer matches a finding" in one
    plan.write_text(
        text.replace("owner: TBC   # expect: PL302", "owner: Head of Operations").replace(
            "owner: all staff   # expect: PL304", "owner: Head of Operations"
        ),
        encoding="utf-8",
    )
    two = run("check", "--baseline", "accepted.json", str(plan)).stdout
    assert "2 entries no longer match a finding" in two


# ------------------------------------------------------------------ init


def test_init_names_the_file_it_wrote_in_the_starter_plan(in_tmp):
    assert run("init", "north.plan.yaml").exit_code == 0
    text = (in_tmp / "north.plan.yaml").read_text(encoding="utf-8")
    assert "{file}" not in text and "planlint check north.plan.yaml" in text
    printed = run("init").stdout
    assert "{file}" not in printed and re.search(r"planlint check \S+\.plan\.yaml", printed)


def test_init_into_a_missing_folder_is_one_clear_line(in_tmp):
    result = run("init", "no-such-folder/new.plan.yaml")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in lines[0]
    assert lines[0].startswith("planlint: error: no-such-folder/new.plan.yaml") and "folder" in lines[0]
    assert run("init", "--debug", "fine.plan.yaml").exit_code == 0


# ------------------------------------------------------------------ did you mean


@pytest.mark.parametrize(
    "option, typo, meant",
    [
        ("--select", "owner-mising", "PL301 owner-missing"),
        ("--ignore", "vauge-phrase", "PL501 vague-phrase"),
        ("--extend-select", "owner-named-indivdual", "PL305 owner-named-individual"),
    ],
)
def test_typos_in_rule_options_get_a_suggestion(in_tmp, option, typo, meant):
    result = run("check", option, typo, str(defects_copy(in_tmp)))
    assert result.exit_code == 2 and f"did you mean {meant}?" in result.stderr


def test_typos_in_config_rule_lists_get_a_suggestion(in_tmp):
    (in_tmp / ".planlint.yaml").write_text("ignore: [owner-vauge]\n", encoding="utf-8")
    result = run("check", str(defects_copy(in_tmp)))
    assert result.exit_code == 2
    assert ".planlint.yaml" in result.stderr and "did you mean PL304 owner-vague?" in result.stderr


# ------------------------------------------------------------------ dates


def test_date_without_a_plan_says_before_today():
    out = run("date", "June 2020", "--today", "2024-01-17").stdout
    assert "before today (17 January 2024)" in out
    assert "submission" not in out


def test_quarters_is_a_check_option_and_a_config_key(in_tmp):
    plan = in_tmp / "q.plan.yaml"
    # submitted 1 February 2025: Q4 2024 is January-March 2025 in financial quarters (not yet due),
    # October-December 2024 in calendar quarters (overdue)
    plan.write_text(
        CLEAN.read_text(encoding="utf-8")
        .replace("submitted: 2025-03-18", "submitted: 2025-02-01")
        .replace("target_date: April 2025", "target_date: Q4 2024")
        .replace("report_published: 2025-03-04", "report_published: 2025-01-20"),
        encoding="utf-8",
    )
    assert "PL404" not in run("check", str(plan)).stdout
    assert "PL404" in run("check", "--quarters", "calendar", str(plan)).stdout
    (in_tmp / ".planlint.yaml").write_text("dates:\n  quarters: calendar\n", encoding="utf-8")
    assert "PL404" in run("check", str(plan)).stdout
    assert "PL404" not in run("check", "--quarters", "financial", str(plan)).stdout
    (in_tmp / ".planlint.yaml").write_text("dates:\n  quarters: fiscal\n", encoding="utf-8")
    bad = run("check", str(plan))
    assert bad.exit_code == 2 and "dates.quarters" in bad.stderr and "calendar" in bad.stderr


@pytest.mark.parametrize("written", ["2025-02-30", "03/31/2025", "31/02/2025"])
def test_impossible_dates_are_pl402_not_a_real_date(written):
    out = run("date", written, "--today", "2024-01-17").stdout
    assert "PL402" in out and "not a real date" in out and "PL407" not in out


# ------------------------------------------------------------------ reading what authors have


SEED = ROOT / "tests" / "data" / "shared" / "seeds" / "000_345f5f20aed5262d.txt"


def test_a_windows_1252_text_file_is_read_with_one_note(in_tmp):
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("Action Plan:", "Action Plan \u2013 \u201cdraft\u201d:", 1)  # Word's dash and quotes
    (in_tmp / "draft.txt").write_bytes(text.encode("cp1252", errors="replace"))
    (in_tmp / "same.txt").write_bytes(text.encode("utf-8"))
    as_1252 = run("check", "--format", "json", "--exit-zero", "draft.txt")
    as_utf8 = run("check", "--format", "json", "--exit-zero", "same.txt")
    assert as_1252.exit_code == 0
    assert [f["code"] for f in json.loads(as_1252.stdout)["findings"]] == [
        f["code"] for f in json.loads(as_utf8.stdout)["findings"]
    ]
    assert [n for n in json.loads(as_1252.stdout)["summary"].get("notes", []) if "Windows-1252" in n]
    text_report = run("check", "--exit-zero", "draft.txt").stdout
    notes = [line for line in text_report.splitlines() if "Windows-1252" in line]
    assert len(notes) == 1 and notes[0].startswith("note: draft.txt: not UTF-8 text")
    imported = run("import", "draft.txt")
    assert imported.exit_code == 0 and "\u201cdraft\u201d" in imported.stdout
    assert [line for line in imported.stderr.splitlines() if "Windows-1252" in line]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_yaml_file_is_read(in_tmp, codec):
    raw = CLEAN.read_text(encoding="utf-8").encode(codec)
    (in_tmp / "wide.plan.yaml").write_bytes(raw)
    result = run("check", "wide.plan.yaml")
    assert result.exit_code == 0 and "All clear" in result.stdout


def test_fix_says_when_it_cannot_rewrite_a_file_it_read(in_tmp):
    raw = DEFECTS.read_text(encoding="utf-8").encode("utf-16")
    (in_tmp / "wide.plan.yaml").write_bytes(raw)
    result = run("check", "--fix", "wide.plan.yaml")
    assert "wide.plan.yaml: not fixed: --fix rewrites UTF-8 files only" in result.stderr
    assert (in_tmp / "wide.plan.yaml").read_bytes() == raw


def test_a_docx_on_standard_input_is_recognised_as_word(in_tmp):
    pytest.importorskip("docx")
    assert run("export", str(CLEAN), "--to", "docx", "-o", "plan.docx").exit_code == 0
    named = run(
        "check", "--format", "json", "-", "--stdin-filename", "plan.docx", input=(in_tmp / "plan.docx").read_bytes()
    )
    unnamed = run("check", "--format", "json", "-", input=(in_tmp / "plan.docx").read_bytes())
    assert unnamed.exit_code == named.exit_code
    codes = [f["code"] for f in json.loads(unnamed.stdout)["findings"]]
    assert codes == [f["code"] for f in json.loads(named.stdout)["findings"]] and "PL001" not in codes
    assert zipfile.is_zipfile(io.BytesIO((in_tmp / "plan.docx").read_bytes()))


# ------------------------------------------------------------------ the command line itself


def test_import_and_export_accept_a_dash(in_tmp):
    md = run("export", "-", "--to", "md", input=CLEAN.read_bytes())
    assert md.exit_code == 0 and "Action Plan" in md.stdout
    (in_tmp / "plan.md").write_text(md.stdout, encoding="utf-8")
    back = run("import", "-", "--stdin-filename", "plan.md", input=md.stdout)
    assert back.exit_code == 0 and "recommendations:" in back.stdout
    assert run("import", "plan.md", "-o", "-").stdout == back.stdout
    no_name = run("import", "-", input=md.stdout)
    assert no_name.exit_code == 2 and "--stdin-filename" in no_name.stderr


def test_bare_planlint_prints_help_not_an_error():
    result = run()
    assert result.exit_code == 0
    assert "error" not in result.output.lower() and "Commands:" in result.output


def test_command_summaries_are_whole_sentences():
    help_text = run("--help").stdout
    summaries = re.findall(r"^  (\w+)\s{2,}(.+)$", help_text.split("Commands:", 1)[1], re.M)
    assert len(summaries) >= 8
    for name, summary in summaries:
        assert summary[0].isupper() and summary.endswith(".") and "..." not in summary, (name, summary)


@pytest.mark.parametrize(
    "command, options",
    [
        ("check", ("--output", "--config", "--baseline", "--write-baseline")),
        ("import", ("--output",)),
        ("export", ("--output",)),
    ],
)
def test_options_taking_a_file_say_file(command, options):
    help_text = run(command, "--help").stdout
    for option in options:
        assert re.search(rf"{option} FILE\b", help_text), option


def test_check_help_names_the_inputs_it_reads():
    help_text = " ".join(run("check", "--help").stdout.split())
    for kind in (".plan.yaml", ".docx", ".md", ".txt"):
        assert kind in help_text


# ------------------------------------------------------------------ one message style


def _all_messages() -> list[tuple[str, str]]:
    """(code, message) for every finding the fixtures, examples and contract examples produce."""
    out = []
    for folder in (ROOT / "tests" / "fixtures", ROOT / "examples", ROOT / "tests" / "data" / "shared" / "spec"):
        for path in sorted(folder.rglob("*.plan.yaml")):
            for finding in lint_text(path.read_bytes(), path.name, today=dt.date(2024, 1, 17)):
                out.append((finding.code, finding.message))
    return out


def test_every_rule_message_is_a_sentence_with_no_final_full_stop():
    messages = _all_messages()
    assert len({code for code, _ in messages}) >= 40  # nearly every rule has a failing fixture
    wrong = sorted(
        {(code, message) for code, message in messages if message.rstrip().endswith(".") or message[:1].islower()}
    )
    assert not wrong, wrong[:8]


def _literal_strings(module: Path, calls: tuple[str, ...]) -> list[str]:
    """The last literal piece of each message string passed to one of `calls` in a module's source."""
    found = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in calls:
            continue
        for arg in node.args:
            piece = arg
            if isinstance(piece, ast.BinOp):  # "a" + "b"
                piece = piece.right
            if isinstance(piece, ast.JoinedStr) and piece.values:
                piece = piece.values[-1]
            if isinstance(piece, ast.Constant) and isinstance(piece.value, str) and len(piece.value) > 12:
                found.append(piece.value)
    return found


def test_every_message_template_in_the_source_has_no_final_full_stop():
    sources = sorted((ROOT / "src" / "planlint").rglob("*.py"))
    templates = [
        (path.name, text)
        for path in sources
        for text in _literal_strings(
            path,
            (
                "Problem",
                "LoadProblem",
                "PlanlintError",
                "UserError",
                "PathError",
                "ConfigError",
                "SelectionError",
                "fail",
                "echo",
                "append",
            ),
        )
    ]
    assert len(templates) > 50
    wrong = [(name, text) for name, text in templates if text.rstrip().endswith(".") and not text.endswith("...")]
    assert not wrong, wrong[:8]


def test_cli_lines_follow_the_style_and_count_in_good_english(in_tmp):
    plan = defects_copy(in_tmp)
    result = run("check", str(plan))
    closing = result.stdout.strip().splitlines()[-1]
    assert closing.startswith("Found ") and not closing.endswith(".")
    clean = run("check", str(CLEAN)).stdout.strip()
    assert clean == "All clear: no findings in 1 file"
    fixed = run("check", "--fix", str(plan))
    assert re.search(r"planlint: fixed \d+ values? in 1 file$", fixed.stderr, re.M), fixed.stderr
    assert "(s)" not in fixed.stderr
    written = run("init", "x.plan.yaml").stderr.strip()
    assert not written.endswith(".")
    for line in [*result.stderr.splitlines(), *fixed.stderr.splitlines()]:
        assert not line.endswith("."), line
