"""Precision of every rule on the five published plans, from a hand judgement of every finding.

    python scripts/precision.py              # rewrite docs/precision.md's table from tests/data/judgements.tsv
    python scripts/precision.py --unjudged   # the findings no one has judged yet, as rows to fill in

Each seed is linted as a user would (`planlint check SEED --today TODAY`, TODAY from the reviewer's
labels). A judgement row names a finding by seed, code, path and the phrase its message quotes (empty
when it quotes none); its verdict is `right` or `wrong`, with a note saying why.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ruamel.yaml import YAML  # noqa: E402

from planlint.catalog import load_catalog  # noqa: E402
from planlint.engine import RuleTable, lint_document  # noqa: E402
from planlint.reader import read_path  # noqa: E402

DATA = ROOT / "tests" / "data"
SHARED = DATA / "shared"
JUDGEMENTS = DATA / "judgements.tsv"
DOC = ROOT / "docs" / "precision.md"
FIELDS = ["seed", "code", "path", "quoted", "verdict", "note"]
MARKERS = re.compile(r"(<!-- precision-table:start -->\n).*?(<!-- precision-table:end -->)", re.S)
# What each severity must reach (issue 11): a finding an author must answer line by line must be right.
FLOOR = {"error": 0.98, "warning": 0.95}


@dataclass(frozen=True)
class Seen:
    seed: str
    code: str
    path: str
    quoted: str
    severity: str
    message: str


def _quoted(message: str) -> str:
    found = re.match(r"'([^']*)'", message)
    return found.group(1) if found else ""


def labels() -> dict:
    return YAML(typ="safe").load((SHARED / "review" / "seeds-review.yaml").read_text(encoding="utf-8")) or {}


def findings() -> list[Seen]:
    """Every finding on every seed, at the reviewer's date, with every rule the catalogue turns on."""
    catalog = load_catalog()
    table = RuleTable.build(catalog)
    out = []
    for seed, label in sorted(labels().items()):
        today = label["today"] if isinstance(label["today"], dt.date) else dt.date.fromisoformat(str(label["today"]))
        doc = read_path(str(SHARED / "seeds" / seed), seed)
        for f in lint_document(doc, table, today=today, catalog=catalog):
            path = "".join(f"[{p}]" if isinstance(p, int) else ("." if i else "") + p for i, p in enumerate(f.path))
            out.append(Seen(seed, f.code, path, _quoted(f.message), f.severity.name.lower(), f.message))
    return out


def judgements() -> list[dict]:
    if not JUDGEMENTS.is_file():
        return []
    with JUDGEMENTS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def key(row: dict | Seen) -> tuple[str, str, str, str]:
    get = row.get if isinstance(row, dict) else row.__getattribute__
    return get("seed"), get("code"), get("path"), get("quoted")


def verdicts(seen: list[Seen], rows: list[dict]) -> tuple[list[tuple[Seen, str]], list[Seen]]:
    """Each finding with its verdict, and the findings with none."""
    by_key = {key(r): r["verdict"] for r in rows}
    judged, unjudged = [], []
    for s in seen:
        if key(s) in by_key:
            judged.append((s, by_key[key(s)]))
        else:
            unjudged.append(s)
    return judged, unjudged


def per_rule(judged: list[tuple[Seen, str]]) -> list[tuple[str, str, int, int]]:
    """(code, severity, findings, right) for every rule that reported something."""
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    severity: dict[str, str] = {}
    for s, verdict in judged:
        total[s.code] += 1
        right[s.code] += verdict == "right"
        severity[s.code] = s.severity
    return [(code, severity[code], total[code], right[code]) for code in sorted(total)]


def recall(seen: list[Seen]) -> tuple[int, int]:
    """How many of the reviewer's must_fire facts a finding meets (by code, recommendation and mention)."""
    met = total = 0
    for seed, label in labels().items():
        imported = YAML(typ="safe").load(_import(seed)) or {}
        recs = imported.get("recommendations") or []
        mine = [s for s in seen if s.seed == seed]
        for fact in label.get("must_fire") or []:
            total += 1
            met += any(
                s.code == fact["code"]
                and (fact.get("rec") is None or _rec(s.path, recs) == str(fact["rec"]))
                and (not fact.get("mention") or str(fact["mention"]).lower() in s.message.lower())
                for s in mine
            )
    return met, total


def _import(seed: str) -> str:
    from planlint.importers.plan_yaml import dump_plan

    doc = read_path(str(SHARED / "seeds" / seed), seed)
    return dump_plan(doc.data)


def _rec(path: str, recs: list) -> str | None:
    found = re.match(r"recommendations\[(\d+)\]", path)
    if not found or int(found.group(1)) >= len(recs):
        return None
    lead = re.match(r"\s*(\d+)", str(recs[int(found.group(1))].get("id")))
    return lead.group(1) if lead else None


def table(judged: list[tuple[Seen, str]], seen: list[Seen]) -> str:
    names = {r.code: r.name for r in load_catalog().rules}
    lines = ["| rule | severity | findings | right | precision | floor |", "|---|---|---|---|---|---|"]
    for code, severity, n, right in per_rule(judged):
        floor = FLOOR.get(severity)
        lines.append(
            f"| {code} {names.get(code, '')} | {severity} | {n} | {right} | {right / n:.0%} | "
            f"{f'{floor:.0%}' if floor else '-'} |"
        )
    n = len(judged)
    right = sum(v == "right" for _s, v in judged)
    lines.append(f"| all | | {n} | {right} | {right / n:.0%} | |")
    met, total = recall(seen)
    lines += ["", f"Recall against the reviewer's `must_fire` facts: {met} of {total} ({met / total:.0%})."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    seen = findings()
    judged, unjudged = verdicts(seen, judgements())
    if "--unjudged" in argv:
        writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
        for s in unjudged:
            writer.writerow([s.seed, s.code, s.path, s.quoted, "?", s.message[:160]])
        return 0
    if unjudged:
        print(f"{len(unjudged)} findings are not judged yet: run with --unjudged and add them to {JUDGEMENTS}")
        return 1
    text = DOC.read_text(encoding="utf-8")
    DOC.write_text(MARKERS.sub(lambda m: m.group(1) + table(judged, seen) + m.group(2), text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
