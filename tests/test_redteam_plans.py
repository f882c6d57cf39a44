"""Red-team plans (tests/data/redteam): plans in the style of the published seeds, laid out as different PDF
extractors and converters lay them out, each with a reading and a strict reviewer's findings written by
hand before planlint was run on them (tests/data/redteam/expectations.yaml). Run as a user runs planlint:
`planlint import FILE` and `planlint check FILE --format json --today SUBMITTED`.

`python tests/test_redteam_plans.py` prints the precision and recall of the findings against the labels.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent / "data" / "redteam"
EXPECTATIONS = HERE / "expectations.yaml"

# Frozen expectations that planlint does not meet yet, with the reason: (file, fact id) -> reason.
KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("rt02_tabs_pagebreak.txt", "must_fire-PL303 'Pubic'"): (
        "PL303 names the owner the plan uses more often as the intended one; 'Head of Public Protection' and "
        "'Head of Pubic Protection' are used once each, so the rule cannot tell which is meant and stays quiet"
    ),
    ("rt05_md_split.md", "must_fire-PL606 rec 2 '&amp;'"): (
        "the expectation was wrong: in Markdown '&amp;' is the escaped way to write '&' (it renders as '&'), "
        "so it is no leftover markup"
    ),
}


def expectations() -> dict:
    return YAML(typ="safe").load(EXPECTATIONS.read_text(encoding="utf-8")) or {}


_RUNS: dict[str, tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]] = {}


def run(name: str, today: object) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    if name not in _RUNS:
        path = str(HERE / name)
        imported = subprocess.run(
            [sys.executable, "-m", "planlint", "import", path], capture_output=True, text=True, timeout=120
        )
        checked = subprocess.run(
            [sys.executable, "-m", "planlint", "check", path, "--format", "json", "--fail-on", "never"]
            + ["--today", str(today)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        _RUNS[name] = (imported, checked)
    return _RUNS[name]


def findings_of(name: str, today: object) -> list[dict]:
    checked = run(name, today)[1]
    assert "Traceback" not in checked.stderr, checked.stderr
    return json.loads(checked.stdout)["findings"]


def plan_of(name: str, today: object) -> dict | None:
    imported = run(name, today)[0]
    assert "Traceback" not in imported.stderr, imported.stderr
    if imported.returncode != 0:
        return None
    return YAML(typ="safe").load(imported.stdout) or {}


def rec_id_of(finding: dict, recs: list[dict]) -> str | None:
    path = finding.get("path") or ""
    if not path.startswith("recommendations["):
        return None
    index = int(path[len("recommendations[") : path.index("]")])
    return str(recs[index].get("id")) if index < len(recs) else None


def hits(fact: dict, findings: list[dict], recs: list[dict]) -> list[dict]:
    return [
        f
        for f in findings
        if f["code"] == fact["code"]
        and (fact.get("rec") is None or rec_id_of(f, recs) == str(fact["rec"]))
        and (not fact.get("mention") or str(fact["mention"]).lower() in f["message"].lower())
    ]


def fact_id(kind: str, fact: dict) -> str:
    rec = f" rec {fact['rec']}" if fact.get("rec") is not None else ""
    mention = f" {fact['mention']!r}" if fact.get("mention") else ""
    return f"{kind}-{fact['code']}{rec}{mention}"


def param(name: str, what: str, *values: object):
    reason = KNOWN_MISSES.get((name, what))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(name, *values, id=f"{name[:4]}-{what}", marks=marks)


def finding_facts():
    for name, label in expectations().items():
        for kind in ("must_fire", "must_not_fire"):
            for fact in label.get(kind) or []:
                yield param(name, fact_id(kind, fact), label["today"], kind, fact, label["outcome"])


def reading_facts():
    for name, label in expectations().items():
        yield param(name, "reading", label)


def text_of(value: object) -> str:
    return " ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")


def assert_reading(name: str, label: dict) -> None:
    plan = plan_of(name, label["today"])
    want = label["plan"]
    if plan is None:
        assert label["outcome"] == "plan-or-error", f"{name} did not import: {run(name, label['today'])[0].stderr}"
        codes = {f["code"] for f in findings_of(name, label["today"])}
        assert codes == {"PL001"}, f"{name} is neither read nor one clear PL001: {sorted(codes)}"
        return
    got_plan = plan.get("plan") or {}
    assert want["title"] in str(got_plan.get("title", "")), got_plan
    assert str(got_plan.get("submitted")) == str(want["submitted"]), got_plan
    recs = plan.get("recommendations") or []
    assert [str(r.get("id")) for r in recs] == [r["id"] for r in want["recommendations"]]
    for got, rec in zip(recs, want["recommendations"], strict=True):
        where = f"{name} recommendation {rec['id']}"
        assert str(got.get("category", "")).lower() == rec["category"].lower(), where
        pairs = [[text_of(a.get("owner")), text_of(a.get("target_date"))] for a in got.get("actions") or []]
        assert pairs == [[o, str(d)] for o, d in rec["actions"]], where
        for key, field in (("text_has", "text"), ("response_has", "response"), ("addressee_has", "addressee")):
            if key in rec:
                assert rec[key] in " ".join(str(got.get(field, "")).split()), f"{where}: {field}"
        if "action_text_has" in rec:
            texts = [" ".join(str(a.get("text", "")).split()) for a in got.get("actions") or []]
            assert any(rec["action_text_has"] in t for t in texts), f"{where}: {texts}"
        for action in got.get("actions") or []:
            for word in ("OFFICIAL", "Page "):
                assert word not in text_of(action.get("text")), f"{where}: page furniture in {action}"
        for word in ("OFFICIAL", "Page 1 of", "Rec No"):
            assert word not in str(got.get("response", "")), f"{where}: page furniture in the response"
    if "summary" in want:
        assert plan.get("summary") == want["summary"]


@pytest.mark.parametrize(("name", "label"), list(reading_facts()))
def test_the_plan_is_read_as_a_person_reads_it(name, label):
    assert_reading(name, label)


@pytest.mark.parametrize(("name", "today", "kind", "fact", "outcome"), list(finding_facts()))
def test_reviewer_fact_holds(name, today, kind, fact, outcome):
    findings = findings_of(name, today)
    plan = plan_of(name, today)
    if plan is None and outcome == "plan-or-error":
        if kind == "must_fire":
            pytest.skip(f"{name} is reported as unreadable, which its expectation allows")
        return
    recs = (plan or {}).get("recommendations") or []
    found = hits(fact, findings, recs)
    if kind == "must_fire":
        assert found, f"{fact} should be reported on {name}"
    else:
        assert not found, f"{fact} should not be reported on {name}: " + "; ".join(
            f"line {f['line']}: {f['message']}" for f in found
        )


def score() -> None:
    """Precision and recall of the labelled findings: a must_fire that fires is a true positive, one that
    does not a false negative, a must_not_fire that fires a false positive."""
    tp = fn = fp = tn = 0
    for name, label in expectations().items():
        findings = findings_of(name, label["today"])
        recs = (plan_of(name, label["today"]) or {}).get("recommendations") or []
        for fact in label.get("must_fire") or []:
            ok = bool(hits(fact, findings, recs))
            tp, fn = tp + ok, fn + (not ok)
            if not ok:
                print(f"  miss  {name}: {fact}")
        for fact in label.get("must_not_fire") or []:
            bad = bool(hits(fact, findings, recs))
            fp, tn = fp + bad, tn + (not bad)
            if bad:
                print(f"  wrong {name}: {fact}")
    print(f"must_fire {tp}/{tp + fn} fired (recall {tp / max(tp + fn, 1):.2f}); ", end="")
    print(f"must_not_fire {fp} of {fp + tn} fired (precision {tp / max(tp + fp, 1):.2f})")


if __name__ == "__main__":
    score()
