"""Whole-word cue lists (from rules/lexicon) compiled once into regexes."""

from __future__ import annotations

import functools
import re
from typing import Iterable


def _entry_pattern(entry: str) -> str:
    words = str(entry).strip().split()
    parts = []
    for word in words:
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"[\w'-]*")
        else:
            parts.append(re.escape(word))
    return r"\s+".join(parts)


@functools.lru_cache(maxsize=256)
def _compile(entries: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(sorted((_entry_pattern(e) for e in entries if str(e).strip()), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE) if body else re.compile(r"(?!x)x")


def cue_regex(entries: Iterable[str]) -> re.Pattern[str]:
    return _compile(tuple(str(e) for e in entries))


def squash(text: str) -> str:
    """Case, spacing and surrounding punctuation removed: the form whole-value lists compare in."""
    return " ".join(re.sub(r"^[\W_]+|[\W_]+$", "", text.casefold()).split()) or text.strip().casefold()
