"""The plan format (version 1) as pydantic models.

The models are deliberately lenient where a rule has something better to say
than "wrong type": a missing category is PL101, not a schema error, so
`category` is optional here. They are strict about shapes (a list where a
list belongs), which is what PL002 reports.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from planlint.plan_values import (
    ActionValues,
    Category,
    RecommendationValues,
    Status,
    extra_counts,
    id_not_true_or_false,
    null_is_empty,
    number_as_text,
    read_category,
    readable_date,
    status_from_text,
)

if TYPE_CHECKING:
    from planlint.profiles import Profile

__all__ = ["Action", "Category", "Plan", "PlanInfo", "Reason", "Recommendation", "Status", "Summary", "read_category"]


Text = Annotated[str, BeforeValidator(number_as_text)]


class _Node(BaseModel):
    # Unknown keys are PL003 findings, not validation errors; the published schema
    # still forbids them so that editors flag a misspelt key as it is typed.
    model_config = ConfigDict(extra="ignore", frozen=True, json_schema_extra={"additionalProperties": False})


class PlanInfo(_Node):
    title: Text = Field(description="The plan's title, as printed at the top of the template.")
    organisation: Text | None = Field(None, description="The organisation answering the recommendations.")
    report: Text | None = Field(None, description="The inspection report the plan answers.")
    report_published: dt.date | Text | None = Field(
        None, description="When the report was published: a YAML date or text such as '17th July 2019'."
    )
    submitted: dt.date | Text | None = Field(
        None, description="When the plan is submitted: the 'as of' date for every date rule."
    )
    template: Text | None = Field(
        None,
        description="The template the plan is written on (a profile in rules/profiles/); none: the config's, "
        "else hmpps-2018.",
    )

    # The value checks are plain functions (plan_values.py), so the shapes generated from this model
    # call the very same ones.
    _readable_date = field_validator("report_published", "submitted", mode="after")(readable_date)


class Reason(_Node):
    category: Text | None = Field(None, description="commissioning | policy | operational | affordability")
    text: Text | None = Field(None, description="Why the recommendation is not (fully) agreed.")


class Action(_Node, ActionValues):
    text: Text | None = Field(None, description="The step to be taken.")
    owner: Text | list[Text] | None = Field(
        None, description="Who is responsible: one text, or a list with one owner per item."
    )
    target_date: dt.date | Text | None = Field(
        None, description="When the step will be complete, as the author writes it ('March 2024', '2024/25')."
    )
    status: Status | None = Field(None, description="planned | in progress | complete")
    measure: Text | None = Field(None, description="How completion is evidenced.")

    _status = field_validator("status", mode="before")(status_from_text)


class Recommendation(_Node, RecommendationValues):
    id: int | Text = Field(description="The recommendation number as printed: 1, 'SW 2', '6 SW 6 and CRC 5'.")
    addressee: Text | None = Field(None, description="An 'X should:' heading above the recommendation.")
    text: Text | None = Field(None, description="The recommendation as the inspectorate wrote it.")
    category: Text | None = Field(
        None, description="Agreed | Partly Agreed | Not Agreed", examples=[c.value for c in Category]
    )
    response: Text | None = Field(None, description="Narrative before the actions.")
    implemented_part: Text | None = Field(
        None, description="Partly Agreed: which part of the recommendation will be implemented."
    )
    reasons: list[Reason] = Field(default_factory=list, description="Partly / Not Agreed: why not (fully) agreed.")
    actions: list[Action] = Field(default_factory=list, description="Agreed / Partly Agreed: the steps.")

    _null_is_empty = field_validator("reasons", "actions", mode="before")(null_is_empty)
    _not_true_or_false = field_validator("id", mode="before")(id_not_true_or_false)


class Summary(_Node):
    # The 2018 template's counts; another template's (its profile's `summary` keys: `accepted`, ...)
    # are kept as extra keys, each a count like these. Which keys a plan may use is its profile's say
    # (an unknown one is PL003), so the model keeps any and checks only that it is a count.
    model_config = ConfigDict(extra="allow", frozen=True, json_schema_extra={"additionalProperties": False})

    agreed: int | None = Field(None, ge=0)
    partly_agreed: int | None = Field(None, ge=0)
    not_agreed: int | None = Field(None, ge=0)
    total: int | None = Field(None, ge=0)

    _counts = model_validator(mode="after")(extra_counts)


class Plan(_Node):
    planlint: int = Field(1, description="Format version.", ge=1, le=1)
    plan: PlanInfo
    recommendations: list[Recommendation] = Field(
        default_factory=list, description="The recommendations, in the order printed."
    )
    summary: Summary | None = Field(None, description="The summary table; when present it must match the rows.")

    _null_is_empty = field_validator("recommendations", mode="before")(null_is_empty)


@functools.cache  # asked once per mapping of every plan; the answer never changes
def known_keys(model: type[BaseModel]) -> dict[str, type[BaseModel] | None]:
    """Field names of a model, each with the model its values are made of (None for scalars)."""
    out: dict[str, type[BaseModel] | None] = {}
    for name, info in model.model_fields.items():
        out[name] = _inner_model(info.annotation)
    return out


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def json_schema(profile: Profile | None = None) -> dict[str, Any]:
    """The plan format's JSON Schema; with a profile, as a plan on that template writes it: its
    categories, reason categories and summary keys (the model is the same for every template)."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://planlint.dev/schema/plan-v1.json"
    schema["title"] = "planlint action plan (format version 1)"
    if profile is None:
        return schema
    defs = schema["$defs"]
    schema["$id"] = f"https://planlint.dev/schema/plan-v1-{profile.name}.json"
    schema["title"] += f", {profile.name} template: {profile.title}"
    template = defs["PlanInfo"]["properties"]["template"]
    template["examples"] = [profile.name]
    category = defs["Recommendation"]["properties"]["category"]
    # still any text: a category the template does not know is PL102, with a suggestion, not a schema error
    category["description"] = " | ".join(profile.category_names)
    category["examples"] = list(profile.category_names)
    defs["Recommendation"]["properties"]["id"]["description"] = (
        f"The {profile.unit} number as printed: {profile.id_style}."
        if profile.id_style
        else f"The {profile.unit} number as printed."
    )
    if profile.reason_categories:
        defs["Reason"]["properties"]["category"]["description"] = " | ".join(profile.reason_categories)
    count = {"anyOf": [{"minimum": 0, "type": "integer"}, {"type": "null"}], "default": None}
    defs["Summary"]["properties"] = {s.key: {**count, "title": s.label} for s in profile.summary}
    return schema
