#!/usr/bin/env bash
# Every test Racecourse has, from a fresh machine: installs what is missing,
# then runs, in order,
#   1. cargo fmt --check and cargo clippy (native and wasm32), warnings denied
#   2. cargo test: the engine, the page's state, and the engine against CPython's asyncio
#   3. trunk build --release (the site in dist/), with its size report
#   4. wasm-bindgen-test in headless Chromium and Firefox: real timers, and native == wasm32 runs
#   5. end-to-end tests: dist/ served on loopback under a sub-path, driven in Chromium
#   6. the cross-browser suite: the checks that matter, in Chromium, Firefox and WebKit
# and ends with one line: "N passed, M failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
source scripts/tools.sh
set -e
tools_for_tests
set +e

passed=0          # steps
failed=0
failures=()
tests_passed=0    # individual tests, summed from each runner's own report
tests_failed=0
step() {
  local name="$1"; shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
}
count_tests() { # adds the counts of cargo's "test result" lines to the totals
  local log="$1" p f
  p=$(grep -E '^test result' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  f=$(grep -E '^test result' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
  tests_passed=$((tests_passed + p))
  tests_failed=$((tests_failed + f))
  echo "   ($p passed, $f failed in $(basename "$log"))"
}

LOGS="$ROOT/target/test-logs"
mkdir -p "$LOGS"

step "format" cargo fmt --all -- --check
step "clippy (native)" cargo clippy --all-targets --quiet -- -D warnings
step "clippy (wasm32)" cargo clippy --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

native_tests() {
  cargo test --quiet 2>&1 | tee "$LOGS/native.log"
  local status=${PIPESTATUS[0]}
  count_tests "$LOGS/native.log"
  return "$status"
}
step "native tests (engine, page state, CPython fidelity)" native_tests

build_site() {
  rm -rf dist
  trunk build --release --offline 2>&1 | tail -n 3 && [ -f dist/index.html ] && scripts/size.sh
}
step "trunk build --release" build_site

browser_unit_tests() { # chromedriver or geckodriver: the one the runner is given
  local driver="$1" log="$LOGS/browser-$1.log" fingerprints
  fingerprints="$(cargo run --quiet --example fingerprints)" || return 1
  if [ "$driver" = chromium ]; then export CHROMEDRIVER=/usr/bin/chromedriver; unset GECKODRIVER
  else export GECKODRIVER; GECKODRIVER="$(command -v geckodriver)"; unset CHROMEDRIVER; fi
  RACECOURSE_NATIVE_FINGERPRINTS="$fingerprints" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_TEST_TIMEOUT=60 \
    cargo test --target wasm32-unknown-unknown --test browser 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  unset CHROMEDRIVER GECKODRIVER
  count_tests "$log"
  return "$status"
}
step "wasm-bindgen-test in headless Chromium" browser_unit_tests chromium
step "wasm-bindgen-test in headless Firefox" browser_unit_tests firefox

node_suite() { # a directory of node:test files, run in order; adds their counts to the totals
  local dir="$1" log="$LOGS/$2.log"
  shift 2
  (cd "tests/$dir" && "$@" node --test --test-concurrency=1 ./*.test.mjs) 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]} p f
  p=$(awk '/^# pass / {print $3}' "$log")
  f=$(awk '/^# fail / {print $3}' "$log")
  tests_passed=$((tests_passed + ${p:-0}))
  tests_failed=$((tests_failed + ${f:-0}))
  return "$status"
}
step "end-to-end in Chromium" node_suite e2e e2e
# WebKitGTK's MiniBrowser needs a display: a virtual one.
step "cross-browser: Chromium, Firefox, WebKit" node_suite cross cross xvfb-run -a

echo
echo "steps: $passed of $((passed + failed)) green (format, clippy x2, native tests, build, browser tests x2, end-to-end, cross-browser)"
if [ "$failed" -gt 0 ]; then
  printf 'failed steps: %s\n' "${failures[*]}"
  # A failed step with no failed test in it (format, clippy, build) still fails the run.
  [ "$tests_failed" -gt 0 ] || tests_failed=$failed
fi
echo "tests: $tests_passed passed, $tests_failed failed"
[ "$failed" -eq 0 ]
