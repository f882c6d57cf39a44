"""`{"findings": [...], "summary": {...}}`: one object per finding with the fields rules.md lists."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

from planlint.findings import Severity
from planlint.report import Report
from planlint.report.escapes import json_safe


def render(report: Report) -> str:
    return "".join(stream(report))


def stream(report: Report) -> Iterator[str]:
    """The JSON document a finding at a time (the same text json.dumps(indent=2) gives)."""
    by_rule = Counter(f.code for f in report.findings)
    summary = {
        "files": len(report.files),
        "findings": len(report.findings),
        "errors": report.total(Severity.ERROR),
        "warnings": report.total(Severity.WARNING),
        "infos": report.total(Severity.INFO),
        "fixable": sum(1 for f in report.findings if f.fix is not None),
        "by_rule": dict(sorted(by_rule.items())),
    }
    if report.notes:
        summary["notes"] = list(report.notes)
    findings = [] if report.statistics else report.findings
    if not findings:
        yield '{\n  "findings": [],\n'
    for index, finding in enumerate(findings):
        item = json.dumps(finding.to_dict(), indent=2, ensure_ascii=False, default=str).replace("\n", "\n    ")
        yield ('{\n  "findings": [\n    ' if index == 0 else ",\n    ") + json_safe(item)
    if findings:
        yield "\n  ],\n"
    tail = json.dumps({"summary": summary}, indent=2, ensure_ascii=False, default=str)
    yield json_safe(tail[2:]) + "\n"  # the summary member, without the opening brace already written
