"""Template profiles as data: the shipped three, how a profile file is checked, and unknown names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, lint_text
from planlint.catalog import load_catalog
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


# ---------------------------------------------------------------- plans on each template


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planlint", *args], capture_output=True, text=True, cwd=cwd or ROOT, check=False
    )


def _messages(findings, code: str) -> list[str]:
    return [f.message for f in findings if f.code == code]


def test_a_concerns_plan_reads_as_concerns():
    findings = lint_text((ROOT / "examples" / "concerns-defects.plan.yaml").read_text(encoding="utf-8"))
    assert _messages(findings, "PL101") == [
        "Concern PC1 has no category: say whether it is Agreed, Partly Agreed or Not Agreed"
    ]
    assert _messages(findings, "PL601")[0].startswith("The summary does not match the concerns (agreed 2")
    assert any(m.startswith("The concern is Agreed, but 'subject to funding'") for m in _messages(findings, "PL109"))


def test_an_accepted_rejected_plan_is_checked_against_its_own_categories():
    findings = lint_text((ROOT / "examples" / "accepted-rejected-defects.plan.yaml").read_text(encoding="utf-8"))
    assert _messages(findings, "PL102") == ["'Partly Agreed' is not a category: use Accepted or Rejected"]
    assert _messages(findings, "PL103")[0].startswith("Recommendation 1 is Accepted but lists no action")
    # no partial answer to offer: the steps go into the explanation
    assert _messages(findings, "PL104") == [
        "Recommendation 2 is Rejected (it will not be implemented) but lists 1 action: move the actions into the "
        "explanation"
    ]
    assert _messages(findings, "PL201")[0].startswith("Recommendation 4 is Rejected but gives no explanation")
    assert not [f for f in findings if f.code == "PL003"]  # `accepted` and `rejected` are its summary's keys


def test_the_2018_template_still_calls_accepted_a_synonym_and_its_summary_key_unknown():
    plan = (ROOT / "examples" / "accepted-rejected-clean.plan.yaml").read_text(encoding="utf-8")
    findings = lint_text(plan.replace("  template: hmcip-accepted-rejected\n", ""))
    assert (
        _messages(findings, "PL102")[0]
        == "'Accepted' is not a category: use Agreed, Partly Agreed or Not Agreed; did you mean 'Agreed'?"
    )
    assert [f.path for f in findings if f.code == "PL003"] == [("summary", "accepted"), ("summary", "rejected")]


def test_a_summary_count_of_another_template_must_be_a_count():
    plan = (ROOT / "examples" / "accepted-rejected-clean.plan.yaml").read_text(encoding="utf-8")
    findings = lint_text(plan.replace("accepted: 1", "accepted: one"))
    assert [f.code for f in findings] == ["PL002"] and "not a count" in findings[0].message


def test_a_rule_for_some_templates_only_is_skipped_on_the_others():
    # PL602 (opt-in) asks for a summary table; the Accepted / Rejected plans never had one
    def summary_missing(name: str) -> list[str]:
        plan = (ROOT / "examples" / name).read_text(encoding="utf-8")
        plan = plan[: plan.index("summary:")]
        return [f.message for f in lint_text(plan, extend_select=["PL602"]) if f.code == "PL602"]

    assert summary_missing("accepted-rejected-clean.plan.yaml") == []
    assert summary_missing("concerns-clean.plan.yaml") == [
        "The plan has no summary table: add `summary` with the agreed, partly agreed, not agreed and total counts"
    ]
    assert load_catalog().get("PL602").profiles == ("hmpps-2018", "hmip-prisons-concerns")  # type: ignore[union-attr]


def test_a_plan_naming_an_unknown_template_gets_one_schema_error_at_the_name(tmp_path):
    plan = (ROOT / "examples" / "concerns-clean.plan.yaml").read_text(encoding="utf-8")
    path = tmp_path / "typo.plan.yaml"
    path.write_text(plan.replace("template: hmip-prisons-concerns", "template: hmip-prison-concerns"), "utf-8")
    result = _run("check", str(path), "--format", "json")
    assert result.returncode == 1, result.stderr
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["line"]) == ("PL002", 7)
    assert "did you mean 'hmip-prisons-concerns'?" in finding["message"]


# ---------------------------------------------------------------- a profile from a config's folder

TOY = """\
# a template whose answers are Yes or No, each point answered with actions or a reason
name: toy
unit: point
categories:
  - {name: 'Yes', aliases: [aye], needs_actions: true}
  - {name: 'No', needs_reason: true, forbids_actions: true}
summary:
  - {key: yes_count, label: 'Yes', counts: 'Yes'}
  - {key: total, label: Total}
"""

TOY_PLAN = """\
planlint: 1
plan:
  title: Toy plan
recommendations:
  - id: 1
    text: Paint the fence.
    category: aye
  - id: 2
    text: Mend the gate.
    category: 'Yes'
summary:
  yes_count: 2
  total: 2
"""


def test_a_toy_profile_from_a_config_folder_lints_a_plan_with_no_python_change(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "toy.yaml").write_text(TOY, "utf-8")
    (tmp_path / ".planlint.yaml").write_text("template: toy\nprofiles: [templates]\n", "utf-8")
    (tmp_path / "toy.plan.yaml").write_text(TOY_PLAN, "utf-8")
    result = _run("check", "toy.plan.yaml", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    found = [(f["code"], f["line"], f["message"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [
        ("PL102", 7, "'aye' is not a category: use Yes or No; did you mean 'Yes'?"),
        (
            "PL103",
            8,
            "Point 2 is Yes but lists no action: give the specific steps, each with an owner and a target date",
        ),
        (
            "PL601",
            12,
            "The summary does not match the points (yes count 2 but the plan has 1): correct the counts "
            "(--fix can recount them once every point has a valid category)",
        ),
    ]
    # --fix reads the template too: the alias becomes the category's name
    fixed = _run("check", "toy.plan.yaml", "--fix", "--format", "json", cwd=tmp_path)
    first = (tmp_path / "toy.plan.yaml").read_text("utf-8").split("id: 2")[0]
    assert "aye" not in first and "category: Yes" in first, fixed.stderr
    assert [f["code"] for f in json.loads(fixed.stdout)["findings"]] == ["PL103", "PL103"]


def test_the_plan_names_its_template_from_a_config_folder(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "toy.yaml").write_text(TOY, "utf-8")
    (tmp_path / ".planlint.yaml").write_text("profiles: [templates]\n", "utf-8")
    plan = TOY_PLAN.replace("  title: Toy plan\n", "  title: Toy plan\n  template: toy\n").replace("aye", "No")
    (tmp_path / "toy.plan.yaml").write_text(plan, "utf-8")
    result = _run("check", "toy.plan.yaml", "--format", "json", cwd=tmp_path)
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    assert "Point 1 is No but gives no explanation: add `reasons` saying why it cannot be (fully) agreed" in messages


def test_a_config_naming_an_unknown_template_is_a_one_line_usage_error(tmp_path):
    (tmp_path / ".planlint.yaml").write_text("template: hmcip-acepted-rejected\n", "utf-8")
    (tmp_path / "a.plan.yaml").write_text(TOY_PLAN, "utf-8")
    result = _run("check", "a.plan.yaml", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert ".planlint.yaml: template: unknown template 'hmcip-acepted-rejected'" in lines[0]
    assert "did you mean 'hmcip-accepted-rejected'?" in lines[0]


def test_a_config_profiles_folder_that_is_not_there_is_a_usage_error(tmp_path):
    (tmp_path / ".planlint.yaml").write_text("profiles: [nowhere]\n", "utf-8")
    (tmp_path / "a.plan.yaml").write_text(TOY_PLAN, "utf-8")
    result = _run("check", "a.plan.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "'nowhere' is not a folder" in result.stderr


# ---------------------------------------------------------------- planlint schema --template


def _schema(*args: str) -> dict:
    result = _run("schema", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("template", "example"),
    [
        ("hmpps-2018", "clean.plan.yaml"),
        ("hmcip-accepted-rejected", "accepted-rejected-clean.plan.yaml"),
        ("hmip-prisons-concerns", "concerns-clean.plan.yaml"),
    ],
)
def test_each_template_publishes_a_schema_its_clean_example_meets(template, example):
    import jsonschema
    from ruamel.yaml import YAML

    schema = _schema("--template", template)
    assert schema["$id"].endswith(f"plan-v1-{template}.json")
    profile = load_profile(template)
    category = schema["$defs"]["Recommendation"]["properties"]["category"]
    assert category["examples"] == list(profile.category_names)
    assert list(schema["$defs"]["Summary"]["properties"]) == [s.key for s in profile.summary]
    plan = YAML(typ="safe").load((ROOT / "examples" / example).read_text(encoding="utf-8"))
    plan["plan"] = {k: str(v) for k, v in plan["plan"].items()}  # YAML dates: the schema takes their text
    jsonschema.validate(plan, schema)


def test_a_schema_says_which_summary_keys_its_template_has():
    import jsonschema

    schema = _schema("--template", "hmcip-accepted-rejected")
    plan = {"plan": {"title": "x"}, "recommendations": [], "summary": {"agreed": 1}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(plan, schema)
    plan["summary"] = {"accepted": 1, "total": 1}
    jsonschema.validate(plan, schema)


def test_the_schema_of_no_template_is_the_format_s_own_and_an_unknown_one_is_a_usage_error():
    assert _schema()["$id"] == "https://planlint.dev/schema/plan-v1.json"
    result = _run("schema", "--template", "concerns")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "planlint: error: unknown template 'concerns' (did you mean 'hmip-prisons-concerns'?); known: "
        "hmcip-accepted-rejected, hmip-prisons-concerns, hmpps-2018"
    ]


def test_the_profile_written_in_the_documentation_is_a_working_profile(tmp_path):
    page = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    block = page.split("# templates/toy.yaml")[1].split("\n", 1)[1].split("```")[0]
    (tmp_path / "toy.yaml").write_text(block, encoding="utf-8")
    profile = load_profile("toy", [tmp_path])
    assert profile.choices() == "Yes or No" and profile.category("aye") is None
    assert profile.categories[0].aliases == ("aye",) and profile.columns["category"] == "Yes/ No"


def test_every_template_a_rule_names_is_shipped():
    # a misspelt name would switch the rule off on every plan, silently
    shipped = set(available())
    for rule in load_catalog().rules:
        assert set(rule.profiles) <= shipped, f"{rule.code}: profiles {rule.profiles} not in {sorted(shipped)}"
