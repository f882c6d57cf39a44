"""Configuration: discovery per file, validation, and the immutable rule table it resolves to.

A file's configuration is the nearest `.planlint.yaml`, `.planlint.yml` or
`pyproject.toml` holding `[tool.planlint]`, from the file's folder upward (the
closest wins; nothing is merged across folders), or the one `--config` names.
Each config file is read and validated once, and each (config, per-file
ignores) pair becomes one RuleTable, so a run over many files in few
folders resolves few tables.

Rule options are written `<scope>.<option>`, where the scope is anything a
selector accepts (a code, a family, a name) or a family's topic (`dates` for
PL4): `dates.horizon-months: 24`, `reason-too-thin.min-words: 10`. Word
lists are extended, never replaced: `owners: {collectives: [...]}` adds to
`rules/lexicon/owner-collectives.yaml`, `phrases: {NAME: [...]}` to NAME.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

from planlint.catalog import Catalog, RuleMeta
from planlint.document import MAX_DEPTH, load_yaml
from planlint.engine import RuleTable, SelectionError
from planlint.errors import UserError

CONFIG_NAMES = (".planlint.yaml", ".planlint.yml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")
MAX_OPTION = 10_000  # the largest whole-number option value (120 months is the largest default)
# A family's topic, usable as an option scope (`dates.horizon-months`).
TOPICS = {
    "file": "PL0",
    "categories": "PL1",
    "reasons": "PL2",
    "owners": "PL3",
    "dates": "PL4",
    "wording": "PL5",
    "consistency": "PL6",
}
# Word-list sections: the lexicon name a key K under them extends is PREFIX + K, else K.
WORD_SECTIONS = {"owners": "owner-", "phrases": ""}
SELECTOR_KEYS = ("select", "extend-select", "ignore")
QUARTERS = ("financial", "calendar")  # dates.quarters (and check --quarters): Q1 starts in April, or January
KEYS = (
    *SELECTOR_KEYS,
    "severity",
    "fail-on",
    "include",
    "exclude",
    "per-file-ignores",
    "glossary",
    "template",
    "profiles",
    *WORD_SECTIONS,
)
# Word files a walk finds but does not lint are reported (a note): they are almost always drafts,
# where a folder's .md and .txt files are mostly its documentation.
DRAFT_SUFFIXES = (".docx",)
# What a folder walk lints unless the config's `include` says otherwise: plan files, not drafts.
DEFAULT_INCLUDE = ("*.plan.yaml", "*.plan.yml")


class ConfigError(UserError, ValueError):
    """A config file that cannot be used: one line naming the file, the key and what is allowed."""


@dataclass(frozen=True)
class Config:
    path: Path | None  # the file it came from; None for the built-in defaults
    select: tuple[str, ...] | None = None  # None: the rules on by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    fail_on: str | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    words: Mapping[str, Any] | None = None  # the lexicon with this config's extensions; None: unchanged
    glossary: tuple[str, ...] = ()
    quarters: str | None = None  # dates.quarters: what "Q3 2024" means; None: financial
    template: str | None = None  # the template of plans that name none; None: hmpps-2018
    profiles: tuple[str, ...] = ()  # folders of this config's own profiles, beside the shipped ones

    @property
    def root(self) -> Path:
        """The folder `exclude` and `per-file-ignores` globs are relative to."""
        return self.path.parent if self.path is not None else Path.cwd()

    def relative(self, file: str | Path) -> str | None:
        """`file` relative to the config's folder, with forward slashes (None when outside it)."""
        try:
            return Path(os.path.abspath(file)).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            try:
                return Path(os.path.abspath(file)).relative_to(os.path.abspath(self.root)).as_posix()
            except ValueError:
                return None

    def includes(self, file: str | Path) -> bool:
        """Whether a folder walk lints `file`: it matches an `include` glob and no `exclude` glob."""
        relative = self.relative(file)
        if relative is None:  # outside the config's folder: its name is all the globs can match
            relative = Path(file).name
        return _glob_any(relative, self.include) and not _glob_any(relative, self.exclude)

    def excludes(self, file: str | Path) -> bool:
        relative = self.relative(file)
        return relative is not None and _glob_any(relative, self.exclude)

    def ignored_for(self, file: str | Path) -> tuple[str, ...]:
        relative = self.relative(file)
        if relative is None:
            return ()
        return tuple(
            sel for pattern, selectors in self.per_file_ignores if _glob_any(relative, (pattern,)) for sel in selectors
        )


def _glob_any(relative: str, patterns: Iterable[str]) -> bool:
    """gitignore-like: a pattern with no slash matches any path component; `**` spans folders."""
    path = PurePosixPath(relative)
    parts = path.parts
    for pattern in patterns:
        pattern = pattern.strip().removeprefix("./")
        if pattern.endswith("/"):
            pattern += "**"
        if "/" not in pattern:
            if any(fnmatch.fnmatchcase(part, pattern) for part in parts):
                return True
            continue
        if fnmatch.fnmatchcase(relative, pattern) or path.match(pattern):
            return True
        if pattern.endswith("/**") and (relative == pattern[:-3] or relative.startswith(pattern[:-2])):
            return True
        if "**/" in pattern and fnmatch.fnmatchcase(relative, pattern.replace("**/", "")):
            return True
    return False


# ---------------------------------------------------------------- discovery


def find_config_file(folder: Path) -> Path | None:
    """The nearest config file at or above `folder` (a pyproject.toml without [tool.planlint] does not count)."""
    folder = Path(os.path.abspath(folder))
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_planlint_table(candidate)):
                return candidate
    return None


def _has_planlint_table(path: Path) -> bool:
    try:
        return "planlint" in _read_toml(path).get("tool", {})
    except ConfigError:
        return True  # a broken pyproject.toml with our table in it: report it rather than skip it
    except OSError:
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    text = path.read_text(encoding="utf-8")
    if "planlint" not in text:
        return {}
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not readable TOML ({_short(str(exc))})") from None
    except RecursionError:  # a key of thousands of dotted parts, or tables nested as deep
        raise ConfigError(
            f"{path}: the TOML nests deeper than {MAX_DEPTH} levels; a configuration needs three"
        ) from None
    _check_depth(data, path)
    return data


def _check_depth(data: Any, path: Path) -> None:
    """Refuse data nested deeper than a plan may be (the plan reader's limit): nothing needs more."""
    pending = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise ConfigError(f"{path}: the configuration nests deeper than {MAX_DEPTH} levels; it needs three")
        if isinstance(value, dict):
            pending.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            pending.extend((v, depth + 1) for v in value)


def _short(text: str, limit: int = 300) -> str:
    """A value or message quoted in an error, cut so a huge one cannot flood the terminal."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def read_config_file(path: Path, catalog: Catalog) -> Config:
    try:
        if path.name == "pyproject.toml":
            data = _read_toml(path).get("tool", {}).get("planlint", {})
        else:
            # Read as plans are, with the plan reader's limits (nesting, alias expansion, size)
            doc = load_yaml(path.read_text(encoding="utf-8"), str(path))
            fatal = next((p for p in doc.problems if p.code == "PL001"), None)
            if fatal is not None:
                where = f" at line {fatal.line + 1}" if fatal.line is not None else ""
                raise ConfigError(f"{path}: not readable YAML{where} ({_short(fatal.message)})")
            data = doc.data
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the config file is not UTF-8 text") from None
    return parse_config(data if data is not None else {}, path, catalog)


# ---------------------------------------------------------------- validation


def parse_config(data: Any, path: Path | None, catalog: Catalog) -> Config:
    """Validate a config mapping (kebab-case keys) into a Config; ConfigError names file, key and what is allowed."""
    where = str(path) if path is not None else "configuration"

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{where}: {_short(key, 100)}: {_short(message)}")

    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the configuration must be a mapping of keys (select, ignore, severity, ...)")
    flat = _flatten(data)
    fields: dict[str, Any] = {}
    options: dict[str, dict[str, Any]] = {}
    extensions: dict[str, Any] = {}
    for key, value in flat.items():
        if key in SELECTOR_KEYS:
            fields[key.replace("-", "_")] = _selectors(value, key, catalog, fail)
            if key == "select" and not fields["select"]:
                # An empty selection would read as "the defaults" (nothing narrows them): say so.
                raise fail(
                    key,
                    "is empty, which selects no rule: list the rules to run, or remove `select` "
                    "to run the default ones",
                )
        elif key == "severity":
            if not isinstance(value, dict):
                raise fail(key, "must map rule codes or names to error, warning or info")
            severity = {}
            for selector, level in value.items():
                _selectors(str(selector), f"severity.{selector}", catalog, fail)
                if not isinstance(level, str) or level.strip().lower() not in ("error", "warning", "info"):
                    raise fail(f"severity.{selector}", f"{level!r} is not a severity: use error, warning or info")
                severity[str(selector)] = level.strip().lower()
            fields["severity"] = MappingProxyType(severity)
        elif key == "fail-on":
            if not isinstance(value, str) or value.strip().lower() not in FAIL_ON:
                raise fail(key, f"{value!r} is not allowed: use one of {', '.join(FAIL_ON)}")
            fields["fail_on"] = value.strip().lower()
        elif key == "exclude":
            fields["exclude"] = _strings(value, key, fail, "a list of globs")
        elif key == "include":
            fields["include"] = _strings(value, key, fail, "a list of globs")
        elif key == "glossary":
            fields["glossary"] = _strings(value, key, fail, "a list of acronyms")
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise fail(key, "must map globs to lists of rule codes or names")
            fields["per_file_ignores"] = tuple(
                (str(glob), _selectors(selectors, f"per-file-ignores.{glob}", catalog, fail))
                for glob, selectors in value.items()
            )
        elif key == "dates.quarters":
            if not isinstance(value, str) or value.strip().lower() not in QUARTERS:
                raise fail(key, f"{value!r} is not allowed: use {' or '.join(QUARTERS)} (what 'Q3 2024' means)")
            fields["quarters"] = value.strip().lower()
        elif key == "template":
            if not isinstance(value, str) or not value.strip():
                raise fail(key, "must name a template: hmpps-2018, or a profile in rules/profiles or `profiles`")
            fields["template"] = value.strip()
        elif key == "profiles":
            fields["profiles"] = _profile_folders(value, path, fail)
        elif key.split(".", 1)[0] in WORD_SECTIONS and not _is_option(key, catalog):
            _word_extension(key, value, catalog, fail, extensions)
        elif "." in key:
            _option(key, value, catalog, fail, options)
        elif key in TOPICS:
            raise fail(
                key, f"must be a mapping of rule options, e.g. {key}: {{option: value}} (or write {key}.option: value)"
            )
        else:
            import difflib  # only to suggest a name for an unknown key

            near = difflib.get_close_matches(key, [*KEYS, *TOPICS], n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise fail(
                key, f"unknown key{hint}; allowed: {', '.join(KEYS)} and rule options such as dates.horizon-months"
            )
    if fields.get("glossary"):
        # the glossary is one more word list: extended like `phrases` and `owners`, read by PL604
        extensions["glossary"] = [
            *(extensions.get("glossary") or catalog.words.get("glossary") or []),
            *fields["glossary"],
        ]
    if fields.get("template") or fields.get("profiles"):
        from planlint.profiles import ProfileError, load_profile

        try:  # the named template, or only the folders' profiles: each must be readable now, not mid-run
            load_profile(fields.get("template"), fields.get("profiles", ()))
            for name in _profile_names(fields.get("profiles", ())):
                load_profile(name, fields["profiles"])
        except ProfileError as exc:
            raise fail("template" if fields.get("template") else "profiles", str(exc)) from None
    words = None
    if extensions:
        merged = dict(catalog.words)
        merged.update(extensions)
        words = MappingProxyType(merged)
    return Config(
        path=path, options=MappingProxyType({c: MappingProxyType(o) for c, o in options.items()}), words=words, **fields
    )


def _profile_folders(value: Any, path: Path | None, fail: Any) -> tuple[str, ...]:
    """`profiles:` folders, relative to the config file's folder; each must exist."""
    base = path.parent if path is not None else Path.cwd()
    folders = []
    for entry in _strings(value, "profiles", fail, "a list of folders holding profile files (<name>.yaml)"):
        folder = base / entry
        if not folder.is_dir():
            raise fail("profiles", f"{entry!r} is not a folder (relative to {base})")
        folders.append(str(folder))
    return tuple(folders)


def _profile_names(folders: Iterable[str]) -> list[str]:
    return [p.stem for folder in folders for p in sorted(Path(folder).glob("*.yaml"))]


def _flatten(data: dict[str, Any]) -> dict[str, Any]:
    """Nested option tables become dotted keys: {dates: {horizon-months: 3}} -> {dates.horizon-months: 3}."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key not in ("severity", "per-file-ignores", *WORD_SECTIONS) and "." not in key and isinstance(value, dict):
            for sub, inner in _flatten(value).items():
                flat[f"{key}.{sub}"] = inner
        elif key in WORD_SECTIONS and isinstance(value, dict):
            for sub, inner in value.items():
                flat[f"{key}.{sub}"] = inner
        else:
            flat[key] = value
    return flat


def _selectors(value: Any, key: str, catalog: Catalog, fail: Any) -> tuple[str, ...]:
    items = [p.strip() for p in value.split(",")] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise fail(
            key,
            "must be a list (or comma-separated text) of rule codes (PL301), families (PL3) or names (owner-missing)",
        )
    for item in items:
        if item and not catalog.expand(item):
            raise fail(
                key,
                f"{item!r} names no rule{catalog.suggestion(item)}: use codes (PL301), families (PL3) or names "
                "(owner-missing); `planlint rules` lists them",
            )
    return tuple(i for i in items if i)


def _strings(value: Any, key: str, fail: Any, what: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise fail(key, f"must be {what}")
    return tuple(i.strip() for i in items)


def _scope(name: str, catalog: Catalog) -> list[RuleMeta]:
    if name.lower() in TOPICS:
        return catalog.expand(TOPICS[name.lower()])
    return catalog.expand(name)


def _is_option(key: str, catalog: Catalog) -> bool:
    scope, _, option = key.partition(".")
    return any(option == o.name for rule in _scope(scope, catalog) for o in rule.options)


def _option(key: str, value: Any, catalog: Catalog, fail: Any, options: dict[str, dict[str, Any]]) -> None:
    scope, _, option = key.partition(".")
    rules = _scope(scope, catalog)
    if not rules:
        raise fail(
            key,
            f"{scope!r} is not a rule, family or topic ({', '.join(TOPICS)}); options are written "
            "<rule-or-topic>.<option>, e.g. dates.horizon-months",
        )
    owners = [r for r in rules if any(o.name == option for o in r.options)]
    if not owners:
        known = sorted({f"{scope}.{o.name}" for r in rules for o in r.options})
        raise fail(
            key,
            f"no rule in {scope!r} has the option {option!r}"
            + (f"; allowed: {', '.join(known)}" if known else "; those rules take no options"),
        )
    for rule in owners:
        default = next(o.default for o in rule.options if o.name == option)
        options.setdefault(rule.code, {})[option] = _typed(value, default, key, fail)


def _typed(value: Any, default: Any, key: str, fail: Any) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise fail(key, f"{value!r} is not allowed: use true or false")
    elif isinstance(default, int):
        # capped: no option counts past thousands, and dates.horizon-months: 1000000 ran off the calendar
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OPTION:
            raise fail(
                key,
                f"{_short(repr(value), 40)} is not allowed: use a whole number from 0 to {MAX_OPTION:,} "
                f"(default {default})",
            )
    elif isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise fail(key, f"{value!r} is not allowed: use a number (default {default})")
    elif isinstance(default, list):
        return tuple(_strings(value, key, fail, "a list of texts"))
    elif isinstance(default, str) and not isinstance(value, str):
        raise fail(key, f"{value!r} is not allowed: use text (default {default!r})")
    return value


def _word_extension(key: str, value: Any, catalog: Catalog, fail: Any, extensions: dict[str, Any]) -> None:
    section, _, name = key.partition(".")
    prefix = WORD_SECTIONS[section]
    allowed = sorted(n.removeprefix(prefix) for n in catalog.words if n.startswith(prefix))
    if not name:
        raise fail(key, f"must map word lists to entries to add; allowed lists: {', '.join(allowed)}")
    target = next((n for n in (prefix + name, name) if n in catalog.words), None)
    if target is None:
        raise fail(key, f"there is no word list {name!r}; allowed: {', '.join(allowed) or '(none)'}")
    base = catalog.words[target]
    if isinstance(base, list):
        added = _strings(value, key, fail, "a list of entries to add")
        extensions[target] = [*base, *added]
    elif isinstance(base, dict):
        if not isinstance(value, dict) or not all(str(k) in base for k in value):
            raise fail(key, f"must map {', '.join(map(str, base))} to lists of entries to add")
        merged = dict(base)
        for sub, entries in value.items():
            merged[str(sub)] = [*(base[str(sub)] or []), *_strings(entries, f"{key}.{sub}", fail, "a list")]
        extensions[target] = merged
    else:
        raise fail(key, "this word list cannot be extended")


# ---------------------------------------------------------------- resolution


class Resolver:
    """Config and RuleTable for each file, resolved once per folder and cached."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        config_file: str | None = None,
        select: Iterable[str] = (),
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        quarters: str | None = None,
    ):
        self.catalog = catalog
        self.cli_quarters = quarters
        self.cli_select = tuple(select)
        self.cli_extend_select = tuple(extend_select)
        self.cli_ignore = tuple(ignore)
        self.config_file = config_file
        self.fixed: Config | None = None
        if config_file is not None:
            path = Path(config_file)
            if not path.is_file():
                raise ConfigError(f"--config {config_file}: no such file")
            self.fixed = read_config_file(path, catalog)
        self.default = Config(path=None)
        self._by_folder: dict[Path, Config] = {}
        self._by_file: dict[Path, Config] = {}
        self._tables: dict[tuple[Path | None, tuple[str, ...]], RuleTable] = {}
        self.skipped_drafts: list[str] = []

    def __reduce__(self) -> tuple:
        # For --jobs: a worker rebuilds the resolver (and its caches) from the command line's
        # choices, once per process, rather than receiving tables it cannot unpickle.
        from planlint.catalog import load_catalog

        if self.catalog is not load_catalog():
            raise TypeError("only a resolver over the shipped catalogue can be sent to a worker")
        return (
            _worker_resolver,
            (self.config_file, self.cli_select, self.cli_extend_select, self.cli_ignore, self.cli_quarters),
        )

    def config_for_folder(self, folder: Path) -> Config:
        if self.fixed is not None:
            return self.fixed
        config = self._by_folder.get(folder)
        if config is None:
            found = find_config_file(folder)
            if found is None:
                config = self.default
            else:
                if found not in self._by_file:
                    self._by_file[found] = read_config_file(found, self.catalog)
                config = self._by_file[found]
            self._by_folder[folder] = config
        return config

    def config_for(self, file: str) -> Config:
        """The config that governs `file` (standard input: the current folder's)."""
        folder = Path.cwd() if file == "-" else Path(os.path.abspath(file)).parent
        return self.config_for_folder(folder)

    def table_for(self, file: str) -> RuleTable:
        config = self.config_for(file)
        ignored = config.ignored_for(file) if file != "-" else ()
        key = (config.path, ignored)
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = self._build(config, ignored)
        return table

    __call__ = table_for  # a Resolver is the pipeline's `table_for`

    def _build(self, config: Config, ignored: tuple[str, ...]) -> RuleTable:
        select = self.cli_select or config.select or ()
        quarters = self.cli_quarters or config.quarters
        settings = {"quarters": quarters} if quarters else {}
        profile = None
        if config.template is not None:
            from planlint.profiles import load_profile

            profile = load_profile(config.template, config.profiles)  # checked when the config was read
        try:
            return RuleTable.build(
                self.catalog,
                select=select,
                extend_select=(*config.extend_select, *self.cli_extend_select),
                ignore=(*config.ignore, *ignored, *self.cli_ignore),
                severity=config.severity,
                options=config.options,
                words=config.words,
                settings=settings,
                profile=profile,
                profile_folders=config.profiles,
            )
        except SelectionError as exc:
            where = f"{config.path}: " if config.path is not None else ""
            raise ConfigError(f"{where}{exc}") from None

    def fail_on_for(self, file: str) -> str | None:
        return self.config_for(file).fail_on

    def walk(self, paths: Iterable[str], skipped: list[str] | None = None) -> Iterator[str]:
        """The files to lint: explicit files as given; folders walked for what each file's config
        `include`s and does not `exclude`. Word drafts a walk passes over are kept in skipped_drafts;
        `skipped` collects links a walk left out (they lead outside the folder walked)."""
        from planlint.reader import discover, walk_folder

        for given in paths:
            if given != "-" and Path(given).is_dir():
                for file in walk_folder(given, skipped=skipped):
                    if self.config_for(file).includes(file):
                        yield file
                    elif file.lower().endswith(DRAFT_SUFFIXES):
                        self.skipped_drafts.append(file)
            else:
                yield from discover([given], skipped=skipped)


_WORKER_RESOLVERS: dict[tuple, Resolver] = {}


def _worker_resolver(
    config_file: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    quarters: str | None = None,
) -> Resolver:
    from planlint.catalog import load_catalog

    key = (config_file, select, extend_select, ignore, quarters)
    if key not in _WORKER_RESOLVERS:
        _WORKER_RESOLVERS[key] = Resolver(
            load_catalog(),
            config_file=config_file,
            select=select,
            extend_select=extend_select,
            ignore=ignore,
            quarters=quarters,
        )
    return _WORKER_RESOLVERS[key]


# ---------------------------------------------------------------- JSON Schema (for editors)


def json_schema(catalog: Catalog) -> dict[str, Any]:
    """The JSON Schema of `.planlint.yaml` (and of `[tool.planlint]`), built from the same catalogue it validates against."""
    selector = {"type": "string", "pattern": r"^(?i:ALL|PL\d{0,3}|[a-z][a-z0-9]*(-[a-z0-9]+)*)$"}
    selectors: dict[str, Any] = {
        "anyOf": [{"type": "array", "items": selector}, {"type": "string"}],
        "description": "Rule codes (PL301), families (PL3) or names (owner-missing); a list or comma-separated",
    }
    properties: dict[str, Any] = {
        "select": {
            "anyOf": [{"type": "array", "items": selector, "minItems": 1}, {"type": "string", "pattern": r"[^\s,]"}],
            "description": "Run only these rules. " + selectors["description"],
        },
        "extend-select": {**selectors, "description": "Run these rules as well as the default ones."},
        "ignore": {**selectors, "description": "Do not run these rules."},
        "severity": {
            "type": "object",
            "description": "Severity per rule code or name.",
            "additionalProperties": {"enum": ["error", "warning", "info"]},
        },
        "fail-on": {"enum": list(FAIL_ON), "description": "The least severity that makes the exit code 1."},
        "include": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "default": list(DEFAULT_INCLUDE),
            "description": "Globs (relative to this file's folder) of the files folder walks lint; add "
            "'*.docx' (or '*.md', '*.txt') to lint drafts.",
        },
        "exclude": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Globs (relative to this file's folder) that folder walks skip.",
        },
        "per-file-ignores": {
            "type": "object",
            "additionalProperties": selectors,
            "description": "Glob (relative to this file's folder) -> rules not run on those files.",
        },
        "glossary": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Acronyms that need no definition in a plan (PL604).",
        },
        "template": {
            "type": "string",
            "minLength": 1,
            "default": "hmpps-2018",
            "description": "The template (profile) of plans that name none in plan.template: a shipped one "
            "(rules/profiles/) or one in `profiles`.",
        },
        "profiles": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Folders (relative to this file's folder) of this repository's own profiles, <name>.yaml.",
        },
    }
    for section, prefix in WORD_SECTIONS.items():
        lists = {
            n.removeprefix(prefix) if n.startswith(prefix) else n: {"description": f"entries added to {n}"}
            for n in catalog.words
            if n.startswith(prefix)
        }
        properties[section] = {
            "type": "object",
            "properties": lists,
            "additionalProperties": False,
            "description": "Entries added to planlint's word lists.",
        }
    scopes: dict[str, dict[str, Any]] = {}
    for rule in catalog.rules:
        for option in rule.options:
            kind = _json_type(option.default)
            entry = {**kind, "default": option.default, "description": f"{rule.code} {rule.name}: {option.description}"}
            for scope in (
                rule.code,
                rule.name,
                *[topic for topic, family in TOPICS.items() if rule.code.startswith(family)],
            ):
                scopes.setdefault(scope, {})[option.name] = entry
    for scope, options in scopes.items():
        for name, entry in options.items():
            properties[f"{scope}.{name}"] = entry
        if scope not in properties:
            properties[scope] = {"type": "object", "properties": options, "additionalProperties": False}
    quarters = {
        "enum": list(QUARTERS),
        "default": QUARTERS[0],
        "description": "What a quarter with one calendar year means ('Q3 2024'): financial (Q1 is April-June) "
        "or calendar (Q1 is January-March).",
    }
    properties["dates.quarters"] = quarters
    properties.setdefault("dates", {"type": "object", "properties": {}, "additionalProperties": False})
    properties["dates"]["properties"]["quarters"] = quarters
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "planlint configuration",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }


def _json_type(default: Any) -> dict[str, Any]:
    if isinstance(default, bool):
        return {"type": "boolean"}
    if isinstance(default, int):
        return {"type": "integer", "minimum": 0}
    if isinstance(default, float):
        return {"type": "number"}
    if isinstance(default, list):
        return {"type": "array", "items": {"type": "string"}}
    return {"type": "string"}
