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
import re
from dataclasses import dataclass, field
from typing import Any

from planlint.document import LoadProblem, Node
from planlint.findings import Path
from planlint.importers.cells import Para, parse_cell, strip_markup
from planlint.model import read_category

# "1", "1 SW 1", "6 SW 6 and CRC 5", "10 CRC 1": a number, then the numbers the inspections printed
_ID = r"\d{1,3}(?:\s+[A-Z]{2,5}\s*\d{1,3})*(?:\s+(?:and|&)\s+[A-Z]{2,5}\s*\d{1,3})?"
ID_ONLY = re.compile(rf"\A({_ID})\.?$")  # \A: read from the start only (match), linear if searched
ID_THEN_TEXT = re.compile(rf"({_ID})\.?\s+(?=[A-Z\"'‘“(])")
LIST_NUMBER = re.compile(r"\d{1,2}[.)]?$")
ADDRESSEE = re.compile(r"(.{3,200}?\bshould)\s*:\s*(.*)$", re.DOTALL)
EXPLANATION = re.compile(r"this recommendation is (?:partly|not)[ -]agreed", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
TERMINAL = tuple(".!?;:)\"'”’")
OWNER_CONTINUES = (",", "&", "/", "-", "–", " and")
OWNER_CONNECTORS = frozenset({"and", "&", "of", "for", "to", "/", "the", "with", "by", "-", "–"})
DATE_SPLITS = (
    r"(?:(?<=\d{4})|(?<=\)))\s+(?=[A-Z])",
    r"(?:(?<=\d{4})|(?<=\))|(?<=[Qq]uarterly)|(?<=[Mm]onthly)|(?<=[Aa]nnually)|(?<=[Oo]ngoing))\s+(?=[A-Z])",
    r"(?:(?<=\d{4})|(?<=\))|(?<=[Qq]uarterly)|(?<=[Mm]onthly)|(?<=[Aa]nnually)|(?<=[Oo]ngoing)|(?<=Complete)"
    r"|(?<=Completed))\s+(?=[A-Z])",
)
HEADER_CELLS = re.compile(r"rec(?:ommendation)?\.?\s*(?:no|number)\b", re.IGNORECASE)
SUMMARY_KEYS = {"agreed": "agreed", "partlyagreed": "partly_agreed", "notagreed": "not_agreed", "total": "total"}
COLUMNS = ("Rec No", "Recommendation", "Agreed/Partly Agreed/Not Agreed", "Response Action Taken/Planned",
           "Responsible Owner", "Target Date")

NO_TABLE = ("no recognisable action plan table: expected the template's six-column table, with a header row "
            "'1. Rec No | 2. Recommendation | 3. Agreed/Partly Agreed/Not Agreed | 4. Response Action "
            "Taken/Planned | 5. Responsible Owner | 6. Target Date'")


def is_header_row(cells: list[str]) -> bool:
    joined = " ".join(cells)
    return len(cells) >= 3 and bool(HEADER_CELLS.search(joined)) and "target" in joined.lower()


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

    @property
    def empty(self) -> bool:
        return not (self.rec_id or self.addressee or self.rec or self.category or self.text or self.owner
                    or self.date)


def read_row(cells: list[RawCell], start: int, end: int, markdown: bool = False) -> Row:
    """Cells to columns, reading from the right: date, owner, response, then id / recommendation / category."""
    row = Row(start, end)
    cells = [c for c in cells]
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
    if len(left) == 3 and (not left[0].raw.strip() or ID_ONLY.match(strip_markup(left[0].raw, markdown))):
        # the template's own layout: the category column holds the category, whatever it says
        number, rec, category = left
        if number.raw.strip():
            row.rec_id = ID_ONLY.match(strip_markup(number.raw, markdown)).group(1)
            row.id_span = _span_of(number)
        row.rec = parse_cell(rec.raw, rec.start, markdown)
        value = strip_markup(category.raw, markdown)
        if value:
            row.category, row.category_span = value, _span_of(category)
        left = []
    filled = [c for c in left if c.raw.strip()]
    plain = [strip_markup(c.raw, markdown) for c in filled]
    has_category = any(read_category(p) for p in plain)
    for index, (cell, value) in enumerate(zip(filled, plain)):
        if not value:
            continue
        if read_category(value) is not None and row.category is None:
            row.category = value
            row.category_span = _span_of(cell)
            continue
        if index == 0 and row.rec_id is None:
            match = ID_ONLY.match(value)
            if match:
                row.rec_id = match.group(1)
                row.id_span = _span_of(cell)
                continue
            match = ID_THEN_TEXT.match(value)
            if match and (has_category or len(filled) == 1 and text.raw.strip()) and not row.rec:
                row.rec_id = match.group(1)
                leading = len(cell.raw) - len(cell.raw.lstrip())
                row.id_span = (cell.start + leading, cell.start + leading + len(match.group(1)))
                rest = cell.raw.lstrip()[match.end():]
                row.rec.extend(parse_cell(rest, cell.start + len(cell.raw) - len(rest), markdown))
                continue
        row.rec.extend(parse_cell(cell.raw, cell.start, markdown))
    if row.rec_id is None and not row.category and len(row.rec) == 1 and not (row.text or row.owner or row.date):
        match = ADDRESSEE.match(row.rec[0].text)
        if match and not match.group(2).strip():
            row.addressee = match.group(1)
            row.rec = []
    return row


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

    def merge(self, row: Row) -> None:
        _join(self.text, row.text, "text")
        _join(self.owner, row.owner, "owner")
        _join(self.date, row.date, "date")


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
    actions: list[dict[str, Any]] = field(default_factory=list)
    rows: list[_Logical] = field(default_factory=list)
    unplaced: list[Para] = field(default_factory=list)


class PlanTable:
    """Collects rows and builds the `recommendations` list with a node (offsets) for every value."""

    def __init__(self, reliable_rows: bool = False):
        self.reliable_rows = reliable_rows
        self.recs: list[_Rec] = []
        self.addressee: str | None = None
        self.pending: list[Para] = []  # text before the first recommendation

    # -- input

    def add(self, row: Row) -> None:
        if row.empty:
            return
        if row.addressee:
            self.addressee = row.addressee
            return
        if row.rec_id is not None:
            self._start_recommendation(row)
            return
        rec = self.recs[-1] if self.recs else None
        if rec is None:
            self.pending.extend(row.rec + row.text + row.owner + row.date)
            return
        rec.end = max(rec.end, row.end)
        _join(rec.text, row.rec, "text")
        if row.category and rec.category is None:
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
        if self.recs:
            self.recs[-1].unplaced.append(para)
        else:
            self.pending.append(para)

    def _start_recommendation(self, row: Row) -> None:
        addressee, paras = self.addressee, list(row.rec)
        if paras:
            match = ADDRESSEE.match(paras[0].text)
            if match and match.group(2).strip():
                addressee = match.group(1)
                paras[0] = Para(match.group(2).strip(), paras[0].start, paras[0].end, paras[0].list_only)
        rec = _Rec(row.rec_id or "", row.id_span, row.start, row.end, addressee, paras, row.category,
                   row.category_span)
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

    def build(self, positions: "Positions", base: Path = ("recommendations",)
              ) -> tuple[list[dict[str, Any]], dict[Path, Node], list[LoadProblem]]:
        nodes: dict[Path, Node] = {}
        problems: list[LoadProblem] = []
        out: list[dict[str, Any]] = []
        if self.pending and self.recs:
            self.recs[0].unplaced[:0] = self.pending
            self.pending = []
        for index, rec in enumerate(self.recs):
            path = base + (index,)
            for logical in rec.rows:
                self._actions(rec, logical)
            data: dict[str, Any] = {"id": int(rec.rec_id) if rec.rec_id.isdigit() else rec.rec_id}
            nodes[path] = positions.node(rec.start, rec.end, scalar=False)
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
                nodes[path + ("response",)] = positions.node(min(p.start for p in response),
                                                             max(p.end for p in response))
            for para in rec.unplaced:
                words = " ".join(para.text.split()[:8])
                problems.append(LoadProblem(
                    "PL005", f"text the importer could not place in the action table (\"{words} ...\") was kept "
                    f"in the response of recommendation {rec.rec_id}; move it to the action or cell it belongs "
                    "to", path + ("response",), *positions.mark(para.start)))
            if rec.actions:
                data["actions"] = []
                for number, (action, spans) in enumerate(rec.actions):
                    action_path = path + ("actions", number)
                    data["actions"].append(action)
                    first = spans.get("text") or spans.get("owner") or spans.get("target_date")
                    nodes[action_path] = positions.node(*first, scalar=False)
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
        paras, owners, dates = list(logical.text), list(logical.owner), list(logical.date)
        if not owners and not dates and logical.first:
            rec.response.extend(paras)  # a first row with no owner and no date: the narrative, not a step
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
            rest = first.text[match.end():].strip() if match else ""
            if rest and not (_several(owners_fit) or _several(dates_fit)):
                again = (_fit(owners, len(steps) + 1, split_owners), _fit(dates, len(steps) + 1, split_dates))
                if all(fit is not None and (fit.exact or not column) for fit, column in zip(again, (owners, dates))):
                    cut = first.start + min(match.end(), first.end - first.start)
                    explanations[0] = Para(first.text[:match.end()].strip(), first.start, cut)
                    steps.insert(0, Para(rest, cut, first.end))
                    owners_fit, dates_fit = again
        rec.response.extend(explanations)
        if not steps:
            steps = [None]  # an owner and a date with no step beside them: the action's text is missing
        owner_values = owners_fit.values if owners_fit is not None else [owners]
        date_values = dates_fit.values if dates_fit is not None else [dates]
        for index, para in enumerate(steps):
            action: dict[str, Any] = {}
            spans: dict[str, Any] = {}
            if para is not None:
                action["text"] = para.text
                spans["text"] = (para.start, para.end)
            owner = owner_values[index] if len(owner_values) == len(steps) else owner_values[0]
            if owner:
                if len(owner) == 1:
                    action["owner"] = owner[0].text
                    spans["owner"] = (owner[0].start, owner[0].end)
                else:  # the owners' paragraphs do not line up with the steps: each step has them all
                    action["owner"] = [p.text for p in owner]
                    spans["owner"] = [(p.start, p.end) for p in owner]
            date = date_values[index] if len(date_values) == len(steps) else date_values[0]
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
            before = text[:match.start()].split()
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


def read_summary_row(cells: list[str]) -> tuple[str, int] | None:
    """("Partly Agreed", "3") -> ("partly_agreed", 3)."""
    values = [c.strip() for c in cells if c.strip()]
    if len(values) != 2 or not values[1].isdigit():
        return None
    key = SUMMARY_KEYS.get(re.sub(r"[\s_\-]+", "", values[0]).casefold().rstrip(":"))
    return (key, int(values[1])) if key else None


class Positions:
    """Character offsets to 0-based (line, column) marks, for SourceMap nodes."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

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
