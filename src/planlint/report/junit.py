"""JUnit XML: one testsuite per file linted, one testcase per finding.

A testcase fails only when its finding is at or above the file's --fail-on
threshold, so that the test view (GitLab, Jenkins, Azure) agrees with the exit
code; a finding below it is a passing testcase with the finding in its
system-out. A file with no findings gets one passing testcase, so that CI test
views list it as checked rather than as empty.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from planlint.findings import Finding, format_path
from planlint.lazy_pattern import LazyPattern
from planlint.report import Report
from planlint.report.escapes import MESSAGE_BREAKS, visible
from planlint.report.locations import place, relative_path

# XML 1.0 cannot hold these even escaped; a plan's text may (YAML "\x01" escapes).
_NOT_XML = LazyPattern("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    # controls shown as escapes (report/escapes.py), then anything XML still cannot hold replaced
    return _NOT_XML.sub("\ufffd", visible(text, MESSAGE_BREAKS))


def _testcase(suite: ET.Element, finding: Finding, file: str, fails: bool) -> None:
    span = finding.span
    cell = place(finding)
    attributes = {"classname": _clean(file)}
    if cell is None:
        attributes.update(
            name=_clean(f"{finding.code} {finding.name} at line {span.line}, column {span.column}"),
            file=_clean(file),
            line=str(span.line),
            time="0",
        )
        located = f"{file}:{span.line}:{span.column}"
    else:  # a Word file: the cell, not a line of planlint's own rendering of it
        attributes.update(name=_clean(f"{finding.code} {finding.name} at {cell}"), file=_clean(file), time="0")
        located = f"{file}: {cell}"
    case = ET.SubElement(suite, "testcase", attributes)
    where = format_path(finding.path)
    detail = _clean(
        f"{located}: {finding.code} [{finding.severity}] {finding.message}" + (f"\npath: {where}" if where else "")
    )
    if fails:
        failure = ET.SubElement(case, "failure", {"message": _clean(finding.message), "type": str(finding.severity)})
        failure.text = detail
    else:
        ET.SubElement(case, "system-out").text = f"{detail}\n(below the --fail-on threshold: reported, not failed)"


def render(report: Report) -> str:
    by_file: dict[str, list[Finding]] = {}
    for file in report.files:
        by_file.setdefault(file, [])
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    root = ET.Element("testsuites", {"name": "planlint", "tests": "0", "failures": "0", "errors": "0", "time": "0"})
    total_tests = total_failures = 0
    for file, findings in by_file.items():
        shown = relative_path(file)
        tests = max(len(findings), 1)
        failing = [report.fails(finding) for finding in findings]
        suite = ET.SubElement(
            root,
            "testsuite",
            {
                "name": _clean(shown),
                "tests": str(tests),
                "failures": str(sum(failing)),
                "errors": "0",
                "skipped": "0",
                "time": "0",
            },
        )
        for finding, fails in zip(findings, failing, strict=True):
            _testcase(suite, finding, shown, fails)
        if not findings:
            ET.SubElement(
                suite, "testcase", {"classname": _clean(shown), "name": "planlint", "file": _clean(shown), "time": "0"}
            )
        total_tests += tests
        total_failures += sum(failing)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
