"""Plain text of a published plan (as extracted from its PDF or Word original) to the plan format.

The table is found by its header row; its rows are tab-separated cells, one
row per line. Lines with no tab inside the table are the wrapped end of the
cell above; the closing "Recommendations / Agreed 4 / ..." table becomes
`summary`. Findings point at the cell text: every value gets the offsets of
the raw text it came from. One pass over the lines: linear in the file size.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from planlint.document import WORD_TEXT_ENCODING, Document, LoadProblem, SourceMap, read_decoded
from planlint.importers.cells import Para, parse_cell, strip_markup
from planlint.importers.header import is_page_furniture, read_date, read_header
from planlint.importers.layout import LayoutTable, find_layout_table, read_layout_rows
from planlint.importers.plan_table import (
    NO_TABLE,
    PlanTable,
    Positions,
    RawCell,
    column_role,
    find_columns,
    is_header_row,
    read_row,
    read_summary_row,
)
from planlint.lazy_pattern import LazyPattern
from planlint.profiles import DEFAULT_PROFILE, Profile, detect_template

NO_TITLE = (
    "the plan has no title above the action table: add the template's title line, 'ACTION PLAN: ' and the "
    "inspection or organisation it answers (or give the document a Heading 1)"
)
_LINE = LazyPattern(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# A paragraph under the table that says it is a note ("Note:", "NB -", "* ..."), not the wrap of a cell
NOTE = LazyPattern(r"(?:notes?|nb|n\.b\.|please note)\s*[:\-–—]|\*\s", re.IGNORECASE)


def read(raw: bytes, filename: str) -> Document:
    return read_decoded(raw, filename, read_text, fallback=WORD_TEXT_ENCODING)


def _lines(text: str) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and out:
            break
        body = match.group(0).rstrip("\r\n")
        out.append((body, match.start(), match.start() + len(body)))
    return out


ONE_CELL_PER_LINE = (
    "the action plan table's header cells are on lines of their own ('1. Rec No', '2. Recommendation', ...): "
    "the table was extracted one cell per line, in which a row cannot be told from the next; extract the "
    "text again keeping the layout (pdftotext -layout), or import the Word original"
)


def _one_cell_per_line(lines: list[tuple[str, int, int]]) -> int | None:
    """The line where the template's header begins when its cells stand one per line, else None."""
    run: list[str] = []
    for index, (body, _, _) in enumerate(lines):
        if body.strip() and len(body) < 120 and column_role(body.strip()) is not None:
            run.append(body.strip())
            header = find_columns(run[-6:]) if len(run) >= 4 else None
            if header is not None and not header.missing:
                return index - len(run[-6:]) + 1
        else:
            run.clear()
    return None


def _rejoin_cells(text: str, lines: list[tuple[str, int, int]], width: int) -> list[tuple[str, int, int]]:
    """The table's lines with a row whose cells hold line breaks put back on one line.

    An extractor writes a cell's line breaks as they are, so one row comes out as a line that starts
    at the table's left edge (its Rec No cell printed) with too few tabs, lines with none, and a line
    whose tabs make up exactly the header's count. Only that exact shape is joined: a row's own wrap
    or a second row (whose tabs overshoot the count) is left to the reading below.
    """
    out: list[tuple[str, int, int]] = []
    index = 0
    while index < len(lines):
        body, start, end = lines[index]
        tabs = body.count("\t")
        last = index
        if 0 < tabs < width - 1 and body.split("\t", 1)[0].strip():
            probe = index + 1
            while probe < len(lines) and lines[probe][0].strip() and "\t" not in lines[probe][0]:
                probe += 1  # a line of the cell, with no tab
            if probe > index + 1 and probe < len(lines) and tabs + lines[probe][0].count("\t") == width - 1:
                last = probe
        if last == index:
            out.append((body, start, end))
        else:
            out.append((text[start : lines[last][2]], start, lines[last][2]))
        index = last + 1
    return out


def read_text(text: str, filename: str, reliable_rows: bool = False) -> Document:
    """Read text laid out like the seeds. `reliable_rows`: one line is one table row (a Word rendering)."""
    positions = Positions(text)
    source = SourceMap(text)
    lines = _lines(text)
    header_at, columns = None, None
    for index, (body, _, _) in enumerate(lines):
        columns = find_columns(body.split("\t")) if "\t" in body else None
        if columns is not None:
            header_at = index
            break
    if header_at is None or columns is None:
        layout = find_layout_table(lines)
        if layout is None:
            at = _one_cell_per_line(lines)
            if at is not None:
                return Document(filename, None, source, [LoadProblem("PL001", ONE_CELL_PER_LINE, line=at, column=0)])
            return Document(filename, None, source, [LoadProblem("PL001", NO_TABLE, line=0, column=0)])
        return _read_layout(filename, source, positions, lines, layout)
    if columns.missing:
        return Document(
            filename, None, source, [LoadProblem("PL001", columns.missing_message(), line=header_at, column=0)]
        )
    info, nodes = read_header(lines[:header_at], positions)
    profile = read_template(lines[header_at][0].split("\t"), lines[:header_at], info, nodes, positions)
    table = PlanTable(reliable_rows=reliable_rows, profile=profile)
    table.heading_above([body for body, _, _ in lines[:header_at]])
    summary: dict[str, Any] = {}
    summary_nodes: dict[tuple, Any] = {}
    in_summary = False
    loose: list[tuple[str, int, int]] = []

    def flush_loose() -> None:
        if loose:
            words = " ".join(body.strip() for body, _, _ in loose)
            para = Para(" ".join(words.split()), loose[0][1], loose[-1][2])
            # In a Word rendering a row is one line, so a line with no cells is outside the table
            # (a note under it), never the end of the last action; nor is a line labelled as a note.
            outside = in_summary or reliable_rows or NOTE.match(para.text)
            (table.add_unplaced if outside else table.add_loose_text)(para)
            loose.clear()

    for body, start, end in _rejoin_cells(text, lines[header_at + 1 :], columns.width):
        if not body.strip():
            continue
        if "\t" not in body:
            if is_page_furniture(body):
                continue  # a page's marking or number between two rows (or two halves of one) is not content
            if not in_summary and re.fullmatch(r"(?<!\s)\s*Recommendations\s*:?\s*", body):
                flush_loose()
                in_summary = True
                continue
            loose.append((body, start, end))
            if reliable_rows:
                flush_loose()  # in a Word rendering a line is a paragraph of its own, never a wrapped one
            continue
        flush_loose()
        cells = body.split("\t")
        if is_header_row(cells):
            continue  # the header repeated at the top of a page
        first = cells[0].strip().rstrip(":")
        if first == "Recommendations" and not any(c.strip() for c in cells[1:]):
            in_summary = True
            continue
        entry = read_summary_row(cells, profile) if in_summary else None
        if entry is not None:
            key, value = entry
            summary.setdefault(key, value)
            number_at = start + body.rfind(str(value))
            summary_nodes.setdefault(("summary", key), positions.node(number_at, number_at + len(str(value))))
            continue
        if in_summary:
            table.add_unplaced(Para(" ".join(p.text for p in parse_cell(body.replace("\t", " "), start)), start, end))
            continue
        raw_cells, offset = [], start
        for cell in cells:
            raw_cells.append(RawCell(cell, offset))
            offset += len(cell) + 1
        table.add(read_row(raw_cells, start, end, columns=columns, reliable=reliable_rows))
    flush_loose()
    return assemble(filename, source, positions, info, nodes, table, summary, summary_nodes, header_at)


def read_template(
    header_cells: list[str],
    above: list[tuple[str, int, int]],
    info: dict[str, Any],
    nodes: dict,
    positions: Positions,
) -> Profile:
    """The template the table is written on (from its header and the title), named in `info` when it
    is not the default one, with its date line ("POSITION AS AT ...") when the header gave no date."""
    profile = detect_template(header_cells, info.get("title"))
    if profile.name == DEFAULT_PROFILE:
        return profile
    info.setdefault("template", profile.name)
    if "submitted" not in info:
        for pattern in profile.date_patterns:
            found = re.compile(pattern, re.IGNORECASE)
            for raw, start, end in above:
                match = found.search(strip_markup(raw))
                if match and match.groups() and isinstance(day := read_date(match.group(1)), dt.date):
                    info["submitted"] = day
                    nodes[("plan", "submitted")] = positions.node(start, end)
                    return profile
    return profile


def _read_layout(
    filename: str, source: SourceMap, positions: Positions, lines: list[tuple[str, int, int]], layout: LayoutTable
) -> Document:
    """A table laid out with spaces (pdftotext -layout), read row by row into the same plan table."""
    if layout.columns.missing:
        problem = LoadProblem("PL001", layout.columns.missing_message(), line=layout.header_at, column=0)
        return Document(filename, None, source, [problem])
    info, nodes = read_header(lines[: layout.header_at], positions)
    table = PlanTable()
    summary: dict[str, Any] = {}
    summary_nodes: dict[tuple, Any] = {}
    for kind, value, start, end in read_layout_rows(lines, layout):
        if kind == "row":
            table.add(read_row(value, start, end, columns=layout.columns, reliable=True))
        elif kind == "summary":
            key, number = value
            summary.setdefault(key, number)
            body = source.text[start:end]
            number_at = start + body.rfind(str(number))
            summary_nodes.setdefault(("summary", key), positions.node(number_at, number_at + len(str(number))))
        else:
            table.add_unplaced(Para(value, start, end))
    return assemble(filename, source, positions, info, nodes, table, summary, summary_nodes, layout.header_at)


def assemble(
    filename: str,
    source: SourceMap,
    positions: Positions,
    info: dict[str, Any],
    nodes: dict,
    table: PlanTable,
    summary: dict[str, Any],
    summary_nodes: dict,
    header_line: int,
) -> Document:
    """The Document for a table read from any source; shared by the importers."""
    recommendations, rec_nodes, problems = table.build(positions)
    data: dict[str, Any] = {"planlint": 1, "plan": info, "recommendations": recommendations}
    if summary:
        # the 2018 template's order, then another template's keys as the table printed them
        order = ("agreed", "partly_agreed", "not_agreed", "total")
        data["summary"] = {key: summary[key] for key in (*order, *summary) if key in summary}
    text = source.text
    source.nodes[()] = positions.node(0, len(text), scalar=False)
    header_start = positions.starts[min(header_line, len(positions.starts) - 1)]
    source.nodes[("plan",)] = positions.node(0, header_start, scalar=False)
    source.nodes[("recommendations",)] = positions.node(header_start, len(text), scalar=False)
    source.nodes.update(nodes)
    source.nodes.update(rec_nodes)
    if summary_nodes:
        first = min(n.start for n in summary_nodes.values())
        last = max(n.end for n in summary_nodes.values())
        source.nodes[("summary",)] = positions.node(first, last, scalar=False)
        source.nodes.update(summary_nodes)
    if not recommendations:
        problems.append(
            LoadProblem(
                "PL001",
                NO_TABLE.replace("no recognisable", "a header row but no rows in the"),
                line=header_line,
                column=0,
            )
        )
    elif "title" not in info:
        problems.append(LoadProblem("PL007", NO_TITLE, ("plan", "title"), line=0, column=0))
    return Document(filename, data, source, problems)
