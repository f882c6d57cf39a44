"""PL101-PL108, PL110: every recommendation categorised, complete and consistent with its category (G1, G2, G5)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from planlint.findings import Edit, Fix, Problem
from planlint.lazy_pattern import LazyPattern
from planlint.profiles import Profile
from planlint.rules import RuleContext, blank, check, iter_actions, iter_recommendations, lexicon, squash
from planlint.shapes import Plan


@check("category-missing")
def category_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, rec in iter_recommendations(plan):
        if blank(rec.category):
            yield Problem(
                path, f"{ctx.profile.unit} {rec.id} has no category: say whether it is {ctx.profile.choices()}"
            )


def category_synonyms(profile: Profile, words: dict) -> dict[str, list[str]]:
    """Other spellings of each of the template's categories: the profile's aliases, and the
    `category-synonyms` word list's entries for the categories the template has."""
    words = words or {}
    return {c.name: [*c.aliases, *(words.get(c.name) or [])] for c in profile.categories}


def suggest_category(raw: str, synonyms: dict) -> tuple[str | None, bool]:
    """The category a misspelt or reworded value most likely means, and whether that is certain.
    `synonyms` maps each of the template's categories to its other spellings."""
    key = squash(raw)
    for canonical, words in (synonyms or {}).items():
        if key in {squash(str(w)) for w in words}:
            return canonical, True
    import difflib  # only for a value no category matches

    folded = {squash(c): c for c in synonyms}
    close = difflib.get_close_matches(key, list(folded), n=2, cutoff=0.75)
    if not close:
        return None, False
    best = folded[close[0]]
    ratio = difflib.SequenceMatcher(None, key, close[0]).ratio()
    runner_up = difflib.SequenceMatcher(None, key, close[1]).ratio() if len(close) > 1 else 0.0
    return best, ratio >= 0.85 and ratio - runner_up >= 0.1


@check("category-invalid")
def category_invalid(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    synonyms = category_synonyms(ctx.profile, ctx.words.get("category-synonyms") or {})
    for path, rec in iter_recommendations(plan):
        if blank(rec.category) or ctx.profile.category(rec.category) is not None:
            continue
        suggestion, certain = suggest_category(rec.category or "", synonyms)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        fix = (
            Fix(f"write the category as '{suggestion}'", (Edit(path + ("category",), suggestion),))
            if suggestion and certain
            else None
        )
        yield Problem(
            path + ("category",),
            f"'{rec.category}' is not a category: use {ctx.profile.choices()}{hint}",
            fix=fix,
        )


@check("actions-missing")
def actions_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, rec in iter_recommendations(plan):
        category = ctx.profile.category(rec.category)
        if category is not None and category.needs_actions and not rec.actions:
            yield Problem(
                path,
                f"{ctx.profile.unit} {rec.id} is {category.name} but lists no action: give the "
                "specific steps, each with an owner and a target date",
            )


@check("not-agreed-has-actions")
def not_agreed_has_actions(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    partial = ctx.profile.partial
    for path, rec in iter_recommendations(plan):
        category = ctx.profile.category(rec.category)
        if category is not None and category.forbids_actions and rec.actions:
            n = len(rec.actions)
            # the template's partial answer is the one that keeps steps and a reason; without one, the steps go
            move = f"make it {partial.name}, or move" if partial is not None else "move"
            yield Problem(
                path,
                f"{ctx.profile.unit} {rec.id} is {category.name} (it will not be implemented) but lists "
                f"{n} action{'s' if n > 1 else ''}: {move} the actions into the explanation",
            )


@check("recommendation-text-missing")
def recommendation_text_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, rec in iter_recommendations(plan):
        if blank(rec.text):
            yield Problem(
                path,
                f"{ctx.profile.unit} {rec.id} has no text: copy the {ctx.profile.unit} as the inspection report words it",
            )


def id_key(value: object) -> str:
    return " ".join(str(value).split()).casefold()


@check("duplicate-id")
def duplicate_id(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for path, rec in iter_recommendations(plan):
        key = id_key(rec.id)
        if key in first:
            yield Problem(
                path + ("id",),
                f"id {rec.id} is already used by the recommendation at position "
                f"{first[key] + 1}: give each recommendation the number the report prints",
            )
        else:
            first[key] = path[1]  # type: ignore[assignment]


def numeric_id(value: object) -> int | None:
    if isinstance(value, int):
        return value
    text = str(value).strip().rstrip(".")
    return int(text) if re.fullmatch(r"\d{1,6}", text) else None


# "R1", "Rec 4", "SW 2": a number after a short prefix. \A: matched from the start only, linear.
_PREFIXED_ID = LazyPattern(r"\A([A-Za-z]{1,5})(\s?)(\d{1,6})\.?\Z")


def _numbering(plan: Plan) -> tuple[list[int | None], str]:
    """Each recommendation's number in the plan's one numbering, and how a number is printed ("R{}").

    Plain numbers ("1", "2") are one numbering; so are numbers after one prefix the whole plan shares
    ("R1", "R2"). Ids with different prefixes ("SW 1", "CRC 1") number different reports' lists, so they
    are not a sequence: none is checked.
    """
    plain = [numeric_id(r.id) for r in plan.recommendations]
    if any(n is not None for n in plain):
        return plain, "{}"
    found = [_PREFIXED_ID.match(" ".join(str(r.id).split())) for r in plan.recommendations]
    prefixes = {(m.group(1).casefold(), m.group(2)) for m in found if m}
    if len(prefixes) != 1:
        return [None] * len(found), "{}"
    first = next(m for m in found if m)
    return [int(m.group(3)) if m else None for m in found], first.group(1) + first.group(2) + "{}"


@check("id-sequence")
def id_sequence(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    sequence, printed = _numbering(plan)
    present = {n for n in sequence if n is not None}
    previous: int | None = None
    highest = 0

    def span(first: int, last: int) -> str:
        return printed.format(first) if first == last else f"{printed.format(first)}-{printed.format(last)}"

    for (path, _rec), number in zip(iter_recommendations(plan), sequence, strict=True):
        if number is None:
            continue
        what = None
        if previous is not None and number < previous:
            what = f"goes back from {printed.format(previous)} to {printed.format(number)}"
        elif previous is not None and number > max(previous, highest) + 1:
            # Measured from the highest number so far: after 1, 2, 4, 3 the 5 is in sequence.
            skipped = range(max(previous, highest) + 1, number)
            absent = [n for n in skipped if n not in present]
            if absent:
                contiguous = len(absent) == absent[-1] - absent[0] + 1
                note = "no recommendation " + (
                    span(absent[0], absent[-1]) if contiguous else ", ".join(printed.format(n) for n in absent)
                )
            else:
                note = f"recommendation {span(skipped[0], skipped[-1])} comes later"
            what = f"skips from {printed.format(previous)} to {printed.format(number)} ({note})"
        if what:
            yield Problem(path + ("id",), f"the numbering {what}: answer every recommendation, in the report's order")
        previous = number
        highest = max(highest, number)


# A commitment set against what will not be done: "We will work with police to initiate checks, but
# outcomes depend on partner agencies" says which part will be implemented.
_COMMITMENT_RE = LazyPattern(r"\b(?:will|shall|agrees?\s+to|(?:is|are)\s+committed\s+to)\b", re.IGNORECASE)
_CONTRAST_RE = LazyPattern(
    r"\b(?:but|however|although|though|except|other\s+than|only|cannot|will\s+not|won't|"
    r"not\s+(?:be\s+)?(?:able|possible|agreed|accepted|implemented|feasible|affordable))\b",
    re.IGNORECASE,
)


def names_part(response: str, cues: Any) -> bool:
    if cues.search(response):
        return True
    if not _COMMITMENT_RE.search(response):
        return False
    if _CONTRAST_RE.search(response):
        return True
    # "Evening sessions will be introduced in the city offices; rural offices keep daytime reporting":
    # a clause that commits beside one, not restating the category, that does not.
    clauses = [c for c in re.split(r";|\.\s", response) if c.strip() and "agreed" not in c.lower()]
    return any(_COMMITMENT_RE.search(c) for c in clauses) and any(not _COMMITMENT_RE.search(c) for c in clauses)


@check("implemented-part-missing")
def implemented_part_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    cues = lexicon(ctx, "implemented-part-cues")
    for path, rec in iter_recommendations(plan):
        category = ctx.profile.category(rec.category)
        if category is None or not category.needs_implemented_part or not blank(rec.implemented_part):
            continue
        if rec.response and names_part(rec.response, cues):
            continue  # the response says which part will be implemented
        yield Problem(
            path,
            f"{ctx.profile.unit} {rec.id} is {category.name} but does not say which part will be "
            "implemented: add `implemented_part`",
        )


@check("action-text-missing")
def action_text_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, _rec, action in iter_actions(plan, ctx):
        if blank(action.text):
            yield Problem(path, "the action has no text: add `text:` saying what step will be taken")
