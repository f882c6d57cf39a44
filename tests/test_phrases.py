"""The phrase matcher the wording rules share: whole words, any case, inflections, line breaks, offsets."""

from planlint.catalog import load_catalog
from planlint.phrases import content_stems, phrase_list, stem, stems_overlap, word_count

STOPS = load_catalog().words["stop-words"]


def found(items, text, **kwargs):
    return [m.text for m in phrase_list(items, fixed=STOPS, **kwargs).finditer(text)]


def test_whole_phrases_only():
    assert found(["where possible"], "Book one of the possible venues where the team is based.") == []
    assert found(["where possible"], "Share it wherever possible.") == []
    assert found(["explore"], "Publish the exploration findings.") == []


def test_case_insensitive_and_inflected():
    assert found(["explore"], "Explore it; it explores; exploring; explored.") == [
        "Explore",
        "explores",
        "exploring",
        "explored",
    ]
    assert found(["apply"], "applies applied applying") == ["applies", "applied", "applying"]


def test_stop_words_are_not_inflected():
    assert found(["seek to"], "It seeks to, it seeks tos.") == ["seeks to"]


def test_across_line_breaks_with_offsets():
    text = "Publish the audit\n  report where\n  possible, then share it."
    (match,) = phrase_list(["where possible"], fixed=STOPS).finditer(text)
    assert text[match.start : match.end] == "where\n  possible"


def test_optional_words_and_alternatives():
    items = ["subject to [the] [availability of] (funding|resources)"]
    assert found(items, "subject to funding; subject to the availability of resources") == [
        "subject to funding",
        "subject to the availability of resources",
    ]
    assert found(items, "subject to further iterations") == []


def test_exact_case_keeps_may_the_month_apart():
    items = [{"phrase": "may", "exact_case": True}]
    assert found(items, "By May 2025 teams may use it.") == ["may"]


def test_punctuation_phrases():
    assert found(["etc.", "and/or"], "risk, contact etc. and managers and/or leads") == ["etc.", "and/or"]


def test_nouns_match_plurals_not_verb_forms():
    assert found(["report", "policy"], "reports, policies, reported", plural_only=True) == ["reports", "policies"]


def test_boilerplate_is_skipped():
    vague = phrase_list(["robust"], fixed=STOPS)
    skip = phrase_list(["robust and timely [action] [plan]"], fixed=STOPS)
    assert [m.text for m in vague.finditer("draft a robust and timely action plan; a robust audit", skip)] == ["robust"]


def test_stems_join_inflections():
    assert stem("victims") == stem("victim") and stem("contacted") == stem("contact")
    assert stem("offices") == stem("office") and stem("programmes") == stem("programme")
    assert stem("access") == stem("accessible")
    assert stems_overlap(content_stems("cases allocated", STOPS), content_stems("the case allocation policy", STOPS))
    assert not stems_overlap(
        content_stems("estate cleaning contractors", STOPS), content_stems("quality of case work in teams", STOPS)
    )


# ---------------------------------------------------------------- scanning only for the entries a text can hold
# A list searches each text only for the entries whose start words the text contains, each on its
# own; that must find exactly what one alternation of every entry finds, on every shipped list, in
# both noun and verb modes.

import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from planlint.phrases import PhraseList, entry_from  # noqa: E402

_WORDS = load_catalog().words
_LISTS = [
    (name, nouns)
    for name, items in sorted(_WORDS.items())
    if isinstance(items, list) and items
    for nouns in (False, True)
]


class _WholeAlternation(PhraseList):
    """The reference: one alternation of every entry, run over every text."""

    def _candidates(self, text):
        return self._all

    def _scan(self, text, candidates):
        for found in self._whole_regex().finditer(text):
            assert found.lastgroup is not None  # every alternative is a named group
            yield int(found.lastgroup[1:]), found.start(), found.end()


def _vocabulary(items):
    words = set()
    for item in items:
        phrase = item["phrase"] if isinstance(item, dict) else str(item)
        words.update(re.findall(r"[^\s\[\]()|]+", phrase))
    return sorted(words)


_TOKENS = sorted({w for items in _WORDS.values() if isinstance(items, list) for w in _vocabulary(items)})
_SUFFIXES = ["", "", "", "s", "es", "d", "ed", "ing", "ies", "’s"]
_SEPARATORS = [" ", " ", " ", "  ", "\n  ", ", ", ". ", " (", ") ", "-", "/"]
_ODD = ["é", "İ", "ı", "ſ", "K", "2024", "_", "the", "on"]
_WORD = st.one_of(
    st.tuples(st.sampled_from(_TOKENS), st.sampled_from(_SUFFIXES)).map("".join),
    st.sampled_from(_TOKENS).map(str.upper),
    st.sampled_from(_TOKENS).map(str.title),
    st.sampled_from(_ODD),
    # letters that re.IGNORECASE takes for an ASCII letter although str.lower() does not
    st.sampled_from(_TOKENS).map(lambda w: w.replace("s", "ſ").replace("i", "ı").replace("I", "İ")),
)
_TEXT = st.lists(st.tuples(_WORD, st.sampled_from(_SEPARATORS)).map("".join), max_size=30).map("".join)


def _matches(matcher, text):
    return [(m.start, m.end, m.entry.phrase) for m in matcher.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(which=st.sampled_from(_LISTS), text=_TEXT)
def test_scanning_for_candidate_entries_finds_what_scanning_for_all_finds(which, text):
    name, nouns = which
    entries = tuple(phrase_list(_WORDS[name]).entries)
    fixed = frozenset(w.lower() for w in STOPS)
    assert _matches(PhraseList(entries, fixed, nouns), text) == _matches(_WholeAlternation(entries, fixed, nouns), text)


def test_a_text_without_start_words_of_the_list_has_no_match():
    assert found(["subject to [the] funding", "explore"], "Publish the report by March.") == []
    # a match starts at its first word, never at the spaces before it (which made the regex quadratic)
    assert found(["[the] funding"], "no (  funding") == ["funding"]
    assert found(["[the] funding"], "no (the  funding") == ["the  funding"]


def test_a_leading_optional_word_is_optional_mid_sentence():
    # "[as and] (as|when) required" once matched only at the start of a text: the optional
    # word's separator was asked for before the next word even when the optional word was absent.
    assert found(["[as and] (as|when) required"], "Update the policies as required.") == ["as required"]
    assert found(["[as and] (as|when) required"], "Train staff as and when required.") == ["as and when required"]
    assert found(["[the] funding"], "Bid for the funding and for funding again.") == ["the funding", "funding"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1_-&.é ’\n\t\x1c\u00a0\u2003,;"))))
def test_word_count_counts_tokens_with_a_letter_or_digit(text):
    assert word_count(text) == sum(1 for token in text.split() if any(c.isalnum() for c in token))


# Every shipped word list, the sub-lists of a mapping too (reason-categories, category-synonyms), each
# matched on texts built from its own words: its phrases whole, cut short, with a word left out or
# inflected, between words of other lists. The matcher searches a text only for the entries whose
# every required word (_required_words) the text holds; it must find what the whole alternation finds.
_ALL_LISTS = [
    (f"{name}.{sub}" if sub else name, tuple(entries), nouns)
    for name, items in sorted(_WORDS.items())
    for sub, entries in (
        [("", items)] if isinstance(items, list) else [(str(k), [k, *(v or [])]) for k, v in (items or {}).items()]
    )
    for nouns in (False, True)
    if entries
]


def _phrase_pieces(entries) -> list[str]:
    """Each entry's phrase spelled out a few ways: optional words kept or dropped, an alternative, a word for `*`."""
    pieces = []
    for entry in entries:
        phrase = entry["phrase"] if isinstance(entry, dict) else str(entry)
        for keep in (True, False):
            text = re.sub(r"\[([^\[\]]*)\]", r"\1" if keep else "", phrase)
            for pick in (0, -1):

                def alternative(m: re.Match[str], pick: int = pick) -> str:
                    return m.group(1).split("|")[pick]

                spelled = re.sub(r"\(([^()]*)\)", alternative, text)
                pieces.append(" ".join(spelled.replace("*", "the new").split()))
    return pieces


@settings(max_examples=1000, deadline=None)
@given(data=st.data())
def test_the_prefilter_finds_what_the_whole_list_finds_on_texts_of_its_own_words(data) -> None:
    _name, items, nouns = data.draw(st.sampled_from(_ALL_LISTS))
    pieces = _phrase_pieces(items)
    own_words = sorted({w for p in pieces for w in p.split()})
    word = st.one_of(
        st.sampled_from(pieces),  # a whole phrase
        st.sampled_from(pieces).map(lambda p: p.rsplit(" ", 1)[0]),  # cut short: a near-miss
        st.sampled_from(pieces).map(lambda p: " ".join(p.split()[1:]) or p),  # its first word left out
        st.tuples(st.sampled_from(own_words), st.sampled_from(_SUFFIXES)).map("".join),
        st.sampled_from(own_words).map(str.title),
        _WORD,
    )
    text = data.draw(st.lists(st.tuples(word, st.sampled_from(_SEPARATORS)).map("".join), max_size=12).map("".join))
    entries = tuple(phrase_list(items).entries)
    fixed = frozenset(w.lower() for w in STOPS)
    assert _matches(PhraseList(entries, fixed, nouns), text) == _matches(_WholeAlternation(entries, fixed, nouns), text)


def test_the_prefilter_finds_what_the_whole_list_finds_on_the_seeds() -> None:
    from conftest import ROOT

    lines = sorted(
        {
            line
            for path in [*(ROOT / "tests" / "data").rglob("*.txt"), *(ROOT / "tests" / "data").rglob("*.md")]
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        }
    )
    assert len(lines) > 500
    fixed = frozenset(w.lower() for w in STOPS)
    for name, items, nouns in _ALL_LISTS:
        entries = tuple(phrase_list(items).entries)
        matcher, whole = PhraseList(entries, fixed, nouns), _WholeAlternation(entries, fixed, nouns)
        for line in lines:
            assert _matches(matcher, line) == _matches(whole, line), (name, line)


def test_a_text_with_the_first_word_of_a_phrase_but_not_the_rest_searches_for_nothing() -> None:
    matcher = PhraseList((entry_from("subject to [the] funding"), entry_from("explore")))
    assert matcher._candidates("The work is subject to review.") == set()
    assert matcher._candidates("The work is subject to funding.") == {0}
    assert [m.text for m in matcher.finditer("subject to the funding")] == ["subject to the funding"]
