#!/usr/bin/env bash
# scripts/with-postgres.sh CMD…  runs CMD with a throwaway PostgreSQL 15 cluster and
# LADEKLAR_TEST_POSTGRES_URL (an admin URL of it) exported; the tests then make a database
# of their own on it (`ladeklar_store::test_database_url`). The cluster lives in a temporary
# folder on a free port of 127.0.0.1 (and a Unix socket in that folder); it is stopped and the
# folder removed at the end, also when CMD fails or the script is interrupted. Exits with
# CMD's status.
#
# initdb and postgres refuse to run as root: as root they run as the `postgres` user (made
# by Debian's postgresql package, which scripts/setup.sh --tests installs).
set -euo pipefail
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ "$#" -eq 0 ]; then
  echo "usage: scripts/with-postgres.sh CMD…" >&2
  exit 2
fi
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "no $PG_BIN/initdb: install Debian's postgresql (scripts/setup.sh --tests)" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/ladeklar-pg.XXXXXX")
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
stop_cluster() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# C locale: text sorts and compares bytewise, as on SQLite.
as_pg "$PG_BIN/initdb" -D "$dir/data" -U ladeklar --auth=trust --no-locale -E UTF8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# Durability off by default: the cluster is thrown away, and the tests create many databases.
# PG_SETTINGS replaces these (benches/fleet uses fsync on with synchronous_commit off: a
# crash loses no committed row's integrity, a power loss the last commits, as SQLite's WAL
# with synchronous=NORMAL).
settings="${PG_SETTINGS:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}"
as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=400 $settings" \
  start >/dev/null || { cat "$dir/postgres.log" >&2; exit 1; }

export LADEKLAR_TEST_POSTGRES_URL="postgres://ladeklar@127.0.0.1:$port/postgres"
echo "[with-postgres] PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)" >&2
status=0
"$@" || status=$?
exit "$status"
