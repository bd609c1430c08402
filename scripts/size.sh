#!/usr/bin/env bash
# Reports what the page loads at first, raw and gzipped (budget: 150 KB gzipped).
# Not part of it: the lab worker (lab*, the engine: fetched with the first
# run), the full app (full*, the tools: fetched when one is opened), the
# program lab (pylab*, the explorer of the learner's program: fetched when
# they explore it) and embed.js and course.* (for pages that embed the playground).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DIST="${RACECOURSE_DIST:-dist}"   # another build's folder, when several work in one tree
DIST="${DIST%/}"
total=0
printf '%-44s %10s %10s\n' file bytes gzipped
for file in "$DIST"/index.html "$DIST"/*.js "$DIST"/*.wasm "$DIST"/*.css; do
  [ -f "$file" ] || continue
  case "${file#"$DIST"/}" in embed.js|lab*|pylab*|full*|course*) continue ;; esac
  raw=$(wc -c < "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  total=$((total + gz))
  printf '%-44s %10d %10d\n' "${file#"$DIST"/}" "$raw" "$gz"
done
printf '%-44s %10s %10d  (%d KB; budget 150 KB)\n' "first load, gzipped" "" "$total" $(((total + 1023) / 1024))
