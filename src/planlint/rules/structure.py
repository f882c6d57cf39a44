"""PL004: the plan as a whole."""

from __future__ import annotations

from collections.abc import Iterator

from planlint.findings import Problem
from planlint.rules import RuleContext, check
from planlint.shapes import Plan


@check("no-recommendations")
def no_recommendations(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if not plan.recommendations:
        yield Problem(
            ("recommendations",),
            "the plan has no recommendations: add one entry per recommendation "
            "of the inspection report, each with its category and actions",
        )
