"""The `check` command's body, its helpers and its exit codes, without click.

`planlint check` runs this from two command lines: the click one (cli.py: every command, help,
error messages) and, for a plain `check` argv, console.py's small parser over the option table
generated from that click command (check_options.py), which never imports click: a one-file check
is a cold process, and click with what it loads was a tenth of it. So everything here is plain
Python, and writes with `echo`, which behaves as click.echo does.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn, TextIO

from planlint import __version__
from planlint.errors import UserError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class PlanlintError(UserError):
    """A usage problem found by the command line itself."""


def run_guarded(
    command: Callable[[], int | None], *, debug: bool, passing: tuple[type[BaseException], ...] = ()
) -> NoReturn:
    """Run a command and exit with its code, every failure as one line on stderr and exit 2.

    The one place exit codes are decided for a command's outcome: --debug (or PLANLINT_DEBUG)
    re-raises instead, for the traceback; `passing` are exceptions the caller handles itself
    (click's own exits and usage errors).
    """
    debug = debug or bool(os.environ.get("PLANLINT_DEBUG"))
    try:
        code = command()
    except passing:
        raise
    except Exception as exc:
        if debug:
            raise
        if isinstance(exc, UserError):
            echo(f"planlint: error: {exc}", err=True)
        elif isinstance(exc, BrokenPipeError):
            sys.exit(EXIT_ERROR)
        else:
            echo(
                f"planlint: internal error: {type(exc).__name__}: {exc} (this is a bug in planlint; "
                "run again with --debug for the traceback and report it)",
                err=True,
            )
        sys.exit(EXIT_ERROR)
    sys.exit(code or EXIT_CLEAN)


def exit_aborted() -> NoReturn:
    """Ctrl-C (or click's Abort): one line, exit 2."""
    echo("planlint: aborted", err=True)
    sys.exit(EXIT_ERROR)


_ANSI: re.Pattern[str] | None = None


def echo(message: str, *, err: bool = False, nl: bool = True, color: bool | None = None) -> None:
    """Write text to stdout or stderr as click.echo does (8.x, on a text stream).

    Flushed after each write; escape codes stripped unless `color` is true or the stream is a
    terminal; nothing written when the stream is missing (pythonw).
    """
    global _ANSI
    stream: TextIO | None = sys.stderr if err else sys.stdout
    if stream is None:
        return
    out = message + "\n" if nl else message
    if not out:
        stream.flush()
        return
    if "\x1b" in out and not color and (color is False or not _isatty(stream)):
        if _ANSI is None:
            _ANSI = re.compile(r"\033\[[0-?]*[ -/]*[@-~]")  # click's _compat._ansi_re
        out = _ANSI.sub("", out)
    binary = _binary_for_ascii(stream)
    if binary is not None:  # click writes UTF-8 (errors replaced) where a stream would be ASCII
        stream.flush()
        binary.write(out.encode("utf-8", "replace"))
        binary.flush()
        return
    stream.write(out)
    stream.flush()


def _binary_for_ascii(stream: TextIO) -> Any:
    """The byte stream under a text stream click.echo would not write to as it is (ASCII, or no
    encoding or errors given: click/_compat.py, _force_correct_text_writer), else None."""
    encoding, errors = getattr(stream, "encoding", None), getattr(stream, "errors", None)
    if encoding is not None and errors is not None:
        import codecs

        try:
            if codecs.lookup(encoding).name != "ascii":
                return None
        except LookupError:
            return None
    return getattr(stream, "buffer", None)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except Exception:
        return False


def split_rules(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PlanlintError(f"--today {value!r}: write the date as YYYY-MM-DD, e.g. --today 2024-01-17") from None


_SIZE_UNITS = {
    "": 1,
    "B": 1,
    "K": 1024,
    "KB": 1024,
    "KIB": 1024,
    "M": 1024**2,
    "MB": 1024**2,
    "MIB": 1024**2,
    "G": 1024**3,
    "GB": 1024**3,
    "GIB": 1024**3,
}


def _parse_size(value: str) -> int | None:
    """'10MB' -> bytes (units of 1024); '0' -> None, no limit."""
    import re

    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", value)
    unit = match.group(2).upper() if match else ""
    if not match or unit not in _SIZE_UNITS:
        raise PlanlintError(f"--max-file-size {value!r}: write a size such as 500KB, 10MB or 1GB (0: no limit)")
    size = float(match.group(1)) * _SIZE_UNITS[unit]
    if 0 < size < 1:  # "0.5B" is a size, not "0": no limit
        raise PlanlintError(f"--max-file-size {value!r}: less than one byte; write a size such as 500KB (0: no limit)")
    return int(size) or None


def refuse_overwriting_input(output: str | None, given: tuple[str, ...], linted: list[str]) -> None:
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
                echo(
                    f"planlint: warning: {folder}: a folder with no *.plan.yaml or *.plan.yml files in it; "
                    "name a file to lint it whatever its name",
                    err=True,
                )


def _note_skipped_drafts(drafts: list[str]) -> None:
    """A folder walk lints plan files only, unless the config's `include` adds drafts: say what it passed over."""
    if not drafts:
        return
    from planlint.pipeline import display_name

    first = display_name(drafts[0])
    named = first if len(drafts) == 1 else f"{len(drafts)} Word drafts ({first}, ...)"
    echo(
        f"planlint: note: not linting {named}: no `include` glob matches (by default *.plan.yaml and "
        "*.plan.yml); name a draft to lint it, or add '*.docx' to `include` in .planlint.yaml",
        err=True,
    )


def _note_unfixable(paths: dict[str, str], option: str) -> None:
    """--fix edits plan YAML in place; a Word, Markdown or text draft is never changed, and says so."""
    from planlint.fix import fixable

    drafts = [name for name, path in paths.items() if path != "-" and not fixable(path)]
    if not drafts:
        return
    first = drafts[0]
    named = first if len(drafts) == 1 else f"{first} and {len(drafts) - 1} other file{'s' * (len(drafts) > 2)}"
    target = re.sub(r"\.(docx|md|txt)$", "", first, flags=re.IGNORECASE) + ".plan.yaml"
    was = "was" if len(drafts) == 1 else "were"
    echo(
        f"planlint: note: {option} edits .plan.yaml files only, so {named} {was} not changed; convert a "
        f"draft first (planlint import {first} -o {target}), then fix that file",
        err=True,
    )


def check(
    *,
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    today: str | None,
    statistics: bool,
    stdin_filename: str | None,
    color: str,
    config_file: str | None,
    fix: bool,
    diff: bool,
    baseline_file: str | None,
    write_baseline: str | None,
    jobs: int | None,
    max_file_size: str,
    quarters: str | None,
    quiet: bool,
    debug: bool,
) -> int:
    """`planlint check` with its options parsed (by click, or console.py): lint, report, the exit code."""
    from planlint import pipeline, progress
    from planlint.report import SHOWS_PLANS, Report, chunks, ending

    if fix and diff:
        raise PlanlintError("--fix and --diff: choose one (--diff shows what --fix would change)")
    use_color = color == "always" or (
        color == "auto" and output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    streaming = _streams(fmt, output, statistics or fix or diff or bool(baseline_file or write_baseline))
    line = (
        progress.ProgressLine(sys.stderr) if progress.wanted(sys.stderr, fmt, quiet=quiet, environ=os.environ) else None
    )
    try:
        run = pipeline.run_check(
            paths or (".",),
            config_file=config_file,
            select=split_rules(select),
            extend_select=split_rules(extend_select),
            ignore=split_rules(ignore),
            today=parse_today(today),
            stdin_name=stdin_filename,
            jobs=jobs,
            fix=fix,
            diff=diff,
            baseline_file=baseline_file,
            write_baseline=write_baseline,
            max_size=_parse_size(max_file_size),
            quarters=quarters,
            keep_plans=fmt in SHOWS_PLANS,
            output=output,
            on_file=_on_file(fmt if streaming else None, use_color, line),
        )
    finally:
        if line is not None:
            line.clear()
    refuse_overwriting_input(output, paths or (".",), list(run.paths.values()))
    _warn_empty_folders(paths, list(run.paths.values()))
    _note_skipped_drafts(run.resolver.skipped_drafts)
    if fix or diff:
        _note_unfixable(run.paths, "--fix" if fix else "--diff")
    if diff:
        write_out(run.diff, output)
        return EXIT_FINDINGS if run.diff else EXIT_CLEAN
    fail_on = "never" if exit_zero else fail_on
    report = Report(
        findings=run.findings,
        files=run.files,
        catalog=run.catalog,
        severities=run.severities,
        version=__version__,
        color=use_color,
        sources=run.sources,
        statistics=statistics,
        notes=tuple(run.notes),
        thresholds={f: run.threshold(f, fail_on) for f in run.files},
        baseline_note=run.baseline_note,
        plans=run.plans,
    )
    write_out(ending(fmt, report) if streaming else chunks(fmt, report), output, color=use_color)
    if write_baseline and (fmt != "text" or output is not None):
        run.messages.append(run.baseline_note or "")  # the text report's closing line says it otherwise
    from planlint.report.escapes import visible

    for message in run.messages:  # names files, whose names may hold anything
        echo(f"planlint: {visible(message)}", err=True)
    return run.exit_code(fail_on=fail_on)


def _streams(fmt: str, output: str | None, needs_every_finding: bool) -> bool:
    """Whether `check` prints each file's findings as it finishes, rather than the report at the end.

    Only a line-based format can (json, sarif, junit, gitlab and html are one document each), only
    to standard output (a report file is read when complete, and is checked against the inputs before
    it is written), and only when what is printed is what the first lint found: --fix, --diff and a
    baseline change the findings after every file is linted, --statistics counts them all.
    """
    from planlint.report import LINE_BASED

    return fmt in LINE_BASED and output is None and not needs_every_finding


def _on_file(streamed_format: str | None, color: bool, line: Any) -> Callable[..., None] | None:
    """What `check` does as each file finishes: print its findings (when streaming), move the progress line."""
    if streamed_format is None and line is None:
        return None
    from planlint.catalog import load_catalog
    from planlint.report import file_lines

    def on_file(outcome: Any, done: int, total: int) -> None:
        if streamed_format is not None and outcome.findings:
            if line is not None:
                line.clear()
            write_out(
                file_lines(
                    streamed_format, outcome.name, outcome.findings, outcome.source, catalog=load_catalog(), color=color
                ),
                None,
                color=color,
            )
        if line is not None:
            line.update(done, total)

    return on_file


def write_out(text: str | Iterable[str], output: str | None, *, color: bool = False) -> None:
    """Write a report (whole, or in pieces as a streaming renderer yields them), ending with a newline."""
    pieces = [text] if isinstance(text, str) else text
    try:
        if output is None:
            last = ""
            for piece in pieces:
                # color=True: echo would otherwise strip the codes the user asked for when piping
                echo(piece, nl=False, color=color or None)
                last = piece or last
            if last and not last.endswith("\n"):
                echo("")
            return
        from planlint.atomic import write_text

        write_text(output, pieces)  # never a half-written report, never an emptied file
    except OSError as exc:
        if output is None:
            raise
        raise PlanlintError(f"--output {output}: cannot write the report ({exc.strerror or exc})") from None
