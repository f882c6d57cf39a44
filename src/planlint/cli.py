"""The command line: click commands only. Linting lives in pipeline/engine, printing in report/.

Exit codes are decided in one place (check_command.run_guarded, which `_guarded` calls, and
`_OneLineErrors` for click's usage errors): 0 clean, 1 findings at or above --fail-on, 2 usage,
config, path or internal errors. This is the one definition of the command line; a plain `check`
argv runs without importing click (console.py), over a table generated from the `check` below.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from planlint import __version__, check_command
from planlint.check_command import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    PlanlintError,
    exit_aborted,
    parse_today,
    refuse_overwriting_input,
    run_guarded,
    split_rules,
    write_out,
)

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "html")
FAIL_ON = ("error", "warning", "info", "never")
QUARTERS = ("financial", "calendar")  # as config.QUARTERS (not imported: `planlint --help` stays light)


def _guarded(command: Callable[..., int | None]) -> Callable[..., None]:
    """Run a command, turning every failure into one line on stderr and exit 2 (traceback only with --debug)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        run_guarded(
            lambda: command(*args, **kwargs),
            debug=bool(kwargs.get("debug")),
            passing=(click.exceptions.Exit, click.ClickException, click.exceptions.Abort),
        )

    return wrapper


class _OneLineErrors(click.Group):
    """click prints a usage block for a bad option; cli.md promises one line on standard error."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **kwargs: Any,
    ) -> Any:
        # standalone_mode is taken and ignored: errors are always printed here, as one line
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            # bare `planlint`: the help, as asked for by asking nothing; not an error
            click.echo(exc.ctx.get_help() if exc.ctx is not None else "")
            sys.exit(EXIT_CLEAN)
        except click.UsageError as exc:
            where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            click.echo(f"planlint: error: {exc.format_message()}{where}", err=True)
            sys.exit(EXIT_ERROR)
        except click.ClickException as exc:
            click.echo(f"planlint: error: {exc.format_message()}", err=True)
            sys.exit(EXIT_ERROR)
        except click.exceptions.Abort:
            exit_aborted()
        sys.exit(result if isinstance(result, int) else EXIT_CLEAN)


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="planlint", message="%(prog)s %(version)s")
def main() -> None:
    """planlint checks inspection action plans against the HMPPS action-plan guidance."""


@main.command(short_help="Lint plan files: YAML plans, Word, Markdown and text drafts.")
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option(
    "--select", multiple=True, metavar="RULES", help="Run only these rules (codes, families like PL3, or names)."
)
@click.option("--extend-select", multiple=True, metavar="RULES", help="Run these rules as well as the default ones.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Do not run these rules.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="The least severity that makes the exit code 1 [default: error].",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 whatever is found (same as --fail-on never).")
@click.option("--today", metavar="YYYY-MM-DD", help="The 'as of' date for plans without plan.submitted.")
@click.option("--statistics", is_flag=True, help="Print counts per rule instead of each finding.")
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="The name to report for a plan read from standard input (-); its suffix says the format.",
)
@click.option(
    "--color",
    type=click.Choice(("auto", "always", "never")),
    default="auto",
    show_default=True,
    help="Colour in text output (NO_COLOR is honoured in auto).",
)
@click.option("--config", "config_file", type=str, metavar="FILE", help="Use this config file instead of discovery.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes to plan YAML files in place.")
@click.option("--diff", is_flag=True, help="Print the safe fixes as a unified diff; change nothing.")
@click.option(
    "--baseline", "baseline_file", metavar="FILE", help="Do not report findings whose fingerprint is in FILE."
)
@click.option("--write-baseline", "write_baseline", metavar="FILE", help="Record the current findings in FILE.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1, max=1024),
    default=None,
    help="Lint files in parallel, at most one process per CPU [default: the number of CPUs when there are many files].",
)
@click.option(
    "--max-file-size",
    default="10MB",
    show_default=True,
    metavar="SIZE",
    help="Refuse larger files unread, as a PL001 finding, and a .docx whose XML expands past 10 "
    "times SIZE (e.g. 500KB, 50MB; 0 for no limit).",
)
@click.option(
    "--quarters",
    type=click.Choice(QUARTERS),
    default=None,
    help="What a quarter with one calendar year means ('Q3 2024') [default: dates.quarters in the config, "
    "else financial].",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress line on a terminal during a long run.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@_guarded
def check(**params: Any) -> int:
    """Lint plan files.

    Reads plans in the plan format (.plan.yaml, .plan.yml, also .yaml, .yml, .json) and drafts through
    the importers: Word (.docx), Markdown (.md) and text (.txt, as extracted from a published PDF). A
    folder is searched for *.plan.yaml / *.plan.yml, or the config's `include` globs; - reads standard
    input. No PATH: the current folder.
    """
    # the body is shared with the command line that runs a plain `check` without click (console.py)
    return check_command.check(**params)


@main.command("rules", short_help="List every rule with its severity and summary.")
@click.option("--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text", show_default=True)
@_guarded
def list_rules(fmt: str) -> int:
    """List every rule: code, name, default severity, on by default or not, summary."""
    from planlint.catalog import load_catalog

    catalog = load_catalog()
    if fmt == "markdown":
        click.echo(catalog.markdown_table(), nl=False)
        return EXIT_CLEAN
    if fmt == "json":
        import json

        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": str(r.severity),
                "enabled": r.enabled,
                "fixable": r.fixable,
                "summary": r.summary,
            }
            for r in catalog.rules
        ]
        click.echo(json.dumps(rows, indent=2))
        return EXIT_CLEAN
    width = max(len(r.name) for r in catalog.rules)
    for r in catalog.rules:
        flags = ("on " if r.enabled else "off") + (" fix" if r.fixable else "    ")
        click.echo(f"{r.code}  {r.name:<{width}}  {r.severity!s:<7}  {flags}  {r.summary}")
    return EXIT_CLEAN


@main.command(short_help="Show a rule's documentation, by code or name.")
@click.argument("rule")
@_guarded
def explain(rule: str) -> int:
    """Show a rule's documentation (by code, e.g. PL301, or name, e.g. owner-missing)."""
    from planlint.catalog import load_catalog

    catalog = load_catalog()
    meta = catalog.get(rule)
    if meta is None:
        raise PlanlintError(f"no rule {rule!r}{catalog.suggestion(rule)}; `planlint rules` lists them")
    click.echo(meta.documentation(), nl=False)
    return EXIT_CLEAN


@main.command(short_help="Print the JSON Schema of the plan format.")
@click.option("--config", "of_config", is_flag=True, help="The schema of .planlint.yaml instead.")
@click.option("--template", metavar="NAME", help="A plan on this template (profile): its categories and summary keys.")
@_guarded
def schema(of_config: bool, template: str | None) -> int:
    """Print the JSON Schema of the plan format (for yaml-language-server and editors)."""
    import json  # here, not at the top: `check` starts faster without it

    if of_config:
        from planlint.catalog import load_catalog
        from planlint.config import json_schema as config_schema

        click.echo(json.dumps(config_schema(load_catalog()), indent=2))
        return EXIT_CLEAN
    from planlint.model import json_schema
    from planlint.profiles import load_profile

    click.echo(json.dumps(json_schema(load_profile(template) if template else None), indent=2))
    return EXIT_CLEAN


@main.command(short_help="Write a commented starter plan.")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@_guarded
def init(file: str | None, force: bool, debug: bool) -> int:
    """Write a commented starter plan (to FILE, or standard output)."""
    from planlint.starter import starter_plan

    text = starter_plan(dt.date.today(), file)
    if file is None:
        click.echo(text, nl=False)
        return EXIT_CLEAN
    target = Path(file)
    if target.exists() and not force:
        raise PlanlintError(f"{file} already exists; use --force to overwrite it")
    folder = target.parent
    if not folder.is_dir():
        raise PlanlintError(f"{file}: the folder {folder} does not exist; create it first or name another file")
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PlanlintError(f"{file}: cannot write the file ({exc.strerror or exc})") from None
    click.echo(f"wrote {file}: fill it in, then run `planlint check {file}`", err=True)
    return EXIT_CLEAN


@main.command("date", short_help="Show how planlint reads a target date.")
@click.argument("text")
@click.option("--today", metavar="YYYY-MM-DD", help="The 'as of' date to judge the date against [default: today].")
@click.option(
    "--quarters",
    type=click.Choice(QUARTERS),
    default="financial",
    show_default=True,
    help="What a quarter with one calendar year means ('Q3 2024').",
)
@_guarded
def date_command(text: str, today: str | None, quarters: str) -> int:
    """Show how planlint reads a target date, and what the PL4xx rules would say about it."""
    from planlint.dates import read_target_date
    from planlint.rules.target_dates import default_date_grammar, judge_target_date

    as_of = parse_today(today)
    reading = read_target_date(text, default_date_grammar(), quarters=quarters)
    click.echo(reading.describe())
    click.echo(f"  kind: {reading.kind.value}")
    if reading.deadline is not None:
        click.echo(f"  deadline: {reading.deadline.isoformat()}")
    if reading.period_start is not None and reading.deadline is not None:
        click.echo(f"  period: {reading.period_start.isoformat()} to {reading.deadline.isoformat()}")
    if reading.precision is not None:
        click.echo(f"  precision: {reading.precision.value}")
    if reading.recurrence:
        click.echo(f"  recurrence: {reading.recurrence}")
    if reading.conditional:
        click.echo(f"  condition: {reading.conditional}")
    findings = judge_target_date(text, as_of, quarters=quarters)
    click.echo(f"as of {as_of.isoformat()}:" + ("" if findings else " no finding"))
    for code, name, message in findings:
        click.echo(f"  {code} {name}: {message}")
    return EXIT_CLEAN


# ---------------------------------------------------------------- importers (issue 5)


def _read_for_conversion(path: str, stdin: tuple[bytes, str, str | None] | None = None) -> Any:
    """Read any plan file, or stdin's (bytes, name, suffix); problems to stderr as `file:line:col: CODE
    message`; fatal ones raise."""
    from planlint.reader import read_bytes, read_path

    if stdin is not None:
        raw, path, suffix = stdin
        doc = read_bytes(raw, path, suffix)
    else:
        doc = read_path(path)
    for note in doc.notes:
        click.echo(f"planlint: {note}", err=True)
    for problem in doc.problems:
        span = doc.source.span(problem.path) if problem.line is None else None
        line, column = (span.line, span.column) if span else ((problem.line or 0) + 1, (problem.column or 0) + 1)
        click.echo(f"{path}:{line}:{column}: {problem.code} {problem.message}", err=True)
    if doc.fatal or doc.data is None:
        raise PlanlintError(f"{path}: not converted (see above)")
    return doc


@main.command("import", short_help="Convert a Word, Markdown or text plan to the plan format.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the plan YAML to FILE (- or none: standard output).",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists (never the input).")
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="The name of the draft read from standard input (-): its suffix (.docx, .md, .txt) says how to read it.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@_guarded
def import_plan(file: str, output: str | None, force: bool, stdin_filename: str | None, debug: bool) -> int:
    """Convert a .docx, .md or .txt action plan to the plan format (to FILE, or standard output)."""
    from planlint.importers.plan_yaml import dump_plan
    from planlint.reader import IMPORTERS

    stdin = None
    name = file
    if file == "-":
        raw = sys.stdin.buffer.read()
        zipped = raw.startswith(b"PK\x03\x04")  # a .docx is a zip: recognised without a name
        if stdin_filename is None and not zipped:
            raise PlanlintError(
                "import -: name the draft with --stdin-filename (e.g. draft.md or draft.txt) "
                "so planlint knows how to read it"
            )
        name = stdin_filename or "<stdin>"
        stdin = (raw, name, Path(stdin_filename).suffix.lower() if stdin_filename else ".docx")
    suffix = stdin[2] if stdin else Path(file).suffix.lower()
    if suffix not in IMPORTERS:
        raise PlanlintError(f"{name}: import reads .docx, .md and .txt files")
    if output is not None and output != "-":
        _refuse_overwriting(file, output, force, "--output")
    doc = _read_for_conversion(file, stdin)
    text = dump_plan(doc.data, Path(name).name)
    if output is None or output == "-":
        write_out(text, None)
        return EXIT_CLEAN
    _write_file(output, text.encode("utf-8"))
    return EXIT_CLEAN


def _write_file(output: str, data: bytes) -> None:
    from planlint.importers.export import write_file

    try:
        write_file(output, data)
    except OSError as exc:
        raise PlanlintError(f"--output {output}: cannot write the file ({exc.strerror or exc})") from None


@main.command("export", short_help="Write a plan as the official template, in Word or Markdown.")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--to", "to", type=click.Choice(("docx", "md")), required=True, help="The document to write.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write to FILE (required for docx; - : standard output).",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists (never the input).")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@_guarded
def export_plan_command(plan: str, to: str, output: str | None, force: bool, debug: bool) -> int:
    """Write a plan out as the official action-plan template (Word or Markdown)."""
    from planlint.importers.export import export_plan

    if to == "docx" and output is None:
        raise PlanlintError("--to docx writes a binary file: name it with -o FILE.docx (or -o - to pipe it)")
    if output is not None and output != "-":
        _refuse_overwriting(plan, output, force, "--output")
    stdin = (sys.stdin.buffer.read(), "<stdin>", ".yaml") if plan == "-" else None
    data = export_plan(_read_for_conversion(plan, stdin).data, to)
    if output == "-" and to == "docx":
        sys.stdout.buffer.write(data)
        return EXIT_CLEAN
    if output is None or output == "-":
        click.echo(data.decode("utf-8"), nl=False)
        return EXIT_CLEAN
    _write_file(output, data)
    return EXIT_CLEAN


@main.command(short_help="Write a copy of a Word draft with a review comment per finding.")
@click.argument("draft", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write the annotated copy to FILE [default: DRAFT.planlint.docx beside the draft].",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists (never the draft).")
@click.option("--select", multiple=True, help="Run only these rules (codes, families like PL3, or names).")
@click.option("--extend-select", multiple=True, help="Run these rules as well as the default ones.")
@click.option("--ignore", multiple=True, help="Do not run these rules.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="The least severity that makes the exit code 1 [default: error].",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 whatever is found (same as --fail-on never).")
@click.option("--today", help="The 'as of' date (YYYY-MM-DD) for plans without a submission date.")
@click.option("--config", "config_file", type=str, help="Use this config file instead of discovery.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@_guarded
def annotate(
    draft: str,
    output: str | None,
    force: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    today: str | None,
    config_file: str | None,
    debug: bool,
) -> int:
    """Write a copy of a Word draft with one review comment per finding (the draft is not changed)."""
    from planlint import annotate as annotating
    from planlint import pipeline
    from planlint.findings import Severity
    from planlint.importers.export import write_file

    if not draft.lower().endswith(".docx"):
        raise PlanlintError(
            f"{draft}: annotate writes comments into Word (.docx) drafts; for other files use `planlint check`"
        )
    target = output or annotating.default_output(draft)
    _refuse_overwriting(draft, target, force, "--output")
    run = pipeline.run_check(
        (draft,),
        config_file=config_file,
        select=split_rules(select),
        extend_select=split_rules(extend_select),
        ignore=split_rules(ignore),
        today=parse_today(today),
    )
    source = next(iter(run.sources.values()), None)
    with open(draft, "rb") as handle:
        raw = handle.read()
    try:  # a draft Word can open gets its comments, even a PL001 (no plan table) on its title
        result = annotating.annotate(raw, run.findings, source.text if source is not None else "")
    except annotating.AnnotateError as exc:
        raise PlanlintError(f"{draft}: not annotated: {exc}") from None
    try:
        write_file(target, result.data)
    except OSError as exc:
        raise PlanlintError(f"--output {target}: cannot write the file ({exc.strerror or exc})") from None
    counts = ", ".join(
        f"{n} {severity}{'s' * (n != 1)}"
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if (n := sum(1 for f in run.findings if f.severity == severity))
    )
    replaced = f", replacing {result.replaced} from an earlier run" if result.replaced else ""
    click.echo(
        f"planlint: wrote {target} with {result.added} comment{'' if result.added == 1 else 's'}"
        f"{f' ({counts})' if counts else ''}{replaced}",
        err=True,
    )
    for message in run.messages:
        click.echo(f"planlint: {message}", err=True)
    return run.exit_code(fail_on="never" if exit_zero else fail_on)


def _refuse_overwriting(source: str, target: str, force: bool, option: str) -> None:
    """Never lose a user's file: not the input, and not an existing file unless --force says so."""
    if os.path.exists(target):
        try:
            same = os.path.samefile(source, target)
        except OSError:
            same = False
        if same:
            raise PlanlintError(f"{option} {target}: that is the input file; write to another file")
        if not force:
            raise PlanlintError(f"{target} already exists; use --force to overwrite it")
    elif os.path.abspath(source) == os.path.abspath(target):
        raise PlanlintError(f"{option} {target}: that is the input file; write to another file")


# ---------------------------------------------------------------- delivery tracking


@main.command(short_help="Track the delivery of published plans.")
@click.argument("paths", nargs=-1, required=True, type=str, metavar="FILE...")
@click.option("--today", help="Track delivery as of this date (YYYY-MM-DD) [default: today].")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "csv", "html")),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), metavar="FILE", help="Write the report to FILE.")
@click.option(
    "--quarters",
    type=click.Choice(("financial", "calendar")),
    default="financial",
    show_default=True,
    help="What a quarter with one calendar year means ('Q3 2024').",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@_guarded
def track(paths: tuple[str, ...], today: str | None, fmt: str, output: str | None, quarters: str, debug: bool) -> int:
    """Show the delivery of published plans: each action overdue, due in 90 days, complete or open-ended.

    Exit 1 when any action is overdue (for a scheduled CI job), 0 otherwise.
    """
    from planlint.report.delivery import RENDERERS
    from planlint.track import track as delivery

    as_of = parse_today(today)
    files = _read_for_tracking(paths, quarters)
    refuse_overwriting_input(output, paths, [f.file for f in files])
    table = delivery(files, as_of)
    write_out(RENDERERS[fmt](table), output)
    return EXIT_FINDINGS if table.overdue else EXIT_CLEAN


def _read_for_tracking(paths: Iterable[str], quarters: str) -> list[Any]:
    """Each plan read and validated as `check` reads it; a plan that cannot be read stops the run (exit 2)."""
    from planlint.pipeline import display_name
    from planlint.reader import discover, read_path
    from planlint.track import PlanFile
    from planlint.validate import validate

    plans, problems = [], []
    for path in discover(paths):
        if path == "-":
            raise PlanlintError("track reads plan files, not standard input: name the files")
        name = display_name(path)
        doc = read_path(path, name)
        found = [p for p in doc.problems if p.code == "PL001"]
        plan = None
        if not found and doc.data is not None:
            plan, checked = validate(doc.data)
            found = [p for p in checked if p.code == "PL002"]
        for problem in found[:1]:
            span = doc.source.span(problem.path) if problem.line is None else None
            line = span.line if span else (problem.line or 0) + 1
            problems.append(f"{name}:{line}: {problem.code} {problem.message}")
        if not found and plan is not None:
            plans.append(PlanFile(name, plan, quarters))
    if problems:
        for message in problems[:-1]:
            click.echo(f"planlint: error: {message}", err=True)
        raise PlanlintError(
            f"{problems[-1]} (cannot track a plan that does not read; `planlint check` shows every problem)"
        )
    if not plans:
        raise PlanlintError(
            "no plans to track: name plan files (.plan.yaml, .docx, .md, .txt) or folders holding *.plan.yaml files"
        )
    return plans
