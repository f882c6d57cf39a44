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
import functools
from collections.abc import Callable, Hashable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from planlint.dates import DateGrammar
from planlint.findings import Problem
from planlint.lazy_pattern import LazyPattern
from planlint.phrases import PhraseList, phrase_list
from planlint.profiles import Profile
from planlint.shapes import Plan

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


class Memo:
    """Values built on first asking and kept while their owner lives.

    Two kinds, both in the RuleContext: the per-lint index of one plan (`ctx.plan_index`: its actions,
    owners, texts, dated actions, long forms), which the engine makes for each plan and shares among
    its checks, read through the walks below (`iter_actions(plan, ctx)`, ...) and `per_plan`; and the
    compiled word lists of a rule table (`ctx.compiled`, read through `per_run` and `lexicon`), which
    the table keeps for every plan it lints.
    """

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[Hashable, Any] = {}

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        if key not in self._values:
            self._values[key] = build()
        return self._values[key]


class RuleContext(NamedTuple):  # a NamedTuple (immutable, cheap to define): see findings.py
    """What a check may know besides the plan: its options, the 'as of' date, the word lists and the
    plan's template (its profile: the categories and what each asks of an answer)."""

    as_of: dt.date
    profile: Profile
    # The per-lint index of the plan (a RuleContext is for one plan); the engine shares one among its checks.
    plan_index: Memo
    # The compiled word lists of these `words`; the engine passes its rule table's, shared by every plan.
    compiled: Memo
    options: Mapping[str, Any] = _EMPTY
    words: Mapping[str, Any] = _EMPTY
    settings: Mapping[str, Any] = _EMPTY
    date_grammar: DateGrammar | None = None  # the rule table's; None: built from `words`

    @property
    def dates(self) -> DateGrammar:
        """The target-date grammar of these word lists (`rules/lexicon/dates.yaml` as the config extends it)."""
        return self.date_grammar or DateGrammar.from_words(self.words.get("dates") or {})

    def option(self, key: str) -> Any:
        return self.options[key]

    def word_list(self, key: str) -> tuple[str, ...]:
        return tuple(self.words.get(key, ()))


# ------------------------------------------------------------------ walking the plan
# Paths are tuples such as ("recommendations", 2, "actions", 0, "owner"); the
# engine turns them into locations.

from planlint.findings import Path  # noqa: E402
from planlint.shapes import Action, Recommendation  # noqa: E402


def rec_path(index: int) -> Path:
    return ("recommendations", index)


def iter_recommendations(plan: Plan) -> Iterator[tuple[Path, Recommendation]]:
    for index, rec in enumerate(plan.recommendations):
        yield rec_path(index), rec


def per_plan(ctx: RuleContext, key: Hashable, build: Callable[[], Any]) -> Any:
    """`build()`, computed once for the plan being linted (ctx.plan_index) and reused by every check."""
    return ctx.plan_index.get(key, build)


def iter_actions(plan: Plan, ctx: RuleContext) -> Iterator[tuple[Path, Recommendation, Action]]:
    return iter(
        per_plan(
            ctx,
            "actions",
            lambda: [
                (rec_path(index) + ("actions", a_index), rec, action)
                for index, rec in enumerate(plan.recommendations)
                for a_index, action in enumerate(rec.actions)
            ],
        )
    )


def _owner_items(action_path: Path, action: Action) -> Iterator[tuple[Path, str]]:
    if isinstance(action.owner, str):
        yield action_path + ("owner",), action.owner
    elif isinstance(action.owner, list):
        for k, owner in enumerate(action.owner):
            yield action_path + ("owner", k), owner


def iter_owners(plan: Plan, ctx: RuleContext) -> Iterator[tuple[Path, str]]:
    """Each owner item with its path: `owner` for a single text, `owner[k]` for a list item."""
    return iter(
        per_plan(
            ctx,
            "owners",
            lambda: [item for path, _rec, action in iter_actions(plan, ctx) for item in _owner_items(path, action)],
        )
    )


def iter_texts(
    plan: Plan, ctx: RuleContext, *, owners: bool = True, dates: bool = False, recommendation_text: bool = True
) -> Iterator[tuple[Path, str]]:
    """Every prose value in document order (the format's field order), with its path."""
    return iter(
        per_plan(
            ctx,
            ("texts", owners, dates, recommendation_text),
            lambda: list(_walk_texts(plan, owners, dates, recommendation_text)),
        )
    )


def _walk_texts(plan: Plan, owners: bool, dates: bool, recommendation_text: bool) -> Iterator[tuple[Path, str]]:
    for key in ("title", "organisation", "report"):
        value = getattr(plan.plan, key)
        if isinstance(value, str):
            yield ("plan", key), value
    for path, rec in iter_recommendations(plan):
        for key in ("addressee", "text", "response", "implemented_part"):
            if key == "text" and not recommendation_text:
                continue
            value = getattr(rec, key)
            if isinstance(value, str):
                yield path + (key,), value
        for r_index, reason in enumerate(rec.reasons):
            if reason.text is not None:
                yield path + ("reasons", r_index, "text"), reason.text
        for a_index, action in enumerate(rec.actions):
            a_path = path + ("actions", a_index)
            if action.text is not None:
                yield a_path + ("text",), action.text
            if owners:
                yield from _owner_items(a_path, action)
            if dates and isinstance(action.target_date, str):
                yield a_path + ("target_date",), action.target_date
            if action.measure is not None:
                yield a_path + ("measure",), action.measure


def per_run(ctx: RuleContext, key: Hashable, build: Callable[[], Any]) -> Any:
    """`build()`, computed once for the word lists of this rule table (ctx.compiled) and reused by every check and plan."""
    return ctx.compiled.get(key, build)


def lexicon(ctx: RuleContext, name: str, nouns: bool = False) -> PhraseList:
    """The compiled word list `rules/lexicon/<name>.yaml` (as extended by config).

    Kept per run: a check asks for its lists once per text, and preparing the lookup key of
    phrase_list's cache (every entry of the list and of the stop words) cost most of a lint (bench/NOTES.md).
    """
    compiled: PhraseList = per_run(
        ctx,
        ("phrases", name, nouns),
        lambda: phrase_list(ctx.word_list(name), fixed=ctx.word_list("stop-words"), plural_only=nouns),
    )
    return compiled


def stop_words(ctx: RuleContext) -> frozenset[str]:
    return per_run(ctx, "stop-words", lambda: frozenset(w.lower() for w in ctx.word_list("stop-words")))  # type: ignore[no-any-return]


_EDGE_PUNCTUATION_RE = LazyPattern(r"^[\W_]+|[\W_]+$")


@functools.lru_cache(maxsize=8192)  # owners and categories repeat within a plan, and several checks ask
def squash(text: str) -> str:
    """Case, spacing and surrounding punctuation removed: the form whole-value lists compare in."""
    return " ".join(_EDGE_PUNCTUATION_RE.sub("", text.casefold()).split()) or text.strip().casefold()


def blank(text: str | None) -> bool:
    return text is None or not text.strip()


_FIELD_WORDS = {
    "text": "text",
    "response": "response",
    "implemented_part": "implemented part",
    "addressee": "heading",
    "owner": "owner",
    "measure": "measure",
    "target_date": "target date",
    "category": "category",
    "title": "title",
    "organisation": "organisation",
    "report": "report",
}


def describe_path(plan: Plan, path: Path) -> str:
    """A path as an author would say it: ("recommendations", 2, "actions", 0, "owner") ->
    "recommendation 3, action 1, owner" (the recommendation by its printed id)."""
    if not path:
        return "the plan"
    if path[0] == "plan":
        return f"the plan's {_FIELD_WORDS.get(str(path[-1]), path[-1])}"
    if path[0] == "summary":
        return "the summary"
    parts: list[str] = []
    rest = list(path)
    if len(rest) >= 2 and rest[0] == "recommendations" and isinstance(rest[1], int):
        index = rest[1]
        rec_id = plan.recommendations[index].id if index < len(plan.recommendations) else index + 1
        parts.append(f"recommendation {rec_id}")
        rest = rest[2:]
    while rest:
        key = rest.pop(0)
        if key in ("actions", "reasons") and rest and isinstance(rest[0], int):
            parts.append(f"{key[:-1]} {int(rest.pop(0)) + 1}")
        elif isinstance(key, str) and key != "text":
            parts.append(_FIELD_WORDS.get(key, key))
    return ", ".join(parts)
