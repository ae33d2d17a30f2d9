#!/usr/bin/env bash
# The test command (README): installs what the tests need, then runs them all.
# Tests use real parts on loopback: an HTTP server, an SMTP server, and
# Debian's headless Chromium for the rendered briefing.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wenquanyi"; then
    echo "test.sh: installing Debian's chromium and a CJK font for the browser test" >&2
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --doc "$@" 2>&1 | tee "$log"
cargo test --all-targets "$@" 2>&1 | tee -a "$log"
# One closing line for the whole run (cargo prints one per test binary).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i-1); if ($(i) ~ /^failed/) f += $(i-1) } }
     END { printf "orewatch: %d passed, %d failed\n", p, f }' "$log"
