"""GitLab Code Quality: the Code Climate issue subset GitLab reads into merge request widgets.

GitLab matches issues across pipelines by `fingerprint` and requires each to
be unique in a report, so planlint's fingerprint (already unique per finding
of a file) is combined with the file and code; severities map onto GitLab's
scale, where `major` blocks like an error and `minor` reads as a warning.
"""

from __future__ import annotations

import json
from typing import Any

from planlint.findings import Finding, Severity, fingerprint
from planlint.report import Report
from planlint.report.escapes import MESSAGE_BREAKS, json_safe, visible
from planlint.report.locations import place, relative_path

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _fingerprint(finding: Finding, path: str, seen: dict[str, int]) -> str:
    basis = finding.fingerprint or f"{finding.code}\0{finding.span.line}\0{finding.span.column}\0{finding.message}"
    return fingerprint(f"{path}\0{finding.code}\0{basis}", seen, length=64)


def issue(finding: Finding, seen: dict[str, int]) -> dict[str, Any]:
    path = visible(relative_path(finding.file))
    where = place(finding)
    # GitLab needs a line; a Word file has none of its own, so its issues sit on line 1 and say their cell.
    lines = (
        {"begin": finding.span.line, "end": max(finding.span.end_line, finding.span.line)}
        if where is None
        else {"begin": 1, "end": 1}
    )
    return {
        "type": "issue",
        "description": f"{finding.code} {visible(finding.message, MESSAGE_BREAKS)}"
        if where is None
        else f"{finding.code} {visible(where)}: {visible(finding.message, MESSAGE_BREAKS)}",
        "check_name": finding.code,
        "categories": ["Style"],
        "fingerprint": _fingerprint(finding, path, seen),
        "severity": SEVERITIES[finding.severity],
        "location": {"path": path, "lines": lines},
    }


def render(report: Report) -> str:
    seen: dict[str, int] = {}
    return json_safe(json.dumps([issue(f, seen) for f in report.findings], indent=2, ensure_ascii=False)) + "\n"
