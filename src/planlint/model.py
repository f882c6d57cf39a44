"""The plan format (version 1) as pydantic models.

The models are deliberately lenient where a rule has something better to say
than "wrong type": a missing category is PL101, not a schema error, so
`category` is optional here. They are strict about shapes (a list where a
list belongs), which is what PL002 reports.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

if TYPE_CHECKING:
    from planlint.profiles import Profile


def _number_as_text(value: Any) -> Any:
    # A YAML scalar such as `target_date: 2024` or `owner: 101` arrives as a
    # number; authors mean the text they typed.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_number_as_text)]


class Category(str, enum.Enum):
    AGREED = "Agreed"
    PARTLY_AGREED = "Partly Agreed"
    NOT_AGREED = "Not Agreed"


class Status(str, enum.Enum):
    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    COMPLETE = "complete"


def _squash(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()


_CATEGORY_BY_KEY = {_squash(c.value): c for c in Category}
_STATUS_BY_KEY = {_squash(s.value): s for s in Status} | {
    "completed": Status.COMPLETE,
    "done": Status.COMPLETE,
    "inprogress": Status.IN_PROGRESS,
    "ongoing": Status.IN_PROGRESS,
}


@functools.lru_cache(maxsize=256)  # asked by several rules for every recommendation
def read_category(raw: str | None) -> Category | None:
    """The category a raw value names, matched without regard to case, spacing, hyphens or underscores."""
    if raw is None:
        return None
    return _CATEGORY_BY_KEY.get(_squash(raw))


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

    @field_validator("report_published", "submitted", mode="after")
    @classmethod
    def _readable_date(cls, value: Any) -> Any:
        # An unreadable submitted date would silently make every date rule judge against today.
        if isinstance(value, str):
            from planlint.dates import read_plan_date

            if read_plan_date(value) is None:
                raise ValueError(
                    f"'{value}' is not a date planlint can read: write it as YYYY-MM-DD or as '17 January 2024'"
                )
        return value


class Reason(_Node):
    category: Text | None = Field(None, description="commissioning | policy | operational | affordability")
    text: Text | None = Field(None, description="Why the recommendation is not (fully) agreed.")


class Action(_Node):
    text: Text | None = Field(None, description="The step to be taken.")
    owner: Text | list[Text] | None = Field(
        None, description="Who is responsible: one text, or a list with one owner per item."
    )
    target_date: dt.date | Text | None = Field(
        None, description="When the step will be complete, as the author writes it ('March 2024', '2024/25')."
    )
    status: Status | None = Field(None, description="planned | in progress | complete")
    measure: Text | None = Field(None, description="How completion is evidenced.")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        if isinstance(value, str):
            found = _STATUS_BY_KEY.get(_squash(value))
            if found is None:
                raise ValueError(f"status {value!r} is not one of: planned, in progress, complete")
            return found
        return value

    @property
    def owners(self) -> list[str]:
        if self.owner is None:
            return []
        return [self.owner] if isinstance(self.owner, str) else list(self.owner)


class Recommendation(_Node):
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

    @field_validator("reasons", "actions", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("id", mode="before")
    @classmethod
    def _not_true_or_false(cls, value: Any) -> Any:
        # YAML reads `id: true` as a boolean, which the number-or-text union would take for 1
        if isinstance(value, bool):
            raise ValueError(
                f"the id is {str(value).lower()}, not a recommendation number: write the number "
                "as printed in the report (1, '2a', 'SW 2')"
            )
        return value

    @property
    def category_value(self) -> Category | None:
        return read_category(self.category)


class Summary(_Node):
    # The 2018 template's counts; another template's (its profile's `summary` keys: `accepted`, ...)
    # are kept as extra keys, each a count like these. Which keys a plan may use is its profile's say
    # (an unknown one is PL003), so the model keeps any and checks only that it is a count.
    model_config = ConfigDict(extra="allow", frozen=True, json_schema_extra={"additionalProperties": False})

    agreed: int | None = Field(None, ge=0)
    partly_agreed: int | None = Field(None, ge=0)
    not_agreed: int | None = Field(None, ge=0)
    total: int | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _counts(self) -> Summary:
        for key, value in (self.model_extra or {}).items():
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise ValueError(f"summary {key} is {value!r}, not a count: write a whole number (0 or more)")
        return self


class Plan(_Node):
    planlint: int = Field(1, description="Format version.", ge=1, le=1)
    plan: PlanInfo
    recommendations: list[Recommendation] = Field(
        default_factory=list, description="The recommendations, in the order printed."
    )
    summary: Summary | None = Field(None, description="The summary table; when present it must match the rows.")

    @field_validator("recommendations", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


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
