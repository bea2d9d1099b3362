#!/usr/bin/env bash
# Make sure the browser tests have Debian's Chromium (Playwright drives it; it cannot download its own).
# Set PCTS_CHROMIUM to use another Chromium binary.
set -euo pipefail
chromium="${PCTS_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi
if [ -n "${PCTS_CHROMIUM:-}" ]; then
  echo "PCTS: PCTS_CHROMIUM=$chromium is not an executable file." >&2
  exit 1
fi
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "PCTS: installing Debian's chromium for the browser tests (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "PCTS: the browser tests need Chromium at /usr/bin/chromium." >&2
echo "      Install it (Debian/Ubuntu: sudo apt-get install chromium) or set PCTS_CHROMIUM." >&2
exit 1
