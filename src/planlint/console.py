"""The `planlint` console entry: a plain `check` runs without importing click; everything else is click's.

A one-file `planlint check` is a cold process (a pre-commit hook), and importing click with the
standard library it loads was a tenth of it. The click command line (cli.py) stays the one
definition of every command, its help and its error messages; check_options.py is generated from
its `check` command, and `parse_check` below reads an argv over that table the way click 8 does.
When it understands every token, and the values are ones click would accept, the check runs here,
through the same body (check_command.check) and the same exit codes. Anything else (another
command, --help, --version, an unknown or misspelt option, a value click would refuse, --debug)
goes to click unchanged, so what the user sees is always click's.
"""

from __future__ import annotations

import gc
import os
import stat
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from planlint.check_options import DEFAULTS, PARAMS

# option string -> (destination, kind, multiple, detail); click's parser files "-x" under short
# options (which may be grouped, "-qj4") and every other spelling under long ones
_SHORT: dict[str, tuple[str, str, bool, Any]] = {}
_LONG: dict[str, tuple[str, str, bool, Any]] = {}
_ARGUMENT = next(dest for dest, _, kind, _, _ in PARAMS if kind == "argument")  # the paths
for _dest, _opts, _kind, _multiple, _detail in PARAMS:
    for _opt in _opts:
        (_SHORT if len(_opt) == 2 and _opt[1] != "-" else _LONG)[_opt] = (_dest, _kind, _multiple, _detail)


def main(args: Sequence[str] | None = None, prog_name: str | None = None) -> NoReturn:
    """Run planlint: `check` here when its argv is plain, else the click command line."""
    # Importing planlint and linting allocate many short-lived objects that form no cycles (classes,
    # YAML nodes, texts, matches): at the default threshold (700) the cycle collector ran ~20 times in
    # a one-file check (~5 ms) and ~500 times on the 200-plan corpus, a tenth of that run. Raised
    # before anything is imported; mypy raises it for the same reason.
    gc.set_threshold(10_000)
    params = parse_check(sys.argv[1:] if args is None else args) if _plain_process() else None
    if params is None or params["debug"] or os.environ.get("PLANLINT_DEBUG"):
        # --debug wants click's handling of what escapes (a traceback, a broken pipe), so it goes there
        from planlint.cli import main as command_line

        command_line.main(args, prog_name=prog_name)
        raise AssertionError("click's main exits")  # pragma: no cover
    from planlint.check_command import check, echo, exit_aborted, run_guarded

    try:
        run_guarded(lambda: check(**params), debug=False)
    except KeyboardInterrupt:
        echo("", err=True)  # as click does: the ^C stays on its own line
        exit_aborted()


def _plain_process() -> bool:
    """Whether click would do nothing here beyond parsing: no Windows argv expansion, no shell
    completion request, and standard streams click writes to as they are (not ASCII ones it rewraps)."""
    if os.name == "nt" or any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return False
    import codecs

    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue  # echo, like click.echo, writes nothing there
        encoding, errors = getattr(stream, "encoding", None), getattr(stream, "errors", None)
        if encoding is None or errors is None:
            return False
        try:
            if codecs.lookup(encoding).name == "ascii":
                return False
        except LookupError:
            return False
    return True


def parse_check(args: Sequence[str]) -> dict[str, Any] | None:
    """`check` and its options as click would parse them (ctx.params), or None when not sure.

    Follows click's parser (click/parser.py): options and arguments interleave; `--` ends the
    options; `-` alone is an argument; `--name=value`; short options group (`-qj4`, `-ofile`,
    `-o=x` meaning the value `=x`); an option taking a value takes the next token whatever it looks
    like; a repeated option keeps its last value, a multiple one every value in order. Values are
    converted after parsing, as click does, so only the kept value of a repeated option must be valid.
    """
    if not args or args[0] != "check":
        return None
    given: dict[str, list[str]] = {}
    paths: list[str] = []
    flags: set[str] = set()
    rest = list(args[1:])
    position = 0

    def take(dest: str, value: str) -> None:
        given.setdefault(dest, []).append(value)

    while position < len(rest):
        arg = rest[position]
        position += 1
        if arg == "--":
            paths.extend(rest[position:])
            break
        if arg[:1] != "-" or len(arg) == 1:
            paths.append(arg)
            continue
        name, equals, explicit = arg.partition("=")
        option = _LONG.get(name)
        if option is not None:
            dest, kind, _, _ = option
            if kind == "flag":
                if equals:
                    return None  # click: "does not take a value"
                flags.add(dest)
            elif equals:
                take(dest, explicit)
            elif position < len(rest):
                take(dest, rest[position])
                position += 1
            else:
                return None  # click: "requires an argument"
            continue
        if arg[:2] == "--":
            return None  # an unknown long option (--help among them)
        for index in range(1, len(arg)):
            short = _SHORT.get("-" + arg[index])
            if short is None:
                return None  # an unknown short option (-h among them)
            dest, kind, _, _ = short
            if kind == "flag":
                flags.add(dest)
                continue
            if index + 1 < len(arg):
                take(dest, arg[index + 1 :])
            elif position < len(rest):
                take(dest, rest[position])
                position += 1
            else:
                return None
            break
    params = dict(DEFAULTS)
    params[_ARGUMENT] = tuple(paths)
    for dest in flags:
        params[dest] = True
    for dest, _, kind, multiple, detail in PARAMS:
        if dest not in given:
            continue
        values = given[dest] if multiple else given[dest][-1:]
        converted = [_convert(kind, detail, value) for value in values]
        if any(value is _REFUSED for value in converted):
            return None
        params[dest] = tuple(converted) if multiple else converted[0]
    return params


_REFUSED = object()


def _convert(kind: str, detail: Any, value: str) -> Any:
    """A value as click's type converts it (click/types.py), or _REFUSED where click would fail."""
    if kind == "str":
        return value
    if kind == "choice":
        return value if value in detail else _REFUSED  # case-sensitive: the generator makes sure
    if kind == "int":
        low, high, low_open, high_open = detail
        try:
            number = int(value)  # click's int(): " 4", "+4" and "4_0" are numbers to it too
        except ValueError:
            return _REFUSED
        if low is not None and (number <= low if low_open else number < low):
            return _REFUSED
        if high is not None and (number >= high if high_open else number > high):
            return _REFUSED
        return number
    if kind == "path":
        return value if _path_ok(value, *detail) else _REFUSED
    return _REFUSED


def _path_ok(
    value: str,
    exists: bool,
    file_okay: bool,
    dir_okay: bool,
    readable: bool,
    writable: bool,
    executable: bool,
    allow_dash: bool,
) -> bool:
    """click.Path.convert's checks (without resolve_path or path_type: the generator refuses those)."""
    if file_okay and allow_dash and value == "-":
        return True
    try:
        mode = os.stat(value).st_mode
    except OSError:
        return not exists
    except ValueError:  # a name the OS cannot take: let click say what it says
        return False
    return not (
        (not file_okay and stat.S_ISREG(mode))
        or (not dir_okay and stat.S_ISDIR(mode))
        or (readable and not os.access(value, os.R_OK))
        or (writable and not os.access(value, os.W_OK))
        or (executable and not os.access(value, os.X_OK))
    )
