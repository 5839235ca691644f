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

bash "$(dirname "$0")/ci-apt-install.sh" ci-chromium chromium

if [ ! -x /usr/bin/chromium ]; then
    echo "ci-chromium: chromium installed but /usr/bin/chromium not found" >&2
    exit 1
fi
echo "ci-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
