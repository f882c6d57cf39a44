#!/usr/bin/env python3
"""Write a corpus of synthetic action plans in planlint's plan format, for the benchmarks.

    python bench/make_corpus.py OUT_DIR [--plans N] [--recs R] [--seed S]

Every plan answers R recommendations. Most are Agreed with one to six SMART actions (an owner, a
target date, sometimes a measure); some are Partly or Not Agreed with a reason. A small share of
actions carry the defects published plans show - a vague phrase, no owner, an open-ended or
review-only date, an acronym never spelt out - so that the rules do real work, as they do on a real
repository. Standard library only, and deterministic: the same seed gives byte-identical files, so
two benchmark runs read the same corpus.
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
from dataclasses import dataclass
from pathlib import Path

MONTHS = tuple(calendar.month_name)[1:]  # January ... December
OWNERS = (
    "Head of Operations",
    "Head of Performance and Quality",
    "Head of Public Protection",
    "Regional Probation Director",
    "Head of Learning and Development",
    "Head of Interventions",
    "Deputy Director, Insights Group",
    "Head of Community Integration",
    "Senior HR Business Partner",
    "Head of Corporate Services",
    "Business Change Manager",
    "Head of Estates",
)
RECOMMENDATIONS = (
    "Improve the quality of risk assessments so that they identify all relevant risks.",
    "Make sure that every case has an allocated practitioner within five working days of sentence.",
    "Strengthen management oversight of work to keep people safe.",
    "Reduce the waiting lists for accredited programmes in every delivery unit.",
    "Keep staff diversity data complete and up to date.",
    "Share information on domestic abuse and safeguarding with partner agencies before sentence.",
    "Provide interventions that meet the identified needs of women on probation.",
    "Review the approach to workload management so that caseloads are balanced.",
)
DOINGS = (
    "Deliver",
    "Audit",
    "Publish",
    "Review",
    "Introduce",
    "Evaluate",
    "Produce",
    "Schedule",
    "Implement",
    "Complete",
)
OBJECTS = (
    "risk assessment training for every practitioner",
    "40 case files each quarter",
    "a monthly workload report for each delivery unit",
    "the case allocation policy",
    "a briefing on contingency planning for all teams",
    "the information sharing agreement",
    "the equality and diversity action plan",
    "a dip-sample of 30 sentence plans",
    "the quality assurance framework",
    "a staff survey and its action plan",
)
OUTCOMES = (
    "so that managers can balance caseloads",
    "to raise the quality of risk assessments",
    "and report the findings to the senior leadership team",
    "to make sure checks are completed before allocation",
    "to cut waiting times for programmes",
)
MEASURES = (
    "95% of practitioners trained, from the training records.",
    "Audit scores of at least 80% in two consecutive quarters.",
    "Waiting list halved against the March baseline.",
)
REASONS = (
    ("affordability", "The regional budget for the next financial year cannot fund the extra posts this needs."),
    ("commissioning", "These services are commissioned nationally and sit outside the region's contracts."),
    ("operational", "Delivery depends on partner agencies whose case systems the region does not control."),
    ("policy", "The national policy framework sets this approach for every region and is under review."),
)
# The defects a real repository shows, with how often an action carries each.
VAGUE_ENDINGS = (" where possible", " as appropriate", " going forward")
VAGUE_RATE = 0.08
ACRONYM_RATE = 0.04
NO_OWNER_RATE = 0.03
OPEN_DATE_RATE = 0.10


def scalar(text: str) -> str:
    """A YAML double-quoted scalar: a JSON string is one, and it needs no escaping rules of our own."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class PlanWriter:
    rng: random.Random
    recommendations: int

    def target_date(self, year: int) -> str:
        roll = self.rng.random()
        if roll < OPEN_DATE_RATE / 2:
            return "Ongoing"
        if roll < OPEN_DATE_RATE:
            return f"To be reviewed {self.rng.choice(MONTHS)} {year + 1}"
        return f"{self.rng.choice(MONTHS)} {year + self.rng.choice((0, 1, 1, 2))}"

    def action(self, year: int) -> list[str]:
        rng = self.rng
        text = f"{rng.choice(DOINGS)} {rng.choice(OBJECTS)} {rng.choice(OUTCOMES)}"
        if rng.random() < VAGUE_RATE:
            text += rng.choice(VAGUE_ENDINGS)
        if rng.random() < ACRONYM_RATE:
            text += " through the RQT"
        lines = [f"      - text: {scalar(text + '.')}"]
        if rng.random() >= NO_OWNER_RATE:
            owners = rng.sample(OWNERS, rng.choice((1, 1, 1, 2)))
            owner = scalar(owners[0]) if len(owners) == 1 else "[" + ", ".join(map(scalar, owners)) + "]"
            lines.append(f"        owner: {owner}")
        lines.append(f"        target_date: {scalar(self.target_date(year))}")
        if rng.random() < 0.25:
            lines.append(f"        measure: {scalar(rng.choice(MEASURES))}")
        return lines

    def plan(self, number: int) -> str:
        rng = self.rng
        year = rng.randint(2019, 2025)
        region = f"Region {number}"
        lines = [
            f"# A synthetic plan written by bench/make_corpus.py (plan {number}).",
            "planlint: 1",
            "plan:",
            f"  title: {scalar(f'Action Plan - {region}')}",
            f"  organisation: {scalar(f'Probation Service, {region}')}",
            f"  report: {scalar(f'An inspection of probation services in {region}')}",
            f"  report_published: {year}-05-{rng.randint(1, 28):02d}",
            f"  submitted: {year}-06-{rng.randint(1, 28):02d}",
            "recommendations:",
        ]
        tally = {"Agreed": 0, "Partly Agreed": 0, "Not Agreed": 0}
        for rec_id in range(1, self.recommendations + 1):
            category = rng.choices(tuple(tally), (0.8, 0.15, 0.05))[0]
            tally[category] += 1
            lines += [
                f"  - id: {rec_id}",
                f"    text: {scalar(rng.choice(RECOMMENDATIONS))}",
                f"    category: {category}",
            ]
            if category == "Partly Agreed":
                lines.append(f"    implemented_part: {scalar('The parts within the region will be delivered.')}")
            if category != "Agreed":
                kind, why = rng.choice(REASONS)
                lines += ["    reasons:", f"      - category: {kind}", f"        text: {scalar(why)}"]
            if category != "Not Agreed":
                lines.append("    actions:")
                for _ in range(rng.randint(1, 6)):
                    lines += self.action(year)
        lines += [
            "summary:",
            f"  agreed: {tally['Agreed']}",
            f"  partly_agreed: {tally['Partly Agreed']}",
            f"  not_agreed: {tally['Not Agreed']}",
            f"  total: {self.recommendations}",
        ]
        return "\n".join(lines) + "\n"


def write_corpus(out: Path, plans: int, recommendations: int, seed: int = 1) -> list[Path]:
    """Write `plans` files of `recommendations` each into out; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    writer = PlanWriter(random.Random(seed), recommendations)
    paths = []
    for number in range(plans):
        path = out / f"plan-{number:05d}.plan.yaml"
        path.write_text(writer.plan(number), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write the plans into (created if missing)")
    parser.add_argument("--plans", type=int, default=200, help="how many plan files (default 200)")
    parser.add_argument("--recs", type=int, default=12, help="recommendations in each plan (default 12)")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    args = parser.parse_args()
    write_corpus(args.out, args.plans, args.recs, args.seed)


if __name__ == "__main__":
    main()
