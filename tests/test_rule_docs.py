"""Every rule of the contract is documented, and its documented examples do what they say."""

from __future__ import annotations

import re

import pytest

from conftest import lint_text, shared_dir
from planlint.catalog import REQUIRED_KEYS, load_catalog

# The rules this documentation covers (the others belong to the date and wording work).
CORE_CODES = frozenset(
    [
        "PL001",
        "PL002",
        "PL003",
        "PL004",
        "PL101",
        "PL102",
        "PL103",
        "PL104",
        "PL105",
        "PL106",
        "PL107",
        "PL108",
        "PL201",
        "PL202",
        "PL203",
        "PL204",
        "PL301",
        "PL302",
        "PL303",
        "PL304",
        "PL305",
        "PL601",
        "PL602",
        "PL603",
        "PL605",
        "PL606",
    ]
)
# Documentation examples may leave out the plan header; this one is put in front.
EXAMPLE_HEADER = "plan: {title: Example plan, submitted: 2024-01-17}\n"

CATALOG = load_catalog()
DOCUMENTED = sorted(CORE_CODES & set(CATALOG.by_code))
TEXT_FIELDS = ("summary", "what", "why", "guidance", "example_fail", "example_pass", "use_instead")


def with_header(example: str) -> str:
    return example if re.search(r"^plan\s*:", example, re.MULTILINE) else EXAMPLE_HEADER + example


def lint_with(example: str, code: str):
    """The example's findings with the default rules plus `code`."""
    return lint_text(with_header(example), "example.plan.yaml", extend_select=[code])


def _spec_rules():
    rules_md = shared_dir() / "spec" / "rules.md"
    if not rules_md.is_file():
        pytest.skip(f"the contract is not at {rules_md} (set PLANLINT_SHARED)")
    row = re.compile(r"^\|\s*(PL\d{3})\s*\|\s*([a-z0-9-]+)\s*\|\s*(error|warning|info)\s*\|", re.MULTILINE)
    rules = [m.groups() for m in row.finditer(rules_md.read_text(encoding="utf-8"))]
    assert len(rules) >= 40, "the rule tables in rules.md were not read"
    return rules


def test_every_contract_rule_has_metadata_with_its_code_name_and_severity():
    mismatched = []
    for code, name, severity in _spec_rules():
        rule = CATALOG.by_code.get(code)
        if rule is None:
            if code in CORE_CODES:
                mismatched.append(f"{code}: no metadata file")
            continue  # a teammate's rule that has not been merged yet
        if (rule.name, str(rule.severity)) != (name, severity):
            mismatched.append(f"{code}: {rule.name} {rule.severity}, the contract says {name} {severity}")
    assert not mismatched


def test_no_rule_outside_the_contract_reuses_a_contract_name():
    names = {name: code for code, name, _ in _spec_rules()}
    clashes = [r.code for r in CATALOG.rules if r.name in names and names[r.name] != r.code]
    assert not clashes


@pytest.mark.parametrize("code", DOCUMENTED)
def test_documentation_is_written(code):
    rule = CATALOG.by_code[code]
    for key in TEXT_FIELDS:
        assert "TODO" not in getattr(rule, key), f"{code} {key} still says TODO"
    for key in REQUIRED_KEYS:
        assert str(getattr(rule, key)).strip()
    assert "\n" not in rule.summary
    assert re.search(r"\bG[1-6]\b", rule.guidance), f"{code}: the guidance names no G1-G6 sentence"
    assert "recommendations:" in rule.example_fail and "recommendations:" in rule.example_pass


@pytest.mark.parametrize("code", DOCUMENTED)
def test_example_that_fails_produces_the_rule(code):
    rule = CATALOG.by_code[code]
    codes = [f.code for f in lint_with(rule.example_fail, code)]
    assert code in codes


@pytest.mark.parametrize("code", DOCUMENTED)
def test_example_that_passes_produces_no_core_finding(code):
    rule = CATALOG.by_code[code]
    findings = lint_with(rule.example_pass, code)
    assert [(f.code, f.line, f.message) for f in findings if f.code in CORE_CODES] == []


@pytest.mark.parametrize("code", DOCUMENTED)
def test_example_that_fails_shows_this_rule_alone(code):
    # An example that trips three rules teaches none of them.
    rule = CATALOG.by_code[code]
    others = {f.code for f in lint_with(rule.example_fail, code) if f.code in CORE_CODES} - {code}
    assert others == set()


def test_fixable_rules_are_the_ones_the_contract_calls_fixable():
    assert {r.code for r in CATALOG.rules if r.fixable and r.code in CORE_CODES} == {"PL102", "PL601", "PL606"}


def test_explain_renders_the_documentation():
    text = CATALOG.by_code["PL301"].documentation()
    assert "TODO" not in text
    assert "## Example that fails" in text and "owner" in text
