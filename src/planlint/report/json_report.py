"""`{"findings": [...], "summary": {...}}`: one object per finding with the fields rules.md lists."""

from __future__ import annotations

import json
from collections import Counter

from planlint.findings import Severity
from planlint.report import Report


def render(report: Report) -> str:
    by_rule = Counter(f.code for f in report.findings)
    summary = {
        "files": len(report.files),
        "findings": len(report.findings),
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "infos": report.count(Severity.INFO),
        "fixable": sum(1 for f in report.findings if f.fix is not None),
        "by_rule": dict(sorted(by_rule.items())),
    }
    if report.notes:
        summary["notes"] = list(report.notes)
    body = {"findings": [] if report.statistics else [f.to_dict() for f in report.findings], "summary": summary}
    return json.dumps(body, indent=2, ensure_ascii=False, default=str) + "\n"
