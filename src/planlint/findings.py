"""What rules yield (Problem) and what the engine reports (Finding).

A rule knows paths into the plan, never lines: it yields a Problem naming a
path, and the engine turns that path into a Span through the document's
SourceMap. Positions are 1-based everywhere a user can see them.
"""

from __future__ import annotations

import enum
from typing import Any, NamedTuple

PathPart = str | int
Path = tuple[PathPart, ...]


class Severity(enum.IntEnum):
    """Ordered so that comparisons read naturally: ERROR > WARNING > INFO."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or info") from None

    def __str__(self) -> str:
        return self.name.lower()


def format_path(path: Path) -> str:
    """('recommendations', 2, 'actions', 0, 'owner') -> 'recommendations[2].actions[0].owner'."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(f".{part}" if out else part)
    return "".join(out)


# The records below are NamedTuples rather than dataclasses: the same immutability, equality and
# repr, but a class costs ~0.1-0.3 ms to create instead of ~0.7 ms (a dataclass execs each generated
# method), and the `dataclasses` module imports `inspect` (ast, dis, tokenize: ~10 ms), both paid
# by every cold `planlint check` (issue 16); they also pickle in C on their way back from --jobs
# workers.


class Span(NamedTuple):
    """A region of the source, 1-based and inclusive of the start, exclusive of the end column."""

    line: int
    column: int
    end_line: int
    end_column: int


class Cell(NamedTuple):
    """Where a finding lies in a Word table (docx imports): 1-based table and row, column header."""

    table: int
    row: int
    column: str


class Edit(NamedTuple):
    """Set the value at `path` to `value` (a scalar)."""

    path: Path
    value: Any


class Fix(NamedTuple):
    description: str
    edits: tuple[Edit, ...]


class Anchor(NamedTuple):
    """A stretch of a scalar's value (character offsets into the value) the finding is about.

    Lets a wording rule point at the phrase inside a long or multi-line text
    without knowing how the text is laid out in the file.
    """

    start: int
    end: int


class Problem(NamedTuple):
    """One thing a rule found: a path, a message and, optionally, more precision and a fix.

    `subject` overrides the text the fingerprint is derived from (by default the
    value at `path`, or for a mapping its `text`).
    """

    path: Path
    message: str
    anchor: Anchor | None = None
    fix: Fix | None = None
    subject: str | None = None


def fingerprint(basis: str, seen: dict[str, int], *, length: int = 32) -> str:
    """The fingerprint of `basis`, the n-th time it is met in `seen` (one counter per file or report).

    The hex SHA-256 of the basis and its occurrence number, cut to `length`: the same finding twice
    in a file gets two fingerprints, and each keeps its own from run to run. Findings (engine),
    unused suppressions (suppress) and GitLab issues all derive theirs here, so baselines written
    by one version match the next.
    """
    import hashlib  # here, not at the top: a clean plan has no finding to fingerprint (3 ms saved)

    occurrence = seen.get(basis, 0)
    seen[basis] = occurrence + 1
    return hashlib.sha256(f"{basis}\0{occurrence}".encode("utf-8", "surrogatepass")).hexdigest()[:length]


class Finding(NamedTuple):
    """A problem as reported: where it is (span, and for a Word draft the table cell), which rule
    found it at which severity, what to do about it, and its fingerprint (set once a file's findings
    are sorted: engine)."""

    file: str
    span: Span
    code: str
    name: str
    severity: Severity
    message: str
    path: Path
    fix: Fix | None = None
    fingerprint: str = ""
    cell: Cell | None = None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def end_line(self) -> int:
        return self.span.end_line

    @property
    def end_column(self) -> int:
        return self.span.end_column

    def sort_key(self) -> tuple:
        return (self.file, self.span.line, self.span.column, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.file,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "path": format_path(self.path),
            "fix": fix_to_dict(self.fix),
            "fingerprint": self.fingerprint,
        }
        if self.cell is not None:
            data["cell"] = {"table": self.cell.table, "row": self.cell.row, "column": self.cell.column}
        return data


def fix_to_dict(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "description": fix.description,
        "edits": [{"path": format_path(e.path), "replacement": e.value} for e in fix.edits],
    }


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 finding', '4 findings' ('1 entry', '2 entries' with nouns given): every count a user reads."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
