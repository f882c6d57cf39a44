"""Where planlint's shipped data lives (rule metadata, word lists, template profiles) and how it is read.

Below every layer that reads it: the catalogue (rules) and the template profiles (model) both do.
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
