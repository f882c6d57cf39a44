"""The contract's examples (tests/data/shared/spec/examples) give exactly the findings their comments name."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, codes, expectations, lint_text, shared_dir

# The contract's examples and this repository's own: both say what they must produce.
EXAMPLES = sorted((shared_dir() / "spec" / "examples").glob("*.plan.yaml")) + sorted(
    (ROOT / "examples").glob("*.plan.yaml")
)


@pytest.mark.parametrize(
    "example",
    [p for p in EXAMPLES if p.name != "syntax-error.plan.yaml"],
    ids=lambda p: f"{p.parent.parent.name}/{p.name}",
)
def test_example_findings_match_expect_comments(example):
    text = example.read_text(encoding="utf-8")
    expected = set(expectations(text))
    got = codes(lint_text(text, example.name))
    assert got == expected, f"missing {sorted(expected - got)}; unexpected {sorted(got - expected)}"


def test_clean_example_gives_nothing_at_any_severity(shared):
    text = (shared / "spec" / "examples" / "clean.plan.yaml").read_text(encoding="utf-8")
    assert lint_text(text, "clean.plan.yaml") == []


def test_syntax_error_is_one_parse_error_on_line_9_or_10(shared):
    path = shared / "spec" / "examples" / "syntax-error.plan.yaml"
    findings = lint_text(path.read_bytes(), path.name)
    assert [(f.code, f.severity.name) for f in findings] == [("PL001", "ERROR")]
    assert findings[0].line in (9, 10)


def test_cli_exit_codes_on_examples(shared):
    examples = shared / "spec" / "examples"
    run = lambda *args: subprocess.run(
        [sys.executable, "-m", "planlint", "check", *args],
        capture_output=True,
        text=True,
    )
    assert run(str(examples / "clean.plan.yaml")).returncode == 0
    broken = run(str(examples / "syntax-error.plan.yaml"), "--format", "json")
    assert broken.returncode == 1
    assert [f["code"] for f in json.loads(broken.stdout)["findings"]] == ["PL001"]
    assert "Traceback" not in broken.stderr
    assert run(str(examples / "defects.plan.yaml"), "--exit-zero").returncode == 0
