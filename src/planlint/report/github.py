"""GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` line per finding.

GitHub turns these into annotations on the pull request's diff, but shows only
a handful per step, so the report ends with a plain summary line that the
log always shows in full.
"""

from __future__ import annotations

from collections.abc import Iterator

from planlint.findings import Finding, Severity
from planlint.report import Report
from planlint.report.escapes import MESSAGE_BREAKS, visible
from planlint.report.locations import place, relative_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """What @actions/core does to a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """What @actions/core does to a command's property values: also `:` and `,`, which delimit them."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    span = finding.span
    where = place(finding)
    properties = [("file", visible(relative_path(finding.file)))]
    # A Word file has no lines of its own: the annotation is on the file, and the message names the cell.
    if where is None:
        properties.append(("line", str(span.line)))
        # GitHub accepts columns only for a region on one line.
        if span.end_line == span.line:
            properties.append(("col", str(span.column)))
            properties += [("endLine", str(span.end_line)), ("endColumn", str(max(span.end_column, span.column)))]
        elif span.end_line > span.line:
            properties.append(("endLine", str(span.end_line)))
    properties.append(("title", f"planlint ({finding.code})"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    text = visible(finding.message, MESSAGE_BREAKS)
    message = f"{text} [{finding.name}]" if where is None else f"{visible(where)}: {text} [{finding.name}]"
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"


def summary(report: Report) -> str:
    counts = [
        (report.total(Severity.ERROR), "error"),
        (report.total(Severity.WARNING), "warning"),
        (report.total(Severity.INFO), "info"),
    ]
    files = len(report.files)
    found = ", ".join(f"{n} {word}{'s' if n != 1 and word != 'info' else ''}" for n, word in counts)
    where = f"{files} file{'s' if files != 1 else ''}"
    if not report.findings:
        return f"planlint: no findings in {where}"
    return f"planlint: {found} in {where}"


def render(report: Report) -> str:
    return "".join(lines(report)) + ending(report)


def lines(report: Report) -> Iterator[str]:
    """An annotation per finding; printed a file at a time by a run that streams."""
    for finding in report.findings:
        yield annotation(finding) + "\n"


def ending(report: Report) -> str:
    """What follows the annotations, once every file is linted: the run's notes, then the summary."""
    # A note names files and baseline entries, text a workflow command could hide in: each is a
    # ::notice:: of its own, escaped like a message, never a raw line the runner would obey.
    notes = [f"::notice title=planlint::{escape_data(visible(note))}" for note in report.notes]
    return "\n".join([*notes, summary(report)]) + "\n"
