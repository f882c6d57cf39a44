"""Every finding on the five published plans has a hand judgement, every rule stays above its precision
floor, and docs/precision.md shows the current numbers (see that page for the method)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("planlint_precision", ROOT / "scripts" / "precision.py")
assert _spec is not None and _spec.loader is not None
precision = sys.modules["planlint_precision"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(precision)


@pytest.fixture(scope="module")
def measured():
    seen = precision.findings()
    judged, unjudged = precision.verdicts(seen, precision.judgements())
    return seen, judged, unjudged


def test_every_finding_on_the_published_plans_is_judged(measured):
    _seen, _judged, unjudged = measured
    assert not unjudged, (
        "not judged yet (run `python scripts/precision.py --unjudged` and add verdicts to "
        "tests/data/judgements.tsv):\n"
        + "\n".join(f"{s.seed} {s.code} {s.path} {s.quoted!r}: {s.message}" for s in unjudged)
    )


def test_each_rule_stays_above_its_precision_floor(measured):
    _seen, judged, _unjudged = measured
    low = [
        (code, f"{right}/{n}")
        for code, severity, n, right in precision.per_rule(judged)
        if severity in precision.FLOOR and right / n < precision.FLOOR[severity]
    ]
    assert not low, f"rules under their precision floor (errors 98%, warnings 95%): {low}"


def test_a_judgement_names_a_verdict_and_says_why_when_wrong():
    for row in precision.judgements():
        assert row["verdict"] in ("right", "wrong"), row
        if row["verdict"] == "wrong":
            assert row["note"].strip(), f"say why this finding is wrong: {row}"


def test_the_precision_page_is_up_to_date(measured):
    seen, judged, _unjudged = measured
    text = (ROOT / "docs" / "precision.md").read_text(encoding="utf-8")
    table = precision.MARKERS.search(text)
    assert table and table.group(0).endswith(precision.table(judged, seen) + "<!-- precision-table:end -->"), (
        "docs/precision.md is out of date: run `python scripts/precision.py`"
    )
