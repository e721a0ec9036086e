#!/usr/bin/env bash
# Measures the desktop app's speed (release build) under Xvfb: cold start,
# memory, drag feedback, and frame times (median, p95, p99) of scrolling,
# zooming and dragging at week, month and quarter zoom on a 100k-deployment
# plan. Prints a
# Markdown table for docs/benchmarks.md. Needs what scripts/test-app.sh needs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-app-deps.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
npm --prefix ui ci --no-audit --no-fund >/dev/null
npm --prefix ui run build >/dev/null
cargo build --release -p trainyard-app --features custom-protocol
cargo build --release -p trainyard-cli -p trainyard-bench
command -v tauri-driver >/dev/null || cargo install tauri-driver --locked

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$CARGO_TARGET_DIR/release/trainyard-bench" --write-plan "$work/gen.json" >/dev/null
# The calendar's Today is the plan's "today" (x.demo.as_of): a busy June week
# (it opens on the week with the most errors; the scrolling benchmark clicks Today).
node -e 'const fs = require("fs"); const [src, dst] = process.argv.slice(1); const p = JSON.parse(fs.readFileSync(src, "utf8"));
  p.x = { ...(p.x ?? {}), demo: { as_of: "2027-06-02T10:00:00Z" } }; fs.writeFileSync(dst, JSON.stringify(p));' "$work/gen.json" "$work/big.json"
"$CARGO_TARGET_DIR/release/trainyard" import "$work/big.json" --to "$work/big.trainyard" >/dev/null

TRAINYARD_APP="$CARGO_TARGET_DIR/release/trainyard-app" TRAINYARD_BIG_PLAN="$work/big.trainyard" \
  bash ui/e2e/run.sh bench-app.mjs
