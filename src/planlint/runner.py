"""Linting many files: discovery, reading, the engine, in a stable order."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from planlint import suppress
from planlint.catalog import load_catalog
from planlint.document import Document, LoadProblem, SourceMap
from planlint.engine import RuleTable, lint_document
from planlint.findings import Finding
from planlint.reader import DEFAULT_MAX_FILE_SIZE, discover, read_path, read_stream

TableFor = Callable[[str], RuleTable]


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    sources: dict[str, SourceMap] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    plans: dict[str, Any] = field(default_factory=dict)  # by file, the plain data read (when asked for)


def display_name(path: str) -> str:
    """The path as findings show it: relative to the current folder when inside it, with forward slashes."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = path
    shown = path if rel.startswith("..") else rel
    return shown.replace(os.sep, "/")


def lint_file(
    path: str,
    table: RuleTable,
    today: dt.date,
    *,
    stdin_name: str | None = None,
    max_size: int | None = DEFAULT_MAX_FILE_SIZE,
) -> tuple[str, list[Finding], SourceMap]:
    outcome = _lint_one(path, table, today, stdin_name=stdin_name, max_size=max_size)
    return outcome.name, outcome.findings, outcome.source


class Outcome(NamedTuple):
    """One file linted: what the report needs of it."""

    name: str
    findings: list[Finding]
    source: SourceMap
    notes: list[str]  # said once about reading it (a fallback encoding)
    data: Any  # the plan's plain data as read (None when unreadable), for reports that show the plan


# Told of each file as it finishes: its outcome, how many files are done (it included), how many in all.
FileDone = Callable[[Outcome, int, int], None]


def _lint_one(
    path: str,
    table: RuleTable,
    today: dt.date,
    *,
    stdin_name: str | None = None,
    max_size: int | None = DEFAULT_MAX_FILE_SIZE,
) -> Outcome:
    if path == "-":
        name = stdin_name or "<stdin>"
        doc = read_stream(sys.stdin.buffer, name, max_size=max_size)
    else:
        name = display_name(path)
        doc = read_path(path, name, max_size=max_size)
    try:
        findings = lint_document(doc, table, today=today, catalog=load_catalog())
    except (ValueError, OverflowError, RecursionError, ArithmeticError, LookupError, TypeError) as exc:
        # A failure on one file (a date past the year 9999, a bug a plan provokes) is that file's
        # finding; the other files are still linted and reported.
        if os.environ.get("PLANLINT_DEBUG"):
            raise
        return Outcome(name, [_failed(name, exc, table)], doc.source, list(doc.notes), None)
    return Outcome(
        name,
        suppress.filter_document(doc.source, findings, table, load_catalog(), file=name),
        doc.source,
        list(doc.notes),
        doc.data,
    )


def _failed(name: str, exc: BaseException, table: RuleTable) -> Finding:
    """The PL001 finding for a file planlint failed on: what failed, and that it is planlint's to fix."""
    failed = Document(name, None, SourceMap(""))
    detail = " ".join(str(exc).split())[:200]
    failed.problems.append(
        LoadProblem(
            "PL001",
            f"not linted: planlint failed on this file ({type(exc).__name__}: "
            f"{detail}); the other files were linted. Set PLANLINT_DEBUG=1 for the "
            "traceback and report it",
            line=0,
            column=0,
        )
    )
    return lint_document(failed, table, today=dt.date.today(), catalog=load_catalog())[0]


def lint_paths(
    paths: Iterable[str],
    table_for: TableFor,
    today: dt.date,
    *,
    exclude: Iterable[str] = (),
    stdin_name: str | None = None,
    jobs: int | None = None,
    discovered: bool = False,
    max_size: int | None = DEFAULT_MAX_FILE_SIZE,
    keep_plans: bool = False,
    on_file: FileDone | None = None,
) -> RunResult:
    """Lint every file, in the order discovered whatever `jobs` is (None: parallel when there are many files).

    With more than one job, `table_for` must be picklable (config.Resolver is). `keep_plans` keeps each
    plan's plain data in the result (for reports that show the plan itself); off, no run pays for it.
    `on_file` hears of each file as it finishes, in that order (for a report printed as the run goes).
    """
    files = list(paths if discovered else discover(paths, exclude))
    result = RunResult()
    for done, outcome in enumerate(
        lint_each(files, table_for, today, stdin_name=stdin_name, jobs=jobs, max_size=max_size, keep_plans=keep_plans),
        1,
    ):
        if on_file is not None:
            on_file(outcome, done, len(files))
        name, findings, source, notes, data = outcome
        result.files.append(name)
        result.notes.extend(notes)
        if keep_plans:
            result.plans[name] = data
        result.findings.extend(findings)
        # Reports need a source's text, not its node positions: dropping those keeps a
        # 2,000-file run in a fifth of the memory.
        result.sources[name] = source.text_only() if source.nodes else source
        if any(f.code == "PL002" for f in findings):
            result.notes.append(
                f"note: {name}: the content rules did not check the parts of the plan whose shape "
                "is wrong (PL002); fix those findings first"
            )
    return result


def lint_each(
    files: list[str],
    table_for: TableFor,
    today: dt.date,
    *,
    stdin_name: str | None = None,
    jobs: int | None = None,
    max_size: int | None = DEFAULT_MAX_FILE_SIZE,
    keep_plans: bool = False,
) -> Iterator[Outcome]:
    """Each file's outcome as soon as it and every file before it are linted, in the order given."""
    workers = parallelism(len(files), jobs)
    if workers > 1 and "-" not in files:
        yield from _lint_parallel(files, table_for, today, workers, max_size, keep_plans)
        return
    for path in files:
        yield _lint_one(path, table_for(path), today, stdin_name=stdin_name, max_size=max_size)


MANY_FILES = 200  # below this, starting workers and sending results back costs more than it saves


def parallelism(files: int, jobs: int | None) -> int:
    cpus = os.cpu_count() or 1
    if jobs is None:
        jobs = cpus if files >= MANY_FILES else 1
    # More processes than CPUs only add memory (-j 400 started 403 processes and took 12 GB)
    return max(1, min(jobs, files, cpus))


MOST_PER_CHUNK = 32


def _chunked(files: list[str], workers: int) -> Iterator[list[str]]:
    """The files in chunks to send to workers, in order.

    One task per file spends more on pickling than on linting; one chunk per worker leaves a worker
    idle behind a slow chunk. Results come back in order, so the report (printed as the run goes) and
    its progress wait for the chunk in front: the first chunks are small, so the first file's findings
    show within a moment, and none holds more than MOST_PER_CHUNK files.
    """
    most = max(1, min(MOST_PER_CHUNK, -(-len(files) // (workers * 4))))
    start, size = 0, 1
    while start < len(files):
        yield files[start : start + size]
        start, size = start + size, min(size * 2, most)


def _lint_chunk(
    chunk: list[str], table_for: TableFor, today: dt.date, max_size: int | None, keep_plans: bool = False
) -> list[Outcome]:
    # Reports need a source's text (for excerpts), not its node positions, which would
    # cost more to send back than linting the file did; the plan's data only when asked for.
    return [
        one._replace(source=one.source.text_only(), data=one.data if keep_plans else None)
        for one in (_lint_one(path, table_for(path), today, max_size=max_size) for path in chunk)
    ]


def _lint_parallel(
    files: list[str], table_for: TableFor, today: dt.date, workers: int, max_size: int | None, keep_plans: bool = False
) -> Iterable[Outcome]:
    from concurrent.futures import ProcessPoolExecutor

    chunks = list(_chunked(files, workers))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for outcome in pool.map(
            _lint_chunk,
            chunks,
            [table_for] * len(chunks),
            [today] * len(chunks),
            [max_size] * len(chunks),
            [keep_plans] * len(chunks),
        ):
            yield from outcome
