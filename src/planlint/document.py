"""Reading a plan file into plain data plus a SourceMap.

YAML is composed with ruamel's C parser (nodes with positions, no Python
objects constructed by ruamel), then turned into plain dicts, lists and
scalars by our own small constructor, which records where every node starts
and ends. Nothing here knows about rules or the plan model.
"""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import re
from array import array
from collections.abc import Callable
from itertools import accumulate
from typing import TYPE_CHECKING, Any, NamedTuple

from planlint.findings import Path, Span
from planlint.lazy_pattern import LazyPattern

if TYPE_CHECKING:
    from ruamel.yaml import YAML

MAX_DEPTH = 100
MAX_NODES = 1_000_000
# Aliases let a few lines stand for millions of values (the "billion laughs").
# Plans reuse an anchor for an owner or a list of dates: a few hundred values.
MAX_ALIAS_EXPANSION = 100_000

CORE_TAG_PREFIX = "tag:yaml.org,2002:"
_STR_TAG = CORE_TAG_PREFIX + "str"
_MERGE_TAG = CORE_TAG_PREFIX + "merge"
_KNOWN_TAGS = {
    CORE_TAG_PREFIX + t
    for t in (
        "str",
        "int",
        "float",
        "bool",
        "null",
        "timestamp",
        "map",
        "seq",
        "merge",
        "binary",
        "omap",
        "set",
        "value",
    )
}


class Node(NamedTuple):
    """Where a node of the document lies: character offsets and 0-based line/column marks.

    A named tuple, not a frozen dataclass: a plan has tens of thousands of nodes and keys, and
    a frozen dataclass sets each field through object.__setattr__ (three times slower to make)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    scalar: bool = False


class LoadProblem(NamedTuple):
    """A problem found while reading: becomes PL001 (fatal) or PL002 (a shape the format cannot hold)."""

    code: str
    message: str
    path: Path = ()
    line: int | None = None  # 0-based, when there is no path to point at
    column: int | None = None


_LINE_END_RE = LazyPattern(r"\r\n|\r|\n")


def line_starts(text: str) -> array[int]:
    """Offsets where lines begin, counting only \\n, \\r\\n and \\r as line ends (as editors and CI do).

    An array, not a list: a report keeps every file's line starts until it is written."""
    if "\r" in text:
        return array("q", [0, *(m.end() for m in _LINE_END_RE.finditer(text))])
    lines = text.split("\n")
    return array("q", [0, *accumulate(map((1).__add__, map(len, lines[:-1])))])


class SourceMap:
    """Document path -> node position. Converts to 1-based spans only when asked (at the edge)."""

    # a plain class, not a dataclass: see findings.py on what a dataclass costs a cold run
    __slots__ = ("_line_starts", "keys", "nodes", "text")

    def __init__(
        self,
        text: str,
        nodes: dict[Path, Node] | None = None,
        keys: dict[Path, Node] | None = None,
        _line_starts: array[int] | None = None,
    ) -> None:
        self.text = text
        self.nodes: dict[Path, Node] = {} if nodes is None else nodes
        self.keys: dict[Path, Node] = {} if keys is None else keys
        self._line_starts = _line_starts

    def text_only(self) -> SourceMap:
        """The map without node positions (what reports need: the text and its lines), keeping
        the line starts already counted."""
        return SourceMap(self.text, _line_starts=self._line_starts)

    def node(self, path: Path) -> tuple[Path, Node | None]:
        """The node at `path`, or at its nearest ancestor that exists."""
        while True:
            found = self.nodes.get(path)
            if found is not None or not path:
                return path, found
            path = path[:-1]

    def span(self, path: Path) -> Span:
        _, node = self.node(path)
        if node is None:
            return Span(1, 1, 1, 1)
        return self.offset_span(node.start, node.end)

    def key_span(self, path: Path) -> Span | None:
        node = self.keys.get(path)
        if node is None:
            return None
        return self.offset_span(node.start, node.end)

    def mark(self, mark: Any) -> tuple[int, int]:
        """0-based (line, column) of a ruamel mark, counted as this map counts lines.

        The YAML parser also ends lines at U+0085, U+2028 and U+2029, which editors
        and CI annotations do not; its character offset is the one thing both agree on.
        """
        index = getattr(mark, "index", None)
        if not isinstance(index, int):
            return mark.line, mark.column
        line, column = self.position(index)
        return line - 1, column - 1

    def offset_span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset into the text (clamped to the text)."""
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        offset = min(max(offset, 0), len(self.text))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def source_line(self, line: int) -> str:
        """The text of a 1-based line, without its line end ('' past the end)."""
        if self._line_starts is None:
            self.position(0)
        assert self._line_starts is not None
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def locate_words(self, path: Path, value: str, start: int, end: int) -> Span | None:
        """The span in the source of value[start:end], a stretch of the scalar at `path`.

        The scalar may be folded, quoted or spread over lines, so the stretch is
        found again in the node's source by its words, whatever the whitespace
        between them; the n-th occurrence in the value is the n-th in the source.
        """
        node = self.nodes.get(path)
        words = value[start:end].split()
        if node is None or not words:
            return None
        # A comment between two words of a plain scalar is skipped; bounded, because a line of
        # "word #..." repeated would otherwise be scanned to its end from every word (quadratic).
        pattern = re.compile(r"\s+(?:#[^\n]{0,500}\n\s*)?".join(re.escape(w) for w in words), re.IGNORECASE)
        occurrence = sum(1 for m in pattern.finditer(value, 0, start))
        for index, match in enumerate(pattern.finditer(self.text, node.start, max(node.end, node.start))):
            if index == occurrence:
                return self.offset_span(match.start(), match.end())
        return None


class Document:
    """A plan file read into plain data, its source map and what went wrong reading it."""

    __slots__ = ("cells", "data", "filename", "kind", "notes", "problems", "source")

    def __init__(
        self,
        filename: str,
        data: Any,
        source: SourceMap,
        problems: list[LoadProblem] | None = None,
        cells: dict[Path, Any] | None = None,
        notes: list[str] | None = None,
        kind: str = "yaml",
    ) -> None:
        self.filename = filename
        self.data = data
        self.source = source
        self.problems: list[LoadProblem] = [] if problems is None else problems
        self.cells = cells  # docx imports: path -> Cell
        self.notes: list[str] = (
            [] if notes is None else notes
        )  # said once with the report (e.g. the encoding it fell back to)
        self.kind = kind  # what the author wrote: "yaml", or an imported "docx", "md" or "txt" (set by the reader)

    @property
    def fatal(self) -> bool:
        return any(p.code == "PL001" for p in self.problems)


class LoadError(Exception):
    def __init__(self, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


# ---------------------------------------------------------------- decoding


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 (BOM allowed) or UTF-16/32 with a BOM. Raises LoadError with a position."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise _decode_error(raw, exc, codec) from None
    unmarked = _unmarked_utf16_or_32(raw)
    if unmarked is not None:
        try:
            return raw.decode(unmarked)
        except UnicodeDecodeError as exc:
            raise _decode_error(raw, exc, unmarked) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _decode_error(raw, exc, "UTF-8") from None


def _unmarked_utf16_or_32(raw: bytes) -> str | None:
    """UTF-16/32 without a byte order mark, told by where the zero bytes of the first ASCII character fall
    (the YAML 1.2 spec's detection, 5.2): editors on Windows save 'Unicode' text so."""
    head = raw[:4]
    if len(head) < 4 or b"\0" not in head:
        return None
    ascii_at = [0 < byte < 0x80 for byte in head]
    if head[:3] == b"\0\0\0" and ascii_at[3]:
        return "utf-32-be"
    if ascii_at[0] and head[1:] == b"\0\0\0":
        return "utf-32-le"
    if head[0] == 0 and ascii_at[1] and head[2] == 0:
        return "utf-16-be"
    if ascii_at[0] and head[1] == 0 and head[3] == 0:
        return "utf-16-le"
    return None  # zero bytes in no such pattern: binary, reported as not UTF-8 text


def _decode_error(raw: bytes, exc: UnicodeDecodeError, codec: str) -> LoadError:
    # Everything before the bad byte decoded, so the position is counted in characters and
    # lines as an editor shows them (a lone \r ends a line too).
    before = exc.object[: exc.start].decode(exc.encoding, errors="replace")
    line, column = SourceMap(before).position(len(before))
    line, column = line - 1, column - 1
    byte = exc.start + len(raw) - len(exc.object)  # utf-8-sig reports offsets after its BOM
    return LoadError(
        f"the file is not valid {codec.upper().replace('-SIG', '')} text (byte {byte}); save it as UTF-8", line, column
    )


# ---------------------------------------------------------------- YAML


def _yaml() -> YAML:
    from ruamel.yaml import YAML  # imported on first use: keeps `planlint --version` fast
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    plain_tags: dict[tuple[Any, str], Any] = {}

    class OnceResolver(VersionedResolver):
        """ruamel's resolver, choosing its table of implicit tags once per document, not once per scalar.

        The stock one works out the YAML version for every scalar through a
        chain of failed attribute lookups: a quarter of the time spent composing
        a plan. The version cannot change within a document, so neither can the table.
        """

        _table = None
        _version: Any = None

        @property
        def versioned_resolver(self) -> Any:
            if self._table is None:
                self._version = self.processing_version
                self._table = super().versioned_resolver
            return self._table

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            # Called for every node. A quoted or block scalar, a list and a mapping always get
            # the default tag (no path resolvers are set); a plain scalar's tag depends only on
            # its text and the YAML version, and plans repeat theirs (keys, Agreed, owners).
            if kind is ScalarNode:
                if not implicit[0]:
                    return self.DEFAULT_SCALAR_TAG
                if self._table is None:
                    self.versioned_resolver  # noqa: B018 - sets the version
                key = (self._version, value)
                tag = plain_tags.get(key)
                if tag is None:
                    if len(plain_tags) >= 65536:
                        plain_tags.clear()
                    tag = plain_tags[key] = VersionedResolver.resolve(self, kind, value, implicit)
                return tag
            return VersionedResolver.resolve(self, kind, value, implicit)

    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = OnceResolver
    return yaml


_YAML: YAML | None = None


def load_yaml(text: str, filename: str) -> Document:
    """Compose YAML text into a Document. Never raises for bad input: problems are recorded."""
    global _YAML
    source = SourceMap(text)
    doc = Document(filename, None, source)
    try:
        _check_nesting(text, source)
        if _YAML is None:
            _YAML = _yaml()
        root = _YAML.compose(text)
    except LoadError as exc:
        doc.problems.append(LoadProblem("PL001", exc.message, line=exc.line, column=exc.column))
        return doc
    except Exception as exc:  # ruamel's errors: MarkedYAMLError, ReaderError and friends
        doc.problems.append(_yaml_problem(exc, source))
        return doc
    if root is not None and _ANCHOR.search(text):  # without an anchor there is no alias to expand
        try:
            _check_aliases(root, source)
        except LoadError as exc:
            doc.problems.append(LoadProblem("PL001", exc.message, line=exc.line, column=exc.column))
            return doc
    if root is None:
        doc.problems.append(
            LoadProblem(
                "PL002",
                "the file holds no YAML document: a plan needs `plan` and "
                "`recommendations` (run `planlint init` for a starter plan)",
                line=0,
                column=0,
            )
        )
        return doc
    builder = _Builder(source, doc.problems)
    try:
        doc.data = builder.build(root, ())
    except LoadError as exc:
        doc.problems.append(LoadProblem("PL001", exc.message, line=exc.line, column=exc.column))
        doc.data = None
    return doc


def _yaml_problem(exc: Exception, source: SourceMap) -> LoadProblem:
    if hasattr(exc, "position") and hasattr(exc, "character"):  # ReaderError: a character YAML forbids
        line, column = source.position(int(exc.position))
        char = exc.character
        shown = f"#x{char:04x}" if isinstance(char, int) else repr(char)
        return LoadProblem(
            "PL001",
            f"not readable YAML: the file holds the character {shown}, which YAML does not allow; remove it",
            line=line - 1,
            column=column - 1,
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem:
        message = f"{problem}" + (f" ({context})" if context else "")
    else:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    message = " ".join(message.split())
    line, column = source.mark(mark) if mark is not None else (0, 0)
    return LoadProblem("PL001", f"not readable YAML: {message}; fix the syntax here", line=line, column=column)


_DEEP_INDENT = LazyPattern(r"^[ \t-]{400,}\S", re.MULTILINE)


def _check_nesting(text: str, source: SourceMap) -> None:
    """Refuse nesting deep enough to exhaust a stack, before a parser sees it.

    The C composer recurses per level; a few thousand levels of `[` crash it.
    Plans nest six levels deep, so anything past MAX_DEPTH is hostile or broken.
    The exact event scan runs only when a cheap count says it might be needed.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH and not _DEEP_INDENT.search(text):
        return
    from ruamel.yaml.error import YAMLError

    depth = 0
    try:
        for event in _yaml().parse(text):
            kind = type(event).__name__
            if kind in ("SequenceStartEvent", "MappingStartEvent"):
                depth += 1
                if depth > MAX_DEPTH:
                    raise LoadError(
                        f"the YAML nests deeper than {MAX_DEPTH} levels; a plan needs about six",
                        *source.mark(event.start_mark),
                    )
            elif kind in ("SequenceEndEvent", "MappingEndEvent"):
                depth -= 1
    except YAMLError:
        return  # a syntax error: compose will report it with its position


# Where an anchor (&name) could begin a node: an '&' at the start or after a space, bracket or comma,
# before a name; "Performance & Quality" and "R&D" do not match. Written to start with the '&'
# itself so that the regex engine jumps from '&' to '&' instead of trying every position (bench/NOTES.md).
_ANCHOR = LazyPattern(r"&(?<![^\s\[{,]&)[^\s\[\]{},]")


def _children(node: Any) -> list[Any]:
    if node.id == "sequence":
        items: list[Any] = node.value
        return items
    if node.id == "mapping":
        return [part for pair in node.value for part in pair]
    return []


def _check_aliases(root: Any, source: SourceMap) -> None:
    """Refuse aliases that expand too far or refer to a node containing them, before anything expands them.

    Counts, without expanding, how many values the document stands for: each
    distinct node once, its size remembered, so an alias costs one look-up.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise LoadError(
                "an alias refers to a node that contains it, so the value would never end; write the value out",
                *source.mark(node.start_mark),
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    expanded, distinct = sizes[id(root)], len(sizes)
    if expanded - distinct > MAX_ALIAS_EXPANSION:
        raise LoadError(
            f"the aliases (*name) in this file expand {distinct:,} values into {expanded:,}, more than "
            f"a plan needs (at most {MAX_ALIAS_EXPANSION:,} repeated values); write the plan without "
            "nested anchors",
            *source.mark(root.start_mark),
        )


def _tag(node: Any) -> str:
    ctag = getattr(node, "ctag", None)
    if ctag is not None and ctag.handle is None and isinstance(ctag.suffix, str):
        return ctag.suffix  # a resolved tag: ruamel's str(tag) rebuilds this string on every call
    tag = node.tag
    return tag if isinstance(tag, str) else getattr(tag, "value", str(tag))


_DATE_RE = LazyPattern(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ].*)?$")


class _Builder:
    def __init__(self, source: SourceMap, problems: list[LoadProblem]):
        self.source = source
        self.problems = problems
        self.count = 0

    def record(self, path: Path, node: Any, scalar: bool) -> None:
        nodes = self.source.nodes
        if path in nodes:
            return  # an alias: the anchor's place is the one to point at
        start, end = node.start_mark, node.end_mark
        nodes[path] = Node(start.index, end.index, start.line, start.column, end.line, end.column, scalar)

    def build(self, node: Any, path: Path, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise LoadError(
                f"the document expands to more than {MAX_NODES:,} nodes (aliases nested in aliases?); "
                "write the plan without anchors",
                *self.source.mark(node.start_mark),
            )
        if depth > MAX_DEPTH:
            raise LoadError(f"the YAML nests deeper than {MAX_DEPTH} levels", *self.source.mark(node.start_mark))
        kind = node.id
        tag = _tag(node)
        if tag not in _KNOWN_TAGS and (tag.startswith("!") or tag.startswith("tag:")):
            self.problems.append(
                LoadProblem("PL002", f"the YAML tag {tag!r} is not part of the plan format; remove it", path)
            )
            tag = ""
        if kind == "scalar":
            self.record(path, node, True)
            return node.value if tag == _STR_TAG else _scalar(tag, node.value)
        if kind == "sequence":
            self.record(path, node, False)
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        self.record(path, node, False)
        return self.mapping(node, path, depth)

    def mapping(self, node: Any, path: Path, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        merged: list[dict[str, Any]] = []
        seen: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.value == "<<" and _tag(key_node) == _MERGE_TAG:  # (a quoted "<<" is a plain key)
                value = self.build(value_node, path + ("<<",), depth + 1)
                merged.extend(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, dict))
                continue
            if key_node.id != "scalar":
                mark = key_node.start_mark
                line, column = self.source.mark(mark)
                self.problems.append(
                    LoadProblem("PL002", "a key must be plain text, not a list or mapping", line=line, column=column)
                )
                continue
            key = str(key_node.value)
            if key in seen:
                first = seen[key].start_mark
                mark = key_node.start_mark
                raise LoadError(
                    f"duplicate key {key!r} (first on line {self.source.mark(first)[0] + 1}); YAML "
                    "allows each key once in a mapping: remove or rename one",
                    *self.source.mark(mark),
                )
            seen[key] = key_node
            child = path + (key,)
            start, end = key_node.start_mark, key_node.end_mark
            self.source.keys[child] = Node(start.index, end.index, start.line, start.column, end.line, end.column, True)
            out[key] = self.build(value_node, child, depth + 1)
        for extra in merged:
            for key, value in extra.items():
                out.setdefault(key, value)
        return out


def _scalar(tag: str, value: str) -> Any:
    """A scalar's Python value from its resolved tag (quoted and block scalars resolve to str)."""
    short = tag[len(CORE_TAG_PREFIX) :] if tag.startswith(CORE_TAG_PREFIX) else ""
    if short == "null":
        return None
    if short == "bool":
        return value.lower() == "true"
    if short == "int":
        text = value.replace("_", "")
        for base in (0, 10):  # 0o17 / 0x1F need base 0; 012 needs base 10
            try:
                return int(text, base)
            except ValueError:  # includes numbers beyond Python's digit limit: keep what was written
                continue
        return value
    if short == "float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if short == "timestamp":
        match = _DATE_RE.match(value)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return value  # 2024-13-45: the date rules say what is wrong with it
    return value


MISSING = object()  # what value_at gives for a path the data does not have


def value_at(data: Any, path: Path) -> Any:
    """The plain-data value at a document path, or MISSING."""
    node = data
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return MISSING
    return node


# What Word writes when it saves a document as "Plain Text" on a Windows machine set up for English.
WORD_TEXT_ENCODING = ("cp1252", "Windows-1252")


def read_decoded(
    raw: bytes, filename: str, parse: Callable[[str, str], Document], *, fallback: tuple[str, str] | None = None
) -> Document:
    """Decode bytes and parse the text; undecodable bytes are one PL001 at the first bad byte.

    With a fallback (codec, name), text that is not UTF-8 is read in that encoding when it can be,
    and the Document says so in a note.
    """
    note = None
    try:
        text = decode(raw)
    except LoadError as exc:
        try:
            if fallback is None:
                raise UnicodeError from None
            text = raw.decode(fallback[0])
            note = (
                f"note: {filename}: not UTF-8 text, so read as {fallback[1]} (as Word saves plain text); "
                "save it as UTF-8 to be sure every character is read as written"
            )
        except UnicodeError:
            return Document(
                filename, None, SourceMap(""), [LoadProblem("PL001", exc.message, line=exc.line, column=exc.column)]
            )
    doc = parse(text, filename)
    if note:
        doc.notes.append(note)
    return doc
