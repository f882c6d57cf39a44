"""Text laid out by `pdftotext -layout`: the table's columns are runs of spaces, not tabs.

Each column starts where its header cell starts; a cell's text wraps onto the lines below in the same
column, and the header's own cells wrap too ("1. Rec" over "No"). A row is the run of lines from one
whose Rec No (or Target Date) column is filled to the next blank line or the next such line, each
column's pieces joined in order. Page furniture (markings, page numbers) and the header repeated at
the top of a page are left out. One pass over the lines: linear in the file size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from planlint.importers.header import is_page_furniture
from planlint.importers.plan_table import Columns, RawCell, find_columns, read_summary_row, rec_number
from planlint.lazy_pattern import LazyPattern

_GAP = LazyPattern(r"[ \t]{2,}")  # two or more spaces: the gap between two columns
_HEADER_LINES = 6  # the header's cells wrap over a few lines at most
_SLACK = 1  # a cell's text may start a character left of its header's


@dataclass(frozen=True, slots=True)
class LayoutTable:
    header_at: int  # the header's first line
    body_at: int  # the first line after the header's wrapped lines
    starts: tuple[int, ...]  # where each column starts
    columns: Columns


def _pieces(body: str, starts: tuple[int, ...] = ()) -> list[tuple[int, str]]:
    """The runs of text of a line (split at two or more spaces, and at a column's start where a single
    space falls just before it), with the position each starts at."""
    spans: list[tuple[int, int]] = []
    position = 0
    for gap in _GAP.finditer(body):
        if gap.start() > position:
            spans.append((position, gap.start()))
        position = gap.end()
    if position < len(body):
        spans.append((position, len(body)))
    out: list[tuple[int, str]] = []
    for first, last in spans:
        # a lone run crossing column starts is a merged cell (an addressee heading, a note), not cells
        cuts = [s for s in starts if first < s < last and body[s - 1] == " "] if len(spans) > 1 else []
        for a, b in zip([first, *cuts], [*cuts, last], strict=True):
            text = body[a:b].strip()
            if text:
                out.append((a + len(body[a:b]) - len(body[a:b].lstrip()), text))
    return out


def _column(position: int, starts: tuple[int, ...]) -> int:
    column = 0
    for index, start in enumerate(starts):
        if start <= position + _SLACK:
            column = index
    return column


def _starts_row(body: str, starts: tuple[int, ...]) -> bool:
    pieces = _pieces(body, starts)
    return bool(pieces) and _column(pieces[0][0], starts) == 0 and rec_number(pieces[0][1]) is not None


def _header_cells(
    lines: list[tuple[str, int, int]], at: int, starts: tuple[int, ...], height: int = _HEADER_LINES
) -> tuple[list[str], int]:
    """The header's cells, from its first line and the lines its cells wrap onto (at most `height`
    lines in all), and the index of the line after it. A line with a run crossing into the next
    column (a heading over the table's width) or starting a row is the table's, not the header's."""
    cells: list[list[str]] = [[] for _ in starts]
    end = at
    while end < len(lines) and end < at + height:
        body = lines[end][0]
        if not body.strip() or (end > at and (_starts_row(body, starts) or is_page_furniture(body))):
            break
        pieces = _header_pieces(body) if end == at else _pieces(body, starts)
        columns = [_column(position, starts) for position, _ in pieces]
        if end > at and any(
            column + 1 < len(starts) and position + len(text) > starts[column + 1]
            for (position, text), column in zip(pieces, columns, strict=True)
        ):
            break
        for (_, text), column in zip(pieces, columns, strict=True):
            cells[column].append(text)
        end += 1
    return [" ".join(parts) for parts in cells], end


# The template numbers its header cells ("1. Rec No 2. Recommendation"): a number starts a cell even
# when a single space is all that divides it from the cell before
_NUMBERED_CELL = LazyPattern(r"(?<=\S) (?=\d{1,2}\.[ \t])")


def _header_pieces(body: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for position, text in _pieces(body):
        previous = 0
        for cut in _NUMBERED_CELL.finditer(text):
            out.append((position + previous, text[previous : cut.start()]))
            previous = cut.end()
        out.append((position + previous, text[previous:]))
    return out


def find_layout_table(lines: list[tuple[str, int, int]]) -> LayoutTable | None:
    """The table's header in a layout rendering: a line of four or more runs naming the template's
    columns, with the lines its cells wrap onto."""
    for index, (body, _, _) in enumerate(lines):
        if "\t" in body or len(body) < 20:
            continue
        pieces = _header_pieces(body)
        if len(pieces) < 4 or find_columns([text for _, text in pieces]) is None:
            continue
        starts = tuple(position for position, _ in pieces)
        cells, body_at = _header_cells(lines, index, starts)
        columns = find_columns(cells)
        if columns is not None:
            starts = _widened(lines, index, body_at, pieces)
            cells, body_at = _header_cells(lines, index, starts)
            columns = find_columns(cells) or columns
            return LayoutTable(index, body_at, starts, columns)
    return None


_WORD = LazyPattern(r"\S+")
_PAGE_NUMBER = LazyPattern(r"\d{1,4}")


def _widened(
    lines: list[tuple[str, int, int]], header_at: int, body_at: int, header: list[tuple[int, str]]
) -> tuple[int, ...]:
    """Each column's start moved left to where its text starts in the rows: a header cell printed a
    little right of its column (centred, or indented) would otherwise give the first characters of
    every cell to the column before. A column's text and the one before it are divided by a gutter,
    a position blank on every line of several cells; no start moves past the header cell before it."""
    occupied = bytearray(max((len(body) for body, _, _ in lines), default=0) + 1)
    for number, (body, _, _) in enumerate(lines[header_at:], header_at):
        if number >= body_at and (is_page_furniture(body) or len(_pieces(body)) < 2):
            continue  # a page number or a lone run (a heading over the table) crosses gutters
        if number >= body_at and len(_pieces(body)) == 2 and read_summary_row([t for _, t in _pieces(body)]):
            break  # the summary table under the plan table has columns of its own
        for word in _WORD.finditer(body):
            occupied[word.start() : word.end()] = b"\x01" * (word.end() - word.start())
    starts = []
    for column, (position, _) in enumerate(header):
        floor = header[column - 1][0] + len(header[column - 1][1]) + 1 if column else 0
        left = position
        while left - 1 >= floor and occupied[left - 1]:
            left -= 1
        starts.append(left)
    return tuple(starts)


def _opens(pieces: list[tuple[int, str]], starts: tuple[int, ...], text_column: int | None) -> bool:
    """Whether a line with a date starts a new action rather than continuing a wrapped one: its action
    text starts a sentence (a date cell wrapped alone, "To be reviewed" over "September 2025", does not)."""
    action = next((text for position, text in pieces if _column(position, starts) == text_column), "")
    return bool(action) and (action[0].isupper() or action[0].isdigit() or action[0] in "•-–*(")


def read_layout_rows(lines: list[tuple[str, int, int]], table: LayoutTable) -> Iterator[tuple[str, Any, int, int]]:
    """Yield ("row", cells, start, end), ("summary", (key, value), start, end) and ("unplaced", text, start, end)
    for the lines below the header."""
    starts = table.starts
    width = len(starts)
    date_column = table.columns.index.get("date")
    text_column = table.columns.index.get("text")
    block: list[list[tuple[int, str]]] = [[] for _ in starts]
    span: list[int] = []
    in_summary = False

    def close() -> Iterator[tuple[str, Any, int, int]]:
        if span:
            cells = [RawCell(" ".join(text for _, text in parts), parts[0][0] if parts else span[1]) for parts in block]
            yield ("row", cells, span[0], span[1])
        for parts in block:
            parts.clear()
        span.clear()

    index = table.body_at
    while index < len(lines):
        body, start, end = lines[index]
        index += 1
        if is_page_furniture(body):
            continue
        if not body.strip():
            yield from close()
            continue
        pieces = _pieces(body, starts)
        texts = [text for _, text in pieces]
        if not span and len(pieces) == 1 and _PAGE_NUMBER.fullmatch(texts[0]) and _column(pieces[0][0], starts):
            continue  # a bare page number in a page's foot, set apart by a blank line (a wrapped cell is not)
        if len(pieces) >= 4 and find_columns(texts) is not None:
            yield from close()
            # the header repeated at the top of a page: as many lines as the first, at most
            _, index = _header_cells(lines, index - 1, starts, table.body_at - table.header_at)
            continue
        if not in_summary and len(texts) == 1 and texts[0].rstrip(":") == "Recommendations":
            yield from close()
            in_summary = True
            continue
        if in_summary:
            entry = read_summary_row(texts)
            yield ("summary", entry, start, end) if entry else ("unplaced", " ".join(texts), start, end)
            continue
        columns_here = {_column(position, starts) for position, _ in pieces}
        if span and (
            0 in columns_here
            or (date_column in columns_here and block[date_column] and _opens(pieces, starts, text_column))
        ):
            yield from close()  # a new recommendation, or a new action with a date of its own
        for position, text in pieces:
            block[min(_column(position, starts), width - 1)].append((start + position, text))
        if not span:
            span.extend((start, end))
        span[1] = end
    yield from close()
