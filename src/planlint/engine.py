"""The engine: one document's findings, on one road: validate -> checks -> stamping -> suppressions.

`lint_document` is the only place a Document becomes findings. The shape is validated first
(problems of reading and of shape are findings too); the enabled checks run on a plan of the
right shape; the suppression comments in the file silence what they name, and each comment that
silenced nothing becomes a PL006 finding.

Stamping is the one place where a Problem becomes a Finding (a check's, a reading problem, an
unused suppression alike): the code, name and configured severity, the location (path -> span
through the SourceMap, converted to 1-based line/column here and nowhere else) and the
fingerprint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from planlint.catalog import Catalog, RuleMeta, checks, load_catalog
from planlint.dates import DateGrammar, read_plan_date
from planlint.document import MISSING, Document, LoadProblem, value_at
from planlint.errors import UserError
from planlint.findings import Cell, Finding, Path, Problem, Severity, Span, fingerprint
from planlint.lazy_pattern import LazyPattern
from planlint.profiles import DEFAULT_PROFILE, Profile, ProfileError, default_profile, load_profile
from planlint.rules import Memo, RuleContext
from planlint.shapes import Plan
from planlint.suppress import UNUSED, Suppressions, parse
from planlint.validate import SUBMITTED, readable_plan

# Rules a run can never switch off: without them a broken file would pass silently.
ALWAYS_ON = frozenset({"PL001"})


class SelectionError(UserError):
    pass


class RuleTable(NamedTuple):  # a NamedTuple (immutable, cheap to define): see findings.py
    """Which rules run, at which severity, with which options: resolved once, then read-only."""

    enabled: frozenset[str]
    severities: Mapping[str, Severity]
    options: Mapping[str, Mapping[str, Any]]
    words: Mapping[str, Any]
    settings: Mapping[str, Any]
    # The template of a plan that names none (config `template:`; None: hmpps-2018), and the folders
    # of a config's own profiles (`profiles:`), where a plan's `template` is looked up too.
    profile: Profile | None
    profile_folders: tuple[str, ...]
    # the target-date grammar of `words`, built once with the table so that a config's `dates` words count
    dates: DateGrammar
    # the word lists compiled by the checks (rules.lexicon, per_run), kept for every plan this table lints
    compiled: Memo

    @classmethod
    def build(
        cls,
        catalog: Catalog,
        *,
        select: Iterable[str] = (),
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        severity: Mapping[str, str] | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        words: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
        profile: Profile | None = None,
        profile_folders: Iterable[str] = (),
    ) -> RuleTable:
        select, extend_select, ignore = list(select), list(extend_select), list(ignore)
        if select:
            enabled = {r.code for s in select for r in _expand(catalog, s)}
        else:
            enabled = {r.code for r in catalog.rules if r.enabled}
        enabled |= {r.code for s in extend_select for r in _expand(catalog, s)}
        enabled -= {r.code for s in ignore for r in _expand(catalog, s)}
        enabled |= ALWAYS_ON
        severities = {r.code: r.severity for r in catalog.rules}
        for key, value in (severity or {}).items():
            for rule in _expand(catalog, key):
                try:
                    severities[rule.code] = Severity.parse(value)
                except ValueError as exc:
                    raise SelectionError(f"severity for {key}: {exc}") from None
        resolved_options = {}
        for rule in catalog.rules:
            merged = dict(rule.option_defaults)
            merged.update((options or {}).get(rule.code, {}))
            resolved_options[rule.code] = MappingProxyType(merged)
        words = MappingProxyType(dict(words if words is not None else catalog.words))
        return cls(
            frozenset(enabled),
            MappingProxyType(severities),
            MappingProxyType(resolved_options),
            words,
            MappingProxyType(dict(settings or {})),
            profile,
            tuple(profile_folders),
            DateGrammar.from_words(words.get("dates") or {}),
            Memo(),
        )


def _expand(catalog: Catalog, selector: str) -> list[RuleMeta]:
    rules = catalog.expand(selector)
    if not rules:
        raise SelectionError(
            f"unknown rule {selector!r}{catalog.suggestion(selector)}: use a code (PL301), a family (PL3) or a name "
            "(owner-missing); `planlint rules` lists them"
        )
    return rules


def lint_document(doc: Document, table: RuleTable, *, today: dt.date, catalog: Catalog | None = None) -> list[Finding]:
    """Every finding for one document, after its suppression comments, sorted by position."""
    catalog = catalog or load_catalog()
    stamper = _Stamper(doc, table, catalog)
    _run_checks(doc, table, today, catalog, stamper)
    found = stamper.finish()
    suppressions = Suppressions(parse(doc.source), catalog)
    if not suppressions:
        return found
    kept = [f for f in found if not suppressions.silences(f)]
    rule = catalog.get(UNUSED)
    if rule is not None:
        for suppression, message in suppressions.unused(table.enabled):
            stamper.add(rule, Problem((), message, subject=suppression.text), span=suppression.span)
    # an unused suppression obeys the suppressions too (`disable-file=PL006`)
    stale = [f for f in stamper.finish() if not suppressions.silences(f)]
    return sorted(kept + stale, key=Finding.sort_key)


def _run_checks(doc: Document, table: RuleTable, today: dt.date, catalog: Catalog, stamper: _Stamper) -> None:
    """Reading problems, then shape problems, then (on a plan of the right shape) the enabled checks."""
    for problem in doc.problems:
        stamper.add_load_problem(problem)
    if doc.fatal or doc.data is None:
        return
    # An importer that found no title says so itself (PL007), so it is no shape problem.
    title_reported = any(p.code == "PL007" for p in doc.problems)
    profile = plan_profile(doc.data, table)
    if isinstance(profile, LoadProblem):
        # Every content rule reads the plan through its template: with the template unknown, none can.
        stamper.add_load_problem(profile)
        return
    plan, problems, held_back = readable_plan(
        doc.data, doc.problems, title_optional=title_reported, summary_keys=tuple(s.key for s in profile.summary)
    )
    for problem in problems:
        stamper.add_load_problem(problem)
    if plan is None:
        # The content rules need a plan of the right shape; reporting on a half-read
        # plan would bury the schema errors under findings that are not real.
        return
    as_of = as_of_date(plan, today)
    registered = checks()
    index = Memo()  # this plan's actions, owners, texts, ...: built by the first check to ask, for this lint only
    for rule in catalog.rules:
        if rule.code not in table.enabled or rule.name not in registered or not rule.applies_to(profile.name):
            continue
        ctx = RuleContext(
            as_of=as_of,
            options=table.options[rule.code],
            words=table.words,
            settings=table.settings,
            date_grammar=table.dates,
            plan_index=index,
            compiled=table.compiled,
            profile=profile,
        )
        found: Iterable[Problem] = registered[rule.name](plan, ctx)
        if SUBMITTED in held_back:
            found = _whatever_the_date(registered[rule.name], plan, ctx)
        for rule_problem in found:
            # a part with a shape problem (PL002) is reported for its shape only
            if not any(rule_problem.path[: len(part)] == part for part in held_back):
                stamper.add(rule, rule_problem)


TEMPLATE = ("plan", "template")


def plan_profile(data: Any, table: RuleTable) -> Profile | LoadProblem:
    """The profile of the template a plan names (`plan.template`), else the table's (the config's),
    else the default; a name no profile has is a PL002 problem at `plan.template`."""
    info = data.get("plan") if isinstance(data, dict) else None
    name = info.get("template") if isinstance(info, dict) else None
    if isinstance(name, (int, float)) and not isinstance(name, bool):
        name = str(name)
    if not isinstance(name, str) or not name.strip():
        # none named (or not a text, which the schema check reports): the config's template
        return table.profile or default_profile()
    try:
        return load_profile(name, table.profile_folders)
    except ProfileError as exc:
        return LoadProblem(
            "PL002", f"{exc}: write one of them, or leave `template` out for {DEFAULT_PROFILE}", TEMPLATE
        )


def _whatever_the_date(check: Any, plan: Plan, ctx: RuleContext) -> list[Problem]:
    """The problems a check finds as of any date: the plan's own date is unreadable (PL002), and judging
    it as of today would report as overdue, or too far off, what the author's date would not."""
    early = list(check(plan, ctx._replace(as_of=dt.date(1900, 1, 1))))
    late = {(p.path, p.message) for p in check(plan, ctx._replace(as_of=dt.date(2999, 12, 31)))}
    return [p for p in early if (p.path, p.message) in late]


def as_of_date(plan: Plan, today: dt.date) -> dt.date:
    """plan.submitted when it says a date, else the run's date (or --today)."""
    submitted = plan.plan.submitted
    if isinstance(submitted, dt.date):
        return submitted
    if isinstance(submitted, str):
        found = read_plan_date(submitted)
        if found is not None:
            return found
    return today


class _Stamper:
    def __init__(self, doc: Document, table: RuleTable, catalog: Catalog):
        self.doc = doc
        self.table = table
        self.catalog = catalog
        self.findings: list[Finding] = []
        self.subjects: list[tuple[str, str, str]] = []
        self.seen: dict[str, int] = {}  # fingerprint bases met so far in this document

    def add_load_problem(self, problem: LoadProblem) -> None:
        rule = self.catalog.get(problem.code)
        if rule is None:
            raise RuntimeError(f"a load problem names {problem.code}, which has no rule metadata")
        span = None
        if problem.line is not None and not problem.path:
            span = Span(problem.line + 1, (problem.column or 0) + 1, problem.line + 1, (problem.column or 0) + 1)
        if rule.code == "PL003":
            span = self.doc.source.key_span(problem.path)  # an unknown key: point at the key itself
        self.add(rule, Problem(problem.path, problem.message), span=span)

    def add(self, rule: RuleMeta, problem: Problem, span: Span | None = None) -> None:
        if rule.code not in self.table.enabled:
            return
        source = self.doc.source
        value = value_at(self.doc.data, problem.path)
        if span is None and problem.anchor is not None and isinstance(value, str):
            span = source.locate_words(problem.path, value, problem.anchor.start, problem.anchor.end)
        if span is None:
            span = source.span(problem.path)
        cell, message, fix = None, problem.message, problem.fix
        if self.doc.kind != "yaml":
            cell, message = _in_document(self.doc, rule, problem.path, message)
            # A fix edits plan YAML; an imported document is never edited, so it offers none.
            fix, message = None, _FIX_HINT.sub("", message)
        message = message[:1].upper() + message[1:]  # every message reads as a sentence
        finding = Finding(
            file=self.doc.filename,
            span=span,
            code=rule.code,
            name=rule.name,
            severity=self.table.severities[rule.code],
            message=message,
            path=problem.path,
            fix=fix,
            cell=cell,
        )
        self.findings.append(finding)
        self.subjects.append((rule.code, self._rec_id(problem.path), self._subject(problem, value)))

    def _rec_id(self, path: Path) -> str:
        if len(path) >= 2 and path[0] == "recommendations" and isinstance(path[1], int):
            rec = value_at(self.doc.data, path[:2])
            if isinstance(rec, dict):
                return str(rec.get("id", ""))
        return ""

    def _subject(self, problem: Problem, value: Any) -> str:
        if problem.subject is not None:
            return problem.subject
        text = _text_of(value)
        if problem.anchor is not None and isinstance(value, str):
            text += "\0" + value[problem.anchor.start : problem.anchor.end].casefold()
        if value is MISSING:
            parent = value_at(self.doc.data, problem.path[:-1])
            text = "\0".join(map(str, problem.path[-1:])) + "\0" + _text_of(parent)
        return text

    def finish(self) -> list[Finding]:
        """The findings added since the last call, fingerprinted (in position order) and sorted."""
        order = sorted(range(len(self.findings)), key=lambda i: self.findings[i].sort_key())
        for i in order:
            code, rec_id, subject = self.subjects[i]
            basis = "\0".join((self.doc.filename, code, rec_id, subject))
            self.findings[i] = self.findings[i]._replace(fingerprint=fingerprint(basis, self.seen))
        done = [self.findings[i] for i in order]
        self.findings, self.subjects = [], []
        return done


def _text_of(value: Any) -> str:
    if value is MISSING:
        return ""
    if isinstance(value, dict):
        for key in ("text", "title", "id"):
            if key in value and not isinstance(value[key], (dict, list)):
                return str(value[key])
        return ""
    if isinstance(value, list):
        return "\0".join(_text_of(v) for v in value)
    return str(value)


_FIX_HINT = LazyPattern(r"(?<!\s)\s*\(--fix [^()]*\)")  # from a run's start only: linear on long blanks


def _in_document(doc: Document, rule: RuleMeta, path: Path, message: str) -> tuple[Cell | None, str]:
    """Where a finding lies in an imported document's table, and its message in the words of the cells.

    A finding about a missing value (the rule's `in_documents.cell` field absent) points at
    the empty cell the author fills in: the field's column, on the row the finding is about.
    """
    cell = _nearest(doc.cells, path) if doc.cells else None
    field = rule.document_cell
    column = rule.document_column
    if field and cell is not None:
        if (*path, field) not in doc.cells:  # type: ignore[operator]
            column = _column_of(doc.cells, cell.table, (*path, field)) or column or cell.column  # type: ignore[arg-type]
            cell = Cell(cell.table, cell.row, column)
        else:
            column = cell.column
    for phrase, replacement in rule.document_wording.items():
        message = message.replace(phrase, replacement.replace("{column}", column))
    return cell, message


def _column_of(cells: Mapping[Path, Any], table: int, wanted: Path) -> str | None:
    """The name of the column a field is written in, in this table: where the same field of its siblings is
    (an action's `text` is not the recommendation's `text`: the paths must have the same shape)."""
    shape = _shape(wanted)
    for path, cell in cells.items():
        if cell.table == table and _shape(path[: len(wanted)]) == shape:
            return str(cell.column)
    return None


def _shape(path: Path) -> tuple[str | None, ...]:
    """A path with its indexes blanked: ("recommendations", 0, "text") -> ("recommendations", None, "text")."""
    return tuple(part if isinstance(part, str) else None for part in path)


def _nearest(cells: Mapping[Path, Any], path: Path) -> Any:
    while True:
        if path in cells:
            return cells[path]
        if not path:
            return None
        path = path[:-1]
