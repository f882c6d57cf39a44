"""The road from paths to a finished `planlint check` run: find the files, read each, lint it (the
engine), then fix, baseline and the exit code.

Kept apart from cli.py (which only parses options and prints) so that the order of the stages is
written once: discover -> read -> lint (engine.lint_document: validate, checks, stamping,
suppressions) -> fix (and lint again what was fixed) -> baseline -> exit code from what remains.
Files are linted in the order discovered, in parallel when there are many.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from planlint.catalog import Catalog, load_catalog
from planlint.config import Resolver
from planlint.document import Document, LoadProblem, SourceMap, load_yaml
from planlint.engine import RuleTable, lint_document
from planlint.errors import UserError
from planlint.findings import Finding, Severity, format_path, plural
from planlint.reader import DEFAULT_MAX_FILE_SIZE, discover, read_path, read_stream

TableFor = Callable[[str], RuleTable]


class RunResult:
    """What linting the files gave: their findings, names, texts, notes and (when asked for) plans."""

    __slots__ = ("files", "findings", "notes", "plans", "sources")

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.files: list[str] = []
        self.sources: dict[str, SourceMap] = {}  # by file, for source excerpts
        self.notes: list[str] = []
        self.plans: dict[str, Any] = {}  # by file, the plain data read (when asked for)


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
    return Outcome(name, findings, doc.source, list(doc.notes), doc.data)


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
    files = list(paths if discovered else discover(paths))
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
    # More processes than CPUs only add memory (bench/NOTES.md)
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


# ------------------------------------------------------------------ a whole `planlint check` run


class CheckRun:
    """A whole `planlint check`: what was linted, what was found, and what to say about it."""

    __slots__ = (
        "baseline_note",
        "catalog",
        "diff",
        "files",
        "findings",
        "messages",
        "notes",
        "paths",
        "plans",
        "resolver",
        "severities",
        "sources",
    )

    def __init__(
        self,
        catalog: Catalog,
        resolver: Resolver,
        findings: list[Finding],
        files: list[str],
        paths: dict[str, str],
        sources: dict[str, SourceMap],
        severities: Mapping[str, Severity],
        *,
        notes: list[str],
        plans: dict[str, Any],
    ) -> None:
        self.catalog = catalog
        self.resolver = resolver
        self.findings = findings
        self.files = files
        self.paths = paths  # display name -> path on disk
        self.sources = sources
        self.severities = severities
        self.notes = notes  # shown with the report (stale baseline entries)
        self.messages: list[str] = []  # shown on standard error (what --fix did)
        self.diff = ""
        self.plans = plans  # by file, the plain data read (keep_plans only)
        self.baseline_note: str | None = None  # what --baseline / --write-baseline did, for the report's closing line

    def threshold(self, file: str, fail_on: str | None) -> Severity | None:
        """The least severity that fails `file`: the command line's, else its own config's, else error (None: never)."""
        chosen = fail_on or self.resolver.fail_on_for(self.paths.get(file, file)) or "error"
        return None if chosen == "never" else Severity.parse(chosen)

    def exit_code(self, fail_on: str | None) -> int:
        """1 when a finding reaches its file's threshold."""
        for finding in self.findings:
            threshold = self.threshold(finding.file, fail_on)
            if threshold is not None and finding.severity >= threshold:
                return 1
        return 0


def run_check(
    paths: Iterable[str],
    *,
    config_file: str | None = None,
    select: Iterable[str] = (),
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    today: dt.date,
    stdin_name: str | None = None,
    jobs: int | None = None,
    fix: bool = False,
    diff: bool = False,
    baseline_file: str | None = None,
    write_baseline: str | None = None,
    max_size: int | None = DEFAULT_MAX_FILE_SIZE,
    quarters: str | None = None,
    keep_plans: bool = False,
    output: str | None = None,
    on_file: FileDone | None = None,
) -> CheckRun:
    """The run, all of it; `on_file` hears of each file as it is linted, in order (before any fix or baseline)."""
    catalog = load_catalog()
    resolver = Resolver(
        catalog, config_file=config_file, select=select, extend_select=extend_select, ignore=ignore, quarters=quarters
    )
    if baseline_file or write_baseline:
        from planlint import baseline as baselines  # imported when used: `check` starts faster without
    accepted = baselines.read(baseline_file) if baseline_file else None
    paths = list(paths)
    skipped: list[str] = []
    files = _once(resolver.walk(paths, skipped=skipped))
    _refuse_outputs_over_inputs(
        resolver,
        files,
        output=output,
        write_baseline=write_baseline,
        baseline=baseline_file,
        config=config_file,
        fix=fix,
    )
    result = lint_paths(
        files,
        resolver,
        today,
        stdin_name=stdin_name,
        jobs=jobs,
        discovered=True,
        max_size=max_size,
        keep_plans=keep_plans,
        on_file=on_file,
    )
    on_disk = {name: path for name, path in zip(result.files, files, strict=False)}
    # SARIF describes the rules once per run: with the first file's configuration
    table = resolver.table_for(files[0] if files else ".")
    severities = {code: table.severities[code] for code in table.enabled}
    run = CheckRun(
        catalog,
        resolver,
        result.findings,
        result.files,
        on_disk,
        result.sources,
        severities,
        notes=list(result.notes),
        plans=result.plans,
    )
    if skipped:
        listed = ", ".join(skipped[:3]) + (f" and {len(skipped) - 3} more" if len(skipped) > 3 else "")
        run.messages.append(
            f"warning: skipped {len(skipped)} symbolic link(s) to files outside the folder walked "
            f"({listed}); name a link on the command line to lint what it points to"
        )
    if fix or diff:
        _fix(run, today, write=fix, given=frozenset(paths))
    if write_baseline:
        recorded = baselines.from_findings(run.findings)
        baselines.write(write_baseline, recorded)
        run.baseline_note = f"recorded {plural(len(recorded.entries), 'finding')} in the baseline {write_baseline}"
        accepted = recorded
    if accepted is not None:
        note = baselines.stale_note(accepted.stale(run.findings, run.files))
        if note:
            run.notes.append(note)
        shown = accepted.filter(run.findings)
        hidden = len(run.findings) - len(shown)
        run.findings = shown
        if baseline_file and not write_baseline:
            run.baseline_note = f"{plural(hidden, 'finding')} hidden by the baseline {baseline_file}"
    return run


class OutputError(UserError):
    """An output that would replace an input of the same run: exit 2, before anything is read or written."""


def _refuse_outputs_over_inputs(
    resolver: Resolver,
    files: list[str],
    *,
    output: str | None,
    write_baseline: str | None,
    baseline: str | None,
    config: str | None,
    fix: bool,
) -> None:
    """Every file the run writes (--output, --write-baseline, --fix's plans) against every file it reads
    (plans, baseline, config files): a report written over the baseline it used, or a baseline over a
    plan, would destroy an input. --write-baseline may name --baseline: that is how a baseline is renewed."""
    configs = {str(path) for path in (resolver.config_for(f).path for f in files if f != "-") if path is not None}
    inputs = [("a file being linted", f) for f in files if f != "-"]
    inputs += [("the --baseline file", baseline)] if baseline else []
    inputs += [("a config file of this run", c) for c in sorted(configs | ({config} if config else set()))]
    outputs = [("--output", output, ()), ("--write-baseline", write_baseline, ("the --baseline file",))]
    if fix:
        outputs += [("--fix", f, ("a file being linted",)) for f in files if f != "-"]
    for option, written, allowed in outputs:
        if not written or not os.path.exists(written):
            continue
        for what, read in inputs:
            if what in allowed:
                continue
            try:
                same = os.path.samefile(written, read)
            except OSError:
                continue
            if same:
                if option == "--fix":
                    raise OutputError(f"--fix {written}: that is {what}; --fix would rewrite it: lint it without --fix")
                raise OutputError(f"{option} {written}: that is {what}; write it elsewhere")


def _once(files: Iterable[str]) -> list[str]:
    """Each file once, however many times it is named (`a.plan.yaml ./a.plan.yaml`, a folder and a file in it)."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for file in files:
        key = file if file == "-" else os.path.realpath(file)
        if key not in seen:
            seen[key] = len(out)
            out.append(file)
        elif os.path.islink(out[seen[key]]) and not os.path.islink(file):
            out[seen[key]] = file  # the file by its own name rather than through a link to it
    return out


# One fix can make another possible (a corrected category changes the summary's recount):
# fix, lint again, until nothing more applies.
MAX_FIX_PASSES = 10


def _fix(run: CheckRun, today: dt.date, *, write: bool, given: frozenset[str] = frozenset()) -> None:
    from planlint import fix as fixing  # imported when used: `check` starts faster without

    diffs: list[str] = []
    refreshed: dict[str, list[Finding]] = {}
    count = 0
    for name in run.files:
        path = run.paths.get(name)
        findings = [f for f in run.findings if f.file == name]
        if path is None or not fixing.fixable(path) or not any(f.fix for f in findings):
            continue
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            run.messages.append(f"{name}: not fixed: cannot read it again ({exc.strerror or exc})")
            continue
        bom = raw.startswith(b"\xef\xbb\xbf")
        try:
            original = raw[3 if bom else 0 :].decode("utf-8")
        except UnicodeDecodeError:
            # read (as UTF-16, say) but not written back in kind: say so rather than skip in silence
            run.messages.append(f"{name}: not fixed: --fix rewrites UTF-8 files only; save the file as UTF-8 first")
            continue
        text = original
        applied = 0
        table = run.resolver.table_for(path)
        for _ in range(MAX_FIX_PASSES):
            outcome = fixing.apply_edits(text, fixing.edits_of(findings), name)
            for edit, why in outcome.skipped:
                run.messages.append(f"{name}: could not fix {format_path(edit.path)}: {why}")
            if not outcome.changed(text):
                break
            applied += len(outcome.applied)
            text = outcome.text
            findings, source, data = _lint_text(text, name, table, today)
        if text == original:
            continue
        if write:
            refusal = fixing.refusal(path, explicit=path in given)
            if refusal:
                run.messages.append(f"{name}: not fixed: {refusal}")
                continue
            try:
                fixing.write_atomically(path, ("\ufeff" if bom else "") + text)
            except OSError as exc:  # one line for this file; the report still covers it, unfixed
                run.messages.append(f"{name}: not fixed: cannot write it ({exc.strerror or exc})")
                continue
            refreshed[name] = findings
            count += applied
            run.sources[name] = source
            if name in run.plans:
                run.plans[name] = data
        else:
            diffs.append(fixing.unified_diff(original, text, name))
    run.diff = "".join(diffs)
    if refreshed:
        # What remains is what counts: the findings of the fixed text replace the file's old ones.
        run.findings = [f for f in run.findings if f.file not in refreshed]
        run.findings += [f for name in refreshed for f in refreshed[name]]
        order = {name: i for i, name in enumerate(run.files)}
        run.findings.sort(key=lambda f: (order.get(f.file, len(order)), f.sort_key()))
        run.messages.append(f"fixed {plural(count, 'value')} in {plural(len(refreshed), 'file')}")


def _lint_text(text: str, name: str, table: RuleTable, today: dt.date) -> tuple[list[Finding], SourceMap, Any]:
    doc = load_yaml(text, name)
    return lint_document(doc, table, today=today, catalog=load_catalog()), doc.source, doc.data
