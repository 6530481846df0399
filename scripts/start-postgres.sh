#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for phiguard's tests on 127.0.0.1:54329 and prints its URL on the last line.
# Runs as root and uses the `postgres` OS user; trust auth on loopback only. Safe to run twice.
set -euo pipefail

PORT="${PHIGUARD_PG_PORT:-54329}"
DB=phiguard_test
URL="postgres://postgres@127.0.0.1:${PORT}/${DB}"
BASE="${PHIGUARD_PG_DIR:-/tmp/phiguard-pg-${PORT}}"

BIN=""
for d in /usr/lib/postgresql/*/bin /usr/local/pgsql/bin /usr/local/bin /usr/bin; do
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then BIN="$d"; break; fi
done
if [ -z "$BIN" ]; then echo "start-postgres: initdb/pg_ctl not found (apt-get install -y postgresql)" >&2; exit 1; fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir "$BASE" --shell /bin/sh postgres
fi

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; }

if ! ready; then
  mkdir -p "$BASE"
  if [ "$(id -u)" = 0 ]; then chown postgres "$BASE"; fi
  if [ ! -f "$BASE/data/PG_VERSION" ]; then
    as_pg "$BIN/initdb" -D "$BASE/data" -U postgres --auth=trust --encoding=UTF8 >"$BASE/initdb.log" 2>&1
  fi
  as_pg "$BIN/pg_ctl" -D "$BASE/data" -l "$BASE/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=${PORT} -c unix_socket_directories=${BASE} -c fsync=on" start >/dev/null
fi

for _ in $(seq 1 60); do ready && break; sleep 0.5; done
ready || { echo "start-postgres: server did not come up; see $BASE/server.log" >&2; exit 1; }

if ! as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${DB}'" | grep -q 1; then
  as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE ${DB}" >/dev/null
fi
echo "$URL"
