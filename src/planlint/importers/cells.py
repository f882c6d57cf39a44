"""One table cell's raw text (HTML fragments, Markdown inline marks) to plain paragraphs.

Published plans reach us as text extracted from PDFs and Word, with the
cell's structure left as HTML: `<p>` paragraphs, `<ul><li>` lists, inline
`<b>`, `<i>`, `<sup>`, `<a href>` and entities. A paragraph is the unit the
importer pairs with owners and dates, so a list never stands on its own: it
belongs to the paragraph that introduces it ("... by:" followed by bullets).
Each paragraph keeps the offsets of its raw text, so findings can point at it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from planlint.lazy_pattern import LazyPattern

_TAG = LazyPattern(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
_BLOCK = frozenset({"p", "div", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})
_LIST = frozenset({"ul", "ol"})
# Emphasis and link text never hold their own delimiter: with `.+?` (or `[^)]*`) an
# opening mark with no valid closing one ("_a " or "[a](" repeated) scanned on to the
# end of the cell from every mark, quadratic (bench/NOTES.md). Stopping at the
# next delimiter keeps every pattern linear; "_a_b_" is then left as written.
_MD_INLINE = (
    (LazyPattern(r"\*\*(.+?)\*\*"), r"\1"),
    (LazyPattern(r"(?<!\w)__([^_\n]+?)__(?!\w)"), r"\1"),
    (LazyPattern(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])"), r"\1"),
    (LazyPattern(r"(?<!\w)_(?!\s)([^_\n]+?)(?<!\s)_(?!\w)"), r"\1"),
    (LazyPattern(r"`([^`]+)`"), r"\1"),
    (LazyPattern(r"!?\[([^\[\]]*)\]\([^()]*\)"), r"\1"),
    (LazyPattern(r"\\([\\`*_{}\[\]()#+\-.!|<>])"), r"\1"),
)


@dataclass(slots=True)
class Para:
    """A paragraph of a cell: its plain text and where its raw text lies (absolute offsets)."""

    text: str
    start: int
    end: int
    list_only: bool = False  # a list with no paragraph of its own before it (a list continued from a page before)
    explicit: bool = False  # delimited by <p> in the source, so its end is known


@dataclass(slots=True)
class _Block:
    kind: str  # "p" or "list"
    start: int
    end: int
    pieces: list[str]
    items: list[list[str]]
    explicit: bool = False


def _plain(pieces: list[str], markdown: bool) -> str:
    text = "".join(pieces)
    if markdown:
        for pattern, replacement in _MD_INLINE:
            text = pattern.sub(replacement, text)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def parse_cell(raw: str, base: int = 0, markdown: bool = False) -> list[Para]:
    """The paragraphs of one cell. `base` is the offset of `raw` in the source."""
    if "<" not in raw and "&" not in raw and not markdown:  # plain text: one paragraph (most cells)
        text = " ".join(raw.split())
        if not text:
            return []
        return [Para(text, base + len(raw) - len(raw.lstrip()), base + len(raw.rstrip()))]
    blocks: list[_Block] = []
    current: _Block | None = None
    opened_by_tag = False

    def close() -> None:
        nonlocal current
        if current is not None:
            blocks.append(current)
            current = None

    def text_run(segment: str, start: int, end: int) -> None:
        nonlocal current
        end = start + len(segment.rstrip())
        if current is None:
            if not segment.strip():
                return
            start += len(segment) - len(segment.lstrip())
            current = _Block("p", start, end, [], [], opened_by_tag)
        if current.kind == "list":
            if current.items:
                current.items[-1].append(segment)
            else:
                current.pieces.append(segment)
        else:
            current.pieces.append(segment)
        if segment.strip():
            current.end = end

    position = 0
    for match in _TAG.finditer(raw):
        if match.start() > position:
            text_run(raw[position : match.start()], base + position, base + match.start())
        position = match.end()
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name in _BLOCK or name == "br":
            close()
            opened_by_tag = name == "p" and not closing
        elif name in _LIST:
            close()
            if not closing:
                current = _Block("list", base + match.start(), base + match.end(), [], [])
        elif name == "li":
            if current is None or current.kind != "list":
                close()
                current = _Block("list", base + match.start(), base + match.end(), [], [])
            if not closing:
                current.items.append([])
            current.end = base + match.end()
        # inline tags (b, i, u, em, strong, sup, sub, a, span, font) are dropped, their text kept in place
    if position < len(raw):
        text_run(raw[position:], base + position, base + len(raw))
    close()

    paras: list[Para] = []
    for block in blocks:
        if block.kind == "p":
            text = _plain(block.pieces, markdown)
            if text:
                paras.append(Para(text, block.start, block.end, explicit=block.explicit))
            continue
        lines = [_plain(block.pieces, markdown)] if "".join(block.pieces).strip() else []
        lines += ["- " + t for t in (_plain(item, markdown) for item in block.items) if t]
        listed = "\n".join(line for line in lines if line)
        if not listed:
            continue
        if paras:
            last = paras[-1]
            paras[-1] = Para(last.text + "\n" + listed, last.start, block.end, last.list_only, last.explicit)
        else:
            paras.append(Para(listed, block.start, block.end, list_only=True))
    return paras


def strip_markup(raw: str, markdown: bool = False) -> str:
    """A cell's text as one line: its paragraphs joined by spaces."""
    return " ".join(p.text for p in parse_cell(raw, 0, markdown)).replace("\n", " ")
