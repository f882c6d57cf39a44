"""A plan in the plan format written out as the official template (Word or Markdown).

The layout follows the published plans: the title block (submitted date, the
report answered, its publication date), the introduction, the categorisation
table, the six-column action table and the summary table. A recommendation's
narrative (response, the part implemented, the reasons) takes the first row of
its block with no owner and no date, as in the published plans, so importing
the export gives back the same recommendations, actions, owners and dates.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from dataclasses import dataclass
from typing import Any

from planlint.importers.plan_table import COLUMNS
from planlint.lazy_pattern import LazyPattern
from planlint.profiles import DEFAULT_PROFILE, load_profile

INTRODUCTION = (
    "In response to the report, HMPPS/MoJ are required to draft a robust and timely action plan to address the "
    "recommendations. The action plan confirms whether recommendations are agreed, partly agreed or not agreed "
    "(see categorisations below). Where a recommendation is agreed or partly agreed, the action plan provides "
    "specific steps and actions to address these. Actions are clear, measurable, achievable and relevant with "
    "the owner and timescale of each step clearly identified."
)
CATEGORISATION = (
    ("Term", "Definition", "Additional comment"),
    (
        "Agreed",
        "All of the recommendation is agreed with, can be achieved and is affordable.",
        "The response should clearly explain how the recommendation will be achieved along with timescales. Actions "
        "should be as SMART (Specific, Measurable, Achievable, Realistic and Time-bound) as possible. Actions should "
        "be specific enough to be tracked for progress.",
    ),
    (
        "Partly Agreed",
        "Only part of the recommendation is agreed with, is achievable, affordable and will be "
        "implemented. This might be because we cannot implement the whole recommendation because of commissioning, "
        "policy, operational or affordability reasons.",
        "The response must state clearly which part of the recommendation will be implemented along with SMART "
        "actions and tracked for progress. There must be an explanation of why we cannot fully agree the "
        "recommendation - this must state clearly whether this is due to commissioning, policy, operational or "
        "affordability reasons.",
    ),
    (
        "Not Agreed",
        "The recommendation is not agreed and will not be implemented. This might be because of "
        "commissioning, policy, operational or affordability reasons.",
        "The response must clearly state the reasons why we have chosen this option. There must be an explanation "
        "of why we cannot agree the recommendation - this must state clearly whether this is due to commissioning, "
        "policy, operational or affordability reasons.",
    ),
)
HEADER = tuple(f"{n}. {name}" for n, name in enumerate(COLUMNS, 1))
_PROFILE_COLUMNS = ("id", "text", "category", "response", "owner", "target_date")
_SUMMARY_LABELS = (
    ("agreed", "Agreed"),
    ("partly_agreed", "Partly Agreed"),
    ("not_agreed", "Not Agreed"),
    ("total", "Total"),
)


@dataclass(frozen=True)
class _Boilerplate:
    """What the template prints around the plan: the 2018 template's, or the words of another's profile."""

    introduction: str
    heading: str  # above the action table, before the organisation's name
    categorisation: tuple[tuple[str, str, str], ...]  # the Term / Definition table; none for another template
    header: tuple[str, ...]
    summary_labels: tuple[tuple[str, str], ...]


def _boilerplate(info: dict[str, Any]) -> _Boilerplate:
    template = info.get("template")
    if not isinstance(template, str) or not template.strip() or template.strip() == DEFAULT_PROFILE:
        return _Boilerplate(INTRODUCTION, "ACTION PLAN", CATEGORISATION, HEADER, _SUMMARY_LABELS)
    profile = load_profile(template)
    columns = [profile.columns.get(c) or COLUMNS[n] for n, c in enumerate(_PROFILE_COLUMNS)]
    return _Boilerplate(
        profile.exporter.get("introduction", ""),
        profile.exporter.get("heading") or "ACTION PLAN",
        (),
        tuple(f"{n}. {name}" for n, name in enumerate(columns, 1)),
        tuple((s.key, s.label) for s in profile.summary),
    )


def export_plan(plan_data: dict[str, Any], to: str) -> bytes:
    """The plan (plain data in the plan format) as a .docx or .md document on the template."""
    if to == "md":
        return _markdown(plan_data).encode("utf-8")
    if to == "docx":
        return _docx(plan_data)
    raise ValueError(f"cannot export to {to!r}: use docx or md")


def write_file(path: str, data: bytes) -> None:
    """Write a new document in one step: to a temporary file beside `path`, then renamed over it, so
    that no one ever sees half a file (nor loses the old one if the write fails). A file replaced
    keeps its permission bits; a new one gets the usual ones (the umask's)."""
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    descriptor, temporary = tempfile.mkstemp(prefix=".planlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return template_date(value)
    return str(value)


def template_date(day: dt.date) -> str:
    """A date as the template writes it: '14th October 2024' (day first, so never ambiguous)."""
    suffix = "th" if 11 <= day.day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
    return f"{day.day}{suffix} {day.strftime('%B')} {day.year}"


_ACTION_PLAN = LazyPattern(r"\A\s*action\s+plan\b\s*[:\-–]?", re.IGNORECASE)


def _action_plan_line(info: dict[str, Any], heading: str = "ACTION PLAN") -> str:
    """'ACTION PLAN: <organisation>' above the table, once even when the title already says 'Action Plan:'."""
    name = _text(info.get("organisation") or info.get("title")).strip()
    if _ACTION_PLAN.match(name):
        return name
    return f"{heading}: {name}" if name else heading


def _title_block(info: dict[str, Any]) -> list[tuple[str, str]]:
    """(style, text) lines above the table."""
    lines = [("title", _text(info.get("title")) or "Action Plan")]
    if info.get("organisation"):
        lines.append(("line", f"Organisation: {_text(info['organisation'])}"))
    if info.get("submitted"):
        lines.append(("line", f"Action Plan Submitted: {_text(info['submitted'])}"))
    if info.get("report"):
        lines.append(("line", f"A Response to: {_text(info['report'])}"))
    if info.get("report_published"):
        lines.append(("line", f"Report Published: {_text(info['report_published'])}"))
    return lines


def _narrative(rec: dict[str, Any]) -> list[str]:
    paragraphs = [_text(rec.get("response"))] if rec.get("response") else []
    if rec.get("implemented_part"):
        # worded as a Partly Agreed response says it, so the draft read back still says which part (PL108)
        part = _text(rec["implemented_part"])
        paragraphs.append(f"The part of the recommendation that will be implemented: {part}")
    for reason in rec.get("reasons") or []:
        if not isinstance(reason, dict):
            continue
        label = _text(reason.get("category")).strip()
        text = _text(reason.get("text"))
        paragraphs.append(f"{label.capitalize()} reason: {text}" if label else f"Reason: {text}")
    return [p for p in paragraphs if p.strip()]


def _recommendation(rec: dict[str, Any]) -> str:
    """The recommendation cell: "X should: text", as the published plans print a heading for one recommendation."""
    addressee = _text(rec.get("addressee")).strip().rstrip(":")
    return f"{addressee}: {_text(rec.get('text'))}" if addressee else _text(rec.get("text"))


def _owners(action: dict[str, Any]) -> list[str]:
    owner = action.get("owner")
    if owner is None:
        return []
    return [_text(o) for o in owner] if isinstance(owner, list) else [_text(owner)]


def _rows(rec: dict[str, Any]) -> list[tuple[list[str], list[str], list[str]]]:
    """(response paragraphs, owner paragraphs, date paragraphs) for each row of a recommendation's block."""
    rows: list[tuple[list[str], list[str], list[str]]] = []
    narrative = _narrative(rec)
    if narrative:
        rows.append((narrative, [], []))
    for action in rec.get("actions") or []:
        if not isinstance(action, dict):
            continue
        date = _text(action.get("target_date"))
        rows.append(([_text(action.get("text"))], _owners(action), [date] if date else []))
    return rows or [([], [], [])]


def _blocks(text: str) -> list[tuple[str, str]]:
    """A value's text as ("text", lines) and ("item", text) blocks: lines after the first that start
    with "- " are list items (as the importers write a cell's list), the other lines stay together."""
    blocks: list[tuple[str, str]] = []
    for index, line in enumerate(text.split("\n")):
        if index > 0 and line.startswith("- "):
            blocks.append(("item", line[2:]))
        elif blocks and blocks[-1][0] == "text":
            blocks[-1] = ("text", blocks[-1][1] + "\n" + line)
        else:
            blocks.append(("text", line))
    return blocks


def _summary_rows(plan_data: dict[str, Any], labels: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    summary = plan_data.get("summary")
    if not isinstance(summary, dict):
        return []
    return [(label, _text(summary[key])) for key, label in labels if summary.get(key) is not None]


# ---------------------------------------------------------------- Markdown


def _md_cell(paragraphs: list[str]) -> str:
    def one(text: str) -> str:
        lines = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").split("\n")
        items = [line[2:] for line in lines[1:] if line.startswith("- ")]
        if len(items) == len(lines) - 1 and items:  # a paragraph followed by its list
            return lines[0] + "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
        return " ".join(lines)

    return "<br>".join(one(p) for p in paragraphs)


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c if c else " " for c in cells) + " |"


def _markdown(plan_data: dict[str, Any]) -> str:
    info = plan_data.get("plan") or {}
    out = []
    for style, text in _title_block(info):
        out += [f"# {text}" if style == "title" else text, ""]
    words = _boilerplate(info)
    out += ["## Introduction", "", words.introduction, ""]
    if words.categorisation:
        out += [_md_row(list(words.categorisation[0])), _md_row(["---"] * 3)]
        out += [_md_row(list(row)) for row in words.categorisation[1:]]
        out += [""]
    out += [f"## {_action_plan_line(info, words.heading)}", ""]
    out += [_md_row(list(words.header)), _md_row(["---"] * 6)]
    for rec in plan_data.get("recommendations") or []:
        if not isinstance(rec, dict):
            continue
        for number, (response, owners, dates) in enumerate(_rows(rec)):
            first = number == 0
            out.append(
                _md_row(
                    [
                        _md_cell([_text(rec.get("id"))]) if first else "",
                        _md_cell([_recommendation(rec)]) if first else "",
                        _md_cell([_text(rec.get("category"))]) if first else "",
                        _md_cell(response),
                        _md_cell(owners),
                        _md_cell(dates),
                    ]
                )
            )
    summary = _summary_rows(plan_data, words.summary_labels)
    if summary:
        out += ["", _md_row(["Recommendations", ""]), _md_row(["---", "---"])]
        out += [_md_row([label, value]) for label, value in summary]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- Word


def _docx(plan_data: dict[str, Any]) -> bytes:
    try:
        import docx
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
    except ImportError:
        from planlint.importers.docx import NEEDS_DOCX, MissingDependency

        raise MissingDependency(NEEDS_DOCX.replace("reading", "writing")) from None
    info = plan_data.get("plan") or {}
    document = docx.Document()
    for style, text in _title_block(info):
        if style == "title":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    words = _boilerplate(info)
    document.add_heading("INTRODUCTION", level=2)
    document.add_paragraph(words.introduction)
    if words.categorisation:
        terms = document.add_table(rows=0, cols=3)
        terms.style = "Table Grid"
        for row in words.categorisation:
            cells = terms.add_row().cells
            for cell, text in zip(cells, row, strict=False):
                cell.text = text
    document.add_paragraph(_action_plan_line(info, words.heading))

    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, words.header, strict=False):
        cell.text = text
    header_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats at the top of every page
    repeat.set(qn("w:val"), "true")
    header_pr.append(repeat)

    def fill(cell: Any, paragraphs: list[str]) -> None:
        """Each entry one paragraph (a cell's paragraphs are its steps), its list items as bullets.

        An entry's own line breaks become spaces inside its paragraph: a step written over several
        paragraphs of text is still one step, and Word's line breaks start a new paragraph when the
        draft is read back (owners set on separate lines pair with their steps)."""
        first = True
        for text in paragraphs:
            for kind, line in _blocks(text):
                paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                if kind == "item":
                    paragraph.text = line
                    paragraph.style = document.styles["List Bullet"]
                    continue
                paragraph.add_run(" ".join(part for part in line.split("\n") if part.strip()))

    for rec in plan_data.get("recommendations") or []:
        if not isinstance(rec, dict):
            continue
        block = _rows(rec)
        rows = [table.add_row().cells for _ in block]
        for cells, (response, owners, dates) in zip(rows, block, strict=False):
            fill(cells[3], response)
            fill(cells[4], owners)
            fill(cells[5], dates)
        for column, value in enumerate((rec.get("id"), _recommendation(rec), rec.get("category"))):
            top = rows[0][column]
            if len(rows) > 1:
                top = top.merge(rows[-1][column])  # one cell down the block, as on the template
            top.text = _text(value)

    summary = _summary_rows(plan_data, words.summary_labels)
    if summary:
        document.add_paragraph("")
        counts = document.add_table(rows=1, cols=2)
        counts.style = "Table Grid"
        counts.rows[0].cells[0].text = "Recommendations"
        for label, value in summary:
            cells = counts.add_row().cells
            cells[0].text, cells[1].text = label, value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
