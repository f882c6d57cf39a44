"""Generated from the click command line (cli.py) by `python -m planlint.generate`: do not edit.

The parameters of `planlint check`, for the parser that runs a plain `check` without importing
click (console.py). See generate.render_check_options.
"""

from typing import Any

# (destination, option strings, kind, multiple, detail): kind is argument, flag, str, choice
# (detail: the choices), int (detail: min, max, min_open, max_open) or path (detail: exists,
# file_okay, dir_okay, readable, writable, executable, allow_dash, as click.Path takes them).
PARAMS: tuple[tuple[str, tuple[str, ...], str, bool, Any], ...] = (
    ("paths", (), "argument", True, None),
    ("fmt", ("--format",), "choice", False, ("text", "json", "sarif", "github", "junit", "gitlab", "html")),
    ("output", ("--output", "-o"), "path", False, (False, True, False, True, True, False, False)),
    ("select", ("--select",), "str", True, None),
    ("extend_select", ("--extend-select",), "str", True, None),
    ("ignore", ("--ignore",), "str", True, None),
    ("fail_on", ("--fail-on",), "choice", False, ("error", "warning", "info", "never")),
    ("exit_zero", ("--exit-zero",), "flag", False, None),
    ("today", ("--today",), "str", False, None),
    ("statistics", ("--statistics",), "flag", False, None),
    ("stdin_filename", ("--stdin-filename",), "str", False, None),
    ("color", ("--color",), "choice", False, ("auto", "always", "never")),
    ("config_file", ("--config",), "str", False, None),
    ("fix", ("--fix",), "flag", False, None),
    ("diff", ("--diff",), "flag", False, None),
    ("baseline_file", ("--baseline",), "str", False, None),
    ("write_baseline", ("--write-baseline",), "str", False, None),
    ("jobs", ("--jobs", "-j"), "int", False, (1, 1024, False, False)),
    ("max_file_size", ("--max-file-size",), "str", False, None),
    ("quarters", ("--quarters",), "choice", False, ("financial", "calendar")),
    ("quiet", ("--quiet", "-q"), "flag", False, None),
    ("debug", ("--debug",), "flag", False, None),
)

# What click gives each parameter when the command line does not name it.
DEFAULTS: dict[str, Any] = {
    "paths": (),
    "fmt": "text",
    "output": None,
    "select": (),
    "extend_select": (),
    "ignore": (),
    "fail_on": None,
    "exit_zero": False,
    "today": None,
    "statistics": False,
    "stdin_filename": None,
    "color": "auto",
    "config_file": None,
    "fix": False,
    "diff": False,
    "baseline_file": None,
    "write_baseline": None,
    "jobs": None,
    "max_file_size": "10MB",
    "quarters": None,
    "quiet": False,
    "debug": False,
}
