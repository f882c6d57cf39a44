"""Generated from the pydantic model (model.py) by `python -m planlint.generate`: do not edit.

The records `planlint check` hands the rules, and the shape table validate.py checks a plan against,
so that a well-formed plan is read without pydantic. See generate.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planlint.plan_values import (
    ActionValues,
    RecommendationValues,
    Record,
    Status,
    extra_counts,
    id_not_true_or_false,
    null_is_empty,
    number_as_text,
    readable_date,
    status_from_text,
)


class PlanInfo(Record):
    __slots__ = (
        "organisation",
        "report",
        "report_published",
        "submitted",
        "template",
        "title",
    )
    title: str
    organisation: str | None
    report: str | None
    report_published: dt.date | str | None
    submitted: dt.date | str | None
    template: str | None


class Reason(Record):
    __slots__ = (
        "category",
        "text",
    )
    category: str | None
    text: str | None


class Action(Record, ActionValues):
    __slots__ = (
        "measure",
        "owner",
        "status",
        "target_date",
        "text",
    )
    text: str | None
    owner: str | list[str] | None
    target_date: dt.date | str | None
    status: Status | None
    measure: str | None


class Recommendation(Record, RecommendationValues):
    __slots__ = (
        "actions",
        "addressee",
        "category",
        "id",
        "implemented_part",
        "reasons",
        "response",
        "text",
    )
    id: int | str
    addressee: str | None
    text: str | None
    category: str | None
    response: str | None
    implemented_part: str | None
    reasons: list[Reason]
    actions: list[Action]


class Summary(Record):
    __slots__ = (
        "agreed",
        "not_agreed",
        "partly_agreed",
        "total",
    )
    EXTRA = True
    agreed: int | None
    partly_agreed: int | None
    not_agreed: int | None
    total: int | None


class Plan(Record):
    __slots__ = (
        "plan",
        "planlint",
        "recommendations",
        "summary",
    )
    planlint: int
    plan: PlanInfo
    recommendations: list[Recommendation]
    summary: Summary | None


# Each record's fields: (name, node, required, default), the nodes as in the model's pydantic-core schema.
SHAPES: dict[type[Record], tuple[tuple[str, Any, bool, Any], ...]] = {
    PlanInfo: (
        ("title", ("before", number_as_text, ("str",)), True, None),
        ("organisation", ("nullable", ("before", number_as_text, ("str",))), False, ("value", None)),
        ("report", ("nullable", ("before", number_as_text, ("str",))), False, ("value", None)),
        (
            "report_published",
            (
                "after",
                readable_date,
                (
                    "nullable",
                    (
                        "union",
                        (
                            ("date",),
                            ("before", number_as_text, ("str",)),
                        ),
                    ),
                ),
            ),
            False,
            ("value", None),
        ),
        (
            "submitted",
            (
                "after",
                readable_date,
                (
                    "nullable",
                    (
                        "union",
                        (
                            ("date",),
                            ("before", number_as_text, ("str",)),
                        ),
                    ),
                ),
            ),
            False,
            ("value", None),
        ),
        ("template", ("nullable", ("before", number_as_text, ("str",))), False, ("value", None)),
    ),
    Reason: (
        ("category", ("nullable", ("before", number_as_text, ("str",))), False, ("value", None)),
        ("text", ("nullable", ("before", number_as_text, ("str",))), False, ("value", None)),
    ),
    Action: (
        ("text", ("nullable", ("before", number_as_text, ("str",))), False, ("value", None)),
        (
            "owner",
            (
                "nullable",
                (
                    "union",
                    (
                        ("before", number_as_text, ("str",)),
                        ("list", ("before", number_as_text, ("str",))),
                    ),
                ),
            ),
            False,
            ("value", None),
        ),
        (
            "target_date",
            (
                "nullable",
                (
                    "union",
                    (
                        ("date",),
                        ("before", number_as_text, ("str",)),
                    ),
                ),
            ),
            False,
            ("value", None),
        ),
        ("status", ("before", status_from_text, ("nullable", ("enum", Status))), False, ("value", None)),
        ("measure", ("nullable", ("before", number_as_text, ("str",))), False, ("value", None)),
    ),
    Recommendation: (
        (
            "id",
            (
                "before",
                id_not_true_or_false,
                (
                    "union",
                    (
                        ("int", None, None),
                        ("before", number_as_text, ("str",)),
                    ),
                ),
            ),
            True,
            None,
        ),
        ("addressee", ("nullable", ("before", number_as_text, ("str",))), False, ("value", None)),
        ("text", ("nullable", ("before", number_as_text, ("str",))), False, ("value", None)),
        ("category", ("nullable", ("before", number_as_text, ("str",))), False, ("value", None)),
        ("response", ("nullable", ("before", number_as_text, ("str",))), False, ("value", None)),
        ("implemented_part", ("nullable", ("before", number_as_text, ("str",))), False, ("value", None)),
        ("reasons", ("before", null_is_empty, ("list", ("model", Reason))), False, ("factory", list)),
        ("actions", ("before", null_is_empty, ("list", ("model", Action))), False, ("factory", list)),
    ),
    Summary: (
        ("agreed", ("nullable", ("int", 0, None)), False, ("value", None)),
        ("partly_agreed", ("nullable", ("int", 0, None)), False, ("value", None)),
        ("not_agreed", ("nullable", ("int", 0, None)), False, ("value", None)),
        ("total", ("nullable", ("int", 0, None)), False, ("value", None)),
    ),
    Plan: (
        ("planlint", ("int", 1, 1), False, ("value", 1)),
        ("plan", ("model", PlanInfo), True, None),
        ("recommendations", ("before", null_is_empty, ("list", ("model", Recommendation))), False, ("factory", list)),
        ("summary", ("nullable", ("after", extra_counts, ("model", Summary))), False, ("value", None)),
    ),
}

# The keys each mapping may hold, and the record a key's values are made of (PL003 reads this).
KNOWN_KEYS: dict[type[Record], dict[str, type[Record] | None]] = {
    PlanInfo: {
        "title": None,
        "organisation": None,
        "report": None,
        "report_published": None,
        "submitted": None,
        "template": None,
    },
    Reason: {"category": None, "text": None},
    Action: {"text": None, "owner": None, "target_date": None, "status": None, "measure": None},
    Recommendation: {
        "id": None,
        "addressee": None,
        "text": None,
        "category": None,
        "response": None,
        "implemented_part": None,
        "reasons": Reason,
        "actions": Action,
    },
    Summary: {"agreed": None, "partly_agreed": None, "not_agreed": None, "total": None},
    Plan: {"planlint": None, "plan": PlanInfo, "recommendations": Recommendation, "summary": Summary},
}
