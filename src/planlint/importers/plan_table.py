"""The official six-column action table, whatever it was read from, to plan data.

Every importer cuts its source into rows of raw cells (with offsets) and hands
them here; this module knows the template: 1. Rec No, 2. Recommendation,
3. Agreed/Partly Agreed/Not Agreed, 4. Response Action Taken/Planned,
5. Responsible Owner, 6. Target Date.

Text extracted from PDFs loses the table's shape, and the seeds show how:
  - cells are aligned from the right (owner and date are always the last two;
    leading empty cells are sometimes dropped), so rows are read right to left;
  - a row with no recommendation number continues the recommendation above:
    either a further action (a table row of its own, with its own owner and
    date), or the rest of a row a page break cut in two (it brings a cell that
    continues mid-sentence, or lacks the owner or the date);
  - a cell may hold several actions as paragraphs, with the owner and date
    cells holding one paragraph per action, or one for all, or the extraction
    may have run the owners' paragraphs together ("Head of X Head of Y").
Rows read from Word or Markdown are real rows (`reliable_rows`), so only the
first two rules apply to them.
"""

from __future__ import annotations

import bisect
import functools
import html
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from planlint.document import LoadProblem, Node, line_starts
from planlint.findings import Path
from planlint.importers.cells import Para, parse_cell, strip_markup
from planlint.lazy_pattern import LazyPattern
from planlint.profiles import Profile, default_profile, shipped_profiles

# "1", "1 SW 1", "6 SW 6 and CRC 5", "10 CRC 1": a number, then the numbers the inspections printed
_ID = r"\d{1,3}(?:\s+[A-Z]{2,5}\s*\d{1,3})*(?:\s+(?:and|&)\s+[A-Z]{2,5}\s*\d{1,3})?"
ID_ONLY = LazyPattern(rf"\A({_ID})\.?$")  # \A: read from the start only (match), linear if searched
ID_THEN_TEXT = LazyPattern(rf"({_ID})\.?\s+(?=[A-Z\"'‘“(])")
LIST_NUMBER = LazyPattern(r"\d{1,2}[.)]?$")
ADDRESSEE = LazyPattern(r"(.{3,200}?\bshould)\s*:\s*(.*)$", re.DOTALL)
EXPLANATION = LazyPattern(r"this recommendation is (?:partly|not)[ -]agreed", re.IGNORECASE)
SENTENCE_END = LazyPattern(r"[.!?](?=\s|$)")
TERMINAL = tuple(".!?;:)\"'”’")
OWNER_CONTINUES = (",", "&", "/", "-", "–", " and")
OWNER_CONNECTORS = frozenset({"and", "&", "of", "for", "to", "/", "the", "with", "by", "-", "–"})
DATE_SPLITS = (
    r"(?:(?<=\d{4})|(?<=\)))\s+(?=[A-Z])",
    r"(?:(?<=\d{4})|(?<=\))|(?<=[Qq]uarterly)|(?<=[Mm]onthly)|(?<=[Aa]nnually)|(?<=[Oo]ngoing))\s+(?=[A-Z])",
    r"(?:(?<=\d{4})|(?<=\))|(?<=[Qq]uarterly)|(?<=[Mm]onthly)|(?<=[Aa]nnually)|(?<=[Oo]ngoing)|(?<=Complete)"
    r"|(?<=Completed))\s+(?=[A-Z])",
)
NOT_APPLICABLE = LazyPattern(r"\W*(?:n\s*/\s*a|n\.a\.?|na|not applicable|none|nil)?\W*", re.IGNORECASE)
# The text Word shows in a content control nobody has filled in (a drop-down, a text box): an empty cell
WORD_PLACEHOLDER = LazyPattern(
    r"(?:choose an item|click or tap here to enter text|click here to enter text|"
    r"click or tap to enter a date|enter text here)\.?",
    re.IGNORECASE,
)
NO_NUMBER = "?"  # the id of a recommendation whose Rec No cell is empty: reads as unknown in every message
HEADER_CELLS = LazyPattern(r"rec(?:ommendation)?\.?\s*(?:no|number)\b", re.IGNORECASE)
SUMMARY_KEYS = {"agreed": "agreed", "partlyagreed": "partly_agreed", "notagreed": "not_agreed", "total": "total"}
COLUMNS = (
    "Rec No",
    "Recommendation",
    "Agreed/Partly Agreed/Not Agreed",
    "Response Action Taken/Planned",
    "Responsible Owner",
    "Target Date",
)

NO_TABLE = (
    "no recognisable action plan table: expected the template's six-column table, with a header row "
    "'1. Rec No | 2. Recommendation | 3. Agreed/Partly Agreed/Not Agreed | 4. Response Action "
    "Taken/Planned | 5. Responsible Owner | 6. Target Date'"
)


# What each of the template's columns is called, as authors word it: checked in this order, so that
# "Responsible Owner" is an owner before "Response" could make it the response, and "Target Date" a date.
ROLES = ("id", "rec", "category", "text", "owner", "date")
ROLE_NAMES = dict(zip(ROLES, COLUMNS, strict=False))
_ROLE_WORDS = (
    (
        "id",
        LazyPattern(
            r"^(?:rec(?:ommendation)?s?\.?\s*(?:no\b|number|ref(?:erence)?\b|#|id\b)|no\b|number\b|"
            r"ref(?:erence)?\b|#|id\b)"
        ),
    ),
    ("category", LazyPattern(r"\bagreed\b|\bcategor|\baccept|\bagree\b")),
    (
        "date",
        LazyPattern(r"\btarget\b|\bdate\b|\btimescales?\b|\bdeadline|\bby when\b|\bdue\b|\bcomplet(?:e|ion) by\b"),
    ),
    ("owner", LazyPattern(r"\bowners?\b|\bresponsib|\blead\b|\baccountab|\bwho\b")),
    ("text", LazyPattern(r"\bresponse\b|\bactions?\b")),
    ("rec", LazyPattern(r"\brecommendations?\b")),
)
_CATEGORY_NOTE = LazyPattern(r"\(\s*agreed\b[^()]*\bnot agreed\b[^()]*\)", re.IGNORECASE)
_HEADER_NUMBER = LazyPattern(r"^\s*\d{1,2}\s*[.):]?\s*")
# A header naming the categories to choose from, in its words or in a note in brackets
_LISTS_CATEGORIES = LazyPattern(r"(?<![A-Za-z])partly[ \t]{0,3}agreed[ \t]{0,3}/", re.IGNORECASE)
_HEADER_WORDS = 10  # a header cell names its column in a few words; a longer cell is a row's content
_TAGS = LazyPattern(r"<[^<>]*>")
_HEADER_CHARS = 300  # even with its markup and a note in brackets ("(including named individuals ...)")


def column_role(cell: str) -> str | None:
    """Which template column a header cell names: '5. Responsible Owner (incl. ...)' -> 'owner'."""
    if len(cell) > _HEADER_CHARS:
        return None  # (most cells of the rows below the header: skip the work)
    if "<" in cell:
        cell = _TAGS.sub(" ", cell)  # a Word header cell of several paragraphs: "<p>5. Responsible Owner</p> <p>..."
    if "&" in cell:
        cell = html.unescape(cell)
    text = " ".join(re.sub(r"\([^()]*\)", " ", _HEADER_NUMBER.sub("", cell)).split()).lower()
    if not text or len(text.split()) > _HEADER_WORDS or is_category(text):
        return None
    if _LISTS_CATEGORIES.search(cell):
        return "category"  # "Response (Agreed / Partly Agreed / Not Agreed)": the note names the column
    return next((role for role, words in _ROLE_WORDS if words.search(text)), None) or _profile_headers().get(text)


# A profile's column (importer.columns) -> the role this module gives that column.
_PROFILE_ROLES = {
    "id": "id",
    "text": "rec",
    "category": "category",
    "response": "text",
    "owner": "owner",
    "target_date": "date",
}


@functools.cache  # read once: the shipped profiles do not change in a run
def _profile_headers() -> dict[str, str]:
    """Every shipped template's column headers, as column_role compares them ('concern number': 'id'),
    for the headers the words above do not know."""
    return {
        " ".join(header.lower().split()): _PROFILE_ROLES[column]
        for profile in shipped_profiles()
        for column, header in profile.columns.items()
    }


def is_category(text: str) -> bool:
    """Whether a cell holds a category of any shipped template ('Agreed', 'Accepted'): a row's value, no header."""
    return any(profile.category(text) is not None for profile in shipped_profiles())


@dataclass(frozen=True, slots=True)
class Columns:
    """Where the template's columns are in one table, found by their header text.

    Columns the template does not have ("RAG Status", "Progress") are left out; a
    repeated name keeps its first column.
    """

    width: int
    index: dict[str, int]

    @property
    def missing(self) -> list[str]:
        return [role for role in ROLES if role not in self.index]

    @property
    def standard(self) -> bool:
        """The template's own six columns in the template's order (the seeds' layout)."""
        return self.width == len(ROLES) and all(self.index.get(role) == n for n, role in enumerate(ROLES))

    def canonical(self, cells: list[RawCell], end: int) -> list[RawCell]:
        """A row's cells in the template's order, the other columns left out.

        A row as wide as the header is read by position. A shorter one (text from a PDF
        drops a row's leading empty cells) is aligned from the right, as the seeds print it.
        """
        if self.standard or len(cells) > self.width:
            return cells
        shift = self.width - len(cells)
        by_column = {n + shift: cell for n, cell in enumerate(cells)}
        out = []
        for role in ROLES:
            column = self.index.get(role)
            cell = by_column.get(column) if column is not None else None
            if cell is None and len(cells) < self.width and column is not None and column < shift:
                continue  # a leading cell the row does not print
            out.append(cell if cell is not None else RawCell("", end))
        return out

    def missing_message(self) -> str:
        names = ", ".join(f"'{ROLE_NAMES[role]}'" for role in self.missing)
        plural = "columns" if len(self.missing) > 1 else "a column"
        return (
            f"the action plan table has no {names} column{'s' if len(self.missing) > 1 else ''}: add "
            f"{plural} headed {names} (the template's columns are "
            + " | ".join(f"{n}. {name}" for n, name in enumerate(COLUMNS, 1))
            + ")"
        )


def find_columns(cells: list[str]) -> Columns | None:
    """The table's columns when `cells` is its header row, else None.

    A header names at least four of the template's six columns (so a missing one can be
    reported by name) and holds no category value (a row reading "Agreed" is content).
    """
    if len(cells) < 3:
        return None
    index: dict[str, int] = {}
    roles = [column_role(cell) for cell in cells]
    for column, role in enumerate(roles):
        if role is not None and role not in index:
            index[role] = column
    legacy = bool(HEADER_CELLS.search(" ".join(cells))) and "target" in " ".join(cells).lower()
    if len(index) < 4 and not legacy:
        return None
    if "category" not in index and roles.count("text") > 1:
        # "Response (Agreed/Partly Agreed/Not Agreed)" beside an "Actions" column: the response the
        # note in brackets describes is the category
        for column, role in enumerate(roles):
            if role == "text" and _CATEGORY_NOTE.search(_TAGS.sub(" ", cells[column])):
                index["category"] = column
                index["text"] = next(n for n, r in enumerate(roles) if r == "text" and n != column)
                break
    unnamed = [column for column, cell in enumerate(cells) if not _TAGS.sub("", cell).strip()]
    missing = [role for role in ROLES if role not in index]
    if len(missing) == 1 and len(unnamed) == 1:
        index[missing[0]] = unnamed[0]  # the one column left without a heading is the one not named
    return Columns(len(cells), index)


def is_header_row(cells: list[str]) -> bool:
    """A header row, or a row under it that only numbers the columns ("1 | 2 | 3 | 4 | 5 | 6")."""
    return find_columns(cells) is not None or _numbers_columns(cells)


def _numbers_columns(cells: list[str]) -> bool:
    values = [(column, _TAGS.sub("", cell).strip().rstrip(".")) for column, cell in enumerate(cells, 1)]
    filled = [(column, value) for column, value in values if value]
    return len(filled) >= 4 and all(value == str(column) for column, value in filled)


@dataclass(slots=True)
class RawCell:
    raw: str
    start: int


@dataclass(slots=True)
class Row:
    """One row of the table, its cells read into their columns."""

    start: int
    end: int
    rec_id: str | None = None
    id_span: tuple[int, int] | None = None
    addressee: str | None = None
    rec: list[Para] = field(default_factory=list)
    category: str | None = None
    category_span: tuple[int, int] | None = None
    text: list[Para] = field(default_factory=list)
    owner: list[Para] = field(default_factory=list)
    date: list[Para] = field(default_factory=list)
    # a row whose only text is a heading in its first cell (a "Theme 1: Leadership" or addressee row merged
    # across the table), not a recommendation of its own
    heading: bool = False

    @property
    def empty(self) -> bool:
        return not (self.rec_id or self.addressee or self.rec or self.category or self.text or self.owner or self.date)


_REC_PREFIX = LazyPattern(r"^rec(?:ommendation)?s?\.?\s*(?:no\.?|number|#)?\s*", re.IGNORECASE)
# "2a", "5.1", "R1", "S3", "SW 6", "CRC 5", "4(b)": a recommendation's number as inspections print them
_REC_LABEL = LazyPattern(r"\A[A-Za-z]{0,5}\s*\d{1,3}(?:[.\-]\d{1,3})*[a-z]?(?:\s*\([a-z0-9]{1,3}\))?")


def rec_number(value: str, anything: bool = False) -> str | None:
    """A Rec No cell's value as the id ("Rec 4" -> "4", "2a" -> "2a"), or None when it is no number.

    `anything`: the cell is known to be the Rec No column (a Word or Markdown row, or a text row as
    wide as the header), so any short value is the number as printed.
    """
    value = " ".join(value.split()).rstrip(".:").strip()
    if not value or len(value) > 40 or len(value.split()) > 6:
        return None
    match = ID_ONLY.match(value)
    if match:
        return match.group(1)
    cleaned = _REC_PREFIX.sub("", value).rstrip(".:").strip() or value
    if _REC_LABEL.fullmatch(cleaned):
        return cleaned
    return cleaned if anything and not SENTENCE_END.search(cleaned) else None


def read_row(
    cells: list[RawCell],
    start: int,
    end: int,
    markdown: bool = False,
    columns: Columns | None = None,
    reliable: bool = False,
) -> Row:
    """Cells to columns, reading from the right: date, owner, response, then id / recommendation / category.

    With the table's `columns`, a row's cells are first put in the template's order (extra columns
    left out); a row whose cells are known to be in their columns (`reliable`, or as many as the
    header's) takes its Rec No and category cells as they are.
    """
    row = Row(start, end)
    fixed = reliable or (columns is not None and len(cells) == columns.width)
    cells = columns.canonical(cells, end) if columns is not None else list(cells)
    cells = [RawCell("", c.start) if WORD_PLACEHOLDER.fullmatch(c.raw.strip()) else c for c in cells]
    if all(not c.raw.strip() or set(c.raw.strip()) <= {"-", ":", " "} for c in cells):
        return row  # a page-break marker ("--\t--\t...") or an empty row
    if len(cells) == 1:
        row.text = parse_cell(cells[0].raw, cells[0].start, markdown)
        return row
    if len(cells) == 2:
        cells = [cells[0], cells[1], RawCell("", end)]
    left, text, owner, date = cells[:-3], cells[-3], cells[-2], cells[-1]
    if len(left) >= 4 and LIST_NUMBER.match(left[-1].raw.strip()):
        number = left.pop()  # "5." printed in a column of its own, before the action it numbers
        text = RawCell(number.raw.strip() + " " + text.raw, number.start)
    row.text = parse_cell(text.raw, text.start, markdown)
    row.owner = parse_cell(owner.raw, owner.start, markdown)
    row.date = parse_cell(date.raw, date.start, markdown)
    number_text = _filled(strip_markup(left[0].raw, markdown)) if len(left) == 3 else ""
    if (
        number_text
        and not (row.text or row.owner or row.date)
        and not any(_filled(strip_markup(c.raw, markdown)) for c in left[1:])
        and ((fixed and rec_number(number_text) is None) or ADDRESSEE.match(number_text))
    ):
        # Only the first cell says anything, and it is no number: a heading across the table (Word
        # merges it over every column, and the first column holds the merged cell's text), such as
        # "Theme 1: Leadership"; or, in any table, "The Ministry of Justice should:", however short.
        # It numbers no recommendation.
        row.rec = parse_cell(left[0].raw, left[0].start, markdown)
        row.heading = True
        left = []
    if len(left) == 3 and (not number_text or rec_number(number_text, anything=fixed)):
        # the template's own layout: the category column holds the category, whatever it says
        number, rec, category = left
        if number_text:
            row.rec_id = rec_number(number_text, anything=fixed)
            row.id_span = _span_of(number)
        row.rec = parse_cell(rec.raw, rec.start, markdown)
        value = _category_value(_filled(strip_markup(category.raw, markdown)))
        if value:
            row.category, row.category_span = value, _span_of(category)
        left = []
    filled = [c for c in left if c.raw.strip()]
    plain = [_category_value(strip_markup(c.raw, markdown)) for c in filled]
    has_category = any(is_category(p) for p in plain)
    for index, (cell, value) in enumerate(zip(filled, plain, strict=False)):
        if not value:
            continue
        if is_category(value) and row.category is None:
            row.category = value
            row.category_span = _span_of(cell)
            continue
        if index == 0 and row.rec_id is None:
            rec_no = rec_number(value)
            if rec_no:
                row.rec_id = rec_no
                row.id_span = _span_of(cell)
                continue
            match = ID_THEN_TEXT.match(value)
            if match and (has_category or (len(filled) == 1 and text.raw.strip())) and not row.rec:
                row.rec_id = match.group(1)
                leading = len(cell.raw) - len(cell.raw.lstrip())
                row.id_span = (cell.start + leading, cell.start + leading + len(match.group(1)))
                rest = cell.raw.lstrip()[match.end() :]
                row.rec.extend(parse_cell(rest, cell.start + len(cell.raw) - len(rest), markdown))
                continue
        row.rec.extend(parse_cell(cell.raw, cell.start, markdown))
    if row.rec_id is None and not row.category and len(row.rec) == 1 and not (row.text or row.owner or row.date):
        match = ADDRESSEE.match(row.rec[0].text)
        if match and not match.group(2).strip():
            row.addressee = match.group(1)
            row.rec = []
    return row


_BOXES = LazyPattern(r"([☐☒☑✓✔■□])")  # the boxes of a form's check boxes, ticked or not
_TICKED = frozenset("☒☑✓✔■")


def _category_value(value: str) -> str:
    """A category cell's value as the category it names, where the author wrote more than its name.

    A full stop (or colon) an author ended it with is dropped: "Not Agreed." is Not Agreed, and read
    otherwise its N/A owner and date would be taken for an action's. Of a form's three check boxes
    ("☒ Agreed ☐ Partly Agreed ☐ Not Agreed") the one ticked is the category."""
    if is_category(value):
        return value
    if _BOXES.search(value):
        pieces = _BOXES.split(value)
        ticked = [label.strip(" .:;") for box, label in zip(pieces[1::2], pieces[2::2], strict=False) if box in _TICKED]
        if len(ticked) == 1 and is_category(ticked[0]) and not pieces[0].strip():
            return ticked[0]
        return value
    stripped = value.rstrip(" .:;")
    return stripped if is_category(stripped) else value


def _filled(value: str) -> str:
    """A cell's value, or "" for a cell an author marked empty with a dash ("-", "–", "—")."""
    return value if any(ch.isalnum() for ch in value) else ""


def _span_of(cell: RawCell) -> tuple[int, int]:
    stripped = cell.raw.strip()
    offset = cell.start + (len(cell.raw) - len(cell.raw.lstrip()))
    return offset, offset + len(stripped)


# ---------------------------------------------------------------- assembling rows into recommendations


def _starts_mid_sentence(text: str) -> bool:
    return bool(text) and (text[0].islower() or text[0] == "&")


def _continues(previous: list[Para], new: list[Para], kind: str) -> bool:
    """Whether the first paragraph of `new` carries on the last of `previous` (a cell cut by a page break)."""
    if not previous or not new:
        return False
    first, last = new[0], previous[-1].text.rstrip()
    if _starts_mid_sentence(first.text):
        return True
    if kind == "text":
        return first.list_only or not last.endswith(TERMINAL)
    return last.endswith(OWNER_CONTINUES)


def _join(previous: list[Para], new: list[Para], kind: str) -> None:
    if not new:
        return
    if _continues(previous, new, kind):
        last, first = previous[-1], new[0]
        separator = "\n" if first.list_only else " "
        previous[-1] = Para(last.text + separator + first.text, last.start, first.end, last.list_only)
        new = new[1:]
    previous.extend(new)


@dataclass(slots=True)
class _Logical:
    """A table row as printed, possibly put back together from the pieces a page break left."""

    text: list[Para] = field(default_factory=list)
    owner: list[Para] = field(default_factory=list)
    date: list[Para] = field(default_factory=list)
    first: bool = False  # the recommendation's first row, where a narrative with no owner or date belongs
    # where each printed piece of the row starts in text, owner and date (a page break cuts a row in pieces)
    pieces: list[tuple[int, int, int]] = field(default_factory=lambda: [(0, 0, 0)])

    def merge(self, row: Row) -> None:
        self.pieces.append((len(self.text), len(self.owner), len(self.date)))
        _join(self.text, row.text, "text")
        _join(self.owner, row.owner, "owner")
        _join(self.date, row.date, "date")

    def groups(self) -> list[tuple[list[Para], list[Para], list[Para]]]:
        """The pieces grouped so that each group ends with the piece that brings its owners or dates;
        pieces after the last such piece (text a page break carried over) belong to the last group."""
        bounds = [*self.pieces, (len(self.text), len(self.owner), len(self.date))]
        groups: list[tuple[list[Para], list[Para], list[Para]]] = []
        open_group: tuple[list[Para], list[Para], list[Para]] | None = None
        for (t0, o0, d0), (t1, o1, d1) in itertools.pairwise(bounds):
            if open_group is None:
                open_group = ([], [], [])
            open_group[0].extend(self.text[t0:t1])
            open_group[1].extend(self.owner[o0:o1])
            open_group[2].extend(self.date[d0:d1])
            if o1 > o0 or d1 > d0:
                groups.append(open_group)
                open_group = None
        if open_group is not None:
            if groups:
                for column, more in zip(groups[-1], open_group, strict=False):
                    column.extend(more)
            else:
                groups.append(open_group)
        return groups


def _repeats(rec: _Rec, row: Row) -> bool:
    """Whether `row` repeats `rec`'s Rec No, and its recommendation and category where it gives them."""
    if row.rec_id is None or row.rec_id != rec.rec_id or not (row.text or row.owner or row.date):
        return False
    same_text = not row.rec or _words(" ".join(p.text for p in row.rec)) == _words(" ".join(p.text for p in rec.text))
    same_category = not row.category or _words(row.category) == _words(rec.category or "")
    return same_text and same_category


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", text.casefold()).split()


def _list_items(para: Para) -> list[Para]:
    """The items of a paragraph that is only a list ("- one\n- two"), each a paragraph (spanning the list,
    whose items' own offsets the cell's markup does not keep); any other paragraph as it is."""
    lines = para.text.split("\n")
    if not para.list_only or len(lines) < 2 or not all(line.startswith("- ") for line in lines):
        return [para]
    return [Para(line[2:].strip(), para.start, para.end) for line in lines]


def _pairs(paras: list[Para], owners: list[Para], dates: list[Para]) -> bool:
    steps = sum(1 for p in paras if not EXPLANATION.match(p.text))
    return _fit(owners, steps, split_owners) is not None and _fit(dates, steps, split_dates) is not None


@dataclass(slots=True)
class _Rec:
    rec_id: str
    id_span: tuple[int, int] | None
    start: int
    end: int
    addressee: str | None
    text: list[Para]
    category: str | None
    category_span: tuple[int, int] | None
    response: list[Para] = field(default_factory=list)
    actions: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)  # (action, its spans)
    rows: list[_Logical] = field(default_factory=list)
    unplaced: list[Para] = field(default_factory=list)
    # (action index, steps, [(column, paragraphs)], offset): steps kept as one action, their cells unpaired
    unpaired: list[tuple[int, int, list[tuple[str, int]], int]] = field(default_factory=list)


class PlanTable:
    """Collects rows and builds the `recommendations` list with a node (offsets) for every value."""

    def __init__(self, reliable_rows: bool = False, profile: Profile | None = None):
        self.reliable_rows = reliable_rows
        self.profile = profile or default_profile()  # the template the table is written on
        self.recs: list[_Rec] = []
        self.addressee: str | None = None
        self.pending: list[Para] = []  # text before the first recommendation
        # Every row read is placed (in a recommendation, or as an addressee) or reported as unplaced;
        # build() checks the two add up, so that no row can vanish without a finding.
        self.rows_in = 0
        self.rows_placed = 0
        self.rows_reported = 0
        self.heading: Para | None = None  # an addressee heading outside the table, until a recommendation follows

    # -- input

    def heading_above(self, lines: list[str]) -> None:
        """The lines above the table's header: the last of them, when it is "The X should:", is the
        addressee of the recommendations below (a plan with a table per addressee heads each so)."""
        last = next((line for line in reversed(lines) if line.strip()), "")
        match = ADDRESSEE.fullmatch(" ".join(last.lstrip("#").split()))
        if match and not match.group(2).strip():
            self.addressee = match.group(1)

    def add(self, row: Row) -> None:
        if row.empty:
            return
        self.rows_in += 1
        if row.addressee:
            self.addressee = row.addressee
            self.rows_placed += 1
            return
        if row.heading:
            # a heading row inside the table: an addressee, or text reported where it is kept
            self.add_unplaced(Para(" ".join(p.text for p in row.rec), row.rec[0].start, row.rec[-1].end))
            self.rows_placed += 1
            return
        rec = self.recs[-1] if self.recs else None
        # In text from a PDF, a page break can leave a recommendation's category on the next line;
        # it belongs to the recommendation above while that one has none and the line starts no text
        # of its own (its recommendation cell is empty or carries on the sentence above).
        carried_over = (
            not self.reliable_rows
            and rec is not None
            and rec.category is None
            and (not row.rec or _continues(rec.text, row.rec, "text"))
        )
        if rec is not None and self.reliable_rows and _repeats(rec, row):
            # the author repeated the Rec No (and the recommendation and category) on each action's row,
            # where others merge the cells: a further action of the same recommendation, not a duplicate
            row.rec_id, row.rec, row.category = None, [], None
        if row.rec_id is not None or (row.category and not carried_over):
            # A Rec No or a category opens a recommendation of its own, even when the number is not
            # one the importer knows ("2a", "R1") or is missing: gluing the row onto the one above
            # would lose its category, and with it the rules for a Not Agreed answer.
            self._start_recommendation(row)
            self.rows_placed += 1
            return
        if rec is None:
            self.pending.extend(row.rec + row.text + row.owner + row.date)
            self.rows_reported += 1
            return
        self.rows_placed += 1
        rec.end = max(rec.end, row.end)
        _join(rec.text, row.rec, "text")
        if row.category:
            rec.category, rec.category_span = row.category, row.category_span
        current = rec.rows[-1]
        if not row.text or (not self.reliable_rows and not (row.owner and row.date)):
            current.merge(row)
        elif self.reliable_rows:
            rec.rows.append(_Logical(list(row.text), list(row.owner), list(row.date)))
        elif _continues(current.owner, row.owner, "owner") or _continues(current.date, row.date, "date"):
            current.merge(row)
        else:
            self._split_off_tail(current, row)
            if row.text:
                rec.rows.append(_Logical(list(row.text), list(row.owner), list(row.date)))
            else:
                current.merge(row)

    def add_loose_text(self, para: Para) -> None:
        """A line with no cells inside the table: the wrapped end of the last response cell."""
        if not self.recs:
            self.pending.append(para)
            return
        rec = self.recs[-1]
        rec.end = max(rec.end, para.end)
        current = rec.rows[-1]
        if current.text:
            last = current.text[-1]
            current.text[-1] = Para(last.text + " " + para.text, last.start, para.end, last.list_only)
        else:
            rec.unplaced.append(para)

    def add_unplaced(self, para: Para) -> None:
        if self.heading is not None:
            self._unplace(self.heading)  # a heading no recommendation followed
            self.heading = None
        match = ADDRESSEE.fullmatch(para.text)
        if match and not match.group(2).strip():
            # "The Ministry of Justice should:" between two tables: the heading of the ones below
            self.addressee, self.heading = match.group(1), para
            return
        self._unplace(para)

    def _unplace(self, para: Para) -> None:
        if self.recs:
            self.recs[-1].unplaced.append(para)
        else:
            self.pending.append(para)

    def _start_recommendation(self, row: Row) -> None:
        self.heading = None
        addressee, paras = self.addressee, list(row.rec)
        if paras:
            match = ADDRESSEE.match(paras[0].text)
            if match and match.group(2).strip():
                addressee = match.group(1)
                paras[0] = Para(match.group(2).strip(), paras[0].start, paras[0].end, paras[0].list_only)
        rec = _Rec(row.rec_id or "", row.id_span, row.start, row.end, addressee, paras, row.category, row.category_span)
        rec.rows.append(_Logical(list(row.text), list(row.owner), list(row.date), first=True))
        self.recs.append(rec)

    @staticmethod
    def _split_off_tail(current: _Logical, row: Row) -> None:
        """A row with its own owner and date that opens with the end of the previous action's sentence.

        A page break cut the previous row's text mid-sentence and the extraction ran the rest into
        the next row ("... will conduct an" / "audit in April 2019 ..."): the words up to the first
        sentence end, or a leading list, go back to the previous action.
        """
        if not row.text or not current.text:
            return
        first = row.text[0]
        if first.list_only:
            tail, rest = first, None
        elif _starts_mid_sentence(first.text):
            # a paragraph marked up with <p> ends where the markup says; plain text at its first sentence end
            match = None if first.explicit else SENTENCE_END.search(first.text)
            cut = match.end() if match else len(first.text)
            tail_text, rest_text = first.text[:cut].strip(), first.text[cut:].strip()
            tail = Para(tail_text, first.start, first.start + cut)
            rest = Para(rest_text, first.start + cut, first.end) if rest_text else None
        else:
            return
        last = current.text[-1]
        separator = "\n" if first.list_only else " "
        current.text[-1] = Para(last.text + separator + tail.text, last.start, tail.end, last.list_only)
        row.text = ([rest] if rest else []) + row.text[1:]

    # -- output

    def build(
        self, positions: Positions, base: Path = ("recommendations",)
    ) -> tuple[list[dict[str, Any]], dict[Path, Node], list[LoadProblem]]:
        nodes: dict[Path, Node] = {}
        problems: list[LoadProblem] = []
        out: list[dict[str, Any]] = []
        if self.heading is not None:
            self._unplace(self.heading)
            self.heading = None
        if self.pending and self.recs:
            self.recs[0].unplaced[:0] = self.pending
            self.pending = []
        lost = self.rows_in - self.rows_placed - self.rows_reported
        if lost and self.recs:
            problems.append(
                LoadProblem(
                    "PL005",
                    f"{lost} of the table's {self.rows_in} rows could not be placed in a recommendation; "
                    "check the table against the imported plan",
                    base,
                    *positions.mark(self.recs[0].start),
                )
            )
        for index, rec in enumerate(self.recs):
            path = base + (index,)
            for logical in rec.rows:
                self._actions(rec, logical)
            data: dict[str, Any] = {"id": int(rec.rec_id) if rec.rec_id.isdigit() else rec.rec_id or NO_NUMBER}
            nodes[path] = positions.node(rec.start, rec.end, scalar=False)
            if not rec.rec_id:
                problems.append(
                    LoadProblem(
                        "PL005",
                        f"a row with a category but no Rec No was read as a recommendation of its own "
                        f"(numbered '{NO_NUMBER}' here); fill in its Rec No cell",
                        path + ("id",),
                        *positions.mark(rec.start),
                    )
                )
            if rec.id_span:
                nodes[path + ("id",)] = positions.node(*rec.id_span)
            if rec.addressee:
                data["addressee"] = rec.addressee
            if rec.text:
                data["text"] = "\n".join(p.text for p in rec.text)
                nodes[path + ("text",)] = positions.node(rec.text[0].start, rec.text[-1].end)
            if rec.category:
                data["category"] = rec.category
                if rec.category_span:
                    nodes[path + ("category",)] = positions.node(*rec.category_span)
            response = rec.response + rec.unplaced
            if response:
                data["response"] = "\n".join(p.text for p in response)
                nodes[path + ("response",)] = positions.node(
                    min(p.start for p in response), max(p.end for p in response)
                )
            for para in rec.unplaced:
                words = " ".join(para.text.split()[:8])
                problems.append(
                    LoadProblem(
                        "PL005",
                        f'text the importer could not place in the action table ("{words} ...") was kept '
                        f"in the response of recommendation {rec.rec_id}; move it to the action or cell it belongs "
                        "to",
                        path + ("response",),
                        *positions.mark(para.start),
                    )
                )
            for action_index, steps, columns, offset in rec.unpaired:
                cells = " and ".join(
                    f"the {name} cell {count} paragraph{'s' if count != 1 else ''}" for name, count in columns
                )
                problems.append(
                    LoadProblem(
                        "PL005",
                        f"recommendation {rec.rec_id or NO_NUMBER}: the response holds {steps} steps but "
                        f"{cells}, which cannot be paired one to one, so the steps are kept together as one action; "
                        "give each step its own row with its owner and target date",
                        path + ("actions", action_index),
                        *positions.mark(offset),
                    )
                )
            if rec.actions:
                data["actions"] = []
                for number, (action, spans) in enumerate(rec.actions):
                    action_path = path + ("actions", number)
                    data["actions"].append(action)
                    # every action has a span for at least one of these (its text's, when it has no other)
                    first = spans.get("text") or spans.get("owner") or spans["target_date"]
                    # a list of owners (one per paragraph) spans from its first to its last
                    first_start, first_end = (first[0][0], first[-1][1]) if isinstance(first, list) else first
                    nodes[action_path] = positions.node(first_start, first_end, scalar=False)
                    for key, span in spans.items():
                        if isinstance(span, list):
                            nodes[action_path + (key,)] = positions.node(span[0][0], span[-1][1], scalar=False)
                            for item, item_span in enumerate(span):
                                nodes[action_path + (key, item)] = positions.node(*item_span)
                        else:
                            nodes[action_path + (key,)] = positions.node(*span)
            out.append(data)
        return out, nodes, problems

    def _actions(self, rec: _Rec, logical: _Logical) -> None:
        groups = [(logical.text, logical.owner, logical.date)]
        if len(logical.pieces) > 1 and not _pairs(*groups[0]):
            # The pieces of a row a page break cut do not pair as a whole: each piece's owners and
            # dates belong to the steps printed beside or above them, as the page showed them.
            groups = logical.groups()
        for number, (paras, owners, dates) in enumerate(groups):
            self._group_actions(rec, list(paras), list(owners), list(dates), logical.first and number == 0)

    def _group_actions(
        self, rec: _Rec, paras: list[Para], owners: list[Para], dates: list[Para], first_row: bool
    ) -> None:
        if not owners and not dates and first_row:
            rec.response.extend(paras)  # a first row with no owner and no date: the narrative, not a step
            return
        category = self.profile.category(rec.category)
        if (
            category is not None
            and category.forbids_actions
            and all(NOT_APPLICABLE.fullmatch(p.text) for p in owners + dates)
        ):
            rec.response.extend(paras)  # "N/A" under owner and date: a Not Agreed answer's reasons, no step
            return
        explanations = [p for p in paras if EXPLANATION.match(p.text)]
        steps = [p for p in paras if not EXPLANATION.match(p.text)]
        owners_fit, dates_fit = _fit(owners, len(steps), split_owners), _fit(dates, len(steps), split_dates)
        if explanations:
            # The explanation's first sentence may be followed by a step of its own, with its own owner and
            # date ("This recommendation is partly agreed, as ... Work has already been done ..."). Take
            # that reading when the owner and date cells plainly hold one more entry than the other steps.
            first = explanations[0]
            match = SENTENCE_END.search(first.text)
            rest = first.text[match.end() :].strip() if match else ""
            if match and rest and not (_several(owners_fit) or _several(dates_fit)):
                again = (_fit(owners, len(steps) + 1, split_owners), _fit(dates, len(steps) + 1, split_dates))
                if all(
                    fit is not None and (fit.exact or not column)
                    for fit, column in zip(again, (owners, dates), strict=False)
                ):
                    cut = first.start + min(match.end(), first.end - first.start)
                    explanations[0] = Para(first.text[: match.end()].strip(), first.start, cut)
                    steps.insert(0, Para(rest, cut, first.end))
                    owners_fit, dates_fit = again
        rec.response.extend(explanations)
        if (owners_fit is None or dates_fit is None) and steps:
            # A list of steps with no paragraph before it (Word's numbered list of actions), beside
            # one owner and one date paragraph per item: each item is a step.
            items = [item for para in steps for item in _list_items(para)]
            fits = _fit(owners, len(items), split_owners), _fit(dates, len(items), split_dates)
            if len(items) > len(steps) and all(
                f is not None and (f.exact or not column) for f, column in zip(fits, (owners, dates), strict=False)
            ):
                steps, (owners_fit, dates_fit) = items, fits
        if len(steps) > 1 and (owners_fit is None or dates_fit is None):
            # Several steps, and owner or date paragraphs that cannot be paired with them one to one:
            # giving every step all of them would invent owners and dates the source does not give
            # that step, so the steps stay together as the one action the cell holds, and are reported.
            unpaired = [
                (name, len(column))
                for name, column, fit in (("Responsible Owner", owners, owners_fit), ("Target Date", dates, dates_fit))
                if fit is None
            ]
            rec.unpaired.append((len(rec.actions), len(steps), unpaired, steps[0].start))
            steps = [Para("\n".join(p.text for p in steps), steps[0].start, steps[-1].end)]
            owners_fit = dates_fit = None
        owner_values = owners_fit.values if owners_fit is not None else [owners]
        date_values = dates_fit.values if dates_fit is not None else [dates]
        # an owner and a date with no step beside them: one action whose text is missing
        step_paras: list[Para | None] = list(steps) if steps else [None]
        for index, para in enumerate(step_paras):
            action: dict[str, Any] = {}
            spans: dict[str, Any] = {}
            if para is not None:
                action["text"] = para.text
                spans["text"] = (para.start, para.end)
            owner = owner_values[index] if len(owner_values) == len(step_paras) else owner_values[0]
            if owner:
                if len(owner) == 1:
                    action["owner"] = owner[0].text
                    spans["owner"] = (owner[0].start, owner[0].end)
                else:  # the owners' paragraphs do not line up with the steps: each step has them all
                    action["owner"] = [p.text for p in owner]
                    spans["owner"] = [(p.start, p.end) for p in owner]
            date = date_values[index] if len(date_values) == len(step_paras) else date_values[0]
            if date:
                action["target_date"] = " ".join(p.text for p in date)
                spans["target_date"] = (date[0].start, date[-1].end)
            if not spans:
                spans["text"] = (rec.start, rec.start)
            rec.actions.append((action, spans))


@dataclass(slots=True)
class _Fit:
    values: list[list[Para]]  # the paragraphs for each step (or one entry for all steps)
    exact: bool  # one entry per step, as printed or split out of one paragraph
    split: bool = False


def _several(fit: _Fit | None) -> bool:
    return fit is not None and fit.exact and len(fit.values) > 1


def _fit(paras: list[Para], steps: int, splitter: Any) -> _Fit | None:
    """The owner (or date) paragraphs for each of `steps` steps, or None when they do not line up."""
    if not paras:
        return _Fit([[]], False)
    if len(paras) == steps:
        return _Fit([[p] for p in paras], True)
    if len(paras) == 1:
        pieces = splitter(paras[0], steps) if steps > 1 else None
        if pieces:
            return _Fit([[p] for p in pieces], True, True)
        return _Fit([[paras[0]]], False)
    return None


def _pieces(para: Para, cuts: list[int]) -> list[Para]:
    out, previous = [], 0
    for cut in cuts + [len(para.text)]:
        piece = para.text[previous:cut]
        text = piece.strip()
        offset = previous + (len(piece) - len(piece.lstrip()))
        out.append(Para(text, min(para.start + offset, para.end), min(para.start + offset + len(text), para.end)))
        previous = cut
    return [p for p in out if p.text]


def split_owners(para: Para, count: int) -> list[Para] | None:
    """Owners an extraction ran together: "Head of L&D Head of L&D" -> two, when `count` are wanted.

    A new owner starts where the cell's first two words come again, or at "Head of", unless a
    connector ("and", "&", "of") joins it to the owner before.
    """
    text = para.text
    words = text.split()
    if len(words) < 4:
        return None
    lead = r"\s+".join(re.escape(w.rstrip(",;:")) for w in words[:2])
    # (?<!\s): a cut starts where a run of spaces does, not at each space of it (quadratic on a long run)
    for pattern in (rf"(?<!\s)\s+(?={lead}\b)", rf"(?<!\s)\s+(?=(?:{lead}|Head of)\b)"):
        cuts = []
        for match in re.finditer(pattern, text):
            before = text[: match.start()].split()
            if before and before[-1].lower() not in OWNER_CONNECTORS and not before[-1].endswith((",", "&")):
                cuts.append(match.end())
        pieces = _pieces(para, cuts)
        if len(pieces) == count:
            return pieces
    return None


def split_dates(para: Para, count: int) -> list[Para] | None:
    """Dates an extraction ran together: "September 2021 January 2022" -> two, when `count` are wanted."""
    for pattern in DATE_SPLITS:
        cuts = [m.end() for m in re.finditer(pattern, para.text)]
        pieces = _pieces(para, cuts)
        if len(pieces) == count:
            return pieces
    return None


def read_summary_row(cells: list[str], profile: Profile | None = None) -> tuple[str, int] | None:
    """("Partly Agreed", "3") -> ("partly_agreed", 3); with a profile, its summary labels too ("Accepted")."""
    values = [c.strip() for c in cells if c.strip()]
    if len(values) != 2 or not values[1].isdigit():
        return None
    label = re.sub(r"[\s_\-]+", "", values[0]).casefold().rstrip(":")
    key = SUMMARY_KEYS.get(label)
    if key is None and profile is not None:
        key = next((s.key for s in profile.summary if re.sub(r"[\s_\-]+", "", s.label).casefold() == label), None)
    return (key, int(values[1])) if key else None


class Positions:
    """Character offsets to 0-based (line, column) marks, for SourceMap nodes (lines as SourceMap counts them)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = line_starts(text)

    def mark(self, offset: int) -> tuple[int, int]:
        offset = 0 if offset < 0 else len(self.text) if offset > len(self.text) else offset
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]

    def node(self, start: int, end: int, scalar: bool = True) -> Node:
        starts = self.starts
        line = bisect.bisect_right(starts, start) - 1
        end_line = line if end <= start else bisect.bisect_right(starts, end, line) - 1
        end = end if end > start else start
        return Node(start, end, line, start - starts[line], end_line, end - starts[end_line], scalar)
