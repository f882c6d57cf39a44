"""One self-contained HTML page: each plan laid out as the template, each finding beside its cell.

For the reviewer who would rather look than read `file:line` findings. The
page shows every plan the run read the way the template does (one row group
per recommendation: id, recommendation, category, then a row per action with
its owner and target date), with each finding in the cell its path points at
(`recommendations[2].actions[0].owner` -> the owner cell of action 1 of the
third recommendation). Findings not about one recommendation sit in the
plan's header. A summary leads the page; a filter by severity and family is
added by a small script (without it everything is shown).

The renderer reads `report.plans` (each file's plain data, as read) and the
findings' paths; a plan that could not be read is shown by its findings alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from planlint.findings import Finding, Path, Severity, format_path
from planlint.plan_values import Category, read_category
from planlint.report import Report
from planlint.report.page import attr, esc, page, plain

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
LABELS = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Info"}
# What each family checks, as the README's family table names it.
FAMILIES = {
    "PL0": "the file",
    "PL1": "categories and completeness",
    "PL2": "reasons",
    "PL3": "owners",
    "PL4": "target dates",
    "PL5": "SMART wording",
    "PL6": "consistency",
}
NO_CATEGORY = "No valid category"

CSS = """
.summary-grid { display: flex; flex-wrap: wrap; gap: 0 2.5rem; align-items: flex-start; }
ul.findings { list-style: none; margin: .4rem 0 0; padding: 0; }
li.finding { border-left: 5px solid; padding: .2rem .4rem; margin: .25rem 0; background: #f7f7f7; font-size: .92rem; }
li.finding[hidden] { display: none; }
li.finding.error { border-color: #b3261e; background: #fdecea; }
li.finding.warning { border-color: #8a5a00; background: #fff4dc; }
li.finding.info { border-color: #1f5f8b; background: #e8f1f8; }
.sev { display: inline-block; font-weight: 700; font-size: .8rem; padding: 0 .35rem; border-radius: 3px;
       text-transform: uppercase; letter-spacing: .03em; }
.error .sev { background: #b3261e; color: #fff; }
.warning .sev { background: #f2c14e; color: #1a1a1a; }
.info .sev { background: #1f5f8b; color: #fff; }
td.flagged, th.flagged { box-shadow: inset 4px 0 0 #6b6b6b; }
table.plan { width: 100%; }
table.plan { table-layout: fixed; }
table.plan col.c-id { width: 5rem; } table.plan col.c-rec { width: 24%; } table.plan col.c-cat { width: 13%; }
table.plan col.c-owner { width: 15%; } table.plan col.c-date { width: 10%; }
table.plan td, table.plan th { overflow-wrap: anywhere; white-space: pre-line; }
table.plan ul.findings { white-space: normal; }
table.plan tbody { border-top: 3px solid #1a1a1a; }
.addressee { font-style: italic; }
.field { font-weight: 600; }
.filter { border: 1px solid #6b6b6b; padding: .5rem 1rem; margin: 1rem 0; }
.filter fieldset { display: inline-block; border: 0; margin: 0 2rem 0 0; padding: 0; }
.filter legend { font-weight: 600; }
.filter label { margin-right: 1rem; white-space: nowrap; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.clean { color: #1e6b2f; font-weight: 600; }
"""

# Progressive enhancement: without it every finding is shown and the filter stays hidden.
SCRIPT = """(function () {
  var form = document.getElementById("filter");
  if (!form) { return; }
  var items = document.querySelectorAll("li.finding");
  var count = document.getElementById("filter-count");
  function checked(name) {
    var on = {};
    form.querySelectorAll("input[name=" + name + "]").forEach(function (box) { on[box.value] = box.checked; });
    return on;
  }
  function apply() {
    var severity = checked("severity"), family = checked("family"), shown = 0;
    items.forEach(function (item) {
      var visible = severity[item.classList[1]] && family[item.dataset.code.slice(0, 3)];
      item.hidden = !visible;
      if (visible) { shown += 1; }
    });
    count.textContent = "Showing " + shown + " of " + items.length + " findings.";
  }
  form.addEventListener("change", apply);
  form.hidden = false;
  apply();
  document.documentElement.setAttribute("data-filter", "ready");
})();
"""


def render(report: Report) -> str:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_file[finding.file].append(finding)
    files = list(report.files) + [f for f in by_file if f not in report.files]
    plans = [_PlanView(i, file, report.plans.get(file), by_file.get(file, [])) for i, file in enumerate(files, 1)]
    used_rules = sorted({f.code for f in report.findings})
    body = [
        '<a class="skip" href="#plans">Skip to the plans</a>\n<header>\n<h1>planlint report</h1>\n',
        f'<p class="muted">planlint {esc(report.version)}: {_count(len(files), "file")}, '
        f"{_count(len(report.findings), 'finding')}.</p>\n</header>\n<main>\n",
        _summary(report, plans),
        _filter(report.findings),
        _contents(plans) if len(plans) > 1 else "",
        '<div id="plans">\n',
        *(plan.section() for plan in plans),
        "</div>\n",
        _rules(report, used_rules),
        _notes(report.notes),
        "</main>\n",
    ]
    title = "planlint report" + (f": {plans[0].title}" if len(plans) == 1 else f": {len(plans)} plans")
    return page(title, "".join(body), css=CSS, script=SCRIPT)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _finding_item(f: Finding) -> str:
    # Lean markup: a 200-plan run shows some 10,000 findings. The family is the code's first three
    # characters and the severity the class, for the filter; the path says what the finding is about.
    if f.cell is not None:
        where = f"table {f.cell.table}, row {f.cell.row}, {f.cell.column}"
    else:
        where = f"line {f.span.line}"
    return (
        f'<li class="finding {f.severity}" data-code="{attr(f.code)}" data-path="{attr(format_path(f.path))}">'
        f'<b class="sev">{LABELS[f.severity]}</b> <a href="#{attr(f.code)}">{esc(f.code)}</a> '
        f"{esc(f.name)}: {esc(f.message)} ({esc(where)})</li>\n"
    )


def _findings_list(findings: Iterable[Finding]) -> str:
    items = "".join(_finding_item(f) for f in findings)
    return f'<ul class="findings">\n{items}</ul>' if items else ""


# ---------------------------------------------------------------- one plan


class _PlanView:
    """One file: its data read defensively (a plan is untrusted, and may be half-valid) and its findings
    sorted into the cells they are about."""

    def __init__(self, index: int, file: str, data: Any, findings: list[Finding]):
        self.index = index
        self.anchor = f"plan-{index}"
        self.file = file
        self.data = data if isinstance(data, dict) else None
        info = self.data.get("plan") if self.data else None
        self.info = info if isinstance(info, dict) else {}
        recs = self.data.get("recommendations") if self.data else None
        self.recs: list[Any] = recs if isinstance(recs, list) else []
        title = plain(self.info.get("title")).strip()
        self.title = title or file
        self.findings = findings
        self.cells: dict[tuple, list[Finding]] = defaultdict(list)
        for finding in findings:
            self.cells[self._place(finding.path)].append(finding)

    def _actions(self, rec: Any) -> list[Any]:
        actions = rec.get("actions") if isinstance(rec, dict) else None
        return actions if isinstance(actions, list) else []

    def _place(self, path: Path) -> tuple:
        """The cell a finding's path points at: (rec, column) or (rec, column, action); ("plan",) for the rest."""
        if (
            len(path) < 2
            or path[0] != "recommendations"
            or not isinstance(path[1], int)
            or not 0 <= path[1] < len(self.recs)
        ):
            return ("plan",)
        i, rest = path[1], path[2:]
        if not rest:
            return (i, "id")
        key = rest[0]
        if key in ("text", "addressee"):
            return (i, "text")
        if key in ("category", "reasons", "implemented_part"):
            return (i, "category")
        if key == "response":
            return (i, "response")
        if key == "actions":
            actions = self._actions(self.recs[i])
            if len(rest) >= 2 and isinstance(rest[1], int) and 0 <= rest[1] < len(actions):
                field = rest[2] if len(rest) > 2 else None
                column = "owner" if field == "owner" else "date" if field == "target_date" else "action"
                return (i, column, rest[1])
            return (i, "action", 0) if actions else (i, "actions")
        return (i, "id")

    def categories(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for rec in self.recs:
            raw = rec.get("category") if isinstance(rec, dict) else None
            category = read_category(raw) if isinstance(raw, str) else None
            counts[category.value if category else NO_CATEGORY] += 1
        return counts

    def recs_without_findings(self) -> int:
        flagged = {key[0] for key in self.cells if isinstance(key[0], int)}
        return sum(1 for i in range(len(self.recs)) if i not in flagged)

    def section(self) -> str:
        out = [
            f'<section class="plan" id="{self.anchor}" aria-labelledby="{self.anchor}-h" '
            f'data-file="{attr(self.file)}">\n'
            f'<h2 id="{self.anchor}-h">{esc(self.title)}</h2>\n'
            f'<p class="muted">File: <code>{esc(self.file)}</code>. {_count(len(self.findings), "finding")}'
            f"{'' if not self.findings else ' (' + _severity_words(self.findings) + ')'}.</p>\n"
        ]
        meta = [
            (label, self.info.get(key))
            for key, label in (
                ("organisation", "Organisation"),
                ("report", "Report"),
                ("report_published", "Report published"),
                ("submitted", "Submitted"),
            )
        ]
        meta = [(label, value) for label, value in meta if plain(value).strip()]
        if meta:
            out.append(
                '<dl class="meta">'
                + "".join(f"<dt>{label}</dt><dd>{esc(value)}</dd>" for label, value in meta)
                + "</dl>\n"
            )
        if self.recs:
            counts = self.categories()
            shown = [f"{counts[c.value]} {c.value}" for c in Category] + (
                [f"{counts[NO_CATEGORY]} with no valid category"] if counts[NO_CATEGORY] else []
            )
            out.append(
                f"<p>{_count(len(self.recs), 'recommendation')}: {', '.join(shown)}; "
                f"{self.recs_without_findings()} with no finding.</p>\n"
            )
        plan_level = self.cells.get(("plan",), [])
        if plan_level:
            out.append(
                f'<h3 id="{self.anchor}-whole">Findings about the whole plan</h3>\n{_findings_list(plan_level)}\n'
            )
        elif not self.findings:
            out.append('<p class="clean">No findings in this plan.</p>\n')
        if self.data is None:
            out.append("<p>The plan could not be read, so it is not shown: fix the findings above first.</p>\n")
        elif not self.recs:
            out.append("<p>The plan lists no recommendations.</p>\n")
        else:
            out.append(self._table())
        out.append("</section>\n")
        return "".join(out)

    def _cell(self, tag: str, key: tuple, content: str, cls: str = "", attrs: str = "") -> str:
        """A cell with the findings placed in it; `attrs` are written here, never taken from a plan."""
        found = self.cells.get(key, [])
        classes = " ".join(c for c in (cls, "flagged" if found else "") if c)
        extra = (f' class="{classes}"' if classes else "") + attrs
        if found:  # which cell this is, for tools reading the page (only where there is a finding: size)
            extra += f' data-cell="{key[1]}"' + (f' data-action="{key[2]}"' if len(key) > 2 else "")
        return f"<{tag}{extra}>{content}{_findings_list(found)}</{tag}>"

    def _table(self) -> str:
        out = [
            f'<table class="plan">\n<caption>Action plan: {esc(self.title)}</caption>\n'
            '<colgroup><col class="c-id"><col class="c-rec"><col class="c-cat"><col class="c-act">'
            '<col class="c-owner"><col class="c-date"></colgroup>\n<thead><tr>'
            '<th scope="col">Rec no</th><th scope="col">Recommendation</th>'
            '<th scope="col">Agreed / Partly Agreed / Not Agreed</th><th scope="col">Response and actions</th>'
            '<th scope="col">Responsible owner</th><th scope="col">Target date</th></tr></thead>\n'
        ]
        for i, rec in enumerate(self.recs):
            out.append(self._recommendation(i, rec if isinstance(rec, dict) else {"id": rec}))
        out.append("</table>\n")
        return "".join(out)

    def _recommendation(self, i: int, rec: Mapping[str, Any]) -> str:
        actions = self._actions(rec)
        rows: list[str] = []
        if plain(rec.get("response")).strip() or (i, "response") in self.cells:
            rows.append(
                self._cell(
                    "td",
                    (i, "response"),
                    f'<span class="field">Response:</span> {esc(rec.get("response"))}',
                    attrs=' colspan="3"',
                )
            )
        for j, action in enumerate(actions):
            rows.append(self._action(i, j, action if isinstance(action, dict) else {"text": action}))
        if not actions:
            rows.append(
                self._cell("td", (i, "actions"), '<span class="muted">No actions.</span>', attrs=' colspan="3"')
            )
        span = f' rowspan="{len(rows)}"' if len(rows) > 1 else ""
        rec_id = esc(plain(rec.get("id")).strip() or "?")
        head = self._cell("td", (i, "text"), self._rec_text(rec), attrs=span) + self._cell(
            "td", (i, "category"), self._category(rec), attrs=span
        )
        body = [f"<tr>{head}{rows[0]}</tr>\n", *(f"<tr>{row}</tr>\n" for row in rows[1:])]
        if (i, "id") in self.cells:
            # Findings about the whole recommendation (or its number) get a row of their own across the
            # table: the number's column is too narrow to read them in.
            whole = self._cell(
                "td", (i, "id"), f'<span class="field">Recommendation {rec_id}:</span>', attrs=' colspan="5"'
            )
            body.insert(0, f'<tr><th scope="rowgroup" rowspan="{len(rows) + 1}">{rec_id}</th>{whole}</tr>\n')
        else:
            body[0] = f'<tr><th scope="rowgroup"{span}>{rec_id}</th>' + body[0][4:]
        return f'<tbody id="{self.anchor}-rec-{i}" data-rec="{i}">\n{"".join(body)}</tbody>\n'

    @staticmethod
    def _rec_text(rec: Mapping[str, Any]) -> str:
        addressee = plain(rec.get("addressee")).strip()
        text = esc(rec.get("text"))
        return (f'<span class="addressee">{esc(addressee)}:</span><br>' if addressee else "") + text

    @staticmethod
    def _category(rec: Mapping[str, Any]) -> str:
        out = [esc(rec.get("category")) or '<span class="muted">(none)</span>']
        part = plain(rec.get("implemented_part")).strip()
        if part:
            out.append(f'<br><span class="field">Part implemented:</span> {esc(part)}')
        reasons = rec.get("reasons")
        for reason in reasons if isinstance(reasons, list) else []:
            if isinstance(reason, dict):
                kind = plain(reason.get("category")).strip()
                out.append(
                    f'<br><span class="field">Reason{" (" + esc(kind) + ")" if kind else ""}:</span> '
                    f"{esc(reason.get('text'))}"
                )
            else:
                out.append(f'<br><span class="field">Reason:</span> {esc(reason)}')
        return "".join(out)

    def _action(self, i: int, j: int, action: Mapping[str, Any]) -> str:
        text = [esc(action.get("text"))]
        for key, label in (("status", "Status"), ("measure", "Measure")):
            if plain(action.get(key)).strip():
                text.append(f'<br><span class="field">{label}:</span> {esc(action.get(key))}')
        owner = action.get("owner")
        owners = esc(owner) if not isinstance(owner, list) else "<br>".join(esc(o) for o in owner)
        return (
            self._cell("td", (i, "action", j), "".join(text))
            + self._cell("td", (i, "owner", j), owners)
            + self._cell("td", (i, "date", j), esc(action.get("target_date")))
        )


def _severity_words(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    return ", ".join(_count(counts[s], str(s)) for s in SEVERITIES if counts[s])


# ---------------------------------------------------------------- the page around the plans


def _summary(report: Report, plans: list[_PlanView]) -> str:
    counts = Counter((f.code[:3], f.severity) for f in report.findings)
    families = sorted({family for family, _ in counts} | set(FAMILIES))
    rows = []
    for family in families:
        cells = "".join(f'<td class="num">{counts[(family, s)]}</td>' for s in SEVERITIES)
        total = sum(counts[(family, s)] for s in SEVERITIES)
        name = FAMILIES.get(family, "")
        rows.append(
            f'<tr><th scope="row">{esc(family)}xx{" " + esc(name) if name else ""}</th>{cells}'
            f'<td class="num">{total}</td></tr>'
        )
    totals = "".join(f'<td class="num">{report.total(s)}</td>' for s in SEVERITIES)
    family_table = (
        '<table class="by-family">\n<caption>Findings by rule family and severity</caption>\n'
        '<thead><tr><th scope="col">Family</th>'
        + "".join(f'<th scope="col" class="num">{LABELS[s]}</th>' for s in SEVERITIES)
        + '<th scope="col" class="num">Total</th></tr></thead>\n<tbody>'
        + "\n".join(rows)
        + f'</tbody>\n<tfoot><tr><th scope="row">All</th>{totals}'
        f'<td class="num">{len(report.findings)}</td></tr></tfoot>\n</table>\n'
    )
    categories: Counter[str] = Counter()
    for plan in plans:
        categories.update(plan.categories())
    total_recs = sum(len(p.recs) for p in plans)
    clean = sum(p.recs_without_findings() for p in plans)
    names = [c.value for c in Category] + ([NO_CATEGORY] if categories[NO_CATEGORY] else [])
    rec_table = (
        '<table class="by-category">\n<caption>Recommendations by category</caption>\n'
        '<thead><tr><th scope="col">Category</th><th scope="col" class="num">Recommendations</th>'
        "</tr></thead>\n<tbody>"
        + "".join(f'<tr><th scope="row">{esc(n)}</th><td class="num">{categories[n]}</td></tr>' for n in names)
        + f'</tbody>\n<tfoot><tr><th scope="row">All</th><td class="num">{total_recs}</td></tr>'
        f'<tr><th scope="row">With no finding</th><td class="num" id="recs-clean">{clean}</td></tr>'
        "</tfoot>\n</table>\n"
    )
    return (
        f'<section aria-labelledby="summary-h">\n<h2 id="summary-h">Summary</h2>\n'
        f'<div class="summary-grid">\n{family_table}{rec_table}</div>\n</section>\n'
    )


def _filter(findings: list[Finding]) -> str:
    """The filter's controls, hidden until the script shows them (with JavaScript off all is shown)."""
    if not findings:
        return ""
    families = sorted({f.code[:3] for f in findings})
    severities = [s for s in SEVERITIES if any(f.severity == s for f in findings)]
    boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}" checked> {LABELS[s]}</label>' for s in severities
    )
    fams = "".join(
        f'<label><input type="checkbox" name="family" value="{attr(f)}" checked> {esc(f)}xx '
        f"{esc(FAMILIES.get(f, ''))}</label>"
        for f in families
    )
    return (
        f'<form id="filter" class="filter" hidden aria-labelledby="filter-h">\n'
        f'<h2 id="filter-h">Filter the findings</h2>\n'
        f"<fieldset><legend>Severity</legend>{boxes}</fieldset>\n"
        f"<fieldset><legend>Rule family</legend>{fams}</fieldset>\n"
        f'<p id="filter-count" aria-live="polite"></p>\n</form>\n'
    )


def _contents(plans: list[_PlanView]) -> str:
    items = "".join(
        f'<li><a href="#{p.anchor}">{esc(p.title)}</a> <span class="muted">({esc(p.file)}: '
        f"{_count(len(p.findings), 'finding')})</span></li>\n"
        for p in plans
    )
    return f'<nav aria-labelledby="contents-h">\n<h2 id="contents-h">Contents</h2>\n<ol>\n{items}</ol>\n</nav>\n'


def _rules(report: Report, codes: list[str]) -> str:
    if not codes:
        return ""
    rows = []
    for code in codes:
        rule = report.catalog.get(code)
        summary = rule.summary if rule is not None else ""
        name = rule.name if rule is not None else ""
        rows.append(
            f'<tr id="{attr(code)}"><th scope="row">{esc(code)}</th><td>{esc(name)}</td>'
            f'<td>{esc(summary)} <span class="muted">(<code>planlint explain {esc(code)}</code>)</span>'
            "</td></tr>\n"
        )
    return (
        '<section aria-labelledby="rules-h">\n<h2 id="rules-h">The rules found</h2>\n<table>\n'
        '<caption>Each rule with a finding above</caption>\n<thead><tr><th scope="col">Code</th>'
        '<th scope="col">Name</th><th scope="col">What it checks</th></tr></thead>\n<tbody>\n'
        + "".join(rows)
        + "</tbody>\n</table>\n</section>\n"
    )


def _notes(notes: Iterable[str]) -> str:
    items = "".join(f"<li>{esc(n)}</li>" for n in notes)
    if not items:
        return ""
    return f'<section aria-labelledby="notes-h"><h2 id="notes-h">Notes</h2><ul>{items}</ul></section>\n'
