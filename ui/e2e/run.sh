#!/usr/bin/env bash
# Runs the WebDriver end-to-end scripts against the built app under a fresh
# Xvfb display, in order (each one starts the app again; restart.e2e.mjs
# checks what flows.e2e.mjs left in the plan file), twice:
#   1. with WebKit's accelerated compositing, taking screenshots
#      (ui/e2e/shots, or $SHOTS): WebKitWebDriver's screenshots stall when
#      the page is not composited;
#   2. in the app's default rendering (software compositing), without them.
# Each pass has its own XDG dirs and its own driver (the app inherits the
# driver's environment).
# Needs: xvfb, webkit2gtk-driver, xdotool, tauri-driver on PATH
# (cargo install tauri-driver --locked), the app built with the UI embedded
# (cargo build --manifest-path src-tauri/Cargo.toml --features custom-protocol).
# Arguments name other scripts to run instead, once, in the default rendering
# (e.g. bench-app.mjs); E2E_PORT moves the driver off port 4444.
# --installed (first argument): the app is the one the Debian package
# installed (/usr/bin/trainyard-app unless TRAINYARD_APP says otherwise; see
# scripts/package-deb.sh), and the first pass starts with installed.e2e.mjs,
# which checks the package's side of it (owner, launcher entry) and the window.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ -z "${DISPLAY:-}" ]]; then exec xvfb-run -a -s "-screen 0 1600x1000x24" "$0" "$@"; fi
installed=0
if [[ "${1:-}" == --installed ]]; then
  shift
  installed=1
  export TRAINYARD_APP="${TRAINYARD_APP:-/usr/bin/trainyard-app}"
  [[ -x "$TRAINYARD_APP" ]] || { echo "error: no installed app at $TRAINYARD_APP (sudo apt install ./target/release/bundle/deb/Trainyard_*.deb)" >&2; exit 1; }
fi
port="${E2E_PORT:-4444}"
export E2E_PORT="$port"
# The audit trail records the OS user.
export USER=e2e-coordinator LOGNAME=e2e-coordinator

driver=""
tmp=""
cleanup() {
  [[ -n "$driver" ]] && kill "$driver" 2>/dev/null || true
  [[ -n "$tmp" ]] && rm -rf "$tmp" 2>/dev/null || true
}
trap cleanup EXIT

# pass LABEL SCRIPT... : fresh dirs, a driver, the scripts in order.
pass() {
  local label="$1"; shift
  cleanup
  tmp="$(mktemp -d)"
  export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
  export E2E_TMP="$tmp" E2E_STATE="$tmp/state.json"
  mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
  tauri-driver --port "$port" --native-port "$((port + 1))" >"$tmp/driver.log" 2>&1 &
  driver=$!
  for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/"$((port + 1))") 2>/dev/null && break
    sleep 0.1
  done
  local start=$SECONDS
  echo "== $label"
  for script in "$@"; do node "$here/$script"; done
  echo "== $label: passed in $((SECONDS - start)) s"
  kill "$driver" 2>/dev/null || true
  wait "$driver" 2>/dev/null || true
  driver=""
}

if [[ $# -gt 0 ]]; then
  pass "$*" "$@"
  exit 0
fi
suite=(calendar.e2e.mjs a11y.e2e.mjs lanes.e2e.mjs draw.e2e.mjs flows.e2e.mjs restart.e2e.mjs exports.e2e.mjs calendar-import.e2e.mjs insights.e2e.mjs density.e2e.mjs governance.e2e.mjs team.e2e.mjs)
first=("${suite[@]}")
# installed.e2e.mjs makes no edit: calendar.e2e.mjs then finds the demo plan as it expects.
[[ $installed == 1 ]] && first=(installed.e2e.mjs "${suite[@]}")
TRAINYARD_GPU_COMPOSITING=1 E2E_SHOTS=1 pass "accelerated compositing, with screenshots" "${first[@]}"
E2E_SHOTS=0 pass "default rendering" "${suite[@]}"
echo "e2e: all passed"
