"""The generated modules: `python -m planlint.generate` writes them, `--check` says whether they are current.

- shipped_data.py: the shipped data (rules/*.yaml, rules/lexicon/*.yaml, rules/profiles/*.yaml) as
  parsed, so that a run reads it as Python constants instead of parsing ~70 YAML files (or keeping a
  cache in the user's home folder); shipped.py hands it out while the files are what was compiled.
- shapes.py: the records and shape table of the plan model, below.
- check_options.py: the options of `planlint check` as the click command (cli.py) defines them, for
  the parser that runs a plain `check` without importing click (console.py); see render_check_options.

The model (model.py) is the plan format's one definition. `planlint check` reads a well-formed
plan without pydantic: with the records and the shape table generated here from the model's
pydantic-core schema, which validate.py walks. The table is that schema, node for node, restricted
to the kinds of node the walk knows; a model that needs another kind fails here, loudly, rather
than being validated differently. A plan the walk is not sure of goes to pydantic itself.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
import typing
from pathlib import Path
from typing import Any

from planlint import model, plan_values

HERE = Path(__file__).parent
HEADER = '''"""Generated from the pydantic model (model.py) by `python -m planlint.generate`: do not edit.

The records `planlint check` hands the rules, and the shape table validate.py checks a plan against,
so that a well-formed plan is read without pydantic. See generate.py.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from planlint.plan_values import (
    ActionValues,
    RecommendationValues,
    Record,
    Status,
    extra_counts,
    id_not_true_or_false,
    null_is_empty,
    number_as_text,
    readable_date,
    status_from_text,
)
'''
_KNOWN_KEYS = {"type", "metadata", "ref", "serialization"}


class UnknownShape(Exception):
    """A node of the model's schema the generated walk does not know: extend validate.py and this."""


def _function(node: dict[str, Any]) -> str:
    function = node["function"]
    if function.get("type") != "no-info":
        raise UnknownShape(f"a validator taking info: {function}")
    fn = function["function"]
    name = str(fn.__name__)
    if getattr(plan_values, name, None) is not fn:
        raise UnknownShape(f"validator {fn!r} is not a plain function of planlint.plan_values")
    return name


def _plain(node: dict[str, Any], *allowed: str) -> None:
    extra = set(node) - _KNOWN_KEYS - set(allowed)
    if extra:
        raise UnknownShape(f"{node['type']} with {sorted(extra)}")


def _node(node: dict[str, Any]) -> str:
    kind = node["type"]
    if kind == "str":
        _plain(node)
        return '("str",)'
    if kind == "date":
        _plain(node)
        return '("date",)'
    if kind == "int":
        _plain(node, "ge", "le")
        return f'("int", {node.get("ge")!r}, {node.get("le")!r})'
    if kind == "nullable":
        _plain(node, "schema")
        return f'("nullable", {_node(node["schema"])})'
    if kind in ("function-before", "function-after"):
        _plain(node, "schema", "function")
        return f'("{kind.removeprefix("function-")}", {_function(node)}, {_node(node["schema"])})'
    if kind == "list":
        _plain(node, "items_schema")
        return f'("list", {_node(node["items_schema"])})'
    if kind == "union":
        _plain(node, "choices")
        if any(isinstance(choice, tuple) for choice in node["choices"]):
            raise UnknownShape("a union with labelled choices")
        return f'("union", ({", ".join(_node(c) for c in node["choices"])},))'
    if kind == "enum":
        _plain(node, "cls", "members", "sub_type")
        name = str(node["cls"].__name__)
        if getattr(plan_values, name, None) is not node["cls"]:
            raise UnknownShape(f"enum {node['cls']!r} is not one of planlint.plan_values")
        return f'("enum", {name})'
    if kind == "model":
        _model_node(node)
        return f'("model", {node["cls"].__name__})'
    raise UnknownShape(f"a {kind!r} node")


def _model_node(node: dict[str, Any]) -> dict[str, Any]:
    _plain(node, "cls", "schema", "config", "custom_init", "root_model", "post_init")
    if node.get("custom_init") or node.get("root_model") or node.get("post_init"):
        raise UnknownShape(f"{node['cls'].__name__}: a custom __init__, root model or post-init")
    if node.get("config", {}).get("extra_fields_behavior") not in ("ignore", "allow"):
        raise UnknownShape(f"{node['cls'].__name__}: extra keys neither ignored nor kept")
    inner = node["schema"]
    if inner["type"] != "model-fields" or inner.get("computed_fields") or inner.get("model_validators"):
        raise UnknownShape(f"{node['cls'].__name__}: computed fields or model validators")
    return inner["fields"]  # type: ignore[no-any-return]


def _field(field: dict[str, Any]) -> str:
    """(node, required, default): the default as ("value", v) or ("factory", callable)."""
    schema = field["schema"]
    if field.get("validation_alias") or field.get("frozen") is False:
        raise UnknownShape("an aliased field")
    if schema["type"] != "default":
        return f"{_node(schema)}, True, None"
    _plain(schema, "schema", "default", "default_factory", "default_factory_takes_data", "validate_default")
    if schema.get("validate_default"):
        raise UnknownShape("a default that is validated")
    if "default_factory" in schema:
        if schema["default_factory"] is not list:
            raise UnknownShape(f"default factory {schema['default_factory']!r}")
        return f'{_node(schema["schema"])}, False, ("factory", list)'
    default = schema["default"]
    if not isinstance(default, (int, str, type(None))):
        raise UnknownShape(f"default {default!r}")
    return f'{_node(schema["schema"])}, False, ("value", {default!r})'


def _annotation(annotation: Any) -> str:
    """The type a record's field holds, as Python source (Text is str once validated)."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _annotation(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return " | ".join(_annotation(a) for a in typing.get_args(annotation))
    if typing.get_origin(annotation) is list:
        return f"list[{_annotation(typing.get_args(annotation)[0])}]"
    if annotation is type(None):
        return "None"
    if annotation is dt.date:
        return "dt.date"
    if isinstance(annotation, type):
        return annotation.__name__
    raise UnknownShape(f"annotation {annotation!r}")


def _models() -> list[type[model.BaseModel]]:
    """Every model reachable from Plan, each after the models its fields hold (so the table can name them)."""
    order: list[type[model.BaseModel]] = []

    def visit(cls: type[model.BaseModel]) -> None:
        if cls in order:
            return
        for info in cls.model_fields.values():
            inner = model._inner_model(info.annotation)
            if inner is not None:
                visit(inner)
        order.append(cls)

    visit(model.Plan)
    return order


def render() -> str:
    out = [HEADER]
    tables = []
    for cls in _models():
        top = dict(cls.__pydantic_core_schema__)
        while top["type"] in ("function-before", "function-after"):  # a model validator: in the nodes naming it
            _function(top)
            top = top["schema"]
        fields = _model_node(top)
        if list(fields) != list(cls.model_fields):
            raise UnknownShape(f"{cls.__name__}: fields by alias")
        bases = ["Record"] + [b.__name__ for b in cls.__mro__ if b.__module__ == plan_values.__name__]
        out += ["", "", f"class {cls.__name__}({', '.join(bases)}):"]
        doc = (cls.__doc__ or "").strip().splitlines()
        if doc:
            out.append(f'    """{doc[0]}"""\n')
        slots = "".join(f"{name!r}, " for name in sorted(fields))  # sorted: ruff's RUF023 keeps them so
        out.append(f"    __slots__ = ({slots})")
        if top["config"]["extra_fields_behavior"] == "allow":  # pydantic keeps the keys beyond the fields
            out.append("    EXTRA = True")
        out += [f"    {name}: {_annotation(info.annotation)}" for name, info in cls.model_fields.items()]
        rows = [f"        ({name!r}, {_field(field)})," for name, field in fields.items()]
        tables.append("\n".join([f"    {cls.__name__}: (", *rows, "    ),"]))
    out += [
        "",
        "",
        "# Each record's fields: (name, node, required, default), the nodes as in the model's pydantic-core schema.",
        "SHAPES: dict[type[Record], tuple[tuple[str, Any, bool, Any], ...]] = {",
        *tables,
        "}",
        "",
        "# The keys each mapping may hold, and the record a key's values are made of (PL003 reads this).",
        "KNOWN_KEYS: dict[type[Record], dict[str, type[Record] | None]] = {",
        *(
            f"    {cls.__name__}: {{"
            + ", ".join(
                f"{name!r}: {inner.__name__ if inner else None}"
                for name, inner in ((n, model._inner_model(i.annotation)) for n, i in cls.model_fields.items())
            )
            + "},"
            for cls in _models()
        ),
        "}",
        "",
    ]
    return "\n".join(out)


def render_shipped_data() -> str:
    """shipped_data.py: every shipped data file as parsed, and the checksum of what was parsed."""
    from planlint import shipped

    files = shipped.data_files(shipped.data_dir())
    parsed = {name: shipped.load_yaml_file(path) for name, path in files}
    return "\n".join(
        [
            '"""Generated from rules/ by `python -m planlint.generate`: do not edit (see shipped.py)."""',
            "",
            "from typing import Any",
            "",
            f"CHECKSUM = {shipped.checksum(files)}",
            "",
            f"FILES: dict[str, Any] = {parsed!r}",
            "",
        ]
    )


def render_check_options() -> str:
    """check_options.py: each parameter of the click `check` command, as the fast parser reads it.

    Only what that parser reproduces exactly is written: a parameter of another kind, or context
    settings that change how click parses (normalised tokens, unknown options kept, options only
    before arguments) fail here, loudly, rather than being parsed differently.
    """
    import click

    from planlint.cli import main as group

    command = group.commands["check"]
    parent = group.make_context("planlint", ["check"])
    ctx = command.make_context("check", [], parent=parent)
    if ctx.token_normalize_func is not None or ctx.ignore_unknown_options or not ctx.allow_interspersed_args:
        raise UnknownShape("check: context settings that change how click parses")
    rows = []
    for param in command.params:
        if param.envvar or param.callback or not param.expose_value or param.is_eager or param.required:
            raise UnknownShape(f"{param.name}: an envvar, callback, eager, hidden or required parameter")
        if isinstance(param, click.Argument):
            if param.nargs != -1 or not isinstance(param.type, click.types.StringParamType):
                raise UnknownShape(f"{param.name}: an argument other than any number of strings")
            rows.append(f"    ({param.name!r}, (), 'argument', True, None),")
            continue
        assert isinstance(param, click.Option)
        if param.secondary_opts or param.count or param.nargs != 1 or param.prompt or param._flag_needs_value:
            raise UnknownShape(f"{param.name}: secondary, counted, optional-value or multi-value option")
        if any(not opt.startswith("-") or opt.startswith("---") or opt == "--" for opt in param.opts):
            raise UnknownShape(f"{param.name}: an option not spelled -x or --name")
        kind: str
        detail: Any = None
        kind_of = param.type
        if param.is_flag:
            given = command.make_context("check", [param.opts[0]], parent=parent).params[param.name or ""]
            if not param.is_bool_flag or given is not True or ctx.params[param.name or ""] is not False:
                raise UnknownShape(f"{param.name}: a flag other than on/off, off by default")
            kind = "flag"
        elif isinstance(kind_of, click.Choice):
            if not kind_of.case_sensitive or not all(isinstance(c, str) for c in kind_of.choices):
                raise UnknownShape(f"{param.name}: a Choice that is not of case-sensitive strings")
            kind, detail = "choice", tuple(kind_of.choices)
        elif isinstance(kind_of, click.IntRange):
            if kind_of.clamp:
                raise UnknownShape(f"{param.name}: a clamped IntRange")
            kind, detail = "int", (kind_of.min, kind_of.max, kind_of.min_open, kind_of.max_open)
        elif isinstance(kind_of, click.Path):
            if kind_of.resolve_path or kind_of.type is not None:
                raise UnknownShape(f"{param.name}: a Path that resolves or converts")
            kind = "path"
            detail = tuple(
                getattr(kind_of, name)
                for name in ("exists", "file_okay", "dir_okay", "readable", "writable", "executable", "allow_dash")
            )
        elif type(kind_of) is click.types.StringParamType:
            kind = "str"
        else:
            raise UnknownShape(f"{param.name}: type {kind_of!r}")
        rows.append(f"    ({param.name!r}, {tuple(param.opts)!r}, {kind!r}, {param.multiple!r}, {detail!r}),")
    return "\n".join(
        [
            '"""Generated from the click command line (cli.py) by `python -m planlint.generate`: do not edit.',
            "",
            "The parameters of `planlint check`, for the parser that runs a plain `check` without importing",
            "click (console.py). See generate.render_check_options.",
            '"""',
            "",
            "from typing import Any",
            "",
            "# (destination, option strings, kind, multiple, detail): kind is argument, flag, str, choice",
            "# (detail: the choices), int (detail: min, max, min_open, max_open) or path (detail: exists,",
            "# file_okay, dir_okay, readable, writable, executable, allow_dash, as click.Path takes them).",
            "PARAMS: tuple[tuple[str, tuple[str, ...], str, bool, Any], ...] = (",
            *rows,
            ")",
            "",
            "# What click gives each parameter when the command line does not name it.",
            f"DEFAULTS: dict[str, Any] = {dict(ctx.params)!r}",
            "",
        ]
    )


# file name -> what it holds; each file is ruff-formatted once written, so "current" compares programs
GENERATED = {"shapes.py": render, "shipped_data.py": render_shipped_data, "check_options.py": render_check_options}


def same_source(one: str, other: str) -> bool:
    """Whether two sources are the same program (the file on disk is ruff-formatted; a render is not)."""
    import ast

    return ast.dump(ast.parse(one)) == ast.dump(ast.parse(other))


def stale() -> list[str]:
    """The generated files that differ from what their sources give now."""
    out = []
    for name, make in GENERATED.items():
        target = HERE / name
        if not target.is_file() or not same_source(target.read_text(encoding="utf-8"), make()):
            out.append(name)
    return out


def main() -> None:
    if "--check" in sys.argv[1:]:
        names = stale()
        sys.exit(f"out of date: {', '.join(names)}; run python -m planlint.generate" if names else 0)
    import subprocess

    for name, make in GENERATED.items():
        target = HERE / name
        target.write_text(make(), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", str(target)], check=False)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
