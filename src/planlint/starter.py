"""The commented starter plan `planlint init` writes; it lints clean."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

_TEMPLATE = """\
# yaml-language-server: $schema=plan.schema.json
# (editors check the plan as you type once `planlint schema > plan.schema.json` has written the schema)
# A starter action plan in the planlint format (version 1). Fill it in, then run:
#   planlint check {file}
# Every recommendation of the report gets one entry. `planlint explain CODE` says what a finding means.
planlint: 1
plan:
  title: Action Plan - Example Region
  organisation: Probation Service, Example Region
  report: An inspection of probation services in the Example Region
  report_published: {published}
  submitted: {submitted}        # the "as of" date for the date rules
recommendations:
  - id: 1
    addressee: The Example Region Probation Service should
    text: Ensure that workloads are balanced fairly across probation delivery units.
    category: Agreed              # Agreed | Partly Agreed | Not Agreed
    actions:                      # specific, measurable steps, each with an owner and a target date
      - text: Publish a monthly workload report for each probation delivery unit.
        owner: Head of Operations
        target_date: {soon} and then monthly
      - text: Move cases between delivery units when the monthly workload report shows a unit over capacity.
        owner: Head of Operations
        target_date: {later}
        measure: No delivery unit over capacity for three months in a row.
  - id: 2
    text: Provide a probation office in every market town.
    category: Not Agreed
    reasons:                      # Partly / Not Agreed: why, and which of the four reasons
      - category: affordability   # commissioning | policy | operational | affordability
        text: The estates budget for this spending review period has no funding for new offices.
summary:                          # optional; must match the recommendations
  agreed: 1
  partly_agreed: 0
  not_agreed: 1
  total: 2
"""


# The name the starter's "run: planlint check ..." line uses when it is printed rather than written to a file.
UNNAMED = "NAME.plan.yaml"


def starter_plan(today: dt.date, file: str | None = None) -> str:
    """The starter plan, dated from `today`, telling its reader to check `file` (the file it is written to)."""
    soon = today + relativedelta(months=3)
    later = today + relativedelta(months=6)
    return _TEMPLATE.format(
        published=(today - relativedelta(days=14)).isoformat(),
        submitted=today.isoformat(),
        soon=soon.strftime("%B %Y"),
        later=later.strftime("%B %Y"),
        file=file or UNNAMED,
    )
