"""A plain `planlint check` runs without click, and nobody can tell but the clock.

console.py parses a `check` argv over the option table generated from the click command; when it
accepts, the values must be exactly those click gives, and the run must print the same bytes and
exit with the same code as the click command line. Anything it does not accept goes to click.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planlint import check_command, console
from planlint.check_options import PARAMS
from planlint.cli import main as command_line

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CLICK_PATH = "import sys; from planlint.cli import main; main(sys.argv[1:], prog_name='planlint')"


def click_params(argv: list[str]) -> dict | None:
    """What click makes of `planlint check ARGV` (ctx.params), or None where it refuses or exits."""
    parent = command_line.make_context("planlint", ["check"])
    try:
        return command_line.commands["check"].make_context("check", list(argv), parent=parent).params
    except (click.UsageError, click.exceptions.Exit):
        return None


# ---------------------------------------------------------------- the parser against click's

TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=6)
ODD = st.sampled_from(["-", "--", "-h", "--help", "--version", "-x", "--nope", "=", "-=", "x=y", "-q=1", "---", ""])


def _values(kind: str, detail: object) -> st.SearchStrategy[str]:
    if kind == "choice":
        assert isinstance(detail, tuple)
        return st.one_of(st.sampled_from(detail), st.sampled_from([d.upper() for d in detail]), TEXT, ODD)
    if kind == "int":
        return st.one_of(
            st.integers(-2, 1030).map(str), st.sampled_from([" 4 ", "+2", "4_0", "1024", "1025", "0", "x", ""]), ODD
        )
    if kind == "path":
        return st.one_of(st.sampled_from(["report.txt", "existing.txt", "folder", "-", "", "=r"]), ODD)
    return st.one_of(TEXT, ODD)


OPTIONS = [(opt, kind, detail) for _, opts, kind, _, detail in PARAMS for opt in opts]


@st.composite
def _group(draw: st.DrawFn) -> list[str]:
    """One piece of an argv: an option in one of its spellings, a grouped short option, a path, or `--`."""
    opt, kind, detail = draw(st.sampled_from(OPTIONS))
    value = draw(_values(kind, detail))
    form = draw(st.sampled_from(["apart", "equals", "attached", "bare", "path", "odd", "end", "grouped"]))
    if form == "path":
        return [draw(st.one_of(TEXT, st.sampled_from(["a.plan.yaml", "-", "folder"])))]
    if form == "odd":
        return [draw(ODD)]
    if form == "end":
        return ["--"]
    if form == "grouped":  # -q, then maybe a short option taking a value, with its value attached or next
        short = draw(st.sampled_from([o for o, k, _ in OPTIONS if len(o) == 2 and k != "flag"]))
        flags = "q" * draw(st.integers(0, 2))
        return [f"-{flags}{short[1]}{value}"] if draw(st.booleans()) else [f"-{flags}{short[1]}", value]
    if kind == "flag" or form == "bare":
        return [opt] if form != "equals" else [f"{opt}={value}"]
    if form == "equals":
        return [f"{opt}={value}"]
    if form == "attached" and len(opt) == 2:
        return [f"{opt}{value}"]
    return [opt, value]


ARGVS = st.lists(_group(), max_size=7).map(lambda groups: [token for group in groups for token in group])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding what --output values name: an existing file and a folder."""
    root = tmp_path_factory.mktemp("fast")
    (root / "existing.txt").write_text("x")
    (root / "folder").mkdir()
    return root


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=ARGVS)
@example(argv=["-qj4", "--select=PL3", "--select", "PL1,PL2", "a.plan.yaml", "-o=r", "-", "--", "-x"])
@example(argv=["--format", "bogus", "--format", "json", "--jobs", "x", "--jobs", " 8 "])
@example(argv=["--today", "--help", "--select", "--", "b", "-oq"])
@example(argv=["-o", "folder"])
@example(argv=["-oexisting.txt", "--exit-zero", "--quiet", "-q", "--max-file-size="])
def test_whatever_the_fast_parser_accepts_click_parses_the_same(argv: list[str], workdir: Path) -> None:
    old = os.getcwd()
    os.chdir(workdir)  # --output values are checked against the file system, as click checks them
    try:
        fast = console.parse_check(["check", *argv])
        if fast is not None:
            assert fast == click_params(argv)
    finally:
        os.chdir(old)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["a.plan.yaml"],
        ["--format", "json", "a.plan.yaml", "--select", "PL301", "--select=PL4", "b"],
        ["-qj4", "-ofile.txt", "--", "--format"],
        ["--jobs", "2", "--jobs=3", "-", "--today", "2024-06-01", "--quarters", "calendar"],
        ["--color=never", "--fail-on", "warning", "--exit-zero", "--statistics", "--fix", "--ignore", "PL3"],
    ],
)
def test_plain_check_argvs_are_taken_by_the_fast_parser_as_click_takes_them(argv: list[str]) -> None:
    fast = console.parse_check(["check", *argv])
    assert fast is not None
    assert fast == click_params(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["rules"],
        ["--version"],
        ["check", "--help"],
        ["check", "-h"],
        ["check", "a", "--formt", "json"],
        ["check", "--format", "JSON"],
        ["check", "--jobs", "0"],
        ["check", "--quiet=yes"],
        ["check", "--today"],
        ["check", "-x"],
        ["check", "-o", "."],
    ],
)
def test_anything_else_goes_to_click(argv: list[str]) -> None:
    assert console.parse_check(argv) is None


# ---------------------------------------------------------------- end to end, the real entry point


def _run(command: list[str], cwd: Path, stdin: bytes = b"") -> tuple[int, bytes, bytes, bytes | None]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "PLANLINT_DEBUG", "GITHUB_ACTIONS")}
    done = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, env=env, timeout=120)
    report = cwd / "report.out"
    written = report.read_bytes() if report.exists() else None
    report.unlink(missing_ok=True)
    return done.returncode, done.stdout, done.stderr, written


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plans")
    for name in ("clean.plan.yaml", "defects.plan.yaml", "concerns-defects.plan.yaml"):
        shutil.copy(EXAMPLES / name, root / name)
    return root


FAST_RUNS = [
    ["clean.plan.yaml"],
    ["defects.plan.yaml"],
    ["--today", "2024-06-01", "defects.plan.yaml", "concerns-defects.plan.yaml"],
    ["--format", "json", "defects.plan.yaml"],
    ["--format=github", "defects.plan.yaml"],
    ["--format", "sarif", "-o", "report.out", "defects.plan.yaml"],
    ["--select", "PL301", "--select=PL4", "defects.plan.yaml"],
    ["--ignore", "PL3,PL4", "defects.plan.yaml"],
    ["--exit-zero", "defects.plan.yaml"],
    ["--fail-on=never", "-q", "defects.plan.yaml"],
    ["--statistics", "defects.plan.yaml"],
    ["--color", "always", "defects.plan.yaml"],
    ["--diff", "defects.plan.yaml"],
    ["-qj2", "--", "defects.plan.yaml", "clean.plan.yaml"],
    ["--stdin-filename", "piped.plan.yaml", "-"],
    ["missing.plan.yaml"],
    ["--today", "2024-13-01", "defects.plan.yaml"],
    ["--max-file-size", "lots", "defects.plan.yaml"],
    ["--fix", "--diff", "defects.plan.yaml"],
    ["--select", "PL999", "defects.plan.yaml"],
    ["--config", "nowhere.yaml", "defects.plan.yaml"],
]
CLICK_RUNS = [["--format", "bogus", "defects.plan.yaml"], ["--jobs", "0"], ["--help"], ["--formt", "json"]]


@pytest.mark.parametrize("argv", FAST_RUNS + CLICK_RUNS, ids=" ".join)
def test_the_entry_point_prints_what_the_click_command_line_prints(argv: list[str], plans: Path) -> None:
    assert (console.parse_check(["check", *argv]) is not None) == (argv in FAST_RUNS)
    stdin = (EXAMPLES / "defects.plan.yaml").read_bytes() if "-" in argv else b""
    fast = _run([sys.executable, "-m", "planlint", "check", *argv], plans, stdin)
    slow = _run([sys.executable, "-c", CLICK_PATH, "check", *argv], plans, stdin)
    assert fast == slow
    assert fast[1] or fast[2] or fast[3]  # something was said


PROBE = """
import importlib, sys
module, _, name = sys.argv[1].partition(":")
sys.argv = ["planlint", "check", sys.argv[2]]
try:
    getattr(importlib.import_module(module), name)()
except SystemExit as exc:
    print("exit", exc.code)
print("click" in sys.modules, "pydantic" in sys.modules)
# what a clean one-file check has no use for, and was slow to import (issue 16): click, pydantic,
# dataclasses (with inspect, ast, dis), dateutil (with calendar, locale), difflib, html, hashlib, the
# TOML parser, the importers and the formats it does not print
print(sorted(m for m in sys.modules if m.split(".")[0] in (
    "click", "pydantic", "dataclasses", "inspect", "ast", "dateutil", "calendar", "difflib", "html", "hashlib", "tomllib"
) or m.startswith(("planlint.importers", "planlint.fix", "planlint.baseline", "planlint.report.sarif"))))
"""


def test_a_plain_check_through_the_console_entry_does_not_import_click(tmp_path: Path) -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, scripts["planlint"], str(EXAMPLES / "clean.plan.yaml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.stdout.splitlines()[-3:] == ["exit 0", "False False", "[]"], done.stdout + done.stderr


def test_python_m_planlint_check_does_not_import_click(tmp_path: Path) -> None:
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['planlint', 'check', sys.argv[1]]\n"
        "try:\n    runpy.run_module('planlint', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as exc:\n    print('exit', exc.code)\n"
        "print('click' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(EXAMPLES / "clean.plan.yaml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.stdout.splitlines()[-2:] == ["exit 0", "False"], done.stdout + done.stderr


# ---------------------------------------------------------------- echo, as click.echo


class _Terminal(io.BytesIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("color", [None, True, False])
@pytest.mark.parametrize("err", [False, True])
def test_echo_writes_what_click_echo_writes(
    encoding: str, terminal: bool, color: bool | None, err: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = []
    for write in (click.echo, check_command.echo):
        raw = _Terminal() if terminal else io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict")
        monkeypatch.setattr(sys, "stderr" if err else "stdout", stream)
        for message, nl in (("plain", True), ("\x1b[31mred\x1b[0m café", True), ("", True), ("", False), ("x", False)):
            write(message, err=err, nl=nl, color=color)
        stream.flush()
        written.append(raw.getvalue())
    assert written[0] == written[1]


@pytest.mark.parametrize(
    "param",
    [
        click.Option(["--verbose", "-v"], count=True),
        click.Option(["--level"], type=click.FloatRange(0, 1)),
        click.Option(["--shout/--no-shout"]),
        click.Option(["--name"], envvar="PLANLINT_NAME"),
        click.Option(["--format2"], type=click.Choice(["a"], case_sensitive=False)),
        click.Argument(["extra"], required=False),
    ],
    ids=lambda p: p.name,
)
def test_the_generator_refuses_a_parameter_the_fast_parser_would_read_differently(
    param: click.Parameter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planlint import generate

    command = command_line.commands["check"]
    monkeypatch.setattr(command, "params", [*command.params, param])
    with pytest.raises(generate.UnknownShape):
        generate.render_check_options()
