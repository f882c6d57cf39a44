"""A strict reviewer's labels on the five published plans (tests/data/shared/review/seeds-review.yaml):
every finding the reviewer wants comes out, none the reviewer calls wrong does, as a user runs planlint:
`planlint check SEED --today TODAY --format json`.

Each fact is a (code, recommendation, a word the message holds) triple; see the labels file's header.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import shared_dir

REVIEW = shared_dir() / "review" / "seeds-review.yaml"
SEEDS = shared_dir() / "seeds"


def labels() -> dict:
    return YAML(typ="safe").load(REVIEW.read_text(encoding="utf-8")) or {}


def lead(rec_id: object) -> str | None:
    found = re.match(r"\s*(\d+)", str(rec_id))
    return found.group(1) if found else None


def check(seed: Path, today: object) -> tuple[list[dict], list[dict]]:
    """The findings of `planlint check` on a seed, and the recommendations it read (from `planlint import`)."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "planlint",
            "check",
            str(seed),
            "--format",
            "json",
            "--fail-on",
            "never",
            "--today",
            str(today),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    imported = subprocess.run(
        [sys.executable, "-m", "planlint", "import", str(seed)], capture_output=True, text=True, timeout=120
    )
    assert imported.returncode == 0, imported.stderr
    plan = YAML(typ="safe").load(imported.stdout) or {}
    return json.loads(run.stdout)["findings"], plan.get("recommendations") or []


def facts():
    for name, label in labels().items():
        for kind in ("must_fire", "must_not_fire"):
            for fact in label.get(kind) or []:
                rec = f" rec {fact['rec']}" if fact.get("rec") is not None else ""
                mention = f" {fact['mention']!r}" if fact.get("mention") else ""
                yield pytest.param(
                    name, label["today"], kind, fact, id=f"{name[:3]}-{kind}-{fact['code']}{rec}{mention}"
                )


_RUNS: dict[str, tuple[list[dict], list[dict]]] = {}


@pytest.mark.parametrize(("name", "today", "kind", "fact"), list(facts()))
def test_reviewer_fact_holds(name, today, kind, fact):
    if name not in _RUNS:
        _RUNS[name] = check(SEEDS / name, today)
    findings, recs = _RUNS[name]

    def rec_of(finding: dict) -> str | None:
        found = re.match(r"recommendations\[(\d+)\]", finding.get("path") or "")
        return lead(recs[int(found.group(1))].get("id")) if found and int(found.group(1)) < len(recs) else None

    hits = [
        f
        for f in findings
        if f["code"] == fact["code"]
        and (fact.get("rec") is None or rec_of(f) == str(fact["rec"]))
        and (not fact.get("mention") or str(fact["mention"]).lower() in f["message"].lower())
    ]
    if kind == "must_fire":
        assert hits, f"{fact} should be reported on {name}"
    else:
        assert not hits, f"{fact} should not be reported on {name}: " + "; ".join(
            f"line {f['line']}: {f['message']}" for f in hits
        )


def test_the_labels_cover_every_seed():
    assert sorted(labels()) == sorted(p.name for p in SEEDS.glob("*.txt"))
