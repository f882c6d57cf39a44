"""SMART wording of actions (PL501-PL506) and conditional delivery of an Agreed recommendation (PL109).

Every check reads its word list from `rules/lexicon/` through ctx.words, so an
organisation extends a list by adding items, never by changing code. Findings
about a phrase carry an Anchor on it; the engine turns that into the line and
column inside a multi-line text.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

from planlint.findings import Path, Problem
from planlint.model import Action, Category, Plan, Recommendation
from planlint.phrases import Match, content_stems, stem, stems_overlap, word_count
from planlint.rules import RuleContext, check, iter_actions, lexicon, per_plan, stop_words

MAX_WORDS_DEFAULT = 120


# ---------------------------------------------------------------- shared helpers


def finder(ctx: RuleContext, name: str) -> Callable[[str | None], Iterator[Match]]:
    """A check's matcher for a word list: the matches in a text, leaving out template boilerplate.

    Made once per check call, not per text (a plan's checks ask about some 8,000 texts)."""
    phrases, boilerplate = lexicon(ctx, name), lexicon(ctx, "boilerplate")
    return lambda text: phrases.finditer(text or "", skip=boilerplate)


def quoted(match: Match) -> str:
    return "'" + " ".join(match.text.split()) + "'"


def instead(match: Match, fallback: str) -> str:
    return match.entry.instead or fallback


def action_path(rec_index: int, action_index: int) -> Path:
    return ("recommendations", rec_index, "actions", action_index, "text")


def actions(plan: Plan) -> Iterator[tuple[Path, Recommendation, Action]]:
    """The actions that have text, each with the path of that text (where wording findings point)."""
    return iter(per_plan(plan, "worded-actions", lambda: [
        (path + ("text",), rec, action) for path, rec, action in iter_actions(plan)
        if action.text and action.text.strip()]))


# A count: 20, 1,500, 3.5 - not a year (2024), a financial year (2021/22) or part of a name (CY6, SEEDS2).
_NUMBER_RE = re.compile(r"(?<![\w/])(?!(?:19|20)\d\d(?!\d|[.,]\d))\d+(?:[.,]\d+)*(?![\w/])")
_PERCENT_RE = re.compile(r"\d\s*%|\bper\s*cent\b", re.IGNORECASE)


def names_deliverable(ctx: RuleContext) -> Callable[[str], bool]:
    deliverables = lexicon(ctx, "deliverables", nouns=True)
    return lambda text: deliverables.search(text) is not None


def measurable(ctx: RuleContext) -> Callable[[str], bool]:
    """Whether a text names a deliverable, a number, a percentage or a frequency."""
    deliverable, frequencies, numbers = names_deliverable(ctx), lexicon(ctx, "frequencies"), lexicon(ctx, "numbers")
    return lambda text: (deliverable(text) or bool(_NUMBER_RE.search(text)) or bool(_PERCENT_RE.search(text))
                         or frequencies.search(text) is not None or numbers.search(text) is not None)


# ---------------------------------------------------------------- PL5xx


def phrases_in_actions(plan: Plan, ctx: RuleContext, name: str, harm: str, fallback: str) -> Iterator[Problem]:
    """A finding at each phrase of word list `name` in an action: the phrase, the harm it does, and the
    list entry's `instead` (else `fallback`)."""
    find = finder(ctx, name)
    for path, _rec, action in actions(plan):
        for match in find(action.text):
            yield Problem(path, f"{quoted(match)} {harm}: {instead(match, fallback)}", anchor=match.anchor)


@check("vague-phrase")
def vague_phrase(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    return phrases_in_actions(plan, ctx, "vague-phrases", "leaves the action open to being skipped or stretched",
                              "say exactly what will be done")


@check("non-committal")
def non_committal(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    return phrases_in_actions(plan, ctx, "non-committal", "does not commit to doing anything",
                              "say what will be done")


@check("continuation-only")
def continuation_only(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    find, deliverable = finder(ctx, "continuation"), names_deliverable(ctx)
    for path, _rec, action in actions(plan):
        match = next(find(action.text), None)
        if match is not None and not deliverable(action.text or ""):
            yield Problem(path, f"the action only continues existing work ({quoted(match)}) and names "
                          f"no new output: {instead(match, 'name what will be new and the output that shows it')}",
                          anchor=match.anchor)


@check("unmeasurable")
def unmeasurable(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    from planlint.rules.acronyms import expanded

    stops, is_measurable = stop_words(ctx), measurable(ctx)
    for path, _rec, action in actions(plan):
        if action.measure and action.measure.strip():
            continue
        if not is_measurable(expanded(plan, action.text or "", stops)):
            yield Problem(path, "the action names nothing measurable (no deliverable such as a report, "
                          "audit, policy or training, no number, percentage or frequency): say what will exist when "
                          "it is done, or add a `measure`")


@check("action-too-long")
def action_too_long(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    limit = int(ctx.options.get("max-words", MAX_WORDS_DEFAULT))
    for path, _rec, action in actions(plan):
        count = word_count(action.text or "")
        if count > limit:
            yield Problem(path, f"the action is {count} words long (more than {limit}), too long to "
                          "track as one step: split it into separate actions, each with its own owner and date")


@check("action-irrelevant")
def action_irrelevant(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    from planlint.rules.acronyms import expanded

    stops = stop_words(ctx)
    generic = {stem(word) for item in (*ctx.word_list("action-verbs"), *ctx.word_list("deliverables"))
               if isinstance(item, str) for word in item.split()}
    for i, rec in enumerate(plan.recommendations):
        if not (rec.text and rec.text.strip()):
            continue
        # acronyms count by their long forms: "PSO training" is about probation service officers
        context = content_stems(expanded(plan, " ".join(t for t in (rec.text, rec.response, rec.implemented_part) if t),
                                         stops), stops)
        stems = [content_stems(expanded(plan, a.text or "", stops), stops) for a in rec.actions]
        relevant = [bool(s) and stems_overlap(s, context) for s in stems]
        # An action can take its subject from a sibling that is itself on topic ("the rate card"
        # beside "use of interventions"); sharing only verbs or deliverables does not count.
        on_topic = set().union(*(s - generic for s, ok in zip(stems, relevant) if ok)) if any(relevant) else set()
        for j, action_stems in enumerate(stems):
            if not action_stems or relevant[j] or stems_overlap(action_stems - generic, on_topic):
                continue
            yield Problem(action_path(i, j), f"the action shares no subject word with recommendation {rec.id}, its "
                          "response or its other actions: check it belongs here, or say how it addresses the "
                          "recommendation")


# ---------------------------------------------------------------- PL109


@check("agreed-with-caveat")
def agreed_with_caveat(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    find = finder(ctx, "caveats")
    for i, rec in enumerate(plan.recommendations):
        if rec.category_value is not Category.AGREED:
            continue
        texts: list[tuple[Path, str | None]] = [(("recommendations", i, "response"), rec.response)]
        texts += [(action_path(i, j), a.text) for j, a in enumerate(rec.actions)]
        for path, text in texts:
            for match in find(text):
                yield Problem(path, f"the recommendation is Agreed, but {quoted(match)} makes delivery conditional: "
                              f"{instead(match, 'make it Partly Agreed and give the affordability reason')}",
                              anchor=match.anchor)
