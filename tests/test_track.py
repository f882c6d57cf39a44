"""`planlint track`: the delivery of published plans as of a date.

The figures for the published plans 000 (NPS Midlands) and 003 (the SPO
thematic) were counted by hand from the plans' text (tests/data/shared/seeds),
reading each target date as the template's reader would: "March 2019" is due
by 31 March 2019, "Completed and ongoing" is complete, "Ongoing." has no
deadline, and "due soon" is within 90 days.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, shared_dir
from planlint.cli import main
from planlint.shapes import Plan
from planlint.track import NO_OWNER, Delivery, PlanFile, track
from planlint.validate import validate

SEEDS = shared_dir() / "seeds"
NPS_MIDLANDS = SEEDS / "000_345f5f20aed5262d.txt"
SPO_THEMATIC = SEEDS / "003_698e69ea21416560.txt"


def cli(*args: str) -> tuple[int, str]:
    """The exit code and what the user sees (standard output, then any error line)."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def counts(path: Path, today: str) -> tuple[int, dict[str, int]]:
    code, out = cli("track", str(path), "--today", today, "--format", "json")
    return code, json.loads(out)["plans"][0]["counts"]


def figures(overdue: int, soon: int, later: int, complete: int, none: int) -> dict[str, int]:
    return {"overdue": overdue, "due soon": soon, "due later": later, "complete": complete, "no deadline": none}


# ---------------------------------------------------------------- hand-checked figures

# NPS Midlands (000), 14 actions. Target dates as printed, by recommendation:
#   1: March 2019; Completed and ongoing       2: Completed and ongoing; March 2019 & then quarterly;
#   3: March 2019; April 2019                      Completed and ongoing
#   4: March 2019; March 2019; June 2019       5: Completed and ongoing; March 2019 and ongoing
#   6: March 2020                              7: Completed and ongoing
# Five are complete; nine have a deadline: six 31 March 2019, one 30 April 2019, one 30 June 2019,
# one 31 March 2020.
NPS_FIGURES = [
    # published 18 December 2018: 31 March 2019 is 103 days away, beyond 90: nothing overdue or due soon
    ("2018-12-18", 0, figures(0, 0, 9, 5, 0)),
    # 15 April 2019: the six March 2019 dates passed; April and June 2019 within 90 days; March 2020 later
    ("2019-04-15", 1, figures(6, 2, 1, 5, 0)),
    ("2026-12-01", 1, figures(9, 0, 0, 5, 0)),
]

# The SPO thematic (003), 12 actions (the importer makes an action of each paragraph of a cell):
#   1: December 2024; Ongoing; Ongoing          2: February 2025; Ongoing; Ongoing
#   3: June 2024; April 2024                    4: April 2024; April 2024
#   5: one action - its four steps sit beside two dates that cannot be paired one to one, so the
#      importer keeps them together: "Wales – April 2024. South-West and South-Central April 2025."
#      (the latest clause is the deadline: 30 April 2025)   6: July 2024
# Four "Ongoing" have no deadline; eight are due. Submitted 17 January 2024: the nearest, 30 April
# 2024, is 104 days away, so all eight are due later.
SPO_FIGURES = [
    ("2024-01-17", 0, figures(0, 0, 8, 0, 4)),
    ("2026-12-01", 1, figures(8, 0, 0, 0, 4)),
]


@pytest.mark.parametrize("today,exit_code,expected", NPS_FIGURES, ids=[t for t, _, _ in NPS_FIGURES])
def test_nps_midlands_figures_counted_by_hand(today, exit_code, expected):
    assert counts(NPS_MIDLANDS, today) == (exit_code, expected)


@pytest.mark.parametrize("today,exit_code,expected", SPO_FIGURES, ids=[t for t, _, _ in SPO_FIGURES])
def test_spo_thematic_figures_counted_by_hand(today, exit_code, expected):
    assert counts(SPO_THEMATIC, today) == (exit_code, expected)


def test_nps_midlands_overdue_actions_by_hand():
    _code, out = cli("track", str(NPS_MIDLANDS), "--today", "2019-04-15", "--format", "json")
    actions = json.loads(out)["plans"][0]["actions"]
    overdue = sorted((a["recommendation"], a["action"]) for a in actions if a["status"] == "overdue")
    assert overdue == [("1", 1), ("2", 2), ("3", 1), ("4", 1), ("4", 2), ("5", 2)]
    soon = {
        (a["recommendation"], a["action"]): (a["deadline"], a["days"]) for a in actions if a["status"] == "due soon"
    }
    assert soon == {("3", 2): ("2019-04-30", 15), ("4", 3): ("2019-06-30", 76)}


def _review_dates() -> dict[str, str]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((shared_dir() / "review" / "seeds-review.yaml").read_text(encoding="utf-8"))
    return {name: str(entry["today"]) for name, entry in data.items()}


def _pl404_paths(plan: Path, today: str) -> list[str]:
    _, report = cli("check", str(plan), "--today", today, "--select", "PL404", "--format", "json")
    return sorted(f["path"].removesuffix(".target_date") for f in json.loads(report)["findings"])


def _overdue_paths(plan: Path, today: str) -> list[str]:
    _, out = cli("track", str(plan), "--today", today, "--format", "json")
    tracked = json.loads(out)["plans"][0]
    assert sum(tracked["counts"].values()) == len(tracked["actions"]) > 0
    return sorted(a["path"] for a in tracked["actions"] if a["status"] == "overdue")


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_overdue_is_what_pl404_says_as_of_each_plans_own_date_and_later(seed, tmp_path):
    """On every published plan, as of its own date and as of 1 December 2026, track's overdue actions are
    exactly the actions `check` flags PL404 date-overdue (the same grammar, the same notion of complete)."""
    from planlint.importers.plan_yaml import dump_plan
    from planlint.reader import read_path

    today = _review_dates()[seed]
    assert _overdue_paths(SEEDS / seed, today) == _pl404_paths(SEEDS / seed, today)
    # check judges a plan as of its own `submitted` date: without it, as of --today
    data = read_path(str(SEEDS / seed)).data
    data["plan"].pop("submitted", None)
    undated = tmp_path / "undated.plan.yaml"
    undated.write_text(dump_plan(data, seed), encoding="utf-8")
    assert _overdue_paths(undated, "2026-12-01") == _pl404_paths(undated, "2026-12-01") != []
    assert _overdue_paths(SEEDS / seed, "2026-12-01") == _pl404_paths(undated, "2026-12-01")


def test_as_of_each_plans_own_date_only_the_june_2019_action_of_plan_001_is_overdue():
    # The reviewer's labels: PL404 fires on 001 ("June 2019", as of 19 July 2019) and on no other plan.
    found = {}
    for seed, today in _review_dates().items():
        _, out = cli("track", str(SEEDS / seed), "--today", today, "--format", "json")
        found[seed] = [a["target_date"] for a in json.loads(out)["plans"][0]["actions"] if a["status"] == "overdue"]
    assert {seed: dates for seed, dates in found.items() if dates} == {"001_ee60b564b9301ffd.txt": ["June 2019"]}


# ---------------------------------------------------------------- the classification


def _plan(*actions: dict) -> Plan:
    plan, problems = validate(
        {
            "plan": {"title": "Test plan"},
            "recommendations": [{"id": 1, "text": "Do it.", "category": "Agreed", "actions": list(actions)}],
        }
    )
    assert plan is not None, problems
    return plan


def _states(plan: Plan, today: dt.date) -> list[tuple[Delivery, dt.date | None]]:
    table = track([PlanFile("p.plan.yaml", plan)], today)
    return [(a.status, a.deadline) for a in table.plans[0].actions]


TODAY = dt.date(2024, 1, 17)


@pytest.mark.parametrize(
    "target,status,deadline",
    [
        ("January 2024", Delivery.DUE_SOON, dt.date(2024, 1, 31)),  # a month: its last day
        ("December 2023", Delivery.OVERDUE, dt.date(2023, 12, 31)),
        ("2024-01-17", Delivery.DUE_SOON, dt.date(2024, 1, 17)),  # due today is not yet overdue (as PL404)
        ("2024-01-16", Delivery.OVERDUE, dt.date(2024, 1, 16)),
        ("2024-04-16", Delivery.DUE_SOON, dt.date(2024, 4, 16)),  # 90 days on
        ("2024-04-17", Delivery.LATER, dt.date(2024, 4, 17)),  # 91 days on
        ("June - September 2021", Delivery.OVERDUE, dt.date(2021, 9, 30)),  # a range ends at its end
        ("2023/24", Delivery.DUE_SOON, dt.date(2024, 3, 31)),  # a financial year ends on 31 March
        ("Q1 2024/25", Delivery.LATER, dt.date(2024, 6, 30)),
        ("Completed April 2021", Delivery.COMPLETE, None),
        ("Ongoing", Delivery.NO_DEADLINE, None),
        ("To be reviewed February 2022", Delivery.NO_DEADLINE, None),  # a review point, not a completion date
        ("To commence April 2022", Delivery.NO_DEADLINE, None),
        ("when funding allows", Delivery.NO_DEADLINE, None),
        (None, Delivery.NO_DEADLINE, None),
    ],
)
def test_each_target_date_reads_as_check_reads_it(target, status, deadline):
    action = {"text": "Publish the report.", "owner": "Head of Operations"}
    if target is not None:
        action["target_date"] = target
    assert _states(_plan(action), TODAY) == [(status, deadline)]


def test_status_complete_wins_over_a_passed_deadline():
    action = {"text": "Publish the report.", "owner": "Head", "target_date": "March 2019", "status": "complete"}
    assert _states(_plan(action), TODAY) == [(Delivery.COMPLETE, dt.date(2019, 3, 31))]


def test_no_deadline_says_why():
    table = track(
        [
            PlanFile(
                "p",
                _plan({"text": "a"}, {"text": "b", "target_date": "Ongoing"}, {"text": "c", "target_date": "whenever"}),
            )
        ],
        TODAY,
    )
    reasons = [a.reading for a in table.plans[0].actions]
    assert reasons[0] == "no target date"
    assert "open-ended" in reasons[1]
    assert "'whenever' holds no date" in reasons[2]


# ---------------------------------------------------------------- owners


def test_owners_are_grouped_as_pl303_matches_them():
    plan = _plan(
        {"text": "a", "owner": "L&D Manager", "target_date": "March 2019"},
        {"text": "b", "owner": "L&D  manager", "target_date": "March 2019"},
        {"text": "c", "owner": "L&D Manger", "target_date": "Completed"},  # one typo: counted with the commoner
        {"text": "d", "owner": "Team 1", "target_date": "March 2030"},
        {"text": "e", "owner": "Team 2", "target_date": "March 2030"},  # a digit: another owner, not a typo
        {"text": "f", "owner": ["Head of Quality", "L&D Manager"], "target_date": "Ongoing"},
        {"text": "g", "target_date": "Ongoing"},
    )
    table = track([PlanFile("p", plan)], TODAY)
    owners = {o.owner: (set(o.spellings), [a.text for a in o.actions]) for o in table.owners}
    assert owners == {
        "L&D Manager": ({"L&D Manager", "L&D manager", "L&D Manger"}, ["a", "b", "c", "f"]),
        "Team 1": ({"Team 1"}, ["d"]),
        "Team 2": ({"Team 2"}, ["e"]),
        "Head of Quality": ({"Head of Quality"}, ["f"]),
        NO_OWNER: (set(), ["g"]),
    }
    assert table.owners[0].owner == "L&D Manager"  # the most overdue first
    assert table.owners[-1].owner == NO_OWNER


def test_owners_are_grouped_across_plans():
    one = _plan({"text": "a", "owner": "Head of Operations", "target_date": "March 2019"})
    two = _plan({"text": "b", "owner": "head of operations", "target_date": "March 2030"})
    table = track([PlanFile("one", one), PlanFile("two", two)], TODAY)
    assert [(o.owner, o.counts()[Delivery.OVERDUE], len(o.actions)) for o in table.owners] == [
        ("Head of Operations", 1, 2)
    ]


# ---------------------------------------------------------------- the command


def test_exit_codes(tmp_path):
    assert cli("track", str(NPS_MIDLANDS), "--today", "2018-12-18")[0] == 0
    assert cli("track", str(NPS_MIDLANDS), "--today", "2026-12-01")[0] == 1
    code, out = cli("track", str(NPS_MIDLANDS), "--today", "1/12/2026")
    assert code == 2 and "--today" in out
    assert cli("track", str(tmp_path / "missing.plan.yaml"))[0] == 2
    broken = tmp_path / "broken.plan.yaml"
    broken.write_text("plan: [unclosed\n", encoding="utf-8")
    code, out = cli("track", str(broken), str(NPS_MIDLANDS))
    assert code == 2 and "broken.plan.yaml:2: PL001 not readable YAML" in out and "Traceback" not in out
    shapeless = tmp_path / "shape.plan.yaml"
    shapeless.write_text("planlint: 1\nplan: {}\nrecommendations: []\n", encoding="utf-8")
    code, out = cli("track", str(shapeless))
    assert code == 2 and "PL002" in out and "title" in out
    assert cli("track")[0] == 2


def test_text_table_by_plan_and_by_owner():
    code, out = cli("track", str(NPS_MIDLANDS), str(SPO_THEMATIC), "--today", "2026-12-01")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "Delivery as of 1 December 2026 (due soon: within 90 days)"
    assert "  14 actions: 9 overdue, 0 due soon, 0 due later, 5 complete, 0 no deadline" in lines
    assert "  12 actions: 8 overdue, 0 due soon, 0 due later, 0 complete, 4 no deadline" in lines
    assert "By owner" in lines
    assert lines[-1] == "26 actions in 2 plans: 17 overdue, 0 due soon, 0 due later, 5 complete, 4 no deadline."
    first_row = next(line for line in lines if line.startswith("  overdue"))
    assert "2019-03-31" in first_row and "March 2019" in first_row


def test_yaml_and_imported_drafts_track_alike(tmp_path):
    yaml_plan = tmp_path / "clean.plan.yaml"
    yaml_plan.write_text((ROOT / "examples" / "clean.plan.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    code, markdown = cli("export", str(yaml_plan), "--to", "md")
    assert code == 0
    (tmp_path / "clean.md").write_text(markdown, encoding="utf-8")
    _, from_yaml = cli("track", str(yaml_plan), "--today", "2025-06-01", "--format", "json")
    _, from_md = cli("track", str(tmp_path / "clean.md"), "--today", "2025-06-01", "--format", "json")
    yaml_actions = json.loads(from_yaml)["plans"][0]["actions"]
    md_actions = json.loads(from_md)["plans"][0]["actions"]
    assert yaml_actions and [(a["status"], a["deadline"]) for a in yaml_actions] == [
        (a["status"], a["deadline"]) for a in md_actions
    ]


def test_csv_has_a_row_per_action_and_guards_formulas(tmp_path):
    plan = tmp_path / "p.plan.yaml"
    plan.write_text(
        """planlint: 1
plan: {title: Test}
recommendations:
  - id: 1
    text: Do it.
    category: Agreed
    actions:
      - {text: "=HYPERLINK(\\"http://x\\")", owner: "+Head", target_date: March 2019}
      - {text: Plain, owner: Head, target_date: Ongoing}
""",
        encoding="utf-8",
    )
    code, out = cli("track", str(plan), "--today", "2024-01-17", "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["status"], r["deadline"], r["days"]) for r in rows] == [
        ("overdue", "2019-03-31", "-1753"),
        ("no deadline", "", ""),
    ]
    assert rows[0]["text"].startswith("'=") and rows[0]["owners"] == "'+Head"


class _Svg(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.svg_text: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in.append(tag)

    def handle_endtag(self, tag):
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data):
        if "style" in self._in or "script" in self._in:
            return
        self.text.append(data)
        if "svg" in self._in:
            self.svg_text.append(data)


def test_html_has_a_labelled_bar_per_plan_and_escapes_plan_text(tmp_path):
    plan = tmp_path / "p.plan.yaml"
    plan.write_text(
        """planlint: 1
plan: {title: "<script>alert(1)</script>"}
recommendations:
  - id: 1
    text: Do it.
    category: Agreed
    actions:
      - {text: "\\"><img src=x onerror=alert(1)>", owner: "<b>Head</b>", target_date: March 2019}
      - {text: Later, owner: Head, target_date: March 2030}
      - {text: Done, owner: Head, target_date: Completed March 2019}
""",
        encoding="utf-8",
    )
    out = tmp_path / "delivery.html"
    code, _ = cli("track", str(plan), str(NPS_MIDLANDS), "--today", "2024-01-17", "--format", "html", "-o", str(out))
    assert code == 1
    text = out.read_text(encoding="utf-8")
    page = _Svg()
    page.feed(text)
    assert page.tags.count("svg") == 3  # all plans, then one per plan
    assert "img" not in page.tags and "b" not in page.tags and page.tags.count("script") == 0
    shown = "".join(page.text)
    assert "<script>alert(1)</script>" in shown and '"><img src=x onerror=alert(1)>' in shown
    svg = " ".join(page.svg_text)
    assert "<script>alert(1)</script>: 1 overdue, 0 due soon, 1 due later, 1 complete, 0 no deadline" in svg
    flat = " ".join(" ".join(page.text).split())
    assert "overdue: 1 due soon: 0 due later: 1 complete: 1 no deadline: 0" in flat  # the legend, as text
    assert "Content-Security-Policy" in text and "http" not in text.replace("http-equiv", "").replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_the_readme_workflow_runs_track_weekly_and_uploads_the_page(tmp_path, monkeypatch):
    import re

    from ruamel.yaml import YAML

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# \.github/workflows/track\.yml\n.*?)```", readme, re.S)
    assert block, "the README lost its track workflow"
    workflow = YAML(typ="safe").load(block.group(1))
    assert workflow["on"]["schedule"][0]["cron"].endswith("* * 1")
    steps = workflow["jobs"]["track"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "always()" and upload["with"]["path"] == "delivery.html"
    script = next(s["run"] for s in steps if "planlint track" in s.get("run", ""))
    # the commands it runs, run here on a folder of plans
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "clean.plan.yaml").write_text(
        (ROOT / "examples" / "clean.plan.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    for line in script.splitlines():
        command = line.split(" || ")[0].split(" >> ")[0].split()
        if command[:2] == ["planlint", "track"]:
            code, _ = cli(*command[1:])
            assert code in (0, 1)
    assert (tmp_path / "delivery.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
