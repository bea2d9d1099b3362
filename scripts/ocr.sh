#!/usr/bin/env bash
# Make sure document intake can read scans: Debian's Tesseract with its Vietnamese language data.
# Set PCTS_TESSERACT to use another tesseract binary (its tessdata must hold vie.traineddata).
set -euo pipefail
tesseract="${PCTS_TESSERACT:-tesseract}"
has_vie() { "$tesseract" --list-langs 2>/dev/null | grep -qx vie; }
if command -v "$tesseract" >/dev/null && has_vie; then
  exit 0
fi
if [ -n "${PCTS_TESSERACT:-}" ]; then
  echo "PCTS: PCTS_TESSERACT=$tesseract is not a tesseract with Vietnamese data (vie)." >&2
  exit 1
fi
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "PCTS: installing Debian's tesseract-ocr and tesseract-ocr-vie for scanned documents (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-vie >/dev/null
  exit 0
fi
echo "PCTS: reading scanned PDFs and images needs Tesseract with Vietnamese data." >&2
echo "      Install it (Debian/Ubuntu: sudo apt-get install tesseract-ocr tesseract-ocr-vie)" >&2
echo "      or set PCTS_TESSERACT; without it, text PDFs, Word files and pasted text still work." >&2
exit 1
