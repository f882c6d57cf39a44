"""Template profiles: what one action-plan template allows, as data (`rules/profiles/<name>.yaml`).

A profile names what the plan answers (a recommendation, a concern), its categories with what an
answer in each must or must not hold, the reason categories, the summary table's keys, and what
the importers and the exporter read and write. The checks ask the profile ("does this category
need actions?") instead of naming a category; a new template is a new YAML file, shipped in
`rules/profiles/` or found in a folder a config's `profiles:` names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from planlint.errors import UserError
from planlint.lazy_pattern import LazyPattern

DEFAULT_PROFILE = "hmpps-2018"
_NAME_RE = LazyPattern(r"(?<![a-z0-9-])[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # (?<!...): linear even when searched
_OBLIGATIONS = ("needs_actions", "needs_reason", "needs_implemented_part", "forbids_actions")
_COLUMNS = ("id", "text", "category", "response", "owner", "target_date")
_KEYS = frozenset(
    {"name", "title", "unit", "units", "id_style", "categories", "reason_categories", "summary", "importer", "exporter"}
)


class ProfileError(UserError):
    """A profile that cannot be used, or a template name no profile has: one line, with what to do."""


def _squash(text: str) -> str:
    # the comparison form of a category: case, spaces, hyphens and underscores ignored (as the model's)
    return re.sub(r"[\s_\-]+", "", text).casefold()


_WHY = "cannot be (fully) agreed"  # what an explanation explains ("why it ..."), unless a category says otherwise


class CategoryRule(NamedTuple):
    """One category of a template and what an answer in it must (not) hold."""

    name: str
    aliases: tuple[str, ...] = ()
    needs_actions: bool = False
    needs_reason: bool = False
    needs_implemented_part: bool = False
    forbids_actions: bool = False
    caveat_means: str | None = None  # the category a condition on delivery makes it (PL109); None: no such move
    # what an explanation of this answer explains, in PL201/PL204's messages ("saying why it is rejected")
    why: str = _WHY


class SummaryKey(NamedTuple):
    key: str
    label: str
    counts: str | None = None  # the category it counts; None: every answer (the total)


class Profile(NamedTuple):  # a NamedTuple (immutable, cheap to define): see findings.py
    """A template: its categories and what each asks of an answer, its summary keys, and how Word and
    text drafts written on it read (columns, detection patterns) and are written back (exporter)."""

    name: str
    title: str
    unit: str
    units: str
    id_style: str
    categories: tuple[CategoryRule, ...]
    reason_categories: tuple[str, ...]
    summary: tuple[SummaryKey, ...]
    # each category by its squashed name (`category`): made with the profile, from `categories`
    category_keys: Mapping[str, CategoryRule]
    columns: Mapping[str, str] = MappingProxyType({})
    detect: tuple[str, ...] = ()
    title_patterns: tuple[str, ...] = ()
    date_patterns: tuple[str, ...] = ()
    exporter: Mapping[str, str] = MappingProxyType({})
    path: str = ""

    def category(self, raw: str | None) -> CategoryRule | None:
        """The category a raw value names, matched without regard to case, spacing, hyphens or underscores."""
        if raw is None:
            return None
        return self.category_keys.get(_squash(raw))

    @property
    def category_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.categories)

    def choices(self) -> str:
        """'Agreed, Partly Agreed or Not Agreed': the categories as a message offers them."""
        return either(self.category_names)

    def named(self, name: str | None) -> CategoryRule | None:
        return next((c for c in self.categories if c.name == name), None)

    @property
    def partial(self) -> CategoryRule | None:
        """The category for an answer that implements part of what was asked, if the template has one."""
        return next((c for c in self.categories if c.needs_implemented_part), None)

    @property
    def summary_keys(self) -> frozenset[str]:
        return frozenset(s.key for s in self.summary)

    @property
    def detectors(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in self.detect)  # compiled once: re keeps them


def either(names: Iterable[str]) -> str:
    items = list(names)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def shipped_dir() -> Path:
    from planlint.shipped import data_dir

    return data_dir() / "profiles"


def _bool(data: Mapping[str, Any], key: str, where: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ProfileError(f"{where}: {key} must be true or false, not {value!r}")
    return value


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ProfileError(f"{where}: must be a list of texts")
    return tuple(v.strip() for v in value)


def profile_from_data(data: Any, path: Path) -> Profile:
    """A Profile from a profile file's data; ProfileError names the file and the key that is wrong."""
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: a profile is a mapping (name, unit, categories, summary, ...)")
    unknown = sorted(set(map(str, data)) - _KEYS)
    if unknown:
        raise ProfileError(f"{path}: unknown key {unknown[0]!r}; allowed: {', '.join(sorted(_KEYS))}")
    name = str(data.get("name") or "")
    if not _NAME_RE.match(name) or path.stem != name:
        raise ProfileError(f"{path}: `name` must be the file's name without .yaml, in kebab-case (got {name!r})")
    for key in ("unit", "categories"):
        if not data.get(key):
            raise ProfileError(f"{path}: the profile lacks `{key}`")
    categories = []
    for index, item in enumerate(data["categories"] if isinstance(data["categories"], list) else [None]):
        where = f"{path}: categories[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise ProfileError(f"{where}: each category is a mapping with a `name`")
        categories.append(
            CategoryRule(
                name=item["name"].strip(),
                aliases=_texts(item.get("aliases"), f"{where}.aliases"),
                caveat_means=item.get("caveat_means") or None,
                why=item["why"].strip() if isinstance(item.get("why"), str) and item["why"].strip() else _WHY,
                **{key: _bool(item, key, where) for key in _OBLIGATIONS},
            )
        )
    names = {c.name for c in categories}
    for category in categories:
        if category.caveat_means is not None and category.caveat_means not in names:
            raise ProfileError(f"{path}: caveat_means {category.caveat_means!r} is not one of the categories")
        if category.needs_actions and category.forbids_actions:
            raise ProfileError(f"{path}: category {category.name!r} both needs and forbids actions")
    summary = []
    for index, item in enumerate(data.get("summary") or []):
        if not isinstance(item, dict) or not re.fullmatch(r"[a-z][a-z0-9_]*", str(item.get("key") or "")):
            raise ProfileError(f"{path}: summary[{index}] needs a `key` in snake_case and a `label`")
        counts = item.get("counts")
        if counts is not None and counts not in names:
            raise ProfileError(f"{path}: summary[{index}] counts {counts!r}, which is not one of the categories")
        summary.append(SummaryKey(str(item["key"]), str(item.get("label") or item["key"]), counts))
    importer = data.get("importer") or {}
    columns = importer.get("columns") or {}
    if not isinstance(columns, dict) or not set(columns) <= set(_COLUMNS):
        raise ProfileError(f"{path}: importer.columns maps {', '.join(_COLUMNS)} to the template's headers")
    for key in ("detect", "title", "date"):
        for pattern in _texts(importer.get(key), f"{path}: importer.{key}"):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ProfileError(f"{path}: importer.{key}: {pattern!r} is not a pattern ({exc})") from None
    return Profile(
        name=name,
        title=str(data.get("title") or name),
        unit=str(data["unit"]),
        units=str(data.get("units") or f"{data['unit']}s"),
        id_style=str(data.get("id_style") or ""),
        categories=tuple(categories),
        reason_categories=_texts(data.get("reason_categories"), f"{path}: reason_categories"),
        summary=tuple(summary),
        category_keys=MappingProxyType({_squash(c.name): c for c in categories}),
        columns=MappingProxyType({str(k): str(v) for k, v in columns.items()}),
        detect=_texts(importer.get("detect"), f"{path}: importer.detect"),
        title_patterns=_texts(importer.get("title"), f"{path}: importer.title"),
        date_patterns=_texts(importer.get("date"), f"{path}: importer.date"),
        exporter=MappingProxyType({str(k): str(v) for k, v in (data.get("exporter") or {}).items()}),
        path=str(path),
    )


@functools.lru_cache(maxsize=32)  # a profile file is read once per run, whichever plans name it
def _read_profile(path: Path) -> Profile:
    from planlint import shipped

    folder = shipped.data_dir()
    compiled = shipped.compiled_for(folder) if path.parent == folder / "profiles" else None
    if compiled is not None and f"profiles/{path.name}" in compiled:  # a shipped profile, as compiled
        return profile_from_data(compiled[f"profiles/{path.name}"], path)
    try:
        data = shipped.load_yaml_file(path)
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read the profile ({exc.strerror or exc})") from None
    except Exception as exc:  # ruamel's parse errors: one line, not a traceback
        raise ProfileError(f"{path}: not readable YAML ({' '.join(str(exc).split())[:200]})") from None
    return profile_from_data(data, path)


def available(folders: Iterable[str | Path] = ()) -> dict[str, Path]:
    """Every profile's file by name: the shipped ones, then those in `folders` (a later one wins)."""
    found: dict[str, Path] = {}
    for folder in (shipped_dir(), *folders):
        for path in sorted(Path(folder).glob("*.yaml")):
            found[path.stem] = path
    return found


def load_profile(name: str | None = None, folders: Iterable[str | Path] = ()) -> Profile:
    """The profile called `name` (None: the default), from the shipped ones or `folders`."""
    wanted = (name or DEFAULT_PROFILE).strip()
    files = available(folders)
    path = files.get(wanted)
    if path is None:
        raise ProfileError(f"unknown template {wanted!r}{suggestion(wanted, files)}; known: {', '.join(sorted(files))}")
    return _read_profile(path)


def suggestion(name: str, known: Iterable[str]) -> str:
    import difflib  # only for a name that is not known

    near = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
    return f" (did you mean {near[0]!r}?)" if near else ""


@functools.cache  # the importers ask for every document; the shipped files never change in a run
def shipped_profiles() -> tuple[Profile, ...]:
    """The shipped profiles, the default first, then by name."""
    names = sorted(available(), key=lambda n: (n != DEFAULT_PROFILE, n))
    return tuple(load_profile(n) for n in names)


def detect_template(header_cells: Iterable[str], title: str | None = None) -> Profile:
    """The template an imported table is written on, from its header row and the plan's title: the
    first shipped profile (other than the default) one of whose `detect` patterns they match, else
    the default. Only the header and the title are read: an introduction may quote any template."""
    texts = [" ".join(_TAGS.sub(" ", cell).split()) for cell in header_cells]
    if title:
        texts.append(title)
    for profile in shipped_profiles()[1:]:
        if any(pattern.search(text) for pattern in profile.detectors for text in texts):
            return profile
    return default_profile()


_TAGS = LazyPattern(r"<[^<>]*>")  # a Word cell's paragraph markup


@functools.cache  # the profile of every plan that names none: read once
def default_profile() -> Profile:
    return load_profile(DEFAULT_PROFILE)
