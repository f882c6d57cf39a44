"""The delivery of published plans as of a date: which actions are overdue, due soon, complete or open.

Pure: plans and a date in, a DeliveryTable out (reading files is the command
line's job, printing is report/delivery.py's). Every action's target date is
read with the grammar `planlint check` uses (planlint.dates), and an action is
overdue exactly when PL404 date-overdue would say so as of that date: a firm
deadline (the end of the period named: "March 2019" is 31 March 2019, a range
ends at its end) before the date, and the action not marked complete (by
`status: complete` or a target date such as "Completed April 2021").

Owners are grouped the way PL303 owner-inconsistent matches them: the same
words whatever the case and spacing, and a rarer spelling one typo away from a
more common one ("Head of Perfomance") counted with it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from planlint.dates import DateGrammar, Kind, read_target_date
from planlint.findings import format_path
from planlint.plan_values import Status
from planlint.rules.owners import near_miss, owner_tokens
from planlint.shapes import Plan

DUE_SOON_DAYS = 90
NO_OWNER = "(no owner)"


class Delivery(str, enum.Enum):
    """An action's state, in the order a delivery team reads them (most urgent first)."""

    OVERDUE = "overdue"
    DUE_SOON = "due soon"
    LATER = "due later"
    COMPLETE = "complete"
    NO_DEADLINE = "no deadline"


class PlanFile(NamedTuple):
    file: str
    plan: Plan
    quarters: str = "financial"  # what "Q3 2024" means, as `planlint date --quarters`


@dataclass(frozen=True)
class TrackedAction:
    file: str
    plan_title: str
    rec_id: str
    path: str  # recommendations[i].actions[j], as check's findings name it
    action_number: int  # 1-based within its recommendation
    text: str
    owners: tuple[str, ...]  # as written (spaces squashed); empty when there is none
    groups: tuple[str, ...]  # the group each owner counts under (one per owner; NO_OWNER when none)
    target_date: str  # as written
    deadline: dt.date | None
    status: Delivery
    reading: str  # how the target date was read, or why there is no deadline
    days: int | None  # deadline minus the date tracked to (negative: overdue by)


@dataclass(frozen=True)
class PlanDelivery:
    file: str
    title: str
    actions: tuple[TrackedAction, ...]

    def counts(self) -> dict[Delivery, int]:
        return count(self.actions)


@dataclass(frozen=True)
class OwnerDelivery:
    owner: str  # the spelling used most
    spellings: tuple[str, ...]  # every spelling counted under it
    actions: tuple[TrackedAction, ...]

    def counts(self) -> dict[Delivery, int]:
        return count(self.actions)


@dataclass(frozen=True)
class DeliveryTable:
    today: dt.date
    due_soon_days: int
    plans: tuple[PlanDelivery, ...]
    owners: tuple[OwnerDelivery, ...]

    @property
    def actions(self) -> list[TrackedAction]:
        return [a for p in self.plans for a in p.actions]

    def counts(self) -> dict[Delivery, int]:
        return count(self.actions)

    @property
    def overdue(self) -> int:
        return self.counts()[Delivery.OVERDUE]


def count(actions: Iterable[TrackedAction]) -> dict[Delivery, int]:
    found = Counter(a.status for a in actions)
    return {state: found[state] for state in Delivery}


def track(
    plans: Iterable[PlanFile],
    today: dt.date,
    *,
    due_soon_days: int = DUE_SOON_DAYS,
    dates: DateGrammar | None = None,
) -> DeliveryTable:
    """Every action of every plan, classified as of `today`, grouped by plan and by owner.

    `dates` is the target-date grammar; None: the shipped word lists' (as `planlint check` without a config).
    """
    if dates is None:
        from planlint.rules.target_dates import default_date_grammar

        dates = default_date_grammar()
    grammar = dates
    rows: list[tuple[str, str, list[TrackedAction]]] = []
    for item in plans:
        title = " ".join(item.plan.plan.title.split()) or item.file
        rows.append(
            (
                item.file,
                title,
                [
                    _action(item, title, i, j, today, due_soon_days, grammar)
                    for i, rec in enumerate(item.plan.recommendations)
                    for j in range(len(rec.actions))
                ],
            )
        )
    groups = _owner_groups(o for _f, _t, actions in rows for a in actions for o in a.owners)
    delivered = tuple(
        PlanDelivery(file, title, tuple(_grouped(a, groups) for a in actions)) for file, title, actions in rows
    )
    return DeliveryTable(today, due_soon_days, delivered, _by_owner(delivered))


def _action(
    item: PlanFile, title: str, i: int, j: int, today: dt.date, soon: int, grammar: DateGrammar
) -> TrackedAction:
    rec = item.plan.recommendations[i]
    action = rec.actions[j]
    target = action.target_date
    written = target.isoformat() if isinstance(target, dt.date) else " ".join((target or "").split())
    reading = read_target_date(target, grammar, quarters=item.quarters) if written else None
    deadline = reading.deadline if reading is not None and reading.has_firm_deadline else None
    if action.status is Status.COMPLETE or (reading is not None and reading.completed):
        status = Delivery.COMPLETE
    elif deadline is None:
        status = Delivery.NO_DEADLINE
    elif deadline < today:
        status = Delivery.OVERDUE
    elif (deadline - today).days <= soon:
        status = Delivery.DUE_SOON
    else:
        status = Delivery.LATER
    if reading is None:
        why = "no target date"
    elif reading.kind is Kind.UNRECOGNISED:
        why = f"'{reading.text}' holds no date planlint recognises"
    else:
        why = reading.describe()
    owners = tuple(" ".join(o.split()) for o in action.owners if o.strip())
    return TrackedAction(
        file=item.file,
        plan_title=title,
        rec_id=str(rec.id),
        path=format_path(("recommendations", i, "actions", j)),
        action_number=j + 1,
        text=" ".join((action.text or "").split()),
        owners=owners,
        groups=(),
        target_date=written,
        deadline=deadline,
        status=status,
        reading=why,
        days=(deadline - today).days if deadline is not None else None,
    )


def _owner_groups(owners: Iterable[str]) -> dict[str, str]:
    """Each owner as written -> the spelling its group is shown by.

    Owners with the same tokens (owner_tokens: case and spacing aside) are one owner; a group one typo
    away from a group used more often (near_miss, as PL303) joins it.
    """
    uses = Counter(owners)
    by_tokens: dict[tuple[str, ...], Counter[str]] = {}
    for owner, n in uses.items():
        by_tokens.setdefault(owner_tokens(owner), Counter())[owner] += n
    size = {tokens: sum(spellings.values()) for tokens, spellings in by_tokens.items()}
    target: dict[tuple[str, ...], tuple[str, ...]] = {}
    for tokens in by_tokens:
        larger = [other for other in by_tokens if size[other] > size[tokens] and near_miss(tokens, other)]
        target[tokens] = max(larger, key=size.__getitem__) if larger else tokens
    merged: dict[tuple[str, ...], Counter[str]] = {}
    for tokens, spellings in by_tokens.items():
        merged.setdefault(target[tokens], Counter()).update(spellings)
    # the spelling used most; on a tie, the first met
    shown = {tokens: max(spellings, key=spellings.__getitem__) for tokens, spellings in merged.items()}
    return {owner: shown[target[tokens]] for tokens, spellings in by_tokens.items() for owner in spellings}


def _grouped(action: TrackedAction, groups: dict[str, str]) -> TrackedAction:
    names = tuple(groups[o] for o in action.owners) or (NO_OWNER,)
    return TrackedAction(**{**action.__dict__, "groups": names})


def _by_owner(plans: tuple[PlanDelivery, ...]) -> tuple[OwnerDelivery, ...]:
    actions: dict[str, list[TrackedAction]] = {}
    spellings: dict[str, dict[str, None]] = {}
    for plan in plans:
        for action in plan.actions:
            for group in dict.fromkeys(action.groups):  # an action counts once under each of its owners
                actions.setdefault(group, []).append(action)
            for owner, group in zip(action.owners, action.groups, strict=False):
                spellings.setdefault(group, {})[owner] = None
    order = sorted(actions, key=lambda g: (g == NO_OWNER, -count(actions[g])[Delivery.OVERDUE], g.casefold()))
    return tuple(OwnerDelivery(g, tuple(spellings.get(g, ())), tuple(actions[g])) for g in order)
