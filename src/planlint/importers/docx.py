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
from planlint.importers.plan_table import find_columns, is_header_row
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


def _unread(filename: str, message: str) -> Document:
    """A Word file planlint could not read, as one PL001 at its start."""
    return Document(filename, None, SourceMap(""), [LoadProblem("PL001", message, line=0, column=0)])


def read(raw: bytes, filename: str, max_size: int | None = DEFAULT_MAX_FILE_SIZE) -> Document:
    """`max_size` is --max-file-size (None: no limit); the expanded XML is bounded by XML_FACTOR times it."""
    problem = _check_package(raw, max_size)
    if problem:
        return _unread(filename, problem)
    try:
        import docx
    except ImportError:
        raise MissingDependency(NEEDS_DOCX) from None
    try:
        word = docx.Document(io.BytesIO(raw))
        rendering, cells, names = _render(word)
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged file
        return _unread(
            filename,
            f"not a readable Word document ({type(exc).__name__}: {exc}); open it in Word and save it again as .docx",
        )
    if max_size is not None and len(rendering) > max_size:
        return _unread(
            filename,
            f"not read: the Word document's text is {format_size(len(rendering))}, more than "
            f"--max-file-size ({format_size(max_size)}); a plan's is far smaller (raise --max-file-size to read it "
            "anyway)",
        )
    from planlint.importers.text import read_text

    doc = read_text(rendering, filename, reliable_rows=True)
    doc.cells = _cells_for(doc, cells, names)
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

    Deletions and moves' old places go, as does hidden text; a paragraph whose mark is deleted runs on into
    the next paragraph; a deleted row keeps its place (so rows are
    numbered as Word shows them) but says nothing. Of each mc:AlternateContent only the first choice stays
    (the Fallback repeats it for older readers). A content control still showing its placeholder says
    nothing; so does a drop-down list showing a text that is not one of its items with a value (its
    prompt, whatever it reads).
    """
    for element in list(root.iter(_W + "del", _W + "moveFrom")):
        parent = element.getparent()
        if parent is not None and parent.tag not in (_W + "rPr", _W + "trPr"):  # there only marks
            parent.remove(element)
    for paragraph in reversed(list(root.iter(_P))):
        # a deleted paragraph mark: accepted, the paragraph runs on into the next one
        mark = paragraph.find(f"{_W}pPr/{_W}rPr")
        following = paragraph.getnext()
        if mark is not None and mark.find(_W + "del") is not None and following is not None and following.tag == _P:
            for child in list(following):
                if child.tag != _W + "pPr":
                    paragraph.append(child)
            following.getparent().remove(following)
    for begin in list(root.iter(_W + "ffData")):
        _show_form_field(begin)
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


def _show_form_field(form: Any) -> None:
    """A legacy form field (Word 97-2003 forms) shows what its w:ffData says, not text of its own: a
    drop-down its chosen entry, a check box a ticked or empty box. Give the field that text to read."""
    choices, box = form.find(_W + "ddList"), form.find(_W + "checkBox")
    if choices is not None:
        entries = [e.get(_W + "val") or "" for e in choices.findall(_W + "listEntry")]
        chosen = choices.find(_W + "result")
        if chosen is None:
            chosen = choices.find(_W + "default")
        index = _int(chosen.get(_W + "val") if chosen is not None else None, 0)
        shown = entries[index] if 0 <= index < len(entries) else ""
    elif box is not None:
        ticked = box.find(_W + "checked")
        if ticked is None:
            ticked = box.find(_W + "default")
        shown = "☒" if _on(ticked) and ticked is not None else "☐"
    else:
        return  # a text field: its result is text in the paragraph
    run = form.getparent().getparent() if form.getparent() is not None else None
    if not shown or run is None or run.tag != _W + "r":
        return
    sibling = run.getnext()
    while sibling is not None:  # a field result already there (some writers put one) is what shows
        if sibling.find(_W + "t") is not None:
            return
        end = sibling.find(_W + "fldChar")
        if end is not None and end.get(_W + "fldCharType") == "end":
            break
        sibling = sibling.getnext()
    shown_run = run.makeelement(_W + "r", {})
    text = shown_run.makeelement(_W + "t", {})
    text.text = shown
    shown_run.append(text)
    run.addnext(shown_run)


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


def frame_cell(table: Any) -> Any | None:
    """The one cell of a table that only frames other tables (one row of one cell holding a table: a box
    drawn round the action table), else None. A frame is seen through: its tables are the document's."""
    table_rows = rows(table)
    if len(table_rows) != 1:
        return None
    cells = row_cells(table_rows[0])
    if len(cells) != 1 or next(_items(cells[0], (_TBL,)), None) is None:
        return None
    return cells[0]


def blocks(container: Any) -> Iterator[Any]:
    """Paragraphs and tables of a body, header or text box in reading order, text boxes' after their anchor,
    a frame's content in place of the frame."""
    for block in _items(container, (_P, _TBL)):
        frame = frame_cell(block) if block.tag == _TBL else None
        if frame is not None:
            yield from blocks(frame)
            continue
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


def _cell_units(container: Any, labels: dict[Any, str] | None = None) -> list[_Unit]:
    """`labels`: the number Word prints before each numbered paragraph (see _number_labels)."""
    units: list[_Unit] = []
    for block in _items(container, (_P, _TBL)):
        if block.tag == _TBL:
            for row in rows(block):
                texts = [" ".join(u.text for u in _cell_units(cell, labels)) for cell in row_cells(row)]
                joined = "; ".join(t for t in texts if t)
                if joined:
                    units.append(_Unit("row", joined))
            continue
        lines = _lines(block)
        if not lines and labels and labels.get(block):
            # a numbered paragraph with no text of its own shows its number alone: a Rec No cell
            # numbered by Word's list numbering ("1.", "2.", ...) reads as that number
            units.append(_Unit("p", labels[block]))
        elif _is_list(block):
            if lines:
                units.append(_Unit("li", " ".join(lines)))
        else:
            units.extend(_Unit("p", line) for line in lines)
        for box in _boxes(block):
            units.extend(_cell_units(box, labels))
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
    # a row that ends short of the table's grid (w:gridAfter, or fewer cells) has empty cells there: its
    # cells stay in their columns rather than being read as a row whose leading cells are missing
    table = next(tr.iterancestors(_TBL), None)
    columns = table.find(f"{_W}tblGrid") if table is not None else None
    width = min(len(columns.findall(_W + "gridCol")), 1000) if columns is not None else 0
    grid.extend((None, True) for _ in range(width - len(grid)))
    return grid


def _grid_row(tr: Any, labels: dict[Any, str] | None = None) -> list[str]:
    """The markup of each grid column of a row (a continued vertical merge, and a spanned column, empty)."""
    return _row_markup([[] if silent else _cell_units(tc, labels) for tc, silent in _grid(tr)])


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


_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _format_number(value: int, kind: str) -> str:
    if kind in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter.upper() if kind == "upperLetter" else letter
    if kind in ("lowerRoman", "upperRoman"):
        out, rest = "", max(0, min(value, 3999))
        for amount, numeral in _ROMAN:
            while rest >= amount:
                out, rest = out + numeral, rest - amount
        return out.upper() if kind == "upperRoman" else out
    if kind == "decimalZero":
        return f"{value:02d}"
    return str(value)  # decimal, and the rarer formats read as their number


def _list_label(text: str, counts: dict[int, int], formats: dict[int, tuple[int, str, str]]) -> str:
    """A level's w:lvlText ("%1.%2") with each %n the count of level n, as that level prints it."""
    out, rest = [], text
    while "%" in rest:
        before, _, rest = rest.partition("%")
        out.append(before)
        if rest[:1].isdigit() and rest[:1] != "0":
            shown, rest = int(rest[0]) - 1, rest[1:]
            if shown in formats:
                out.append(_format_number(counts.get(shown, formats[shown][0]), formats[shown][1]))
        else:
            out.append("%")
    out.append(rest)
    return "".join(out).strip()


def _number_labels(word: Any, body: Any) -> dict[Any, str]:
    """Each numbered paragraph -> the number Word prints before it ("1.", "2a)"); bullets have none.

    Counted in reading order per list (w:numId), each level restarting below the one counted, from
    the level's w:start (or the list's w:startOverride); the level's w:lvlText says how it is printed
    ("%1.%2"). A paragraph is numbered by its own w:numPr or by its style's (List Number)."""
    try:
        numbering = word.part.numbering_part.element
    except Exception:  # no numbering part: no numbered paragraphs
        return {}
    levels: dict[str, dict[int, tuple[int, str, str]]] = {}
    for abstract in numbering.findall(_W + "abstractNum"):
        found: dict[int, tuple[int, str, str]] = {}
        for level in abstract.findall(_W + "lvl"):
            start, kind, text = level.find(_W + "start"), level.find(_W + "numFmt"), level.find(_W + "lvlText")
            found[_int(level.get(_W + "ilvl"), 0)] = (
                _int(start.get(_W + "val") if start is not None else None, 1),
                (kind.get(_W + "val") or "decimal") if kind is not None else "decimal",
                (text.get(_W + "val") or "") if text is not None else "",
            )
        levels[abstract.get(_W + "abstractNumId") or ""] = found
    lists: dict[str, tuple[dict[int, tuple[int, str, str]], dict[int, int]]] = {}
    for num in numbering.findall(_W + "num"):
        abstract_id = num.find(_W + "abstractNumId")
        overrides = {
            _int(o.get(_W + "ilvl"), 0): _int(o.find(_W + "startOverride").get(_W + "val"), 1)
            for o in num.findall(_W + "lvlOverride")
            if o.find(_W + "startOverride") is not None
        }
        key = abstract_id.get(_W + "val") if abstract_id is not None else ""
        lists[num.get(_W + "numId") or ""] = (levels.get(key or "", {}), overrides)
    style_numbers: dict[str, tuple[str, int]] = {}
    for style in word.styles.element.findall(_W + "style"):
        properties = style.find(f"{_W}pPr/{_W}numPr")
        if properties is not None and properties.find(_W + "numId") is not None:
            level = properties.find(_W + "ilvl")
            style_numbers[style.get(_W + "styleId") or ""] = (
                properties.find(_W + "numId").get(_W + "val") or "",
                _int(level.get(_W + "val") if level is not None else None, 0),
            )
    counters: dict[str, dict[int, int]] = {}
    labels: dict[Any, str] = {}
    for paragraph in body.iter(_P):
        properties = paragraph.find(_W + "pPr")
        if properties is None:
            continue
        own, style = properties.find(_W + "numPr"), properties.find(_W + "pStyle")
        num_id, level = style_numbers.get(style.get(_W + "val") or "", ("", 0)) if style is not None else ("", 0)
        if own is not None:
            own_id, own_level = own.find(_W + "numId"), own.find(_W + "ilvl")
            num_id = own_id.get(_W + "val") or "" if own_id is not None else num_id
            level = _int(own_level.get(_W + "val"), 0) if own_level is not None else level
        if num_id not in lists:  # "0" (numbering switched off) or a list the part does not define
            continue
        formats, overrides = lists[num_id]
        if level not in formats:
            continue
        counts = counters.setdefault(num_id, {})
        start = overrides.get(level, formats[level][0])
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [n for n in counts if n > level]:
            del counts[deeper]
        if formats[level][1] in ("bullet", "none"):
            continue

        label = _list_label(formats[level][2], counts, formats)
        if label:
            labels[paragraph] = label
    return labels


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


def _render(word: Any) -> tuple[str, list[_Placed], dict[tuple[int, int], str]]:
    """The rendering, where each cell's markup lies in it, and each (table, grid column)'s name."""
    body = word.element.body
    _accept_changes(body)
    levels = _heading_levels(word)
    # header.py looks for a title among these when the body has no "ACTION PLAN:" line or Heading 1
    lines: list[str] = [f"{PAGE_HEADER} {line}" for line in _page_header_lines(word)]
    placed: list[_Placed] = []
    names: dict[tuple[int, int], str] = {}
    offset = sum(len(line) + 1 for line in lines)
    table_number = 0
    before_table = True  # headings are marked only above the action table, where the title is looked for
    labels = _number_labels(word, body)
    header = _Header()
    for block in blocks(body):
        if block.tag == _P:
            texts = _lines(block) or [""]
            level = _heading_level(block, levels) if before_table else 0
            if level and texts[0]:
                texts[0] = "#" * level + " " + texts[0]
            for text in texts:
                lines.append(text)
                offset += len(text) + 1
            header.paragraph(texts)
            continue
        table_number += 1
        grid_rows = [_grid_row(tr, labels) for tr in rows(block)]
        above = header.table([[_plain(c) for c in cells] for cells in grid_rows])
        if above:
            # the column names are paragraphs just above the table, one per column: the rendering reads
            # them as the table's header row (a tab for each line end, so no offset moves)
            lines[-above:] = ["\t".join(lines[-above:])]
            before_table = False
        for column, name in enumerate(header.names):
            names[(table_number, column)] = name
        for row_number, cells in enumerate(grid_rows, 1):
            if before_table and is_header_row([_plain(c) for c in cells]):
                before_table = False
            pieces = []
            for column, markup in enumerate(cells):
                placed.append(_Placed(offset, offset + len(markup), table_number, row_number, column))
                pieces.append(markup)
                offset += len(markup) + 1
            lines.append("\t".join(pieces))
        lines.append("")
        offset += 1
    return "\n".join(lines), placed, names


def _plain(markup: str) -> str:
    return unescape(re.sub(r"<[^<>]+>", " ", markup))


class _Header:
    """The column names that findings give each table's cells, followed through the document in order.

    A table whose first row is a header row names its columns; a table without one, just below as many
    paragraphs as it has columns that read as a header, is named by them; any other table (the action
    table carried on after a page or a note) keeps the names of the header before it, when as wide."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.recent: list[str] = []  # the paragraphs since the last table, one entry per line

    def paragraph(self, texts: list[str]) -> None:
        self.recent.extend(texts)

    def table(self, table_rows: list[list[str]]) -> int:
        """Take a table's rows (each grid column's text); the number of lines above it that are its header."""
        recent, self.recent = self.recent, []
        width = len(table_rows[0]) if table_rows else 0
        for row in table_rows:
            if find_columns(row) is not None:  # its header row (a title row may come before it)
                self.names = [_column_name(text) or f"column {n + 1}" for n, text in enumerate(row)]
                return 0
        above = recent[-width:] if width else []
        if len(above) == width and all(above) and find_columns(above) is not None:
            self.names = [_column_name(text) or f"column {n + 1}" for n, text in enumerate(above)]
            return width
        if len(self.names) != width:
            self.names = [f"column {n + 1}" for n in range(width)]
        return 0


def _column_name(header_text: str) -> str:
    """A header cell's text, cleaned: '5. Responsible Owner (including named individuals)' -> 'Responsible Owner'."""
    text = unescape(re.sub(r"<[^<>]+>", " ", header_text))
    text = re.sub(r"\([^()]*\)", "", re.sub(r"^\s*\d+\.\s*", "", text))
    return " ".join(text.split())


def column_names(body: Any) -> list[list[str]]:
    """Each table's grid column names as findings give them (see _Header), in a document's body as
    python-docx parsed it: the names a finding's Cell.column holds, for finding the cell it means."""
    header = _Header()
    out: list[list[str]] = []
    for block in blocks(body):
        if block.tag == _P:
            header.paragraph(_lines(block) or [""])
            continue
        header.table([[_plain(m) for m in _grid_row(tr)] for tr in rows(block)])
        out.append(list(header.names))
    return out


def find_cell(body: Any, cell: Cell) -> Any | None:
    """The w:tc that a finding's Cell names, in a document's body as python-docx parsed it (for writing a
    comment there): tables, rows and grid columns are counted, and columns named, as the reading does.
    None if gone."""
    found, names = tables(body), column_names(body)
    if not 1 <= cell.table <= len(found) or cell.column not in names[cell.table - 1]:
        return None
    table_rows = rows(found[cell.table - 1])
    if not 1 <= cell.row <= len(table_rows):
        return None
    target, column = _grid(table_rows[cell.row - 1]), names[cell.table - 1].index(cell.column)
    return target[column][0] if column < len(target) else None


def _cells_for(doc: Document, placed: list[_Placed], names: dict[tuple[int, int], str]) -> dict[tuple, Cell]:
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
