#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests, from Debian's postgresql package (installed with apt-get when missing); no Docker.
# A cluster is initdb'd into a fresh temp folder — as the postgres user when run as root, since initdb refuses root —
# and started with pg_ctl on a free port of 127.0.0.1, its socket in that folder. Stopping it removes the folder.
#
#   source scripts/test-postgres.sh
#   postgres_start   # sets VMPORTAL_TEST_POSTGRES (an Npgsql connection string) and VMPORTAL_TEST_POSTGRES_DIR
#   ...              # VMPORTAL_TEST_DATABASE=PostgreSql dotnet test ...
#   postgres_stop
#
# Run as a script, `bash scripts/test-postgres.sh` starts one, prints the two variables and stops it on Enter.

postgres_bin() {
  local pg_ctl
  pg_ctl=$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -1)
  [ -n "$pg_ctl" ] && dirname "$pg_ctl"
}

postgres_install() {
  [ -n "$(postgres_bin)" ] && return 0
  echo "Installing Debian's postgresql for the PostgreSQL tests (apt-get)" >&2
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
    || { echo "Could not install postgresql with apt-get; the PostgreSQL tests need it." >&2; return 1; }
  # The package creates and starts a cluster of its own; the tests never use it.
  [ -n "$(postgres_bin)" ]
}

# Runs a PostgreSQL program as the cluster's owner: the postgres user when we are root, ourselves otherwise.
postgres_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  return 1
}

postgres_start() {
  postgres_install || return 1
  local bin dir port
  bin=$(postgres_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/vmportal-postgres.XXXXXX") || return 1
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  # An ICU en-US default collation, like a production server's, so nothing passes only because the server sorts by code point.
  if ! postgres_as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --locale-provider=icu --icu-locale=en-US >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2; rm -rf "$dir"; return 1
  fi
  # Throwaway data: no fsync. Each test class has a database and a connection pool of its own, hence the connections.
  local options="-c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
  for _ in 1 2 3; do
    port=$(postgres_free_port) || break
    if postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o "-p $port $options" start >/dev/null; then
      export VMPORTAL_TEST_POSTGRES_DIR="$dir"
      export VMPORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      return 0
    fi
  done
  cat "$dir/server.log" >&2 2>/dev/null; rm -rf "$dir"
  echo "Could not start PostgreSQL from $bin." >&2
  return 1
}

postgres_stop() {
  local dir=${VMPORTAL_TEST_POSTGRES_DIR:-}
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  postgres_as_owner "$(postgres_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$dir"
  unset VMPORTAL_TEST_POSTGRES VMPORTAL_TEST_POSTGRES_DIR
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -u
  postgres_start || exit 1
  trap postgres_stop EXIT
  echo "export VMPORTAL_TEST_DATABASE=PostgreSql"
  echo "export VMPORTAL_TEST_POSTGRES='$VMPORTAL_TEST_POSTGRES'"
  read -r -p "PostgreSQL runs until you press Enter. " _
fi
