"""Suppression comments: every form, codes and names, reasons, and what is reported as unused."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from planlint import suppress
from planlint.catalog import Catalog, RuleMeta
from planlint.document import load_yaml
from planlint.findings import Finding, Severity, Span


def _rule(code: str, name: str, severity: Severity = Severity.WARNING) -> RuleMeta:
    return RuleMeta(
        code=code,
        name=name,
        severity=severity,
        enabled=True,
        summary="s",
        what="w",
        why="y",
        guidance="g",
        example_fail="f",
        example_pass="p",
    )


RULES = (
    _rule("PL006", "unused-suppression", Severity.INFO),
    _rule("PL301", "owner-missing", Severity.ERROR),
    _rule("PL304", "owner-vague"),
    _rule("PL501", "vague-phrase"),
    _rule("PL502", "non-committal"),
    _rule("PL605", "duplicate-action", Severity.INFO),
)
CATALOG = Catalog(
    RULES,
    MappingProxyType({r.code: r for r in RULES}),
    MappingProxyType({r.name: r for r in RULES}),
    MappingProxyType({}),
)
ALL_ON = frozenset(r.code for r in RULES)


def _finding(code: str, line: int) -> Finding:
    rule = CATALOG.get(code)
    assert rule is not None, code
    return Finding("p.plan.yaml", Span(line, 9, line, 20), code, rule.name, rule.severity, f"{code} message", ())


def _run(text: str, findings: list[Finding], enabled=ALL_ON):
    doc = load_yaml(text, "p.plan.yaml")
    assert not doc.problems
    suppressions = suppress.Suppressions(suppress.parse(doc.source), CATALOG)
    kept = [f for f in findings if not suppressions.silences(f)]
    unused = [(suppress.UNUSED, s.span.line, message) for s, message in suppressions.unused(enabled)]
    return [(f.code, f.line) for f in kept], unused


PLAN = """\
recommendations:
  - id: 1
    actions:
      - text: Explore options where possible.   # planlint: disable=PL501,non-committal -- quoted verbatim
        owner: all staff
"""


def test_end_of_line_disable_by_code_and_name_with_a_reason():
    kept, unused = _run(PLAN, [_finding("PL501", 4), _finding("PL502", 4), _finding("PL304", 5)])
    assert kept == [("PL304", 5)] and unused == []
    (parsed,) = suppress.parse(load_yaml(PLAN, "p").source)
    assert parsed.selectors == ("PL501", "non-committal") and parsed.reason == "quoted verbatim"
    assert (parsed.span.line, parsed.span.column) == (4, 49)


def test_end_of_line_disable_covers_only_its_line():
    kept, _ = _run(PLAN, [_finding("PL501", 5)])
    assert kept == [("PL501", 5)]


def test_disable_next_line():
    text = PLAN.replace(
        "        owner: all staff", "        # planlint: disable-next-line=owner-vague\n        owner: all staff"
    )
    kept, unused = _run(text, [_finding("PL501", 4), _finding("PL502", 4), _finding("PL304", 6)])
    assert kept == [] and unused == []


def test_disable_file_anywhere_and_by_family():
    text = PLAN + "# planlint: disable-file=PL3, PL605\n"
    kept, unused = _run(
        text,
        [_finding("PL301", 3), _finding("PL304", 5), _finding("PL605", 2), _finding("PL501", 4), _finding("PL502", 4)],
    )
    assert kept == [] and unused == []


def test_unused_suppressions_are_reported_at_the_comment():
    text = PLAN + "# planlint: disable-file=PL605\n"
    kept, unused = _run(text, [_finding("PL501", 4)])
    assert kept == []
    assert [(code, line) for code, line, _ in unused] == [("PL006", 4), ("PL006", 6)]
    assert "`non-committal`" in unused[0][2] and "PL501" not in unused[0][2]
    assert "`PL605`" in unused[1][2] and "in this file" in unused[1][2]


def test_a_rule_switched_off_for_the_run_does_not_make_its_suppression_stale():
    _, unused = _run(PLAN, [], enabled=ALL_ON - {"PL501", "PL502"})
    assert unused == []


def test_unknown_rule_and_misspelt_directive_are_reported():
    text = PLAN.replace("disable=PL501,non-committal", "disable=PL999").replace(
        "        owner: all staff", "        owner: all staff   # planlint: disabel=PL304"
    )
    kept, unused = _run(text, [_finding("PL304", 5)])
    assert kept == [("PL304", 5)]
    assert "`PL999` names no planlint rule" in unused[0][2]
    assert "`planlint: disabel` is not a planlint directive" in unused[1][2]


def test_disable_on_a_line_of_its_own_is_unused_and_says_why():
    text = PLAN.replace("        owner: all staff", "        # planlint: disable=owner-vague\n        owner: all staff")
    kept, unused = _run(text, [_finding("PL304", 6)])
    assert kept == [("PL304", 6)]
    assert unused[-1][1] == 5 and "use `disable-next-line=`" in unused[-1][2]


def _lint(text: str) -> list[Finding]:
    """The engine's findings: suppressions applied and unused ones stamped as PL006."""
    import datetime as dt

    from planlint.catalog import load_catalog
    from planlint.engine import RuleTable, lint_document

    table = RuleTable.build(load_catalog(), select=["PL006", "PL605"])
    return lint_document(load_yaml(text, "p.plan.yaml"), table, today=dt.date(2024, 1, 17))


def test_unused_suppression_can_itself_be_disabled():
    text = PLAN + "# planlint: disable-file=PL605\n"
    assert [f.code for f in _lint(text)] == ["PL006"]
    assert _lint(text + "# planlint: disable-file=unused-suppression\n") == []


@pytest.mark.parametrize(
    "scalar",
    [
        '"Explore options # planlint: disable=PL501"',
        "'Explore options # planlint: disable=PL501'",
        "|\n          Explore options\n          # planlint: disable=PL501",
    ],
)
def test_a_hash_inside_a_scalar_is_text_not_a_comment(scalar):
    text = f"recommendations:\n  - id: 1\n    actions:\n      - text: {scalar}\n"
    assert suppress.parse(load_yaml(text, "p").source) == []


def test_a_block_scalar_header_may_carry_the_comment():
    text = (
        "recommendations:\n  - id: 1\n    actions:\n      - text: >-   # planlint: disable=PL505\n"
        "          A long action text.\n"
    )
    (parsed,) = suppress.parse(load_yaml(text, "p").source)
    assert parsed.target_line == 4 and parsed.selectors == ("PL505",)


def test_unused_suppression_is_stamped_like_any_finding():
    (unused,) = _lint(PLAN + "# planlint: disable-file=PL605\n")
    assert (unused.code, unused.name, unused.severity, unused.line) == ("PL006", "unused-suppression", Severity.INFO, 6)
    assert unused.message.startswith("The suppression of `PL605` is unused") and len(unused.fingerprint) == 32


def test_unused_fingerprint_ignores_the_line():
    (before,) = _lint(PLAN + "# planlint: disable-file=PL605\n")
    (after,) = _lint("# a comment\n\n" + PLAN + "# planlint: disable-file=PL605\n")
    assert after.line == before.line + 2 and after.fingerprint == before.fingerprint
