"""Near misses for the wording rules (issue 11, causes 1, 2, 4, 5, 6): for each cause, a sentence that
must be reported beside one that must not, written for these tests (not taken from the seeds)."""

from __future__ import annotations

import pytest

from test_wording import lint


def action_plan(text: str, category: str = "Agreed", response: str = "") -> str:
    extra = f"    response: {response}\n" if response else ""
    if category != "Agreed":
        extra += (
            "    reasons:\n      - category: affordability\n        text: The budget for this year is "
            "fully committed to the new case management system and cannot stretch further.\n"
        )
    return (
        f"plan:\n  title: Action Plan\n  submitted: 2024-06-01\nrecommendations:\n  - id: 1\n"
        f"    text: Improve how staff record and share risk information with partner agencies.\n"
        f'    category: {category}\n{extra}    actions:\n      - text: "{text}"\n'
        f"        owner: Head of Operations\n        target_date: March 2025\n"
    )


def reported(code: str, text: str, **kwargs) -> list[str]:
    return [f.message for f in lint(action_plan(text, **kwargs), select=(code,))]


# ---------------------------------------------------------------- 1. PL504: an output is committed to


@pytest.mark.parametrize(
    ("fires", "text"),
    [
        # a deliverable noun inside a name is what something is called, not an output
        (True, "Teams will keep working within the Regional Risk Assessment Framework."),
        (False, "Teams will write a risk assessment framework for partner referrals."),
        # a name as the object of a delivery verb is an output
        (False, "Publish the Regional Risk Assessment Framework on the intranet."),
        # a past report does not measure what is promised next
        (True, "Managers have attended a briefing on risk. This will be reinforced in supervision."),
        (False, "Managers have attended a briefing on risk. A refresher briefing will follow in every team."),
        # an incidental noun ("model", "post") is no output; made by a delivery verb it is
        (True, "Staff will work within the new operating model after unification."),
        (False, "The team will develop a staffing model for the night shift."),
        (True, "Staff will continue sharing information post transfer."),
        # the passive: the named thing is what is made
        (False, "The Risk Recording Tool will be updated for partner referrals."),
        # a number, a frequency or a measure still count
        (False, "Staff will share risk information with police at the weekly meeting of leads."),
    ],
)
def test_pl504_asks_for_a_committed_output(fires, text):
    assert bool(reported("PL504", text)) is fires


# ---------------------------------------------------------------- 2. PL108: which part, not the category again


def partly(response: str) -> list[str]:
    return reported(
        "PL108", "Publish the partner information sharing protocol.", category="Partly Agreed", response=response
    )


def test_pl108_restating_the_category_names_no_part():
    assert partly("This recommendation is partly agreed as the work depends on a national review.")
    assert partly("Partly agreed, since funding for it will be required in future years.")


def test_pl108_a_commitment_set_against_what_is_not_done_names_the_part():
    assert not partly(
        "The service will agree a protocol with police, but what partners share is not within its control."
    )
    assert not partly("The element of the recommendation on police checks will be implemented in full.")


# ---------------------------------------------------------------- 4. PL501: loopholes, and context


@pytest.mark.parametrize(
    ("phrase", "fires", "text"),
    [
        ("as required", True, "Update the local guidance as required."),
        ("as required", False, "Update the local guidance as required by the national policy framework."),
        ("appropriately", True, "Make sure that cases are appropriately allocated."),
        ("regular", True, "Hold regular meetings with police leads."),
        ("regular", False, "Hold regular meetings with police leads every month."),
        ("regular", True, "Hold regular meetings with police leads. Report to the board quarterly."),
        ("as soon as", True, "Start the new checks as soon as staff have been trained."),
        ("as they are confirmed", True, "Partner workshops will run as they are confirmed."),
        ("going forward", True, "Staff will record checks going forward."),
        ("going forward", False, "Staff will record checks in line with rules that may apply going forward."),
        ("and/or", True, "Staff will attend workshops and/or webinars."),
        ("and/or", False, "Commission a provider for people whose needs relate to disability and/or age."),
    ],
)
def test_pl501_reads_the_phrase_in_its_context(phrase, fires, text):
    assert any(f"'{phrase}'" in m for m in reported("PL501", text)) is fires


# ---------------------------------------------------------------- 5. PL502: not committing


@pytest.mark.parametrize(
    ("phrase", "fires", "text"),
    [
        ("to be considered", True, "Shared training for police and probation staff is to be considered."),
        ("to be considered", False, "Publish a list of the factors that need to be considered at allocation."),
        ("seek ways to", True, "The contracts team will seek ways to widen access to the service."),
        ("should be ready", True, "The new system should be ready to go live in June."),
        ("should", False, "Publish guidance on what staff should record at allocation."),
        ("potential", True, "The policy team is working on potential policy options for shared records."),
        ("proposed options", True, "The working group has proposed options for a shared record."),
        ("proposed options", False, "Publish the proposed options paper for consultation."),
    ],
)
def test_pl502_forms_that_do_not_commit(phrase, fires, text):
    assert any(phrase.lower() in m.lower() for m in reported("PL502", text)) is fires


# ---------------------------------------------------------------- 6. conditions on delivery


def test_a_condition_on_delivery_is_pl109_under_agreed_and_pl501_elsewhere():
    text = "Roll out the new checks once the national framework is released."
    assert [m for m in reported("PL109", text) if "once the national framework is released" in m]
    assert not [m for m in reported("PL501", text) if "framework" in m]
    partly_text = reported(
        "PL501",
        text,
        category="Partly Agreed",
        response="We will roll out the checks, but national timings are not in our control.",
    )
    assert [m for m in partly_text if "once the national framework is released" in m]


def test_a_step_that_waits_on_nothing_is_not_a_condition():
    text = "Roll out the new checks once a month in every team."
    assert not reported("PL109", text)
    assert not reported("PL501", text)


@pytest.mark.parametrize(
    ("fires", "text"),
    [
        (True, "Deliver the refresher through guidance and/or workshops."),
        (False, "Share learning through existing forums, such as team meetings and/or practice days."),
        (False, "Keep the second venue open, to support larger groups and/or social distancing."),
        (False, "Map referral routes to make them shorter and/or simpler."),
    ],
)
def test_and_or_in_an_example_list_or_a_purpose_is_not_a_loophole(fires, text):
    assert any("'and/or'" in m for m in reported("PL501", text)) is fires


@pytest.mark.parametrize(
    ("fires", "text"),
    [
        (False, "Implement the Risk Assessment Framework in all delivery units."),
        (True, "Drive the implementation of the Risk Assessment Framework."),
        (False, "Set up a working group with police leads."),
        (True, "Work with the police leads group on information sharing."),
        (True, "Embed the new approach to risk across the region."),
        (False, "Launch the Victim Contact Scheme in every delivery unit."),
    ],
)
def test_pl504_common_ways_of_writing_a_step(fires, text):
    assert bool(reported("PL504", text)) is fires


@pytest.mark.parametrize(
    ("fires", "text"),
    [
        (True, "Meet the police leads to explore options for establishing a shared agreement."),
        (False, "Meet the police leads and establish a shared agreement."),
    ],
)
def test_pl504_a_delivery_verb_under_a_hedge_commits_to_nothing(fires, text):
    assert bool(reported("PL504", text)) is fires


@pytest.mark.parametrize(
    ("fires", "text"),
    [
        (True, "Further workshops could be arranged for new staff."),
        (False, "New staff could be more confident after the workshops, which will run monthly."),
        (False, "Staff who might benefit from coaching will be offered a place on the monthly programme."),
        (False, "Publish a summary of how the pathway could be improved."),
    ],
)
def test_pl502_a_modal_hedges_a_step_not_a_description(fires, text):
    assert any("does not commit" in m for m in reported("PL502", text)) is fires


@pytest.mark.parametrize(
    "text",
    [
        "Recruit a housing officer, subject to the availability of sufficient funding.",
        "Recruit a housing officer if additional funding is secured.",
        "Roll out the checks once the revised national risk policy framework is published.",
    ],
)
def test_pl109_conditions_with_longer_wording(text):
    assert reported("PL109", text)


def test_pl108_a_committed_part_beside_an_uncommitted_one_names_the_part():
    assert not partly(
        "Evening reporting will be introduced in the two city offices; rural offices keep daytime reporting only."
    )
    assert partly("Partly agreed; the region is reviewing its reporting arrangements.")


def test_pl108_a_commitment_limited_by_only_names_the_part():
    assert not partly(
        "Partly agreed. Weekend reporting will open in the two city offices; rural offices will "
        "keep weekday reporting only."
    )


@pytest.mark.parametrize(
    ("fires", "text"),
    [
        (True, "Additional places may be sought from the national provider."),
        (False, "The audit will look at 40 cases each quarter."),
        (True, "The team will look at the referral process."),
    ],
)
def test_pl502_irregular_participles_and_counted_samples(fires, text):
    assert any("does not commit" in m for m in reported("PL502", text)) is fires
