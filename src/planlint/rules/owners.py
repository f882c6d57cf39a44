"""PL301-PL305: every action has an owner who can be held to it (G3)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from planlint.findings import Problem
from planlint.model import Plan
from planlint.rules import RuleContext, blank, check, iter_actions, iter_owners, per_run, squash


@check("owner-missing")
def owner_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, _rec, action in iter_actions(plan):
        if all(blank(o) for o in action.owners):
            yield Problem(path, "the action has no owner: add `owner:` naming who is responsible for it")


@check("owner-placeholder")
def owner_placeholder(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    placeholders = per_run(ctx, "owner-placeholders", lambda: {
        squash(str(p)) for p in ctx.word_list("owner-placeholders")} | {"?", "-"})
    for path, owner in iter_owners(plan):
        stripped = owner.strip()
        if not stripped and isinstance(path[-1], int):
            yield Problem(path, "the owner list has an empty item: name the owner or remove the item")
            continue
        if stripped and (squash(stripped) in placeholders or stripped.strip("?-–— .") == ""):
            yield Problem(path, f"the owner '{stripped}' is a placeholder: name the role responsible for the "
                          "action before the plan is submitted")


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein with adjacent transpositions)."""
    if abs(len(a) - len(b)) > 2:
        return 3
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[len(b)]


_TOKEN = re.compile(r"[\w&']+|[^\w\s]")


def owner_tokens(owner: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(owner.casefold()))


def near_miss(ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
    """Same owner (as owner_tokens) but for one misspelt word: one token differs, by one edit (two in
    long words)."""
    if len(ta) != len(tb) or ta == tb:
        return False
    differing = [(x, y) for x, y in zip(ta, tb) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    if any(ch.isdigit() for ch in x + y) or min(len(x), len(y)) < 4:
        return False  # "Team 1" / "Team 2", short words: different owners, not typos
    if x[0] != y[0]:
        return False  # Quality / Equality, Lead / Head, Northern / Southern: other words, rarely a typo
    allowed = 1 if max(len(x), len(y)) < 8 else 2
    return _edits(x, y) <= allowed


@check("owner-inconsistent")
def owner_inconsistent(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    owners = [(path, " ".join(owner.split())) for path, owner in iter_owners(plan) if owner.strip()]
    counts = Counter(text for _, text in owners)
    tokens = {text: owner_tokens(text) for text in counts}  # every pair is compared: tokenise each once
    intended: dict[str, str] = {}
    for text in tokens:
        candidates = [other for other in tokens
                      if counts[other] > counts[text] and near_miss(tokens[text], tokens[other])]
        if candidates:
            intended[text] = max(candidates, key=lambda o: counts[o])
    for path, text in owners:
        if text in intended:
            other = intended[text]
            yield Problem(path, f"the owner '{text}' looks like a misspelling of '{other}' (used {counts[other]} "
                          "times in this plan): spell each owner the same way so actions can be tracked")


def _collective(owner: str, collectives: set[str]) -> bool:
    key = squash(owner)
    return key in collectives or key.removeprefix("the ") in collectives


@check("owner-vague")
def owner_vague(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    collectives = per_run(ctx, "owner-collectives", lambda: {squash(str(c)) for c in ctx.word_list("owner-collectives")})
    for path, owner in iter_owners(plan):
        if owner.strip() and _collective(owner, collectives):
            yield Problem(path, f"the owner '{owner.strip()}' names no one accountable: name the role that "
                          "answers for the action (for example 'Head of Operations')")



_TITLE_AND_NAME_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+[A-Z]")
_NAME_TOKEN_RE = re.compile(r"[\w'&-]+")


def has_named_individual(owner: str, role_words: set[str]) -> bool:
    """Two capitalised words in a row that are not job-title words, or a title and a surname.

    An initial counts as a name word ("J. Smith"); other all-capital words are acronyms.
    """
    if _TITLE_AND_NAME_RE.search(owner):
        return True
    run = 0
    for token in _NAME_TOKEN_RE.findall(owner):
        name_like = len(token) == 1 or not token.isupper()
        if token[:1].isupper() and name_like and token.casefold() not in role_words:
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False


@check("owner-named-individual")
def owner_named_individual(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    role_words = per_run(ctx, "owner-role-words", lambda: {str(w).casefold() for w in ctx.word_list("owner-role-words")})
    for path, owner in iter_owners(plan):
        if owner.strip() and not has_named_individual(owner, role_words):
            yield Problem(path, f"the owner '{owner.strip()}' names a role but no individual: add the named "
                          "individual and their functional role (e.g. 'Jane Smith, Head of Operations')")
