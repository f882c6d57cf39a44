"""Where planlint's shipped data lives (rule metadata, word lists, template profiles) and how it is read.

Below every layer that reads it: the catalogue (rules) and the template profiles (model) both do.
The files are compiled into the package (shipped_data.py, written by `python -m planlint.generate`):
parsing ~70 YAML files was a tenth of a one-file `planlint check`, reading them to compare costs a
millisecond or two. Data that differs from what was compiled (a rule or profile edited in a source
tree) is parsed afresh, never cached.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any


def data_dir() -> Path:
    """The rules/ data folder: inside the installed package, else the source tree's top-level rules/."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "rules"
    if packaged.is_dir():
        return packaged
    source_tree = here.parent.parent / "rules"
    if source_tree.is_dir():
        return source_tree
    raise RuntimeError(
        f"planlint's rules/ data is missing (looked in {packaged} and {source_tree}); reinstall planlint"
    )


@functools.lru_cache(maxsize=1)
def _data_loader() -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False)


def load_yaml_file(path: Path) -> Any:
    """A shipped (or organisation's) data file: trusted YAML, read with the C loader."""
    return _data_loader().load(path.read_text(encoding="utf-8"))


def data_files(folder: Path) -> list[tuple[str, Path]]:
    """The shipped data files, each with its name relative to the data folder: the rules (PL*.yaml), the
    word lists (lexicon/) and the template profiles (profiles/)."""
    # by name: sorting Path objects compares their parts, and cost a one-file run milliseconds
    files = [(name, folder / name) for name in _yaml_names(folder) if name.startswith("PL")]
    for sub in ("lexicon", "profiles"):
        files += [(f"{sub}/{name}", folder / sub / name) for name in _yaml_names(folder / sub)]
    return files


def _yaml_names(folder: Path) -> list[str]:
    import os

    try:
        with os.scandir(folder) as entries:  # the entry says whether it is a file: no stat per name
            return sorted(e.name for e in entries if e.name.endswith(".yaml") and e.is_file())
    except OSError:
        return []


def checksum(files: list[tuple[str, Path]]) -> int:
    """A checksum of the files' names and contents (CRC-32: to tell an edit, not to resist one)."""
    import zlib

    total = 0
    for name, path in files:
        total = zlib.crc32(path.read_bytes(), zlib.crc32(name.encode("utf-8", "surrogateescape"), total))
    return total


def compiled(files: list[tuple[str, Path]]) -> dict[str, Any] | None:
    """The files as parsed when the package was built (shipped_data.py), if they are still what was compiled."""
    try:
        from planlint import shipped_data
    except ImportError:
        return None
    if [name for name, _ in files] != list(shipped_data.FILES) or checksum(files) != shipped_data.CHECKSUM:
        return None
    return shipped_data.FILES


@functools.lru_cache(maxsize=4)  # the catalogue and the profiles both ask: the files are compared once
def compiled_for(folder: Path) -> dict[str, Any] | None:
    """`compiled` for the data files in `folder`: None when any differs from what was compiled."""
    return compiled(data_files(folder))
