#!/usr/bin/env bash
# Installs what is missing, then runs every test of the project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

# Debug info off: the test build is several times smaller and faster on small machines.
export CARGO_PROFILE_DEV_DEBUG=false CARGO_PROFILE_TEST_DEBUG=false
export CARGO_TERM_COLOR=never
cargo build --workspace --all-targets
cargo test --workspace

# The UI's unit tests (vitest, IPC mocked) and type check need Node.js 20+.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -ge 20 ]; then
    npm --prefix ui install --no-audit --no-fund
    npm --prefix ui run check
    npm --prefix ui test
    bash scripts/test-app.sh
else
    echo "NOTE: UI unit tests and the desktop app's end-to-end test not run: they need Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
fi
