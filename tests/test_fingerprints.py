"""Fingerprints stay what earlier versions wrote: a baseline, a GitLab report or a SARIF upload made
before must still match the same findings. The values below were recorded with planlint 0.1.0 before
the three copies of the fingerprint function (engine, suppress, gitlab) became one."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import shared_dir
from planlint.cli import main

DEFECTS = str(shared_dir() / "spec" / "examples" / "defects.plan.yaml")


def _check(*args: str) -> str:
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False).output


def test_finding_fingerprints_are_unchanged():
    findings = json.loads(_check(DEFECTS, "--today", "2024-01-17", "--format", "json"))["findings"]
    assert len(findings) == 37
    assert [(f["code"], f["line"], f["fingerprint"]) for f in findings[:4]] == [
        ("PL003", 11, "4b6ca515a3f9ae0588995194972ac409"),
        ("PL301", 17, "e7a83c43d26a104f5ec1242c09f7c226"),
        ("PL302", 20, "834382a9209743a27da9a80810b4543d"),
        ("PL304", 23, "9ca1208e88216f24f1637a31b0a94e12"),
    ]


def test_gitlab_fingerprints_are_unchanged():
    issues = json.loads(_check(DEFECTS, "--today", "2024-01-17", "--format", "gitlab"))
    assert [i["fingerprint"] for i in issues[:2]] == [
        "2308b37c88be39533a526dfe003bab5a3c510bcd404ef596dc0872854442be65",
        "40c16bc8e4de239f6083f21a92583aee4743ad57d333d27d3556afba100cda5e",
    ]


def test_unused_suppression_fingerprint_is_unchanged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.plan.yaml").write_text(
        "planlint: 1\nplan: {title: T, submitted: 2024-01-17}\nrecommendations:\n  - id: 1\n"
        "    text: Ensure workloads are balanced.\n    category: Agreed\n    actions:\n"
        "      - text: Publish the workload report for every team.  # planlint: disable=PL501\n"
        "        owner: Head of Operations\n        target_date: March 2024\n"
    )
    findings = json.loads(_check("p.plan.yaml", "--format", "json"))["findings"]
    assert [(f["code"], f["line"], f["fingerprint"]) for f in findings] == [
        ("PL006", 8, "5b4d5312469cec70006acf249e5aac50")
    ]


def test_a_baseline_holds_the_same_fingerprints_and_hides_every_finding(tmp_path):
    baseline = tmp_path / "baseline.json"
    _check(DEFECTS, "--today", "2024-01-17", "--write-baseline", str(baseline))
    recorded = baseline.read_text(encoding="utf-8")
    assert "4b6ca515a3f9ae0588995194972ac409" in recorded and "9ca1208e88216f24f1637a31b0a94e12" in recorded
    again = json.loads(_check(DEFECTS, "--today", "2024-01-17", "--format", "json", "--baseline", str(baseline)))
    assert again["findings"] == []
