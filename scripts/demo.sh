#!/usr/bin/env bash
# Installs what is missing, builds Trainyard and opens the built-in demo plan:
# in the desktop app when there is a display and Node.js 20+ to build its UI,
# otherwise with the command-line tool.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$node_major" -ge 20 ]; then
    bash scripts/install-app-deps.sh
    npm --prefix ui ci --no-audit --no-fund
    npm --prefix ui run build
    cargo build -p trainyard-app --features custom-protocol
    # On first start the app creates and opens the demo plan.
    exec "$CARGO_TARGET_DIR/debug/trainyard-app"
fi
echo "No display (or no Node.js 20+): opening the demo plan with the command-line tool."
cargo build --release -p trainyard-cli
bin="$CARGO_TARGET_DIR/release/trainyard"
data="${XDG_DATA_HOME:-$HOME/.local/share}/trainyard"
mkdir -p "$data"
store="$data/demo.trainyard"
[ -f "$store" ] || "$bin" demo --store "$store"
echo "Demo plan: $store"
"$bin" check "$store" || true
