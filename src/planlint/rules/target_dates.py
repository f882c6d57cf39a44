"""PL4xx: every action is time-bound (G3, G4).

Each check reads one property of the target date's reading (planlint.dates),
so that one target date draws only the finding a reviewer would raise: a
review point is "not a deadline", not also overdue; a date planlint cannot
read is never called overdue; a completed step is never overdue.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator

from planlint.dates import DateGrammar, DateReading, Kind, month_end, read_target_date
from planlint.findings import Path, Problem
from planlint.lazy_pattern import LazyPattern
from planlint.plan_values import Status
from planlint.rules import RuleContext, check, iter_actions, per_plan, per_run
from planlint.shapes import Action, Plan


@functools.lru_cache(maxsize=4096)
def _read(value: str | dt.date, quarters: str, grammar: DateGrammar) -> DateReading:
    return read_target_date(value, grammar, quarters=quarters)


def _dated_actions(plan: Plan, ctx: RuleContext) -> Iterator[tuple[Path, Action, DateReading]]:
    """The actions with a target date, each with its reading (every PL4xx check asks, in turn)."""
    quarters = str(ctx.settings.get("quarters", "financial"))
    return iter(
        per_plan(
            ctx,
            ("dated-actions", quarters, ctx.dates),
            lambda: [
                (path + ("target_date",), action, _read(action.target_date, quarters, ctx.dates))
                for path, _rec, action in iter_actions(plan, ctx)
                if not _is_blank(action.target_date)
            ],
        )
    )


def _is_blank(value: str | dt.date | None) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _marked_complete(action: Action, reading: DateReading) -> bool:
    return action.status is Status.COMPLETE or reading.completed


def _same_deadline(reading: DateReading) -> Callable[[DateReading], bool]:
    """Whether a part of `reading` gives its deadline (the latest date it names, of the same kind)."""
    return lambda part: part.deadline == reading.deadline and part.kind is reading.kind


def _first(reading: DateReading, wanted: Callable[[DateReading], bool]) -> DateReading:
    """The clause a finding is about (the whole reading when it has one clause)."""
    return next((p for p in reading.clauses if wanted(p)), reading)


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _as_of_words(plan: Plan, ctx: RuleContext) -> str:
    if ctx.settings.get("no-plan"):
        return f"today ({_day(ctx.as_of)})"  # `planlint date`: a date judged on its own, against --today
    if plan.plan.submitted is None:
        # say why "today": a published plan linted years later needs plan.submitted or --today
        return f"today ({_day(ctx.as_of)}, as the plan gives no `submitted` date)"
    return f"the plan's submission ({_day(ctx.as_of)})"


_COMPLETION_KINDS = (Kind.DEADLINE, Kind.RECURRING, Kind.AMBIGUOUS, Kind.COMPLETED)


@check("date-missing")
def date_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for i, rec in enumerate(plan.recommendations):
        for j, action in enumerate(rec.actions):
            if _is_blank(action.target_date):
                yield Problem(
                    ("recommendations", i, "actions", j),
                    "This action has no target date: add the month and year by which it will be "
                    "complete (e.g. 'March 2024')",
                )


@check("date-unparseable")
def date_unparseable(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, _action, reading in _dated_actions(plan, ctx):
        if reading.kind is Kind.UNRECOGNISED:
            what = f"is {reading.note}" if reading.note else "holds no date or status planlint recognises"
            yield Problem(
                path,
                f"The target date '{reading.text}' {what}: "
                "give the month and year by which the step will be complete (e.g. 'March 2024')",
            )


@check("date-open-ended")
def date_open_ended(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, action, reading in _dated_actions(plan, ctx):
        if (
            reading.kind in (Kind.OPEN_ENDED, Kind.RECURRING)
            and reading.deadline is None
            and action.status is not Status.COMPLETE
        ):
            yield Problem(
                path,
                f"The target date has no deadline ({reading.describe()}): give the date of the "
                "first output, e.g. 'March 2024 and then monthly'",
            )


@check("date-overdue")
def date_overdue(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, action, reading in _dated_actions(plan, ctx):
        if (
            reading.has_firm_deadline
            and reading.deadline is not None
            and reading.deadline < ctx.as_of
            and not _marked_complete(action, reading)
        ):
            latest = _first(reading, _same_deadline(reading))
            yield Problem(
                path,
                f"The target date has passed: {latest.describe()}, before "
                f"{_as_of_words(plan, ctx)}; mark the action complete or set a new date",
            )


@check("date-too-far")
def date_too_far(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    months = int(ctx.option("horizon-months"))
    # The horizon is counted in whole months, as deadlines are: with 36 months from
    # 17 January 2024, "January 2027" is within it and "February 2027" is not.
    try:
        horizon = month_end(ctx.as_of.year, ctx.as_of.month + months)
    except (ValueError, OverflowError):  # past the year 9999: no deadline is beyond it
        horizon = dt.date.max
    for path, action, reading in _dated_actions(plan, ctx):
        if (
            reading.has_firm_deadline
            and reading.deadline is not None
            and reading.deadline > horizon
            and not _marked_complete(action, reading)
        ):
            latest = _first(reading, _same_deadline(reading))
            yield Problem(
                path,
                f"The target date is more than {months} months after "
                f"{_as_of_words(plan, ctx)}: {latest.describe()}; set nearer milestones that "
                "can be tracked",
            )


@check("date-not-deadline")
def date_not_deadline(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    not_deadline = (Kind.REVIEW, Kind.START, Kind.CONDITIONAL)
    for path, _action, reading in _dated_actions(plan, ctx):
        if reading.kind in not_deadline:
            part = _first(reading, lambda p: p.kind in not_deadline)
            yield Problem(
                path,
                f"The target date is not a completion date: {part.describe()}; give the date by "
                "which the step will be complete",
            )


@check("date-ambiguous")
def date_ambiguous(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, _action, reading in _dated_actions(plan, ctx):
        if reading.kind is Kind.AMBIGUOUS:
            part = _first(reading, lambda p: p.kind is Kind.AMBIGUOUS)
            yield Problem(
                path,
                f"The target date cannot be pinned to a deadline: {part.describe()}; give a "
                "month and year (e.g. 'March 2024')",
            )


@check("completed-in-future")
def completed_in_future(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, action, reading in _dated_actions(plan, ctx):
        part = reading.completed_after(ctx.as_of)
        if part is None and action.status is Status.COMPLETE:
            # A review or start date after completion is a later step, not the completion date.
            part = next(
                (
                    p
                    for p in reading.clauses
                    if p.kind in _COMPLETION_KINDS and p.period_start is not None and p.period_start > ctx.as_of
                ),
                None,
            )
        if part is not None:
            yield Problem(
                path,
                f"The action is marked complete but its date is after "
                f"{_as_of_words(plan, ctx)}: {part.describe()}; correct the date or the status",
            )


def default_date_grammar() -> DateGrammar:
    """The date grammar of the shipped word lists (`rules/lexicon/dates.yaml`), for callers with no rule table."""
    from planlint.catalog import load_catalog

    return DateGrammar.from_words(load_catalog().words.get("dates") or {})


def judge_target_date(
    value: str | dt.date, as_of: dt.date, *, quarters: str = "financial"
) -> list[tuple[str, str, str]]:
    """(code, name, message) for what the enabled-by-default PL4xx rules say about one target date.

    Runs the real checks on a one-action plan submitted on `as_of`, so that
    `planlint date` can never disagree with `planlint check`.
    """
    from planlint.catalog import checks, load_catalog
    from planlint.profiles import default_profile
    from planlint.rules import Memo
    from planlint.validate import validate

    plan, _shape = validate(
        {
            "plan": {"title": "planlint date", "submitted": as_of},
            "recommendations": [
                {
                    "id": 1,
                    "text": "-",
                    "category": "Agreed",
                    "actions": [{"text": "-", "owner": "-", "target_date": value}],
                }
            ],
        }
    )
    if plan is None:  # a value that is neither text nor a date: no date to judge
        return []
    registered = checks()
    grammar = default_date_grammar()
    out = []
    for rule in load_catalog().rules:
        if rule.family != "PL4" or not rule.enabled or rule.name not in registered:
            continue
        ctx = RuleContext(
            as_of=as_of,
            profile=default_profile(),
            plan_index=Memo(),
            compiled=Memo(),
            options=rule.option_defaults,
            settings={"quarters": quarters, "no-plan": True},
            date_grammar=grammar,
        )
        out += [(rule.code, rule.name, p.message) for p in registered[rule.name](plan, ctx)]
    return out


# ------------------------------------------------------------------ PL409 status-contradicts-text
# What tense an action's text is written in, read from its verbs, never from a topic word: each
# reading is narrow, and the rule fires only when the text holds one kind and not the other, so
# that a text reporting progress and then committing to a next step ("has completed the study and
# will publish ...") is never read as either.

_SENTENCE_SPLIT_RE = LazyPattern(r"(?<=[.;:!?])\s+|\n+|[•·▪●◦]")
# A commitment to future work: "will publish", "is to be published", "are to review", "shall".
_FUTURE_RE = LazyPattern(r"\b(?:will|shall|is\s+to|are\s+to|is\s+going\s+to|are\s+going\s+to)\b", re.IGNORECASE)
# Work still going on, or planned: "is working", "are being reviewed", "underway", "continue", "due in".
_ONGOING_RE = LazyPattern(
    r"\b(?:(?:is|are|am|was|were|been)\s+(?:\w+ly\s+|now\s+|still\s+|also\s+)?(?:being\s+)?\w+ing|being|underway|"
    r"ongoing|on-going|in\s+progress|continu\w*|remain\w*|until|not\s+yet|still|"
    r"(?:planned|plans?|intends?|aims?|expected|scheduled|due)\s+(?:to|for|in|by)|"
    r"(?:has|have)\s+(?:begun|started|commenced))\b",
    re.IGNORECASE,
)
# Work reported as done: "has completed", "have been published", "was launched" (an auxiliary, then a
# past participle); not "has agreed to ...", "was asked to ...", which commit to work still to do.
_IRREGULAR_DONE = (
    "(?:re|under|over|up)?(?:done|taken|written|held|made|built|sent|given|drawn|shown|chosen|met|run)"
    "|set\\s+up|put\\s+in\\s+place"
)
_DONE_RE = LazyPattern(
    rf"\b(?:has|have|had|was|were)\s+(?:already\s+|now\s+|recently\s+|successfully\s+|also\s+|since\s+)?"
    rf"(?:been\s+)?(?P<verb>[a-z]+ed|{_IRREGULAR_DONE})\b(?!\s+to\b)",
    re.IGNORECASE,
)
_DONE_AUXILIARIES = frozenset({"has", "have", "had", "was", "were"})  # _DONE_RE begins with one of them
_ONGOING_TARGET_RE = LazyPattern(
    r"ongoing|on-going|continu|then|monthly|quarterly|weekly|annual|regular", re.IGNORECASE
)
# Work still to do written without "will": "to be embedded", "Regions to adopt it", "next steps", "by June".
_TO_DO_RE = LazyPattern(
    r"\bto\s+be\s+\w+|(?:^|[.;:]\s+)(?:\w+\s+){1,3}to\s+(?!date\b)\w+|\bnext\s+steps?\b|\bfurther\s+work\b|"
    r"\b(?:by|before)\s+(?:the\s+end\s+of\s+)?(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december|spring|summer|autumn|winter|q[1-4]|\d{4})\b",
    re.IGNORECASE,
)
# "to review", "to publish": a purpose that is itself a step (read with the action verbs)
_TO_VERB_RE = LazyPattern(r"\bto\s+(\w+)", re.IGNORECASE)
# Work that goes on after the step is done: "The guidance will be reviewed annually."
_RECURRING_TEXT_RE = LazyPattern(
    r"\b(?:daily|weekly|fortnightly|monthly|quarterly|annually|yearly|bi-?annually|regular(?:ly)?|"
    r"(?:every|each)\s+(?:day|week|fortnight|month|quarter|year|meeting))\b",
    re.IGNORECASE,
)
# "the training that was booked": a report inside a description of something else
_RELATIVE_BEFORE_RE = LazyPattern(r"\b(?:that|which|who|whom)\s*$", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_SPLIT_RE.split(text) if len(s.split()) >= 3]


def _future_only(text: str) -> re.Match[str] | None:
    """The first future verb, when the text's first sentence commits to future work and nothing in it
    reports work done or going on (an imperative "Publish the guidance" has no future verb)."""
    sentences = _sentences(text)
    if not sentences:
        return None
    first = _FUTURE_RE.search(sentences[0])
    if first is None or _DONE_RE.search(text) or _ONGOING_RE.search(text) or _RECURRING_TEXT_RE.search(text):
        return None
    return first


def _done_only(text: str, imperatives: frozenset[str]) -> re.Match[str] | None:
    """The report of work done that the first sentence makes, when nothing in the text commits to or
    describes work still to do. Not a relative clause ("the training that was booked"), nor a text that
    opens with an imperative ("Produce a report on the cases that were escalated")."""
    sentences = _sentences(text)
    if not sentences:
        return None
    # the report of done work first: most texts make none, and then nothing else need be read
    first = sentences[0]
    if first.isascii() and _DONE_AUXILIARIES.isdisjoint(re.findall(r"\w+", first.lower())):
        return None  # no "has", "was", ...: _DONE_RE cannot match (an ASCII text: no letter folds oddly)
    done = next(
        (
            m
            for m in _DONE_RE.finditer(first)
            if not _RELATIVE_BEFORE_RE.search(first[max(0, m.start() - 12) : m.start()])
        ),
        None,
    )
    if done is None or _FUTURE_RE.search(text) or _ONGOING_RE.search(text) or _TO_DO_RE.search(text):
        return None
    first_word = re.match(r"\A\W*(\w+)", first)
    if first_word is not None and first_word.group(1).casefold() in imperatives:
        return None
    # "A group has been set up to review the policy": the purpose is the step, and it is still to do
    if any(m.group(1).casefold() in imperatives for m in _TO_VERB_RE.finditer(text)):
        return None
    return done


def _quote(text: str, match: re.Match[str]) -> str:
    """The matched verb phrase with the word after it, as the message's evidence."""
    rest = re.match(r"\A\s+[\w'-]+(?:\s+[\w'-]+)?", text[match.end() :])
    return " ".join((match.group(0) + (rest.group(0) if rest else "")).split())


@check("status-contradicts-text")
def status_contradicts_text(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, action, reading in _dated_actions(plan, ctx):
        text = action.text or ""
        if not text.strip() or reading.kind is Kind.UNRECOGNISED:
            continue
        date_words = reading.text if isinstance(action.target_date, str) else ""
        marked_complete = action.status is Status.COMPLETE or reading.completed
        if marked_complete:
            # "Completed and ongoing", "Complete & Monthly": the step is done and the work goes on;
            # with `status: complete` a plain deadline is the completion date
            wanted = (Kind.COMPLETED, Kind.DEADLINE) if action.status is Status.COMPLETE else (Kind.COMPLETED,)
            if (
                reading.recurrence
                or _ONGOING_TARGET_RE.search(date_words)
                or any(part.kind not in wanted for part in reading.clauses)
            ):
                continue
            future = _future_only(text)
            if future is not None:
                said = f"'{reading.text}'" if date_words else "status: complete"
                yield Problem(
                    path,
                    f"The action is marked complete ({said}) but its text only says what is "
                    f"still to be done ('{_quote(text, future)}'): say what was done, or set the "
                    "date by which it will be complete",
                )
            continue
        if (
            action.status is Status.IN_PROGRESS
            or reading.kind is not Kind.DEADLINE
            or reading.recurrence
            or reading.deadline is None
            or reading.deadline <= ctx.as_of
            or any(part.kind is not Kind.DEADLINE for part in reading.clauses)
        ):
            continue
        imperatives = per_run(
            ctx, "action-verbs", lambda: frozenset(str(w).casefold() for w in ctx.word_list("action-verbs"))
        )
        done = _done_only(text, imperatives)
        if done is not None:
            yield Problem(
                path,
                f"The text says the work is already done ('{_quote(text, done)}') but the target "
                f"date is a deadline still to come ({reading.describe()}) and the action is not "
                "marked complete: mark it complete, or say what remains to be done by then",
            )
