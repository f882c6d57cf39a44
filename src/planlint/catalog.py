"""The rule catalogue: metadata from `rules/*.yaml`, bound to the checks that implement it.

Each rule is one YAML file named `<code>-<name>.yaml` holding its code, name,
default severity, whether it is on by default, a one-line summary and its
documentation (what / why / guidance / failing and passing examples /
options). Word lists live beside them in `rules/lexicon/`. The same text
feeds `planlint explain`, `planlint rules`, SARIF `help` and the README.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from planlint import shipped
from planlint.errors import UserError
from planlint.findings import Severity
from planlint.lazy_pattern import LazyPattern
from planlint.shipped import data_dir
from planlint.shipped import load_yaml_file as _load_yaml_file

# Rules whose findings come from reading the file (the loader and validator), not from a check.
LOADER_RULES = frozenset(
    {"PL001", "PL002", "PL003", "PL005", "PL006", "PL007"}
)  # PL005, PL007: the importers; PL006: the suppression pass (suppress.py)

_CODE_RE = LazyPattern(r"PL\d{3}$")
_NAME_RE = LazyPattern(r"(?<![a-z0-9-])[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")  # (?<!...): linear even when searched
REQUIRED_KEYS = ("code", "name", "severity", "summary", "what", "why", "guidance", "example_fail", "example_pass")


class RuleOption(NamedTuple):
    name: str
    default: Any
    description: str


class RuleMeta(NamedTuple):
    code: str
    name: str
    severity: Severity
    enabled: bool
    summary: str
    what: str
    why: str
    guidance: str
    example_fail: str
    example_pass: str
    use_instead: str = ""
    fixable: bool = False
    options: tuple[RuleOption, ...] = ()
    path: str = ""
    # How a finding reads for a document imported from Word, Markdown or text, where the author
    # fills in cells, not YAML keys (metadata key `in_documents`): `wording` replaces a phrase of
    # the message ("add `owner:`" -> "fill in the {column} cell"); `cell` names the field whose
    # cell a finding about a missing value points at (the empty cell to fill), and `column` that
    # cell's name on the template, for when the document cannot say.
    document_wording: Mapping[str, str] = MappingProxyType({})  # read-only, so one empty one can be shared
    document_cell: str = ""
    document_column: str = ""
    # The templates (profiles) the rule applies to (metadata key `profiles`); empty: every template.
    profiles: tuple[str, ...] = ()

    def applies_to(self, profile: str) -> bool:
        """Whether the rule checks plans written on this template."""
        return not self.profiles or profile in self.profiles

    @property
    def family(self) -> str:
        return self.code[:3]

    @property
    def option_defaults(self) -> Mapping[str, Any]:
        return MappingProxyType({o.name: o.default for o in self.options})

    def documentation(self) -> str:
        """The rule's documentation as plain text (Markdown), for `explain` and SARIF help."""
        parts = [
            f"# {self.code} {self.name}",
            "",
            f"Default severity: {self.severity}"
            + ("" if self.enabled else f" (off by default: enable with --extend-select {self.code})")
            + (" · fixable with --fix" if self.fixable else "")
            + (f" · for plans on the {', '.join(self.profiles)} templates only" if self.profiles else ""),
            "",
            "## What it does",
            "",
            self.what.strip(),
            "",
            "## Why",
            "",
            self.why.strip(),
            "",
            "## Guidance",
            "",
            self.guidance.strip(),
            "",
            "## Example that fails",
            "",
            "```yaml",
            self.example_fail.rstrip(),
            "```",
            "",
            "## Example that passes",
            "",
            "```yaml",
            self.example_pass.rstrip(),
            "```",
        ]
        if self.use_instead.strip():
            parts += ["", "## Use instead", "", self.use_instead.strip()]
        if self.options:
            parts += ["", "## Options", ""]
            parts += [f"- `{o.name}` (default `{o.default}`): {o.description}" for o in self.options]
        return "\n".join(parts) + "\n"


class CatalogError(UserError):
    pass


class Catalog(NamedTuple):
    rules: tuple[RuleMeta, ...]
    by_code: Mapping[str, RuleMeta]
    by_name: Mapping[str, RuleMeta]
    words: Mapping[str, Any]

    def __repr__(self) -> str:  # not every rule's documentation
        return f"Catalog({len(self.rules)} rules)"

    def markdown_table(self) -> str:
        """The rule table of the README: the same summaries `planlint rules` prints."""
        rows = ["| code | name | severity | default | summary |", "|---|---|---|---|---|"]
        for r in self.rules:
            flags = ("on" if r.enabled else "opt-in") + (", fixable" if r.fixable else "")
            summary = r.summary.replace("|", "\\|")
            rows.append(f"| {r.code} | `{r.name}` | {r.severity} | {flags} | {summary} |")
        return "\n".join(rows) + "\n"

    def get(self, code_or_name: str) -> RuleMeta | None:
        key = code_or_name.strip()
        return self.by_code.get(key.upper()) or self.by_name.get(key.lower())

    def suggestion(self, selector: str) -> str:
        """' (did you mean PL301 owner-missing?)' for a near miss of a rule's name or code, else ''."""
        import difflib

        key = selector.strip()
        near = difflib.get_close_matches(key.lower(), list(self.by_name), n=1) or [
            r.name
            for r in map(self.by_code.get, difflib.get_close_matches(key.upper(), list(self.by_code), n=1))
            if r is not None
        ]
        return f" (did you mean {self.by_name[near[0]].code} {near[0]}?)" if near else ""

    def expand(self, selector: str) -> list[RuleMeta]:
        """Rules a selector names: a code (PL301), a family or prefix (PL3, PL30), a name, or ALL.

        A family stands for its rules that are on by default: an opt-in rule is
        switched on only by its own code or name (or ALL), never by accident.
        """
        key = selector.strip()
        if not key:
            return []
        if key.upper() == "ALL":
            return list(self.rules)
        rule = self.get(key)
        if rule is not None:
            return [rule]
        if re.fullmatch(r"PL\d{0,2}", key.upper()):
            return [r for r in self.rules if r.code.startswith(key.upper()) and r.enabled]
        return []


def _rule_from_data(data: Any, path: Path) -> RuleMeta:
    if not isinstance(data, dict):
        raise CatalogError(f"{path}: a rule file must be a mapping")
    missing = [k for k in REQUIRED_KEYS if not str(data.get(k) or "").strip()]
    if missing:
        raise CatalogError(f"{path}: rule metadata lacks {', '.join(missing)}")
    code, name = str(data["code"]), str(data["name"])
    if not _CODE_RE.match(code) or not _NAME_RE.match(name):
        raise CatalogError(f"{path}: bad code or name ({code!r}, {name!r})")
    if path.stem != f"{code}-{name}":
        raise CatalogError(f"{path}: file name must be {code}-{name}.yaml")
    options = tuple(
        RuleOption(str(k), v.get("default"), str(v.get("description", "")))
        for k, v in (data.get("options") or {}).items()
    )
    in_documents = data.get("in_documents") or {}
    if not isinstance(in_documents, dict) or not isinstance(in_documents.get("wording") or {}, dict):
        raise CatalogError(
            f"{path}: in_documents must be a mapping with `wording` (phrase: replacement), `cell` and `column`"
        )
    return RuleMeta(
        code=code,
        name=name,
        severity=Severity.parse(str(data["severity"])),
        enabled=bool(data.get("enabled", True)),
        summary=str(data["summary"]).strip(),
        what=str(data["what"]),
        why=str(data["why"]),
        guidance=str(data["guidance"]),
        example_fail=str(data["example_fail"]),
        example_pass=str(data["example_pass"]),
        use_instead=str(data.get("use_instead") or ""),
        fixable=bool(data.get("fixable", False)),
        options=options,
        path=str(path),
        document_wording=MappingProxyType({str(k): str(v) for k, v in (in_documents.get("wording") or {}).items()}),
        document_cell=str(in_documents.get("cell") or ""),
        document_column=str(in_documents.get("column") or ""),
        profiles=_profile_names(data.get("profiles"), path),
    )


def _profile_names(value: Any, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogError(f"{path}: profiles must be a list of template names (rules/profiles/<name>.yaml)")
    return tuple(v.strip() for v in value)


@functools.lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    folder = data_dir()
    parsed = shipped.compiled_for(folder)  # it lists and compares the files; they are listed again only if changed
    if parsed is None:
        files = [(name, path) for name, path in shipped.data_files(folder) if not name.startswith("profiles/")]
        parsed = {name: _load_yaml_file(path) for name, path in files}  # a broken profile is profiles.py's to say
    rules = sorted(
        (_rule_from_data(data, folder / name) for name, data in parsed.items() if "/" not in name), key=lambda r: r.code
    )
    words = {
        name[len("lexicon/") : -len(".yaml")]: data for name, data in parsed.items() if name.startswith("lexicon/")
    }
    by_code = {r.code: r for r in rules}
    by_name = {r.name: r for r in rules}
    if len(by_code) != len(rules) or len(by_name) != len(rules):
        raise CatalogError("two rule files share a code or a name")
    return Catalog(tuple(rules), MappingProxyType(by_code), MappingProxyType(by_name), MappingProxyType(words))


@functools.lru_cache(maxsize=1)
def checks() -> Mapping[str, Any]:
    from planlint import rules as rule_package

    for module in rule_package.MODULES:
        importlib.import_module(f"planlint.rules.{module}")
    return MappingProxyType(dict(rule_package.CHECKS))
