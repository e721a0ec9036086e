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
