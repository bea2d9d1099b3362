#!/usr/bin/env bash
# Run the whole test suite; "no tests ran" (pytest exit 5) is a failure.
# The embedded PostgreSQL and Redis the suite starts (not those already running, nor any when
# DATABASE_URL / REDIS_URL are given) are stopped when it ends, however it ends.
set -uo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=pcts.settings
bash scripts/browser.sh || exit 1
bash scripts/ocr.sh || exit 1
idle=$(.venv/bin/python scripts/stop_embedded.py --idle) || exit 1
trap '.venv/bin/python scripts/stop_embedded.py --started $idle' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
.venv/bin/python -m pytest "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "PCTS: pytest collected no tests - treating as a failure." >&2
  exit 1
fi
exit "$rc"
