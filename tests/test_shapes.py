"""`check` validates without pydantic (the shape table generated from the model), with pydantic's results.

The walk over shapes.py must give, for every plan, what validating with the pydantic model gives:
the same records and the same PL002 / PL003 problems. Checked on every fixture and example, on
hostile values, and on plan shapes hypothesis makes up.
"""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from planlint import generate, model, shapes, validate
from planlint.document import LoadProblem
from planlint.plan_values import Record, Status
from planlint.profiles import shipped_profiles
from planlint.reader import read_path
from test_fuzz import PLAN, VALUE

ROOT = Path(__file__).resolve().parents[1]
VALIDATE = validate.validate


def by_pydantic(data: Any, summary_keys: tuple[str, ...] | None = None) -> tuple[Any, list[LoadProblem]]:
    """What validate() gave when it validated with the pydantic model alone."""
    if not isinstance(data, dict):
        return None, VALIDATE(data)[1]
    problems: list[LoadProblem] = []
    validate._unknown_keys(data, shapes.Plan, (), problems, summary_keys)
    try:
        plan = model.Plan.model_validate(data)
    except ValidationError as exc:
        return None, problems + validate._schema_problems(exc, data)
    return validate.as_record(plan), problems


def same_values(one: Any, other: Any) -> bool:
    """Equal, and of the same types all the way down (1 and '1' differ; so do a list and a tuple)."""
    if type(one) is not type(other):
        return False
    if isinstance(one, Record):
        return (
            one.model_fields_set == other.model_fields_set
            and one.model_extra == other.model_extra
            and all(same_values(getattr(one, name), getattr(other, name)) for name in one.fields())
        )
    if isinstance(one, list):
        return len(one) == len(other) and all(same_values(a, b) for a, b in zip(one, other, strict=True))
    if isinstance(one, float) and math.isnan(one):
        return math.isnan(other)
    return bool(one == other)


# The summary keys a plan may use: the format's own (None), and each shipped template's (profile's)
SUMMARY_KEYS = [None] + [tuple(s.key for s in p.summary) for p in shipped_profiles()]


def assert_same(data: Any) -> None:
    for summary_keys in SUMMARY_KEYS:
        plan, problems = validate.validate(data, summary_keys)
        expected_plan, expected_problems = by_pydantic(data, summary_keys)
        assert problems == expected_problems
        assert same_values(plan, expected_plan), (plan, expected_plan)
        # and so what the content rules get: the readable part of the plan, and what is held back
        readable = validate.readable_plan(data, [], summary_keys=summary_keys)
        with mock.patch.object(validate, "validate", by_pydantic):
            expected = validate.readable_plan(data, [], summary_keys=summary_keys)
        assert readable[1:] == expected[1:]
        assert same_values(readable[0], expected[0])


def _plan_files() -> list[Path]:
    found = sorted((ROOT / "tests" / "fixtures").rglob("*"))
    found += sorted((ROOT / "examples").glob("*"))
    found += sorted((ROOT / "tests" / "data" / "shared" / "spec" / "examples").glob("*"))
    found += sorted((ROOT / "tests" / "data" / "profiles").glob("*"))  # other templates' drafts
    return [p for p in found if p.is_file() and p.suffix in (".yaml", ".yml", ".json", ".md", ".txt")]


@pytest.mark.parametrize("path", _plan_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_fixture_and_example_validates_as_pydantic_does(path):
    doc = read_path(str(path))
    if doc.data is not None:
        assert_same(doc.data)


# every template's well-formed example: another template's summary keys (kept as extra keys) and
# plan.template are read by the walk too
CLEAN_EXAMPLES = ["clean.plan.yaml", "accepted-rejected-clean.plan.yaml", "concerns-clean.plan.yaml"]


@pytest.mark.parametrize("name", CLEAN_EXAMPLES)
def test_the_examples_are_read_without_pydantic(name):
    """The point of the walk: a well-formed plan never reaches pydantic."""
    doc = read_path(str(ROOT / "examples" / name))
    assert validate.read_shape(doc.data) is not None
    code = (
        "import sys\n"
        "from planlint.cli import main\n"
        "try:\n"
        "    main(['check', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "examples" / name)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


TITLE = {"title": "A plan"}
HOSTILE = [
    {"plan": {"title": dt.datetime(2024, 1, 1)}},
    {"plan": {"title": "x", "submitted": dt.datetime(2024, 1, 1)}},
    {"plan": {"title": "x", "submitted": dt.datetime(2024, 1, 1, 12, 30)}},
    {"plan": {"title": "x", "submitted": "not a date at all"}},
    {"plan": {"title": "x", "submitted": b"2024-01-01"}},
    {"plan": {"title": b"bytes"}},
    {"plan": {"title": True}},
    {"plan": {"title": "a\udc80 lone surrogate"}},
    {"plan": {"title": 10**4000 if hasattr(sys, "set_int_max_str_digits") else 10**30}},
    {"plan": {"title": math.nan}},
    {"plan": {"title": math.inf}},
    {"plan": {"title": -0.0}},
    {"plan": TITLE, "planlint": True},
    {"plan": TITLE, "planlint": 1.0},
    {"plan": TITLE, "planlint": "1"},
    {"plan": TITLE, "planlint": 2},
    {"plan": TITLE, "planlint": None},
    {"plan": TITLE, "summary": {"agreed": True}},
    {"plan": TITLE, "summary": {"agreed": -1, "total": 2.0}},
    {"plan": TITLE, "summary": {"agreed": "3"}},
    {"plan": TITLE, "summary": None},
    # another template's summary keys: kept as extra keys, each a count
    {"plan": TITLE, "summary": {"accepted": 2, "rejected": 0, "total": 2}},
    {"plan": TITLE, "summary": {"accepted": None, "agreed": 1}},
    {"plan": TITLE, "summary": {"accepted": -1}},
    {"plan": TITLE, "summary": {"accepted": True}},
    {"plan": TITLE, "summary": {"accepted": "3", "rejected": 2.0}},
    {"plan": TITLE, "summary": {"accepted": [1]}},
    {"plan": {"title": "x", "template": "hmcip-accepted-rejected"}},
    {"plan": {"title": "x", "template": 2018}},
    {"plan": {"title": "x", "template": ["hmpps-2018"]}},
    {"plan": TITLE, "summary": []},
    {"plan": TITLE, "recommendations": None},
    {"plan": TITLE, "recommendations": ({"id": 1},)},
    {"plan": TITLE, "recommendations": {"id": 1}},
    {"plan": TITLE, "recommendations": [{"id": True}, {"id": False}]},
    {"plan": TITLE, "recommendations": [{"id": 1.5}, {"id": 2.0}, {"id": b"3"}, {"id": dt.date(2024, 1, 1)}]},
    {"plan": TITLE, "recommendations": [{"id": 1, "actions": None, "reasons": None}]},
    {"plan": TITLE, "recommendations": [{"id": 1, "actions": [None, "x", 3, []]}]},
    {"plan": TITLE, "recommendations": [{"id": 1, "actions": [{"owner": ["a", 1, 2.5, None, True]}]}]},
    {"plan": TITLE, "recommendations": [{"id": 1, "actions": [{"owner": ("a", "b")}]}]},
    {"plan": TITLE, "recommendations": [{"id": 1, "actions": [{"owner": {"a": 1}}]}]},
    {"plan": TITLE, "recommendations": [{"id": 1, "actions": [{"status": s} for s in ("Done", "later", 1, True)]}]},
    {"plan": TITLE, "recommendations": [{"id": 1, "actions": [{"status": Status.COMPLETE}]}]},
    {"plan": TITLE, "recommendations": [{"id": 1, "actions": [{"target_date": v} for v in (2024, 2024.5, True)]}]},
    {"plan": TITLE, "recommendations": [{"id": 1, "actions": [{"target_date": dt.datetime(2024, 3, 1)}]}]},
    {"plan": None},
    {"plan": "text"},
    {},
    [],
    "a plan?",
    None,
]


@pytest.mark.parametrize("data", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_validate_as_pydantic_does(data):
    assert_same(data)


EXOTIC = st.one_of(
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.binary(max_size=12),
    st.tuples(st.text(max_size=5)),
    st.sampled_from([Status.PLANNED, math.inf, -0.0, 2**64, "2024-01-31", "31 January 2024", "Q3 2024/25"]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PLAN)
def test_generated_plan_shapes_validate_as_pydantic_does(data):
    assert_same(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PLAN, st.lists(st.tuples(st.sampled_from(["plan", "rec", "action"]), st.text(max_size=12), EXOTIC | VALUE)))
def test_generated_plans_with_exotic_values_validate_as_pydantic_does(data, changes):
    for where, key, value in changes:
        target = data.get("plan") if where == "plan" else None
        recs = data.get("recommendations")
        if where != "plan" and isinstance(recs, list) and recs:
            target = recs[0]
            if where == "action" and isinstance(target, dict):
                actions = target.get("actions")
                target = actions[0] if isinstance(actions, list) and actions else None
        if isinstance(target, dict):
            keys = list(shapes.KNOWN_KEYS[shapes.PlanInfo if where == "plan" else shapes.Recommendation])
            target[keys[len(key) % len(keys)] if key else key] = value
    assert_same(data)


def test_the_generated_modules_are_current():
    """shapes.py follows the model, shipped_data.py the rules/ data, check_options.py the click `check`
    command: run `python -m planlint.generate`."""
    assert generate.stale() == []


def test_a_model_the_walk_does_not_know_fails_generation():
    """A model change the walk cannot follow stops the generator, never validates differently."""
    with pytest.raises(generate.UnknownShape):
        generate._node({"type": "tuple", "items_schema": []})
    with pytest.raises(generate.UnknownShape):
        generate._node({"type": "str", "max_length": 3})
