"""Template profiles as data: the shipped three, how a profile file is checked, and unknown names."""

from __future__ import annotations

from pathlib import Path

import pytest

from planlint.profiles import DEFAULT_PROFILE, ProfileError, available, load_profile, profile_from_data

SHIPPED = ("hmpps-2018", "hmcip-accepted-rejected", "hmip-prisons-concerns")


def test_the_three_profiles_are_shipped_and_the_2018_template_is_the_default():
    assert set(SHIPPED) <= set(available())
    assert load_profile().name == DEFAULT_PROFILE == "hmpps-2018"


def test_the_2018_profile_is_the_template_the_rules_were_written_for():
    profile = load_profile("hmpps-2018")
    assert profile.choices() == "Agreed, Partly Agreed or Not Agreed"
    assert profile.category("partly-agreed").name == "Partly Agreed"  # type: ignore[union-attr]
    agreed, partly, not_agreed = profile.categories
    assert agreed.needs_actions and agreed.caveat_means == "Partly Agreed" and not agreed.needs_reason
    assert partly.needs_actions and partly.needs_reason and partly.needs_implemented_part
    assert not_agreed.forbids_actions and not_agreed.needs_reason and not not_agreed.needs_actions
    assert [s.key for s in profile.summary] == ["agreed", "partly_agreed", "not_agreed", "total"]


def test_the_accepted_rejected_template_has_no_partial_answer():
    profile = load_profile("hmcip-accepted-rejected")
    assert profile.choices() == "Accepted or Rejected"
    assert profile.partial is None
    assert profile.category("ACCEPTED").needs_actions  # type: ignore[union-attr]
    rejected = profile.category("rejected")
    assert rejected is not None and rejected.needs_reason and rejected.forbids_actions
    assert profile.columns["category"] == "Accepted/ Rejected"
    assert profile.columns["owner"] == "Function Responsible/ Policy Lead"


def test_the_concerns_template_answers_concerns():
    profile = load_profile("hmip-prisons-concerns")
    assert (profile.unit, profile.units) == ("concern", "concerns")
    assert profile.partial is not None and profile.partial.name == "Partly Agreed"


def test_an_unknown_template_is_one_line_with_the_nearest_name():
    with pytest.raises(ProfileError) as caught:
        load_profile("hmcip-accepted")
    message = str(caught.value)
    assert "\n" not in message
    assert "did you mean 'hmcip-accepted-rejected'?" in message
    assert "hmpps-2018" in message


def test_a_profile_in_a_folder_is_found_beside_the_shipped_ones(tmp_path):
    (tmp_path / "toy.yaml").write_text(
        "name: toy\nunit: point\ncategories:\n  - {name: Yes, needs_actions: true}\n  - {name: No, needs_reason: true}\n",
        encoding="utf-8",
    )
    profile = load_profile("toy", [tmp_path])
    assert profile.units == "points" and profile.choices() == "Yes or No"


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        ({"name": "bad", "unit": "x", "categories": [{"name": "A", "needs_actions": "yes"}]}, "true or false"),
        ({"name": "bad", "unit": "x", "categories": [{"name": "A", "caveat_means": "B"}]}, "caveat_means"),
        ({"name": "bad", "unit": "x", "categories": [{"name": "A"}], "colour": 1}, "unknown key 'colour'"),
        ({"name": "other", "unit": "x", "categories": [{"name": "A"}]}, "file's name"),
        ({"name": "bad", "categories": [{"name": "A"}]}, "lacks `unit`"),
        (
            {"name": "bad", "unit": "x", "categories": [{"name": "A"}], "summary": [{"key": "b", "counts": "B"}]},
            "counts",
        ),
    ],
)
def test_a_wrong_profile_names_the_file_and_the_key(data, complaint):
    with pytest.raises(ProfileError) as caught:
        profile_from_data(data, Path("profiles/bad.yaml"))
    assert "profiles/bad.yaml" in str(caught.value) and complaint in str(caught.value)
