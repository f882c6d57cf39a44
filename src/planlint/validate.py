"""Plain data -> Plan records, with every shape problem as a LoadProblem at its path.

PL002 (schema-error): one problem per wrong or missing value, pointing at it
(or, when missing, at its parent). PL003 (unknown-field): a key the format
does not know, with the nearest known key as a suggestion.

A plan is checked first against the shape table generated from the pydantic model (shapes.py),
which accepts only what pydantic accepts in its strict pass, and gives the same values; whatever
that walk is not sure of (a wrong value, a missing key, a value pydantic would convert, such as a
datetime for a date) goes to the pydantic model itself, whose errors the PL002 messages are made
from. So a well-formed plan is read without importing pydantic, and every PL002 is pydantic's.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from planlint.document import LoadProblem, value_at
from planlint.findings import Path, format_path
from planlint.plan_values import Record
from planlint.shapes import KNOWN_KEYS, SHAPES, Plan, Summary

if TYPE_CHECKING:
    from pydantic import ValidationError

_EXPECTED = {
    "string_type": "text",
    "list_type": "a list",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "date_type": "a date",
    "date_from_datetime_parsing": "a date",
    "model_type": "a mapping of keys to values",
    "dict_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "enum": "one of the allowed values",
    "bool_type": "true or false",
}

_LIST_ITEM_NAMES = {"recommendations": "recommendation", "actions": "action", "reasons": "reason", "owner": "owner"}


def validate(data: Any, summary_keys: tuple[str, ...] | None = None) -> tuple[Plan | None, list[LoadProblem]]:
    """The plan, and its shape problems; `summary_keys`: the keys the plan's template (profile) gives
    its summary table (None: the format's own)."""
    problems: list[LoadProblem] = []
    if not isinstance(data, dict):
        problems.append(
            LoadProblem(
                "PL002",
                "a plan is a mapping with `plan` and `recommendations` keys, not "
                f"{_kind(data)}; run `planlint init` for a starter plan",
            )
        )
        return None, problems
    _unknown_keys(data, Plan, (), problems, summary_keys)
    plan = read_shape(data)
    if plan is not None:
        return plan, problems
    from pydantic import ValidationError

    from planlint import model

    try:
        validated = model.Plan.model_validate(data)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, data))
        return None, problems
    return as_record(validated), problems


# ---------------------------------------------------------------- the shape table's walk


# What the walk returns when it cannot say what pydantic would: pydantic itself decides (and words any
# error). A value, not an exception: a union tries its choices in turn, and raising for each choice
# that fails cost more than the walk.
_UNSURE: Any = object()
# What a plan read from YAML, JSON or an importer holds. Inside these, a strict check by exact type
# accepts what pydantic's strict pass accepts; anything else (a datetime, bytes, a subclass) is
# left to pydantic, whose lax pass may convert it.
_PLAIN = frozenset({dict, list, str, int, float, bool, type(None), dt.date})


def read_shape(data: Any) -> Plan | None:
    """The plan as pydantic would validate it, or None when the walk is not sure (pydantic decides)."""
    plan = _plan_reader()(data)
    return None if plan is _UNSURE else plan


Reader = Callable[[Any], Any]


@functools.cache
def _plan_reader() -> Reader:
    """The shape table made into one function per node, once (interpreting the table each time cost 3x)."""
    records: dict[type[Record], Reader] = {}
    for cls in SHAPES:  # each record's table names only records before it
        records[cls] = _record_reader(cls, records)
    return records[Plan]


def _reader(node: tuple[Any, ...], records: dict[type[Record], Reader]) -> Reader:
    kind = node[0]
    if kind in ("before", "after"):
        check, inner = node[1], _reader(node[2], records)
        if kind == "before":

            def before(value: Any) -> Any:
                try:
                    value = check(value)
                except Exception:
                    return _UNSURE
                return inner(value)

            return before

        def after(value: Any) -> Any:
            value = inner(value)
            if value is _UNSURE:
                return _UNSURE
            try:
                return check(value)
            except Exception:
                return _UNSURE

        return after
    if kind == "nullable":
        inner = _reader(node[1], records)
        return lambda value: None if value is None else inner(value)
    if kind == "model":
        return records[node[1]]
    if kind == "list":
        item = _reader(node[1], records)

        def each(value: Any) -> Any:
            if type(value) is not list:
                return _UNSURE
            items = [item(v) for v in value]
            for found in items:  # by identity: `in` would call each record's __eq__
                if found is _UNSURE:
                    return _UNSURE
            return items

        return each
    if kind == "union":
        choices = [_reader(choice, records) for choice in node[1]]

        # pydantic's smart union takes the choice that passes its strict pass; the walk is that pass,
        # and within plain values a choice it rejects is one pydantic's strict pass rejects too.
        def union(value: Any) -> Any:
            if type(value) not in _PLAIN:
                return _UNSURE
            for choice in choices:
                found = choice(value)
                if found is not _UNSURE:
                    return found
            return _UNSURE

        return union
    return _leaf_reader(node)


def _leaf_reader(node: tuple[Any, ...]) -> Reader:
    """pydantic's strict pass on a leaf of the table: the value as it is, of exactly its type."""
    kind = node[0]
    if kind == "str":
        return lambda value: value if type(value) is str else _UNSURE
    if kind == "int":
        low, high = node[1], node[2]
        return lambda value: (
            value
            if type(value) is int and (low is None or value >= low) and (high is None or value <= high)
            else _UNSURE
        )
    if kind == "date":
        return lambda value: value if type(value) is dt.date else _UNSURE
    if kind == "enum":
        enum = node[1]
        return lambda value: value if type(value) is enum else _UNSURE
    raise ValueError(f"the shape table holds a {kind!r} node, which validate.py does not know")


def _record_reader(cls: type[Record], records: dict[type[Record], Reader]) -> Reader:
    fields: list[tuple[str, Reader, bool, Any, bool]] = [
        (
            name,
            _reader(node, records),
            required,
            default[1] if default else None,
            bool(default) and default[0] == "factory",
        )
        for name, node, required, default in SHAPES[cls]
    ]
    names = frozenset(name for name, *_ in fields)
    make = cls.make
    extra = cls.EXTRA

    def record(data: Any) -> Any:
        if type(data) is not dict:
            return _UNSURE
        values = {}
        for name, read, required, default, factory in fields:
            if name in data:
                value = read(data[name])
                if value is _UNSURE:
                    return _UNSURE
                values[name] = value
            elif required:
                return _UNSURE
            else:
                values[name] = default() if factory else default
        if extra:  # pydantic keeps the other keys as they are (and names them as given)
            kept = {key: value for key, value in data.items() if key not in names}
            for key in kept:
                if type(key) is not str:
                    return _UNSURE
            return make(values, frozenset(data), kept)
        return make(values, names & data.keys())

    return record


def as_record(validated: Any) -> Any:
    """A pydantic model's values as the records the rules read (what the walk gives for the same plan)."""
    from pydantic import BaseModel

    from planlint import shapes

    if isinstance(validated, BaseModel):
        cls = getattr(shapes, type(validated).__name__)
        values = {name: as_record(getattr(validated, name)) for name in cls.fields()}
        return cls.make(values, frozenset(validated.model_fields_set), validated.model_extra)
    if isinstance(validated, list):
        return [as_record(item) for item in validated]
    return validated


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"text ({_short(value)!r})" if isinstance(value, str) else type(value).__name__


def _short(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unknown_keys(
    data: dict,
    record: type[Record],
    path: Path,
    problems: list[LoadProblem],
    summary_keys: tuple[str, ...] | None = None,
) -> None:
    fields = KNOWN_KEYS[record]
    if record is Summary and summary_keys is not None:
        fields = dict.fromkeys(summary_keys)
    for key, value in data.items():
        child = path + (key,)
        if key not in fields:
            import difflib  # only for a key the format does not know

            near = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
            hint = f"did you mean `{near[0]}`?" if near else f"known keys here: {', '.join(fields)}"
            where = format_path(path) or "the top level"
            problems.append(
                LoadProblem(
                    "PL003",
                    f"unknown key `{key}` in {where}: {hint} (a key the format does not know is not checked)",
                    child,
                )
            )
            continue
        inner = fields[key]
        if inner is None:
            continue
        if isinstance(value, dict):
            _unknown_keys(value, inner, child, problems, summary_keys)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    _unknown_keys(item, inner, child + (index,), problems, summary_keys)


def _real_path(loc: tuple, data: Any) -> tuple[Path, bool]:
    """The part of a pydantic error location that exists in the data, and whether it all does.

    Pydantic adds union-member names ('str', 'list[str]') and validator tags to
    locations; those are not document paths.
    """
    path: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not path_has_member_tag(part):
            return tuple(path) + (part,), False
        else:
            continue
    return tuple(path), True


def path_has_member_tag(part: str) -> bool:
    return any(ch in part for ch in "[]") or part in {
        "str",
        "int",
        "date",
        "function-before",
        "function-after",
        "lax-or-strict",
        "json-or-python",
    }


def _schema_problems(exc: ValidationError, data: Any) -> list[LoadProblem]:
    grouped: dict[Path, dict[str, Any]] = {}
    for error in exc.errors(include_url=False):
        path, exists = _real_path(tuple(error["loc"]), data)
        entry = grouped.setdefault(
            path, {"missing": not exists or error["type"] == "missing", "expected": [], "messages": []}
        )
        kind = error["type"]
        bounds = error.get("ctx") or {}
        if kind in ("less_than_equal", "greater_than_equal"):
            expected = f"at most {bounds.get('le')}" if kind == "less_than_equal" else f"{bounds.get('ge')} or more"
            if expected not in entry["expected"]:
                entry["expected"].append(expected)
        elif kind == "enum" and bounds.get("expected"):
            expected = "one of " + str(bounds["expected"]).replace("'", "")
            if expected not in entry["expected"]:
                entry["expected"].append(expected)
        elif kind in _EXPECTED:
            expected = _EXPECTED[kind]
            if expected not in entry["expected"]:
                entry["expected"].append(expected)
        elif kind not in ("missing",):
            message = str(error["msg"]).removeprefix("Value error, ")
            if message not in entry["messages"]:
                entry["messages"].append(message)
    # A value that fails every branch of a union (owner: text or a list of texts) is reported
    # by pydantic once per branch; where a branch got further (owner[2]), that is the problem.
    for path in [p for p, e in grouped.items() if not e["messages"] and not e["missing"]]:
        if any(len(other) > len(path) and other[: len(path)] == path for other in grouped):
            del grouped[path]
    problems = []
    for path, entry in grouped.items():
        where = format_path(path)
        if entry["missing"]:
            parent = format_path(path[:-1]) or "the plan"
            problems.append(
                LoadProblem("PL002", f"`{path[-1]}` is required in {parent} but missing; add it", path[:-1])
            )
            continue
        value = value_at(data, path)
        if entry["messages"]:
            detail = "; ".join(entry["messages"])
            problems.append(LoadProblem("PL002", f"`{where}`: {detail}", path))
            continue
        expected = _expectation(path, entry["expected"])
        problems.append(LoadProblem("PL002", f"`{where}` must be {expected}, not {_kind(value)}", path))
    return problems


def _expectation(path: Path, expected: list[str]) -> str:
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    if "a list" in expected and last in _LIST_ITEM_NAMES:
        item = _LIST_ITEM_NAMES[last]
        rest = [e for e in expected if e != "a list"]
        return " or ".join(rest + [f"a list of {item}s"]) if rest else f"a list of {item}s (`- ` items)"
    return " or ".join(expected) if expected else "a different kind of value"


# ---------------------------------------------------------------- the parts the content rules may read

WHOLE_PLAN: Path = ()
SUBMITTED: Path = ("plan", "submitted")
DATE_RULES_HELD = " (until it is, nothing that depends on the plan's date is reported)"


def readable_plan(
    data: Any,
    problems: list[LoadProblem],
    *,
    title_optional: bool = False,
    summary_keys: tuple[str, ...] | None = None,
) -> tuple[Plan | None, list[LoadProblem], frozenset[Path]]:
    """The plan the content rules may check, the shape problems, and the parts held back.

    A shape problem (PL002) holds back the part it is in - one recommendation, the summary, the
    title - not the whole plan: a plan whose recommendations could be read gets every content
    rule on them. An unreadable `plan.submitted` holds back what depends on the plan's date (the
    engine keeps only findings that hold whatever the date). What a problem's part cannot be told
    apart from the rest of the plan (the format version, a list where the recommendations belong)
    still holds back the whole plan. `problems` are the loader's; `title_optional`: the
    importer reported a missing title itself (PL007), so it is no shape problem here.
    """
    plan, found = validate(data, summary_keys)
    if title_optional:
        found = [p for p in found if not _is_missing_title(p)]
    loader_paths = [p.path if p.path or p.line is None else None for p in problems if p.code == "PL002"]
    if plan is not None and not loader_paths:
        return plan, found, frozenset()
    if not isinstance(data, dict) or any(path is None for path in loader_paths):
        return None, found, frozenset({WHOLE_PLAN})
    held: set[Path] = {part for path in loader_paths if path is not None for part in _parts(path)}
    if WHOLE_PLAN in held:
        return None, found, frozenset({WHOLE_PLAN})
    copy = _thaw(data)
    for path in loader_paths:
        if path:
            _remove(copy, path)
    from pydantic import ValidationError

    from planlint import model

    for _attempt in range(5):  # each pass removes what the last one complained about; nesting is shallow
        try:
            plan = as_record(model.Plan.model_validate(copy))
            break
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                path, exists = _real_path(tuple(error["loc"]), copy)
                held.update(_parts(path))
                if WHOLE_PLAN in held:
                    return None, found, frozenset({WHOLE_PLAN})
                _repair(copy, path, exists and error["type"] != "missing")
    else:
        return None, found, frozenset({WHOLE_PLAN})
    if title_optional:
        held.discard(("plan", "title"))
    if SUBMITTED in held:
        found = [
            LoadProblem(p.code, p.message + DATE_RULES_HELD, p.path, p.line, p.column) if p.path == SUBMITTED else p
            for p in found
        ]
    return plan, found, frozenset(held)


def _is_missing_title(problem: LoadProblem) -> bool:
    return problem.path == ("plan",) and problem.message.startswith("`title` is required")


def _parts(path: Path) -> set[Path]:
    """The units a shape problem holds back.

    A recommendation whose id cannot be read (or that is no mapping at all) holds back the whole
    plan: numbering and duplicate ids are judged across recommendations, and would be judged wrongly
    without it. One whose category cannot be read also holds back the summary, whose counts need it.
    """
    if len(path) >= 2 and path[0] == "recommendations" and isinstance(path[1], int):
        if len(path) == 2 or path[2] == "id":
            return {WHOLE_PLAN}
        if path[2] == "category":
            return {path[:2], ("summary",)}
        return {path[:2]}
    return {_part(path)}


def _part(path: Path) -> Path:
    if path[:1] == ("summary",):
        return ("summary",)
    if path[:2] in (
        ("plan", "title"),
        ("plan", "organisation"),
        ("plan", "report"),
        ("plan", "report_published"),
        ("plan", "submitted"),
    ):
        return path[:2]
    if path == ("plan",):
        return ("plan", "title")  # a missing title is reported at the plan; nothing else in it is required
    return WHOLE_PLAN


def _thaw(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_thaw(v) for v in value]
    return value


def _remove(data: Any, path: Path) -> None:
    parent = value_at(data, path[:-1]) if len(path) > 1 else data
    key = path[-1]
    if isinstance(parent, dict) and key in parent:
        del parent[key]
        _restore_required(data, path)
    elif isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
        del parent[key]  # inside a held-back recommendation, whose indexes are never reported


def _repair(data: Any, path: Path, exists: bool) -> None:
    """Take out the value at `path` (or put in a stand-in for a required one that is missing)."""
    if exists:
        _remove(data, path)
    else:
        _restore_required(data, path)


def _restore_required(data: Any, path: Path) -> None:
    """A stand-in for the one required value a held-back part can lack without holding back the whole
    plan, the title: the content rules never report on it, but the plan still needs its shape."""
    if path == ("plan",):
        data["plan"] = {"title": ""}
    elif path == ("plan", "title") and isinstance(data.get("plan"), dict):
        data["plan"]["title"] = ""
