#!/usr/bin/env bash
# Run the whole test suite; "no tests ran" (pytest exit 5) is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=pcts.settings
bash scripts/browser.sh || exit 1
.venv/bin/python -m pytest "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "PCTS: pytest collected no tests - treating as a failure." >&2
  exit 1
fi
exit "$rc"
