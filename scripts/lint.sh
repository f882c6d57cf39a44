#!/usr/bin/env bash
# Lint, format check and type check, as CI runs them before the tests: `scripts/lint.sh`.
# Uses the ruff and mypy of the active environment, else of .venv (pip install -e '.[test]' puts them there).
# Runs all three and fails if any fails, so one run shows everything to fix.
set -uo pipefail
cd "$(dirname "$0")/.."

bin() {
  if [ -x ".venv/bin/$1" ]; then echo ".venv/bin/$1"; else command -v "$1" || echo "$1"; fi
}
RUFF=$(bin ruff)
MYPY=$(bin mypy)
status=0

echo "lint: ruff check"
"$RUFF" check src tests bench scripts || status=1
echo "lint: ruff format --check"
"$RUFF" format --check src tests bench scripts || status=1
echo "lint: mypy (src and tests, as configured in pyproject.toml)"
"$MYPY" || status=1

if [ "$status" -ne 0 ]; then
  echo "lint: failed (ruff fixes many findings with 'ruff check --fix'; 'ruff format' reformats)"
fi
exit "$status"
