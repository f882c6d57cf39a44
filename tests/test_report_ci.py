"""The CI renderers (sarif, github, junit, gitlab) on a fixed report: snapshots plus what each reader needs."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import sarif_schema
from planlint.findings import Severity
from planlint.report import renderer
from planlint.report.github import escape_data, escape_property
from report_samples import FINDINGS, sample_report

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("PLANLINT_UPDATE_SNAPSHOTS") == "1"


def _snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote a new snapshot {path.name}: check it and run again")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; PLANLINT_UPDATE_SNAPSHOTS=1 to accept"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    "fmt, suffix",
    [("sarif", "sarif.json"), ("github", "github.txt"), ("junit", "junit.xml"), ("gitlab", "gitlab.json")],
)
def test_snapshot(fmt, suffix):
    # SARIF names the folder it ran in (originalUriBaseIds): each run's tmp_path, so not part of the snapshot
    text = renderer(fmt)(sample_report()).replace(json.dumps(Path.cwd().as_uri() + "/"), '"file:///SRCROOT/"')
    _snapshot(f"sample.{suffix}", text)


# ------------------------------------------------------------------ SARIF


def test_sarif_is_valid_against_the_schema():
    log = json.loads(renderer("sarif")(sample_report()))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)


def test_sarif_rules_and_results():
    run = json.loads(renderer("sarif")(sample_report()))["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("planlint", "0.1.0")
    assert driver["informationUri"].startswith("https://")
    rules = {r["id"]: r for r in driver["rules"]}
    assert rules["PL304"]["defaultConfiguration"] == {"level": "error", "enabled": True}  # configured, not default
    assert rules["PL305"]["defaultConfiguration"]["enabled"] is False
    assert rules["PL503"]["defaultConfiguration"]["level"] == "note"
    assert rules["PL301"]["name"] == "owner-missing"
    assert "## Example that fails" in rules["PL301"]["help"]["markdown"]
    assert rules["PL301"]["shortDescription"]["text"] == "An action has no owner."

    results = run["results"]
    assert [r["ruleId"] for r in results] == ["PL102", "PL301", "PL304", "PL503"]
    assert [r["level"] for r in results] == ["error", "error", "error", "note"]
    first = results[0]["locations"][0]
    assert first["physicalLocation"]["artifactLocation"]["uri"] == "plans/north%20region.plan.yaml"
    assert first["physicalLocation"]["region"] == {"startLine": 12, "startColumn": 9, "endLine": 13, "endColumn": 40}
    assert first["logicalLocations"][0]["fullyQualifiedName"] == "recommendations[0].category"
    assert results[0]["partialFingerprints"] == {"planlint/v1": FINDINGS[0].fingerprint}
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    docx = results[3]["locations"][0]["logicalLocations"]
    assert docx[-1]["fullyQualifiedName"] == "table 1, row 4, Response Action Taken/Planned"


def test_sarif_makes_absolute_paths_relative_to_the_current_directory(tmp_path):
    finding = FINDINGS[1]
    moved = finding._replace(file=str(tmp_path / "sub" / "a b.plan.yaml"))
    run = json.loads(renderer("sarif")(sample_report(findings=[moved], files=[moved.file])))["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sub/a%20b.plan.yaml"


def test_sarif_with_no_findings_is_valid():
    log = json.loads(renderer("sarif")(sample_report(findings=[], files=["a.plan.yaml"])))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    assert log["runs"][0]["results"] == []


# ------------------------------------------------------------------ GitHub


def test_github_escaping_follows_the_actions_toolkit():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_lines():
    lines = renderer("github")(sample_report()).splitlines()
    assert lines[1] == (
        "::error file=plans/north region.plan.yaml,line=17,col=9,endLine=17,endColumn=60,"
        "title=planlint (PL301)::The action has no owner: add `owner:` naming who is accountable, "
        "e.g. 'Head of HR, NPS'. [owner-missing]"
    )
    # a region over several lines: GitHub takes no columns for it
    assert lines[0].startswith("::error file=plans/north region.plan.yaml,line=12,endLine=13,title=planlint (PL102)::")
    assert "%0Aname a role instead" in lines[2] and "100%25 of staff" in lines[2]
    assert lines[3].startswith("::notice file=imports/plan.docx,")
    assert lines[-1] == "planlint: 3 errors, 0 warnings, 1 info in 3 files"
    assert len(lines) == 5


def test_github_with_no_findings_says_so():
    assert renderer("github")(sample_report(findings=[])) == "planlint: no findings in 3 files\n"


# ------------------------------------------------------------------ JUnit


def test_junit_one_suite_per_file_one_case_per_finding():
    root = ET.fromstring(renderer("junit")(sample_report()))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["plans/north region.plan.yaml", "plans/clean.plan.yaml", "imports/plan.docx"]
    north = suites["plans/north region.plan.yaml"]
    assert (north.get("tests"), north.get("failures")) == ("3", "3")
    assert [f.get("type") for f in north.findall("testcase/failure")] == ["error", "error", "error"]
    clean = suites["plans/clean.plan.yaml"].findall("testcase")
    assert len(clean) == 1 and clean[0].find("failure") is None
    # the docx's finding is an info: below the default --fail-on (error), a passing testcase with a note
    assert (root.get("tests"), root.get("failures")) == ("5", "3")
    docx = suites["imports/plan.docx"].find("testcase")
    assert docx is not None and docx.find("failure") is None
    assert 'The action only continues existing work <"Continue to" & more>' in docx.findtext("system-out", "")
    strict = ET.fromstring(renderer("junit")(sample_report(thresholds={f.file: Severity.INFO for f in FINDINGS})))
    failure = strict.find("testsuite[@name='imports/plan.docx']/testcase/failure")
    assert strict.get("failures") == "4" and failure is not None
    assert failure.get("message", "").startswith('The action only continues existing work <"Continue to" & more>')


def test_junit_survives_characters_xml_cannot_hold():
    finding = FINDINGS[1]
    odd = finding._replace(message="bell \x07 here")
    root = ET.fromstring(renderer("junit")(sample_report(findings=[odd])))
    # shown as an escape (report/escapes.py), which XML holds
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "bell \\x07 here"


# ------------------------------------------------------------------ GitLab


def test_gitlab_code_quality():
    issues = json.loads(renderer("gitlab")(sample_report()))
    assert [i["severity"] for i in issues] == ["major", "major", "major", "info"]
    assert all(i["description"].startswith(i["check_name"] + " ") for i in issues)
    assert issues[1]["location"] == {"path": "plans/north region.plan.yaml", "lines": {"begin": 17, "end": 17}}
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_are_unique_even_for_identical_findings():
    twice = [FINDINGS[1], FINDINGS[1]]
    issues = json.loads(renderer("gitlab")(sample_report(findings=twice)))
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


def test_gitlab_severity_follows_the_configured_severity():
    finding = FINDINGS[2]
    warned = finding._replace(severity=Severity.WARNING)
    assert json.loads(renderer("gitlab")(sample_report(findings=[warned])))[0]["severity"] == "minor"
