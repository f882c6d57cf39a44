"""The facts printed above the action table: title, organisation, report, submitted and published dates.

Published plans print them in many forms ("Action Plan Submitted: 14<sup>th</sup> May 2021",
"Reports Published: 06 July 2021", "Published 18/12/18"); dates that can be read are returned
as dates, others are kept as written so the date rules can say what is wrong with them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from planlint.dates import read_day
from planlint.document import Node
from planlint.importers.cells import strip_markup
from planlint.importers.plan_table import Positions
from planlint.lazy_pattern import LazyPattern

_SUBMITTED = LazyPattern(r"action\s+plan\s+submitted\s*:?\s*(.+)", re.IGNORECASE)
# Other ways templates label the submission date; taken only when they hold a date
_DATE_SUBMITTED = LazyPattern(
    r"(?:(?:date\s+(?:of\s+)?submi(?:tted|ssion)|submi(?:tted|ssion)\s+(?:date|on)"
    r"|submitted)\s*:?|date\s*:)\s*(\S.*)",
    re.IGNORECASE,
)
_PUBLISHED = LazyPattern(r"(?:reports?\s+)?published\s*:?\s*(.+)", re.IGNORECASE)
_TITLE = LazyPattern(r"action\s+plan\s*[:\-–—]\s*(\S.*)", re.IGNORECASE)
_ORGANISATION = LazyPattern(
    r"(?:CRC or NPS Division|organi[sz]ation)\s*:\s*(?:action plan\s*[:\-–]?\s*)?(\S.*)", re.IGNORECASE
)
_RESPONSE_TO = LazyPattern(r"a\s+response\s+to\s*:?\s*(.*)", re.IGNORECASE)
_HEADING_MARKS = LazyPattern(r"^[#>*\s]+|[*\s]+$")
_HEADING_1 = LazyPattern(r"#(?!#)\s*(\S.*)")  # "# Title" (Markdown, and Word's Heading 1 in a rendering)
# Word's page header in a rendering: docx.py writes each of its paragraphs as "[page header] text".
PAGE_HEADER = "[page header]"
# Government Security Classifications markings, printed at the top of most pages.
_MARKING = LazyPattern(
    r"(?:OFFICIAL|OFFICIAL[- ]SENSITIVE|SECRET|TOP SECRET|RESTRICTED|PROTECT|"
    r"NOT PROTECTIVELY MARKED|UNCLASSIFIED)(?:\s*[-:].*)?",
    re.IGNORECASE,
)
# A line that is page furniture in a PDF's text, not the plan's content: a protective marking printed
# in capitals at the top or foot of each page ("OFFICIAL", "OFFICIAL-SENSITIVE") or a page number
# ("Page 2 of 5", "2 of 5"). Case-sensitive: "Official" in a sentence is content, and a line of
# content never stands alone as "PROTECT". Bounded pieces: linear when matched.
_FURNITURE = LazyPattern(
    r"(?:OFFICIAL|SECRET|TOP SECRET|RESTRICTED|PROTECT|NOT PROTECTIVELY MARKED|UNCLASSIFIED)"
    r"(?:[ \t]?[-\u2013\u2014:]?[ \t]?SENSITIVE)?(?:[ \t]?[-\u2013\u2014:][ \t]?[A-Z][A-Z ]{0,30})?"
    r"|[Pp]age[ \t]{1,3}\d{1,4}(?:[ \t]{1,3}of[ \t]{1,3}\d{1,4})?|\d{1,4}[ \t]{1,3}of[ \t]{1,3}\d{1,4}"
)


def is_page_furniture(line: str) -> bool:
    """A protective marking or page number standing alone on its line (a form feed before it allowed)."""
    text = line.strip(" \t\f\r\v")
    return len(text) <= 60 and _FURNITURE.fullmatch(text) is not None


# Headings of the template's own sections, which name no plan
_SECTION_HEADINGS = LazyPattern(
    r"(?:introduction|contents|categorisation|summary|recommendations|action plan)\W*$", re.IGNORECASE
)


@functools.cache  # the shipped profiles do not change in a run
def _template_date_lines() -> tuple[re.Pattern[str], ...]:
    """Every shipped template's date line ("POSITION AS AT ..."): it ends the report's name above it."""
    from planlint.profiles import shipped_profiles

    return tuple(re.compile(p, re.IGNORECASE) for profile in shipped_profiles() for p in profile.date_patterns)


def read_date(text: str) -> dt.date | str:
    """'19th July 2019', '14th May 2021.', '18/12/18' (day first), '2024-01-17' -> a date; else the text.

    Read by the target-date grammar's date forms (planlint.dates), so that a header date and a
    target date are read alike; a month alone ('July 2019') is no day, and stays text.
    """
    cleaned = text.strip().rstrip(".")
    return read_day(cleaned) or cleaned


def read_header(
    lines: list[tuple[str, int, int]], positions: Positions, markdown: bool = False
) -> tuple[dict[str, Any], dict[tuple, Node]]:
    """`lines` are (raw text, start, end) of the lines above the table, in order."""
    info: dict[str, Any] = {}
    nodes: dict[tuple, Node] = {}

    def put(key: str, value: Any, start: int, end: int) -> None:
        if key not in info and value not in ("", None):
            info[key] = value
            nodes[("plan", key)] = positions.node(start, end)

    # The title, best first: the template's "ACTION PLAN:" line, a Heading 1, the page header, and
    # last the "A Response to ..." line naming the report.
    titles: dict[str, tuple[str, int, int]] = {}
    plain = []
    for raw, start, end in lines:
        text = raw.strip()
        page_header = text.startswith(PAGE_HEADER)
        if page_header:
            text = text[len(PAGE_HEADER) :].strip()
            # the template's "ACTION PLAN:" line printed in the header is that line; a protective
            # marking ("OFFICIAL") is no title
            if _TITLE.match(text):
                page_header = False
            elif _MARKING.fullmatch(text):
                continue
        heading = _HEADING_1.fullmatch(strip_markup(text, markdown) if markdown else text)
        text = _HEADING_MARKS.sub("", strip_markup(text, markdown))
        if text and not (_SECTION_HEADINGS.match(text) or _SUBMITTED.match(text) or _DATE_SUBMITTED.match(text)):
            if page_header:
                titles.setdefault("page header", (text, start, end))
            elif heading:
                titles.setdefault("heading", (text, start, end))
        plain.append(("" if page_header else text, start, end))
    index = 0
    while index < len(plain):
        text, start, end = plain[index]
        index += 1
        if not text:
            continue
        if (match := _SUBMITTED.match(text)) or (
            (match := _DATE_SUBMITTED.match(text)) and isinstance(read_date(match.group(1)), dt.date)
        ):
            put("submitted", read_date(match.group(1)), start, end)
        elif match := _RESPONSE_TO.match(text):
            parts, last_end = [match.group(1)] if match.group(1) else [], end
            while index < len(plain):
                following, _, following_end = plain[index]
                if (
                    _PUBLISHED.match(following)
                    or _SUBMITTED.match(following)
                    or any(date_line.match(following) for date_line in _template_date_lines())
                    or _TITLE.match(following)
                    or following.isupper()
                ):
                    break
                if following:
                    parts.append(following)
                    last_end = following_end
                index += 1
            put("report", " ".join(parts).strip(), start, last_end)
            titles.setdefault("response", (" ".join(parts).strip(), start, last_end))
        elif (published := _PUBLISHED.match(text)) and len(text) < 80:
            put("report_published", read_date(published.group(1)), start, end)
        elif match := _ORGANISATION.match(text):
            put("organisation", match.group(1).strip(), start, end)
        elif _TITLE.match(text) and not text.lower().startswith("action plan submitted"):
            put("title", text, start, end)
    for source in ("heading", "page header", "response"):
        if source in titles:
            put("title", *titles[source])
    ordered: dict[str, Any] = {
        key: info[key] for key in ("title", "organisation", "report", "report_published", "submitted") if key in info
    }
    return ordered, nodes
