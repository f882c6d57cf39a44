"""The target-date grammar: how published action plans write timescales.

`read_target_date` turns one target-date value into a `DateReading`: what kind
of timescale it is, the deadline it names (the *end* of the period: "March
2024" is 31 March 2024, "2024/25" is 31 March 2025), the period's start, the
precision and any recurrence. A cell may hold several clauses ("Wales - April
2024. South-West April 2025."); each is kept in `parts` and the whole takes
the latest deadline.

The grammar scans the text for known forms (dates, status words, review /
start / condition markers, recurrences) and ignores the words between them,
which in real plans are labels ("Wales -") and fillers ("by the end of").
It never parses whole sentences fuzzily and never raises: text it cannot read
is `Kind.UNRECOGNISED`.

The words around the dates are data (`rules/lexicon/dates.yaml`, as a config
extends it); the shapes of dates themselves (months, quarters, financial years)
are fixed. A `DateGrammar` joins the two: the engine builds one per rule table,
from that table's word lists. A plan's own date (`read_plan_date`) needs no
words, only the date forms, so checking a plan's shape loads no word lists.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from planlint.lazy_pattern import LazyPattern, leftmost_first


class Kind(str, enum.Enum):
    DEADLINE = "deadline"
    COMPLETED = "completed"
    OPEN_ENDED = "open-ended"
    RECURRING = "recurring"
    REVIEW = "review"
    START = "start"
    CONDITIONAL = "conditional"
    AMBIGUOUS = "ambiguous"
    UNRECOGNISED = "unrecognised"


# The note of a date that names no day of the calendar ("2025-02-30", US-order "03/31/2025"): its
# reading is UNRECOGNISED (PL402), not AMBIGUOUS (PL407), since no deadline could be meant by it.
NOT_A_REAL_DATE = "not a real date"


class Precision(str, enum.Enum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    YEAR = "year"
    FINANCIAL_YEAR = "financial-year"


# Kinds that say "this is not a completion date" win when one cell mixes kinds:
# they are what a reviewer would pick out first.
_NOT_DEADLINE = (Kind.REVIEW, Kind.START, Kind.CONDITIONAL)
_PRECEDENCE = (
    Kind.REVIEW,
    Kind.START,
    Kind.CONDITIONAL,
    Kind.AMBIGUOUS,
    Kind.DEADLINE,
    Kind.RECURRING,
    Kind.OPEN_ENDED,
    Kind.COMPLETED,
    Kind.UNRECOGNISED,
)


class DateReading(NamedTuple):  # NamedTuples here, as findings.py says why
    """How one target date reads. Each rule asks one property of it.

    `deadline` is the last day of the period named (for a completed step: of
    the period it was completed in; for a review or start: of that period).
    `period_start` is the first day of it. `recurrence` is a name such as
    "monthly". `conditional` holds the condition ("subject to funding"),
    whatever the kind. `note` says why an ambiguous date is ambiguous.
    """

    text: str
    kind: Kind
    deadline: dt.date | None = None
    period_start: dt.date | None = None
    precision: Precision | None = None
    recurrence: str | None = None
    conditional: str | None = None
    note: str | None = None
    parts: tuple[DateReading, ...] = ()

    @property
    def completed(self) -> bool:
        return self.kind is Kind.COMPLETED

    @property
    def has_firm_deadline(self) -> bool:
        """A date the step is committed to finish by (what overdue and horizon checks read)."""
        return self.deadline is not None and self.kind in (Kind.DEADLINE, Kind.RECURRING, Kind.AMBIGUOUS)

    @property
    def clauses(self) -> tuple[DateReading, ...]:
        return self.parts or (self,)

    def completed_after(self, as_of: dt.date) -> DateReading | None:
        """The first clause that says the step was completed in a period wholly after `as_of`."""
        for part in self.clauses:
            if part.completed and part.period_start is not None and part.period_start > as_of:
                return part
        return None

    def describe(self) -> str:
        """How planlint read the value, e.g. "read 'Q3 2024/25' as 31 December 2024"."""
        if self.parts:
            return "; ".join(p.describe() for p in self.parts)
        return f"read '{self.text}' as {self._meaning()}"

    def _meaning(self) -> str:
        named = _period_words(self)
        extra = f", then {self.recurrence}" if self.recurrence and self.kind is not Kind.RECURRING else ""
        if self.conditional and self.kind is not Kind.CONDITIONAL:
            extra += f", {self.conditional}"
        if self.kind is Kind.DEADLINE:
            return f"{_day(self.deadline)}{extra}" if self.deadline else f"a deadline{extra}"
        if self.kind is Kind.COMPLETED:
            return (f"completed ({named})" if named else "completed") + extra
        if self.kind is Kind.RECURRING:
            if self.deadline is None:
                return f"recurring {self.recurrence} with no end date{extra}"
            if self.note == "first":
                return f"recurring {self.recurrence}, first due {_day(self.deadline)}{extra}"
            return f"recurring {self.recurrence} until {_day(self.deadline)}{extra}"
        if self.kind is Kind.OPEN_ENDED:
            return f"open-ended, with no deadline{extra}"
        if self.kind is Kind.REVIEW:
            return f"a review point{f' ({named})' if named else ''}, not a completion date{extra}"
        if self.kind is Kind.START:
            return f"a start date{f' ({named})' if named else ''}, not a completion date{extra}"
        if self.kind is Kind.CONDITIONAL:
            return f"conditional ({self.conditional}){f', {_day(self.deadline)}' if self.deadline else ''}"
        if self.kind is Kind.AMBIGUOUS:
            return f"{self.note}{f' ({named})' if named else ''}{extra}"
        return self.note or "no date or status"


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _period_words(r: DateReading) -> str:
    """The period a reading names, as a person would say it: 'April 2022', '2024/25', '1 March - 31 May 2024'."""
    end, start = r.deadline, r.period_start
    if end is None:
        return ""
    if start is None or r.precision is Precision.DAY or start == end:
        return _day(end)
    if r.precision is Precision.MONTH and start == end.replace(day=1):
        return f"{end:%B %Y}"
    if r.precision is Precision.YEAR and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(end.year) if start.year == end.year else f"{start.year}-{end.year}"
    if r.precision is Precision.FINANCIAL_YEAR and (start.month, start.day) == (4, 1) and start.year + 1 == end.year:
        return f"{start.year}/{end.year % 100:02d}"
    return f"{_day(start)} - {_day(end)}"


# --- the shapes of dates ---------------------------------------------------------------------

_MONTH_SPELLINGS = {
    1: ["january", "jan", "januray", "janurary"],
    2: ["february", "feb", "febuary", "feburary", "febrary"],
    3: ["march", "mar"],
    4: ["april", "apr", "apirl"],
    5: ["may"],
    6: ["june", "jun"],
    7: ["july", "jul"],
    8: ["august", "aug", "agust"],
    9: ["september", "sept", "sep", "septmber", "setpember", "septemeber"],
    10: ["october", "oct", "ocotber", "octobre"],
    11: ["november", "nov", "novmber", "novemeber"],
    12: ["december", "dec", "decmber", "decemeber"],
}
MONTHS = {spelling: number for number, names in _MONTH_SPELLINGS.items() for spelling in names}
_M = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_Y4 = r"(?:19|20|21)\d{2}"
_B = r"(?<![a-z0-9])"  # start of a word
_E = r"(?![a-z0-9])"  # end of a word
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "nine": 9,
    "twelve": 12,
    "eighteen": 18,
}

_DATE_FORMS = [
    ("iso", rf"(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}}){_E}"),
    (
        "numeric",
        rf"(?P<num_d>\d{{1,2}})(?P<num_sep>[/.\-])(?P<num_m>\d{{1,2}})(?P=num_sep)(?P<num_y>\d{{4}}|\d{{2}}){_E}",
    ),
    (
        "fy_ending",
        rf"(?:(?:the\s+)?(?:financial|fiscal)\s+year|fy|year)\s+end(?:ing|s)?\s+(?:in\s+)?"
        rf"(?:3[01](?:st)?\s+)?(?P<fye_m>{_M})\s*(?P<fye_y>{_Y4}){_E}",
    ),
    # YYYY-MM (ISO 8601 for a month); before the financial years, which it cannot be (a month is 01-12)
    ("iso_month", rf"(?P<im_y>{_Y4})-(?P<im_m>0[1-9]|1[0-2]){_E}(?![-/])"),
    (
        "quarter",
        rf"(?:q(?P<q_n>[1-4])|q(?P<q_bad>[05-9])|(?P<q_n2>[1-4])(?:st|nd|rd|th)\s+quarter|quarter\s+(?P<q_n3>[1-4])){_E}"
        # possessive (*+, ++): each blank run is taken whole, since what follows it never starts with a
        # blank; backtracking into "\s*,?\s*...\s*" tried every split of a run, cubic on "Q1" + blanks
        rf"(?:\s*+,?\s*+(?:of\s++)?(?:the\s++)?(?P<q_fin>fy|financial\s+year|fin\s+year)?\s*+"
        rf"(?:(?P<q_a>{_Y4}|\d{{2}})\s*[/\-–]\s*(?P<q_b>\d{{4}}|\d{{2}})|(?P<q_y>{_Y4})){_E})?",
    ),
    (
        "fy",
        rf"(?:(?P<fy_pre>fy|financial\s+year|fiscal\s+year|fin\s+year)\s*)?"
        rf"(?P<fy_a>{_Y4})\s*[/\-–]\s*(?P<fy_b>\d{{4}}|\d{{2}}){_E}",
    ),
    ("fy_short", rf"(?:fy|financial\s+year)\s*(?P<fys_a>\d{{2}})\s*[/\-–]\s*(?P<fys_b>\d{{2}}){_E}"),
    ("fy_single", rf"fy\s*(?P<fy1>{_Y4}|\d{{2}}){_E}"),
    (
        "season",
        rf"(?P<s_name>spring|summer|autumn|fall|winter){_E}(?:\s+(?:of\s+)?(?P<s_y>{_Y4})"
        rf"(?:\s*[/\-]\s*(?P<s_y2>\d{{4}}|\d{{2}}))?{_E})?",
    ),
    ("half", rf"(?:h(?P<h_n>[12])|(?P<h_w>first|second|1st|2nd)\s+half(?:\s+of)?)\s*(?P<h_y>{_Y4}){_E}"),
    ("part_year", rf"(?P<part>early|mid|late)[\s\-]+(?P<part_y>{_Y4}){_E}"),
    (
        "day_month",
        rf"(?P<dm_d>\d{{1,2}})(?:st|nd|rd|th)?[\s\-]*(?:of\s+)?(?P<dm_m>{_M}){_E}"
        rf"(?:[\s,\-]*(?P<dm_y>{_Y4}|'?\d{{2}}){_E})?",
    ),
    ("month_day", rf"(?P<md_m>{_M})\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<md_y>{_Y4}){_E}"),
    ("month_year", rf"(?P<my_m>{_M})(?:[\s,\-']+|(?<=\.))(?P<my_y>{_Y4}|'?\d{{2}}){_E}"),
    ("numeric_month", rf"(?P<nm_m>\d{{1,2}})[/.\-](?P<nm_y>{_Y4}){_E}"),
    ("year", rf"(?P<yr>{_Y4}){_E}"),
    (
        "relative",
        rf"(?:within\s+)?(?P<rel_n>\d{{1,3}}|{'|'.join(_WORD_NUMBERS)})[\s\-]+"
        rf"(?P<rel_u>days?|weeks?|months?|years?){_E}",
    ),
    (
        "undated_end",
        r"(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(?:financial\s+|calendar\s+|business\s+)?"
        r"(?:year|quarter|month)|(?:financial\s+)?year[\s\-]end)(?![a-z0-9])(?!\s*(?:\d|of\b|ending))",
    ),
    ("month", rf"(?P<mon_m>{_M}){_E}"),
]

# Modifiers that change the date that follows them.
_MODIFIERS = [("start_of", r"(?:the\s+)?(?:start|beginning)\s+of"), ("before", r"before")]
# A tag's attributes run to the next `>`, but never past a `<`: with `[^>]*` a text of
# "<p" repeated scanned to its end from every "<", quadratic (bench/NOTES.md).
_HARD_BREAK = LazyPattern(r"<\s*(?:/\s*)?(?:p|br|li|ul|ol|div|tr|td)\b[^<>]*>|[\n\r;•·]+", re.I)
_TAG = LazyPattern(r"<[^<>]{0,200}>")
_BREAK_STARTS = frozenset("<\n\r;•·")  # every match of _HARD_BREAK or _TAG begins with one of these
# (?<!\s): searched, a pattern led by \s* would scan a run of spaces from each of them (quadratic)
_RANGE_GAP = LazyPattern(r"(?<!\s)\s*(?:-|–|—|to|until|till|through|thru)\s*")
_BOUND_GAP = LazyPattern(r"[\s:,\-–]*(?:(?:in|on)\s+)?")  # between "Completed" and its date
_STATUS_AFTER_GAP = LazyPattern(r"[\s:,\-–(]*")


# What every match of a form holds (in the lowered text), so a text holding none of these is not
# searched for the form, and the form is compiled only when a text could hold it ("June 2025"
# needs the month forms and `year`; the financial-year, quarter and season forms stay uncompiled).
# Each is read off the form's regex above: a literal that every branch of it spells out.
_MONTH_STEMS = tuple(sorted({spelling[:3] for spelling in MONTHS}))  # every spelling begins with its stem
_FORM_NEEDS: dict[str, tuple[str, ...]] = {
    "iso": ("-",),
    "numeric": ("/", ".", "-"),
    "fy_ending": ("end",),
    "iso_month": ("-",),
    "quarter": ("q",),  # q1-q4, "quarter"
    "fy": ("/", "-", "\u2013"),
    "fy_short": ("fy", "financial"),
    "fy_single": ("fy",),
    "season": tuple(_SEASONS),
    "half": ("h1", "h2", "half"),
    "part_year": ("early", "mid", "late"),
    "day_month": _MONTH_STEMS,
    "month_day": _MONTH_STEMS,
    "month_year": _MONTH_STEMS,
    "numeric_month": ("/", ".", "-"),
    "year": ("19", "20", "21"),
    "relative": ("day", "week", "month", "year"),
    "undated_end": ("end",),
    "month": _MONTH_STEMS,
    "start_of": ("start", "beginning"),
    "before": ("before",),
}


_SEARCHED_APART = 8  # at most this many alternatives a text may hold are searched one by one


class _Alternative(NamedTuple):
    """One alternative of the grammar's alternation, searched on its own (see DateGrammar)."""

    kind: str  # a date form's or modifier's name, "marker" or "query"
    pattern: LazyPattern
    needs: tuple[str, ...]  # a text holding none of these cannot match; empty: always searched


class DateGrammar:  # compared and hashed by identity: one per set of words (from_words is cached)
    """The date forms with the words read around them: status, review, start and condition markers, recurrences.

    The grammar is one alternation: at each place in a text the first of its alternatives that
    matches there is taken (the date forms, the modifiers, each marker phrase longest first, a
    question mark). Compiled as one regex it costs ~6 ms of Python's regex compiler, for every
    run that reads a date; so each alternative is compiled and searched on its own
    (lazy_pattern.leftmost_first finds what the alternation would find), and only if the text
    holds a word the alternative needs. `whole` is that one alternation (tests compare the two).
    """

    __slots__ = ("_by_need", "_unconditional", "alternatives", "categories", "recurrences", "whole")
    alternatives: tuple[_Alternative, ...]
    whole: LazyPattern
    categories: Mapping[str, str]  # normalised phrase -> category
    recurrences: Mapping[str, str]  # normalised phrase -> recurrence name
    # each word an alternative needs, with the set (as bits) of the alternatives that need it
    _by_need: tuple[tuple[str, int], ...]
    _unconditional: int  # the alternatives (as bits) that need no word

    def __init__(
        self,
        alternatives: tuple[_Alternative, ...],
        whole: LazyPattern,
        categories: Mapping[str, str],
        recurrences: Mapping[str, str],
    ) -> None:
        bits: dict[str, int] = {}
        for i, alternative in enumerate(alternatives):
            for need in alternative.needs:
                bits[need] = bits.get(need, 0) | 1 << i
        unconditional = sum(1 << i for i, alternative in enumerate(alternatives) if not alternative.needs)
        fields = {
            "alternatives": alternatives,
            "whole": whole,
            "categories": categories,
            "recurrences": recurrences,
            "_by_need": tuple(bits.items()),
            "_unconditional": unconditional,
        }
        for name, value in fields.items():
            object.__setattr__(self, name, value)  # read-only once made: see __setattr__

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a DateGrammar is read-only: the rule table built it once")

    @staticmethod
    def from_words(words: Mapping[str, Any]) -> DateGrammar:
        """The grammar of a `dates` word list (category -> phrases; `recurrence` maps names to phrases)."""
        return _grammar_for(_words_key(words))

    def scan(self, low: str) -> Iterator[tuple[str, re.Match[str]]]:
        """(kind, match) of each match of the grammar in a lowered text, left to right."""
        if self.alternatives and not self.whole.is_compiled:
            chosen = self._could_match(low)
            if len(chosen) <= _SEARCHED_APART:
                return self.scan_apart(low, chosen)
        # Many alternatives (or one that matches empty text, or a run that has compiled the whole
        # alternation already): one scan of the whole alternation is quicker than searching each.
        return self.scan_whole(low)

    def scan_apart(self, low: str, chosen: list[_Alternative] | None = None) -> Iterator[tuple[str, re.Match[str]]]:
        """What `scan_whole` finds, searching each alternative the text could hold on its own."""
        chosen = self._could_match(low) if chosen is None else chosen
        for index, m in leftmost_first(low, [a.pattern for a in chosen]):
            yield chosen[index].kind, m

    def scan_whole(self, low: str) -> Iterator[tuple[str, re.Match[str]]]:
        for m in self.whole.finditer(low):
            yield _kind_of(m), m

    def _could_match(self, low: str) -> list[_Alternative]:
        """The alternatives, in order, whose needs the text holds."""
        wanted = self._unconditional
        for need, alternatives in self._by_need:
            if need in low:
                wanted |= alternatives
        return [self.alternatives[i] for i in _bits(wanted)]


def _bits(mask: int) -> Iterator[int]:
    """The positions of a mask's set bits, lowest first."""
    while mask:
        low_bit = mask & -mask
        yield low_bit.bit_length() - 1
        mask ^= low_bit


def _kind_of(m: re.Match[str]) -> str:
    """The alternative of the whole alternation a match took."""
    if m.group("query"):
        return "query"
    for name, _ in (*_DATE_FORMS, *_MODIFIERS):
        if m.group(name) is not None:
            return name
    return "marker"


def _phrase_regex(phrase: str) -> str:
    words = re.split(r"[\s\-]+", phrase.strip().lower())
    return r"[\s\-]*".join(re.escape(w) for w in words if w)


def _normal(phrase: str) -> str:
    return " ".join(re.split(r"[\s\-]+", phrase.strip().lower()))


@functools.lru_cache(maxsize=4)
def _grammar_for(words_key: tuple[tuple[str, tuple[str, ...]], ...]) -> DateGrammar:
    categories: dict[str, str] = {}
    recurrences: dict[str, str] = {}
    for category, phrases in words_key:
        for phrase in phrases:
            if category.startswith("recurrence:"):
                recurrences[_normal(phrase)] = category.split(":", 1)[1]
                categories[_normal(phrase)] = "recurrence"
            else:
                categories[_normal(phrase)] = category
    longest_first = sorted(categories, key=len, reverse=True)
    markers = [_phrase_regex(p) for p in longest_first]
    named = [f"(?P<{name}>{regex})" for name, regex in (*_DATE_FORMS, *_MODIFIERS)]
    if markers:
        named.append("(?P<marker>" + "|".join(markers) + ")")
    whole = LazyPattern(_B + "(?:" + "|".join(named) + ")" + _E + r"|(?P<query>\?)")
    alternatives = [
        _Alternative(name, LazyPattern(f"{_B}(?P<{name}>{regex}){_E}"), _FORM_NEEDS[name])
        for name, regex in (*_DATE_FORMS, *_MODIFIERS)
    ]
    # A marker phrase is literal words (_phrase_regex): a match holds its first word as written.
    alternatives += [
        _Alternative("marker", LazyPattern(f"{_B}(?:{regex}){_E}"), (phrase.split()[0],))
        for phrase, regex in zip(longest_first, markers, strict=True)
        if regex
    ]
    alternatives.append(_Alternative("query", LazyPattern(r"\?"), ("?",)))
    if "" in markers:  # a phrase of no words matches empty text: only the one alternation scans that as before
        alternatives = []
    return DateGrammar(tuple(alternatives), whole, categories, recurrences)


def _words_key(words: Mapping[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out: list[tuple[str, tuple[str, ...]]] = []
    for category, value in words.items():
        if isinstance(value, Mapping):
            out += [(f"recurrence:{name}", tuple(map(str, phrases))) for name, phrases in value.items()]
        else:
            out.append((str(category), tuple(map(str, value or ()))))
    return tuple(out)


# --- periods ---------------------------------------------------------------------------------


class _Period(NamedTuple):
    start: dt.date | None
    end: dt.date | None
    precision: Precision | None
    note: str | None = None  # set when the period cannot be pinned to a deadline


# Month arithmetic by hand, not with dateutil's relativedelta: every period here starts on a first
# and ends on a last of a month, and importing dateutil (with calendar and locale) was ~2 ms of a
# one-file check. tests/test_dates.py compares these with relativedelta over four centuries.
def month_start(year: int, month: int) -> dt.date:
    """The first day of a month, counting on past December (month 13 is the next year's January)."""
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month, counting on past December as month_start does."""
    return month_start(year, month + 1) - dt.timedelta(days=1)


def _month(year: int, month: int) -> _Period:
    return _Period(dt.date(year, month, 1), month_end(year, month), Precision.MONTH)


def _year2(text: str, century_of: int | None = None) -> int:
    """A year as written: 2024, '24 or 24 (two digits are this century's)."""
    digits = text.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    base = (century_of // 100) * 100 if century_of else 2000
    return base + int(digits)


def _financial_year(first: int) -> _Period:
    return _Period(dt.date(first, 4, 1), dt.date(first + 1, 3, 31), Precision.FINANCIAL_YEAR)


def _second_year(first: int, written: str) -> int:
    if len(written) == 4:
        return int(written)
    return (first // 100) * 100 + int(written) + (100 if int(written) < first % 100 else 0)


def _quarter(n: int, *, fy_first: int | None = None, calendar_year: int | None = None) -> _Period:
    if calendar_year is not None:
        start = dt.date(calendar_year, 3 * n - 2, 1)
    else:
        assert fy_first is not None
        start = month_start(fy_first, 4 + 3 * (n - 1))
    return _Period(start, month_end(start.year, start.month + 2), Precision.QUARTER)


def _period(kind: str, g: Mapping[str, str | None], original: str, quarters: str) -> _Period:
    """The period one matched date form names. Raises ValueError for impossible dates."""

    def group(name: str) -> str:
        # a group the matched form always sets; were it unset, the date reads as not a real one
        value = g[name]
        if value is None:
            raise KeyError(name)
        return value

    if kind == "iso":
        d = dt.date(int(group("iso_y")), int(group("iso_m")), int(group("iso_d")))
        return _Period(d, d, Precision.DAY)
    if kind == "numeric":
        # UK plans write day first: 10/01/2024 is 10 January 2024.
        d = dt.date(_year2(group("num_y")), int(group("num_m")), int(group("num_d")))
        return _Period(d, d, Precision.DAY)
    if kind == "fy_ending":
        end = month_end(int(group("fye_y")), MONTHS[group("fye_m").rstrip(".")])
        # the twelve months ending with `end`: from the first of the month after it, a year before
        return _Period(month_start(end.year - 1, end.month + 1), end, Precision.FINANCIAL_YEAR)
    if kind == "iso_month":
        return _month(int(group("im_y")), int(group("im_m")))
    if kind == "quarter":
        if g.get("q_bad"):
            raise ValueError("a year has four quarters")
        n = int(g["q_n"] or g["q_n2"] or group("q_n3"))
        if g["q_a"]:
            first = _year2(group("q_a"))
            if _second_year(first, group("q_b")) != first + 1:
                raise ValueError("not a financial year")
            return _quarter(n, fy_first=first)
        if g["q_y"]:
            year = int(group("q_y"))
            if g["q_fin"] or quarters != "calendar":
                # "Q3 2024" in financial quarters is the third quarter of the year that starts in April 2024.
                return _quarter(n, fy_first=year)
            return _quarter(n, calendar_year=year)
        return _Period(None, None, Precision.QUARTER, "a quarter with no year")
    if kind == "fy":
        first = int(group("fy_a"))
        second = _second_year(first, group("fy_b"))
        if second == first + 1:
            return _financial_year(first)
        if second > first and len(group("fy_b")) == 4 and not g["fy_pre"]:
            # "2021-2023": a span of calendar years.
            return _Period(dt.date(first, 1, 1), dt.date(second, 12, 31), Precision.YEAR)
        raise ValueError("not a financial year")
    if kind == "fy_short":
        first = 2000 + int(group("fys_a"))
        if _second_year(first, group("fys_b")) != first + 1:
            raise ValueError("not a financial year")
        return _financial_year(first)
    if kind == "fy_single":
        return _Period(None, None, Precision.FINANCIAL_YEAR, "a financial year named by one year (write 2024/25)")
    if kind == "season":
        first_month, last_month = _SEASONS[group("s_name")]
        if not g["s_y"]:
            return _Period(None, None, Precision.SEASON, "a season with no year")
        year = int(group("s_y"))
        start = dt.date(year, first_month, 1)
        end_year = year + 1 if last_month < first_month else year
        return _Period(start, month_end(end_year, last_month), Precision.SEASON, "a season, not a date")
    if kind == "half":
        year, first_half = int(group("h_y")), (g["h_n"] or "") == "1" or (g["h_w"] or "") in ("first", "1st")
        months = (1, 6) if first_half else (7, 12)
        return _Period(
            dt.date(year, months[0], 1),
            month_end(year, months[1]),
            Precision.SEASON,
            f"half of a year ({'first' if first_half else 'second'} half of {year}), not a date",
        )
    if kind == "part_year":
        year = int(group("part_y"))
        months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[group("part")]
        return _Period(
            dt.date(year, months[0], 1),
            month_end(year, months[1]),
            Precision.SEASON,
            f"part of a year ({g['part']} {year}), not a date",
        )
    if kind == "day_month":
        month = MONTHS[group("dm_m").rstrip(".")]
        if not g["dm_y"]:
            dt.date(2000, month, int(group("dm_d")))  # still a real day of that month (2000 is a leap year)
            return _Period(None, None, Precision.DAY, "a day with no year")
        d = dt.date(_year2(group("dm_y")), month, int(group("dm_d")))
        return _Period(d, d, Precision.DAY)
    if kind == "month_day":
        d = dt.date(int(group("md_y")), MONTHS[group("md_m").rstrip(".")], int(group("md_d")))
        return _Period(d, d, Precision.DAY)
    if kind == "month_year":
        return _month(_year2(group("my_y")), MONTHS[group("my_m").rstrip(".")])
    if kind == "numeric_month":
        return _month(int(group("nm_y")), int(group("nm_m")))
    if kind == "year":
        year = int(group("yr"))
        return _Period(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR)
    if kind == "relative":
        return _Period(None, None, None, "a length of time with no start date")
    if kind == "undated_end":
        return _Period(None, None, None, "the end of a period with no year")
    if kind == "month":
        return _Period(None, None, Precision.MONTH, "a month with no year")
    raise ValueError(kind)


# --- scanning --------------------------------------------------------------------------------


class _Token(NamedTuple):
    type: str  # "date", "marker" category, "start_of", "before", "tentative"
    start: int
    end: int
    period: _Period | None = None
    recurrence: str | None = None
    phrase: str = ""
    date_form: str = ""
    month: int | None = None  # for a month written with no year, which a range may complete


class _Clause:
    __slots__ = ("dates", "period", "tokens")

    def __init__(self) -> None:
        self.tokens: list[_Token] = []
        self.dates: list[_Token] = []
        # a modified or merged period replaces the date token's own
        self.period: _Period | None = None

    def has(self, *types: str) -> bool:
        return any(t.type in types for t in self.tokens)

    def first(self, type_: str) -> _Token | None:
        return next((t for t in self.tokens if t.type == type_), None)


def _tokens(segment: str, low: str, offset: int, grammar: DateGrammar, quarters: str) -> Iterator[_Token]:
    for kind, m in grammar.scan(low):
        start, end = m.start() + offset, m.end() + offset
        if kind == "query":
            yield _Token("tentative", start, end, phrase="?")
            continue
        if kind == "marker":
            phrase = _normal(m.group())
            category = grammar.categories.get(phrase)
            if category is None:
                continue
            yield _Token(category, start, end, recurrence=grammar.recurrences.get(phrase), phrase=phrase)
            continue
        if kind in ("start_of", "before"):
            yield _Token(kind, start, end)
            continue
        if kind == "month" and m.group("mon_m") == "may" and segment[m.start() : m.start() + 3] != "May":
            continue  # "may" the verb: only a capitalised May alone is the month
        try:
            period = _period(kind, m.groupdict(), segment[m.start() : m.end()], quarters)
        except (ValueError, KeyError, OverflowError):
            period = _Period(None, None, None, NOT_A_REAL_DATE)
        month = MONTHS[m.group("mon_m").rstrip(".")] if kind == "month" else None
        yield _Token("date", start, end, period=period, date_form=kind, month=month)


def _clauses(text: str, low: str, grammar: DateGrammar, quarters: str) -> list[_Clause]:
    clauses: list[_Clause] = []
    pos = 0
    breaks = [] if _BREAK_STARTS.isdisjoint(low) else list(_HARD_BREAK.finditer(low))
    for brk in [*breaks, None]:
        seg_end = brk.start() if brk else len(low)
        current = _Clause()
        prev: _Token | None = None
        for tok in _tokens(text[pos:seg_end], low[pos:seg_end], pos, grammar, quarters):
            gap = low[prev.end : tok.start] if prev else ""
            if tok.type == "date":
                if current.dates:
                    if prev is current.dates[-1] and _RANGE_GAP.fullmatch(gap) and _merge_range(current, tok):
                        current.tokens.append(tok)
                        prev = tok
                        continue
                    clauses.append(current)
                    current = _Clause()
                elif (done := current.first("completed")) is not None and not _BOUND_GAP.fullmatch(
                    low[done.end : tok.start]
                ):
                    # "Completed (and April 2024)": the date is not when it was completed.
                    clauses.append(current)
                    current = _Clause()
                current.dates.append(tok)
                current.period = _apply_modifier(tok.period, prev, gap)
            elif tok.type == "completed" and _dated_only(current) and _STATUS_AFTER_GAP.fullmatch(gap):
                pass  # "April 2021 - completed": completed in April 2021
            elif tok.type in ("review", "start", "completed", "complete") and (
                current.dates or current.has("review", "start", "completed", "complete")
            ):
                clauses.append(current)
                current = _Clause()
            current.tokens.append(tok)
            prev = tok
        if current.tokens:
            clauses.append(current)
        if brk is not None:
            pos = brk.end()
    return clauses


def _dated_only(clause: _Clause) -> bool:
    return len(clause.dates) == 1 and all(t.type == "date" for t in clause.tokens)


def _apply_modifier(period: _Period | None, prev: _Token | None, gap: str) -> _Period | None:
    if period is None or period.start is None or prev is None or gap.strip() not in ("", "the"):
        return period
    if prev.type == "start_of":
        return _Period(period.start, period.start, Precision.DAY)
    if prev.type == "before":
        day_before = period.start - dt.timedelta(days=1) if period.start > dt.date.min else period.start
        return _Period(day_before, day_before, Precision.DAY)
    return period


def _merge_range(clause: _Clause, tok: _Token) -> bool:
    """'June - September 2021', 'April 2024 to March 2025': one period, ending at the second date."""
    first, second = clause.period, tok.period
    if first is None or second is None or second.end is None:
        return False
    start = first.start
    month = clause.dates[-1].month
    if start is None and month is not None and second.start is not None:
        # "June-September 2021": the first month takes the second's year (the year before if it is later).
        year = second.start.year - (1 if month > second.start.month else 0)
        start = dt.date(year, month, 1)
    if start is None or start > second.end:
        return False
    clause.period = _Period(start, second.end, second.precision, second.note)
    return True


def _reading(clause: _Clause, text: str, begin_at: int) -> DateReading:
    """One clause's reading; its text runs from `begin_at` so that a leading label stays ("Wales - April 2024")."""
    end = clause.tokens[-1].end
    period = clause.period
    rec_tok = clause.first("recurrence")
    recurrence = rec_tok.recurrence if rec_tok else None
    cond_tok = clause.first("conditional")
    condition = None
    if cond_tok is not None:
        condition, cond_end = _condition_words(text, cond_tok)
        end = max(end, cond_end)
    phrase = " ".join(text[begin_at:end].split()).strip(" .,;-–()")
    tentative = clause.has("tentative")
    date_tok = clause.dates[0] if clause.dates else None
    deadline = period.end if period else None
    begin = period.start if period else None
    precision = period.precision if period else None
    note = period.note if period else None

    def reading(kind: Kind, note: str | None = None) -> DateReading:
        """The clause's reading as `kind`; every kind shares the clause's phrase, period and words."""
        return DateReading(
            text=phrase,
            kind=kind,
            deadline=deadline,
            period_start=begin,
            precision=precision,
            recurrence=recurrence,
            conditional=condition,
            note=note,
        )

    done = clause.first("completed")
    if done is not None:
        return reading(Kind.COMPLETED, note)
    if clause.has("review"):
        return reading(Kind.REVIEW, note)
    if clause.has("start"):
        if recurrence and date_tok is not None and deadline is not None:
            # "Monthly from April 2024": the first report is due in April 2024.
            return reading(Kind.RECURRING, "first")
        return reading(Kind.START, note)
    if condition:
        return reading(Kind.CONDITIONAL, note)
    if date_tok is not None:
        if note or tentative:
            kind = Kind.UNRECOGNISED if note == NOT_A_REAL_DATE else Kind.AMBIGUOUS
            return reading(kind, note or "a date marked as not settled")
        if recurrence and rec_tok is not None and rec_tok.start < date_tok.start:
            return reading(Kind.RECURRING)
        return reading(Kind.DEADLINE)
    if clause.has("complete"):
        return reading(Kind.COMPLETED)
    if recurrence:
        return reading(Kind.RECURRING)
    if clause.has("open_ended"):
        return reading(Kind.OPEN_ENDED)
    return reading(Kind.UNRECOGNISED)


_CONDITION_END = LazyPattern(r"[.,;)(\n]|\s[-–]\s|$")


def _condition_words(text: str, tok: _Token) -> tuple[str, int]:
    """The condition as written, up to the end of its clause ('subject to funding'), and where it ends."""
    stop = _CONDITION_END.search(text, tok.end)
    end = stop.start() if stop else len(text)
    return " ".join(text[tok.start : end].split())[:80], end


def _combine(text: str, parts: list[DateReading]) -> DateReading:
    kind = next(k for k in _PRECEDENCE if any(p.kind is k for p in parts))
    same = [p for p in parts if p.kind is kind]
    dated = [(p.deadline, p) for p in same if p.deadline is not None]
    latest = max(dated, key=lambda pair: pair[0], default=(None, None))[1]
    starts = [p.period_start for p in same if p.period_start is not None]
    return DateReading(
        text=text,
        kind=kind,
        deadline=latest.deadline if latest else None,
        period_start=min(starts) if starts and latest else None,
        precision=latest.precision if latest else None,
        recurrence=next((p.recurrence for p in parts if p.recurrence), None),
        conditional=next((p.conditional for p in parts if p.conditional), None),
        note=next((p.note for p in same if p.note), None),
        parts=tuple(parts),
    )


def _segment_start(text: str, pos: int) -> int:
    newline = text.rfind("\n", 0, pos)
    return newline + 1


def _clause_end(clause: _Clause, text: str) -> int:
    end = clause.tokens[-1].end
    cond = clause.first("conditional")
    if cond is not None:
        end = max(end, _condition_words(text, cond)[1])
    return end


def _clean(value: str) -> str:
    """Entities decoded, inline tags dropped ("14<sup>th</sup>" -> "14th"); block tags kept as breaks."""
    text = value
    if "&" in text:  # no entity without one (html.unescape's own test): html and its entity table load only then
        import html

        text = html.unescape(text)
    if not _BREAK_STARTS.isdisjoint(text):  # most dates hold no break or tag: the patterns compile only then
        text = _HARD_BREAK.sub("\n", text)
        text = _TAG.sub("", text)
    return text


def read_target_date(value: str | dt.date | None, grammar: DateGrammar, *, quarters: str = "financial") -> DateReading:
    """How a target date reads in `grammar`. `quarters` ("financial" or "calendar") says what 'Q3 2024' means."""
    if value is None:
        return DateReading(text="", kind=Kind.UNRECOGNISED)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DateReading(
            text=value.isoformat(), kind=Kind.DEADLINE, deadline=value, period_start=value, precision=Precision.DAY
        )
    raw = str(value)
    text = _clean(raw)
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lowered; keep offsets aligned
        text = low
    clauses = _clauses(text, low, grammar, quarters)
    shown = " ".join(text.split()).strip()
    if not clauses:
        return DateReading(text=shown, kind=Kind.UNRECOGNISED)
    readings = []
    begin_at = 0
    for clause in clauses:
        readings.append(_reading(clause, text, max(begin_at, _segment_start(text, clause.tokens[0].start))))
        begin_at = _clause_end(clause, text)
    meaningful = [r for r in readings if r.kind is not Kind.UNRECOGNISED] or readings
    if len(meaningful) == 1:
        return meaningful[0]._replace(text=shown) if len(clauses) == 1 else meaningful[0]
    return _combine(shown, meaningful)


def read_plan_date(value: str | dt.date | None) -> dt.date | None:
    """A plan's own date (submitted, report published): '19th July 2019', 'Published 18/12/18', '2019-07-19'.

    A month alone ("July 2019") gives its first day, so that no deadline in that
    month counts as overdue. Only the date forms are read (the first day or month
    written is the date), so no word list is needed.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _first_date(str(value), (Precision.DAY, Precision.MONTH))


def read_day(value: str) -> dt.date | None:
    """The first whole day written in `value` ('Action Plan Submitted: 14th May 2021'), else None."""
    return _first_date(value, (Precision.DAY,))


def _first_date(value: str, precisions: tuple[Precision, ...]) -> dt.date | None:
    text = _clean(value)
    for tok in _tokens(text, text.lower(), 0, DateGrammar.from_words({}), "financial"):
        if tok.type == "date" and tok.period and tok.period.start and tok.period.precision in precisions:
            return tok.period.start
    return None
