"""Renderers: one module per output format, each a `render(report) -> str` function.

A renderer sees only the Report: the findings (already selected, stamped,
suppressed, sorted) and what it needs to describe them. It does no linting.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from planlint.findings import Finding, Severity

if TYPE_CHECKING:
    from planlint.catalog import Catalog
    from planlint.document import SourceMap

# Imported on first use, so that a run pays only for the format it prints.
RENDERERS: dict[str, str] = {
    "text": "planlint.report.text",
    "json": "planlint.report.json_report",
    "sarif": "planlint.report.sarif",
    "github": "planlint.report.github",
    "junit": "planlint.report.junit",
    "gitlab": "planlint.report.gitlab",
    "html": "planlint.report.html",
}
# Formats that are a line per finding and a closing part: their modules also have `lines(report)` and
# `ending(report)`, so a long run can print each file's findings as it finishes (see `file_lines`).
LINE_BASED = frozenset({"text", "github"})
# Formats that show the plan itself, not only its findings: the run keeps each plan's data for them.
SHOWS_PLANS = frozenset({"html"})


class Report(NamedTuple):  # a NamedTuple, as findings.py says why
    findings: list[Finding]
    files: list[str]  # every file linted, in order, findings or not
    catalog: Catalog
    severities: Mapping[str, Severity]  # the configured severity of each enabled rule, by code
    version: str
    color: bool = False
    sources: Mapping[str, SourceMap] = MappingProxyType({})  # by file, for source excerpts
    statistics: bool = False  # counts per rule instead of each finding
    notes: tuple[str, ...] = ()  # run-level remarks (e.g. stale baseline entries)
    plans: Mapping[str, Any] = MappingProxyType({})  # by file, the plan's plain data (SHOWS_PLANS formats)
    # the least severity that fails each file (--fail-on or its config; None: never), for the formats that
    # mark findings as failures (JUnit); a file not listed fails at error
    thresholds: Mapping[str, Severity | None] = MappingProxyType({})
    baseline_note: str | None = None  # what a baseline did: "recorded 13 findings in ...", "13 ... hidden by ..."

    def fails(self, finding: Finding) -> bool:
        """Whether the finding counts against the exit code (it is at or above its file's threshold)."""
        threshold = self.thresholds.get(finding.file, Severity.ERROR)
        return threshold is not None and finding.severity >= threshold

    def total(self, severity: Severity) -> int:  # not `count`: a tuple has one
        return sum(1 for f in self.findings if f.severity == severity)


def renderer(name: str) -> Callable[[Report], str]:
    module = importlib.import_module(RENDERERS[name])
    return module.render  # type: ignore[no-any-return]


def chunks(name: str, report: Report) -> Iterator[str]:
    """The report in pieces, for writing: a renderer with a `stream` never builds the whole text."""
    module = importlib.import_module(RENDERERS[name])
    stream = getattr(module, "stream", None)
    if stream is not None:
        yield from stream(report)
    else:
        yield module.render(report)


def file_lines(
    name: str,
    file: str,
    findings: list[Finding],
    source: SourceMap | None,
    *,
    catalog: Catalog,
    color: bool = False,
) -> str:
    """One file's part of a LINE_BASED report, as that file finishes; `ending` follows once all have."""
    module = importlib.import_module(RENDERERS[name])
    part = Report(
        findings=findings,
        files=[file],
        catalog=catalog,
        severities={},
        version="",
        color=color,
        sources={file: source} if source is not None else {},
    )
    return "".join(module.lines(part))


def ending(name: str, report: Report) -> str:
    """What a LINE_BASED report prints after every file's lines: its closing line, its notes."""
    return importlib.import_module(RENDERERS[name]).ending(report)  # type: ignore[no-any-return]
