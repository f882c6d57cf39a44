"""The target-date grammar: a table of the forms plans use, edge cases, and properties."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planlint.dates import DateReading, Kind, Precision, read_plan_date
from planlint.dates import read_target_date as read_in_grammar
from planlint.rules.target_dates import default_date_grammar


def read_target_date(value: str | dt.date | None, *, quarters: str = "financial") -> DateReading:
    """How a target date reads with the shipped word lists (`rules/lexicon/dates.yaml`)."""
    return read_in_grammar(value, default_date_grammar(), quarters=quarters)


D = dt.date
DL, CO, OE, RE, RV, ST, CD, AM, UN = (
    Kind.DEADLINE,
    Kind.COMPLETED,
    Kind.OPEN_ENDED,
    Kind.RECURRING,
    Kind.REVIEW,
    Kind.START,
    Kind.CONDITIONAL,
    Kind.AMBIGUOUS,
    Kind.UNRECOGNISED,
)

# text, kind, deadline, recurrence
FORMS = [
    # months: the deadline is the last day of the month
    ("March 2019", DL, D(2019, 3, 31), None),
    ("February 2024", DL, D(2024, 2, 29), None),  # leap year
    ("February 2023", DL, D(2023, 2, 28), None),
    ("February 2100", DL, D(2100, 2, 28), None),  # not a leap year
    ("Sept 2024", DL, D(2024, 9, 30), None),
    ("Sept. 2024", DL, D(2024, 9, 30), None),
    ("Feb 2025", DL, D(2025, 2, 28), None),
    ("Febuary 2025", DL, D(2025, 2, 28), None),
    ("Mar-24", DL, D(2024, 3, 31), None),  # two-digit year
    ("June '24", DL, D(2024, 6, 30), None),
    ("03/2024", DL, D(2024, 3, 31), None),
    ("December 2024.", DL, D(2024, 12, 31), None),
    ("by March 2024", DL, D(2024, 3, 31), None),
    ("by the end of March 2024", DL, D(2024, 3, 31), None),
    ("end of March 2024", DL, D(2024, 3, 31), None),
    ("no later than March 2024", DL, D(2024, 3, 31), None),
    ("June-September 2021", DL, D(2021, 9, 30), None),
    ("April 2024 to March 2025", DL, D(2025, 3, 31), None),
    ("before April 2024", DL, D(2024, 3, 31), None),
    ("start of April 2024", DL, D(2024, 4, 1), None),
    # days: UK day-first
    ("17/01/2024", DL, D(2024, 1, 17), None),
    ("10/01/2024", DL, D(2024, 1, 10), None),
    ("10/01/24", DL, D(2024, 1, 10), None),
    ("31.03.2025", DL, D(2025, 3, 31), None),
    ("29/02/2024", DL, D(2024, 2, 29), None),
    ("2024-01-17", DL, D(2024, 1, 17), None),
    ("17th January 2024", DL, D(2024, 1, 17), None),
    ("1st March 2024", DL, D(2024, 3, 1), None),
    ("22nd May 2024", DL, D(2024, 5, 22), None),
    ("3rd June 2024", DL, D(2024, 6, 3), None),
    ("31st December 2024", DL, D(2024, 12, 31), None),
    ("30 Sept 2024", DL, D(2024, 9, 30), None),
    ("17-Jan-2024", DL, D(2024, 1, 17), None),
    ("January 17th, 2024", DL, D(2024, 1, 17), None),
    ("no later than 31st March 2024", DL, D(2024, 3, 31), None),
    # years and financial years
    ("end of 2021", DL, D(2021, 12, 31), None),
    ("2024", DL, D(2024, 12, 31), None),
    ("2021/22", DL, D(2022, 3, 31), None),
    ("2024/25", DL, D(2025, 3, 31), None),
    ("2024-25", DL, D(2025, 3, 31), None),
    ("2024/2025", DL, D(2025, 3, 31), None),
    ("2099/00", DL, D(2100, 3, 31), None),  # century boundary
    ("FY 2024/25", DL, D(2025, 3, 31), None),
    ("FY24/25", DL, D(2025, 3, 31), None),
    ("financial year ending March 2025", DL, D(2025, 3, 31), None),
    ("by the end of the financial year 2024/25", DL, D(2025, 3, 31), None),
    # quarters: financial by default
    ("Q3 2024/25", DL, D(2024, 12, 31), None),
    ("Q3 2021/22", DL, D(2021, 12, 31), None),
    ("Q4 2024/25", DL, D(2025, 3, 31), None),
    ("Q1 2024/25", DL, D(2024, 6, 30), None),
    ("Q3 24/25", DL, D(2024, 12, 31), None),
    ("Q2 FY 2024/25", DL, D(2024, 9, 30), None),
    ("Q3 2024", DL, D(2024, 12, 31), None),
    ("Q4 2024", DL, D(2025, 3, 31), None),
    ("3rd quarter 2024/25", DL, D(2024, 12, 31), None),
    ("Q3", AM, None, None),
    ("Q5 2024", UN, None, None),  # not a quarter (PL402): never read as the year alone
    # ISO year-month
    ("2024-03", DL, D(2024, 3, 31), None),
    ("2024-12", DL, D(2024, 12, 31), None),
    # seasons, halves and parts of years: imprecise
    ("H1 2023", AM, D(2023, 6, 30), None),
    ("H2 2024", AM, D(2024, 12, 31), None),
    ("first half of 2025", AM, D(2025, 6, 30), None),
    ("Spring 2024", AM, D(2024, 5, 31), None),
    ("Summer 2024", AM, D(2024, 8, 31), None),
    ("Autumn 2024", AM, D(2024, 11, 30), None),
    ("Winter 2024", AM, D(2025, 2, 28), None),
    ("Spring", AM, None, None),
    ("mid 2024", AM, D(2024, 8, 31), None),
    ("May", AM, None, None),
    ("17th January", AM, None, None),
    ("within 6 months", AM, None, None),
    ("April 2024 (TBC)", AM, D(2024, 4, 30), None),
    ("April 2024?", AM, D(2024, 4, 30), None),
    ("31/02/2024", UN, None, None),  # no such day: PL402, not a real date
    ("29/02/2023", UN, None, None),
    ("03/31/2025", UN, None, None),  # US order: no 31st month
    ("FY 2024", AM, None, None),
    ("end of the financial year", AM, None, None),
    # status words
    ("Complete", CO, None, None),
    ("Completed", CO, None, None),
    ("Completed and ongoing", CO, None, None),
    ("Complete & Monthly", CO, None, "monthly"),
    ("Completed April 2021", CO, D(2021, 4, 30), None),
    ("April 2021 - completed", CO, D(2021, 4, 30), None),
    ("Complete January 2020", DL, D(2020, 1, 31), None),
    ("Complete by June 2024", DL, D(2024, 6, 30), None),
    ("Complete June 2024", DL, D(2024, 6, 30), None),
    ("To be completed by June 2024", DL, D(2024, 6, 30), None),
    # open-ended and recurring
    ("Ongoing", OE, None, None),
    ("Ongoing.", OE, None, None),
    ("on-going", OE, None, None),
    ("As required", OE, None, None),
    ("Monthly", RE, None, "monthly"),
    ("Quarterly", RE, None, "quarterly"),
    ("Six monthly", RE, None, "six-monthly"),
    ("March 2019 & then quarterly", DL, D(2019, 3, 31), "quarterly"),
    ("March 2024 and then monthly", DL, D(2024, 3, 31), "monthly"),
    ("July 2021 and Quarterly", DL, D(2021, 7, 31), "quarterly"),
    ("July 2019 & Monthly", DL, D(2019, 7, 31), "monthly"),
    ("March 2019 and ongoing", DL, D(2019, 3, 31), None),
    ("Monthly from April 2024", RE, D(2024, 4, 30), "monthly"),
    ("Monthly throughout 2021", RE, D(2021, 12, 31), "monthly"),
    ("Monthly until March 2025", RE, D(2025, 3, 31), "monthly"),
    # review, start, conditional
    ("To be reviewed", RV, None, None),
    ("To be reviewed February 2022", RV, D(2022, 2, 28), None),
    ("Review in June 2024", RV, D(2024, 6, 30), None),
    ("To commence by December 2021", ST, D(2021, 12, 31), None),
    ("To commence", ST, None, None),
    ("From April 2024", ST, D(2024, 4, 30), None),
    ("Not before April 2024", ST, D(2024, 4, 30), None),
    ("To commence April 2022, subject to funding", ST, D(2022, 4, 30), None),
    ("April 2024, subject to funding", CD, D(2024, 4, 30), None),
    ("Subject to funding", CD, None, None),
    ("March 2025 dependent on recruitment", CD, D(2025, 3, 31), None),
    # nothing a reviewer could read as a timescale
    ("soon", UN, None, None),
    ("TBC", UN, None, None),
    ("asap", UN, None, None),
    ("--", UN, None, None),
    ("", UN, None, None),
    ("may be delayed", UN, None, None),
    # several dates in one cell: the latest deadline, each part kept
    ("Wales - April 2024. South-West and South-Central April 2025.", DL, D(2025, 4, 30), None),
    ("Wales – April 2024. South-West April 2025.", DL, D(2025, 4, 30), None),
    ("September 2021 November 2021", DL, D(2021, 11, 30), None),
    ("<p>June 2021</p> <p>December 2021</p>", DL, D(2021, 12, 31), None),
    ("<p>Completed April 2021</p> <p>July 2021</p>", DL, D(2021, 7, 31), None),
]


@pytest.mark.parametrize("text,kind,deadline,recurrence", FORMS, ids=[f[0] or "<empty>" for f in FORMS])
def test_each_form_reads_as_a_reviewer_would(text, kind, deadline, recurrence) -> None:
    reading = read_target_date(text)
    assert (reading.kind, reading.deadline, reading.recurrence) == (kind, deadline, recurrence), reading.describe()


def test_calendar_quarters_follow_the_setting() -> None:
    assert read_target_date("Q3 2024", quarters="calendar").deadline == D(2024, 9, 30)
    assert read_target_date("Q4 2024", quarters="calendar").deadline == D(2024, 12, 31)
    # a financial year written out is financial whatever the setting
    assert read_target_date("Q3 2024/25", quarters="calendar").deadline == D(2024, 12, 31)


def test_a_yaml_date_is_a_day_deadline() -> None:
    reading = read_target_date(D(2024, 2, 29))
    assert (reading.kind, reading.deadline, reading.precision) == (DL, D(2024, 2, 29), Precision.DAY)
    assert read_target_date(dt.datetime(2024, 2, 29, 10, 30)).deadline == D(2024, 2, 29)


def test_precision_names_the_period() -> None:
    assert read_target_date("March 2024").precision is Precision.MONTH
    assert read_target_date("Q3 2024/25").precision is Precision.QUARTER
    assert read_target_date("Spring 2024").precision is Precision.SEASON
    assert read_target_date("2024").precision is Precision.YEAR
    assert read_target_date("2024/25").precision is Precision.FINANCIAL_YEAR
    assert read_target_date("17/01/2024").precision is Precision.DAY


def test_a_cell_keeps_each_part() -> None:
    reading = read_target_date("Wales - April 2024. South-West April 2025.")
    assert [(p.text, p.deadline) for p in reading.parts] == [
        ("Wales - April 2024", D(2024, 4, 30)),
        ("South-West April 2025", D(2025, 4, 30)),
    ]


def test_describe_says_what_was_understood() -> None:
    assert read_target_date("Q3 2024/25").describe() == "read 'Q3 2024/25' as 31 December 2024"
    assert read_target_date("2024/25").describe() == "read '2024/25' as 31 March 2025"
    assert (
        read_target_date("Spring 2024").describe()
        == "read 'Spring 2024' as a season, not a date (1 March 2024 - 31 May 2024)"
    )
    assert read_target_date("To commence April 2022, subject to funding").describe() == (
        "read 'To commence April 2022, subject to funding' as a start date (April 2022), not a completion date, "
        "subject to funding"
    )


@pytest.mark.parametrize(
    "text,expected",
    [
        ("19th July 2019", D(2019, 7, 19)),
        ("14<sup>th</sup> May 2021", D(2021, 5, 14)),
        ("Published 18/12/18", D(2018, 12, 18)),
        ("2019-07-19", D(2019, 7, 19)),
        ("19 July 2021", D(2021, 7, 19)),
        ("July 2019", D(2019, 7, 1)),
        ("not yet", None),
        (None, None),
    ],
)
def test_plan_dates(text, expected) -> None:
    assert read_plan_date(text) == expected


# --- properties ------------------------------------------------------------------------------

MONTH_NAMES = list(calendar.month_name)[1:]  # January ... December
SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]
days = st.dates(min_value=D(1990, 1, 1), max_value=D(2098, 12, 31))


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _month_end(d: dt.date) -> dt.date:
    nxt = D(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_any_text(text: str) -> None:
    reading = read_target_date(text)
    assert isinstance(reading.kind, Kind)
    reading.describe()
    read_plan_date(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "March",
                "2024",
                "/",
                "Q3",
                "Complete",
                "monthly",
                "to be reviewed",
                "<p>",
                "</p>",
                "&amp;",
                "-",
                ".",
                "from",
                "subject to",
                "31",
                "02",
                "and then",
                "?",
                "FY",
                " ",
            ]
        ),
        max_size=12,
    )
)
def test_never_raises_on_date_like_fragments(pieces: list[str]) -> None:
    read_target_date(" ".join(pieces)).describe()
    read_target_date("".join(pieces)).describe()


DAY_FORMS = [
    lambda d: f"{d:%d/%m/%Y}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d:%d.%m.%Y}",
    lambda d: d.isoformat(),
    lambda d: f"{_ordinal(d.day)} {MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{d.day} {SHORT[d.month - 1]} {d.year}",
    lambda d: f"by {_ordinal(d.day)} {MONTH_NAMES[d.month - 1]} {d.year}",
]


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(range(len(DAY_FORMS))))
def test_a_day_written_any_supported_way_is_that_day(day: dt.date, form: int) -> None:
    reading = read_target_date(DAY_FORMS[form](day))
    assert (reading.kind, reading.deadline) == (DL, day)


MONTH_FORMS = [
    lambda d: f"{MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{SHORT[d.month - 1]} {d.year}",
    lambda d: f"end of {MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"Complete {MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{MONTH_NAMES[d.month - 1]} {d.year} and then quarterly",
    lambda d: f"{d.month:02d}/{d.year}",
]


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(range(len(MONTH_FORMS))))
def test_a_month_written_any_supported_way_ends_on_its_last_day(day: dt.date, form: int) -> None:
    reading = read_target_date(MONTH_FORMS[form](day))
    assert (reading.kind, reading.deadline) == (DL, _month_end(day))


@settings(max_examples=100, deadline=None)
@given(st.integers(1990, 2097), st.integers(1, 4), st.booleans())
def test_financial_years_and_quarters(first: int, quarter: int, short: bool) -> None:
    fy = f"{first}/{(first + 1) % 100:02d}" if short else f"{first}-{first + 1}"
    assert read_target_date(fy).deadline == D(first + 1, 3, 31)
    ends = {1: D(first, 6, 30), 2: D(first, 9, 30), 3: D(first, 12, 31), 4: D(first + 1, 3, 31)}
    assert read_target_date(f"Q{quarter} {fy}").deadline == ends[quarter]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        days.map(lambda d: f"{MONTH_NAMES[d.month - 1]} {d.year}"),
        st.integers(1990, 2097).map(lambda y: f"Q{y % 4 + 1} {y}/{(y + 1) % 100:02d}"),
        st.integers(1990, 2097).map(lambda y: f"{['Spring', 'Summer', 'Autumn', 'Winter'][y % 4]} {y}"),
        st.integers(1990, 2097).map(str),
        st.integers(1990, 2097).map(lambda y: f"{y}/{(y + 1) % 100:02d}"),
        days.map(lambda d: f"{d:%d/%m/%Y}"),
        st.text(max_size=40),
    )
)
def test_a_deadline_is_never_before_the_start_of_its_period(text: str) -> None:
    for part in read_target_date(text).clauses:
        if part.deadline is not None and part.period_start is not None:
            assert part.period_start <= part.deadline, part.describe()


# ---------------------------------------------------------------- the grammar's alternatives searched apart
# DateGrammar searches each alternative on its own, and only when the text holds a word it needs, so
# that a run compiles only the date forms its texts could hold. That must find exactly what the one
# alternation finds: the same kinds, places and groups, on texts built from the grammar's own words,
# their near-misses (cut short, run together) and the characters between them.

from planlint import dates as _dates  # noqa: E402

_GRAMMAR = default_date_grammar()
_DATE_WORDS = sorted(
    {
        *_dates.MONTHS,
        *(w for phrase in _GRAMMAR.categories for w in phrase.split()),
        *(w for needs in _dates._FORM_NEEDS.values() for w in needs),
        *("financial", "fiscal", "year", "ending", "the", "of", "in", "end", "quarter", "st", "nd", "rd", "th"),
        *("within", "two", "six", "twelve", "first", "second", "1st", "2nd", "fall", "h1", "h2", "q0", "q4", "fy24"),
    }
)
_DATE_NUMBERS = ["1", "3", "12", "31", "31st", "02", "24", "'24", "2024", "2025", "1999", "2100", "24/25", "2024/25"]
_DATE_BETWEEN = [" ", " ", " ", "", "-", "/", ".", ",", ", ", " - ", "\u2013", "  ", "?", "'", "(", ")"]


def _form_samples() -> list[str]:
    """Texts each alternative matches, read off its regex (test_regex_linear's sampler), whole and cut short."""
    import random

    from test_regex_linear import _samples, sre_parse

    rng = random.Random(0)
    found: set[str] = set()
    for alternative in _GRAMMAR.alternatives:
        for sample in _samples(sre_parse.parse(alternative.pattern.pattern), 12, rng):
            found.update((sample, sample[:-1], sample[1:]))
    return sorted(found - {""})


_DATE_WORD = st.one_of(
    st.sampled_from(_form_samples()),
    st.sampled_from(_DATE_WORDS),
    st.sampled_from(_DATE_NUMBERS),
    st.sampled_from(_DATE_WORDS).map(lambda w: w[:-1]),  # a near-miss: one letter short
    st.sampled_from(_DATE_WORDS).map(lambda w: w + "s"),
)
_DATE_TEXT = st.lists(st.tuples(_DATE_WORD, st.sampled_from(_DATE_BETWEEN)).map("".join), max_size=12).map("".join)


def _seen(kind: str, m) -> tuple[object, ...]:
    return kind, m.start(), m.end(), sorted((k, v) for k, v in m.groupdict().items() if v is not None)


def _scanned(grammar, low: str) -> list[tuple[object, ...]]:
    return [_seen(kind, m) for kind, m in grammar.scan_apart(low)]


def _scanned_whole(grammar, low: str) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []
    for kind, m in grammar.scan_whole(low):
        groups = {k: v for k, v in m.groupdict().items() if v is not None and k not in ("marker", "query")}
        found.append((kind, m.start(), m.end(), sorted(groups.items())))
    return found


@settings(max_examples=1500, deadline=None)
@given(_DATE_TEXT)
def test_searching_the_alternatives_apart_finds_what_the_alternation_finds(text: str) -> None:
    low = text.lower()
    assert _scanned(_GRAMMAR, low) == _scanned_whole(_GRAMMAR, low)
    forms_only = _dates.DateGrammar.from_words({})  # as a plan's own date is read
    assert _scanned(forms_only, low) == _scanned_whole(forms_only, low)


def test_the_alternatives_apart_on_every_target_date_of_the_examples_and_seeds() -> None:
    from conftest import ROOT

    texts = set()
    for path in [*(ROOT / "examples").rglob("*"), *(ROOT / "tests").rglob("*")]:
        if path.is_file() and path.suffix in (".yaml", ".yml", ".txt", ".md") and path.stat().st_size < 2_000_000:
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                texts.add(line.lower())
    assert len(texts) > 1000
    for low in texts:
        assert _scanned(_GRAMMAR, low) == _scanned_whole(_GRAMMAR, low), low


def test_a_text_with_no_word_a_form_needs_compiles_no_form() -> None:
    grammar = _dates.DateGrammar.from_words({"open_ended": ["ongoing"]})
    assert [kind for kind, _m in grammar.scan("ongoing")] == ["marker"]
    assert [kind for kind, _m in grammar.scan("ongoing, then march 2025")] == ["marker", "month_year"]
    compiled = [a.kind for a in grammar.alternatives if a.pattern.is_compiled]
    # the month forms and `year` for "march 2025"; no financial year, quarter, season... nor the whole grammar
    assert compiled == ["day_month", "month_day", "month_year", "year", "month", "marker"]
    assert not grammar.whole.is_compiled


def test_month_arithmetic_agrees_with_relativedelta_over_four_centuries():
    # dates.py does month arithmetic by hand (no dateutil on check's path): the same days as relativedelta
    from dateutil.relativedelta import relativedelta

    from planlint.dates import month_end, month_start

    for year in range(1900, 2300):
        for month in range(1, 13):
            first = dt.date(year, month, 1)
            for later in (0, 1, 3, 11, 12, 13, 36, 120):
                assert month_start(year, month + later) == first + relativedelta(months=later)
                assert month_end(year, month + later) == first + relativedelta(months=later, day=31)
            # the year ending with this month is twelve whole months: it starts on the first of the month
            # after it, a year before (end - 1 year + 1 day gave 29 February for a February after a leap year)
            end = month_end(year, month)
            assert month_start(year - 1, month + 1) + relativedelta(months=12, days=-1) == end


def test_a_year_ending_february_after_a_leap_day_starts_on_the_first_of_march():
    reading = read_in_grammar("year ending February 2025", default_date_grammar())
    assert (reading.period_start, reading.deadline) == (dt.date(2024, 3, 1), dt.date(2025, 2, 28))
