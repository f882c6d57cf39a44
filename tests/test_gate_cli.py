"""`planlint check` as a CI gate: formats on the defects example, fix, baseline, config, suppressions, jobs."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import sarif_schema, shared_dir
from planlint.cli import main

TODAY = ["--today", "2024-01-17"]


def _check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(shared_dir() / "spec" / "examples" / "defects.plan.yaml", tmp_path / "defects.plan.yaml")
    shutil.copy(shared_dir() / "spec" / "examples" / "clean.plan.yaml", tmp_path / "clean.plan.yaml")
    return tmp_path


def _codes(out: str) -> list[tuple[str, int]]:
    return [(f["code"], f["line"]) for f in json.loads(out)["findings"]]


# ------------------------------------------------------------------ formats on the defects example


def test_sarif_on_the_defects_example_is_valid(work):
    code, out, _ = _check("defects.plan.yaml", "--format", "sarif", *TODAY)
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    results = log["runs"][0]["results"]
    _, plain, _ = _check("defects.plan.yaml", "--format", "json", *TODAY)
    expected = json.loads(plain)["findings"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        (f["code"], f["line"]) for f in expected
    ]
    assert {r["partialFingerprints"]["planlint/v1"] for r in results} == {f["fingerprint"] for f in expected}
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "defects.plan.yaml" for r in results)


def test_github_junit_gitlab_on_the_defects_example(work):
    _, plain, _ = _check("defects.plan.yaml", "clean.plan.yaml", "--format", "json", *TODAY)
    count = len(json.loads(plain)["findings"])
    errors = sum(1 for f in json.loads(plain)["findings"] if f["severity"] == "error")  # fail at --fail-on error
    code, out, _ = _check("defects.plan.yaml", "clean.plan.yaml", "--format", "github", *TODAY)
    lines = out.splitlines()
    assert code == 1 and len(lines) == count + 1
    assert all(
        line.startswith(
            (
                "::error file=defects.plan.yaml,line=",
                "::warning file=defects.plan.yaml,line=",
                "::notice file=defects.plan.yaml,line=",
            )
        )
        for line in lines[:-1]
    )
    assert lines[-1].startswith("planlint: ") and lines[-1].endswith("in 2 files")

    _, out, _ = _check("defects.plan.yaml", "clean.plan.yaml", "--format", "junit", *TODAY)
    suites = ET.fromstring(out).findall("testsuite")
    assert [s.get("name") for s in suites] == ["defects.plan.yaml", "clean.plan.yaml"]
    assert suites[0].get("tests") == str(count) and suites[1].get("failures") == "0"
    assert suites[0].get("failures") == str(errors)

    _, out, _ = _check("defects.plan.yaml", "--format", "gitlab", *TODAY)
    issues = json.loads(out)
    assert len(issues) == count and len({i["fingerprint"] for i in issues}) == count
    assert {i["location"]["path"] for i in issues} == {"defects.plan.yaml"}


# ------------------------------------------------------------------ fingerprints


def _fingerprints(out: str) -> dict[tuple[str, str], str]:
    return {(f["code"], f["message"]): f["fingerprint"] for f in json.loads(out)["findings"]}


def test_fingerprints_survive_inserted_lines_and_actions(work):
    _, before, _ = _check("defects.plan.yaml", "--format", "json", *TODAY)
    text = (work / "defects.plan.yaml").read_text()
    text = text.replace("planlint: 1\n", "planlint: 1\n# a new comment\n\n# and another\n")
    new_action = (
        "      - text: Publish a monthly workload report for each delivery unit in every region.\n"
        "        owner: Head of Performance and Quality\n        target_date: March 2024\n"
    )
    text = text.replace("    actions:\n", "    actions:\n" + new_action)  # one more action at the top of each
    (work / "defects.plan.yaml").write_text(text)
    _, after, _ = _check("defects.plan.yaml", "--format", "json", *TODAY)
    old, new = _fingerprints(before), _fingerprints(after)
    moved = [json.loads(before)["findings"][0]["line"], json.loads(after)["findings"][0]["line"]]
    assert moved[0] != moved[1]
    # every old finding is still there under its old fingerprint, even where its message now
    # mentions a new count ("used 17 times", "lists 2 actions")
    assert set(old.values()) <= set(new.values())


# ------------------------------------------------------------------ baseline


def test_baseline_round_trip(work):
    code, out, _ = _check("defects.plan.yaml", "--write-baseline", "baseline.json", *TODAY)
    assert code == 0 and "recorded" in out and "in the baseline baseline.json" in out
    code, out, _ = _check("defects.plan.yaml", "--baseline", "baseline.json", "--format", "json", *TODAY)
    assert code == 0 and json.loads(out)["findings"] == []

    # moving lines does not bring old findings back; a new finding fails the gate
    text = (work / "defects.plan.yaml").read_text()
    text = text.replace("plan:\n", "# moved\n\nplan:\n").replace(
        "        owner: Head of Interventions\n        target_date: May 2024\n",
        "        owner: Head of Interventions\n        target_date: May 2024\n"
        "      - text: Publish the evening timetable.\n        owner: TBD\n        target_date: June 2024\n",
    )
    (work / "defects.plan.yaml").write_text(text)
    code, out, _ = _check("defects.plan.yaml", "--baseline", "baseline.json", "--format", "json", *TODAY)
    assert code == 1
    assert [f["code"] for f in json.loads(out)["findings"]] == ["PL302"]


def test_stale_baseline_entries_are_reported_by_statistics(work):
    _check("defects.plan.yaml", "--write-baseline", "baseline.json", *TODAY)
    text = (work / "defects.plan.yaml").read_text().replace("owner: TBC   # expect: PL302", "owner: Head of Audit")
    (work / "defects.plan.yaml").write_text(text)
    code, out, _ = _check("defects.plan.yaml", "--baseline", "baseline.json", "--statistics", *TODAY)
    assert code == 0
    assert "baseline: 1 entry no longer matches a finding (PL302)" in out


def test_unreadable_baseline_is_exit_2(work):
    (work / "b.json").write_text("[]")
    result = CliRunner().invoke(main, ["check", "defects.plan.yaml", "--baseline", "b.json"])
    assert result.exit_code == 2 and "not a planlint baseline" in result.stderr


# ------------------------------------------------------------------ --fix / --diff

COMMENTED = """\
# A plan with comments everywhere: --fix must keep every one of them.
planlint: 1
plan:
  title: 'Action Plan - North'   # quoted title
  submitted: 2024-01-17
recommendations:
  # the first recommendation
  - id: 1
    text: Ensure that victims are contacted within the required timescales.
    category: "partially agreed"   # a near miss
    implemented_part: Contact within the timescales will be audited in two regions.
    reasons:
      - category: affordability
        text: Auditing every region needs funding that is not yet confirmed this year.
    actions:
      - text: >-   # folded, with markup
          <b>Publish</b> a monthly report on victim contact
          timescales and share it with every team.
        owner: Head of Public Protection   # the owner
        target_date: April 2024
      - text: Report the victim contact audit to the Head of Performance &amp; Quality.
        owner: Head of Public Protection
        target_date: May 2024
summary:            # counts
  agreed: 1         # wrong
  partly_agreed: 0  # wrong too
  not_agreed: 0
  total: 1
"""


def _comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def test_fix_keeps_every_comment_and_is_idempotent(work):
    plan = work / "north.plan.yaml"
    plan.write_text(COMMENTED)
    plan.chmod(0o640)
    code, out, err = _check("north.plan.yaml", "--fix", "--format", "json", *TODAY)
    fixed = plan.read_text()
    assert _comments(fixed) == _comments(COMMENTED)
    assert 'category: "Partly Agreed"   # a near miss' in fixed
    assert "  agreed: 0         # wrong\n  partly_agreed: 1  # wrong too\n" in fixed
    assert (
        "      - text: >-   # folded, with markup\n          Publish a monthly report on victim contact\n"
        "          timescales and share it with every team.\n        owner:"
    ) in fixed
    assert "      - text: Report the victim contact audit to the Head of Performance & Quality.\n" in fixed
    assert plan.stat().st_mode & 0o777 == 0o640
    remaining = {f["code"] for f in json.loads(out)["findings"]}
    assert not remaining & {"PL102", "PL601", "PL606"}
    assert code == (1 if any(f["severity"] == "error" for f in json.loads(out)["findings"]) else 0)
    assert "fixed" in err
    # a second --fix changes nothing
    _check("north.plan.yaml", "--fix", *TODAY)
    assert plan.read_text() == fixed
    assert not list(work.glob(".planlint-*"))


def test_diff_prints_and_changes_nothing(work):
    plan = work / "north.plan.yaml"
    plan.write_text(COMMENTED)
    code, out, _ = _check("north.plan.yaml", "--diff", *TODAY)
    assert code == 1
    assert out.startswith("--- a/north.plan.yaml\n+++ b/north.plan.yaml\n")
    assert '-    category: "partially agreed"   # a near miss\n+    category: "Partly Agreed"   # a near miss' in out
    assert plan.read_text() == COMMENTED
    _check("north.plan.yaml", "--fix", *TODAY)
    assert _check("north.plan.yaml", "--diff", *TODAY)[:2] == (0, "")


# ------------------------------------------------------------------ configuration and suppressions end to end


def test_config_is_discovered_and_bad_config_is_exit_2(work):
    (work / ".planlint.yaml").write_text("ignore: [PL3]\nseverity: {PL605: error}\n")
    _, out, _ = _check("defects.plan.yaml", "--format", "json", *TODAY)
    findings = json.loads(out)["findings"]
    assert not [f for f in findings if f["code"].startswith("PL3")]
    assert [f["severity"] for f in findings if f["code"] == "PL605"] == ["error"]
    (work / ".planlint.yaml").write_text("ignore: [PL3]\nfail_on: warning\n")
    result = CliRunner().invoke(main, ["check", "defects.plan.yaml"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"planlint: error: {work / '.planlint.yaml'}: fail_on: unknown key (did you mean 'fail-on'?); allowed: "
        "select, extend-select, ignore, severity, fail-on, include, exclude, per-file-ignores, glossary, template, profiles, "
        "owners, phrases and "
        "rule options such as dates.horizon-months"
    ]


def test_fail_on_from_config(work):
    (work / ".planlint.yaml").write_text("select: [PL605]\nfail-on: info\n")
    assert _check("defects.plan.yaml", *TODAY)[0] == 1
    (work / ".planlint.yaml").write_text("select: [PL605]\n")
    assert _check("defects.plan.yaml", *TODAY)[0] == 0
    assert _check("defects.plan.yaml", "--fail-on", "info", *TODAY)[0] == 1


def test_suppression_comments_end_to_end(work):
    text = (work / "defects.plan.yaml").read_text()
    text = text.replace("owner: TBC   # expect: PL302", "owner: TBC   # planlint: disable=owner-placeholder -- agreed")
    text = text.replace(
        "      - text: Publish a monthly workload report for each delivery unit.   # expect: PL301\n",
        "      # planlint: disable-next-line=PL301\n"
        "      - text: Publish a monthly workload report for each delivery unit.\n",
    )
    text = text.replace(
        "owner: Head of Performance and Quality\n        target_date: July 2024",
        "owner: Head of Performance and Quality   # planlint: disable=PL304\n        target_date: July 2024",
        1,
    )
    text += "# planlint: disable-file=PL605\n"
    (work / "defects.plan.yaml").write_text(text)
    _, out, _ = _check("defects.plan.yaml", "--format", "json", *TODAY)
    findings = json.loads(out)["findings"]
    assert not {"PL301", "PL302", "PL605"} & {f["code"] for f in findings}
    unused = [(f["line"], f["severity"]) for f in findings if f["code"] == "PL006"]
    line = text.splitlines().index("        owner: Head of Performance and Quality   # planlint: disable=PL304") + 1
    assert unused == [(line, "info")]


# ------------------------------------------------------------------ --jobs


def test_jobs_give_identical_output(work):
    for i in range(6):
        shutil.copy(work / "defects.plan.yaml", work / f"copy{i}.plan.yaml")
    _, one, _ = _check(".", "--format", "json", "--jobs", "1", *TODAY)
    _, three, _ = _check(".", "--format", "json", "--jobs", "3", *TODAY)
    assert one == three and len(json.loads(one)["findings"]) > 6
