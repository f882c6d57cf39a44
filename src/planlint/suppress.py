"""Suppression comments in a plan file, and the findings they silence.

    text: ...   # planlint: disable=PL501,owner-vague -- quoted from the report
    # planlint: disable-next-line=PL501
    # planlint: disable-file=PL605

A rule is named by code, family (PL5) or name. A comment that silences
nothing is itself reported (PL006 unused-suppression), so that stale
suppressions do not pile up and hide the next real finding; it is reported
only when every rule it names ran, since a rule that was switched off for
this run cannot have been matched.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from planlint.catalog import Catalog
from planlint.document import SourceMap
from planlint.findings import Finding, Span
from planlint.lazy_pattern import LazyPattern

UNUSED = "PL006"
DIRECTIVES = ("disable", "disable-next-line", "disable-file")

# A YAML comment starts with '#' at the start of a line or after whitespace.
_COMMENT_START = LazyPattern(r"(?:^|(?<=[ \t]))#", re.MULTILINE)
_DIRECTIVE = LazyPattern(r"#[ \t]*planlint[ \t]*:[ \t]*(?P<directive>[A-Za-z_-]*)[ \t]*(?:=(?P<rest>[^\r\n]*))?")


class Suppression(NamedTuple):
    directive: str  # one of DIRECTIVES, or what was written when it is not one
    selectors: tuple[str, ...]  # as written: codes, families or names
    reason: str
    span: Span  # the comment, from its '#'
    target_line: int | None  # the line it covers; None for the whole file
    own_line: bool  # nothing but the comment on its line

    @property
    def text(self) -> str:
        return f"{self.directive}={','.join(self.selectors)}"


def parse(source: SourceMap) -> list[Suppression]:
    """Every `# planlint:` comment in the source, skipping '#' inside quoted or block scalars."""
    text = source.text
    if _DIRECTIVE.search(text) is None:  # every plan says `planlint: 1`, so look for the comment's form
        return []
    inside = _ScalarRegions(source)
    found: list[Suppression] = []
    seen_lines: set[int] = set()
    for start in _COMMENT_START.finditer(text):
        offset = start.start()
        line, column = source.position(offset)
        if line in seen_lines or inside.covers(offset):
            continue
        seen_lines.add(line)  # the first '#' on a line starts the comment; the rest is its text
        line_end = _line_end(text, offset)
        match = _DIRECTIVE.search(text, offset, line_end)
        if match is None:
            continue
        directive = match["directive"].lower().replace("_", "-")
        # A further comment after the directive is not part of it: `disable=PL501  # see note`.
        rest = re.split(r"[ \t]#", match["rest"] or "", maxsplit=1)[0]
        body, _, reason = rest.partition("--")
        selectors = tuple(s for s in re.split(r"[\s,]+", body.strip()) if s)
        line_start = offset - (column - 1)
        own_line = not text[line_start:offset].strip()
        if directive == "disable-file":
            target: int | None = None
        elif directive == "disable-next-line":
            target = line + 1
        else:
            target = line
        end_line, end_column = source.position(match.end())
        found.append(
            Suppression(
                directive,
                selectors,
                reason.strip(),
                Span(line, column + (match.start() - offset), end_line, end_column),
                target,
                own_line,
            )
        )
    return found


def _line_end(text: str, offset: int) -> int:
    ends = [i for i in (text.find("\n", offset), text.find("\r", offset)) if i >= 0]
    return min(ends) if ends else len(text)


class _ScalarRegions:
    """Where scalar values lie, so that a '#' inside one is not taken for a comment."""

    def __init__(self, source: SourceMap):
        regions = []
        text = source.text
        for node in source.nodes.values():
            if not node.scalar or node.end <= node.start:
                continue
            start = node.start
            if text[start : start + 1] in ("|", ">"):
                # a block scalar's header line may carry a comment; its content starts below
                newline = text.find("\n", start)
                if newline < 0:
                    continue
                start = newline + 1
            regions.append((start, node.end))
        regions.sort()
        self.starts = [r[0] for r in regions]
        self.regions = regions

    def covers(self, offset: int) -> bool:
        index = bisect.bisect_right(self.starts, offset) - 1
        # regions nest only through aliases, so checking a few before is enough
        return any(start <= offset < end for start, end in self.regions[max(0, index - 3) : index + 1])


class _Use(NamedTuple):
    suppression: Suppression
    codes: dict[str, frozenset[str]]  # selector -> the rule codes it names (empty: names no rule)
    used: set[str]


class Suppressions:
    """A document's suppression comments, as they apply to its findings.

    The engine asks `silences` of each finding (which marks the comments that matched), then
    `unused` for the comments that silenced nothing, and stamps a PL006 finding for each.
    """

    def __init__(self, suppressions: Sequence[Suppression], catalog: Catalog):
        self.uses = [
            _Use(s, {sel: frozenset(r.code for r in catalog.expand(sel)) for sel in s.selectors}, set())
            for s in suppressions
        ]
        self.active = [u for u in self.uses if u.suppression.directive in DIRECTIVES]

    def __bool__(self) -> bool:
        return bool(self.uses)

    def silences(self, finding: Finding) -> bool:
        return _silenced(finding, self.active)

    def unused(self, enabled: Iterable[str]) -> list[tuple[Suppression, str]]:
        """Each comment that silenced nothing, with what to say about it (PL006's message).

        `enabled` is the set of rule codes that ran on this file: a comment naming a rule that did
        not run cannot have matched, so it is not reported.
        """
        ran = frozenset(enabled)
        if UNUSED not in ran:
            return []
        found = [(use.suppression, _unused_message(use, ran)) for use in self.uses]
        return [(suppression, message) for suppression, message in found if message is not None]


def _silenced(finding: Finding, uses: list[_Use]) -> bool:
    silenced = False
    for use in uses:
        target = use.suppression.target_line
        if target is not None and target != finding.span.line:
            continue
        for selector, codes in use.codes.items():
            if finding.code in codes:
                use.used.add(selector)
                silenced = True
    return silenced


def _unused_message(use: _Use, enabled: frozenset[str]) -> str | None:
    s = use.suppression
    if s.directive not in DIRECTIVES:
        return (
            f"`planlint: {s.directive or '?'}` is not a planlint directive, so it suppresses nothing: "
            "use disable=, disable-next-line= or disable-file="
        )
    if not s.selectors:
        return f"`planlint: {s.directive}=` names no rule, so it suppresses nothing: name codes or rule names"
    unknown = [sel for sel, codes in use.codes.items() if not codes]
    if unknown:
        return (
            f"{_list(unknown)} {'names' if len(unknown) == 1 else 'name'} no planlint rule, so the "
            "suppression does nothing: check the code or name (`planlint rules` lists them)"
        )
    idle = [sel for sel, codes in use.codes.items() if sel not in use.used and UNUSED not in codes and codes <= enabled]
    if not idle:
        return None
    where = {"disable": "on this line", "disable-next-line": "on the next line", "disable-file": "in this file"}
    hint = ""
    if s.directive == "disable" and s.own_line:
        hint = " (`disable=` on a line of its own covers only that line: use `disable-next-line=`)"
    return f"the suppression of {_list(idle)} is unused: no such finding {where[s.directive]}{hint}; remove it"


def _list(items: Sequence[str]) -> str:
    return ", ".join(f"`{i}`" for i in items)
