"""Imported plan data to plan YAML that reads back to the same data.

Text stays verbatim: multi-line values are literal block scalars (`|`), so
list lines and paragraph breaks survive; anything YAML would read as another
type (`2021/22` is safe, `1 SW 1` too, but `yes`, `12:30` or `2024-01-17` as a
target date text are not) is quoted by the emitter.
"""

from __future__ import annotations

import io
from typing import Any

WRAP = 88


def _folded(text: str) -> Any:
    """A long one-line text as a folded block scalar, wrapped at single spaces (which folding restores)."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    folded = FoldedScalarString(text)
    positions, line_start = [], 0
    for index, char in enumerate(text):
        if char == " " and index - line_start > WRAP:
            positions.append(index)
            line_start = index + 1
    folded.fold_pos = positions
    return folded


def _prepare(value: Any) -> Any:
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        return {key: _prepare(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_prepare(item) for item in value]
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if (
        isinstance(value, str)
        and len(value) > WRAP
        and value == value.strip()
        and "  " not in value
        and "\t" not in value
        and not value.startswith(("#", "-", "'", '"', "|", ">"))
    ):
        return _folded(value)
    return value


def dump_plan(data: dict[str, Any], source_name: str | None = None) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    if source_name:
        buffer.write(f"# Imported from {source_name} by `planlint import`: check it against the original.\n")
    yaml.dump(_prepare(data), buffer)
    return buffer.getvalue()
