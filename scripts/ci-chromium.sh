#!/usr/bin/env bash
# Make Debian's Chromium available, so that tests/review drives the review site in a real
# (headless) browser through Playwright; Playwright's own browsers are never downloaded.
# Installs Debian's chromium package only when /usr/bin/chromium is not already there: quiet,
# idempotent, safe to run before every test run. In CI (CI=true) the browser tests fail,
# rather than skip, when Chromium is missing.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "ci-chromium: /usr/bin/chromium not found and not root; run: apt-get install -y chromium" >&2
    exit 1
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { "${sudo[@]}" apt-get update -qq &&
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "ci-chromium: installing chromium failed" >&2
    exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
    echo "ci-chromium: chromium installed but /usr/bin/chromium not found" >&2
    exit 1
fi
echo "ci-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
