"""PL601-PL607 (but PL604): the plan agrees with itself."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator

from planlint.dates import DateGrammar, Kind, read_target_date
from planlint.findings import Anchor, Edit, Fix, Path, Problem
from planlint.lazy_pattern import LazyPattern
from planlint.rules import RuleContext, check, describe_path, iter_actions, iter_texts, squash
from planlint.rules.owners import near_miss, owner_tokens
from planlint.shapes import Action, Plan


@check("summary-mismatch")
def summary_mismatch(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    summary = plan.summary
    if summary is None:
        return
    profile = ctx.profile
    categories = [profile.category(r.category) for r in plan.recommendations]
    actual = {
        s.key: len(categories)
        if s.counts is None
        else sum(1 for c in categories if c is not None and c.name == s.counts)
        for s in profile.summary
    }
    # The template's order (agreed, partly, not agreed, total): the finding lands on the first wrong one.
    wrong = [
        key
        for key in summary.model_fields_set
        if key in actual and getattr(summary, key) is not None and getattr(summary, key) != actual[key]
    ]
    order = [s.key for s in profile.summary if s.key in wrong]
    if not order:
        return
    first = order[0]
    details = ", ".join(f"{k.replace('_', ' ')} {getattr(summary, k)} but the plan has {actual[k]}" for k in order)
    # A recommendation whose category cannot be read counts in no category today, but will
    # once PL101/PL102 are dealt with (perhaps by --fix in the same run): recounting the
    # categories now would write numbers that are wrong then. The total is certain either way.
    unread = any(c is None for c in categories)
    totals = {s.key for s in profile.summary if s.counts is None}
    certain = [k for k in order if k in totals or not unread]
    fix = Fix("recount the summary", tuple(Edit(("summary", k), actual[k]) for k in certain)) if certain else None
    hint = (
        "--fix recounts them"
        if fix is not None and len(fix.edits) == len(order)
        else f"--fix recounts the total only, once every {profile.unit} has a valid category it can do the rest"
        if fix is not None
        else f"--fix can recount them once every {profile.unit} has a valid category"
    )
    yield Problem(
        ("summary", first),
        f"the summary does not match the {profile.units} ({details}): correct the counts ({hint})",
        fix=fix,
        subject="summary",
    )


@check("summary-missing")
def summary_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.summary is None and ctx.profile.summary:
        labels = [s.label.lower() for s in ctx.profile.summary]
        counts = f"{', '.join(labels[:-1])} and {labels[-1]}" if len(labels) > 1 else labels[0]
        yield Problem(
            (),
            f"the plan has no summary table: add `summary` with the {counts} counts",
            subject="summary",
        )


_XREF = LazyPattern(
    r"\b(?:recommendations?|recs?\.?)\s+(?:no\.?\s*|number\s+)?"
    r"(\d{1,3}(?:\s*(?:,|and|&|or)\s*\d{1,3})*)\b",
    re.IGNORECASE,
)


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
    for path, text in iter_texts(plan, ctx, owners=False, recommendation_text=False):
        if path[0] == "plan":
            continue
        for match in _XREF.finditer(text):
            for number in re.finditer(r"\d+", match.group(1)):
                if number.group(0).lstrip("0") not in {k.lstrip("0") for k in known}:
                    start = match.start(1) + number.start()
                    yield Problem(
                        path,
                        f"'{match.group(0).strip()}' refers to recommendation {number.group(0)}, "
                        "which this plan does not have: correct the reference",
                        anchor=Anchor(match.start(), start + len(number.group(0))),
                    )


_PUNCTUATION_RE = LazyPattern(r"[^\w\s]")


def _action_key(text: str) -> str:
    return " ".join(_PUNCTUATION_RE.sub(" ", text.casefold()).split())


def _owner_key(action: Action) -> tuple[tuple[str, ...], ...] | None:
    """The owners as words, in any order (None: no owner given, nothing to compare)."""
    owners = [o for o in action.owners if o.strip()]
    if not owners:
        return None
    return tuple(sorted(tuple(sorted(owner_tokens(o))) for o in owners))


def _same_owner(a: Action, b: Action) -> bool:
    ka, kb = _owner_key(a), _owner_key(b)
    if ka is None or kb is None or ka == kb:
        return True
    # a misspelt owner is PL303's finding, not a second owner
    ta = [owner_tokens(o) for o in a.owners if o.strip()]
    tb = [owner_tokens(o) for o in b.owners if o.strip()]
    return len(ta) == len(tb) and all(x == y or near_miss(x, y) for x, y in zip(ta, tb, strict=False))


def _date_key(action: Action, grammar: DateGrammar) -> tuple[object, ...] | None:
    value = action.target_date
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _read_date_key(value, grammar)


@functools.lru_cache(maxsize=4096)  # a plan's dates repeat, and each action's is asked for more than once
def _read_date_key(value: str | dt.date, grammar: DateGrammar) -> tuple[object, ...]:
    reading = read_target_date(value, grammar)
    if reading.kind is Kind.UNRECOGNISED:
        return ("text", squash(str(value)))
    return tuple((p.kind, p.deadline, p.recurrence, p.conditional) for p in reading.clauses) + (reading.recurrence,)


def _same_date(a: Action, b: Action, grammar: DateGrammar) -> bool:
    ka, kb = _date_key(a, grammar), _date_key(b, grammar)
    return ka is None or kb is None or ka == kb


def _date_words(action: Action) -> str:
    value = action.target_date
    return value.isoformat() if isinstance(value, dt.date) else " ".join(str(value).split())


_ENUMERATION_RE = LazyPattern(r"^\s*(?:\(?\d{1,3}[.)]|\(?[a-z][.)]|[•·▪●◦-])\s+", re.IGNORECASE)
_BRACKETS_RE = LazyPattern(r"\([^()]*\)")
_NEAR_SKIP = frozenset({"the", "a", "an", "and", "&"})
# Shorter texts are generic lines that mean something else under each recommendation ("Progress will
# be reported to the board"), or differ in a word that matters ("Brief new staff" / "Brief all staff").
_NEAR_LEAST_WORDS = 8
_NEAR_MOST_EXTRA = 0.15  # words only one copy has, as a share of the longer


def _near_words(text: str) -> tuple[str, ...]:
    """The text's words without numbering, bracketed glosses, articles, "and"/"&" or plural endings:
    what two copies of one action keep when one is edited a little."""
    plain = _BRACKETS_RE.sub(" ", _ENUMERATION_RE.sub("", text))
    words = _PUNCTUATION_RE.sub(" ", plain.casefold()).split()
    return tuple(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words if w not in _NEAR_SKIP
    )


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Every word of `short`, in order, in `long`: one copy has words added, none changed."""
    it = iter(long)
    return all(word in it for word in short)


def _nearly_same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < _NEAR_LEAST_WORDS or len(long) - len(short) > _NEAR_MOST_EXTRA * len(long):
        return False
    return _within(short, long)


_MOST_SHARING = 50  # a word that many actions share finds no copy worth the comparisons


@check("duplicate-action")
def duplicate_action(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    first: dict[str, tuple[str, Action]] = {}
    for path, rec, action in iter_actions(plan, ctx):
        if not action.text or not action.text.strip():
            continue
        key = _action_key(action.text)
        if len(key.split()) < 3:
            continue  # "Complete." twice is not worth a finding
        if key in first:
            earlier = first[key][1]
            conflict = not (_same_owner(earlier, action) and _same_date(earlier, action, ctx.dates))
            if not conflict or len(_near_words(action.text)) < _NEAR_LEAST_WORDS:  # else PL607's finding
                yield Problem(
                    path + ("text",),
                    f"the same action already appears under recommendation "
                    f"{first[key][0]}: keep one, or say what differs",
                )
        else:
            first[key] = (str(rec.id), action)


_MOST_COMPARED = 64  # earlier copies compared per action: more only when a plan repeats one step that often


@check("duplicate-action-conflict")
def duplicate_action_conflict(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    """The same or nearly the same action twice with another owner or target date: reported at the
    later copy, naming the first earlier one it disagrees with."""
    seen: list[tuple[Path, Action, tuple[str, ...]]] = []
    by_word: dict[str, list[int]] = {}
    # PL605's key and the near-words, each alone enough for a copy: the first action of each
    # owner-and-date variant (a step repeated a thousand times the same way is compared once)
    exact: dict[object, dict[object, int]] = {}
    for path, _rec, action in iter_actions(plan, ctx):
        if not action.text:
            continue
        key = _action_key(action.text)
        words = _near_words(action.text)
        if len(words) < _NEAR_LEAST_WORDS:
            continue
        copies = {*exact.get(key, {}).values(), *exact.get(words, {}).values()}
        candidates = set(copies)
        # A near copy shares all but a few of this text's words (all, if this one is the shorter):
        # of any `spare + 1` words this text has, one is in the copy. The rarest are looked up.
        spare = int(_NEAR_MOST_EXTRA * len(words))
        known = sorted((len(by_word[w]), w) for w in set(words) if w in by_word)
        for size, word in known[: spare + 1]:
            if size <= _MOST_SHARING:
                candidates.update(by_word[word])
        for index in sorted(candidates)[:_MOST_COMPARED]:
            e_path, earlier, e_words = seen[index]
            copy = index in copies
            if not copy and not _nearly_same(e_words, words):
                continue
            differs = []
            if not _same_owner(earlier, action):
                differs.append(f"owner '{'; '.join(earlier.owners)}' there, '{'; '.join(action.owners)}' here")
            if not _same_date(earlier, action, ctx.dates):
                differs.append(f"target date '{_date_words(earlier)}' there, '{_date_words(action)}' here")
            if differs:
                same = "the same action" if copy else "nearly the same action"
                yield Problem(
                    path + ("text",),
                    f"{same} appears in {describe_path(plan, e_path)} with a "
                    f"different {' and '.join(differs)}: give it one owner and target date, or say "
                    "how the two steps differ",
                )
                break
        position = len(seen)
        seen.append((path, action, words))
        variant = (_owner_key(action), _date_key(action, ctx.dates))
        exact.setdefault(key, {}).setdefault(variant, position)
        exact.setdefault(words, {}).setdefault(variant, position)
        for word in set(words):
            by_word.setdefault(word, []).append(position)


_TAGS = (
    "a|abbr|b|big|blockquote|br|caption|center|code|col|dd|del|div|dl|dt|em|font|h[1-6]|hr|i|img|ins|li|"
    "mark|ol|p|pre|s|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul"
)
_TAG = rf"</?(?:{_TAGS})(?:\s+[a-z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>"
_ENTITY = r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,5});"
_MARKUP = LazyPattern(rf"{_TAG}|{_ENTITY}", re.IGNORECASE)
_TAG_RE = LazyPattern(_TAG, re.IGNORECASE)
_ENTITY_RE = LazyPattern(_ENTITY, re.IGNORECASE)
# `[^<>]*`, not `[^>]*`: a tag never holds a `<`, and stopping there keeps a text of "<p"
# repeated linear (with `[^>]*` each "<" scanned to the end: quadratic, bench/NOTES.md).
_BLOCK_TAG = LazyPattern(r"</?(?:p|br|li|ul|ol|div|tr|h[1-6])\b[^<>]*>", re.IGNORECASE)


def _plain_text(text: str) -> str:
    """Text without tags, entities decoded; block tags become spaces so words stay apart."""
    spaced = _BLOCK_TAG.sub(" ", text)
    # Entities are decoded one by one, never by a blanket unescape: "&pound100" or an
    # unknown "&xyz;" in prose is the author's text, not markup.
    plain = _ENTITY_RE.sub(lambda m: _unescape(m.group(0)), _TAG_RE.sub("", spaced)).replace("\xa0", " ")
    return re.sub(r"[ \t]{2,}", " ", plain).strip()


def _is_entity_only_for_names(match: re.Match[str]) -> bool:
    # "&amp;" decoded is the point; an unknown "&abc;" is not an entity and stays.
    token = match.group(0)
    return token.startswith("&") and _unescape(token) == token


def _unescape(entity: str) -> str:
    import html  # with its table of entities, loaded only for a text that holds one

    return html.unescape(entity)


@check("markup-in-text")
def markup_in_text(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, text in iter_texts(plan, ctx, owners=True, dates=True):
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
        todo = {
            (True, False): "remove it" if one else "remove them",
            (False, True): "write the character it stands for" if one else "write the characters they stand for",
            (True, True): "remove the tags and write each entity as its character",
        }[(tags, entities)]
        yield Problem(
            path,
            f"the text holds leftover markup ({shown}): {todo} (--fix does this)",
            anchor=Anchor(first.start(), first.end()),
            fix=Fix("strip markup and decode entities", (Edit(path, _plain_text(text)),)),
        )
