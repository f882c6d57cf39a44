"""PL4xx: every action is time-bound (G3, G4).

Each check reads one property of the target date's reading (planlint.dates),
so that one target date draws only the finding a reviewer would raise: a
review point is "not a deadline", not also overdue; a date planlint cannot
read is never called overdue; a completed step is never overdue.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Callable, Iterator

from dateutil.relativedelta import relativedelta

from planlint.dates import DateReading, Kind, read_target_date
from planlint.findings import Path, Problem
from planlint.model import Action, Plan, Status
from planlint.rules import RuleContext, check, iter_actions, per_plan


@functools.lru_cache(maxsize=4096)
def _read(value: str | dt.date, quarters: str) -> DateReading:
    return read_target_date(value, quarters=quarters)


def _dated_actions(plan: Plan, ctx: RuleContext) -> Iterator[tuple[Path, Action, DateReading]]:
    """The actions with a target date, each with its reading (every PL4xx check asks, in turn)."""
    quarters = str(ctx.settings.get("quarters", "financial"))
    return iter(per_plan(plan, ("dated-actions", quarters), lambda: [
        (path + ("target_date",), action, _read(action.target_date, quarters))  # type: ignore[arg-type]
        for path, _rec, action in iter_actions(plan) if not _is_blank(action.target_date)]))


def _is_blank(value: str | dt.date | None) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _marked_complete(action: Action, reading: DateReading) -> bool:
    return action.status is Status.COMPLETE or reading.completed


def _first(reading: DateReading, wanted: Callable[[DateReading], bool]) -> DateReading:
    """The clause a finding is about (the whole reading when it has one clause)."""
    return next((p for p in reading.clauses if wanted(p)), reading)


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _as_of_words(plan: Plan, ctx: RuleContext) -> str:
    if plan.plan.submitted is None:
        # say why "today": a published plan linted years later needs plan.submitted or --today
        return f"today ({_day(ctx.as_of)}, as the plan gives no `submitted` date)"
    return f"the plan's submission ({_day(ctx.as_of)})"


_COMPLETION_KINDS = (Kind.DEADLINE, Kind.RECURRING, Kind.AMBIGUOUS, Kind.COMPLETED)


@check("date-missing")
def date_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for i, rec in enumerate(plan.recommendations):
        for j, action in enumerate(rec.actions):
            if _is_blank(action.target_date):
                yield Problem(("recommendations", i, "actions", j),
                              "This action has no target date: add the month and year by which it will be "
                              "complete (e.g. 'March 2024').")


@check("date-unparseable")
def date_unparseable(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, _action, reading in _dated_actions(plan, ctx):
        if reading.kind is Kind.UNRECOGNISED:
            yield Problem(path, f"The target date '{reading.text}' holds no date or status planlint recognises: "
                                "give the month and year by which the step will be complete (e.g. 'March 2024').")


@check("date-open-ended")
def date_open_ended(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, action, reading in _dated_actions(plan, ctx):
        if (reading.kind in (Kind.OPEN_ENDED, Kind.RECURRING) and reading.deadline is None
                and action.status is not Status.COMPLETE):
            yield Problem(path, f"The target date has no deadline ({reading.describe()}): give the date of the "
                                "first output, e.g. 'March 2024 and then monthly'.")


@check("date-overdue")
def date_overdue(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, action, reading in _dated_actions(plan, ctx):
        if (reading.has_firm_deadline and reading.deadline < ctx.as_of
                and not _marked_complete(action, reading)):
            latest = _first(reading, lambda p: p.deadline == reading.deadline and p.kind is reading.kind)
            yield Problem(path, f"The target date has passed: {latest.describe()}, before "
                                f"{_as_of_words(plan, ctx)}; mark the action complete or set a new date.")


@check("date-too-far")
def date_too_far(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    months = int(ctx.option("horizon-months"))
    # The horizon is counted in whole months, as deadlines are: with 36 months from
    # 17 January 2024, "January 2027" is within it and "February 2027" is not.
    try:
        horizon = ctx.as_of + relativedelta(months=months, day=31)
    except (ValueError, OverflowError):  # past the year 9999: no deadline is beyond it
        horizon = dt.date.max
    for path, action, reading in _dated_actions(plan, ctx):
        if (reading.has_firm_deadline and reading.deadline > horizon
                and not _marked_complete(action, reading)):
            latest = _first(reading, lambda p: p.deadline == reading.deadline and p.kind is reading.kind)
            yield Problem(path, f"The target date is more than {months} months after "
                                f"{_as_of_words(plan, ctx)}: {latest.describe()}; set nearer milestones that "
                                "can be tracked.")


@check("date-not-deadline")
def date_not_deadline(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    not_deadline = (Kind.REVIEW, Kind.START, Kind.CONDITIONAL)
    for path, _action, reading in _dated_actions(plan, ctx):
        if reading.kind in not_deadline:
            part = _first(reading, lambda p: p.kind in not_deadline)
            yield Problem(path, f"The target date is not a completion date: {part.describe()}; give the date by "
                                "which the step will be complete.")


@check("date-ambiguous")
def date_ambiguous(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, _action, reading in _dated_actions(plan, ctx):
        if reading.kind is Kind.AMBIGUOUS:
            part = _first(reading, lambda p: p.kind is Kind.AMBIGUOUS)
            yield Problem(path, f"The target date cannot be pinned to a deadline: {part.describe()}; give a "
                                "month and year (e.g. 'March 2024').")


@check("completed-in-future")
def completed_in_future(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, action, reading in _dated_actions(plan, ctx):
        part = reading.completed_after(ctx.as_of)
        if part is None and action.status is Status.COMPLETE:
            # A review or start date after completion is a later step, not the completion date.
            part = next((p for p in reading.clauses if p.kind in _COMPLETION_KINDS
                         and p.period_start is not None and p.period_start > ctx.as_of), None)
        if part is not None:
            yield Problem(path, f"The action is marked complete but its date is after "
                                f"{_as_of_words(plan, ctx)}: {part.describe()}; correct the date or the status.")


def judge_target_date(value: str | dt.date, as_of: dt.date, *, quarters: str = "financial"
                      ) -> list[tuple[str, str, str]]:
    """(code, name, message) for what the enabled-by-default PL4xx rules say about one target date.

    Runs the real checks on a one-action plan submitted on `as_of`, so that
    `planlint date` can never disagree with `planlint check`.
    """
    from planlint.catalog import checks, load_catalog

    plan = Plan.model_validate({
        "plan": {"title": "planlint date", "submitted": as_of},
        "recommendations": [{"id": 1, "text": "-", "category": "Agreed",
                             "actions": [{"text": "-", "owner": "-", "target_date": value}]}]})
    registered = checks()
    out = []
    for rule in load_catalog().rules:
        if rule.family != "PL4" or not rule.enabled or rule.name not in registered:
            continue
        ctx = RuleContext(as_of=as_of, options=rule.option_defaults, settings={"quarters": quarters})
        out += [(rule.code, rule.name, p.message) for p in registered[rule.name](plan, ctx)]
    return out

