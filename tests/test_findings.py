"""Findings as --jobs workers send them back: every field survives the trip."""

from __future__ import annotations

import pickle

from planlint.findings import Cell, Edit, Finding, Fix, Severity, Span


def test_a_finding_with_every_field_set_survives_pickling():
    finding = Finding(
        file="plans/a.plan.yaml",
        span=Span(3, 5, 4, 9),
        code="PL401",
        name="date-missing",
        severity=Severity.WARNING,
        message="The action has no target date",
        path=("recommendations", 0),
        fix=Fix("set it", (Edit(("recommendations", 0, "category"), "Agreed"),)),
        fingerprint="f" * 32,
        cell=Cell(1, 2, "Owner"),
    )
    defaults = Finding(file="", span=Span(1, 1, 1, 1), code="", name="", severity=Severity.INFO, message="", path=())
    # the example sets every field away from its default, so a field the pickling forgot would show
    assert all(getattr(finding, f) != getattr(defaults, f) for f in Finding._fields)
    assert pickle.loads(pickle.dumps(finding, protocol=pickle.HIGHEST_PROTOCOL)) == finding
