"""The README's rule table is the catalogue's, and its commands are the ones CI runs."""

import re

from conftest import ROOT
from planlint.catalog import load_catalog


def test_readme_rule_table_matches_the_catalogue():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- rules-table:start -->\n(.*?)<!-- rules-table:end -->", text, re.S)
    assert table, "the README lost its rules-table markers"
    assert table.group(1) == load_catalog().markdown_table(), (
        "README rule table is out of date: run `python scripts/update_readme_rules.py`"
    )


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && bash scripts/lint.sh && .venv/bin/python -m pytest"
    assert command in readme
    # the same three steps, in that order
    steps = [
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]'",
        "bash scripts/lint.sh",
        ".venv/bin/python -m pytest",
    ]
    at = [ci.find(step) for step in steps]
    assert -1 not in at and at == sorted(at), at
