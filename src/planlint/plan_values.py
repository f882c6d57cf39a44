"""The plan format's values and value checks, without pydantic: shared by the model and the records.

The pydantic model (model.py) is the one definition of the plan format: `planlint schema` comes
from it, and `shapes.py` is generated from it. What both the model and the records the rules read
need at run time lives here, so that `planlint check` on a well-formed plan never imports pydantic:
the enums, the functions the model validates with (the generated shapes call the same ones), and
the few values derived from a field (`Action.owners`, `Recommendation.category_value`).
"""

from __future__ import annotations

import enum
import functools
from typing import TYPE_CHECKING, Any

from planlint.lazy_pattern import LazyPattern


class Category(str, enum.Enum):
    AGREED = "Agreed"
    PARTLY_AGREED = "Partly Agreed"
    NOT_AGREED = "Not Agreed"


class Status(str, enum.Enum):
    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    COMPLETE = "complete"


_SQUASH = LazyPattern(r"[\s_\-]+")


def _squash(text: str) -> str:
    return _SQUASH.sub("", text).casefold()


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


# ---------------------------------------------------------------- the model's value checks


def number_as_text(value: Any) -> Any:
    # A YAML scalar such as `target_date: 2024` or `owner: 101` arrives as a
    # number; authors mean the text they typed.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def readable_date(value: Any) -> Any:
    # An unreadable submitted date would silently make every date rule judge against today.
    if isinstance(value, str):
        from planlint.dates import read_plan_date  # the date grammar: loaded when a date is read

        if read_plan_date(value) is None:
            raise ValueError(
                f"'{value}' is not a date planlint can read: write it as YYYY-MM-DD or as '17 January 2024'"
            )
    return value


def status_from_text(value: Any) -> Any:
    if isinstance(value, str):
        found = _STATUS_BY_KEY.get(_squash(value))
        if found is None:
            raise ValueError(f"status {value!r} is not one of: planned, in progress, complete")
        return found
    return value


def null_is_empty(value: Any) -> Any:
    return [] if value is None else value


def id_not_true_or_false(value: Any) -> Any:
    # YAML reads `id: true` as a boolean, which the number-or-text union would take for 1
    if isinstance(value, bool):
        raise ValueError(
            f"the id is {str(value).lower()}, not a recommendation number: write the number "
            "as printed in the report (1, '2a', 'SW 2')"
        )
    return value


def extra_counts(summary: Any) -> Any:
    # Another template's summary keys are kept as extra keys (which keys a plan may use is its
    # profile's say: PL003); each must be a count like the format's own.
    for key, value in (summary.model_extra or {}).items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise ValueError(f"summary {key} is {value!r}, not a count: write a whole number (0 or more)")
    return summary


# ---------------------------------------------------------------- what the rules read of a validated plan


class ActionValues:
    """What is derived from an action's fields (a base of model.Action and shapes.Action alike)."""

    __slots__ = ()
    if TYPE_CHECKING:  # not at run time: pydantic would take it for a field of model.Action
        owner: Any

    @property
    def owners(self) -> list[str]:
        if self.owner is None:
            return []
        return [self.owner] if isinstance(self.owner, str) else list(self.owner)


class RecommendationValues:
    """What is derived from a recommendation's fields (a base of model.Recommendation and shapes.Recommendation)."""

    __slots__ = ()
    if TYPE_CHECKING:  # not at run time: pydantic would take it for a field of model.Recommendation
        category: Any

    @property
    def category_value(self) -> Category | None:
        return read_category(self.category)


class Record:
    """A validated part of a plan, as the rules read it: its fields as attributes, read-only.

    `model_fields_set` names the keys the input gave, and `model_extra` holds the keys a record that
    keeps them (EXTRA) was given beyond its fields, read as attributes too (as pydantic's models say
    both)."""

    __slots__ = ("model_extra", "model_fields_set")
    EXTRA = False  # whether keys beyond the fields are kept (pydantic's extra="allow")
    model_fields_set: frozenset[str]
    model_extra: dict[str, Any] | None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __getattr__(self, name: str) -> Any:
        # only for a name that is no field: an extra key, as pydantic reads it
        extra = object.__getattribute__(self, "model_extra") if name != "model_extra" else None
        if extra and name in extra:
            return extra[name]
        raise AttributeError(f"{type(self).__name__} has no {name!r}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.model_extra == other.model_extra and all(
            getattr(self, name) == getattr(other, name) for name in self.fields()
        )

    def __hash__(self) -> int:
        return hash(tuple(_hashable(getattr(self, name)) for name in self.fields()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.fields())
        extra = "".join(f", {key}={value!r}" for key, value in (self.model_extra or {}).items())
        return f"{type(self).__name__}({shown}{extra})"

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        return cls.__slots__

    @classmethod
    def make(cls, values: dict[str, Any], given: frozenset[str], extra: dict[str, Any] | None = None) -> Any:
        record = object.__new__(cls)
        for name in cls.__slots__:
            object.__setattr__(record, name, values[name])
        object.__setattr__(record, "model_fields_set", given)
        object.__setattr__(record, "model_extra", extra if cls.EXTRA else None)
        return record


def _hashable(value: Any) -> Any:
    return tuple(map(_hashable, value)) if isinstance(value, list) else value
