#!/usr/bin/env bash
# Installs what building and testing Trainyard needs on Debian 12, skipping
# whatever is already there. Safe to run repeatedly.
set -euo pipefail

need_apt=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# postgresql: the server and client programs (PostgreSQL 15, under
# /usr/lib/postgresql/15/bin) that scripts/pg-server.sh runs for the
# team-plan tests. Installing it may start the system's own cluster on port
# 5432; the tests never use or touch it.
# openssl, libssl-dev: TLS for team plan connections (the client links the
# system OpenSSL; the test server gets a self-signed certificate).
for pkg in build-essential pkg-config sqlite3 qpdf poppler-utils fonts-dejavu-core fonts-droid-fallback fonts-nanum fonts-symbola python3 python3-pip postgresql openssl libssl-dev; do
    have_pkg "$pkg" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "installing Debian packages: ${need_apt[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Python packages used as reference implementations by the tests.
need_pip=()
python3 -c "import dateutil" 2>/dev/null || need_pip+=("python-dateutil")
python3 -c "import icalendar" 2>/dev/null || need_pip+=("icalendar")
python3 -c "import recurring_ical_events" 2>/dev/null || need_pip+=("recurring_ical_events")
if [ ${#need_pip[@]} -gt 0 ]; then
    echo "installing Python packages: ${need_pip[*]}"
    # Debian's own Python refuses pip installs into the system (PEP 668);
    # a user install with the override is what it recommends for tools.
    python3 -m pip install --quiet "${need_pip[@]}" 2>/dev/null \
        || python3 -m pip install --quiet --user --break-system-packages "${need_pip[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
    echo "error: cargo (Rust 1.88 or newer) is required; install it with rustup or your distribution" >&2
    exit 1
fi
