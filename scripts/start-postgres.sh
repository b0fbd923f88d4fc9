#!/usr/bin/env bash
# The PostgreSQL server the tests of the PostgreSQL backend use (issue 20): Debian's cluster, started
# on this machine's socket (/var/run/postgresql), a role for whoever runs the tests (peer
# authentication, no password), and the databases earlier test runs left dropped. Idempotent.
set -euo pipefail
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo

version=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | grep -q "^$version main" || $SUDO pg_createcluster "$version" main >/dev/null
pg_lsclusters -h | grep -q "^$version main .* online" || $SUDO pg_ctlcluster "$version" main start
for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
pg_isready -q || { echo "PostgreSQL $version did not start; see /var/log/postgresql/" >&2; exit 1; }

user=$(id -un)
as_postgres psql -Atqc "SELECT 1 FROM pg_roles WHERE rolname = '$user'" | grep -q 1 || as_postgres createuser -s "$user"
psql -d postgres -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'lacuna\_test\_%'" | while read -r name; do
  dropdb "$name"
done
echo "PostgreSQL $version running for the tests (socket /var/run/postgresql, role $user)"
