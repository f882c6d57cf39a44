"""Human-readable output: `file:line:col: CODE name [severity] message`, the source line and a caret."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from planlint.findings import Finding, Severity
from planlint.report import Report
from planlint.report.escapes import inert_line, visible
from planlint.report.locations import place

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, on: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if on else text


def _location(finding: Finding) -> str:
    where = place(finding)
    if where is not None:
        return f"{visible(finding.file)}: {visible(where)}"
    return f"{visible(finding.file)}:{finding.line}:{finding.column}"


def render(report: Report) -> str:
    return "".join(stream(report))


def stream(report: Report) -> Iterator[str]:
    """The report a finding at a time, so a large run is never held as one string."""
    if report.statistics:
        yield _statistics(report)
        return
    yield from lines(report)
    yield ending(report)


def lines(report: Report) -> Iterator[str]:
    """Each finding with its source excerpt; printed a file at a time by a run that streams."""
    colour = report.color
    labels = {s: _paint(f"[{s}]", _COLOURS[s], colour) for s in Severity}  # a run prints thousands
    for f in report.findings:
        where, code = (_paint(_location(f), "1", True), _paint(f.code, "1", True)) if colour else (_location(f), f.code)
        # A plan's text and a file's name are shown, never obeyed (see report/escapes.py)
        head = f"{where}: {code} {f.name} {labels[f.severity]} {visible(f.message, keep=chr(10))}"
        head = "\n".join(inert_line(line) for line in head.split("\n")) + "\n"
        source = report.sources.get(f.file)
        excerpt = _excerpt(source.source_line(f.span.line), f) if source is not None and place(f) is None else None
        if excerpt is None:
            yield head
            continue
        shown, caret_at, length = excerpt
        caret = _paint("^" + "~" * (length - 1), _COLOURS[f.severity], colour)
        yield f"{head}    {shown}\n    {' ' * caret_at}{caret}\n"


def ending(report: Report) -> str:
    """What follows the findings, once every file is linted: the closing line, then the run's notes."""
    return "\n".join([_closing(report), *_notes(report)]) + "\n"


def _notes(report: Report) -> list[str]:
    return [inert_line(visible(line)) for note in report.notes for line in note.split("\n")]


WIDTH = 120


def _excerpt(text: str, f: Finding) -> tuple[str, int, int] | None:
    """The source line cut to a window around the column, the caret's offset in it and its length.

    Tabs become single spaces so the caret lines up (columns count characters); other
    controls are shown as escapes, the caret moved past them.
    """
    if not text.strip():
        return None
    line = text.replace("\t", " ")
    start = f.column - 1
    end = f.end_column - 1 if f.end_line == f.line and f.end_column > f.column else start + 1
    left = max(0, min(start - 20, len(line) - WIDTH)) if len(line) > WIDTH else 0
    window = line[left : left + WIDTH]
    prefix = "..." if left else ""
    suffix = "..." if left + WIDTH < len(line) else ""
    caret_at = len(prefix) + min(start - left, len(window))
    length = max(1, min(end, left + WIDTH) - start)
    shown = inert_line(prefix + visible(window) + suffix)
    if len(shown) != len(prefix + window + suffix):
        offset = caret_at - len(prefix)
        before = len(inert_line(prefix + visible(window[:offset])))
        length = max(1, len(inert_line(prefix + visible(window[: offset + length]))) - before)
        caret_at = before
    return shown, caret_at, length


def _closing(report: Report) -> str:
    files = len(report.files)
    noun = "file" if files == 1 else "files"
    if not report.findings:
        if report.baseline_note:
            return f"No new findings in {files} {noun}: {report.baseline_note}"
        return f"All clear: no findings in {files} {noun}"
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        n = report.total(severity)
        if n:
            parts.append(f"{n} {severity}{'' if n == 1 else 's'}")
    fixable = sum(1 for f in report.findings if f.fix is not None)
    tail = f" ({fixable} fixable with --fix)" if fixable else ""
    hidden = f"; {report.baseline_note}" if report.baseline_note else ""
    return (
        f"Found {len(report.findings)} finding{'' if len(report.findings) == 1 else 's'} in {files} {noun}: "
        f"{', '.join(parts)}{tail}{hidden}"
    )


def _statistics(report: Report) -> str:
    counts = Counter((f.code, f.name, f.severity) for f in report.findings)
    lines = [
        f"{n:>6}  {code}  {name}  [{sev}]"
        for (code, name, sev), n in sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    ]
    lines.append(_closing(report))
    lines.extend(_notes(report))
    return "\n".join(lines) + "\n"
