#!/usr/bin/env bash
# Install Debian packages for the tests, as root or through sudo, quietly; on failure print
# apt's log and exit non-zero. Usage: ci-apt-install.sh NAME PACKAGE... (NAME prefixes the
# messages). Used by ci-postgres.sh and ci-chromium.sh, which first check whether the
# programs they need are already there.
set -euo pipefail

name="$1"
shift
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "$name: not root and no sudo; run: apt-get install -y $*" >&2
    exit 1
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { "${sudo[@]}" apt-get update -qq &&
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "$name: installing $* failed" >&2
    exit 1
fi
