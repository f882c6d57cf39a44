"""`planlint annotate`: a copy of a Word draft with one review comment per finding.

This is what a reviewer does by hand: read the draft, and leave a comment on
each thing that must change, where it must change. It is a writer, like
importers/export.py: it takes the findings the engine stamped (each already
placed in "table 1, row 4, Responsible Owner" by the docx importer) and puts
each one back into the Word file as a comment by "planlint", anchored on the
offending words when they can be found in the cell, else on the whole cell
(an empty cell gets an empty anchor). A finding about the whole plan goes on
the first paragraph that has text (the title).

The draft itself is only read. Comments planlint wrote on an earlier run are
removed before the new ones are added, so annotating an annotated copy gives
the current findings once; everyone else's comments are kept.

python-docx (the `docx` extra, 1.2 or later for its comments API) is imported
only here and in the importer.
"""

from __future__ import annotations

import copy
import html
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planlint.errors import UserError
from planlint.findings import Cell, Finding
from planlint.lazy_pattern import LazyPattern

AUTHOR = "planlint"
INITIALS = "PL"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
NEEDS_COMMENTS = "annotating a Word draft needs python-docx 1.2 or later: pip install 'planlint[docx]'"


class AnnotateError(UserError):
    pass


def default_output(draft: str) -> str:
    """DRAFT.docx -> DRAFT.planlint.docx, beside the draft."""
    root, ext = os.path.splitext(draft)
    return f"{root}.planlint{ext or '.docx'}"


def comment_text(finding: Finding) -> str:
    return f"{finding.code} {finding.name}: {finding.message}"


@dataclass(frozen=True)
class Annotated:
    data: bytes
    added: int
    replaced: int  # planlint comments from an earlier run, removed


def annotate(raw: bytes, findings: Sequence[Finding], rendering: str = "") -> Annotated:
    """The draft's bytes with one planlint comment per finding (earlier planlint comments replaced).

    `rendering` is the text the importer read (the findings' spans are offsets into it): it gives
    the words a finding is about, to anchor the comment on them rather than on the whole cell.
    """
    try:
        import docx
        from docx.text.run import Run
    except ImportError:
        raise AnnotateError(NEEDS_COMMENTS) from None
    from planlint.importers.docx import _check_package  # the importer's guard: a zip, sane sizes, no DTD

    problem = _check_package(raw)
    if problem is not None:
        raise AnnotateError(problem)
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged file
        raise AnnotateError(
            f"not a Word document python-docx can open ({type(exc).__name__}: {exc}); open it in "
            "Word and save it again as .docx"
        ) from None
    if not hasattr(document, "add_comment"):
        raise AnnotateError(NEEDS_COMMENTS)
    replaced = _remove_planlint_comments(document)
    body = document.element.body
    tables = _Tables(body)
    starts = _line_starts(rendering)
    for finding in findings:
        runs = _anchor(body, tables, finding, *_words(rendering, starts, finding))
        # the runs are the body's, so the document is the parent whose part they belong to
        document.add_comment(
            [Run(r, document) for r in runs], text=comment_text(finding), author=AUTHOR, initials=INITIALS
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return Annotated(buffer.getvalue(), len(findings), replaced)


# ---------------------------------------------------------------- earlier comments


def _remove_planlint_comments(document: Any) -> int:
    """Remove the comments planlint wrote before, and their anchors; keep everyone else's."""
    part = document.part
    root = part._comments_part.element  # python-docx adds an empty comments part when there is none
    ids: set[str] = set()
    para_ids: set[str] = set()
    for comment in list(root.iterchildren(_W + "comment")):
        if comment.get(_W + "author") == AUTHOR:
            ids.add(comment.get(_W + "id"))
            para_ids.update(p.get(_W14 + "paraId") for p in comment.iter(_W + "p") if p.get(_W14 + "paraId"))
            root.remove(comment)
    if not ids:
        return 0
    _remove_from_companions(part, para_ids)
    for marker in list(part.element.iter(_W + "commentRangeStart", _W + "commentRangeEnd", _W + "commentReference")):
        if marker.get(_W + "id") not in ids:
            continue
        parent = marker.getparent()
        parent.remove(marker)
        if (
            marker.tag == _W + "commentReference"
            and parent.tag == _W + "r"
            and all(child.tag == _W + "rPr" for child in parent)
        ):
            parent.getparent().remove(parent)  # the run that only carried the reference mark
    return len(ids)


# Word keeps more about each comment in parts of its own, keyed by the comment's paragraph id
# (commentsExtended: resolved, replies; commentsIds: a durable id) and by that durable id
# (commentsExtensible). Entries for comments removed go with them; a reply to one becomes a comment.
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_COMPANIONS = (  # in this order: commentsIds gives the durable ids commentsExtensible is keyed by
    ("commentsExtended", "{http://schemas.microsoft.com/office/word/2012/wordml}"),
    ("commentsIds", "{http://schemas.microsoft.com/office/word/2016/wordml/cid}"),
    ("commentsExtensible", "{http://schemas.microsoft.com/office/word/2018/wordml/cex}"),
)


def _remove_from_companions(part: Any, para_ids: set[str]) -> None:
    from lxml import etree

    related = {rel.reltype.rsplit("/", 1)[-1]: rel.target_part for rel in part.rels.values() if not rel.is_external}
    durable: set[str] = set()
    for name, ns in _COMPANIONS:
        target = related.get(name)
        if target is None:
            continue
        element = getattr(target, "element", None)
        root = element if element is not None else etree.fromstring(target.blob)
        for entry in list(root):
            if entry.get(ns + "paraId") in para_ids or entry.get(ns + "durableId") in durable:
                if entry.get(ns + "durableId") is not None:
                    durable.add(entry.get(ns + "durableId"))
                root.remove(entry)
            elif entry.get(ns + "paraIdParent") in para_ids:
                del entry.attrib[ns + "paraIdParent"]  # a reply to a comment removed: a comment of its own
        if element is None:
            target._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------- finding the place


def _inside(element: Any, tags: tuple[str, ...], stop: Any) -> bool:
    node = element.getparent()
    while node is not None and node is not stop:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


def _tables(body: Any) -> list[Any]:
    """The document's tables in reading order, as the importer numbers them: not the ones nested in a
    cell (but those in a frame, instead of the frame), and a text box's table once (Word writes it again in the fallback for older readers)."""
    from planlint.importers.docx import frame_cell

    def framed(table: Any) -> bool:  # in no cell but those of frames (one-cell tables round other tables)
        for cell in (a for a in table.iterancestors(_W + "tc")):
            outer = _nearest_table(cell)
            if outer is None or frame_cell(outer) is None:
                return False
        return True

    return [
        t
        for t in body.iter(_W + "tbl")
        if not _inside(t, (_MC_FALLBACK,), body) and framed(t) and frame_cell(t) is None
    ]


def _rows(table: Any) -> list[Any]:
    """The table's rows, including rows wrapped in a content control, not a nested table's."""
    return [tr for tr in table.iter(_W + "tr") if _nearest_table(tr) is table]


def _nearest_table(element: Any) -> Any:
    node = element.getparent()
    while node is not None and node.tag != _W + "tbl":
        node = node.getparent()
    return node


def _grid(tr: Any) -> list[Any]:
    """The row's cell elements by grid column (a cell spanning two columns stands in both)."""
    out: list[Any] = []
    trpr = tr.find(_W + "trPr")
    before = trpr.find(_W + "gridBefore") if trpr is not None else None
    if before is not None:
        out.extend([None] * int(before.get(_W + "val") or 0))
    for tc in (c for c in tr.iter(_W + "tc") if _nearest_row(c) is tr):
        span = 1
        tcpr = tc.find(_W + "tcPr")
        grid_span = tcpr.find(_W + "gridSpan") if tcpr is not None else None
        if grid_span is not None:
            span = max(1, int(grid_span.get(_W + "val") or 1))
        out.extend([tc] * span)
    return out


def _nearest_row(element: Any) -> Any:
    node = element.getparent()
    while node is not None and node.tag != _W + "tr":
        node = node.getparent()
    return node


def _text(element: Any) -> str:
    parts = []
    for node in element.iter(_W + "t", _W + "tab", _W + "br", _W + "noBreakHyphen"):
        if _inside(node, (_W + "del", _W + "moveFrom"), element):
            continue
        parts.append(node.text or "" if node.tag == _W + "t" else "-" if node.tag == _W + "noBreakHyphen" else " ")
    return "".join(parts)


def _column_key(text: str) -> str:
    """A header as the importer names its column: '5. Responsible Owner (role)' -> 'responsible owner'."""
    text = re.sub(r"\([^()]*\)", "", re.sub(r"^\s*\d+[.)]?\s*", "", text))
    return " ".join(text.split()).casefold()


def _column(rows: list[Any], name: str) -> int | None:
    """The grid column whose header (in the table's first rows) reads `name`; 'column 3' -> 2."""
    match = re.fullmatch(r"column (\d+)", name)
    if match:
        return int(match.group(1)) - 1
    key = _column_key(name)
    for tr in rows[:3]:
        for index, tc in enumerate(_grid(tr)):
            if tc is not None and _column_key(_text(tc)) == key:
                return index
    for tr in rows[:3]:  # a header written differently from the importer's cleaning: the closest
        for index, tc in enumerate(_grid(tr)):
            if tc is not None and key and key in _column_key(_text(tc)):
                return index
    return None


class _Tables:
    """The document's tables, their rows and their columns by header, each worked out once."""

    def __init__(self, body: Any):
        self.tables = _tables(body)
        self._rows: dict[int, list[Any]] = {}
        self._columns: dict[tuple[int, str], int | None] = {}
        self._body = body
        self._names: list[list[str]] | None = None

    def names(self, table: int) -> list[str]:
        """The table's column names as the reading gives them (a table carried on without its header
        row takes the header's above it; column names written as paragraphs above the table count)."""
        if self._names is None:
            from planlint.importers.docx import column_names

            self._names = column_names(self._body)
        return self._names[table - 1] if table <= len(self._names) else []

    def rows(self, table: int) -> list[Any]:
        if table not in self._rows:
            self._rows[table] = _rows(self.tables[table - 1])
        return self._rows[table]

    def cell(self, cell: Cell) -> Any:
        """The cell element a finding's Cell names (the row, when its column cannot be found)."""
        if not 1 <= cell.table <= len(self.tables):
            return None
        rows = self.rows(cell.table)
        if not 1 <= cell.row <= len(rows):
            return None
        key = (cell.table, cell.column)
        if key not in self._columns:
            names = self.names(cell.table)
            found = _column(rows, cell.column)
            self._columns[key] = names.index(cell.column) if found is None and cell.column in names else found
        column = self._columns[key]
        grid = _grid(rows[cell.row - 1])
        if column is not None and column < len(grid) and grid[column] is not None:
            return grid[column]
        return rows[cell.row - 1]


_MARKUP = LazyPattern(r"<[^<>]+>")  # Word escapes "<" in text; a bare "<" is no tag (and no rescan)


def _line_starts(rendering: str) -> list[int]:
    """Where each line of the rendering begins (its lines end at '\\n' only)."""
    return [0, *(match.end() for match in re.finditer("\n", rendering))]


def _words(rendering: str, starts: list[int], finding: Finding) -> tuple[str, int]:
    """The words of the rendering the finding's span (1-based lines and columns) covers, as plain text,
    and how many times they occur earlier in the same cell (the rendering's cells are tab-separated),
    so that the comment goes on the right one of two."""
    if not rendering:
        return "", 0
    span = finding.span

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1 if 1 <= line <= len(starts) else len(rendering)

    start, end = offset(span.line, span.column), offset(span.end_line, span.end_column)
    if end <= start:
        return "", 0
    words = _plain(rendering[start:end])
    line_start = starts[span.line - 1] if 1 <= span.line <= len(starts) else 0
    cell_start = rendering.rfind("\t", line_start, start) + 1 or line_start
    earlier = len(_pattern(words).findall(_plain(rendering[cell_start:start]))) if words else 0
    return words, earlier


def _plain(markup: str) -> str:
    return " ".join(html.unescape(_MARKUP.sub(" ", markup)).split())


def _pattern(words: str) -> re.Pattern[str]:
    """`words`, allowing any run of white space to stand for a space."""
    return re.compile(r"\s+".join(re.escape(part) for part in words.split()), re.IGNORECASE)


def _text_runs(container: Any) -> list[Any]:
    """Runs holding text, in order, leaving out deleted and moved-away text and comment marks."""
    return [
        r
        for r in container.iter(_W + "r")
        if not _inside(r, (_W + "del", _W + "moveFrom", _MC_FALLBACK), container)
        and r.find(_W + "commentReference") is None
        and _text(r)
    ]


def _anchor(body: Any, tables: _Tables, finding: Finding, words: str, earlier: int) -> list[Any]:
    """The first and last run a finding's comment covers."""
    place = tables.cell(finding.cell) if finding.cell is not None else None
    if place is None:
        place = _paragraph_with(body, words) if words else None
    if place is None:
        return _first_paragraph_runs(body)
    runs = _runs_for(place, words, earlier) if words else []
    if runs:
        return runs
    runs = _text_runs(place)
    if runs:
        return [runs[0], runs[-1]]
    return [_empty_run(place)]


def _paragraph_with(body: Any, words: str) -> Any:
    key = " ".join(words.split()).casefold()
    for p in body.iter(_W + "p"):
        if key and key in " ".join(_text(p).split()).casefold():
            return p
    return None


def _first_paragraph_runs(body: Any) -> list[Any]:
    """A whole-plan finding: on the first paragraph with text (the title), else on the first paragraph."""
    for p in body.iter(_W + "p"):
        runs = _text_runs(p)
        if runs:
            return [runs[0], runs[-1]]
    first = next(body.iter(_W + "p"), None)
    if first is None:
        first = body.makeelement(_W + "p", {})
        body.insert(0, first)
    return [_empty_run(first)]


def _empty_run(place: Any) -> Any:
    """An empty run to anchor a comment on an empty cell (or paragraph): the cell to fill."""
    paragraph = place if place.tag == _W + "p" else next(place.iter(_W + "p"), None)
    if paragraph is None:
        paragraph = place.makeelement(_W + "p", {})
        place.append(paragraph)
    run = paragraph.makeelement(_W + "r", {})
    paragraph.append(run)
    return run


def _runs_for(place: Any, words: str, earlier: int = 0) -> list[Any]:
    """The runs covering `words` in the cell (the one after `earlier` others), split at its ends so that
    the comment covers just those words."""
    pattern = _pattern(words)
    found = []
    for p in place.iter(_W + "p"):
        runs = _text_runs(p)
        texts = [_text(r) for r in runs]
        found += [(runs, texts, match.start(), match.end()) for match in pattern.finditer("".join(texts))]
    if not found:
        return []
    runs, texts, start, end = found[earlier] if earlier < len(found) else found[0]
    run_starts = [sum(len(t) for t in texts[:i]) for i in range(len(texts))]
    covered = [
        i for i, (at, text) in enumerate(zip(run_starts, texts, strict=False)) if at < end and at + len(text) > start
    ]
    first, last = covered[0], covered[-1]
    head = _split(runs[first], start - run_starts[first], keep="right")
    if first == last:
        head = tail = _split(head, end - start, keep="left")
    else:
        tail = _split(runs[last], end - run_starts[last], keep="left")
    return [head, tail]


def _split(run: Any, at: int, keep: str) -> Any:
    """Split a plain run (one w:t) at character `at`; the part to the `keep` side is returned.

    A run holding anything else (tabs, fields, pictures) is not split: the comment covers it whole.
    """
    texts = run.findall(_W + "t")
    others = [c for c in run if c.tag not in (_W + "rPr", _W + "t")]
    if len(texts) != 1 or others:
        return run
    value = texts[0].text or ""
    if at <= 0 or at >= len(value):
        return run
    left = copy.deepcopy(run)
    left.find(_W + "t").text = value[:at]
    run.find(_W + "t").text = value[at:]
    for part in (left.find(_W + "t"), run.find(_W + "t")):
        if part.text != part.text.strip():
            part.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.addprevious(left)
    return run if keep == "right" else left


def count_comments(raw: bytes, author: str | None = AUTHOR) -> int:
    """How many comments a .docx holds (by `author`, or by anyone for None)."""
    import docx

    document = docx.Document(io.BytesIO(raw))
    return sum(1 for c in document.comments if author is None or c.author == author)
