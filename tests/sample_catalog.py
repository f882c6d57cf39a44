"""A small hand-built rule catalogue, so that tests of the CI machinery do not depend on the shipped rules."""

from __future__ import annotations

from types import MappingProxyType

from planlint.catalog import Catalog, RuleMeta, RuleOption
from planlint.findings import Severity


def rule(
    code: str,
    name: str,
    severity: Severity = Severity.WARNING,
    *,
    enabled: bool = True,
    options: tuple[RuleOption, ...] = (),
) -> RuleMeta:
    return RuleMeta(
        code=code,
        name=name,
        severity=severity,
        enabled=enabled,
        summary=f"{name} summary",
        what="w",
        why="y",
        guidance="g",
        example_fail="f",
        example_pass="p",
        options=options,
    )


RULES = (
    rule("PL001", "parse-error", Severity.ERROR),
    rule("PL006", "unused-suppression", Severity.INFO),
    rule("PL102", "category-invalid", Severity.ERROR),
    rule("PL204", "reason-too-thin", options=(RuleOption("min-words", 8, "fewest words"),)),
    rule("PL301", "owner-missing", Severity.ERROR),
    rule("PL304", "owner-vague"),
    rule("PL305", "owner-named-individual", Severity.ERROR, enabled=False),
    rule("PL405", "date-too-far", options=(RuleOption("horizon-months", 36, "months after submission"),)),
    rule("PL501", "vague-phrase"),
    rule("PL605", "duplicate-action", Severity.INFO),
)

WORDS = {
    "owner-collectives": ["all staff", "everyone"],
    "vague-phrases": ["where possible"],
    "reason-categories": {"policy": ["policy"], "affordability": ["funding"]},
}

CATALOG = Catalog(
    RULES,
    MappingProxyType({r.code: r for r in RULES}),
    MappingProxyType({r.name: r for r in RULES}),
    MappingProxyType(WORDS),
)
