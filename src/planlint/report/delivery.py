"""`planlint track` output: a DeliveryTable as a text table, JSON, CSV or an HTML page with a bar per plan.

The delivery report's four formats are small and share their columns, so they
live together here, apart from the check report's renderers (which take a
Report, not a DeliveryTable).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from planlint.report.page import esc, page
from planlint.track import Delivery, DeliveryTable, TrackedAction

STATES = tuple(Delivery)
# Fill and text colour of each state's bar segment and label (text contrast at least 4.5:1 on the fill).
COLOURS = {
    Delivery.OVERDUE: ("#b3261e", "#ffffff"),
    Delivery.DUE_SOON: ("#f2c14e", "#1a1a1a"),
    Delivery.LATER: ("#1f5f8b", "#ffffff"),
    Delivery.COMPLETE: ("#1e6b2f", "#ffffff"),
    Delivery.NO_DEADLINE: ("#5c5c5c", "#ffffff"),
}


def _day(d: Any) -> str:
    return f"{d.day} {d:%B %Y}"


def _counts_words(counts: dict[Delivery, int]) -> str:
    return ", ".join(f"{counts[s]} {s.value}" for s in STATES)


def _sorted(actions: tuple[TrackedAction, ...] | list[TrackedAction]) -> list[TrackedAction]:
    """Most urgent first: by state, then the earliest deadline, then plan order."""
    order = {s: i for i, s in enumerate(STATES)}
    return sorted(actions, key=lambda a: (order[a.status], a.deadline is None, a.deadline or 0))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


# ---------------------------------------------------------------- text


def text(table: DeliveryTable) -> str:
    out = [f"Delivery as of {_day(table.today)} (due soon: within {table.due_soon_days} days)", ""]
    for plan in table.plans:
        counts = plan.counts()
        out.append(f"{plan.file}: {plan.title}")
        out.append(f"  {len(plan.actions)} actions: {_counts_words(counts)}")
        if plan.actions:
            out.append(f"  {'status':<12} {'deadline':<10}  {'rec':<6} {'action':>6}  {'owner':<40}  target date")
            for a in _sorted(plan.actions):
                owners = "; ".join(a.owners) or "(no owner)"
                deadline = a.deadline.isoformat() if a.deadline else "-"
                out.append(
                    f"  {a.status.value:<12} {deadline:<10}  {_cut(a.rec_id, 6):<6} {a.action_number:>6}  "
                    f"{_cut(owners, 40):<40}  {_cut(a.target_date or '(none)', 60)}"
                )
        out.append("")
    if table.owners:
        out.append("By owner")
        head = "  ".join(f"{s.value:>11}" for s in STATES)
        out.append(f"  {'owner':<60}  {head}  {'total':>5}")
        for owner in table.owners:
            counts = owner.counts()
            cells = "  ".join(f"{counts[s]:>11}" for s in STATES)
            out.append(f"  {_cut(owner.owner, 60):<60}  {cells}  {len(owner.actions):>5}")
        out.append("")
    total = table.counts()
    out.append(
        f"{len(table.actions)} actions in {len(table.plans)} plan{'' if len(table.plans) == 1 else 's'}: "
        f"{_counts_words(total)}."
    )
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- json


def _action_dict(a: TrackedAction) -> dict[str, Any]:
    return {
        "file": a.file,
        "recommendation": a.rec_id,
        "action": a.action_number,
        "path": a.path,
        "status": a.status.value,
        "deadline": a.deadline.isoformat() if a.deadline else None,
        "days": a.days,
        "owners": list(a.owners),
        "target_date": a.target_date,
        "reading": a.reading,
        "text": a.text,
    }


def _counts_dict(counts: dict[Delivery, int]) -> dict[str, int]:
    return {s.value: counts[s] for s in STATES}


def json_report(table: DeliveryTable) -> str:
    data = {
        "today": table.today.isoformat(),
        "due_soon_days": table.due_soon_days,
        "totals": _counts_dict(table.counts()),
        "plans": [
            {
                "file": p.file,
                "title": p.title,
                "counts": _counts_dict(p.counts()),
                "actions": [_action_dict(a) for a in p.actions],
            }
            for p in table.plans
        ],
        "owners": [
            {
                "owner": o.owner,
                "spellings": list(o.spellings),
                "counts": _counts_dict(o.counts()),
                "actions": [{"file": a.file, "path": a.path} for a in o.actions],
            }
            for o in table.owners
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- csv

CSV_COLUMNS = (
    "file",
    "plan",
    "recommendation",
    "action",
    "path",
    "status",
    "deadline",
    "days",
    "owners",
    "target_date",
    "reading",
    "text",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    # A plan is untrusted and a CSV is opened in a spreadsheet: a text that would start a formula
    # ("=HYPERLINK(...)") is written with a leading apostrophe, as OWASP advises.
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_report(table: DeliveryTable) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for plan in table.plans:
        for a in plan.actions:
            writer.writerow(
                [
                    _safe(v)
                    for v in (
                        a.file,
                        plan.title,
                        a.rec_id,
                        a.action_number,
                        a.path,
                        a.status.value,
                        a.deadline.isoformat() if a.deadline else "",
                        "" if a.days is None else a.days,
                        "; ".join(a.owners),
                        a.target_date,
                        a.reading,
                        a.text,
                    )
                ]
            )
    return buffer.getvalue()


# ---------------------------------------------------------------- html

CSS = """
.bar text { font: 600 13px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
ul.legend { list-style: none; padding: 0; margin: .3rem 0 1rem; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border: 1px solid #1a1a1a; vertical-align: -2px;
          margin-right: .3rem; }
td.when { white-space: nowrap; }
.state { font-weight: 700; font-size: .8rem; padding: 0 .35rem; border-radius: 3px; white-space: nowrap; }
""" + "".join(f".s-{s.name.lower()} {{ background: {fill}; color: {ink}; }}\n" for s, (fill, ink) in COLOURS.items())

BAR_WIDTH = 640
BAR_HEIGHT = 36


def _bar(counts: dict[Delivery, int], label_id: str, title: str) -> str:
    """A stacked horizontal bar, one segment per state, labelled with its count where it fits."""
    total = sum(counts.values())
    words = _counts_words(counts)
    parts = [
        f'<svg class="bar" role="img" aria-labelledby="{label_id}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
        f'viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{label_id}">{esc(title)}: {esc(words)}</title>'
    ]
    if total == 0:
        parts.append(
            f'<rect x="0" y="0" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" fill="#ffffff" stroke="#5c5c5c"/>'
            f'<text x="8" y="{BAR_HEIGHT // 2 + 5}" fill="#1a1a1a">no actions</text>'
        )
    x = 0.0
    for state in STATES:
        n = counts[state]
        if not n:
            continue
        width = BAR_WIDTH * n / total
        fill, ink = COLOURS[state]
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{fill}">'
            f"<title>{n} {state.value}</title></rect>"
        )
        if width >= 9 * len(str(n)) + 8:
            parts.append(
                f'<text x="{x + width / 2:.1f}" y="{BAR_HEIGHT // 2 + 5}" fill="{ink}" text-anchor="middle">{n}</text>'
            )
        x += width
    parts.append("</svg>")
    legend = "".join(
        f'<li><span class="swatch s-{s.name.lower()}"></span>{esc(s.value)}: {counts[s]}</li>' for s in STATES
    )
    return "".join(parts) + f'\n<ul class="legend">{legend}</ul>\n'


_NO_OWNER = '<span class="muted">(no owner)</span>'
_NO_DATE = '<span class="muted">(none)</span>'


def _state(a: TrackedAction) -> str:
    return f'<span class="state s-{a.status.name.lower()}">{esc(a.status.value)}</span>'


def html_report(table: DeliveryTable) -> str:
    total = table.counts()
    body = [
        f"<header>\n<h1>Delivery of action plans as of {esc(_day(table.today))}</h1>\n",
        f'<p class="muted">{len(table.actions)} actions in {len(table.plans)} plans. "Due soon" is within '
        f"{table.due_soon_days} days; a deadline is the end of the period a target date names.</p>\n"
        "</header>\n<main>\n",
        '<section aria-labelledby="all-h">\n<h2 id="all-h">All plans</h2>\n',
        _bar(total, "bar-all", "All plans"),
        "</section>\n",
    ]
    if len(table.plans) > 1:
        items = "".join(
            f'<li><a href="#plan-{i}">{esc(p.title)}</a> <span class="muted">({esc(p.file)}: '
            f"{p.counts()[Delivery.OVERDUE]} overdue)</span></li>\n"
            for i, p in enumerate(table.plans, 1)
        )
        body.append(
            f'<nav aria-labelledby="contents-h">\n<h2 id="contents-h">Contents</h2>\n<ol>\n{items}</ol>\n'
            '<p><a href="#owners-h">By owner</a></p>\n</nav>\n'
        )
    for i, plan in enumerate(table.plans, 1):
        body.append(
            f'<section id="plan-{i}" aria-labelledby="plan-{i}-h">\n'
            f'<h2 id="plan-{i}-h">{esc(plan.title)}</h2>\n'
            f'<p class="muted">File: <code>{esc(plan.file)}</code></p>\n'
        )
        body.append(_bar(plan.counts(), f"bar-{i}", plan.title))
        if plan.actions:
            rows = "".join(
                f'<tr><td>{_state(a)}</td><td class="when">{esc(a.deadline.isoformat() if a.deadline else "-")}</td>'
                f'<th scope="row">{esc(a.rec_id)}.{a.action_number}</th><td>{esc(a.text)}</td>'
                f"<td>{'<br>'.join(esc(o) for o in a.owners) or _NO_OWNER}</td>"
                f"<td>{esc(a.target_date) or _NO_DATE}<br>"
                f'<span class="muted">{esc(a.reading)}</span></td></tr>\n'
                for a in _sorted(plan.actions)
            )
            body.append(
                f"<table>\n<caption>Actions of {esc(plan.title)}, most urgent first</caption>\n"
                '<thead><tr><th scope="col">Status</th><th scope="col">Deadline</th>'
                '<th scope="col">Rec.action</th><th scope="col">Action</th><th scope="col">Owner</th>'
                f'<th scope="col">Target date</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n'
            )
        body.append("</section>\n")
    if table.owners:
        heads = "".join(f'<th scope="col" class="num">{esc(s.value)}</th>' for s in STATES)
        rows = "".join(
            f'<tr><th scope="row">{esc(o.owner)}'
            + (
                f'<br><span class="muted">also written: {esc("; ".join(s for s in o.spellings if s != o.owner))}</span>'
                if len(o.spellings) > 1
                else ""
            )
            + "</th>"
            + "".join(f'<td class="num">{o.counts()[s]}</td>' for s in STATES)
            + f'<td class="num">{len(o.actions)}</td></tr>\n'
            for o in table.owners
        )
        body.append(
            '<section aria-labelledby="owners-h">\n<h2 id="owners-h">By owner</h2>\n'
            "<p>Owners are matched as PL303 matches them: case and spacing aside, and a rarer spelling "
            "one typo away from a commoner one counted with it. An action with two owners counts under "
            "both.</p>\n<table>\n<caption>Actions by owner, most overdue first</caption>\n"
            f'<thead><tr><th scope="col">Owner</th>{heads}<th scope="col" class="num">Total</th></tr></thead>\n'
            f"<tbody>\n{rows}</tbody>\n</table>\n</section>\n"
        )
    body.append("</main>\n")
    return page(f"Delivery of action plans as of {_day(table.today)}", "".join(body), css=CSS)


RENDERERS: dict[str, Callable[[DeliveryTable], str]] = {
    "text": text,
    "json": json_report,
    "csv": csv_report,
    "html": html_report,
}
