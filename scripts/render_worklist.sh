#!/usr/bin/env bash
# The README's picture: the first rows of the bundled worklist as LibreOffice Calc renders them.
# articles/ → worklist.xlsx (claims) → PDF of the Claims sheet's first rows (LibreOffice, through
# scripts/libreoffice.py) → PNG (pdftoppm, from poppler-utils).
# Usage: scripts/render_worklist.sh [OUT.png] [ROWS] [COLUMNS]   (default docs/worklist-libreoffice.png 12 10)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/worklist-libreoffice.png}"
rows="${2:-12}"
columns="${3:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

.venv/bin/claims extract articles --output "$work/worklist.xlsx" --no-ledger --quiet
/usr/bin/python3 scripts/libreoffice.py render "$work/worklist.xlsx" "$work/first.pdf" --rows "$rows" --columns "$columns"
mkdir -p "$(dirname "$out")"
pdftoppm -r 80 -singlefile -png "$work/first.pdf" "${out%.png}"
echo "$out"
