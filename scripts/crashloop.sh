#!/usr/bin/env bash
# Kills a writer of a plan store with SIGKILL at random moments, ROUNDS times
# (edits, undo, redo and JSON exports; a quarter as many kills during
# imports), checking after each kill that the store is intact and holds every
# acknowledged edit. Usage: scripts/crashloop.sh [ROUNDS] (default 1000).
# Set CRASH_SEED to replay a run.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-1000}"
export CRASH_ROUNDS="$rounds"
start=$(date +%s)
cargo test -p trainyard-store --test store crash -- --nocapture --test-threads=1
echo "crashloop: $rounds rounds in $(( $(date +%s) - start )) s"
