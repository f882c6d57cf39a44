"""Shared by the rule-documentation and fixture tests: lint a plan text with one rule added."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from planlint.catalog import load_catalog
from planlint.engine import RuleTable, lint_document
from planlint.findings import Finding
from planlint.reader import read_bytes

# The date every fixture and example is written against (their plan.submitted).
AS_OF = dt.date(2024, 1, 17)

EXPECT_RE = re.compile(r"#.*?expect:\s*((?:PL\d{3}\s*)+)")

# Documentation examples may leave out the plan header; this one is put in front.
EXAMPLE_HEADER = "plan: {title: Example plan, submitted: 2024-01-17}\n"

SPEC_CANDIDATES = (
    Path(__file__).resolve().parent.parent / "spec",
    Path(__file__).resolve().parent.parent / "docs" / "spec",
    Path("/work/shared/spec"),
)

# The rules this documentation covers (the others belong to the date and wording work).
CORE_CODES = frozenset(
    "PL001 PL002 PL003 PL004 PL101 PL102 PL103 PL104 PL105 PL106 PL107 PL108 PL201 PL202 PL203 PL204 "
    "PL301 PL302 PL303 PL304 PL305 PL601 PL602 PL603 PL605 PL606".split())


def lint_with(text: str, code: str, filename: str = "example.plan.yaml") -> list[Finding]:
    """Findings for `text` with the default rules plus `code`, as of AS_OF."""
    catalog = load_catalog()
    table = RuleTable.build(catalog, extend_select=[code])
    doc = read_bytes(text.encode("utf-8"), filename)
    return lint_document(doc, table, today=AS_OF, catalog=catalog)


def with_header(example: str) -> str:
    if re.search(r"^plan\s*:", example, re.MULTILINE):
        return example
    return EXAMPLE_HEADER + example


def expected_findings(text: str) -> set[tuple[str, int]]:
    """(code, line) for every code an `# expect:` comment names, line 1-based."""
    found = set()
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT_RE.search(line)
        if match:
            found.update((code, number) for code in match.group(1).split())
    return found


def spec_dir() -> Path | None:
    return next((p for p in SPEC_CANDIDATES if (p / "rules.md").is_file()), None)


def spec_rules(rules_md: str) -> list[tuple[str, str, str]]:
    """(code, name, severity) for every row of the catalogue tables in rules.md."""
    row = re.compile(r"^\|\s*(PL\d{3})\s*\|\s*([a-z0-9-]+)\s*\|\s*(error|warning|info)\s*\|", re.MULTILINE)
    return [m.groups() for m in row.finditer(rules_md)]
