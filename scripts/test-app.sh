#!/usr/bin/env bash
# Builds the desktop app with the UI embedded and drives the real window
# through WebDriver (tauri-driver + WebKitWebDriver) under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-app-deps.sh

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
npm --prefix ui run build
cargo build --manifest-path src-tauri/Cargo.toml --features custom-protocol
command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked
TRAINYARD_APP="$CARGO_TARGET_DIR/debug/trainyard-app" bash ui/e2e/run.sh
