"""Near misses for the accuracy causes of issue 11 that PL604, PL303, PL409 and PL607 answer: for each,
a sentence a strict reviewer would flag beside one they would not, in our own words; and the growth of
PL604's and PL303's work with the size of their input, as ratios (never as absolute times)."""

from __future__ import annotations

import datetime as dt
import json
import time

from conftest import lint_text
from planlint.catalog import load_catalog
from planlint.engine import RuleTable, lint_document
from planlint.reader import read_bytes

TODAY = dt.date(2024, 6, 1)


def action(text: str, owner: str = "Head of Operations", target_date: str = "March 2025", **more) -> dict:
    return {"text": text, "owner": owner, "target_date": target_date, **more}


def rec(rec_id, actions: list[dict], text: str = "Improve the quality of supervision in every team.",
        **more) -> dict:
    return {"id": rec_id, "text": text, "category": "Agreed", **more, "actions": actions}


def plan_text(*recs: dict, submitted: str = "2024-06-01") -> str:
    # JSON is YAML: long or odd texts need no quoting rules
    return json.dumps({"planlint": 1, "plan": {"title": "Action Plan - Test Region", "submitted": submitted},
                       "recommendations": list(recs)}, ensure_ascii=False)


def found(code: str, *recs: dict, submitted: str = "2024-06-01"):
    return [f for f in lint_text(plan_text(*recs, submitted=submitted), today=TODAY, extend_select=[code])
            if f.code == code]


def grows_linearly(run, make, small: int, factor: int = 4, slack: float = 2.5) -> tuple[float, float]:
    """Best-of-five times of run(make(small)) and run(make(small * factor)); a linear run takes about
    `factor` times as long on the larger input, a quadratic one `factor` squared times."""
    def best(size: int) -> float:
        value = make(size)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            run(value)
            times.append(time.perf_counter() - start)
        return min(times)

    best(small)  # warm caches (compiled patterns, catalogue) before measuring
    little, large = best(small), best(small * factor)
    assert large < factor * slack * little + 0.02, (
        f"{factor}x the input took {large / little:.1f}x the time ({little:.4f}s -> {large:.4f}s): not linear")
    return little, large


# ------------------------------------------------------------------ cause 3: PL604 acronym-undefined

def acronyms(*recs: dict) -> list[str]:
    return [f.message.split("'")[1] for f in found("PL604", *recs)]


def test_a_use_in_the_inspectorates_text_is_not_the_first_use():
    defined = rec(1, [action("Hold a monthly meeting of every ETE team.")],
                  text="Ensure each ETE lead reviews employment outcomes.",
                  response="Each Education, Training and Employment (ETE) lead will report outcomes monthly.")
    undefined = rec(1, [action("Hold a monthly meeting of every ETE team.")],
                    text="Ensure each ETE lead reviews employment outcomes.",
                    response="Each ETE lead will report outcomes monthly.")
    assert acronyms(defined) == []
    (finding,) = found("PL604", undefined)
    assert "'ETE'" in finding.message and finding.path[-1] == "response"


def test_an_acronym_only_the_inspectorate_uses_is_not_the_authors_to_define():
    assert acronyms(rec(1, [action("Publish a monthly employment report.")],
                        text="Ensure each ETE lead reviews employment outcomes.")) == []


def test_a_definition_in_the_inspectorates_text_counts():
    assert acronyms(rec(1, [action("Publish a monthly report for each ETE lead.")],
                        text="Ensure each Education, Training and Employment (ETE) lead reviews outcomes.")) == []


def test_a_numbered_acronym_written_with_a_space_is_the_defined_one():
    base = "Agree the Delivery Phase 2 (DP2) budget with the commissioner."
    assert acronyms(rec(1, [action(base), action("Report DP 2 spending to the board each quarter.")])) == []
    assert acronyms(rec(1, [action(base), action("Report DP 3 spending to the board each quarter.")])) == ["DP"]


def test_a_label_of_the_plans_own_ids_is_not_an_acronym():
    labelled = [rec("NW 1", [action("Publish the NW Region supervision guide.")]),
                rec("NW 2", [action("Audit supervision records in each team.")])]
    assert acronyms(*labelled) == []
    numbered = [rec(1, [action("Publish the NW Region supervision guide.")]),
                rec(2, [action("Audit supervision records in each team.")])]
    assert acronyms(*numbered) == ["NW"]


def test_a_plural_defines_its_singular_and_the_singular_its_plural():
    plural = rec(1, [action("Recruit two Approved Premises Managers (APMs) and induct each APM.")])
    singular = rec(1, [action("Recruit an Approved Premises Manager (APM) and then two more APMs.")])
    neither = rec(1, [action("Recruit an Approved Premises Manager and then two more APMs.")])
    assert acronyms(plural) == [] and acronyms(singular) == []
    assert acronyms(neither) == ["APM"]


def _pl604_runner(make_text):
    catalog = load_catalog()
    table = RuleTable.build(catalog, select=["PL604"])

    def make(size: int):
        return read_bytes(plan_text(rec(1, [action(make_text(size))])).encode(), "scale.plan.yaml")

    def run(document):
        lint_document(document, table, today=TODAY, catalog=catalog)
    return run, make


def test_an_unclosed_bracket_after_an_acronym_is_read_in_linear_time():
    # "WMT(" then words and no ")": the long-form pattern retried every split of the words
    run, make = _pl604_runner(lambda n: "Publish WMT(" + "a " * n)
    grows_linearly(run, make, 5000)


def test_a_long_run_of_commas_before_a_bracket_is_read_in_linear_time():
    run, make = _pl604_runner(lambda n: "Publish " + "a," * n + " (")
    grows_linearly(run, make, 5000)
