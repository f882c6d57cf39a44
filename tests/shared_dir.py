"""Where the shared contract lives: $PLANLINT_SHARED, else the nearest `shared/` beside an ancestor of the repo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def shared_dir() -> Path:
    configured = os.environ.get("PLANLINT_SHARED")
    if configured:
        return Path(configured)
    for folder in Path(__file__).resolve().parents[1:]:
        candidate = folder / "shared"
        if (candidate / "spec").is_dir():
            return candidate
    pytest.skip("the shared contract folder is not available (set PLANLINT_SHARED)")
    raise AssertionError  # unreachable


def sarif_schema() -> dict:
    import json

    return json.loads((shared_dir() / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
