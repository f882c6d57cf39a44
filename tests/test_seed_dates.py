"""Every target date of the five published seed plans, read as a reviewer would.

tests/data/seed_dates.tsv holds one row per Target Date cell of the seeds'
tables (seed, line in the seed, the cell as extracted, and the reviewer's
reading: kind, deadline, recurrence, number of parts, and the PL4xx findings
it should draw as of the plan's date). The table was judged by hand; these
tests hold planlint to it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import shared_dir
from planlint.dates import read_target_date
from planlint.rules.target_dates import default_date_grammar, judge_target_date

TABLE = Path(__file__).parent / "data" / "seed_dates.tsv"
SEEDS = shared_dir() / "seeds"
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8"), delimiter="\t"))


def seed_target_dates(folder: Path) -> list[tuple[str, int, str]]:
    """(seed, line, cell) for each non-empty Target Date cell: the last cell of a table row after the header."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        in_table = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            cells = line.split("\t")
            if len(cells) >= 6 and "Target Date" in cells[-1]:
                in_table = True
                continue
            text = cells[-1].strip()
            markdown_rule = all(re.fullmatch(r"\s*-*\s*", c) for c in cells)
            if in_table and len(cells) >= 3 and text and not markdown_rule:
                out.append((path.name[:3], number, text))
    return out


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['seed']}:{r['line']}" for r in ROWS])
def test_seed_target_date_reads_as_judged(row: dict[str, str]) -> None:
    reading = read_target_date(row["text"], default_date_grammar())
    got = (
        reading.kind.value,
        reading.deadline.isoformat() if reading.deadline else "",
        reading.recurrence or "",
        len(reading.parts),
    )
    assert got == (row["kind"], row["deadline"], row["recurrence"], int(row["parts"])), reading.describe()


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['seed']}:{r['line']}" for r in ROWS])
def test_seed_target_date_draws_the_findings_a_reviewer_would_raise(row: dict[str, str]) -> None:
    codes = [code for code, _, _ in judge_target_date(row["text"], dt.date.fromisoformat(row["as_of"]))]
    assert " ".join(codes) == row["findings"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds are not on this machine")
def test_table_holds_every_target_date_of_the_seeds() -> None:
    assert [(r["seed"], int(r["line"]), r["text"]) for r in ROWS] == seed_target_dates(SEEDS)
