"""Word (.docx) on the official template to the plan format.

The document is rendered to text the way the published seeds look (one line
per paragraph, a table row per line with tab-separated cells, a cell's several
paragraphs as `<p>` and its list paragraphs as `<li>`), and that rendering is
read by the text importer with `reliable_rows`: in Word a row is a row, however
the pages break. Merged cells keep the table's grid (a vertically merged cell
is empty below its first row); header rows repeated on each page are skipped.
`Document.cells` maps every value to its table, row and column header, and
the SourceMap is over the rendering.

python-docx is an optional extra and is imported only here. The file is
checked before python-docx sees it: a zip, a sane uncompressed size, and no
DTD (so no entity expansion).
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from dataclasses import dataclass
from html import escape
from typing import Any

from planlint.document import Document, LoadProblem, SourceMap
from planlint.errors import UserError
from planlint.findings import Cell

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
NEEDS_DOCX = "reading .docx needs python-docx: pip install 'planlint[docx]'"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class MissingDependency(UserError):
    pass


def read(raw: bytes, filename: str) -> Document:
    problem = _check_package(raw)
    if problem:
        return Document(filename, None, SourceMap(""), [LoadProblem("PL001", problem, line=0, column=0)])
    try:
        import docx  # noqa: F401  (python-docx)
    except ImportError:
        raise MissingDependency(NEEDS_DOCX) from None
    try:
        word = docx.Document(io.BytesIO(raw))
        rendering, cells = _render(word.element.body)
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged file
        return Document(filename, None, SourceMap(""), [LoadProblem(
            "PL001", f"not a readable Word document ({type(exc).__name__}: {exc}); open it in Word and save it "
            "again as .docx", line=0, column=0)])
    from planlint.importers.text import read_text

    doc = read_text(rendering, filename, reliable_rows=True)
    doc.cells = _cells_for(doc, cells)
    return doc


def _check_package(raw: bytes) -> str | None:
    if not raw.startswith(b"PK"):
        return "not a Word document: a .docx file is a zip archive (was it saved as .doc, or renamed?)"
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return f"not a Word document: the zip archive is damaged ({exc})"
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        return (f"the Word document expands to {total // (1024 * 1024)} MB, more than the "
                f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB planlint reads; it is not a plan")
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            return f"the Word document's part {member.filename} is compressed suspiciously well (a zip bomb?)"
    names = {m.filename for m in members}
    if "word/document.xml" not in names:
        return "not a Word document: the zip archive has no word/document.xml"
    for name in names:
        if name.endswith((".xml", ".rels")):
            with archive.open(name) as part:
                head = part.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                return f"the Word document's part {name} declares a DTD; Word never writes one, so it is not read"
    return None


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True, slots=True)
class _Placed:
    start: int
    end: int
    table: int
    row: int
    column: int


def _paragraph_text(p: Any) -> str:
    parts = []
    for node in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        if node.tag == _W + "t":
            parts.append(node.text or "")
        else:
            parts.append(" ")
    return " ".join("".join(parts).split())


def _is_list(p: Any) -> bool:
    ppr = p.find(_W + "pPr")
    if ppr is None:
        return False
    if ppr.find(_W + "numPr") is not None:
        return True
    style = ppr.find(_W + "pStyle")
    return style is not None and (style.get(_W + "val") or "").lower().startswith("list")


def _cell_markup(tc: Any) -> str:
    paras = [(p, _paragraph_text(p)) for p in tc.iter(_W + "p")]
    paras = [(p, t) for p, t in paras if t]
    if len(paras) == 1 and not _is_list(paras[0][0]):
        return escape(paras[0][1], quote=False)
    out, in_list = [], False
    for p, text in paras:
        if _is_list(p):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{escape(text, quote=False)}</li>")
        else:
            if in_list:
                out.append("</ul>")
                in_list = False
            out.append(f"<p>{escape(text, quote=False)}</p>")
    if in_list:
        out.append("</ul>")
    return " ".join(out)


def _grid_row(tr: Any) -> list[tuple[str, bool]]:
    """(markup, is a continued vertical merge) for each grid column of a row."""
    row: list[tuple[str, bool]] = []
    trpr = tr.find(_W + "trPr")
    if trpr is not None and trpr.find(_W + "gridBefore") is not None:
        row.extend(("", False) for _ in range(int(trpr.find(_W + "gridBefore").get(_W + "val") or 0)))
    for tc in tr.findall(_W + "tc"):
        tcpr = tc.find(_W + "tcPr")
        span, continued = 1, False
        if tcpr is not None:
            grid_span = tcpr.find(_W + "gridSpan")
            if grid_span is not None:
                span = max(1, int(grid_span.get(_W + "val") or 1))
            merge = tcpr.find(_W + "vMerge")
            continued = merge is not None and (merge.get(_W + "val") or "continue") == "continue"
        row.append(("" if continued else _cell_markup(tc), continued))
        row.extend(("", continued) for _ in range(span - 1))
    return row


def _render(body: Any) -> tuple[str, list[_Placed]]:
    lines: list[str] = []
    placed: list[_Placed] = []
    offset, table_number = 0, 0
    for child in body:
        if child.tag == _W + "p":
            text = _paragraph_text(child)
            lines.append(text)
            offset += len(text) + 1
        elif child.tag == _W + "tbl":
            table_number += 1
            for row_number, tr in enumerate(child.findall(_W + "tr"), 1):
                cells = _grid_row(tr)
                pieces = []
                for column, (markup, _) in enumerate(cells):
                    placed.append(_Placed(offset, offset + len(markup), table_number, row_number, column))
                    pieces.append(markup)
                    offset += len(markup) + 1
                lines.append("\t".join(pieces))
            lines.append("")
            offset += 1
    return "\n".join(lines), placed


def _column_names(rendering: str, placed: list[_Placed]) -> dict[tuple[int, int], str]:
    """(table, column) -> the column's header text, cleaned: '5. Responsible Owner (...)' -> 'Responsible Owner'."""
    names: dict[tuple[int, int], str] = {}
    for cell in placed:
        if cell.row == 1:
            text = re.sub(r"<[^>]+>", " ", rendering[cell.start:cell.end])
            text = re.sub(r"\([^)]*\)", "", re.sub(r"^\s*\d+\.\s*", "", text))
            names[(cell.table, cell.column)] = " ".join(text.split()) or f"column {cell.column + 1}"
    return names


def _cells_for(doc: Document, placed: list[_Placed]) -> dict[tuple, Cell]:
    names = _column_names(doc.source.text, placed)
    starts = [c.start for c in placed]
    out: dict[tuple, Cell] = {}
    for path, node in doc.source.nodes.items():
        if not path or path == ("plan",) or path == ("recommendations",):
            continue
        index = bisect.bisect_right(starts, node.start) - 1
        if index < 0:
            continue
        cell = placed[index]
        if cell.start <= node.start <= cell.end:
            column = names.get((cell.table, cell.column), f"column {cell.column + 1}")
            out[path] = Cell(cell.table, cell.row, column)
    return out
