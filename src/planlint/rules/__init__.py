"""Rule checks: pure functions of the plan model.

A check is registered under its rule's kebab-case name (the name in
`rules/<code>-<name>.yaml`) and yields Problems. It never reads files,
config or severities and never computes line numbers: the engine does.

    @check("owner-missing")
    def owner_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
        ...
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Iterator, Mapping

from planlint.findings import Problem
from planlint.model import Plan

Check = Callable[[Plan, "RuleContext"], Iterator[Problem]]

CHECKS: dict[str, Check] = {}

# Modules holding checks; imported once, by the catalog, when checks are first needed.
MODULES = ("structure", "categories", "reasons", "owners", "target_dates", "wording", "acronyms", "consistency")


def check(name: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        if name in CHECKS:
            raise RuntimeError(f"two checks registered for rule {name!r}")
        CHECKS[name] = function
        return function

    return register


_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class RuleContext:
    """What a check may know besides the plan: its options, the 'as of' date and the word lists."""

    as_of: dt.date
    options: Mapping[str, Any] = _EMPTY
    words: Mapping[str, Any] = _EMPTY
    settings: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)

    def option(self, key: str) -> Any:
        return self.options[key]

    def word_list(self, key: str) -> tuple[str, ...]:
        return tuple(self.words.get(key, ()))
