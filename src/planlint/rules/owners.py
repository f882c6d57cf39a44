"""PL301-PL305: every action has an owner who can be held to it (G3)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from planlint.findings import Problem
from planlint.lazy_pattern import LazyPattern
from planlint.rules import RuleContext, blank, check, iter_actions, iter_owners, per_run, squash
from planlint.shapes import Plan


@check("owner-missing")
def owner_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for path, _rec, action in iter_actions(plan, ctx):
        if all(blank(o) for o in action.owners):
            yield Problem(path, "the action has no owner: add `owner:` naming who is responsible for it")


@check("owner-placeholder")
def owner_placeholder(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    placeholders = per_run(
        ctx, "owner-placeholders", lambda: {squash(str(p)) for p in ctx.word_list("owner-placeholders")} | {"?", "-"}
    )
    for path, owner in iter_owners(plan, ctx):
        stripped = owner.strip()
        if not stripped and isinstance(path[-1], int):
            yield Problem(path, "the owner list has an empty item: name the owner or remove the item")
            continue
        if stripped and (squash(stripped) in placeholders or stripped.strip("?-–— .") == ""):
            yield Problem(
                path,
                f"the owner '{stripped}' is a placeholder: name the role responsible for the "
                "action before the plan is submitted",
            )


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein with adjacent transpositions), exact up to 2;
    3 stands for "more". Only cells within two of the diagonal can hold 2 or less, so only they are
    computed: linear in the words' length, not quadratic."""
    band, more = 2, 3
    if abs(len(a) - len(b)) > band:
        return more
    # a shared start or end needs no edit: only the differing middle is aligned
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    if not a or not b:
        return min(len(a) + len(b), more)
    prev2: list[int] = []
    prev = [j if j <= band else more for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        row = [i if i <= band else more] + [more] * len(b)
        for j in range(max(1, i - band), min(len(b), i + band) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost, more)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) >= more:
            return more  # every alignment already needs more than two edits
        prev2, prev = prev, row
    return prev[len(b)]


_TOKEN = LazyPattern(r"[\w&']+|[^\w\s]")


def owner_tokens(owner: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(owner.casefold()))


def near_miss(ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
    """Same owner (as owner_tokens) but for one misspelt word: one token differs, by one edit (two in
    long words)."""
    if len(ta) != len(tb) or ta == tb:
        return False
    differing = [(x, y) for x, y in zip(ta, tb, strict=False) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    if not (_typo_word(x) and _typo_word(y)):
        return False  # "Team 1" / "Team 2", short words: different owners, not typos
    if x[0] != y[0]:
        return False  # Quality / Equality, Lead / Head, Northern / Southern: other words, rarely a typo
    return _edits(x, y) <= _allowed_edits(max(len(x), len(y)))


_LONGEST_WORD = 40  # a longer "word" is no name anyone misspells; it is not compared


_DIGIT_RE = LazyPattern(r"\d")


def _typo_word(token: str) -> bool:
    return 4 <= len(token) <= _LONGEST_WORD and not _DIGIT_RE.search(token)


def _allowed_edits(length: int) -> int:
    return 1 if length < 8 else 2


def _deletions(word: str, most: int) -> set[str]:
    """`word` with up to `most` letters deleted, never its first (a near miss shares its first letter).
    Two words within d edits (with swaps) share a form with at most d deletions from each: owners that
    might be near misses meet in one bucket instead of every pair being compared."""
    forms = {word}
    for _ in range(most):
        forms |= {f[:i] + f[i + 1 :] for f in forms for i in range(1, len(f))}
    return forms


def _chain(tokens: tuple[str, ...]) -> list[int]:
    """Hashes of every prefix of tokens, each from the one before: one pass, however long the owner."""
    hashes = [0]
    for token in tokens:
        hashes.append(hash((hashes[-1], token)))
    return hashes


def _typo_keys(tokens: tuple[str, ...]) -> Iterator[int]:
    """Keys shared by two owners that are the same but for one word, and meet as near_miss might want.
    Hashes, not tuples (half a million tuples cost more to keep than to make): a rare collision only
    brings near_miss one more owner to check."""
    before = _chain(tokens)
    after = _chain(tokens[::-1])[::-1]  # after[i]: the tokens from i on
    for i, token in enumerate(tokens):
        if _typo_word(token):
            # a word of 6 or 7 letters may meet one of 8 or 9, which two edits may separate
            most = 2 if len(token) >= 6 else 1
            for form in _deletions(token, most):
                yield hash((len(tokens), i, before[i], after[i + 1], form))


_JOINS = frozenset({"&", "and", ",", "/", ";", "+"})
_EDGE = 5  # the words before the first join and after the last that may be shared ("ACO" in "ACO A & B")


def _parts(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], ...] | None:
    parts: list[tuple[str, ...]] = []
    current: list[str] = []
    for token in tokens:
        if token in _JOINS:
            if not current:
                return None  # "A & & B", a join at an edge: not a plain list of names
            parts.append(tuple(current))
            current = []
        else:
            current.append(token)
    if not current:
        return None
    parts.append(tuple(current))
    return tuple(sorted(parts)) if len(parts) > 1 else None


def _order_keys(tokens: tuple[str, ...]) -> Iterator[tuple[object, ...]]:
    """Keys two owners share exactly when one role lists the same names as the other in another
    order: the same words before the list or after it, and the same items in it, whichever comes
    first ("ACO Shropshire & Warwickshire", "ACO Warwickshire & Shropshire"). Only whole items move:
    "Deputy Head of A and Head of B" and "Head of A and Deputy Head of B" share no key."""
    joins = [i for i, t in enumerate(tokens) if t in _JOINS]
    if not joins:
        return
    for lead in range(min(joins[0], _EDGE) + 1):
        for tail in range(min(len(tokens) - joins[-1] - 1, _EDGE) + 1):
            if lead == tail == 0:
                continue  # "A and B" beside "B and A" names the same people, each answerable either way
            parts = _parts(tokens[lead : len(tokens) - tail])
            if parts is not None:
                yield (tokens[:lead], parts, tokens[len(tokens) - tail :])


def _joined(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Tokens with every join alike: "A and B" and "A & B" are one order, spelt two ways."""
    return tuple("&" if t in _JOINS else t for t in tokens)


_MOST_TRIED = 32  # near misses tried per bucket: a bucket holds more only when owners are made to differ


@check("owner-inconsistent")
def owner_inconsistent(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    owners = [(path, " ".join(owner.split())) for path, owner in iter_owners(plan, ctx) if owner.strip()]
    counts = Counter(text for _, text in owners)
    tokens = {text: owner_tokens(text) for text in counts}
    # Only an owner used more often than another can be the one intended, so only those are indexed;
    # each owner then looks in its own buckets, never at every other owner.
    typo_keys = {text: list(_typo_keys(tokens[text])) for text in counts}
    order_keys = {text: list(_order_keys(tokens[text])) for text in counts}
    # A bucket of one owner is the owner itself, not a list: hundreds of thousands of one-item lists
    # made the garbage collector's work grow faster than the plan.
    typo_buckets: dict[int, str | list[str]] = {}
    order_best: dict[tuple[object, ...], list[str]] = {}
    for text in (t for t in counts if counts[t] > 1):
        for key in typo_keys[text]:
            held = typo_buckets.get(key)
            if held is None:
                typo_buckets[key] = text
            elif isinstance(held, list):
                held.append(text)
            else:
                typo_buckets[key] = [held, text]
        for order_key in order_keys[text]:
            order_best.setdefault(order_key, []).append(text)
    by_count = lambda t: (-counts[t], t)
    for bucket in (*typo_buckets.values(), *order_best.values()):
        if isinstance(bucket, list):
            bucket.sort(key=by_count)
    intended: dict[str, tuple[str, str]] = {}  # owner -> (intended owner, "typo" or "order")
    for text in counts:
        best: tuple[str, str] | None = None

        def consider(other: str, kind: str, text: str = text) -> None:
            nonlocal best
            if counts[other] > counts[text] and (best is None or by_count(other) < by_count(best[0])):
                best = (other, kind)

        for key in typo_keys[text]:
            bucket_of = typo_buckets.get(key, ())
            for tried, other in enumerate((bucket_of,) if isinstance(bucket_of, str) else bucket_of):
                if counts[other] <= counts[text] or tried >= _MOST_TRIED:
                    break
                if near_miss(tokens[text], tokens[other]):
                    consider(other, "typo")
                    break
        for order_key in order_keys[text]:
            # every owner in the bucket is a reordering of this one, or this one with other joins or case
            reordered = next(
                (o for o in order_best.get(order_key, ()) if _joined(tokens[o]) != _joined(tokens[text])), None
            )
            if reordered is not None:
                consider(reordered, "order")
        if best is not None:
            intended[text] = best
    for path, text in owners:
        if text in intended:
            other, kind = intended[text]
            if kind == "typo":
                yield Problem(
                    path,
                    f"the owner '{text}' looks like a misspelling of '{other}' (used {counts[other]} "
                    "times in this plan): spell each owner the same way so actions can be tracked",
                )
            else:
                yield Problem(
                    path,
                    f"the owner '{text}' has the same words as '{other}' (used {counts[other]} "
                    "times in this plan) in another order: write each owner the same way so actions "
                    "can be tracked",
                )


def _collective(owner: str, collectives: set[str]) -> bool:
    key = squash(owner)
    return key in collectives or key.removeprefix("the ") in collectives


@check("owner-vague")
def owner_vague(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    collectives = per_run(
        ctx, "owner-collectives", lambda: {squash(str(c)) for c in ctx.word_list("owner-collectives")}
    )
    for path, owner in iter_owners(plan, ctx):
        if owner.strip() and _collective(owner, collectives):
            yield Problem(
                path,
                f"the owner '{owner.strip()}' names no one accountable: name the role that "
                "answers for the action (for example 'Head of Operations')",
            )


_TITLE_AND_NAME_RE = LazyPattern(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+[A-Z]")
_NAME_TOKEN_RE = LazyPattern(r"[\w'&-]+")


def has_named_individual(owner: str, role_words: set[str]) -> bool:
    """Two capitalised words in a row that are not job-title words, or a title and a surname.

    An initial counts as a name word ("J. Smith"); other all-capital words are acronyms.
    """
    if _TITLE_AND_NAME_RE.search(owner):
        return True
    run = 0
    for token in _NAME_TOKEN_RE.findall(owner):
        name_like = len(token) == 1 or not token.isupper()
        if token[:1].isupper() and name_like and token.casefold() not in role_words:
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False


@check("owner-named-individual")
def owner_named_individual(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    role_words = per_run(
        ctx, "owner-role-words", lambda: {str(w).casefold() for w in ctx.word_list("owner-role-words")}
    )
    for path, owner in iter_owners(plan, ctx):
        if owner.strip() and not has_named_individual(owner, role_words):
            yield Problem(
                path,
                f"the owner '{owner.strip()}' names a role but no individual: add the named "
                "individual and their functional role (e.g. 'Jane Smith, Head of Operations')",
            )
