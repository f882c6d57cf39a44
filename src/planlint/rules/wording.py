"""SMART wording of actions (PL501-PL506) and conditional delivery of an Agreed recommendation (PL109).

Every check reads its word list from `rules/lexicon/` through ctx.words, so an
organisation extends a list by adding items, never by changing code. Findings
about a phrase carry an Anchor on it; the engine turns that into the line and
column inside a multi-line text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from planlint.findings import Path, Problem
from planlint.lazy_pattern import LazyPattern
from planlint.phrases import Match, content_stems, sentence_around, sentences, stem, stems_overlap, word_count
from planlint.rules import RuleContext, check, iter_actions, lexicon, per_plan, stop_words
from planlint.shapes import Action, Plan, Recommendation

MAX_WORDS_DEFAULT = 120


# ---------------------------------------------------------------- shared helpers


def finder(ctx: RuleContext, name: str) -> Callable[[str | None], Iterator[Match]]:
    """A check's matcher for a word list: the matches in a text, leaving out template boilerplate and
    matches whose sentence holds a phrase of the list their entry names in `unless_sentence_has`
    ("regular" is vague only where its sentence gives no frequency).

    Made once per check call, not per text (a plan's checks ask about some 8,000 texts)."""
    phrases, boilerplate = lexicon(ctx, name), lexicon(ctx, "boilerplate")
    if not any(e.unless_sentence_has for e in phrases.entries):
        return lambda text: phrases.finditer(text or "", skip=boilerplate)

    def find(text: str | None) -> Iterator[Match]:
        text = text or ""
        for match in phrases.finditer(text, skip=boilerplate):
            other = match.entry.unless_sentence_has
            if other:
                begin, end = sentence_around(text, match.start, match.end)
                if lexicon(ctx, other).search(text[begin:end]) is not None:
                    continue
            yield match

    return find


def quoted(match: Match) -> str:
    return "'" + " ".join(match.text.split()) + "'"


def instead(match: Match, fallback: str) -> str:
    return match.entry.instead or fallback


def action_path(rec_index: int, action_index: int) -> Path:
    return ("recommendations", rec_index, "actions", action_index, "text")


def actions(plan: Plan, ctx: RuleContext) -> Iterator[tuple[Path, Recommendation, Action]]:
    """The actions that have text, each with the path of that text (where wording findings point)."""
    return iter(
        per_plan(
            ctx,
            "worded-actions",
            lambda: [
                (path + ("text",), rec, action)
                for path, rec, action in iter_actions(plan, ctx)
                if action.text and action.text.strip()
            ],
        )
    )


# A count: 20, 1,500, 3.5 - not a year (2024), a financial year (2021/22) or part of a name (CY6, SEEDS2).
_NUMBER_RE = LazyPattern(r"(?<![\w/])(?!(?:19|20)\d\d(?!\d|[.,]\d))\d+(?:[.,]\d+)*(?![\w/])")
_PERCENT_RE = LazyPattern(r"\d\s*%|\bper\s*cent\b", re.IGNORECASE)


# A name: two or more capitalised words in a row, joined by spaces and small connecting words
# ("National Core Quality Management Framework", "Communications & Engagement Strategy"). A
# deliverable noun inside a name is part of what something is called, not an output.
_NAME_RE = LazyPattern(r"(?<![\w'’-])[A-Z][\w'’&-]*(?:\s+(?:(?:of|and|for|the|in|on|to|&)\s+)*[A-Z][\w'’&-]*)+")
_ACRONYM_RE = LazyPattern(r"(?<![\w-])[A-Z][A-Z0-9&]+s?(?![\w-])")
# A delivery verb's object is looked for this far ahead, within its sentence.
_OBJECT_WORDS = 8
_WORDS_RE = LazyPattern(r"\S+")
# A deliverable after these words is one that exists already, referred to, not made.
_REFERENCE_RE = LazyPattern(
    r"\b(?:in\s+line\s+with|in\s+accordance\s+with|under|as\s+set\s+out\s+in|set\s+out\s+in|"
    r"according\s+to|against|compliance\s+with|comply\s+with)\s+(?:\S+\s+){0,3}$",
    re.IGNORECASE,
)
# A non-committal phrase this many words or fewer before a delivery verb governs it.
_HEDGE_REACH = 3

# What a sentence promises or reports: "will", "is to be", an imperative commit to future work;
# "has completed", "was launched" report work already done.
_FUTURE_RE = LazyPattern(
    r"\b(?:will|shall|going\s+to|is\s+to|are\s+to|to\s+be|plans?\s+to|intends?\s+to|"
    r"aims?\s+to|continues?\s+to|must)\b",
    re.IGNORECASE,
)
_DONE_RE = LazyPattern(
    r"\b(?:(?:has|have|had)\s+(?:\w+ly\s+|now\s+|already\s+)?(?:been\s+)?"
    r"|(?:was|were)\s+(?:\w+ly\s+|already\s+)?)(?:[a-z]+ed|[a-z]+en|held|made|run|set|built|"
    r"sent|begun|done|met|brought|led|put|taught|won|spent)\b|\bwent\s+live\b|\btook\s+place\b",
    re.IGNORECASE,
)


def promised_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences that say what the action will do: when it commits to future work, not those that
    only report work already done ("staff have attended a briefing")."""
    spans = sentences(text)
    if any(_FUTURE_RE.search(text, a, b) for a, b in spans):
        spans = [(a, b) for a, b in spans if _FUTURE_RE.search(text, a, b) or not _DONE_RE.search(text, a, b)]
    return spans


def names_output(ctx: RuleContext, *, any_object: bool = False) -> Callable[[str], bool]:
    """Whether a text commits to producing or delivering an output: a deliverable noun that is not
    part of a name, or a delivery verb ("publish", "develop") whose object - or, in the passive ("the
    WMT will be updated"), whose subject - is a name, an acronym or a deliverable. When the text
    commits to future work, the sentences that only report work already done ("staff have attended a
    briefing") do not count: what is promised must be measurable. `any_object`: any object of a
    delivery verb counts, not only a name, an acronym or a deliverable (PL504, which stays quiet where
    it cannot tell; PL503 asks for a new output, so it wants one it can name)."""
    deliverables = lexicon(ctx, "deliverables", nouns=True)
    when_made = lexicon(ctx, "deliverables-when-made", nouns=True)
    verbs, hedging = lexicon(ctx, "delivery-verbs"), lexicon(ctx, "non-committal")
    efforts, stops = lexicon(ctx, "effort-verbs"), stop_words(ctx)

    def output_named(words_: list[str]) -> bool:
        if any_object:
            # Whatever a delivery verb makes is taken to be checkable ("agree a regional formula"):
            # the rule cannot tell an output from an effort there, so it stays quiet.
            return any(w.strip(".,;:()'\"").isalpha() and len(w) >= 3 and w.lower() not in stops for w in words_)
        window = " ".join(words_)
        return bool(window) and bool(
            _NAME_RE.search(window)
            or _ACRONYM_RE.search(window)
            or deliverables.search(window)
            or when_made.search(window)
        )

    def masked(sentence: str) -> str:
        """The sentence with its names blanked. Its first word is capitalised as a sentence's first
        word, not as part of a name ("Evaluation in Wales", "Publish Quarterly Reports")."""
        lead = len(sentence) - len(sentence.lstrip(" \t\n\u2022\u25cf\u25aa*-"))

        def blank_name(found: re.Match[str]) -> str:
            name = found.group()
            if found.start() == lead:
                first, space, rest = name.partition(" ")
                rest_stripped = rest.lstrip()
                if len(_NAME_RE.findall(rest_stripped)) != 1 or _NAME_RE.fullmatch(rest_stripped) is None:
                    return name  # one capitalised word after the first: no name
                return first + space + " " * len(rest)
            return " " * len(name)

        return _NAME_RE.sub(blank_name, sentence)

    def verb_with_output(sentence: str) -> bool:
        # "explore options for establishing an agreement", "consider developing a model": the verb is
        # what is thought about, not what is promised
        hedges = [m.end for m in hedging.finditer(sentence)]
        for verb in verbs.finditer(sentence):
            if any(
                end <= verb.start and len(_WORDS_RE.findall(sentence, end, verb.start)) <= _HEDGE_REACH
                for end in hedges
            ):
                continue
            if output_named(_WORDS_RE.findall(sentence[verb.end :])[:_OBJECT_WORDS]):
                return True
            before = _WORDS_RE.findall(sentence[: verb.start])
            if before and before[-1].lower() in ("be", "been", "being") and output_named(before[-_OBJECT_WORDS:-1]):
                return True
        return False

    def made(sentence: str, hidden: str) -> bool:
        """Whether a deliverable the sentence names is something it makes: not a reference to an
        existing one ("in line with the policy", "kept under review"), nor what an effort verb works
        on when nothing is delivered ("improve the quality of assessments")."""
        delivering = verbs.search(sentence) is not None
        # thinking about a deliverable ("explore options for an audit tool") is PL502's to report
        worked_on = (
            []
            if delivering
            else [
                end
                for word, end in steps(sentence, 0, len(sentence), stops)
                if efforts.search(word) is not None and hedging.search(word) is None
            ]
        )
        for found in deliverables.finditer(hidden):
            before = sentence[max(0, found.start - 40) : found.start]
            if _REFERENCE_RE.search(before):
                continue
            if any(
                end <= found.start and len(_WORDS_RE.findall(sentence, end, found.start)) <= _OBJECT_WORDS
                for end in worked_on
            ):
                continue
            return True
        return False

    def check(text: str) -> bool:
        for a, b in promised_sentences(text):
            sentence = text[a:b]
            if made(sentence, masked(sentence)) or verb_with_output(sentence):
                return True
        return False

    return check


# The steps a sentence commits to: the verb after a modal ("will install", "will be reinforced"),
# after "to" where the "to" opens an infinitive ("continue to support", ", to ensure", "is to be
# reviewed"), or a progressive ("is working"). A sentence with none of these is read as an
# imperative: its first word is the step ("Install body scanners").
_COMMITTED_VERB_RE = LazyPattern(
    r"\b(?:(?:will|shall|must|should|can)\s+(?:(?:\w+ly|also|then|now|further|both|either|not|jointly|"
    r"continue\s+to)\s+)*(?:be\s+|being\s+)?"
    r"|(?:(?:continues?|continued|continuing|needs?|aims?|plans?|intends?|seeks?|going|able|order|is|are|be|"
    r"working)\s+|,\s*)to\s+(?:(?:\w+ly|both|further)\s+)?(?:be\s+)?"
    r"|(?:is|are|am)\s+(?=[a-z]+ing\b))(?P<verb>[a-z][a-z-]*)",
    re.IGNORECASE,
)
# \A: only ever matched at a sentence's start (on its slice); searched, it would rescan a run of bullets from each
_LEAD_RE = LazyPattern(r"\A[\s\u2022\u25cf\u25aa*\-\u2013\d.)]*(?P<word>[A-Za-z][a-z-]*)")


def effort_only(ctx: RuleContext) -> Callable[[str, list[tuple[int, int]]], bool]:
    """Whether every step a text's sentences commit to is an effort verb ("support", "work with",
    "continue", "reinforce"): positive evidence that the action promises no output. An unknown verb
    is taken to make something checkable."""
    efforts, stops = lexicon(ctx, "effort-verbs"), stop_words(ctx)

    def effort(word: str) -> bool:
        found = efforts.search(word)
        return found is not None and found.start == 0 and found.end == len(word)

    def check(text: str, spans: list[tuple[int, int]]) -> bool:
        found = [word for a, b in spans for word, _end in steps(text, a, b, stops)]
        return bool(found) and all(effort(v.lower()) for v in found)

    return check


def steps(text: str, start: int, end: int, stops: frozenset[str]) -> list[tuple[str, int]]:
    """The verbs a sentence (text[start:end]) commits to, each with where it ends (_COMMITTED_VERB_RE)."""
    found = [
        (m.group("verb"), m.end())
        for m in _COMMITTED_VERB_RE.finditer(text, start, end)
        if m.group("verb").lower() not in stops
    ]
    if not found:
        lead = _LEAD_RE.match(text[start:end])
        if lead is not None and lead.group("word").lower() not in stops:
            found = [(lead.group("word"), start + lead.end())]
    return found


def measurable(ctx: RuleContext) -> Callable[[str], bool]:
    """Whether a text may be measurable: it commits to an output, states a number, a percentage or a
    frequency, or commits to a step that is not a mere effort (effort_only). Only an action that
    fails all of these is reported: where the rule cannot tell, it stays quiet."""
    output, frequencies, numbers = (
        names_output(ctx, any_object=True),
        lexicon(ctx, "frequencies"),
        lexicon(ctx, "numbers"),
    )
    efforts = effort_only(ctx)

    def check(text: str) -> bool:
        if (
            _NUMBER_RE.search(text)
            or _PERCENT_RE.search(text)
            or frequencies.search(text) is not None
            or numbers.search(text) is not None
            or output(text)
        ):
            return True
        return not efforts(text, promised_sentences(text))

    return check


# ---------------------------------------------------------------- PL5xx


# A relative clause ("restrictions that may be in place going forward", "a tender which covers
# X and/or Y") or an embedded question ("feedback on how these could be improved") describes
# something else than the step. "that" after these words opens what is
# promised ("ensure that ..."), not a description.
_RELATIVE_RE = LazyPattern(r"\b(?:that|which|who|whom|whose|how|whether|why)\b", re.IGNORECASE)
_COMPLEMENT_RE = LazyPattern(
    r"\b(?:ensure|ensures|ensuring|sure|so|such|agree|agreed|confirm|confirms|show|shows|"
    r"recognise|recognised|note|notes|noted|means|given|satisfied|assure|clear|"
    r"know|check|checks|evidence|demonstrate|demonstrates)\s+$",
    re.IGNORECASE,
)


# An example list ("networks such as X and/or Y") names cases, not what will be done.
_EXAMPLES_RE = LazyPattern(r"\b(?:such\s+as|for\s+example|for\s+instance|e\.g\.)", re.IGNORECASE)
# A purpose clause says why, not what: ", to support a higher volume and/or compliance".
_PURPOSE_RE = LazyPattern(
    r"(?:,|\bin\s+order|\bso\s+as)\s+to\s+[a-z]+|\bto\s+(?:enable|help|make|allow|"
    r"achieve|facilitate)\b",
    re.IGNORECASE,
)


_FINITE_RE = LazyPattern(r"\b(?:is|are|was|were|will|has|have)\b", re.IGNORECASE)


def describes_something_else(text: str, match: Match) -> bool:
    """Whether a phrase sits in a relative clause that commits to nothing, so that it qualifies a noun,
    not the step ("restrictions that may be in place going forward"); in an example list; or, for an
    entry marked `not_in_purpose`, in a purpose clause."""
    begin, _end = sentence_around(text, match.start, match.end)
    examples = None
    for examples in _EXAMPLES_RE.finditer(text, begin, match.start):  # noqa: B007 - the last one is wanted
        pass
    # "(such as Police and Crime Commissioners) are also under consideration": the list closed before it
    if examples is not None and ")" not in text[examples.end() : match.start]:
        return True
    if match.entry.not_in_purpose and _PURPOSE_RE.search(text, begin, match.start):
        return True
    opener = None
    for found in _RELATIVE_RE.finditer(text, begin, match.start):
        if not _COMPLEMENT_RE.search(text, max(begin, found.start() - 24), found.start()):
            opener = found
    if opener is None or _FUTURE_RE.search(text, opener.end(), match.start):
        return False
    # "agencies who work with victims (such as ...) are also under consideration": a second finite
    # verb after the clause's own is the sentence's, so the clause closed before the phrase
    own = _WORDS_RE.search(text, opener.end(), match.start)
    return own is None or _FINITE_RE.search(text, own.end(), match.start) is None


def phrases_in_actions(
    plan: Plan, ctx: RuleContext, name: str, harm: str, fallback: str, *, in_the_step_only: bool = False
) -> Iterator[Problem]:
    """A finding at each phrase of word list `name` in an action: the phrase, the harm it does, and the
    list entry's `instead` (else `fallback`). `in_the_step_only`: not where the phrase describes
    something other than the step (describes_something_else)."""
    find = finder(ctx, name)
    for path, _rec, action in actions(plan, ctx):
        for match in find(action.text):
            if in_the_step_only and describes_something_else(action.text or "", match):
                continue
            yield Problem(path, f"{quoted(match)} {harm}: {instead(match, fallback)}", anchor=match.anchor)


@check("vague-phrase")
def vague_phrase(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    yield from phrases_in_actions(
        plan,
        ctx,
        "vague-phrases",
        "leaves the action open to being skipped or stretched",
        "say exactly what will be done",
        in_the_step_only=True,
    )
    # A condition on delivery under an Agreed recommendation (a category a caveat moves) is PL109's;
    # elsewhere it is a loophole.
    find = finder(ctx, "delivery-conditions")
    for path, rec, action in actions(plan, ctx):
        category = ctx.profile.category(rec.category)
        if category is not None and category.caveat_means is not None:
            continue
        for match in find(action.text):
            yield Problem(
                path,
                f"{quoted(match)} makes the step wait on something outside the plan: "
                f"{instead(match, 'give a date that does not wait on it')}",
                anchor=match.anchor,
            )


@check("non-committal")
def non_committal(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    return phrases_in_actions(
        plan, ctx, "non-committal", "does not commit to doing anything", "say what will be done", in_the_step_only=True
    )


@check("continuation-only")
def continuation_only(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    find, deliverable = finder(ctx, "continuation"), names_output(ctx)
    for path, _rec, action in actions(plan, ctx):
        match = next(find(action.text), None)
        if match is not None and not deliverable(action.text or ""):
            yield Problem(
                path,
                f"the action only continues existing work ({quoted(match)}) and names "
                f"no new output: {instead(match, 'name what will be new and the output that shows it')}",
                anchor=match.anchor,
            )


@check("unmeasurable")
def unmeasurable(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    # The text as written, not with the long forms of its acronyms added: a deliverable word in a gloss
    # ("Regional Case Audit Tool (RCAT)") is part of a name, and an acronym as a delivery verb's
    # object ("Complete the SNA") counts as an output without its long form.
    is_measurable = measurable(ctx)
    for path, _rec, action in actions(plan, ctx):
        if action.measure and action.measure.strip():
            continue
        if not is_measurable(action.text or ""):
            yield Problem(
                path,
                "the action commits to nothing measurable (no output such as a report, "
                "audit, policy or training, no number, percentage or frequency): say what will exist when "
                "it is done, or add a `measure`",
            )


@check("action-too-long")
def action_too_long(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    limit = int(ctx.options.get("max-words", MAX_WORDS_DEFAULT))
    for path, _rec, action in actions(plan, ctx):
        count = word_count(action.text or "")
        if count > limit:
            yield Problem(
                path,
                f"the action is {count} words long (more than {limit}), too long to "
                "track as one step: split it into separate actions, each with its own owner and date",
            )


@check("action-irrelevant")
def action_irrelevant(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    from planlint.rules.acronyms import expanded

    stops = stop_words(ctx)
    generic = {
        stem(word)
        for item in (*ctx.word_list("action-verbs"), *ctx.word_list("deliverables"))
        if isinstance(item, str)
        for word in item.split()
    }
    for i, rec in enumerate(plan.recommendations):
        if not (rec.text and rec.text.strip()):
            continue
        # acronyms count by their long forms: "PSO training" is about probation service officers
        context = content_stems(
            expanded(plan, ctx, " ".join(t for t in (rec.text, rec.response, rec.implemented_part) if t), stops), stops
        )
        stems = [content_stems(expanded(plan, ctx, a.text or "", stops), stops) for a in rec.actions]
        relevant = [bool(s) and stems_overlap(s, context) for s in stems]
        # An action can take its subject from a sibling that is itself on topic ("the rate card"
        # beside "use of interventions"); sharing only verbs or deliverables does not count.
        on_topic = (
            set().union(*(s - generic for s, ok in zip(stems, relevant, strict=False) if ok))
            if any(relevant)
            else set()
        )
        for j, action_stems in enumerate(stems):
            if not action_stems or relevant[j] or stems_overlap(action_stems - generic, on_topic):
                continue
            yield Problem(
                action_path(i, j),
                f"the action shares no subject word with recommendation {rec.id}, its "
                "response or its other actions: check it belongs here, or say how it addresses the "
                "recommendation",
            )


# ---------------------------------------------------------------- PL109


@check("agreed-with-caveat")
def agreed_with_caveat(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    caveats, conditions = finder(ctx, "caveats"), finder(ctx, "delivery-conditions")
    for i, rec in enumerate(plan.recommendations):
        category = ctx.profile.category(rec.category)
        if category is None or category.caveat_means is None:
            continue  # only a full answer a caveat moves to a partial one (Agreed -> Partly Agreed)
        unit = ctx.profile.unit
        move = f"make the {unit} {category.caveat_means} and give the affordability reason"
        texts: list[tuple[Path, str | None]] = [(("recommendations", i, "response"), rec.response)]
        texts += [(action_path(i, j), a.text) for j, a in enumerate(rec.actions)]
        for path, text in texts:
            for match in caveats(text):
                yield Problem(
                    path,
                    f"the {unit} is {category.name}, but {quoted(match)} makes delivery conditional: "
                    f"{instead(match, move)}",
                    anchor=match.anchor,
                )
            for match in conditions(text):
                yield Problem(
                    path,
                    f"the {unit} is {category.name}, but {quoted(match)} makes delivery wait on "
                    f"something outside the plan: {instead(match, 'give a date that does not wait on it')}",
                    anchor=match.anchor,
                )
