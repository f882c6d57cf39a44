"""PL601-PL606 (but PL604): the plan agrees with itself."""

from __future__ import annotations

import html
import re
from typing import Iterator

from planlint.findings import Anchor, Edit, Fix, Problem
from planlint.model import Category, Plan
from planlint.rules import RuleContext, check, iter_actions, iter_texts

SUMMARY_FIELDS = {"agreed": Category.AGREED, "partly_agreed": Category.PARTLY_AGREED,
                  "not_agreed": Category.NOT_AGREED}


@check("summary-mismatch")
def summary_mismatch(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    summary = plan.summary
    if summary is None:
        return
    actual = {key: sum(1 for r in plan.recommendations if r.category_value is cat)
              for key, cat in SUMMARY_FIELDS.items()}
    actual["total"] = len(plan.recommendations)
    # The template's order (agreed, partly, not agreed, total): the finding lands on the first wrong one.
    wrong = [key for key in summary.model_fields_set if key in actual and getattr(summary, key) is not None
             and getattr(summary, key) != actual[key]]
    order = [k for k in ("agreed", "partly_agreed", "not_agreed", "total") if k in wrong]
    if not order:
        return
    first = order[0]
    details = ", ".join(f"{k.replace('_', ' ')} {getattr(summary, k)} but the plan has {actual[k]}" for k in order)
    # A recommendation whose category cannot be read counts in no category today, but will
    # once PL101/PL102 are dealt with (perhaps by --fix in the same run): recounting the
    # categories now would write numbers that are wrong then. The total is certain either way.
    unread = any(r.category_value is None for r in plan.recommendations)
    certain = [k for k in order if k == "total" or not unread]
    fix = Fix("recount the summary", tuple(Edit(("summary", k), actual[k]) for k in certain)) if certain else None
    hint = ("--fix recounts them" if fix is not None and len(fix.edits) == len(order)
            else "--fix recounts the total only, once every recommendation has a valid category it can do the rest"
            if fix is not None else "--fix can recount them once every recommendation has a valid category")
    yield Problem(("summary", first), f"the summary does not match the recommendations ({details}): correct the "
                  f"counts ({hint})", fix=fix, subject="summary")


@check("summary-missing")
def summary_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.summary is None:
        yield Problem((), "the plan has no summary table: add `summary` with the agreed, partly agreed, not "
                      "agreed and total counts", subject="summary")


_XREF = re.compile(r"\b(?:recommendations?|recs?\.?)\s+(?:no\.?\s*|number\s+)?"
                   r"(\d{1,3}(?:\s*(?:,|and|&|or)\s*\d{1,3})*)\b", re.IGNORECASE)


def _known_numbers(plan: Plan) -> set[str]:
    known: set[str] = set()
    for rec in plan.recommendations:
        text = str(rec.id).strip()
        known.add(text.casefold())
        known.update(re.findall(r"\d+", text))  # "1 SW 1", "6 SW 6 and CRC 5": any number it carries
    return known


@check("xref-unresolved")
def xref_unresolved(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    known = _known_numbers(plan)
    for path, text in iter_texts(plan, owners=False, recommendation_text=False):
        if path[0] == "plan":
            continue
        for match in _XREF.finditer(text):
            for number in re.finditer(r"\d+", match.group(1)):
                if number.group(0).lstrip("0") not in {k.lstrip("0") for k in known}:
                    start = match.start(1) + number.start()
                    yield Problem(path, f"'{match.group(0).strip()}' refers to recommendation {number.group(0)}, "
                                  "which this plan does not have: correct the reference",
                                  anchor=Anchor(match.start(), start + len(number.group(0))))


_PUNCTUATION_RE = re.compile(r"[^\w\s]")


def _action_key(text: str) -> str:
    return " ".join(_PUNCTUATION_RE.sub(" ", text.casefold()).split())


@check("duplicate-action")
def duplicate_action(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for path, rec, action in iter_actions(plan):
        if not action.text or not action.text.strip():
            continue
        key = _action_key(action.text)
        if len(key.split()) < 3:
            continue  # "Complete." twice is not worth a finding
        if key in first:
            yield Problem(path + ("text",), f"the same action already appears under recommendation {first[key]}: "
                          "keep one, or say what differs")
        else:
            first[key] = str(rec.id)


_TAGS = ("a|abbr|b|big|blockquote|br|caption|center|code|col|dd|del|div|dl|dt|em|font|h[1-6]|hr|i|img|ins|li|"
         "mark|ol|p|pre|s|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul")
_TAG = rf"</?(?:{_TAGS})(?:\s+[a-z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>"
_ENTITY = r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,5});"
_MARKUP = re.compile(rf"{_TAG}|{_ENTITY}", re.IGNORECASE)
_TAG_RE = re.compile(_TAG, re.IGNORECASE)
_ENTITY_RE = re.compile(_ENTITY, re.IGNORECASE)
# `[^<>]*`, not `[^>]*`: a tag never holds a `<`, and stopping there keeps a text of "<p"
# repeated linear (with `[^>]*` each "<" scanned to the end: 14 s for 200 KB).
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|div|tr|h[1-6])\b[^<>]*>", re.IGNORECASE)


def strip_markup(text: str) -> str:
    """Text without tags, entities decoded; block tags become spaces so words stay apart."""
    spaced = _BLOCK_TAG.sub(" ", text)
    # Entities are decoded one by one, never by a blanket unescape: "&pound100" or an
    # unknown "&xyz;" in prose is the author's text, not markup.
    plain = _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), _TAG_RE.sub("", spaced)).replace("\xa0", " ")
    return re.sub(r"[ \t]{2,}", " ", plain).strip()


def _is_entity_only_for_names(match: re.Match[str]) -> bool:
    # "&amp;" decoded is the point; an unknown "&abc;" is not an entity and stays.
    token = match.group(0)
    return token.startswith("&") and html.unescape(token) == token


@check("markup-in-text")
def markup_in_text(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, text in iter_texts(plan, owners=True, dates=True):
        if "<" not in text and "&" not in text:  # markup starts with one or the other: most texts end here
            continue
        found = [m for m in _MARKUP.finditer(text) if not _is_entity_only_for_names(m)]
        if not found:
            continue
        first = found[0]
        shown = ", ".join(dict.fromkeys(m.group(0) for m in found[:4]))
        # "Remove it" would turn "L&amp;D" into "LD": an entity is replaced by its character.
        entities = any(m.group(0).startswith("&") for m in found)
        tags = any(m.group(0).startswith("<") for m in found)
        one = len(found) == 1
        todo = {(True, False): "remove it" if one else "remove them",
                (False, True): "write the character it stands for" if one else "write the characters they stand for",
                (True, True): "remove the tags and write each entity as its character"}[(tags, entities)]
        yield Problem(path, f"the text holds leftover markup ({shown}): {todo} (--fix does this)",
                      anchor=Anchor(first.start(), first.end()),
                      fix=Fix("strip markup and decode entities", (Edit(path, strip_markup(text)),)))
