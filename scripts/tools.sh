#!/usr/bin/env bash
# Installs what building and testing Racecourse needs, only where missing.
# Sourced by scripts/serve.sh and scripts/test.sh; safe to run again and again.
#
#   wasm32 target   rustup
#   trunk 0.21      cargo install (0.22 needs a newer rustc than 1.95)
#   wasm-bindgen    cargo install, the exact version in Cargo.lock
#   wasm-opt 132    the npm package binaryen (Debian's 108 cannot read rustc 1.95's output)
#   terser          npm, for the post-build step that minifies the wasm-bindgen glue
#   chromium        Debian's chromium and chromium-driver (tests only: tools_for_tests)
#   firefox, webkit Debian's firefox-esr, webkit2gtk-driver (WebKitWebDriver and
#                   MiniBrowser) and xvfb; geckodriver from crates.io (tests only)
#   playwright-core npm, for the end-to-end tests (tests only), and axe-core
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${RACECOURSE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/racecourse-tools}"
BINARYEN_VERSION=132
GECKODRIVER_VERSION=0.37.1
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"

say() { printf '\033[1m[tools]\033[0m %s\n' "$*" >&2; }

wasm_bindgen_version() {
  # The version Cargo.lock pins; trunk uses a wasm-bindgen on PATH only if it matches.
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

tools_for_build() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
    say "installing trunk 0.21 (about 5 minutes, once)"
    cargo install trunk --version '~0.21' --locked
  fi
  if [ ! -f "$ROOT/Cargo.lock" ]; then
    (cd "$ROOT" && cargo generate-lockfile)
  fi
  # The crates, before trunk builds offline (a second or so once they are here).
  (cd "$ROOT" && cargo fetch --quiet)
  local want
  want="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (about 2 minutes, once)"
    # Not --locked: its lock file names a crate version the registry no longer has.
    cargo install wasm-bindgen-cli --version "$want"
  fi
  if [ ! -d "$ROOT/scripts/build/node_modules/terser" ]; then
    say "installing the build step's terser (npm)"
    (cd "$ROOT/scripts/build" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION} "; then
    say "installing wasm-opt $BINARYEN_VERSION (npm package binaryen)"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION" >&2
  fi
}

tools_for_tests() {
  tools_for_build
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  # The other engines a student has: Firefox and WebKit (Safari's), with
  # their WebDriver servers, for the cross-browser suite (tests/cross).
  local wanted=()
  command -v firefox-esr >/dev/null || wanted+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null || wanted+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null || wanted+=(xvfb)
  if [ "${#wanted[@]}" -gt 0 ]; then
    say "installing Debian's ${wanted[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${wanted[@]}" >/dev/null
  fi
  # Read whole (geckodriver panics when a pipe closes early, as grep -q
  # would close it); its first line is "geckodriver 0.37.1" when built
  # from crates.io, with more after a space when built from a checkout.
  local gecko
  gecko="$(geckodriver --version 2>/dev/null || true)"
  gecko="${gecko%%$'\n'*}"
  if [ "${gecko%% (*}" != "geckodriver ${GECKODRIVER_VERSION}" ]; then
    say "installing geckodriver $GECKODRIVER_VERSION (about 2-5 minutes, once)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
  fi
  if [ ! -d "$ROOT/tests/e2e/node_modules/playwright-core" ] || [ ! -d "$ROOT/tests/e2e/node_modules/axe-core" ]; then
    say "installing the end-to-end test driver (playwright-core, no browser download) and axe-core"
    (cd "$ROOT/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}
