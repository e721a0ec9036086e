#!/usr/bin/env bash
# Installs the Debian packages the desktop app needs to build and to run
# headless under Xvfb, skipping whatever is already there.
set -euo pipefail
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
need=()
for pkg in libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev \
    libssl-dev libayatana-appindicator3-dev libxdo-dev file xvfb xauth webkit2gtk-driver xdotool dbus-x11 at-spi2-core; do
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

