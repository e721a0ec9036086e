#!/usr/bin/env bash
# Installs what is missing, builds Trainyard and opens the built-in demo plan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --release -p trainyard-cli
bin="${CARGO_TARGET_DIR:-target}/release/trainyard"
data="${XDG_DATA_HOME:-$HOME/.local/share}/trainyard"
mkdir -p "$data"
store="$data/demo.trainyard"
[ -f "$store" ] || "$bin" demo --store "$store"
echo "Demo plan: $store"
"$bin" check "$store" || true
