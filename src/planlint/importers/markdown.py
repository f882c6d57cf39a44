"""Markdown (GFM pipe tables) to the plan format.

The plan table is the pipe table whose header row names the template's columns;
`<br>` separates paragraphs inside a cell (several actions, owners or dates),
inline Markdown (**bold**, *italic*, links, code) is converted to its text.
Each table row is a real row, so a row without a number is a further action.
A later table of "Agreed | 4" rows is the summary.
"""

from __future__ import annotations

from typing import Any

from planlint.document import WORD_TEXT_ENCODING, Document, LoadProblem, SourceMap, read_decoded
from planlint.importers.cells import Para, strip_markup
from planlint.importers.header import is_page_furniture, read_header
from planlint.importers.plan_table import (
    NO_TABLE,
    PlanTable,
    Positions,
    RawCell,
    find_columns,
    is_header_row,
    read_row,
    read_summary_row,
)
from planlint.importers.text import _lines, assemble, read_template
from planlint.lazy_pattern import LazyPattern

_PIPE = LazyPattern(r"(?<!\\)\|")
# Possessive (*+): each space or dash is taken once; backtracking between the adjacent \s* runs
# made a line of spaces and dashes take time cubic in its length. (?<!\s): one start per run.
_SEPARATOR = LazyPattern(r"(?<!\s)\s*+\|?+\s*+:?+-{3,}+:?+\s*+(?:\|\s*+:?+-{3,}+:?+\s*+)*+\|?+\s*+$")


def read(raw: bytes, filename: str) -> Document:
    return read_decoded(raw, filename, read_markdown, fallback=WORD_TEXT_ENCODING)


def _cells(body: str, start: int) -> list[RawCell] | None:
    """A pipe-table row's cells with their offsets, or None when the line is not a table row."""
    if "|" not in body:
        return None
    cells, previous = [], 0
    for match in _PIPE.finditer(body):
        cells.append(RawCell(body[previous : match.start()], start + previous))
        previous = match.end()
    cells.append(RawCell(body[previous:], start + previous))
    if not cells[0].raw.strip():
        cells = cells[1:]  # the leading pipe
    if cells and not cells[-1].raw.strip():
        cells = cells[:-1]  # the trailing pipe
    return cells


def read_markdown(text: str, filename: str) -> Document:
    positions = Positions(text)
    source = SourceMap(text)
    lines = _lines(text)
    header_at, columns = None, None
    for index, (body, start, _) in enumerate(lines):
        cells = _cells(body, start)
        columns = find_columns([strip_markup(c.raw, True) for c in cells]) if cells else None
        if columns is not None:
            header_at = index
            break
    if header_at is None or columns is None:
        return Document(
            filename, None, source, [LoadProblem("PL001", NO_TABLE + " (as a Markdown pipe table)", line=0, column=0)]
        )
    if columns.missing:
        return Document(
            filename, None, source, [LoadProblem("PL001", columns.missing_message(), line=header_at, column=0)]
        )
    info, nodes = read_header(lines[:header_at], positions, markdown=True)
    header_cells = [strip_markup(c.raw, True) for c in _cells(lines[header_at][0], lines[header_at][1]) or []]
    profile = read_template(header_cells, lines[:header_at], info, nodes, positions)
    table = PlanTable(reliable_rows=True, profile=profile)
    table.heading_above([strip_markup(body, True) for body, _, _ in lines[:header_at]])
    summary: dict[str, Any] = {}
    summary_nodes: dict[tuple, Any] = {}
    in_table = True
    for body, start, end in lines[header_at + 1 :]:
        cells = _cells(body, start)
        if cells is None or not body.strip():
            in_table = in_table and bool(cells)
            stripped = body.strip()
            # a page's marking or number between the tables a page break split is not content
            if stripped and not stripped.startswith("#") and not is_page_furniture(stripped):
                table.add_unplaced(Para(strip_markup(stripped, True), start, end))
            continue
        if _SEPARATOR.match(body):
            continue
        plain = [strip_markup(c.raw, True) for c in cells]
        if is_header_row(plain):
            in_table = True  # the header repeated, or a second table of the plan (one per addressee)
            continue
        entry = read_summary_row(plain, profile)
        if entry is not None and (not in_table or len(cells) == 2):
            key, value = entry
            summary.setdefault(key, value)
            cell = cells[-1]
            offset = cell.start + cell.raw.find(str(value))
            summary_nodes.setdefault(("summary", key), positions.node(offset, offset + len(str(value))))
            continue
        if not in_table:
            if not (len(plain) <= 2 and plain[0].rstrip(":") in ("Recommendations", "Summary")):
                table.add_unplaced(Para(" ".join(p for p in plain if p), start, end))
            continue
        # GFM reads a short row as if its missing cells were empty ones at its end
        cells = cells + [RawCell("", end)] * (columns.width - len(cells))
        table.add(read_row(cells, start, end, markdown=True, columns=columns, reliable=True))
    return assemble(filename, source, positions, info, nodes, table, summary, summary_nodes, header_at)
