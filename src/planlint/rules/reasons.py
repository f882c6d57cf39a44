"""PL201-PL204: why a recommendation is not (fully) agreed, and which of the four reasons it is (G5, G6)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from planlint.findings import Path, Problem
from planlint.lazy_pattern import LazyPattern
from planlint.phrases import phrase_list, word_count
from planlint.profiles import CategoryRule, Profile, either
from planlint.rules import RuleContext, blank, check, iter_recommendations, squash
from planlint.shapes import Plan, Recommendation


def _explanations(path: Path, rec: Recommendation) -> list[tuple[Path, str]]:
    """The explanation's texts, the one findings point at first: reasons, then the response."""
    out = [(path + ("reasons", i, "text"), r.text or "") for i, r in enumerate(rec.reasons) if not blank(r.text)]
    if not blank(rec.response):
        out.append((path + ("response",), rec.response or ""))
    return out


def _explanation_anchor(path: Path, rec: Recommendation) -> Path:
    if rec.reasons:
        first = rec.reasons[0]
        return path + ("reasons", 0) + (("text",) if not blank(first.text) else ())
    return path + ("response",)


def _needs_reason(rec: Recommendation, profile: Profile) -> bool:
    category = profile.category(rec.category)
    return category is not None and category.needs_reason


# A response that only restates the category ("Not agreed.", "This recommendation is partly agreed.")
# explains nothing. \A...\Z with bounded pieces: linear when matched.
_RESTATES_CATEGORY = LazyPattern(
    r"\A\W{0,3}(?:(?:this|the)\s{1,3}recommendation\s{1,3}is\s{1,3})?(?:partly|partially|not)[\s-]{1,3}"
    r"agreed\W{0,3}\Z",
    re.IGNORECASE,
)


def _explains(text: str | None) -> bool:
    return not blank(text) and _RESTATES_CATEGORY.match(text or "") is None


def _has_explanation(rec: Recommendation) -> bool:
    return any(_explains(r.text) for r in rec.reasons) or _explains(rec.response)


def named_categories(text: str, lexicon: dict, reason_categories: tuple[str, ...]) -> list[str]:
    """The reason categories (the template's) whose wording the text uses, in the template's order."""
    return [
        name for name in reason_categories if phrase_list([name, *(lexicon.get(name) or [])]).search(text) is not None
    ]


@check("reason-missing")
def reason_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, rec in iter_recommendations(plan):
        if _needs_reason(rec, ctx.profile) and not _has_explanation(rec):
            # A reason with only a category is there but says nothing: ask for its text, not for reasons.
            wanted = "`text` to the reason" if rec.reasons else "`reasons`"
            category = ctx.profile.category(rec.category)
            assert category is not None  # _needs_reason: a category of the profile
            yield Problem(
                path,
                f"{ctx.profile.unit} {rec.id} is {category.name} but gives no "
                f"explanation: add {wanted} saying why it {category.why}",
            )


@check("reason-category-missing")
def reason_category_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    lexicon = ctx.words.get("reason-categories") or {}
    kinds = ctx.profile.reason_categories
    if not kinds:
        return  # the template names no reason categories
    for path, rec in iter_recommendations(plan):
        if not _needs_reason(rec, ctx.profile) or not _has_explanation(rec):
            continue
        if any(not blank(r.category) for r in rec.reasons):
            continue  # a stated category, valid or not (PL203 judges it)
        if any(named_categories(text, lexicon, kinds) for _, text in _explanations(path, rec)):
            continue
        yield Problem(
            _explanation_anchor(path, rec),
            f"the explanation does not say whether the reason is {either(kinds)}: add `category:` to the reason",
        )


@check("reason-category-invalid")
def reason_category_invalid(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    lexicon = ctx.words.get("reason-categories") or {}
    kinds = ctx.profile.reason_categories
    if not kinds:
        return  # the template names no reason categories: any wording will do
    for path, rec in iter_recommendations(plan):
        if ctx.profile.category(rec.category) is None:
            continue
        for index, reason in enumerate(rec.reasons):
            if blank(reason.category) or squash(reason.category or "") in kinds:
                continue
            raw = reason.category or ""
            named = named_categories(raw, lexicon, kinds)
            import difflib  # only for a reason category no kind matches

            near = difflib.get_close_matches(squash(raw), kinds, n=1, cutoff=0.7) or named[:1]
            if len(named) > 1:
                # "commissioning and affordability": offering one of them would drop the other.
                hint = f"; give one reason per category ({', '.join(named)})"
            else:
                hint = f"; did you mean '{near[0]}'?" if near else ""
            yield Problem(
                path + ("reasons", index, "category"),
                f"'{raw}' is not a reason category: use {either(kinds)}{hint}",
            )


@check("reason-too-thin")
def reason_too_thin(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    minimum = int(ctx.option("min-words"))
    for path, rec in iter_recommendations(plan):
        if not _needs_reason(rec, ctx.profile) or not _has_explanation(rec):
            continue
        words = sum(word_count(text) for _, text in _explanations(path, rec))
        if words < minimum:
            yield Problem(
                _explanation_anchor(path, rec),
                f"the explanation is {words} word{'s' * (words != 1)} "
                f"long: say clearly why {ctx.profile.unit} {rec.id} {_why(rec, ctx)} (at least {minimum} words)",
            )


def _why(rec: Recommendation, ctx: RuleContext) -> str:
    """What the explanation of this answer explains ("is rejected"): its category's, else the default."""
    category = ctx.profile.category(rec.category)
    return category.why if category is not None else CategoryRule.why
