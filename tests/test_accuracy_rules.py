"""Near misses for the accuracy causes of issue 11 that PL604, PL303, PL409 and PL607 answer: for each,
a sentence a strict reviewer would flag beside one they would not, in our own words; and the growth of
PL604's and PL303's work with the size of their input, as ratios (never as absolute times)."""

from __future__ import annotations

import datetime as dt
import json
import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import lint_text
from planlint.catalog import load_catalog
from planlint.engine import RuleTable, lint_document
from planlint.reader import read_bytes

TODAY = dt.date(2024, 6, 1)


def action(text: str, owner: str = "Head of Operations", target_date: str = "March 2025", **more) -> dict:
    return {"text": text, "owner": owner, "target_date": target_date, **more}


def rec(rec_id, actions: list[dict], text: str = "Improve the quality of supervision in every team.", **more) -> dict:
    return {"id": rec_id, "text": text, "category": "Agreed", **more, "actions": actions}


def plan_text(*recs: dict, submitted: str = "2024-06-01") -> str:
    # JSON is YAML: long or odd texts need no quoting rules
    return json.dumps(
        {
            "planlint": 1,
            "plan": {"title": "Action Plan - Test Region", "submitted": submitted},
            "recommendations": list(recs),
        },
        ensure_ascii=False,
    )


def found(code: str, *recs: dict, submitted: str = "2024-06-01"):
    return [
        f for f in lint_text(plan_text(*recs, submitted=submitted), today=TODAY, extend_select=[code]) if f.code == code
    ]


def grows_linearly(run, make, small: int, factor: int = 8, slack: float = 3.0) -> tuple[float, float]:
    """Best-of-five times of run(make(small)) and run(make(small * factor)); a linear run takes about
    `factor` times as long on the larger input, a quadratic one `factor` squared times. The ratio is
    asserted, with room for a busy machine, never an absolute time; CPU time, so that waiting for
    a shared processor is not counted."""

    def best(size: int) -> float:
        value = make(size)
        times: list[float] = []
        while len(times) < 5 and sum(times) < 2.0:  # a slow run is not repeated: one is proof enough
            start = time.process_time()
            run(value)
            times.append(time.process_time() - start)
        return min(times)

    best(small)  # warm caches (compiled patterns, catalogue) before measuring
    little, large = best(small), best(small * factor)
    assert large < factor * slack * little + 0.01, (
        f"{factor}x the input took {large / little:.1f}x the time ({little:.4f}s -> {large:.4f}s): not linear"
    )
    return little, large


# ------------------------------------------------------------------ cause 3: PL604 acronym-undefined


def acronyms(*recs: dict) -> list[str]:
    return [f.message.split("'")[1] for f in found("PL604", *recs)]


def test_a_use_in_the_inspectorates_text_is_not_the_first_use():
    defined = rec(
        1,
        [action("Hold a monthly meeting of every ETE team.")],
        text="Ensure each ETE lead reviews employment outcomes.",
        response="Each Education, Training and Employment (ETE) lead will report outcomes monthly.",
    )
    undefined = rec(
        1,
        [action("Hold a monthly meeting of every ETE team.")],
        text="Ensure each ETE lead reviews employment outcomes.",
        response="Each ETE lead will report outcomes monthly.",
    )
    assert acronyms(defined) == []
    (finding,) = found("PL604", undefined)
    assert "'ETE'" in finding.message and finding.path[-1] == "response"


def test_an_acronym_only_the_inspectorate_uses_is_not_the_authors_to_define():
    assert (
        acronyms(
            rec(
                1,
                [action("Publish a monthly employment report.")],
                text="Ensure each ETE lead reviews employment outcomes.",
            )
        )
        == []
    )


def test_a_definition_in_the_inspectorates_text_counts():
    assert (
        acronyms(
            rec(
                1,
                [action("Publish a monthly report for each ETE lead.")],
                text="Ensure each Education, Training and Employment (ETE) lead reviews outcomes.",
            )
        )
        == []
    )


def test_a_numbered_acronym_written_with_a_space_is_the_defined_one():
    base = "Agree the Delivery Phase 2 (DP2) budget with the commissioner."
    assert acronyms(rec(1, [action(base), action("Report DP 2 spending to the board each quarter.")])) == []
    assert acronyms(rec(1, [action(base), action("Report DP 3 spending to the board each quarter.")])) == ["DP"]


def test_a_label_of_the_plans_own_ids_is_not_an_acronym():
    labelled = [
        rec("NW 1", [action("Publish the NW Region supervision guide.")]),
        rec("NW 2", [action("Audit supervision records in each team.")]),
    ]
    assert acronyms(*labelled) == []
    numbered = [
        rec(1, [action("Publish the NW Region supervision guide.")]),
        rec(2, [action("Audit supervision records in each team.")]),
    ]
    assert acronyms(*numbered) == ["NW"]


def test_a_plural_defines_its_singular_and_the_singular_its_plural():
    plural = rec(1, [action("Recruit two Approved Premises Managers (APMs) and induct each APM.")])
    singular = rec(1, [action("Recruit an Approved Premises Manager (APM) and then two more APMs.")])
    neither = rec(1, [action("Recruit an Approved Premises Manager and then two more APMs.")])
    assert acronyms(plural) == [] and acronyms(singular) == []
    assert acronyms(neither) == ["APM"]


def test_a_name_set_beside_the_kind_of_thing_it_is_is_explained():
    assert acronyms(rec(1, [action("Store the new checklist on the records platform NOVA for every team.")])) == []
    assert acronyms(rec(1, [action("Store the new checklist on NOVA for every team.")])) == ["NOVA"]


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
    grows_linearly(run, make, 4000)


def test_a_long_run_of_commas_before_a_bracket_is_read_in_linear_time():
    run, make = _pl604_runner(lambda n: "Publish " + "a," * n + " (")
    grows_linearly(run, make, 4000)


# ------------------------------------------------------------------ cause 7: PL303 owner-inconsistent


def owners_rec(*owners: str) -> dict:
    return rec(
        1, [action(f"Publish budget report number {n + 1} to the board.", owner=o) for n, o in enumerate(owners)]
    )


def test_an_owner_with_the_same_names_in_another_order_names_the_usual_order():
    (finding,) = found("PL303", owners_rec(*["Head of Estates & Finance"] * 3, "Head of Finance & Estates"))
    assert (
        "'Head of Finance & Estates' has the same words as 'Head of Estates & Finance' (used 3 times" in finding.message
    )
    assert finding.path[-1] == "owner" and finding.path[3] == 3


def test_moving_a_title_from_one_role_to_the_other_is_another_owner():
    assert (
        found(
            "PL303",
            owners_rec(
                *["Deputy Head of Estates and Head of Finance"] * 3, "Head of Estates and Deputy Head of Finance"
            ),
        )
        == []
    )


def test_another_join_word_in_the_same_order_is_not_another_order():
    assert found("PL303", owners_rec(*["Head of Estates & Finance"] * 3, "Head of Estates and Finance")) == []


def test_two_whole_owners_listed_the_other_way_round_are_the_same_people():
    assert (
        found(
            "PL303",
            owners_rec(*["Head of Estates and Director of Finance"] * 3, "Director of Finance and Head of Estates"),
        )
        == []
    )


def test_two_orders_used_equally_often_leave_no_intended_one():
    assert found("PL303", owners_rec("Head of Estates & Finance", "Head of Finance & Estates")) == []


def test_a_misspelling_among_many_owners_is_still_found():
    owners = [f"Head of {name}" for name in ("Estates", "Finance", "Facilities", "Contracts", "Commissioning")]
    (finding,) = found("PL303", owners_rec(*owners, *owners, "Head of Facilites"))
    assert "'Head of Facilites' looks like a misspelling of 'Head of Facilities'" in finding.message


def _owner_plan(size: int):
    import random

    rng = random.Random(size)
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = {"Head of " + "".join(rng.choice(letters) for _ in range(9)).capitalize() for _ in range(size)}
    actions = [action("Publish the budget report.", owner=name) for name in sorted(names) for _ in (0, 1)]
    return read_bytes(plan_text(rec(1, actions)).encode(), "owners.plan.yaml")


def test_many_distinct_owners_are_compared_in_near_linear_time():
    # every pair of 20,000 owners was compared once; now each owner looks only in its own buckets
    catalog = load_catalog()
    table = RuleTable.build(catalog, select=["PL303"])
    grows_linearly(lambda document: lint_document(document, table, today=TODAY, catalog=catalog), _owner_plan, 1000)


# ------------------------------------------------------------------ cause 8: PL409 status-contradicts-text
# as of 1 June 2024 (the plans' submitted date)


def status_findings(text: str, target_date: str, **more):
    return found("PL409", rec(1, [action(text, target_date=target_date, **more)]))


def test_marked_complete_but_only_promising_the_work():
    (finding,) = status_findings(
        "The probation team will train every court officer on the new bail form.", "Completed April 2024"
    )
    assert finding.path[-1] == "target_date"
    assert "'Completed April 2024'" in finding.message and "'will train every'" in finding.message
    assert status_findings("Train every court officer on the new bail form.", "Completed April 2024") == []


def test_status_complete_with_a_plain_date_is_marked_complete_too():
    assert (
        len(status_findings("Court officers are to be trained on the new bail form.", "April 2024", status="complete"))
        == 1
    )
    assert (
        status_findings("Court officers were trained on the new bail form in April.", "April 2024", status="complete")
        == []
    )


def test_done_and_going_on_is_not_a_contradiction():
    assert (
        status_findings("The probation team will check bail forms at each team meeting.", "Completed and ongoing") == []
    )
    assert status_findings("The probation team will check bail forms at each team meeting.", "Complete & Monthly") == []


def test_reported_as_done_but_dated_in_the_future():
    (finding,) = status_findings("The court team has rewritten the bail form with the magistrates.", "October 2024")
    assert "'has rewritten the bail'" in finding.message
    assert "already done" in finding.message and "31 October 2024" in finding.message


def test_a_report_of_progress_then_a_next_step_is_fine():
    assert (
        status_findings("The court team has redesigned the bail form and will pilot it in two courts.", "October 2024")
        == []
    )
    assert status_findings("The court team has redesigned the bail form and is now piloting it.", "October 2024") == []
    assert (
        len(status_findings("The court team has redesigned the bail form with the magistrates.", "October 2024")) == 1
    )


def test_work_still_to_do_written_without_will_is_not_a_report_of_done_work():
    assert (
        status_findings("The bail form has been redesigned. Courts to adopt it in every region.", "October 2024") == []
    )
    assert (
        status_findings("The bail form has been redesigned and is to be adopted in every region.", "October 2024") == []
    )
    assert status_findings("The bail form has been redesigned with adoption by September.", "October 2024") == []
    assert len(status_findings("The bail form has been redesigned and adopted in every region.", "October 2024")) == 1


def test_done_and_dated_in_the_past_or_in_progress_is_fine():
    text = "The court team has redesigned the bail form with the magistrates."
    assert status_findings(text, "Completed May 2024") == []
    assert status_findings(text, "October 2024", status="in progress") == []


def test_a_past_tense_inside_an_imperative_or_a_relative_clause_is_not_a_report():
    assert (
        status_findings("Audit the bail forms that were returned by the magistrates last year.", "October 2024") == []
    )
    assert status_findings("Magistrates have agreed to test the redesigned bail form.", "October 2024") == []
    assert len(status_findings("Magistrates have tested the redesigned bail form.", "October 2024")) == 1


# ------------------------------------------------------------------ cause 9: PL607 duplicate-action-conflict

STEP = "Run a joint case review with the police for every high risk domestic abuse case."


def twice(first: dict, second: dict) -> list:
    return [
        f.code
        for f in lint_text(plan_text(rec(1, [first]), rec(2, [second])), today=TODAY, extend_select=["PL605", "PL607"])
        if f.code in ("PL605", "PL607")
    ]


def test_the_same_step_with_another_date_is_a_conflict_not_a_plain_repeat():
    assert twice(action(STEP, target_date="May 2025"), action(STEP, target_date="August 2025")) == ["PL607"]
    assert twice(action(STEP, target_date="May 2025"), action(STEP, target_date="May 2025")) == ["PL605"]


def test_the_conflict_names_the_earlier_copy_and_both_owners():
    (finding,) = found(
        "PL607",
        rec(1, [action(STEP, owner="Head of Public Protection")]),
        rec(2, [action("2. " + STEP, owner="Head of Operations")]),
    )
    assert finding.path == ("recommendations", 1, "actions", 0, "text")
    assert "recommendation 1, action 1" in finding.message
    assert "'Head of Public Protection' there, 'Head of Operations' here" in finding.message


def test_a_few_added_words_make_a_near_copy_a_changed_word_another_step():
    longer = STEP.replace("the police", "the local police")
    assert twice(action(STEP), action(longer, owner="Head of Partnerships")) == ["PL607"]
    changed = STEP.replace("high risk", "medium risk")
    assert twice(action(STEP), action(changed, owner="Head of Partnerships")) == []


def test_a_date_written_another_way_or_a_misspelt_owner_is_not_a_conflict():
    assert twice(action(STEP, target_date="May 2025"), action(STEP, target_date="May 2025.")) == ["PL605"]
    assert twice(action(STEP, owner="Head of Public Protection"), action(STEP, owner="Head of Public Protecton")) == [
        "PL605"
    ]


# ------------------------------------------------------------------ the documented examples of these rules

import pytest  # noqa: E402


@pytest.mark.parametrize("code", ["PL303", "PL409", "PL604", "PL607"])
def test_documented_examples_fail_and_pass(code):
    rule = load_catalog().by_code[code]
    header = "plan: {title: Example plan, submitted: 2024-01-17}\n"

    def codes(example: str) -> list[str]:
        text = example if example.lstrip().startswith("plan:") else header + example
        return [f.code for f in lint_text(text, today=dt.date(2024, 1, 17), extend_select=[code])]

    assert code in codes(rule.example_fail)
    assert code not in codes(rule.example_pass)


def test_a_completed_step_that_recurs_or_a_group_set_up_to_do_the_work_is_fine():
    assert status_findings("The bail guidance will be reviewed annually by the court team.", "Completed") == []
    assert status_findings("A court working group has been set up to review the bail form.", "October 2024") == []
    assert len(status_findings("A court working group has been set up with the magistrates.", "October 2024")) == 1


def test_a_short_generic_line_repeated_with_other_owners_is_left_to_pl605():
    line = "Progress will be reported to the board."
    assert twice(action(line, owner="Head of Courts"), action(line, owner="Head of Housing")) == ["PL605"]


def test_a_response_that_only_restates_the_category_is_no_explanation():
    def codes(response: str) -> set[str]:
        not_agreed = {"id": 2, "text": "Open a second office.", "category": "Not Agreed", "response": response}
        found_codes = set()
        for code in ("PL201", "PL202", "PL204"):
            if found(code, rec(1, [action("Audit 40 cases.")]), not_agreed):
                found_codes.add(code)
        return found_codes

    assert codes("Not agreed.") == {"PL201"}
    assert codes("This recommendation is not agreed:") == {"PL201"}
    assert codes("Not agreed: the estate has no budget for a second office, an affordability reason.") == set()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["has", "Have", "HAD", "was", "were", "been", "completed", "set", "up", "the", "x-has", "(was"])
        | st.text(alphabet="abcdefghjkmnopqrstuvwxyz-(", min_size=1, max_size=8),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([" ", "  ", "\t", "\n"]),
)
def test_pl409_reads_a_done_report_only_where_an_auxiliary_is(words, gap):
    # _done_only skips compiling _DONE_RE for a text without has/have/had/was/were: it could not match there
    from planlint.rules.target_dates import _DONE_AUXILIARIES, _DONE_RE

    text = gap.join(words)
    if _DONE_AUXILIARIES.isdisjoint(re.findall(r"\w+", text.lower())):
        assert _DONE_RE.search(text) is None
