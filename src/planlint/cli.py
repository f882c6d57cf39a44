"""The command line: click commands only. Linting lives in runner/engine, printing in report/.

Exit codes are decided in one place (`_finish` and `_guarded`): 0 clean, 1
findings at or above --fail-on, 2 usage, config, path or internal errors.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

import click

from planlint import __version__
from planlint.errors import UserError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")
FAIL_ON = ("error", "warning", "info", "never")


class PlanlintError(UserError):
    """A usage problem found by the CLI itself."""


def _guarded(command: Callable[..., int | None]) -> Callable[..., None]:
    """Run a command, turning every failure into one line on stderr and exit 2 (traceback only with --debug)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        debug = bool(kwargs.get("debug")) or bool(os.environ.get("PLANLINT_DEBUG"))
        try:
            code = command(*args, **kwargs)
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.exceptions.Abort):
            raise
        except Exception as exc:
            if debug:
                raise
            if isinstance(exc, UserError):
                click.echo(f"planlint: error: {exc}", err=True)
            elif isinstance(exc, BrokenPipeError):
                sys.exit(EXIT_ERROR)
            else:
                click.echo(f"planlint: internal error: {type(exc).__name__}: {exc} (this is a bug in planlint; "
                           "run again with --debug for the traceback and report it)", err=True)
            sys.exit(EXIT_ERROR)
        sys.exit(code or EXIT_CLEAN)

    return wrapper


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _parse_today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PlanlintError(f"--today {value!r}: write the date as YYYY-MM-DD, e.g. --today 2024-01-17") from None


_SIZE_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "KIB": 1024, "M": 1024 ** 2, "MB": 1024 ** 2,
               "MIB": 1024 ** 2, "G": 1024 ** 3, "GB": 1024 ** 3, "GIB": 1024 ** 3}


def _parse_size(value: str) -> int | None:
    """'10MB' -> bytes (units of 1024); '0' -> None, no limit."""
    import re

    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", value)
    unit = match.group(2).upper() if match else ""
    if not match or unit not in _SIZE_UNITS:
        raise PlanlintError(f"--max-file-size {value!r}: write a size such as 500KB, 10MB or 1GB (0: no limit)")
    size = float(match.group(1)) * _SIZE_UNITS[unit]
    if 0 < size < 1:  # "0.5B" is a size, not "0": no limit
        raise PlanlintError(f"--max-file-size {value!r}: less than one byte; write a size such as 500KB "
                            "(0: no limit)")
    return int(size) or None


def _refuse_overwriting_input(output: str | None, given: tuple[str, ...], linted: list[str]) -> None:
    """--output naming a plan being linted would replace the plan with its report."""
    if output is None or not os.path.exists(output):
        return
    for path in (*given, *linted):
        try:
            if path != "-" and os.path.isfile(path) and os.path.samefile(path, output):
                raise PlanlintError(f"--output {output}: that is a file being linted; write the report elsewhere")
        except OSError:
            continue


def _warn_empty_folders(given: tuple[str, ...], linted: list[str]) -> None:
    """A folder named on the command line that holds no plan passes silently unless someone says so."""
    found = [os.path.abspath(f) for f in linted]
    for folder in given:
        if folder != "-" and os.path.isdir(folder):
            root = os.path.join(os.path.abspath(folder), "")
            if not any(f.startswith(root) for f in found):
                click.echo(f"planlint: warning: {folder}: a folder with no *.plan.yaml or *.plan.yml files in it; "
                           "name a file to lint it whatever its name", err=True)


class _OneLineErrors(click.Group):
    """click prints a usage block for a bad option; cli.md promises one line on standard error."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("standalone_mode", None)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            click.echo(f"planlint: error: {exc.format_message()}{where}", err=True)
            sys.exit(EXIT_ERROR)
        except click.ClickException as exc:
            click.echo(f"planlint: error: {exc.format_message()}", err=True)
            sys.exit(EXIT_ERROR)
        except click.exceptions.Abort:
            click.echo("planlint: aborted", err=True)
            sys.exit(EXIT_ERROR)
        sys.exit(result if isinstance(result, int) else EXIT_CLEAN)


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="planlint", message="%(prog)s %(version)s")
def main() -> None:
    """planlint checks inspection action plans against the HMPPS action-plan guidance."""


@main.command()
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--select", multiple=True, help="Run only these rules (codes, families like PL3, or names).")
@click.option("--extend-select", multiple=True, help="Run these rules as well as the default ones.")
@click.option("--ignore", multiple=True, help="Do not run these rules.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="The least severity that makes the exit code 1 [default: error].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 whatever is found (same as --fail-on never).")
@click.option("--today", help="The 'as of' date (YYYY-MM-DD) for plans without plan.submitted.")
@click.option("--statistics", is_flag=True, help="Print counts per rule instead of each finding.")
@click.option("--stdin-filename", help="The name to report for a plan read from standard input (-).")
@click.option("--color", type=click.Choice(("auto", "always", "never")), default="auto", show_default=True,
              help="Colour in text output (NO_COLOR is honoured in auto).")
@click.option("--config", "config_file", type=str, help="Use this config file instead of discovery.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes to plan YAML files in place.")
@click.option("--diff", is_flag=True, help="Print the safe fixes as a unified diff; change nothing.")
@click.option("--baseline", "baseline_file", help="Do not report findings whose fingerprint is in FILE.")
@click.option("--write-baseline", "write_baseline", help="Record the current findings in FILE.")
@click.option("--jobs", "-j", type=click.IntRange(min=1, max=1024), default=None,
              help="Lint files in parallel, at most one process per CPU [default: the number of CPUs when there "
                   "are many files].")
@click.option("--max-file-size", default="10MB", show_default=True, metavar="SIZE",
              help="Refuse larger files unread, as a PL001 finding (e.g. 500KB, 50MB; 0 for no limit).")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@_guarded
def check(paths: tuple[str, ...], fmt: str, output: str | None, select: tuple[str, ...],
          extend_select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None, exit_zero: bool,
          today: str | None, statistics: bool, stdin_filename: str | None, color: str, config_file: str | None,
          fix: bool, diff: bool, baseline_file: str | None, write_baseline: str | None, jobs: int | None,
          max_file_size: str, debug: bool) -> int:
    """Lint plan files (a folder is searched for *.plan.yaml / *.plan.yml; - reads standard input)."""
    from planlint import gate
    from planlint.report import Report, chunks

    # A run allocates millions of short-lived objects that form no cycles (YAML nodes, texts,
    # matches); at the default threshold (700) the cycle collector ran ~500 times on the 200-plan
    # corpus, rescanning everything kept, a tenth of the run. mypy raises it for the same reason.
    gc.set_threshold(10_000)

    if fix and diff:
        raise PlanlintError("--fix and --diff: choose one (--diff shows what --fix would change)")
    run = gate.run_check(paths or (".",), config_file=config_file, select=_split(select),
                         extend_select=_split(extend_select), ignore=_split(ignore), today=_parse_today(today),
                         stdin_name=stdin_filename, jobs=jobs, fix=fix, diff=diff, baseline_file=baseline_file,
                         write_baseline=write_baseline, max_size=_parse_size(max_file_size),
                         output=output)
    _refuse_overwriting_input(output, paths or (".",), list(run.paths.values()))
    _warn_empty_folders(paths, list(run.paths.values()))
    if diff:
        _write(run.diff, output)
        return EXIT_FINDINGS if run.diff else EXIT_CLEAN
    use_color = color == "always" or (color == "auto" and output is None and sys.stdout.isatty()
                                      and not os.environ.get("NO_COLOR"))
    report = Report(findings=run.findings, files=run.files, catalog=run.catalog, severities=run.severities,
                    version=__version__, color=use_color, sources=run.sources, statistics=statistics,
                    notes=tuple(run.notes))
    _write(chunks(fmt, report), output, color=use_color)
    from planlint.report.escapes import visible

    for message in run.messages:  # names files, whose names may hold anything
        click.echo(f"planlint: {visible(message)}", err=True)
    return run.exit_code(fail_on="never" if exit_zero else fail_on)


def _write(text: str | Iterable[str], output: str | None, *, color: bool = False) -> None:
    """Write a report (whole, or in pieces as a streaming renderer yields them), ending with a newline."""
    pieces = [text] if isinstance(text, str) else text
    try:
        if output is None:
            last = ""
            for piece in pieces:
                # color=True: click would otherwise strip the codes the user asked for when piping
                click.echo(piece, nl=False, color=color or None)
                last = piece or last
            if last and not last.endswith("\n"):
                click.echo("")
            return
        from planlint.atomic import write_text

        write_text(output, pieces)  # never a half-written report, never an emptied file
    except OSError as exc:
        if output is None:
            raise
        raise PlanlintError(f"--output {output}: cannot write the report ({exc.strerror or exc})") from None


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text",
              show_default=True)
@_guarded
def list_rules(fmt: str) -> int:
    """List every rule: code, name, default severity, on by default or not, summary."""
    from planlint.catalog import load_catalog

    catalog = load_catalog()
    if fmt == "markdown":
        click.echo(catalog.markdown_table(), nl=False)
        return EXIT_CLEAN
    if fmt == "json":
        rows = [{"code": r.code, "name": r.name, "severity": str(r.severity), "enabled": r.enabled,
                 "implemented": r.implemented, "fixable": r.fixable, "summary": r.summary}
                for r in catalog.rules]
        click.echo(json.dumps(rows, indent=2))
        return EXIT_CLEAN
    width = max(len(r.name) for r in catalog.rules)
    for r in catalog.rules:
        flags = ("on " if r.enabled else "off") + (" fix" if r.fixable else "    ")
        pending = "" if r.implemented else "  (not yet implemented)"
        click.echo(f"{r.code}  {r.name:<{width}}  {str(r.severity):<7}  {flags}  {r.summary}{pending}")
    return EXIT_CLEAN


@main.command()
@click.argument("rule")
@_guarded
def explain(rule: str) -> int:
    """Show a rule's documentation (by code, e.g. PL301, or name, e.g. owner-missing)."""
    from planlint.catalog import load_catalog

    catalog = load_catalog()
    meta = catalog.get(rule)
    if meta is None:
        import difflib

        near = difflib.get_close_matches(rule.lower(), list(catalog.by_name), n=1)
        hint = f" (did you mean {catalog.by_name[near[0]].code} {near[0]}?)" if near else ""
        raise PlanlintError(f"no rule {rule!r}{hint}; `planlint rules` lists them")
    text = meta.documentation()
    if not meta.implemented:
        text += "\nThis rule is not yet implemented in this version of planlint.\n"
    click.echo(text, nl=False)
    return EXIT_CLEAN


@main.command()
@click.option("--config", "of_config", is_flag=True, help="The schema of .planlint.yaml instead.")
@_guarded
def schema(of_config: bool) -> int:
    """Print the JSON Schema of the plan format (for yaml-language-server and editors)."""
    if of_config:
        from planlint.catalog import load_catalog
        from planlint.config import json_schema as config_schema

        click.echo(json.dumps(config_schema(load_catalog()), indent=2))
        return EXIT_CLEAN
    from planlint.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2))
    return EXIT_CLEAN


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@_guarded
def init(file: str | None, force: bool) -> int:
    """Write a commented starter plan (to FILE, or standard output)."""
    from planlint.starter import starter_plan

    text = starter_plan(dt.date.today())
    if file is None:
        click.echo(text, nl=False)
        return EXIT_CLEAN
    target = Path(file)
    if target.exists() and not force:
        raise PlanlintError(f"{file} already exists; use --force to overwrite it")
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {file}: fill it in, then run `planlint check {file}`", err=True)
    return EXIT_CLEAN


@main.command("date")
@click.argument("text")
@click.option("--today", help="The 'as of' date (YYYY-MM-DD) to judge the date against [default: today].")
@click.option("--quarters", type=click.Choice(("financial", "calendar")), default="financial", show_default=True,
              help="What a quarter with one calendar year means ('Q3 2024').")
@_guarded
def date_command(text: str, today: str | None, quarters: str) -> int:
    """Show how planlint reads a target date, and what the PL4xx rules would say about it."""
    from planlint.dates import read_target_date
    from planlint.rules.target_dates import judge_target_date

    as_of = _parse_today(today)
    reading = read_target_date(text, quarters=quarters)
    click.echo(reading.describe())
    click.echo(f"  kind: {reading.kind.value}")
    if reading.deadline is not None:
        click.echo(f"  deadline: {reading.deadline.isoformat()}")
    if reading.period_start is not None:
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


def _read_for_conversion(path: str) -> Any:
    """Read any plan file; problems to stderr as `file:line:col: CODE message`; fatal ones raise."""
    from planlint.reader import read_path

    doc = read_path(path)
    for problem in doc.problems:
        span = doc.source.span(problem.path) if problem.line is None else None
        line, column = (span.line, span.column) if span else ((problem.line or 0) + 1, (problem.column or 0) + 1)
        click.echo(f"{path}:{line}:{column}: {problem.code} {problem.message}", err=True)
    if doc.fatal or doc.data is None:
        raise PlanlintError(f"{path}: not converted (see above)")
    return doc


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the plan YAML to OUT.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@_guarded
def import_plan(file: str, output: str | None, debug: bool) -> int:
    """Convert a .docx, .md or .txt action plan to the plan format (to OUT, or standard output)."""
    from planlint.importers.plan_yaml import dump_plan
    from planlint.reader import IMPORTERS

    if Path(file).suffix.lower() not in IMPORTERS:
        raise PlanlintError(f"{file}: import reads .docx, .md and .txt files")
    doc = _read_for_conversion(file)
    _write(dump_plan(doc.data, Path(file).name), output)
    return EXIT_CLEAN


@main.command("export")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--to", "to", type=click.Choice(("docx", "md")), required=True, help="The document to write.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to OUT (required for docx).")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@_guarded
def export_plan_command(plan: str, to: str, output: str | None, debug: bool) -> int:
    """Write a plan out as the official action-plan template (Word or Markdown)."""
    from planlint.importers.export import export_plan

    if to == "docx" and output is None:
        raise PlanlintError("--to docx writes a binary file: name it with -o OUT.docx")
    data = export_plan(_read_for_conversion(plan).data, to)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return EXIT_CLEAN
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise PlanlintError(f"-o {output}: cannot write the file ({exc.strerror or exc})") from None
    return EXIT_CLEAN
