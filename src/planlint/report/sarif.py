"""SARIF 2.1.0, for GitHub code scanning and any SARIF viewer.

One run; the driver lists every rule in the catalogue with its documentation
(the Markdown `planlint explain` prints, and a plain-text copy for viewers
without Markdown) and a link to the rule's file in the repository, so a viewer
can show the guidance beside each result. File URIs are relative to
%SRCROOT%, the folder planlint ran in (the checkout, in CI), which
originalUriBaseIds resolves; a file outside it keeps an absolute file: URI.
Columns are counted in Unicode code points, as planlint counts them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from planlint.findings import Finding, Severity, format_path
from planlint.lazy_pattern import LazyPattern
from planlint.report import Report
from planlint.report.escapes import json_safe
from planlint.report.locations import artifact_uri, has_lines, place

SRCROOT = "%SRCROOT%"

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/planlint/planlint"
# Each rule's documentation is its metadata file (what, why, guidance, examples), served by `explain`.
RULE_DOC_URI = INFORMATION_URI + "/blob/main/rules/{code}-{name}.yaml"
FINGERPRINT_KEY = "planlint/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report) -> str:
    rules = list(report.catalog.rules)
    index = {rule.code: i for i, rule in enumerate(rules)}
    artifacts: list[str] = []
    artifact_index: dict[str, int] = {}
    for file in [*report.files, *(f.file for f in report.findings)]:
        uri = artifact_uri(file)
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            artifacts.append(uri)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "planlint",
                "version": report.version,
                "semanticVersion": report.version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rule, report) for rule in rules],
            }
        },
        "originalUriBaseIds": {
            SRCROOT: {
                "uri": Path.cwd().as_uri().rstrip("/") + "/",
                "description": {"text": "The folder planlint ran in"},
            }
        },
        "artifacts": [{"location": _artifact_location(uri)} for uri in artifacts],
        "results": [_result(f, index, artifact_index) for f in report.findings],
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {
                "executionSuccessful": True,
                **(
                    {
                        "toolExecutionNotifications": [
                            {"message": {"text": note}, "level": "note"} for note in report.notes
                        ]
                    }
                    if report.notes
                    else {}
                ),
            }
        ],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json_safe(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def _rule(rule: Any, report: Report) -> dict[str, Any]:
    severity = report.severities.get(rule.code)
    documentation = rule.documentation()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.what.split())},
        "helpUri": RULE_DOC_URI.format(code=rule.code, name=rule.name),
        "help": {"text": _plain(documentation), "markdown": documentation},
        "defaultConfiguration": {
            "level": LEVELS[severity if severity is not None else rule.severity],
            "enabled": severity is not None,
        },
        "properties": {"tags": [rule.family], "fixable": rule.fixable},
    }


def _result(finding: Finding, rule_index: dict[str, int], artifact_index: dict[str, int]) -> dict[str, Any]:
    span = finding.span
    uri = artifact_uri(finding.file)
    region: dict[str, Any] = {"startLine": span.line, "startColumn": span.column}
    # A region must not end before it starts; a node reported without an end is a point.
    if (span.end_line, span.end_column) >= (span.line, span.column):
        region.update(endLine=span.end_line, endColumn=span.end_column)
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {**_artifact_location(uri), "index": artifact_index[uri]},
                    "region": region,
                },
            }
        ],
    }
    if not has_lines(finding.file):  # a Word file: its cell (a logical location), not a line of a rendering
        del result["locations"][0]["physicalLocation"]["region"]
        where = place(finding)
        result["message"]["text"] = f"{where}: {finding.message}"
    logical = _logical_locations(finding)
    if logical:
        result["locations"][0]["logicalLocations"] = logical
    if finding.code in rule_index:
        result["ruleIndex"] = rule_index[finding.code]
    if finding.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    properties: dict[str, Any] = {"name": finding.name}
    if finding.fix is not None:
        properties["fix"] = finding.fix.description
    result["properties"] = properties
    return result


def _logical_locations(finding: Finding) -> list[dict[str, Any]]:
    locations = []
    if finding.path:
        locations.append({"fullyQualifiedName": format_path(finding.path), "kind": "element"})
    if finding.cell is not None:
        cell = finding.cell
        locations.append(
            {"fullyQualifiedName": f"table {cell.table}, row {cell.row}, {cell.column}", "kind": "element"}
        )
    return locations


def _artifact_location(uri: str) -> dict[str, Any]:
    """A relative URI is resolved against %SRCROOT%; an absolute file: URI stands alone."""
    return {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": SRCROOT}


_HEADING = LazyPattern(r"^#+ ")


def _plain(markdown: str) -> str:
    """The documentation without Markdown: headings as lines, code blocks indented, no backticks."""
    lines, in_code = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            lines.append(f"    {line}" if line else "")
        else:
            lines.append(_HEADING.sub("", line).replace("`", ""))
    return "\n".join(lines) + "\n"
