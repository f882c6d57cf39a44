"""LazyPattern is re.compile deferred to first use; leftmost_first finds what one alternation finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from planlint.lazy_pattern import LazyPattern, leftmost_first


def _compiled_yet(pattern: LazyPattern) -> bool:
    return pattern.is_compiled


def test_a_lazy_pattern_compiles_on_first_use_and_answers_as_re_compile_does() -> None:
    lazy = LazyPattern(r"(?P<word>[a-z]+)(\d)?", re.IGNORECASE)
    assert not _compiled_yet(lazy)
    compiled = re.compile(r"(?P<word>[a-z]+)(\d)?", re.IGNORECASE)
    text = "Ab1 cd, EF2 g"
    assert lazy.search(text, 2).span() == compiled.search(text, 2).span()  # type: ignore[union-attr]
    assert _compiled_yet(lazy)
    assert lazy.match(text).group() == "Ab1"  # type: ignore[union-attr]
    assert lazy.fullmatch("xy9") is not None
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub(lambda m: m.group("word").upper(), text) == compiled.sub(lambda m: m.group("word").upper(), text)
    assert lazy.subn("-", text) == compiled.subn("-", text)
    assert lazy.split(text, 2) == compiled.split(text, 2)
    assert (lazy.pattern, lazy.flags, lazy.groups, dict(lazy.groupindex)) == (
        compiled.pattern,
        compiled.flags,
        compiled.groups,
        dict(compiled.groupindex),
    )


def test_once_compiled_its_methods_are_the_compiled_patterns_own() -> None:
    lazy = LazyPattern(r"\d+")
    lazy.search("a1")
    assert lazy.finditer.__self__ is lazy.compiled  # type: ignore[attr-defined]
    assert lazy.search.__self__ is lazy.compiled  # type: ignore[attr-defined]


def test_an_unused_pattern_is_never_compiled() -> None:
    lazy = LazyPattern(r"(unbalanced")  # would raise if it were compiled
    assert repr(lazy) == "LazyPattern('(unbalanced', 0)"
    assert not lazy.is_compiled


_ALTERNATIVES = ["ab", "a", "b c", "abc", "c+", "a b", "ba", r"\bb", r"c(?= )", r"(?<=a)b", "bb|cc"]


@settings(max_examples=400, deadline=None)
@given(
    alternatives=st.lists(st.sampled_from(_ALTERNATIVES), min_size=1, max_size=6, unique=True),
    text=st.text(alphabet="abc ", max_size=30),
)
def test_leftmost_first_finds_what_the_alternation_finds(alternatives: list[str], text: str) -> None:
    whole = re.compile("|".join(f"(?P<a{i}>{a})" for i, a in enumerate(alternatives)))
    expected = [(int(m.lastgroup[1:]), m.span()) for m in whole.finditer(text)]  # type: ignore[index]
    apart = [LazyPattern(a) for a in alternatives]
    assert [(i, m.span()) for i, m in leftmost_first(text, apart)] == expected
