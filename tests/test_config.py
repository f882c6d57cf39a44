"""Configuration: discovery per file (closest wins), every key, and errors that name file, key and what is allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planlint.config import ConfigError, Resolver, find_config_file, parse_config
from planlint.findings import Severity
from sample_catalog import CATALOG


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "pyproject.toml", '[tool.planlint]\nignore = ["PL501"]\nfail-on = "warning"\n')
    _write(tmp_path / "north" / ".planlint.yaml", "select: [PL3]\nseverity: {owner-vague: error}\n")
    _write(tmp_path / "north" / "deep" / "a.plan.yaml", "")
    _write(tmp_path / "south" / "b.plan.yaml", "")
    _write(tmp_path / "west" / "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.planlint]: skipped
    _write(tmp_path / "west" / "c.plan.yaml", "")
    return tmp_path


def test_discovery_closest_wins_and_pyproject_without_our_table_is_skipped(tree):
    assert find_config_file(tree / "north" / "deep") == tree / "north" / ".planlint.yaml"
    assert find_config_file(tree / "south") == tree / "pyproject.toml"
    assert find_config_file(tree / "west") == tree / "pyproject.toml"


def test_tables_per_file(tree):
    resolver = Resolver(CATALOG)
    north = resolver.table_for("north/deep/a.plan.yaml")
    assert north.enabled == {"PL001", "PL301", "PL304"}  # select replaces the defaults; nothing merged
    assert north.severities["PL304"] == Severity.ERROR
    south = resolver.table_for("south/b.plan.yaml")
    assert "PL501" not in south.enabled and "PL304" in south.enabled and "PL305" not in south.enabled
    assert resolver.fail_on_for("south/b.plan.yaml") == "warning"
    assert resolver.fail_on_for("north/deep/a.plan.yaml") is None
    # resolved once per config: the same immutable table for every file it governs
    assert resolver.table_for("west/c.plan.yaml") is south


def test_command_line_selection_wins_over_config(tree):
    resolver = Resolver(CATALOG, select=["PL4"], ignore=["PL405"], extend_select=["PL605"])
    assert resolver.table_for("north/deep/a.plan.yaml").enabled == {"PL001", "PL605"}


def test_explicit_config_replaces_discovery(tree):
    _write(tree / "other.yml", "extend-select: owner-named-individual\n")
    resolver = Resolver(CATALOG, config_file=str(tree / "other.yml"))
    assert "PL305" in resolver.table_for("north/deep/a.plan.yaml").enabled
    assert "PL501" in resolver.table_for("north/deep/a.plan.yaml").enabled


def test_exclude_and_per_file_ignores_are_relative_to_the_config_folder(tree):
    _write(tree / ".planlint.yml", "exclude: [archive/]\nper-file-ignores:\n  'drafts/*.plan.yaml': [PL3, PL501]\n")
    _write(tree / "archive" / "old.plan.yaml", "")
    _write(tree / "drafts" / "d.plan.yaml", "")
    resolver = Resolver(CATALOG)
    assert sorted(resolver.walk(["."])) == sorted(
        ["./drafts/d.plan.yaml", "./south/b.plan.yaml", "./west/c.plan.yaml", "./north/deep/a.plan.yaml"]
    )
    assert list(resolver.walk(["archive/old.plan.yaml"])) == ["archive/old.plan.yaml"]  # named: linted anyway
    drafts = resolver.table_for("drafts/d.plan.yaml")
    assert not drafts.enabled & {"PL301", "PL304", "PL501"}
    assert "PL304" in resolver.table_for("south/b.plan.yaml").enabled


def test_rule_options_by_topic_rule_or_nested_table():
    for data in (
        {"dates.horizon-months": 24},
        {"dates": {"horizon-months": 24}},
        {"date-too-far.horizon-months": 24},
        {"PL405": {"horizon-months": 24}},
    ):
        config = parse_config(data, Path("c.yaml"), CATALOG)
        assert config.options == {"PL405": {"horizon-months": 24}}


def test_word_lists_are_extended_not_replaced():
    config = parse_config(
        {"owners": {"collectives": ["the directorate"]}, "phrases": {"vague-phrases": ["ad hoc"]}, "glossary": ["WMT"]},
        Path("c.yaml"),
        CATALOG,
    )
    assert config.words is not None
    assert config.words["owner-collectives"] == ["all staff", "everyone", "the directorate"]
    assert config.words["vague-phrases"] == ["where possible", "ad hoc"]
    assert config.glossary == ("WMT",)
    assert CATALOG.words["owner-collectives"] == ["all staff", "everyone"]


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"selct": ["PL3"]}, "c.yaml: selct: unknown key (did you mean 'select'?)"),
        ({"select": ["PL999"]}, "c.yaml: select: 'PL999' names no rule"),
        ({"select": []}, "c.yaml: select: is empty, which selects no rule: list the rules to run, or remove"),
        ({"select": " , "}, "c.yaml: select: is empty, which selects no rule"),
        ({"ignore": 3}, "c.yaml: ignore: must be a list"),
        (
            {"severity": {"PL301": "fatal"}},
            "c.yaml: severity.PL301: 'fatal' is not a severity: use error, warning or info",
        ),
        ({"severity": {"owner-vage": "error"}}, "c.yaml: severity.owner-vage: 'owner-vage' names no rule"),
        ({"fail-on": "warnings"}, "c.yaml: fail-on: 'warnings' is not allowed: use one of error, warning, info, never"),
        (
            {"dates.horizon-months": "two years"},
            "c.yaml: dates.horizon-months: 'two years' is not allowed: use a whole",
        ),
        (
            {"dates.horizon": 3},
            "c.yaml: dates.horizon: no rule in 'dates' has the option 'horizon'; allowed: dates.horizon-months",
        ),
        ({"owners": {"vague": ["x"]}}, "c.yaml: owners.vague: there is no word list 'vague'; allowed: collectives"),
        ({"exclude": [""]}, "c.yaml: exclude: must be a list of globs"),
        ({"dates": 5}, "c.yaml: dates: must be a mapping of rule options"),
        ({"per-file-ignores": ["x"]}, "c.yaml: per-file-ignores: must map globs"),
        ([1, 2], "c.yaml: the configuration must be a mapping"),
    ],
)
def test_errors_name_file_key_and_what_is_allowed(data, expected):
    with pytest.raises(ConfigError) as caught:
        parse_config(data, Path("c.yaml"), CATALOG)
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_unreadable_config_files(tmp_path):
    _write(tmp_path / ".planlint.yaml", "select: [PL3\n")
    _write(tmp_path / "p" / "pyproject.toml", "[tool.planlint\n")
    with pytest.raises(ConfigError, match=r"\.planlint\.yaml: not readable YAML at line 2"):
        Resolver(CATALOG).table_for(str(tmp_path / "a.plan.yaml"))
    with pytest.raises(ConfigError, match=r"pyproject\.toml: not readable TOML"):
        Resolver(CATALOG).table_for(str(tmp_path / "p" / "a.plan.yaml"))
    with pytest.raises(ConfigError, match=r"--config nope\.yaml: no such file"):
        Resolver(CATALOG, config_file="nope.yaml")


def test_published_config_schema_agrees_with_validation():
    import jsonschema

    from planlint.config import json_schema

    schema = json_schema(CATALOG)
    jsonschema.Draft7Validator.check_schema(schema)
    good = {
        "select": ["PL3"],
        "severity": {"PL304": "error"},
        "fail-on": "warning",
        "exclude": ["archive/"],
        "per-file-ignores": {"drafts/*": "PL501"},
        "dates.horizon-months": 24,
        "reason-too-thin": {"min-words": 5},
        "owners": {"collectives": ["the board"]},
        "glossary": ["WMT"],
    }
    parse_config(good, Path("c.yaml"), CATALOG)
    jsonschema.validate(good, schema)
    bad: dict[str, Any]
    for bad in (
        {"selct": ["PL3"]},
        {"fail-on": "warnings"},
        {"dates.horizon-months": "x"},
        {"owners": {"vague": []}},
        {"select": []},
    ):
        with pytest.raises(ConfigError):
            parse_config(bad, Path("c.yaml"), CATALOG)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_config_glossary_exempts_an_acronym_from_pl604(tmp_path):
    from click.testing import CliRunner

    from planlint.cli import main

    plan = tmp_path / "p.plan.yaml"
    plan.write_text(
        "plan: {title: T, submitted: 2024-01-17}\nrecommendations:\n  - id: 1\n"
        "    text: Ensure workloads are balanced.\n    category: Agreed\n    actions:\n"
        "      - text: Publish the WMT workload report for every team.\n"
        "        owner: Head of Operations\n        target_date: March 2024\n"
    )
    before = CliRunner().invoke(main, ["check", str(plan), "--select", "PL604"])
    assert "PL604" in before.output
    (tmp_path / ".planlint.yaml").write_text("glossary: [WMT]\n")
    after = CliRunner().invoke(main, ["check", str(plan), "--select", "PL604"])
    assert after.exit_code == 0 and "PL604" not in after.output


def test_config_dates_words_reach_the_date_grammar(tmp_path):
    # `phrases: {dates: ...}` extends rules/lexicon/dates.yaml, which the target-date rules read
    from click.testing import CliRunner

    from planlint.cli import main

    plan = tmp_path / "p.plan.yaml"
    plan.write_text(
        "plan: {title: T, submitted: 2024-01-17}\nrecommendations:\n  - id: 1\n"
        "    text: Ensure workloads are balanced.\n    category: Agreed\n    actions:\n"
        "      - text: Publish the workload report for every team.\n"
        "        owner: Head of Operations\n        target_date: Perpetual\n"
    )
    before = CliRunner().invoke(main, ["check", str(plan), "--select", "PL4", "--format", "json"])
    assert '"PL403"' not in before.output and '"PL402"' in before.output  # a word it cannot read
    (tmp_path / ".planlint.yaml").write_text("phrases:\n  dates:\n    open_ended: [perpetual]\n")
    after = CliRunner().invoke(main, ["check", str(plan), "--select", "PL4", "--format", "json"])
    assert '"PL403"' in after.output and '"PL402"' not in after.output


@pytest.mark.parametrize(
    "text",
    [
        '[tool.planlint]\nignore = ["PL501"]\n',
        '[ tool . "planlint" ]\nignore = ["PL501"]\n',
        '["tool".\'planlint\']\nignore = ["PL501"]\n',
        '[tool]\nplanlint = { ignore = ["PL501"] }\n',
        'tool = { planlint = { ignore = ["PL501"] } }\n',
        'tool.planlint.ignore = ["PL501"]\n',
        '[tool.planlint.severity]\nPL304 = "error"\n[tool.planlint]\nignore = ["PL501"]\n',
    ],
)
def test_every_toml_spelling_of_the_planlint_table_is_found(tmp_path, text):
    # pyproject.toml is read as TOML only when it can define tool.planlint: each way TOML can must be seen
    _write(tmp_path / "pyproject.toml", text + '[project]\nname = "x"\n')
    assert find_config_file(tmp_path) == tmp_path / "pyproject.toml"
    assert "PL501" not in Resolver(CATALOG).table_for(str(tmp_path / "a.plan.yaml")).enabled


def test_a_pyproject_naming_planlint_only_as_a_dependency_is_not_read(tmp_path):
    # not our table, so not our error: a broken TOML file that merely lists planlint cannot stop a lint
    _write(tmp_path / "pyproject.toml", '[project]\ndependencies = ["planlint>=1"]\nbroken = [\n')
    assert find_config_file(tmp_path) is None
    assert "PL501" in Resolver(CATALOG).table_for(str(tmp_path / "a.plan.yaml")).enabled
