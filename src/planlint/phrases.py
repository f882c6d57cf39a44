"""The one phrase matcher the wording rules share.

A word list (a `rules/lexicon/*.yaml` file, extended by config) is a list of
items, each a phrase or a mapping with a phrase and what to write instead.
A list is compiled once into one regular expression; matching is
case-insensitive, on whole words, tolerant of any whitespace between words (so
a phrase may run across the line breaks of a block scalar) and of the usual
inflections (explore / explores / explored / exploring). Matches carry
character offsets into the value, which the engine turns into a line and column.

Phrase syntax, kept small so that lists stay readable data:
  `subject to [the] funding`      square brackets: optional words
  `(funding|resources) permitting` parentheses: alternatives (each may be several words)
  `once * (is|are) released`      an asterisk: one to six words of the same sentence
Words of fewer than three letters and the list's fixed words (stop words such as
"to", "at", "may") are matched as written, never inflected.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from planlint.findings import Anchor
from planlint.lazy_pattern import LazyPattern, leftmost_first


class Entry(NamedTuple):  # NamedTuples here, as findings.py says why
    """One item of a word list."""

    phrase: str
    instead: str = ""
    exact_case: bool = False  # "may" the modal, not "May" the month
    inflect: bool = True
    unless_followed_by: str = ""  # a regex: the match does not count when the text after it matches
    unless_preceded_by: str = ""  # a regex: ... when the text before it ends with a match
    unless_sentence_has: str = ""  # a word list's name: ... when the match's sentence holds one of its phrases
    not_in_purpose: bool = False  # ... when it sits in a purpose clause ("to support X and/or Y")


def entry_from(item: Any) -> Entry:
    """A list item (a phrase, or a mapping with `phrase` and optional settings) as an Entry."""
    if isinstance(item, Entry):
        return item
    if isinstance(item, Mapping):
        return Entry(
            phrase=str(item["phrase"]),
            instead=str(item.get("instead") or ""),
            exact_case=bool(item.get("exact_case", False)),
            inflect=bool(item.get("inflect", True)),
            unless_followed_by=str(item.get("unless_followed_by") or ""),
            unless_preceded_by=str(item.get("unless_preceded_by") or ""),
            unless_sentence_has=str(item.get("unless_sentence_has") or ""),
            not_in_purpose=bool(item.get("not_in_purpose", False)),
        )
    return Entry(phrase=str(item))


class Match(NamedTuple):
    start: int
    end: int
    text: str
    entry: Entry

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.start, self.end)

    def overlaps(self, other: Match) -> bool:
        return self.start < other.end and other.start < self.end


# ---------------------------------------------------------------- inflection

_VOWELS = set("aeiou")


def _inflections(word: str, plural_only: bool) -> tuple[str, list[str]]:
    """A word's regular inflections, lower case, as a stem and its endings: -s/-es, -ed, -ing, with the
    usual spelling changes.

    `plural_only` for lists of nouns: report / reports, but not "reported" or "planning".
    """
    w = word.lower()
    if plural_only:
        if w.endswith("y") and len(w) > 2 and w[-2] not in _VOWELS:
            return w[:-1], ["y", "ies"]
        return w, ["", "es" if w.endswith(("s", "x", "z", "ch", "sh")) else "s"]
    if w.endswith("ie"):
        base, endings = w[:-2], ["ie", "ies", "ied", "ying"]
    elif w.endswith("ee"):
        base, endings = w, ["", "s", "d", "ing"]
    elif w.endswith("e"):
        base, endings = w[:-1], ["e", "es", "ed", "ing"]
    elif w.endswith("y") and len(w) > 2 and w[-2] not in _VOWELS:
        base, endings = w[:-1], ["y", "ies", "ied", "ying"]
    elif w.endswith(("s", "x", "z", "ch", "sh")):
        base, endings = w, ["", "es", "ed", "ing"]
    else:
        base, endings = w, ["", "s", "ed", "ing"]
        # stop, plan: a short consonant-vowel-consonant word doubles its last letter
        if len(w) <= 4 and w[-1] not in _VOWELS | set("wxy") and w[-2] in _VOWELS and w[-3:-2] not in _VOWELS:
            endings += [w[-1] + "ed", w[-1] + "ing"]
    return base, endings


def word_forms(word: str, plural_only: bool = False) -> str:
    """A regex for a word and its regular inflections (the longest ending first)."""
    base, endings = _inflections(word, plural_only)
    alternatives = "|".join(re.escape(e) for e in sorted(set(endings), key=len, reverse=True))
    return f"{re.escape(base)}(?:{alternatives})"


# ---------------------------------------------------------------- phrase syntax

_SPACE = r"\s+"
_TOKEN_RE = LazyPattern(r"\[[^\[\]]*\]|\([^()]*\)|[^\s\[\(]+")  # no nesting: linear on "[[[["
# `*`: one to six words that do not end the sentence. A bounded repeat of tokens that cannot hold
# the separator, so matching stays linear.
_GAP = r"[^\s.;:!?()]+(?:\s+[^\s.;:!?()]+){0,5}"


def _inflected(word: str, inflect: bool, fixed: frozenset[str]) -> bool:
    """Whether a phrase word is matched with its inflections (see the module docstring)."""
    return inflect and word.isalpha() and len(word) >= 3 and word.lower() not in fixed


def _word_regex(word: str, inflect: bool, fixed: frozenset[str], plural_only: bool) -> str:
    if _inflected(word, inflect, fixed):
        return word_forms(word, plural_only)
    return re.escape(word)


def _words_regex(text: str, inflect: bool, fixed: frozenset[str], plural_only: bool = False) -> str:
    """The regex for a stretch of phrase syntax; each part is followed by a separator when it is not the last."""
    parts: list[tuple[str, bool]] = []  # (regex, optional)
    for token in _TOKEN_RE.findall(text):
        if token == "*":
            parts.append((_GAP, False))
        elif token.startswith("["):
            parts.append((_words_regex(token[1:-1], inflect, fixed, plural_only), True))
        elif token.startswith("("):
            alternatives = [_words_regex(a, inflect, fixed, plural_only) for a in token[1:-1].split("|")]
            parts.append(("(?:" + "|".join(alternatives) + ")", False))
        else:
            parts.append((_word_regex(token, inflect, fixed, plural_only), False))
    out = ""
    # An optional word before the first word that must be there carries its own separator
    # ("[including] but" -> `(?:including\s+)?but`): written `(?:including)?\s+but`, the regex
    # could start at every space of a run of spaces and scan the run from each, quadratic.
    leading = not all(optional for _regex, optional in parts)
    for index, (regex, optional) in enumerate(parts):
        if leading and optional:
            out += f"(?:(?:{regex}){_SPACE})?"
        elif index == 0 or leading:
            out += f"(?:{regex})" + ("?" if optional else "")
            leading = False
        elif optional:
            out += f"(?:{_SPACE}(?:{regex}))?"
        else:
            out += f"{_SPACE}(?:{regex})"
    return out


# ---------------------------------------------------------------- the words a match can start with
# Most texts contain no phrase of most lists, yet one alternation of a list tries every phrase at
# every word start. A match begins with a whole run of word characters (phrase_regex: no word
# character before it), so only the entries that can begin with one of the text's words need
# searching for: one set test per text (tests/test_phrases.py checks the matches are the same).

_WORD_RUN_RE = LazyPattern(r"\w+")
# Characters that re.IGNORECASE equates with an ASCII letter although str.lower() does not
# (dotless i, long s; dotted capital I lowers to two characters): texts with them are scanned in full.
_CASE_FOLD_ODD = frozenset("\u0130\u0131\u017f")


def _first_run(word: str) -> str | None:
    found = _WORD_RUN_RE.match(word)
    return found.group().lower() if found and found.group().isascii() else None


@functools.lru_cache(maxsize=8192)  # lists share words and phrases, and _required_words asks again
def _start_words(text: str, inflect: bool, fixed: frozenset[str], plural_only: bool) -> frozenset[str] | None:
    """The lower-case words a match of this stretch of phrase syntax can begin with (as _words_regex
    reads it), or None when that is not a finite set of words (a phrase starting with punctuation)."""
    starts: set[str] = set()
    for token in _TOKEN_RE.findall(text):
        if token == "*":
            return None  # any word
        if token.startswith("["):
            inner = _start_words(token[1:-1], inflect, fixed, plural_only)
            if inner is None:
                return None
            starts |= inner
            continue  # optional: the match may begin with the next token
        if token.startswith("("):
            for alternative in token[1:-1].split("|"):
                inner = _start_words(alternative, inflect, fixed, plural_only)
                if not inner:
                    return None
                starts |= inner
            return frozenset(starts)
        if _inflected(token, inflect, fixed):
            base, endings = _inflections(token, plural_only)
            forms = {base + e for e in endings}
            if not all(f.isascii() for f in forms):
                return None
            return frozenset(starts | forms)
        first = _first_run(token)
        return None if first is None else frozenset(starts | {first})
    return None  # nothing but optional words


@functools.lru_cache(maxsize=4096)  # a phrase in several lists (or a list built again) is read once
def _required_words(text: str, inflect: bool, fixed: frozenset[str], plural_only: bool) -> tuple[frozenset[str], ...]:
    """For each word (or group of alternatives) a match of this phrase cannot do without, the lower-case
    words one of which the matched text then holds as a whole run of word characters: a text without
    one of them cannot hold the phrase, though it holds the phrase's first word ("subject" but not
    "funding"). Optional words and `*` need nothing; a word that may run on into more word characters
    (the last of a phrase that does not end in a word) is left out, as is anything _start_words
    cannot read: leaving a word out only means searching more texts."""
    ends_in_word = text.rstrip(")]")[-1:].isalnum()
    tokens = _TOKEN_RE.findall(text)
    groups: list[frozenset[str]] = []
    for position, token in enumerate(tokens):
        if token == "*" or token.startswith("[") or (position == len(tokens) - 1 and not ends_in_word):
            continue
        if token.startswith("("):
            alternatives = [_start_words(a, inflect, fixed, plural_only) for a in token[1:-1].split("|")]
            if all(alternatives):
                groups.append(frozenset(word for words_ in alternatives if words_ for word in words_))
            continue
        words_ = _start_words(token, inflect, fixed, plural_only)  # the word's forms, as a first word
        if words_:
            groups.append(words_)
    return tuple(groups)


@functools.lru_cache(maxsize=4096)  # each text is asked about by several lists in a row
def _text_words(text: str) -> frozenset[str] | None:
    if not text.isascii() and not _CASE_FOLD_ODD.isdisjoint(text):
        return None
    return frozenset(_WORD_RUN_RE.findall(text.lower()))


def phrase_regex(entry: Entry, fixed: frozenset[str] = frozenset(), plural_only: bool = False) -> str:
    body = _words_regex(entry.phrase.strip(), entry.inflect, fixed, plural_only)
    # "etc." ends in a full stop, so no word boundary is needed after it
    ends_in_word = entry.phrase.strip().rstrip(")]")[-1:].isalnum()
    return rf"(?<![\w]){body}(?![\w])" if ends_in_word else rf"(?<![\w]){body}"


# ---------------------------------------------------------------- the matcher


class PhraseList:
    """A word list, matched as one alternation of its phrases. Build with `phrase_list` (cached)."""

    def __init__(self, entries: tuple[Entry, ...], fixed: frozenset[str] = frozenset(), plural_only: bool = False):
        self.entries = entries
        # Longest phrases first: "as soon as reasonably practicable" wins over "as soon as practicable".
        self._order = sorted(range(len(entries)), key=lambda i: len(entries[i].phrase), reverse=True)
        self._rank = {i: rank for rank, i in enumerate(self._order)}
        self._fixed, self._plural_only = fixed, plural_only
        # Each entry's regex is written when first needed (_pattern), and compiled then: most texts
        # hold none of a list's phrases, and writing all of them was half of building a list.
        self._patterns: dict[int, str] = {}
        self._exact = frozenset(i for i in self._order if entries[i].exact_case)
        # Matched only where a phrase ends, never after a space: (?<!\s) keeps a lead `\s+` linear
        # when the pattern is searched (one start per run of spaces, not one per space).
        self._after = {
            i: LazyPattern(f"(?<!\\s)(?:{entries[i].unless_followed_by})", re.IGNORECASE)
            for i in self._order
            if entries[i].unless_followed_by
        }
        self._before = {
            i: LazyPattern(f"(?:{entries[i].unless_preceded_by})$", re.IGNORECASE)
            for i in self._order
            if entries[i].unless_preceded_by
        }
        # An entry can only match a text that contains one of its start words, so a text is
        # searched for those entries alone: most texts hold none or one of a list's phrases.
        starts = [_start_words(e.phrase.strip(), e.inflect, fixed, plural_only) for e in entries]
        self._always = frozenset(i for i, words_ in enumerate(starts) if words_ is None)
        # ... and all the other words it cannot do without: then a text that holds the first word of
        # a phrase but not the rest compiles nothing.
        # (read for an entry when a text first holds one of its start words: most entries never are)
        self._required: dict[int, tuple[frozenset[str], ...]] = {}
        self._by_start: dict[str, list[int]] = {}
        for i, words_ in enumerate(starts):
            for word in words_ or ():
                self._by_start.setdefault(word, []).append(i)
        self._all = frozenset(range(len(entries)))
        self._single: dict[int, re.Pattern[str]] = {}  # compiled when first needed
        self._whole: re.Pattern[str] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    def _candidates(self, text: str) -> frozenset[int] | set[int]:
        words_here = _text_words(text)
        if words_here is None:
            return self._all
        found = set(self._always)
        for word in words_here & self._by_start.keys():
            found.update(self._by_start[word])
        return {i for i in found if all(not words_.isdisjoint(words_here) for words_ in self._required_of(i))}

    def _required_of(self, index: int) -> tuple[frozenset[str], ...]:
        required = self._required.get(index)
        if required is None:
            entry = self.entries[index]
            required = self._required[index] = _required_words(
                entry.phrase.strip(), entry.inflect, self._fixed, self._plural_only
            )
        return required

    def _pattern(self, index: int) -> str:
        pattern = self._patterns.get(index)
        if pattern is None:
            pattern = self._patterns[index] = phrase_regex(self.entries[index], self._fixed, self._plural_only)
        return pattern

    def _entry_regex(self, index: int) -> re.Pattern[str]:
        regex = self._single.get(index)
        if regex is None:
            regex = self._single[index] = re.compile(rf"(?<![\w])(?:{self._pattern(index)})", re.IGNORECASE)
        return regex

    def _whole_regex(self) -> re.Pattern[str]:
        if self._whole is None:
            # Every phrase starts at a word start (phrase_regex): saying so once, outside the
            # alternation, lets the regex skip other positions at once instead of trying each
            # phrase there (bench/NOTES.md).
            self._whole = re.compile(
                r"(?<![\w])(?:" + "|".join(f"(?P<e{i}>{self._pattern(i)})" for i in self._order) + ")", re.IGNORECASE
            )
        return self._whole

    def _scan(self, text: str, candidates: frozenset[int] | set[int]) -> Iterator[tuple[int, int, int]]:
        """(entry, start, end) of each match of the list's alternation, left to right.

        With a few candidates, each is searched on its own and the leftmost match wins (the
        earlier entry on a tie), resuming after it: what the alternation would find, without
        compiling one for every set of candidates. Entries that could match empty text, and
        texts that may hold any entry, use the whole alternation."""
        if len(candidates) > 8 or candidates & self._always:
            for whole in self._whole_regex().finditer(text):
                yield int(whole.lastgroup[1:]), whole.start(), whole.end()  # type: ignore[index]
            return
        pending = sorted(candidates, key=self._rank.__getitem__)
        for k, found in leftmost_first(text, [self._entry_regex(i) for i in pending]):
            yield pending[k], found.start(), found.end()

    def finditer(self, text: str, skip: PhraseList | None = None) -> Iterator[Match]:
        """Every match in `text`, left to right; matches inside a `skip` match (boilerplate) are left out."""
        candidates = self._candidates(text) if self.entries and text else ()
        if not candidates:
            return iter(())  # most texts: no generator to start
        return self._matches(text, candidates, skip)

    def _matches(self, text: str, candidates: frozenset[int] | set[int], skip: PhraseList | None) -> Iterator[Match]:
        skipped: list[Match] | None = None  # boilerplate is looked for only once a phrase is found
        for index, start, end in self._scan(text, candidates):
            if index in self._exact and not re.compile(self._pattern(index)).fullmatch(text, start, end):
                continue  # case-sensitive: compiled when first met, then from re's own cache
            if index in self._after and self._after[index].match(text, end):
                continue
            if index in self._before and self._before[index].search(text[:start]):
                continue
            match = Match(start, end, text[start:end], self.entries[index])
            if skip is not None:
                if skipped is None:
                    skipped = list(skip.finditer(text))
                if any(match.overlaps(s) for s in skipped):
                    continue
            yield match

    def search(self, text: str, skip: PhraseList | None = None) -> Match | None:
        return next(self.finditer(text, skip), None)


@functools.lru_cache(maxsize=256)
def _compiled(entries: tuple[Entry, ...], fixed: frozenset[str], plural_only: bool) -> PhraseList:
    return PhraseList(entries, fixed, plural_only)


def phrase_list(items: Iterable[Any], fixed: Iterable[str] = (), plural_only: bool = False) -> PhraseList:
    """Compile a word list's items (compiled once per distinct list).

    `fixed`: words never inflected (stop words); `plural_only`: a list of nouns, matched with their plurals.
    """
    return _compiled(tuple(entry_from(i) for i in items or ()), frozenset(w.lower() for w in fixed), plural_only)


# ---------------------------------------------------------------- sentences

# A sentence ends at . ! ? ; or a bullet before white space, or at a blank line or a line that starts
# a list item: plans write several steps in one cell.
_SENTENCE_END_RE = LazyPattern(
    r"[.!?;](?=\s|$)|\n\s*\n|\n(?=\s*(?:[\u2022\u25cf\u25aa*-]|\d{1,2}[.)])\s)|[\u2022\u25cf\u25aa]"
)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence that holds text[start:end]."""
    begin = 0
    for found in _SENTENCE_END_RE.finditer(text, 0, start):
        begin = found.end()
    after = _SENTENCE_END_RE.search(text, end)
    return begin, (after.start() if after else len(text))


def sentences(text: str) -> list[tuple[int, int]]:
    """The spans of a text's sentences (see sentence_around), empty ones left out."""
    spans, begin = [], 0
    for found in _SENTENCE_END_RE.finditer(text):
        if text[begin : found.start()].strip():
            spans.append((begin, found.start()))
        begin = found.end()
    if text[begin:].strip():
        spans.append((begin, len(text)))
    return spans


# ---------------------------------------------------------------- words and stems

_WORD_RE = LazyPattern(r"[A-Za-z][A-Za-z'’]*")

# Longest first; each leaves a stem of at least three letters or is not applied.
_SUFFIXES = (
    "ibility",
    "ability",
    "ments",
    "ment",
    "ness",
    "ings",
    "ions",
    "ible",
    "able",
    "ing",
    "ion",
    "ies",
    "ied",
    "ers",
    "est",
    "ed",
    "es",
    "er",
    "ly",
    "s",
    "e",
)


@functools.lru_cache(maxsize=65536)  # plans repeat their words: each is stemmed once
def stem(word: str) -> str:
    """A crude stem for overlap tests: victims -> victim, contacted -> contact, allocation -> allocat."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    for suffix in _SUFFIXES:
        if suffix == "s" and w.endswith(("ss", "us", "is")):
            continue  # access, focus, analysis: not plurals
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if suffix in ("ies", "ied"):
                w += "y"
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "sl":  # planned -> plann -> plan
        w = w[:-1]
    return w


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text or "")


def stems_overlap(a: set[str], b: set[str]) -> bool:
    """Whether two sets of stems share a word; a stem of five or more letters also matches a longer one it
    begins (implement / implementat, manag / manage), since the crude stemmer cannot join every pair."""
    if a & b:
        return True
    # Two stems that begin one another share their first five letters: index one side by them
    # so the comparison stays linear (on-topic sets of a whole recommendation can be large).
    by_head: dict[str, list[str]] = {}
    for y in b:
        if len(y) >= 5:
            by_head.setdefault(y[:5], []).append(y)
    return any(x.startswith(y) or y.startswith(x) for x in a if len(x) >= 5 for y in by_head.get(x[:5], ()))


def content_stems(text: str, stop_words: Iterable[str]) -> set[str]:
    """The stems of the words that carry meaning: not stop words, at least three letters."""
    stops = stop_words if isinstance(stop_words, (set, frozenset)) else {w.lower() for w in stop_words}
    return {stem(w) for w in words(text) if len(w) >= 3 and w.lower() not in stops}


# The start of each whitespace-separated token that holds a letter or digit ([^\W_]: what isalnum() says).
_COUNTED_TOKEN_RE = LazyPattern(r"(?<!\S)(?:[^\w\s]|_)*[^\W_]")


def word_count(text: str) -> int:
    """Whitespace-separated tokens with a letter or digit in them ("-" and "&" are not words)."""
    return len(_COUNTED_TOKEN_RE.findall(text)) if text else 0
