#!/usr/bin/env bash
# Make PostgreSQL's server programs (initdb, pg_ctl) available, so that tests/load can
# start a throwaway server and run the loader tests against PostgreSQL too; without
# them those tests are skipped. Installs Debian's postgresql package only when initdb
# is not already there: quiet, idempotent, safe to run before every test run.
set -euo pipefail

have_initdb() {
    command -v initdb >/dev/null 2>&1 && return 0
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

if have_initdb; then
    exit 0
fi

bash "$(dirname "$0")/ci-apt-install.sh" ci-postgres postgresql

if ! have_initdb; then
    echo "ci-postgres: postgresql installed but initdb not found under /usr/lib/postgresql" >&2
    exit 1
fi
echo "ci-postgres: installed $(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)"
