"""Every regular expression planlint runs on plan text takes linear time, on any text.

A backtracking pattern such as `\\b[^>]*>` or `_(.+?)_` takes time quadratic in its
input on the right text ("<p" * 500000, "_a " * 20000): a 1 MB plan then holds CI
for minutes. This test collects every compiled pattern in the package (module
globals, compiled or lazy, and the containers and classes they hold, the patterns functions compile
when a run calls them, and the word lists of rules/lexicon/ as phrases.py compiles
them) and runs each over adversarial texts of growing size built from the pattern's
own pieces: a sample of what it matches, cut at each point, repeated, with and
without a character that breaks the match. Linear growth passes; a text 4x longer
taking more than 12x the time fails (measured again before failing, for noise).

A second test runs regexploit (a static ReDoS finder) over the same patterns.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib
import pkgutil
import random
import re
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:  # Python 3.11+: the parser moved
    import re._constants as sre_constants  # type: ignore[import-not-found,unused-ignore]
    import re._parser as sre_parse  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef,unused-ignore]
    import sre_parse  # type: ignore[no-redef,unused-ignore]

import planlint
from conftest import ROOT
from planlint.lazy_pattern import LazyPattern

SRC = Path(planlint.__file__).resolve().parent
GROWTH = 4  # each size is this many times the one before
MAX_RATIO = 12  # linear is ~4x; quadratic ~16x
QUICK = 0.004  # seconds: a run over the larger text this fast is linear enough whatever its ratio
BASE_CHARS = 2000  # the smaller adversarial text (quadratic at 8,000 characters already takes ~30 ms)
MAX_UNITS = 80  # adversarial texts tried per pattern


# ---------------------------------------------------------------- collecting the patterns


def _walk(
    value: Any, found: dict[tuple[str, int], re.Pattern[str]], where: str, depth: int = 0, seen: set[int] | None = None
) -> None:
    seen = set() if seen is None else seen
    if id(value) in seen or depth > 4:
        return
    seen.add(id(value))
    if isinstance(value, LazyPattern):  # compiled when first used: compile it now to check it
        value = value.compiled
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            found.setdefault((value.pattern, value.flags), value)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            _walk(item, found, where, depth + 1, seen)
    elif isinstance(value, dict) or type(value).__name__ == "mappingproxy":
        for item in list(value.values()):
            _walk(item, found, where, depth + 1, seen)
    elif isinstance(value, type) and value.__module__.startswith("planlint"):
        for item in list(vars(value).values()):
            _walk(item, found, where, depth + 1, seen)


def _modules() -> list[Any]:
    names = ["planlint"] + [m.name for m in pkgutil.walk_packages([str(SRC)], "planlint.")]
    modules = []
    for name in names:
        if name.endswith("__main__"):
            continue
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:  # an optional extra (python-docx) not installed
            if not (exc.name or "").startswith("docx"):
                raise
    return modules


def _lexicon_patterns(found: dict[tuple[str, int], re.Pattern[str]]) -> None:
    """Every word list, compiled by phrases.py as the rules compile it: the whole alternation, each entry."""
    from planlint import phrases
    from planlint.catalog import load_catalog

    words = load_catalog().words
    fixed = [w for w in words.get("stop-words") or [] if isinstance(w, str)]
    for _name, items in words.items():
        lists = [items] if isinstance(items, list) else [v for v in (items or {}).values() if isinstance(v, list)]
        variants = [(entries, fixed, plural_only) for entries in lists for plural_only in (False, True)]
        if isinstance(items, dict):  # a mapping's lists as rules/reasons.py reads them: led by the key, no fixed words
            variants += [([key, *(value or [])], [], False) for key, value in items.items() if isinstance(value, list)]
        for entries, fixed_words, plural_only in variants:
            compiled = phrases.phrase_list(
                [e for e in entries if isinstance(e, (str, dict))], fixed_words, plural_only=plural_only
            )
            if not len(compiled):
                continue
            # The whole alternation holds every entry's regex, but only a sample of its branches
            # is tried: each entry of several words (separators, optional words, alternatives:
            # the phrase syntax that can backtrack) is tried on its own as well, as a run searches
            # it when a text holds its words.
            patterns = [compiled._whole_regex()]
            patterns += [
                compiled._entry_regex(i)
                for i, entry in enumerate(compiled.entries)
                if "[" in entry.phrase or "(" in entry.phrase or len(entry.phrase.split()) > 1
            ]
            patterns += [re.compile(compiled._pattern(i)) for i in compiled._exact]  # the case-sensitive checks
            patterns += [pattern.compiled for pattern in (*compiled._after.values(), *compiled._before.values())]
            for pattern in patterns:
                found.setdefault((pattern.pattern, pattern.flags), pattern)


def _date_grammar_patterns(found: dict[tuple[str, int], re.Pattern[str]]) -> None:
    """The target-date grammar of the shipped word lists, and of the date forms alone (a plan's own date):
    each alternative it searches apart, and the whole alternation."""
    from planlint.dates import DateGrammar
    from planlint.rules.target_dates import default_date_grammar

    for grammar in (default_date_grammar(), DateGrammar.from_words({})):
        for pattern in [*(a.pattern for a in grammar.alternatives), grammar.whole]:
            found.setdefault((pattern.pattern, pattern.flags), pattern.compiled)


def _run_everything() -> None:
    """Lint every fixture, seed and example in-process, so functions compile what they compile lazily."""
    from planlint.catalog import load_catalog
    from planlint.config import Resolver
    from planlint.engine import lint_document
    from planlint.reader import read_bytes

    catalog = load_catalog()
    table = Resolver(catalog, config_file=None, extend_select=[r.code for r in catalog.rules]).table_for(".")
    files = [
        p
        for p in (ROOT / "tests").rglob("*")
        if p.is_file() and p.suffix.lower() in (".yaml", ".yml", ".md", ".txt", ".docx") and "snapshots" not in p.parts
    ]
    for path in sorted(files)[:400]:
        try:
            doc = read_bytes(path.read_bytes(), path.name)
            lint_document(doc, table, today=dt.date(2024, 1, 17), catalog=catalog)
        except Exception:
            continue
    from planlint.dates import read_target_date
    from planlint.rules.target_dates import default_date_grammar, judge_target_date

    for text in ("Q3 2024", "end of March 2025", "ongoing", "by 31/12/2024 <p>then</p>", "subject to funding"):
        read_target_date(text, default_date_grammar(), quarters="financial")
        judge_target_date(text, dt.date(2024, 1, 17), quarters="calendar")


@functools.lru_cache(maxsize=1)
def all_patterns() -> list[re.Pattern[str]]:
    found: dict[tuple[str, int], re.Pattern[str]] = {}
    for module in _modules():
        for value in list(vars(module).values()):
            _walk(value, found, module.__name__)
    # Patterns compiled inside functions (re.compile, or a string handed to re.sub and
    # its kind): record every one compiled from planlint's own code while a run goes.
    original = re._compile  # type: ignore[attr-defined]

    def recording(pattern: Any, flags: Any) -> Any:
        compiled = original(pattern, flags)
        if isinstance(compiled.pattern, str):
            frame = sys._getframe(1)
            while frame is not None and frame.f_code.co_filename.endswith(("re/__init__.py", "re.py")):
                frame = frame.f_back  # type: ignore[assignment]
            if frame is not None and Path(frame.f_code.co_filename).resolve().is_relative_to(SRC):
                found.setdefault((compiled.pattern, compiled.flags), compiled)
        return compiled

    re._compile = recording  # type: ignore[attr-defined]
    try:
        _run_everything()
    finally:
        re._compile = original  # type: ignore[attr-defined]
    _lexicon_patterns(found)
    _date_grammar_patterns(found)
    return sorted(found.values(), key=lambda p: (p.pattern, p.flags))


# ---------------------------------------------------------------- adversarial texts


_CATEGORY_CHARS = {
    sre_constants.CATEGORY_DIGIT: "1",
    sre_constants.CATEGORY_NOT_DIGIT: "a",
    sre_constants.CATEGORY_SPACE: " ",
    sre_constants.CATEGORY_NOT_SPACE: "a",
    sre_constants.CATEGORY_WORD: "a",
    sre_constants.CATEGORY_NOT_WORD: " ",
}
_BREAKERS = ("", " ", "a", "\n", ".", "1")


def _one_char(items: list[Any]) -> str:
    """A character an `[...]` set matches."""
    negate = any(op is sre_constants.NEGATE for op, _ in items)
    if negate:
        excluded = "".join(_one_char([item]) for item in items if item[0] is not sre_constants.NEGATE)
        return next(c for c in "a b1.\n<x" if c not in excluded)
    for op, arg in items:
        if op is sre_constants.LITERAL:
            return chr(arg)
        if op is sre_constants.RANGE:
            return chr(arg[0])
        if op is sre_constants.CATEGORY:
            return _CATEGORY_CHARS.get(arg, "a")
    return "a"


def _samples(tree: Any, limit: int, rng: random.Random) -> list[str]:
    """Up to `limit` texts the parsed pattern could match (lookarounds ignored)."""
    results = [""]
    for op, arg in tree:
        if op is sre_constants.LITERAL:
            parts = [chr(arg)]
        elif op is sre_constants.NOT_LITERAL:
            parts = ["a" if chr(arg) != "a" else "b"]
        elif op is sre_constants.ANY:
            parts = ["a"]
        elif op is sre_constants.IN:
            parts = [_one_char(arg)]
        elif op in (
            sre_constants.MAX_REPEAT,
            sre_constants.MIN_REPEAT,
            getattr(sre_constants, "POSSESSIVE_REPEAT", None),
        ):
            low, _high, inner = arg
            parts = [s * max(low, 1) for s in _samples(inner, limit, rng)]
        elif op is sre_constants.SUBPATTERN:
            parts = _samples(arg[-1], limit, rng)
        elif op is getattr(sre_constants, "ATOMIC_GROUP", None):
            parts = _samples(arg, limit, rng)
        elif op is sre_constants.BRANCH:
            branches = arg[1]
            if len(branches) > limit:
                branches = branches[: limit // 2] + rng.sample(branches[limit // 2 :], limit - limit // 2)
            parts = [s for branch in branches for s in _samples(branch, 2, rng)]
        elif op is sre_constants.CATEGORY:
            parts = [_CATEGORY_CHARS.get(arg, "a")]
        else:  # AT, ASSERT, ASSERT_NOT, GROUPREF...: take no text
            continue
        results = [r + p for r in results for p in parts[:limit]]
        if len(results) > limit:
            results = rng.sample(results, limit)
    return results


def adversarial_units(pattern: re.Pattern[str], rng: random.Random) -> list[tuple[str, str]]:
    """(prefix, unit) pairs: the text prefix + unit * n is tried for growing n."""
    try:
        samples = _samples(sre_parse.parse(pattern.pattern, pattern.flags), 12, rng)
    except Exception:
        samples = []
    samples = [s for s in samples if s][:12] or ["a"]
    units: dict[tuple[str, str], None] = {}
    for sample in samples:
        cuts = sorted({*range(1, min(len(sample), 6) + 1), len(sample)})
        for cut in cuts:
            piece = sample[:cut]
            for breaker in _BREAKERS:
                units[("", piece + breaker)] = None
            for simple in ("a ", " ", "a", "1 ", "\n"):
                units[(piece, simple)] = None
        units[("", sample[-1:])] = None
    # characters the pattern names outright, each alone and after a letter
    for char in dict.fromkeys(c for c in pattern.pattern if not c.isalnum() and c != "\\"):
        units[("", char)] = None
        units[("", "a" + char)] = None
    found = list(units)
    if len(found) > MAX_UNITS:  # a word list's alternation gives hundreds: a fixed sample of them
        found = found[: MAX_UNITS // 2] + rng.sample(found[MAX_UNITS // 2 :], MAX_UNITS - MAX_UNITS // 2)
    return found


def _seconds(pattern: re.Pattern[str], text: str) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for _match in pattern.finditer(text):
            pass
        pattern.match(text)
        best = min(best, time.perf_counter() - start)
    return best


def superlinear(pattern: re.Pattern[str], prefix: str, unit: str) -> tuple[float, float] | None:
    """(time at n, time at GROWTH * n) when growth looks super-linear, confirmed on a larger text; else None.

    A shared machine's noise can make one ratio look quadratic; growing again by GROWTH must then
    show it again (linear time gives ~GROWTH each step, quadratic ~GROWTH ** 2 each step)."""
    n = max(1, BASE_CHARS // len(unit))
    big = _seconds(pattern, prefix + unit * (n * GROWTH))
    if big < QUICK:
        return None
    for _attempt in range(2):
        small = _seconds(pattern, prefix + unit * n)
        if big < MAX_RATIO * max(small, QUICK / MAX_RATIO):
            return None
        bigger = _seconds(pattern, prefix + unit * (n * GROWTH * GROWTH))
        if bigger < MAX_RATIO * big:
            return None
        big = _seconds(pattern, prefix + unit * (n * GROWTH))
    return small, big


def _short(text: str) -> str:
    return text if len(text) < 90 else text[:87] + "..."


def _label(pattern: re.Pattern[str]) -> str:
    return _short(pattern.pattern)


def test_the_collector_finds_the_patterns_that_see_plan_text() -> None:
    patterns = {p.pattern for p in all_patterns()}
    from planlint import dates
    from planlint.importers import cells

    assert dates._HARD_BREAK.pattern in patterns  # a module global
    assert cells._MD_INLINE[0][0].pattern in patterns  # inside a tuple
    assert any(p.startswith(r"(?<![\w])(?:(?P<e") for p in patterns)  # a word list's alternation
    assert r"[ \t]{2,}" in patterns  # a string handed to re.sub inside a function
    assert len(patterns) > 150


def test_the_probe_catches_a_quadratic_pattern() -> None:
    """The measurement itself: a known quadratic pattern fails it, its linear rewrite passes."""
    rng = random.Random(0)
    quadratic = re.compile(r"<p\b[^>]*>")
    # up to three tries: a busy machine can hide the growth once (the probe errs towards "linear")
    assert any(superlinear(quadratic, p, u) for _try in range(3) for p, u in adversarial_units(quadratic, rng))
    linear = re.compile(r"<p\b[^<>]*>")
    assert not any(superlinear(linear, p, u) for p, u in adversarial_units(linear, rng))


@pytest.mark.parametrize("index", range(0, 16))
def test_every_pattern_runs_in_linear_time(index: int) -> None:
    """In 16 slices, so a failure names few patterns and -n spreads the work."""
    patterns = all_patterns()[index::16]
    failures = []
    for pattern in patterns:
        rng = random.Random(zlib.crc32(pattern.pattern.encode("utf-8", "surrogatepass")))
        for prefix, unit in adversarial_units(pattern, rng):
            slow = superlinear(pattern, prefix, unit)
            if slow:
                failures.append(
                    f"{_label(pattern)!r} on {_short(prefix)!r} + {unit!r} * n: "
                    f"{slow[0] * 1000:.1f} ms, then {slow[1] * 1000:.1f} ms for {GROWTH}x the text"
                )
                break
    assert not failures, "super-linear patterns:\n" + "\n".join(failures)


# ---------------------------------------------------------------- a static ReDoS check

MAX_STATIC_LENGTH = 3000  # regexploit takes minutes on a word list's whole alternation: its entries are checked alone


def _static_patterns() -> list[tuple[str, int]]:
    from planlint import phrases
    from planlint.catalog import load_catalog

    found = {(p.pattern, p.flags) for p in all_patterns() if len(p.pattern) <= MAX_STATIC_LENGTH}
    words = load_catalog().words
    fixed = [w for w in words.get("stop-words") or [] if isinstance(w, str)]
    for items in words.values():
        lists = [items] if isinstance(items, list) else [v for v in (items or {}).values() if isinstance(v, list)]
        for entries in lists:
            compiled = phrases.phrase_list([e for e in entries if isinstance(e, (str, dict))], fixed)
            found.update((compiled._entry_regex(i).pattern, re.IGNORECASE) for i in range(len(compiled)))
    return sorted(found)


def test_regexploit_finds_no_redos():
    """regexploit finds nested and adjacent quantifiers that backtrack exponentially or polynomially
    within one match attempt ("(a+)+b"); the timing test above finds the rest (a scan restarted at
    every position, which regexploit does not model)."""
    import warnings

    with warnings.catch_warnings():  # regexploit imports the sre_* modules Python 3.11 deprecates
        warnings.simplefilter("ignore", DeprecationWarning)
        pytest.importorskip("regexploit", reason="regexploit is in the test extra: pip install -e '.[test]'")
        from regexploit.ast.sre import SreOpParser
        from regexploit.redos import find

    assert find(SreOpParser().parse_sre(r"(?:\w+\s?)+$", 0)), "regexploit no longer finds a known ReDoS"
    problems, unfinished = [], []
    patterns = _static_patterns()
    with warnings.catch_warnings(), _time_limit() as limited:
        warnings.simplefilter("ignore")
        for source, flags in patterns:
            try:
                with limited(STATIC_SECONDS):
                    found = find(SreOpParser().parse_sre(source, flags))
            except AttributeError:  # a construct regexploit 1.0 cannot parse (possessive *+)
                unfinished.append(source)
                continue
            except _TooLong:
                unfinished.append(source)  # regexploit's search blows up on some long phrases (minutes)
                continue
            for redos in found:
                problems.append(f"{_short(source)!r}: {redos.example()[:80]} (starriness {redos.starriness})")
                break
    assert not problems, "ReDoS found:\n" + "\n".join(problems)
    assert len(unfinished) <= len(patterns) // 20, f"regexploit could not finish {len(unfinished)} patterns"


STATIC_SECONDS = 2


class _TooLong(Exception):
    pass


@contextlib.contextmanager
def _time_limit() -> Iterator[Any]:
    """A per-pattern time limit for regexploit (SIGALRM; without it, no limit)."""
    import signal

    if not hasattr(signal, "setitimer"):
        yield lambda seconds: contextlib.nullcontext()
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise _TooLong

    @contextlib.contextmanager
    def limited(seconds: float) -> Iterator[None]:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        yield limited
    finally:
        signal.signal(signal.SIGALRM, previous)
