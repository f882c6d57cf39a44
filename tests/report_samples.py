"""A small fixed report for the renderer snapshots: findings built by hand, no engine involved."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from planlint.catalog import Catalog, RuleMeta
from planlint.findings import Cell, Edit, Finding, Fix, Severity, Span
from planlint.report import Report


def _rule(
    code: str, name: str, severity: Severity, summary: str, *, enabled: bool = True, fixable: bool = False
) -> RuleMeta:
    return RuleMeta(
        code=code,
        name=name,
        severity=severity,
        enabled=enabled,
        summary=summary,
        what=f"Checks {summary[0].lower()}{summary[1:]}",
        why="The guidance asks for it.",
        guidance='"Actions ... must be clear."',
        example_fail="owner: TBC",
        example_pass="owner: Head of HR",
        fixable=fixable,
    )


RULES = (
    _rule("PL001", "parse-error", Severity.ERROR, "The file is not readable YAML."),
    _rule("PL102", "category-invalid", Severity.ERROR, "The category is not one of the three.", fixable=True),
    _rule("PL301", "owner-missing", Severity.ERROR, "An action has no owner."),
    _rule("PL304", "owner-vague", Severity.WARNING, "The owner identifies no one accountable."),
    _rule("PL305", "owner-named-individual", Severity.ERROR, "An owner has no named individual.", enabled=False),
    _rule("PL503", "continuation-only", Severity.INFO, "The action only continues existing work."),
)

CATALOG = Catalog(
    RULES,
    MappingProxyType({r.code: r for r in RULES}),
    MappingProxyType({r.name: r for r in RULES}),
    MappingProxyType({}),
)

# PL304 raised to error by configuration; PL305 not enabled, so it has no severity.
SEVERITIES = MappingProxyType(
    {
        "PL001": Severity.ERROR,
        "PL102": Severity.ERROR,
        "PL301": Severity.ERROR,
        "PL304": Severity.ERROR,
        "PL503": Severity.INFO,
    }
)

FINDINGS = [
    Finding(
        "plans/north region.plan.yaml",
        Span(12, 9, 13, 40),
        "PL102",
        "category-invalid",
        Severity.ERROR,
        "The category 'Partially agreed' is not Agreed, Partly Agreed or Not Agreed; did you mean 'Partly Agreed'?",
        ("recommendations", 0, "category"),
        fix=Fix("set the category to 'Partly Agreed'", (Edit(("recommendations", 0, "category"), "Partly Agreed"),)),
        fingerprint="0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    ),
    Finding(
        "plans/north region.plan.yaml",
        Span(17, 9, 17, 60),
        "PL301",
        "owner-missing",
        Severity.ERROR,
        "The action has no owner: add `owner:` naming who is accountable, e.g. 'Head of HR, NPS'.",
        ("recommendations", 0, "actions", 0),
        fingerprint="11112222333344445555666677778888",
    ),
    Finding(
        "plans/north region.plan.yaml",
        Span(21, 16, 21, 25),
        "PL304",
        "owner-vague",
        Severity.ERROR,
        "The owner 'all staff' names no one accountable (100% of staff);\nname a role instead.",
        ("recommendations", 0, "actions", 1, "owner"),
        fingerprint="aaaabbbbccccddddeeeeffff00001111",
    ),
    Finding(
        "imports/plan.docx",
        Span(1, 1, 1, 1),
        "PL503",
        "continuation-only",
        Severity.INFO,
        'The action only continues existing work <"Continue to" & more>; name the new output it delivers.',
        ("recommendations", 3, "actions", 0, "text"),
        cell=Cell(1, 4, "Response Action Taken/Planned"),
        fingerprint="99998888777766665555444433332222",
    ),
]

FILES = ["plans/north region.plan.yaml", "plans/clean.plan.yaml", "imports/plan.docx"]


def sample_report(**changes) -> Report:
    fields: dict[str, Any] = dict(
        findings=list(FINDINGS), files=list(FILES), catalog=CATALOG, severities=SEVERITIES, version="0.1.0"
    )
    fields.update(changes)
    return Report(**fields)
