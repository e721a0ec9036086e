#!/usr/bin/env bash
# Builds the Debian package of Trainyard: the desktop app (release build, UI
# embedded) with its launcher entry, icons and plan-file type, plus the
# `trainyard` command line at /usr/bin/trainyard. Installs what is missing
# first. Prints the path of the .deb on standard output (everything else goes
# to standard error).
#
# The package is made by the Tauri bundler from src-tauri/tauri.conf.json
# (bundle section; src-tauri/packaging/ holds the desktop entry template and
# the shared-mime-info file). The command line is a separate binary of the
# workspace, so it is built here and mapped into the package on the bundler's
# command line: its path depends on CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
# Standard output carries only the path of the package.
exec 3>&1 1>&2

bash scripts/install-deps.sh
bash scripts/install-app-deps.sh

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
    echo "error: building the app's UI needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
    exit 1
fi
# `npm ci` installs exactly the lock file and never rewrites it.
[ -d ui/node_modules ] || npm --prefix ui ci --no-audit --no-fund

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TERM_COLOR=never
cargo build --release --locked -p trainyard-cli
cli="$CARGO_TARGET_DIR/release/trainyard"

# `tauri build` runs the UI build (build.beforeBuildCommand), the release
# build of src-tauri with the UI embedded, and the deb bundler.
extra_files=$(printf '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/trainyard":"%s"}}}}}' "$cli")
TAURI_APP_PATH="$root/src-tauri" TAURI_FRONTEND_PATH="$root/ui" \
    ui/node_modules/.bin/tauri build --ci --bundles deb --config "$extra_files" -- --locked

version=$(node -p 'require("./src-tauri/tauri.conf.json").version')
deb="$CARGO_TARGET_DIR/release/bundle/deb/Trainyard_${version}_$(dpkg --print-architecture).deb"
if [ ! -f "$deb" ]; then
    echo "error: the bundler left no package at $deb" >&2
    exit 1
fi
echo "$deb" >&3
