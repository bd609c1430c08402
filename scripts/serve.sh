#!/usr/bin/env bash
# Builds Racecourse and serves it at http://127.0.0.1:8080 (PORT=... to change).
# Installs the wasm target, trunk, wasm-bindgen-cli and wasm-opt when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/tools.sh
tools_for_build
echo "Racecourse: http://127.0.0.1:${PORT:-8080}/" >&2
# No auto-reload: the served page is the hosted one, with no inline script.
exec trunk serve --release --offline --no-autoreload --address 127.0.0.1 --port "${PORT:-8080}"
