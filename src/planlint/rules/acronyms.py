"""PL604 acronym-undefined: every acronym is spelled out at or before its first use.

The prose of a plan is read in document order (plan title, organisation,
report; then per recommendation its addressee, text, response, implemented
part, reasons, and per action its text, owners and measure). An acronym is
defined by `Long Form (LF)` or `LF (Long Form)`; a definition counts for the
whole sentence it stands in, so "the WMT, our Workload Measurement Tool (WMT),"
is fine. Well-known acronyms (rules/lexicon/glossary.yaml, extended by the
config's `glossary`) need no definition.

The recommendation's own text is the inspectorate's, which the author cannot
change: a definition there counts, a use there is not the first use (the first
use the author wrote is). A token of the plan's own recommendation ids ("SW" in
"SW 1") is a label, not an acronym to define. "CY 6" is the defined "CY6"
written with a space.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from planlint.findings import Anchor, Problem
from planlint.lazy_pattern import LazyPattern
from planlint.rules import RuleContext, check, describe_path, iter_texts, lexicon, per_plan, per_run, stop_words
from planlint.shapes import Plan

# A candidate: letters and digits, joined by & (L&D) or a dot before capitals (GOV.UK);
# a plural "s" (SPOs) and a possessive "'s" (MoJ's, OM's) are not part of the acronym.
# The lookahead (a second capital before the next space) only skips ordinary capitalised words
# early; acronym_core still decides on the token itself.
_TOKEN_RE = LazyPattern(
    r"(?<![\w&.])[A-Z](?=[A-Za-z0-9&.]*[A-Z])[A-Za-z0-9]*(?:&[A-Za-z0-9]+)*(?:\.[A-Z]{2,})*(?![\w&])"
)
_ROMAN_RE = LazyPattern(r"(?:I{2,3}|IV|VI{0,3}|IX|XI{0,3})$")
_SENTENCE_END_RE = LazyPattern(r"[.!?;](?=\s|$)|\n\s*\n")
# `(LF)`, `('LF')`, `(LFs)`, `(LF's)` right after some words
# Each pattern that starts with a run of word characters starts only where a run
# does ((?<!\w) and kin): the matches are the same, and a 1 MB word is scanned once,
# not once from each of its characters (bench/NOTES.md).
# The word before the brackets starts only where its run of word characters, commas and quotes
# does: every start inside one run reaches the same end, so trying each ("a,a,a,...") was quadratic.
_SHORT_IN_BRACKETS_RE = LazyPattern(
    r"(?<![\w,'’])[,'’]*\w[\w,'’]*\s*\(\s*['‘\"“]?(?P<short>[A-Z][A-Za-z0-9&.]*)(?:'s|’s)?['’\"”]?\s*(?:\)|[,;:]\s)"
)
# `LF (Long Form ...)`: at least two words in the brackets. No character class in the long form
# admits a bracket, so it always ends at the first ")": greedy runs find the same match as lazy ones
# in one pass (lazy runs retried every split of "WMT(" and words with no ")": bench/NOTES.md).
_LONG_IN_BRACKETS_RE = LazyPattern(
    r"(?P<short>(?<![\w&.])[A-Z][A-Za-z0-9&.]*)(?:'s|’s)?\s*\(\s*(?P<long>[A-Za-z][^()\s]*\s[^()]*)\)"
)
_LOWER_WORD_RE = LazyPattern(r"\b[a-z]+\b")
SHOUTED_LENGTH = 7  # an all-capitals word this long is a shouted word (INSIGHTS), not an acronym
# A name put in apposition to the kind of thing it is ("the online platform EQUIP", "the case
# management system NDELIUS") is explained where it stands: the reader is told what it is.
_NAMED_BY_KIND_RE = LazyPattern(
    r"\b(?:platform|system|database|portal|app|application|website|software|tool)\s+$", re.IGNORECASE
)


def acronym_core(token: str, stop_words: frozenset[str], vocabulary: frozenset[str] = frozenset()) -> str | None:
    """The acronym a token is (SPOs -> SPO), or None for an ordinary word.

    `vocabulary`: the lower-case words of the plan; a capitalised token the plan also writes in lower case
    is a word in capitals (ACTION PLAN, GAP analysis), not an acronym."""
    core = token[:-1] if len(token) > 2 and token.endswith("s") and token[-2].isupper() else token
    letters = [c for c in core if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    lower = len(letters) - upper
    if upper < 2 or lower > upper:
        return None  # Effective, McDonald, SharePoint: names, not acronyms
    if lower == 0 and "&" not in core and "." not in core:
        if len(letters) >= SHOUTED_LENGTH or core.lower() in stop_words or _ROMAN_RE.match(core):
            return None
        if core.lower() in vocabulary or core.lower() + "s" in vocabulary:
            return None
    return core


class Use(NamedTuple):
    core: str
    start: int
    end: int


def uses(text: str, stop_words: frozenset[str], vocabulary: frozenset[str] = frozenset()) -> Iterator[Use]:
    for found in _TOKEN_RE.finditer(text):
        core = acronym_core(found.group(), stop_words, vocabulary)
        if core is not None:
            yield Use(core, found.start(), found.start() + len(core))


def definitions(text: str, stop_words: frozenset[str]) -> dict[str, int]:
    """Acronym (case-folded) -> offset of its first definition in text."""
    found: dict[str, int] = {}
    if "(" not in text:
        return found  # every definition has brackets: most texts are done at once
    for regex in (_SHORT_IN_BRACKETS_RE, _LONG_IN_BRACKETS_RE):
        for match in regex.finditer(text):
            short = match.group("short")
            core = acronym_core(short.rstrip("."), stop_words)
            if core is not None:
                key = core.casefold()
                found[key] = min(found.get(key, match.start()), match.start())
    return found


def sentence_end(text: str, offset: int) -> int:
    found = _SENTENCE_END_RE.search(text, offset)
    return found.end() if found else len(text)


# matched just after an acronym (a letter); the look-behind keeps a search from rescanning a run of blanks
_NUMBER_AFTER_RE = LazyPattern(r"(?<![ \t])[ \t]+(\d+)\b")


def _id_labels(plan: Plan, stop_words: frozenset[str]) -> set[str]:
    """The acronym-like tokens of the recommendation ids ("SW" in "5 SW 5", "CRC" in "6 SW 6 and CRC 5")."""
    return {
        u.core.casefold() for rec in plan.recommendations if isinstance(rec.id, str) for u in uses(rec.id, stop_words)
    }


def _is_recommendation_text(path: tuple[object, ...]) -> bool:
    return len(path) == 3 and path[0] == "recommendations" and path[2] == "text"


@check("acronym-undefined")
def acronym_undefined(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    stops = stop_words(ctx)
    glossary = per_run(ctx, "glossary", lambda: {str(term).casefold() for term in ctx.word_list("glossary")})
    known = glossary | _id_labels(plan, stops)
    boilerplate = lexicon(ctx, "boilerplate")
    fields = [(path, text) for path, text in iter_texts(plan, ctx) if text.strip()]
    # the plan's own lower-case words, and the template's (its boilerplate says "action plan")
    template = per_run(
        ctx,
        "boilerplate-words",
        lambda: frozenset(_LOWER_WORD_RE.findall(" ".join(str(i) for i in ctx.word_list("boilerplate")))),
    )
    vocabulary = template | frozenset(_LOWER_WORD_RE.findall("\n".join(t for _p, t in fields)))
    defined_in: dict[str, tuple[int, int]] = {}  # acronym -> (field index, offset) of its first definition
    for index, (_path, text) in enumerate(fields):
        for key, offset in definitions(text, stops).items():
            defined_in.setdefault(key, (index, offset))
    reported: set[str] = set()
    for index, (path, text) in enumerate(fields):
        if _is_recommendation_text(path):
            continue  # the inspectorate's words: its definitions count (above), its uses are not the author's
        skipped = None  # boilerplate is looked for only once an unknown acronym turns up
        for use in uses(text, stops, vocabulary):
            key = use.core.casefold()
            number = _NUMBER_AFTER_RE.match(text, use.end) if not use.core[-1].isdigit() else None
            if number is not None and key + number.group(1) in defined_in:
                key = key + number.group(1)  # "CY 6" is "CY6" written with a space
            if key in known or key in reported:
                continue
            if skipped is None:
                skipped = list(boilerplate.finditer(text))
            if any(s.start <= use.start < s.end for s in skipped):
                continue
            if _NAMED_BY_KIND_RE.search(text[max(0, use.start - 16) : use.start]):
                continue
            where = defined_in.get(key)
            if where is not None and (
                where[0] < index or (where[0] == index and where[1] < sentence_end(text, use.end))
            ):
                continue
            reported.add(key)
            message = (
                f"'{use.core}' is used here, its first use, without being defined: write it out here as "
                f"'Long Form ({use.core})', or add it to the glossary"
            )
            if where is not None:
                later = (
                    "later in this text"
                    if where[0] == index
                    else f"later, in {describe_path(plan, fields[where[0]][0])}"
                )
                message += f"; the plan defines it {later}"
            yield Problem(path, message, anchor=Anchor(use.start, use.end))


_LONG_BEFORE_RE = LazyPattern(
    r"(?<![\w'’&-])((?:[\w'’&-]+[\s,]+){1,8}?)\(\s*['‘\"“]?(?P<short>[A-Z][A-Za-z0-9&.]*)(?:'s|’s)?['’\"”]?\s*\)"
)


def long_forms(plan: Plan, ctx: RuleContext, stop_words: frozenset[str]) -> dict[str, str]:
    return per_plan(ctx, ("long-forms", stop_words), lambda: _long_forms(plan, ctx, stop_words))  # type: ignore[no-any-return]


def _long_forms(plan: Plan, ctx: RuleContext, stop_words: frozenset[str]) -> dict[str, str]:
    """Acronym (case-folded) -> the words that define it in the plan, for rules that compare meaning
    (PL504 sees a "Strategic Needs Assessment (SNA)" as an assessment; PL506 sees "PSO" as probation
    service officer). Generous: up to eight words before the brackets."""
    found: dict[str, str] = {}
    for _path, text in iter_texts(plan, ctx):
        if "(" not in text:  # both forms need brackets
            continue
        for match in _LONG_BEFORE_RE.finditer(text):
            core = acronym_core(match.group("short").rstrip("."), stop_words)
            if core is not None:
                found.setdefault(core.casefold(), match.group(1))
        for match in _LONG_IN_BRACKETS_RE.finditer(text):
            core = acronym_core(match.group("short").rstrip("."), stop_words)
            if core is not None:
                found.setdefault(core.casefold(), match.group("long"))
    return found


def expand(text: str, forms: dict[str, str], stop_words: frozenset[str]) -> str:
    """The text followed by the long forms of the acronyms it uses."""
    if not forms:
        return text  # a plan that defines no acronym has no long form to add
    extra = [forms[u.core.casefold()] for u in uses(text, stop_words) if u.core.casefold() in forms]
    return " ".join([text, *extra])


def expanded(plan: Plan, ctx: RuleContext, text: str, stop_words: frozenset[str]) -> str:
    """expand() with the plan's own long forms, kept for the plan (PL504 and PL506 expand the same actions)."""
    done: dict[str, str] = per_plan(ctx, ("expanded", stop_words), dict)
    if text not in done:
        done[text] = expand(text, long_forms(plan, ctx, stop_words), stop_words)
    return done[text]
