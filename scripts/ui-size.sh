#!/usr/bin/env bash
# The driver's download: what a browser fetches to find a charger — the driver build's wasm,
# JS and CSS in app/dist (not the map's files under map/, which load when the map opens, nor
# the staff build under staff/). Prints each file raw, gzip -9 and brotli (quality 11, Node's
# zlib), and fails when the gzip total is above the budget.
#   scripts/ui-size.sh [DIST] [BUDGET_BYTES]
# Issue 16's target is 300 KiB (307,200 bytes); the default budget is the size reached so
# far (benches/finder/README.md), so the download cannot grow unnoticed until it is met.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${1:-$ROOT/app/dist}"
BUDGET="${2:-${LADEKLAR_UI_BUDGET_BYTES:-690176}}"   # 674 KiB (672 before the desktop shell's way into the staff build, reopening at the field screen, the offline account chip and the toast that follows the language; 670 before issue 18's staff screens reached the navigation and the service worker; issue 17: 640 KiB before my car, the price now, the banner; 660 before the owners' and visits' error texts and the idle fee; 665 before the session steps, fault words and idle-fee notice)
TARGET=307200
shopt -s nullglob
# sw.js (the service worker) is not the app's download: the browser installs it after the
# page has loaded, in the background.
files=("$DIST"/*.wasm "$DIST"/*.css)
for f in "$DIST"/*.js; do [ "$(basename "$f")" = sw.js ] || files+=("$f"); done
if [ "${#files[@]}" -lt 3 ]; then echo "ui-size: no wasm/JS/CSS in $DIST (build the UI first)" >&2; exit 1; fi
raw=0 gz=0 br=0
for f in "${files[@]}"; do
  r=$(wc -c <"$f"); g=$(gzip -9c "$f" | wc -c)
  b=$(node -e 'const z=require("zlib"),fs=require("fs");const d=fs.readFileSync(process.argv[1]);process.stdout.write(String(z.brotliCompressSync(d,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,[z.constants.BROTLI_PARAM_SIZE_HINT]:d.length}}).length))' "$f")
  printf '  %-48s %9d raw %8d gzip %8d brotli\n' "$(basename "$f")" "$r" "$g" "$b"
  raw=$((raw + r)); gz=$((gz + g)); br=$((br + b))
done
printf '  %-48s %9d raw %8d gzip %8d brotli  (%d KiB gzip; budget %d KiB, issue 16 target %d KiB)\n' \
  "driver download" "$raw" "$gz" "$br" $((gz / 1024)) $((BUDGET / 1024)) $((TARGET / 1024))
if [ "$gz" -gt "$BUDGET" ]; then
  echo "ui-size: the driver's download is $gz bytes gzip, above the budget of $BUDGET" >&2
  exit 1
fi
