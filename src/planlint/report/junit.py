"""JUnit XML: one testsuite per file linted, one failing testcase per finding.

A file with no findings gets one passing testcase, so that CI test views
(GitLab, Jenkins, Azure) list it as checked rather than as empty.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from planlint.findings import Finding, format_path
from planlint.report import Report
from planlint.report.escapes import MESSAGE_BREAKS, visible
from planlint.report.locations import relative_path

# XML 1.0 cannot hold these even escaped; a plan's text may (YAML "\x01" escapes).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    # controls shown as escapes (report/escapes.py), then anything XML still cannot hold replaced
    return _NOT_XML.sub("\ufffd", visible(text, MESSAGE_BREAKS))


def _testcase(suite: ET.Element, finding: Finding, file: str) -> None:
    span = finding.span
    case = ET.SubElement(suite, "testcase", {
        "classname": _clean(file),
        "name": _clean(f"{finding.code} {finding.name} at line {span.line}, column {span.column}"),
        "file": _clean(file),
        "line": str(span.line),
        "time": "0",
    })
    failure = ET.SubElement(case, "failure", {"message": _clean(finding.message), "type": str(finding.severity)})
    where = format_path(finding.path)
    failure.text = _clean(f"{file}:{span.line}:{span.column}: {finding.code} [{finding.severity}] {finding.message}"
                          + (f"\npath: {where}" if where else ""))


def render(report: Report) -> str:
    by_file: dict[str, list[Finding]] = {}
    for file in report.files:
        by_file.setdefault(file, [])
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    root = ET.Element("testsuites", {"name": "planlint", "tests": "0", "failures": "0", "errors": "0",
                                     "time": "0"})
    total_tests = total_failures = 0
    for file, findings in by_file.items():
        shown = relative_path(file)
        tests = max(len(findings), 1)
        suite = ET.SubElement(root, "testsuite", {"name": _clean(shown), "tests": str(tests),
                                                  "failures": str(len(findings)), "errors": "0", "skipped": "0",
                                                  "time": "0"})
        for finding in findings:
            _testcase(suite, finding, shown)
        if not findings:
            ET.SubElement(suite, "testcase", {"classname": _clean(shown), "name": "planlint", "file": _clean(shown),
                                              "time": "0"})
        total_tests += tests
        total_failures += len(findings)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
