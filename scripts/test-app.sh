#!/usr/bin/env bash
# Tests the desktop app as people get it: builds the Debian package
# (scripts/package-deb.sh), installs it system-wide with dpkg, checks what the
# package put on the system (command line, launcher entry) and drives the
# installed app's real window through WebDriver (tauri-driver +
# WebKitWebDriver) under Xvfb: the whole end-to-end suite plus
# installed.e2e.mjs. Installing needs root (or sudo); the package stays
# installed afterwards (`sudo apt remove trainyard` removes it).
#
# --debug-build: skip the package and run the suite against a debug build in
# the source tree instead (quicker to rebuild while working on the app, no
# root needed).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-app-deps.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked

if [[ "${1:-}" == --debug-build ]]; then
    npm --prefix ui run build
    cargo build --manifest-path src-tauri/Cargo.toml --features custom-protocol
    TRAINYARD_APP="$CARGO_TARGET_DIR/debug/trainyard-app" bash ui/e2e/run.sh
    exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
start=$SECONDS
deb=$(bash scripts/package-deb.sh)
echo "== package built in $((SECONDS - start)) s: $deb"

start=$SECONDS
# dpkg leaves missing dependencies unconfigured; apt then installs them.
$SUDO dpkg -i "$deb" || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -f -y -qq
command -v desktop-file-validate >/dev/null 2>&1 \
    || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends desktop-file-utils >/dev/null

# The command line on PATH works on its own (the demo plan has errors: exit 1).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ "$(command -v trainyard)" = /usr/bin/trainyard ]
trainyard --version
trainyard demo --to "$work/demo.json"
status=0
trainyard check "$work/demo.json" >"$work/check.txt" || status=$?
if [ "$status" -ne 1 ] || ! grep -q error "$work/check.txt"; then
    echo "error: the installed trainyard check of the demo plan exited $status, expected 1 with its errors" >&2
    exit 1
fi
# The launcher entry, its icon and the plan-file type.
desktop-file-validate /usr/share/applications/Trainyard.desktop
[ -f /usr/share/icons/hicolor/128x128/apps/trainyard-app.png ]
[ -f /usr/share/mime/packages/trainyard.xml ]
echo "== installed and checked in $((SECONDS - start)) s"

start=$SECONDS
bash ui/e2e/run.sh --installed
echo "== end-to-end suite on the installed app in $((SECONDS - start)) s"
