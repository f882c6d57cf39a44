"""Word (.docx) on the official template to the plan format.

The document is rendered to text the way the published seeds look (one line
per paragraph, a table row per line with tab-separated cells, a cell's several
paragraphs as `<p>` and its list paragraphs as `<li>`), and that rendering is
read by the text importer with `reliable_rows`: in Word a row is a row, however
the pages break. Merged cells keep the table's grid (a vertically merged cell
is empty below its first row); header rows repeated on each page are skipped.
`Document.cells` maps every value to its table, row and column header, and
the SourceMap is over the rendering.

The document is read as Word prints it with every tracked change accepted:
insertions and moves' new places kept, deletions, moves' old places and
hidden text dropped. Content controls (block, row, cell and inline) are seen through; one
still showing its placeholder ("Choose an item.", "Click or tap here to enter
text.") is empty. Of the alternatives a text box is saved as (`mc:Choice` and
`mc:Fallback`) the first is read, once, and a text box's paragraphs follow the
paragraph it is anchored in. A table nested in a cell is that cell's text, a
list item per row; a numbered list beside as many owner (or date) paragraphs
is as many paragraphs, to pair with them; a line break starts a paragraph.
Non-breaking hyphens are hyphens, soft hyphens vanish, tabs are spaces, and
symbols are read as the characters they show. The page header's lines come first (a title may be printed
only there), and headings before the action table are marked as Markdown marks
them ("# " for a Heading 1 or Title), which the header reader understands.

python-docx is an optional extra and is imported only here. The file is
checked before python-docx sees it: a zip, bounded expanded sizes, and no DTD
(so no entity expansion).
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape, unescape
from typing import Any

from planlint.document import Document, LoadProblem, SourceMap
from planlint.errors import UserError
from planlint.findings import Cell
from planlint.importers.header import PAGE_HEADER
from planlint.importers.plan_table import is_header_row
from planlint.reader import DEFAULT_MAX_FILE_SIZE, format_size

# A .docx is a zip of XML; its text is a small part of the XML that carries it, and the XML compresses
# some 5-20 times. Expanded XML beyond XML_FACTOR times --max-file-size is refused before it is parsed
# (python-docx and the rendering cost time and memory per MB of XML: bench/NOTES.md), as is any part compressed more
# than MAX_RATIO times (a zip bomb), and every part together beyond MAX_UNCOMPRESSED or the XML bound. The
# text read out is then held to --max-file-size itself, so the rules never see more than from a .txt.
XML_FACTOR = 10
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
NEEDS_DOCX = "reading .docx needs python-docx: pip install 'planlint[docx]'"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_P, _TBL, _TR, _TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
# Elements whose content is read as if they were not there: content controls, custom XML, tracked
# insertions and moves' new places, the alternative kept of a text box's alternatives.
_SEE_THROUGH = frozenset(
    {
        _W + "sdt",
        _W + "sdtContent",
        _W + "customXml",
        _W + "smartTag",
        _W + "ins",
        _W + "moveTo",
        _MC + "AlternateContent",
        _MC + "Choice",
        _MC + "Fallback",
    }
)
# The elements that print in a paragraph (w:t text; deleted text and field codes are other elements).
_INLINE = (_W + "t", _W + "tab", _W + "ptab", _W + "br", _W + "cr", _W + "noBreakHyphen", _W + "sym")
# A non-breaking hyphen is a hyphen; a soft hyphen and zero-width marks only show where a line wraps.
_CHARACTERS = str.maketrans({"\u2011": "-", "\u00ad": None, "\u200b": None, "\ufeff": None})
# w:sym characters of the symbol fonts that have a plain reading; others (pictures) are dropped.
_SYMBOLS = {
    "symbol": {
        0xB7: "•",
        0x2D: "−",
        0xB0: "°",
        0xB4: "×",
        0xB1: "±",
        0xAE: "→",
        0xDE: "⇒",
        0xA3: "≤",
        0xB3: "≥",
        0xB9: "≠",
        0xBE: "—",
        0xE3: "©",
        0xE2: "®",
    },
    "wingdings": {
        0xFC: "✓",
        0xFE: "☑",
        0xFB: "✗",
        0xFD: "☒",
        0x6C: "•",
        0x9F: "•",
        0xA7: "▪",
        0xA8: "☐",
        0x6F: "☐",
        0xE0: "→",
        0xE8: "→",
        0xD8: "➢",
    },
}


class MissingDependency(UserError):
    pass


def read(raw: bytes, filename: str, max_size: int | None = DEFAULT_MAX_FILE_SIZE) -> Document:
    """`max_size` is --max-file-size (None: no limit); the expanded XML is bounded by XML_FACTOR times it."""
    problem = _check_package(raw, max_size)
    if problem:
        return Document(filename, None, SourceMap(""), [LoadProblem("PL001", problem, line=0, column=0)])
    try:
        import docx
    except ImportError:
        raise MissingDependency(NEEDS_DOCX) from None
    try:
        word = docx.Document(io.BytesIO(raw))
        rendering, cells = _render(word)
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged file
        return Document(
            filename,
            None,
            SourceMap(""),
            [
                LoadProblem(
                    "PL001",
                    f"not a readable Word document ({type(exc).__name__}: {exc}); open it in Word and save it "
                    "again as .docx",
                    line=0,
                    column=0,
                )
            ],
        )
    if max_size is not None and len(rendering) > max_size:
        return Document(
            filename,
            None,
            SourceMap(""),
            [
                LoadProblem(
                    "PL001",
                    f"not read: the Word document's text is {format_size(len(rendering))}, more than "
                    f"--max-file-size ({format_size(max_size)}); a plan's is far smaller (raise --max-file-size to read it "
                    "anyway)",
                    line=0,
                    column=0,
                )
            ],
        )
    from planlint.importers.text import read_text

    doc = read_text(rendering, filename, reliable_rows=True)
    doc.cells = _cells_for(doc, cells)
    return doc


def _check_package(raw: bytes, max_size: int | None = DEFAULT_MAX_FILE_SIZE) -> str | None:
    if not raw.startswith(b"PK"):
        return "not a Word document: a .docx file is a zip archive (was it saved as .doc, or renamed?)"
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return f"not a Word document: the zip archive is damaged ({exc})"
    # zipfile never expands a part beyond its declared size (it stops there and the CRC check fails), so
    # the declared sizes bound what python-docx will read.
    xml_limit = None if max_size is None else XML_FACTOR * max_size
    xml_total = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels")))
    if max_size is not None and xml_limit is not None and xml_total > xml_limit:
        return (
            f"not read: the Word document's XML expands to {format_size(xml_total)}, more than {XML_FACTOR} "
            f"times --max-file-size ({format_size(max_size)}); a plan's is far smaller (is it padded, or a "
            "zip bomb?), but raise --max-file-size to read it anyway"
        )
    total = sum(m.file_size for m in members)
    total_limit = None if xml_limit is None else max(MAX_UNCOMPRESSED, xml_limit)
    if total_limit is not None and total > total_limit:
        return (
            f"not read: the Word document expands to {format_size(total)}, more than the "
            f"{format_size(total_limit)} planlint reads; it is not a plan (or raise --max-file-size)"
        )
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


# ---------------------------------------------------------------- the document as Word shows it


def _on(element: Any) -> bool:
    """A w:ST_OnOff element: present and not switched off."""
    return element is not None and (element.get(_W + "val") or "true") not in ("0", "false", "off")


def _accept_changes(root: Any) -> None:
    """Change the parsed tree (ours alone) into what it reads, as printed, with every tracked change accepted.

    Deletions and moves' old places go, as does hidden text; a deleted row keeps its place (so rows are
    numbered as Word shows them) but says nothing. Of each mc:AlternateContent only the first choice stays
    (the Fallback repeats it for older readers). A content control still showing its placeholder says
    nothing; so does a drop-down list showing a text that is not one of its items with a value (its
    prompt, whatever it reads).
    """
    for element in list(root.iter(_W + "del", _W + "moveFrom")):
        parent = element.getparent()
        if parent is not None and parent.tag not in (_W + "rPr", _W + "trPr"):  # there only marks
            parent.remove(element)
    for alternatives in list(root.iter(_MC + "AlternateContent")):
        kept = alternatives.find(_MC + "Choice")
        if kept is None:
            kept = alternatives.find(_MC + "Fallback")
        for child in list(alternatives):
            if child is not kept:
                alternatives.remove(child)
    for hidden in list(root.iter(_W + "vanish")):
        run = hidden.getparent().getparent() if hidden.getparent() is not None else None
        if run is not None and run.tag == _W + "r" and _on(hidden):
            _silence(run)  # hidden text: Word neither shows nor prints it
    for row in root.iter(_TR):
        properties = row.find(_W + "trPr")
        if properties is not None and (
            properties.find(_W + "del") is not None or properties.find(_W + "moveFrom") is not None
        ):
            _silence(row)
    for control in root.iter(_W + "sdt"):
        properties = control.find(_W + "sdtPr")
        content = control.find(_W + "sdtContent")
        if properties is None or content is None:
            continue
        if _on(properties.find(_W + "showingPlcHdr")):
            _silence(content)
            continue
        choices = properties.find(_W + "dropDownList")
        if choices is not None:
            # an item with no value is the prompt Word puts first ("Choose an item.")
            items = {
                value
                for item in choices.iter(_W + "listItem")
                if item.get(_W + "value")
                for value in (item.get(_W + "displayText"), item.get(_W + "value"))
                if value
            }
            shown = " ".join("".join(t.text or "" for t in content.iter(_W + "t")).split())
            if items and shown and shown not in items:
                _silence(content)


def _silence(element: Any) -> None:
    for text in element.iter(_W + "t"):
        text.text = ""


# ---------------------------------------------------------------- walking the tree


def _items(parent: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """The children of `parent` with one of `tags`, seeing through content controls and the like."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in _SEE_THROUGH:
            yield from _items(child, tags)


def _boxes(paragraph: Any) -> list[Any]:
    """The text boxes anchored in `paragraph` (not those inside its text boxes)."""
    return [box for box in paragraph.iter(_W + "txbxContent") if next(box.iterancestors(_P), None) is paragraph]


def blocks(container: Any) -> Iterator[Any]:
    """Paragraphs and tables of a body, header or text box in reading order, text boxes' after their anchor."""
    for block in _items(container, (_P, _TBL)):
        yield block
        if block.tag == _P:
            for box in _boxes(block):
                yield from blocks(box)


def tables(body: Any) -> list[Any]:
    """The document's tables as numbered in findings ("table 2"): a nested table is part of its cell."""
    return [block for block in blocks(body) if block.tag == _TBL]


def rows(table: Any) -> list[Any]:
    """A table's rows as numbered in findings (from 1), through row-level content controls."""
    return list(_items(table, (_TR,)))


def row_cells(row: Any) -> list[Any]:
    """A row's w:tc cells, through cell-level content controls (a cell may span several grid columns)."""
    return list(_items(row, (_TC,)))


def _symbol(sym: Any) -> str:
    try:
        code = int(sym.get(_W + "char") or "", 16)
    except ValueError:
        return ""
    code = code - 0xF000 if code >= 0xF000 else code
    font = (sym.get(_W + "font") or "").lower()
    if font.startswith("symbol") and code not in _SYMBOLS["symbol"]:
        # Symbol keeps digits and most punctuation where ASCII has them; its letters are Greek (dropped)
        return chr(code) if 0x20 <= code < 0x40 and chr(code) not in "\"$'*" else ""
    for name, table in _SYMBOLS.items():
        if font.startswith(name):
            return table.get(code, "")
    return "" if font.startswith(("webdings", "wingdings", "marlett")) or code < 0x20 else chr(code)


def _lines(paragraph: Any) -> list[str]:
    """A paragraph's text, one entry per line (a line break, w:br, starts a new one); empty ones dropped.

    The tree has its changes accepted, so every text element left is shown, but for those of the paragraph's
    text boxes (read after it) and the tab stops among its properties."""
    boxed = next(paragraph.iter(_W + "txbxContent"), None) is not None
    out: list[str] = []
    for node in paragraph.iter(*_INLINE):
        if boxed and _in_box(node, paragraph):
            continue  # read with its box, after the paragraph
        tag = node.tag
        if tag == _W + "t":
            text = node.text or ""
            out.append(text if text.isascii() else text.translate(_CHARACTERS))
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _W + "sym":
            out.append(_symbol(node))
        elif node.getparent().tag != _W + "tabs":  # a tab, not a tab stop
            out.append(" ")
    return [line for line in (" ".join(piece.split()) for piece in "".join(out).split("\n")) if line]


def _in_box(node: Any, paragraph: Any) -> bool:
    for ancestor in node.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag == _W + "txbxContent":
            return True
    return False


def _is_list(p: Any) -> bool:
    ppr = p.find(_W + "pPr")
    if ppr is None:
        return False
    if ppr.find(_W + "numPr") is not None:
        return True
    style = ppr.find(_W + "pStyle")
    return style is not None and (style.get(_W + "val") or "").lower().startswith("list")


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True, slots=True)
class _Placed:
    start: int
    end: int
    table: int
    row: int
    column: int


@dataclass(frozen=True, slots=True)
class _Unit:
    """A paragraph of a cell as the rendering writes it: kind "p" (a paragraph or one of its lines),
    "li" (a list item) or "row" (a row of a table nested in the cell)."""

    kind: str
    text: str


def _cell_units(container: Any) -> list[_Unit]:
    units: list[_Unit] = []
    for block in _items(container, (_P, _TBL)):
        if block.tag == _TBL:
            for row in rows(block):
                texts = [" ".join(u.text for u in _cell_units(cell)) for cell in row_cells(row)]
                joined = "; ".join(t for t in texts if t)
                if joined:
                    units.append(_Unit("row", joined))
            continue
        lines = _lines(block)
        if _is_list(block):
            if lines:
                units.append(_Unit("li", " ".join(lines)))
        else:
            units.extend(_Unit("p", line) for line in lines)
        for box in _boxes(block):
            units.extend(_cell_units(box))
    return units


def _cell_markup(units: list[_Unit], items_as_paragraphs: bool = False) -> str:
    """One cell's units as the seeds' cell markup: plain text, or `<p>` paragraphs and `<ul><li>` lists.

    A list's items are a list of the paragraph before it (the importer keeps them together); with
    `items_as_paragraphs` they are paragraphs of their own, so each can pair with an owner and a date."""
    if len(units) == 1 and units[0].kind == "p":
        return escape(units[0].text, quote=False)
    out, in_list = [], False
    for unit in units:
        if unit.kind == "p" or (unit.kind == "li" and items_as_paragraphs):
            if in_list:
                out.append("</ul>")
                in_list = False
            out.append(f"<p>{escape(unit.text, quote=False)}</p>")
        else:
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{escape(unit.text, quote=False)}</li>")
    if in_list:
        out.append("</ul>")
    return " ".join(out)


def _row_markup(cells: list[list[_Unit]]) -> list[str]:
    """Each cell's markup. A cell that is a list of N (two or more) items, in a row where another cell
    has N paragraphs, is N paragraphs: a numbered list of actions beside one owner and one date for each.
    A lead-in before the list ("The region will:") opens the first of them, so nothing is lost or repeated."""
    counts = [len(units) for units in cells]
    out = []
    for index, units in enumerate(cells):
        lead_in = len(units) > 2 and units[0].kind == "p" and units[0].text.endswith(":")
        items = units[1:] if lead_in else units
        paired = (
            len(items) >= 2
            and all(u.kind == "li" for u in items)
            and any(count == len(items) for other, count in enumerate(counts) if other != index)
        )
        if paired and lead_in:
            items = [_Unit("li", f"{units[0].text} {items[0].text}"), *items[1:]]
        out.append(_cell_markup(items if paired else units, items_as_paragraphs=paired))
    return out


def _grid(tr: Any) -> list[tuple[Any, bool]]:
    """(w:tc or None, whether it is a continued vertical merge or a spanned column) for each grid column."""
    grid: list[tuple[Any, bool]] = []
    trpr = tr.find(_W + "trPr")
    if trpr is not None and trpr.find(_W + "gridBefore") is not None:
        grid.extend((None, True) for _ in range(_int(trpr.find(_W + "gridBefore").get(_W + "val"), 0)))
    for tc in row_cells(tr):
        tcpr = tc.find(_W + "tcPr")
        span, continued = 1, False
        if tcpr is not None:
            grid_span = tcpr.find(_W + "gridSpan")
            if grid_span is not None:
                span = max(1, _int(grid_span.get(_W + "val"), 1))
            merge = tcpr.find(_W + "vMerge")
            continued = merge is not None and (merge.get(_W + "val") or "continue") == "continue"
        grid.append((tc, continued))
        grid.extend((tc, True) for _ in range(span - 1))
    return grid


def _grid_row(tr: Any) -> list[str]:
    """The markup of each grid column of a row (a continued vertical merge, and a spanned column, empty)."""
    return _row_markup([[] if silent else _cell_units(tc) for tc, silent in _grid(tr)])


def _int(value: str | None, default: int) -> int:
    try:
        return min(int(value or default), 1000)  # a grid is some tens of columns wide
    except ValueError:
        return default


def _heading_levels(word: Any) -> dict[str, int]:
    """Paragraph style id -> heading level (1 for "heading 1" or "Title", through the styles they are based on)."""
    styles: dict[str, tuple[str, str | None, int | None]] = {}
    for style in word.styles.element.findall(_W + "style"):
        if style.get(_W + "type") not in (None, "paragraph"):
            continue
        name = style.find(_W + "name")
        based = style.find(_W + "basedOn")
        outline = style.find(f"{_W}pPr/{_W}outlineLvl")
        styles[style.get(_W + "styleId") or ""] = (
            (name.get(_W + "val") or "") if name is not None else "",
            based.get(_W + "val") if based is not None else None,
            _int(outline.get(_W + "val"), 9) if outline is not None else None,
        )

    def level(style_id: str, depth: int = 0) -> int:
        if style_id not in styles or depth > 20:
            return 0
        name, based, outline = styles[style_id]
        if name.strip().lower() == "title":
            return 1
        match = re.fullmatch(r"heading\s*([1-9])", name.strip(), re.IGNORECASE)
        if match:
            return int(match.group(1))
        if outline is not None:
            return outline + 1 if outline < 9 else 0
        return level(based, depth + 1) if based else 0

    return {style_id: level(style_id) for style_id in styles if level(style_id)}


def _heading_level(p: Any, levels: dict[str, int]) -> int:
    ppr = p.find(_W + "pPr")
    if ppr is None:
        return 0
    outline = ppr.find(_W + "outlineLvl")
    if outline is not None:
        value = _int(outline.get(_W + "val"), 9)
        return value + 1 if value < 9 else 0
    style = ppr.find(_W + "pStyle")
    return levels.get(style.get(_W + "val") or "", 0) if style is not None else 0


def _page_header_lines(word: Any) -> list[str]:
    """The lines of the page headers, each header part once, in the order the sections name them."""
    seen: set[int] = set()
    lines: list[str] = []
    known: set[str] = set()

    def add(line: str) -> None:
        if line not in known:
            known.add(line)
            lines.append(line)

    for section in word.element.body.iter(_W + "sectPr"):
        # the first page's header is shown only when the section asks for one (w:titlePg)
        order = ("first", "default", "even") if _on(section.find(_W + "titlePg")) else ("default", "even")
        references = sorted(
            (r for r in section.findall(_W + "headerReference") if (r.get(_W + "type") or "default") in order),
            key=lambda r: order.index(r.get(_W + "type") or "default"),
        )
        for reference in references:
            part = word.part.related_parts.get(reference.get(_R + "id"))
            if part is None or id(part) in seen or not hasattr(part, "element"):
                continue
            seen.add(id(part))
            _accept_changes(part.element)
            for block in blocks(part.element):
                if block.tag == _P:
                    for line in _lines(block):
                        add(line)
                else:  # a layout table (a logo beside the title): each cell's lines
                    for row in rows(block):
                        for cell in row_cells(row):
                            for unit in _cell_units(cell):
                                add(unit.text)
    return lines


def _render(word: Any) -> tuple[str, list[_Placed]]:
    body = word.element.body
    _accept_changes(body)
    levels = _heading_levels(word)
    # header.py looks for a title among these when the body has no "ACTION PLAN:" line or Heading 1
    lines: list[str] = [f"{PAGE_HEADER} {line}" for line in _page_header_lines(word)]
    placed: list[_Placed] = []
    offset = sum(len(line) + 1 for line in lines)
    table_number = 0
    before_table = True  # headings are marked only above the action table, where the title is looked for
    for block in blocks(body):
        if block.tag == _P:
            texts = _lines(block) or [""]
            level = _heading_level(block, levels) if before_table else 0
            if level and texts[0]:
                texts[0] = "#" * level + " " + texts[0]
            for text in texts:
                lines.append(text)
                offset += len(text) + 1
            continue
        table_number += 1
        for row_number, tr in enumerate(rows(block), 1):
            cells = _grid_row(tr)
            if before_table and is_header_row([re.sub(r"<[^<>]+>", " ", c) for c in cells]):
                before_table = False
            pieces = []
            for column, markup in enumerate(cells):
                placed.append(_Placed(offset, offset + len(markup), table_number, row_number, column))
                pieces.append(markup)
                offset += len(markup) + 1
            lines.append("\t".join(pieces))
        lines.append("")
        offset += 1
    return "\n".join(lines), placed


def _column_name(header_text: str) -> str:
    """A header cell's text, cleaned: '5. Responsible Owner (including named individuals)' -> 'Responsible Owner'."""
    text = unescape(re.sub(r"<[^<>]+>", " ", header_text))
    text = re.sub(r"\([^()]*\)", "", re.sub(r"^\s*\d+\.\s*", "", text))
    return " ".join(text.split())


def _column_names(rendering: str, placed: list[_Placed]) -> dict[tuple[int, int], str]:
    """(table, column) -> the column's name from its header cell (or 'column N')."""
    names: dict[tuple[int, int], str] = {}
    for cell in placed:
        if cell.row == 1:
            names[(cell.table, cell.column)] = (
                _column_name(rendering[cell.start : cell.end]) or f"column {cell.column + 1}"
            )
    return names


def find_cell(body: Any, cell: Cell) -> Any | None:
    """The w:tc that a finding's Cell names, in a document's body as python-docx parsed it (for writing a
    comment there): tables, rows and grid columns are counted as the reading counts them. None if gone."""
    found = tables(body)
    if not 1 <= cell.table <= len(found):
        return None
    table_rows = rows(found[cell.table - 1])
    if not 1 <= cell.row <= len(table_rows):
        return None
    header, target = _grid(table_rows[0]), _grid(table_rows[cell.row - 1])
    for column, (tc, spanned) in enumerate(header):
        name = _column_name(" ".join(u.text for u in _cell_units(tc))) if tc is not None and not spanned else ""
        if (name or f"column {column + 1}") == cell.column:
            return target[column][0] if column < len(target) else None
    return None


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
