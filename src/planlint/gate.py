"""One `planlint check` run for a CI gate: config per folder, lint, fix, suppress, baseline, exit code.

Kept apart from cli.py (which only parses options and prints) so that the
order of the stages is written once: lint -> fix (and lint again what was
fixed) -> baseline -> exit code from what remains.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from planlint import suppress
from planlint.catalog import Catalog, load_catalog
from planlint.config import Resolver
from planlint.document import SourceMap, load_yaml
from planlint.engine import RuleTable, lint_document
from planlint.errors import UserError
from planlint.findings import Finding, Severity, format_path, plural
from planlint.reader import DEFAULT_MAX_FILE_SIZE
from planlint.runner import FileDone, lint_paths


@dataclass
class CheckRun:
    catalog: Catalog
    resolver: Resolver
    findings: list[Finding]
    files: list[str]
    paths: dict[str, str]  # display name -> path on disk
    sources: dict[str, SourceMap]
    severities: Mapping[str, Severity]
    notes: list[str] = field(default_factory=list)  # shown with the report (stale baseline entries)
    messages: list[str] = field(default_factory=list)  # shown on standard error (what --fix did)
    diff: str = ""
    plans: dict[str, Any] = field(default_factory=dict)  # by file, the plain data read (keep_plans only)
    baseline_note: str | None = None  # what --baseline / --write-baseline did, for the report's closing line

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
    import os

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
    import os

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
    findings = lint_document(doc, table, today=today, catalog=load_catalog())
    return suppress.filter_document(doc.source, findings, table, load_catalog(), file=name), doc.source, doc.data
