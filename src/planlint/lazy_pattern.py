"""Regular expressions compiled when first used, not when their module is imported.

Python's regex parser and compiler are written in Python: a pattern costs 0.05-1 ms to
compile, and planlint's modules hold over a hundred, of which a one-file check uses a part
(the importers' patterns are not needed for a YAML plan, most rules' only for some texts).
A `LazyPattern` is written where `re.compile` was and is used the same way; the first call
of one of its methods compiles it and puts the compiled pattern's own bound methods on the
instance, so every later call goes straight to them with no extra Python frame.

Compiling is deterministic and the pattern cannot change, so the laziness is not observable:
`pattern` is the source as written, and `compiled` the `re.Pattern` (tests/test_regex_linear.py
reaches every LazyPattern through it).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol

# The methods that, once compiled, are the compiled pattern's own (instance attributes win over the class's).
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """A `re.compile(pattern, flags)` that compiles on first use."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self._flags!r})"

    @property
    def compiled(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(compiled, name))
        return compiled

    @property
    def is_compiled(self) -> bool:
        """Whether the pattern has been used (compiled) yet: a caller with a choice of patterns may prefer it."""
        return self._compiled is not None

    @property
    def flags(self) -> int:
        return self.compiled.flags

    @property
    def groups(self) -> int:
        return self.compiled.groups

    @property
    def groupindex(self) -> Mapping[str, int]:
        return self.compiled.groupindex

    # Each method below runs once at most: compiling replaces it on the instance.

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def subn(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> tuple[str, int]:
        return self.compiled.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled.split(string, maxsplit)


class _Searcher(Protocol):
    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None: ...


def leftmost_first(text: str, patterns: Sequence[_Searcher]) -> Iterator[tuple[int, re.Match[str]]]:
    """(index, match) of each match that one alternation of `patterns`, in this order, would find in
    `text` with finditer, left to right; for patterns that never match empty text.

    An alternation takes, at the leftmost place where any alternative matches, the first alternative
    that matches there, then goes on from the end of that match: here each pattern's next match is
    searched for (again only once overlapped by a match taken), and the leftmost wins, the earlier
    pattern on a tie. So an alternation's pieces are compiled, and searched, only as needed.
    """
    ahead = [pattern.search(text) for pattern in patterns]
    pos = 0
    while True:
        best, best_start = -1, 0
        for k, found in enumerate(ahead):
            if found is not None and found.start() < pos:  # overlapped by the last match taken
                found = ahead[k] = patterns[k].search(text, pos)
            if found is not None and (best < 0 or found.start() < best_start):
                best, best_start = k, found.start()
        if best < 0:
            return
        found = ahead[best]
        assert found is not None
        yield best, found
        pos = max(found.end(), best_start + 1)  # (+1: never stuck on an empty match)
