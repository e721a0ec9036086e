#!/usr/bin/env bash
# Builds the desktop app with the UI embedded and drives the real window
# through WebDriver (tauri-driver + WebKitWebDriver) under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
need=()
for pkg in libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev \
    libssl-dev libayatana-appindicator3-dev libxdo-dev file xvfb xauth webkit2gtk-driver dbus-x11 at-spi2-core; do
    have_pkg "$pkg" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing Debian packages for the desktop app: ${need[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    # No recommends: they pull in xdg-desktop-portal, whose FUSE mount breaks
    # temporary-directory cleanup on test machines.
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
npm --prefix ui run build
cargo build --manifest-path src-tauri/Cargo.toml --features custom-protocol
command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked
TRAINYARD_APP="$CARGO_TARGET_DIR/debug/trainyard-app" bash ui/e2e/run.sh
