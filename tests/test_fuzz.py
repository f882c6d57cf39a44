"""Fuzzing the reader and every rule: nothing raises, every finding points inside its file.

Example counts are small so the suite stays quick; `PLANLINT_FUZZ=long` runs
many more (e.g. before a release, or after touching document.py or a regex).
"""

from __future__ import annotations

import datetime as dt
import io
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planlint.catalog import load_catalog
from planlint.engine import RuleTable, lint_document
from planlint.reader import read_bytes

settings.register_profile(
    "quick", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile(
    "long", max_examples=3_000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(os.environ.get("PLANLINT_FUZZ", "quick"))

CATALOG = load_catalog()
EVERY_RULE = RuleTable.build(CATALOG, select=["ALL"])


def lines_of(text: str) -> list[str]:
    """The file's lines as editors and CI annotations number them: U+2028 and kin do not end a line."""
    import re

    return re.split(r"\r\n|\r|\n", text)


def assert_findings_inside(raw: bytes, filename: str) -> None:
    doc = read_bytes(raw, filename)
    findings = lint_document(doc, EVERY_RULE, today=dt.date(2024, 1, 17), catalog=CATALOG)
    # a file that is not text is shown by byte position: count its bytes as characters
    lines = lines_of(doc.source.text or raw.decode("latin-1"))
    for f in findings:
        assert f.code in CATALOG.by_code and f.message
        if f.cell is not None:
            continue  # a Word table cell, not a text position
        for line, column in ((f.line, f.column), (f.end_line, f.end_column)):
            assert 1 <= line <= len(lines), (f, len(lines))
            assert 1 <= column <= len(lines[line - 1]) + 1, (f, lines[line - 1][:80])
        assert (f.line, f.column) <= (f.end_line, f.end_column), f


# ---------------------------------------------------------------- arbitrary text and bytes

YAMLISH = st.lists(
    st.sampled_from(
        list("abc XYZ019:-?[]{},#&*!|>'\"%@`\n\t\r")
        + [
            "\x00",
            "\x85",
            "\u2028",
            "\ufeff",
            "é",
            "😀",
            "  ",
            "- ",
            ": ",
            "plan:",
            "recommendations:",
            "<<: ",
            "&a ",
            "*a",
            "!!str ",
            "---\n",
        ]
    ),
    max_size=120,
).map("".join)


@given(YAMLISH)
def test_arbitrary_yamlish_text(text):
    assert_findings_inside(text.encode("utf-8", "surrogatepass"), "fuzz.plan.yaml")


@given(st.binary(max_size=400))
def test_arbitrary_bytes(raw):
    assert_findings_inside(raw, "fuzz.plan.yaml")


@given(YAMLISH, st.sampled_from(["fuzz.txt", "fuzz.md"]))
def test_arbitrary_text_through_the_importers(text, filename):
    assert_findings_inside(text.encode("utf-8", "surrogatepass"), filename)


# ---------------------------------------------------------------- plan-shaped data

WORDS = [
    "Review",
    "the",
    "policy",
    "by",
    "March 2024",
    "ongoing",
    "TBC",
    "Head of Operations",
    "all staff",
    "where possible",
    "(SNA)",
    "Strategic Needs Assessment",
    "2021/22",
    "Q3 2021/22",
    "Agreed",
    "partly agreed",
    "NOT_AGREED",
    "&amp;",
    "<b>",
    "**",
    "…",
    "é",
    "\u2028",
    "\t",
    "#",
    ": ",
    "- ",
]
TEXT = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join) | st.text(max_size=60)
SCALAR = st.one_of(
    TEXT,
    st.none(),
    st.booleans(),
    st.integers(-10, 10**30),
    st.floats(allow_nan=True),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)),
)
VALUE = st.recursive(
    SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6
)


def maybe(strategy):
    return st.one_of(strategy, VALUE)


ACTION = st.fixed_dictionaries(
    {},
    optional={
        "text": maybe(TEXT),
        "owner": maybe(TEXT | st.lists(TEXT, max_size=3)),
        "target_date": maybe(TEXT),
        "status": maybe(st.sampled_from(["planned", "in progress", "complete", "done", "later"])),
        "measure": maybe(TEXT),
        "extra": VALUE,
    },
)
REASON = st.fixed_dictionaries(
    {},
    optional={
        "category": maybe(st.sampled_from(["affordability", "commissioning", "operational", "policy", "other"])),
        "text": maybe(TEXT),
    },
)
RECOMMENDATION = st.fixed_dictionaries(
    {"id": st.integers(0, 30) | TEXT},
    optional={
        "text": maybe(TEXT),
        "addressee": maybe(TEXT),
        "category": maybe(
            st.sampled_from(["Agreed", "Partly Agreed", "Not Agreed", "agreed", "Partly-Agreed", "maybe"])
        ),
        "response": maybe(TEXT),
        "implemented_part": maybe(TEXT),
        "reasons": st.lists(REASON, max_size=2) | VALUE,
        "actions": st.lists(ACTION, max_size=4) | VALUE,
    },
)
PLAN = st.fixed_dictionaries(
    {
        "plan": st.fixed_dictionaries(
            {"title": maybe(TEXT)},
            optional={
                "organisation": maybe(TEXT),
                "report": maybe(TEXT),
                "submitted": maybe(TEXT | st.dates()),
                "report_published": maybe(TEXT),
            },
        ),
        "recommendations": st.lists(RECOMMENDATION, max_size=5) | VALUE,
    },
    optional={
        "planlint": st.integers(0, 3),
        "summary": st.dictionaries(
            st.sampled_from(["agreed", "partly_agreed", "not_agreed", "total", "other"]),
            st.integers(-2, 40) | VALUE,
            max_size=5,
        ),
    },
)


def dump(data, style: str) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = style == "flow"
    yaml.allow_unicode = True
    yaml.width = 60  # long texts fold over lines: spans must still land inside the file
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@given(PLAN, st.sampled_from(["block", "flow"]), st.sampled_from(["\n", "\r\n"]))
def test_plan_shaped_data(data, style, newline):
    text = dump(data, style).replace("\n", newline)
    assert_findings_inside(text.encode("utf-8", "surrogatepass"), "fuzz.plan.yaml")
