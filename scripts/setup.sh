#!/usr/bin/env bash
# Create .venv with Python 3.12 and install the project at the pinned versions (only when changed).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=$(bash scripts/find_python.sh)
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info[:2]==(3,12) else 1)'; then
  echo "PCTS: creating .venv with $PYTHON"
  rm -rf .venv
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.pcts-installed
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "PCTS: installing dependencies (pinned by constraints.txt)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip setuptools wheel
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
  echo "$want" > "$stamp"
fi
