#!/usr/bin/env bash
# Runs the WebDriver end-to-end scripts against the built app under a fresh
# Xvfb display with its own XDG dirs, in order (each one starts the app
# again; restart.e2e.mjs checks what flows.e2e.mjs left in the plan file).
# Needs: xvfb, webkit2gtk-driver, xdotool, tauri-driver on PATH
# (cargo install tauri-driver --locked), the app built with the UI embedded
# (cargo build --manifest-path src-tauri/Cargo.toml --features custom-protocol).
# Screenshots go to ui/e2e/shots (or $SHOTS). Arguments name other scripts to
# run instead (e.g. bench-app.mjs); E2E_PORT moves the driver off port 4444.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ -z "${DISPLAY:-}" ]]; then exec xvfb-run -a -s "-screen 0 1600x1000x24" "$0" "$@"; fi
tmp="$(mktemp -d)"
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
# The audit trail records the OS user.
export USER=e2e-coordinator LOGNAME=e2e-coordinator E2E_TMP="$tmp" E2E_STATE="$tmp/state.json"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
port="${E2E_PORT:-4444}"
export E2E_PORT="$port"
tauri-driver --port "$port" --native-port "$((port + 1))" >"$tmp/driver.log" 2>&1 &
driver=$!
trap 'kill $driver 2>/dev/null || true; rm -rf "$tmp" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/"$((port + 1))") 2>/dev/null && break
  sleep 0.1
done
start=$SECONDS
if [[ $# -gt 0 ]]; then
  for script in "$@"; do node "$here/$script"; done
  exit 0
fi
for script in calendar flows restart exports; do
  node "$here/$script.e2e.mjs"
done
echo "e2e: all passed in $((SECONDS - start)) s"
