"""Linting many files: discovery, reading, the engine, in a stable order."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable

from planlint.catalog import load_catalog
from planlint.document import SourceMap
from planlint.engine import RuleTable, lint_document
from planlint.findings import Finding, Severity
from planlint.reader import discover, read_bytes, read_path

TableFor = Callable[[str], RuleTable]


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    sources: dict[str, SourceMap] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def display_name(path: str) -> str:
    """The path as findings show it: relative to the current folder when inside it, with forward slashes."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = path
    shown = path if rel.startswith("..") else rel
    return shown.replace(os.sep, "/")


def lint_file(path: str, table: RuleTable, today: dt.date, *, stdin_name: str | None = None
              ) -> tuple[str, list[Finding], SourceMap]:
    if path == "-":
        name = stdin_name or "<stdin>"
        doc = read_bytes(sys.stdin.buffer.read(), name)
    else:
        name = display_name(path)
        doc = read_path(path, name)
    return name, lint_document(doc, table, today=today, catalog=load_catalog()), doc.source


def lint_paths(paths: Iterable[str], table_for: TableFor, today: dt.date, *, exclude: Iterable[str] = (),
               stdin_name: str | None = None) -> RunResult:
    result = RunResult()
    for path in discover(paths, exclude):
        name, findings, source = lint_file(path, table_for(path), today, stdin_name=stdin_name)
        result.files.append(name)
        result.findings.extend(findings)
        result.sources[name] = source
        if any(f.code == "PL002" for f in findings):
            result.notes.append(f"note: {name}: the content rules did not run because the plan's shape is wrong "
                                "(PL002); fix those findings first")
    return result


def exit_code(findings: Iterable[Finding], fail_on: Severity | None) -> int:
    """0 when nothing reaches `fail_on` (None: never fail), else 1. Usage and internal errors are 2, elsewhere."""
    if fail_on is None:
        return 0
    return 1 if any(f.severity >= fail_on for f in findings) else 0
