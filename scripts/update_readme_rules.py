"""Rewrite the README's rule table from the catalogue: `python scripts/update_readme_rules.py`."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from planlint.catalog import load_catalog  # noqa: E402

MARKERS = re.compile(r"(<!-- rules-table:start -->\n).*?(<!-- rules-table:end -->)", re.S)


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    table = load_catalog().markdown_table()
    readme.write_text(MARKERS.sub(lambda m: m.group(1) + table + m.group(2), text), encoding="utf-8")


if __name__ == "__main__":
    main()
