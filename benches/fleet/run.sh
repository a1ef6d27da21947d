#!/usr/bin/env bash
# One fleet run: benches/fleet/run.sh ours|python N [window_s]
# Starts the central system (ours: the bench-server build on a copy of a database with the
# benchmark chargers provisioned; python: benches/fleet/python_cs.py), runs ladeklar-fleet
# against it and prints its JSON report. See benches/fleet/README.md.
# Environment: SERVER_BIN another ladeklar-server binary (e.g. an older commit's build);
# BENCH_DATABASE_URL a fresh PostgreSQL database for ours instead of the SQLite copy
# (provisioned on the first run); FLEET_ARGS more ladeklar-fleet options (benches/live);
# REPORT_TAG a suffix for the report's file name.
set -euo pipefail
which=${1:?ours or python}
n=${2:?number of chargers}
window=${3:-120}
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
bin=$target/bench-server
server_bin=${SERVER_BIN:-$bin/ladeklar-server}
work=${FLEET_WORK:-/work/cache/fleet}
venv=${FLEET_VENV:-/work/cache/fleet-venv}
mkdir -p "$work"
# 20k sockets on each side: raise the soft limit to the hard one (here 20000, so N ≤ ~19,900).
ulimit -n "$(ulimit -Hn)"

if [[ $which == ours && -n ${BENCH_DATABASE_URL:-} ]]; then
  port=8181
  # PostgreSQL: the chargers are provisioned on the first run (only the missing ones after).
  "$server_bin" --database-url "$BENCH_DATABASE_URL" --data-dir "$work/pg-run" --port $port --demo \
    --bench-chargers 20000 --heartbeat-interval-s 60 >"$work/server-pg-$n.log" 2>&1 &
  pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.5; done
  path=/ocpp/
elif [[ $which == ours ]]; then
  port=8181
  if [[ ! -f $work/template/ladeklar.db ]]; then
    echo "provisioning 20000 benchmark chargers into $work/template" >&2
    rm -rf "$work/template"
    "$server_bin" --data-dir "$work/template" --port $port --demo --bench-chargers 20000 \
      >"$work/provision.log" 2>&1 &
    pid=$!
    until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 1; done
    kill -TERM $pid; wait $pid || true
  fi
  rm -rf "$work/run"; mkdir -p "$work/run"
  cp "$work/template/ladeklar.db" "$work/run/"
  "$server_bin" --data-dir "$work/run" --port $port --demo --heartbeat-interval-s 60 \
    >"$work/server-$n.log" 2>&1 &
  pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.5; done
  path=/ocpp/
else
  port=9000
  "$venv/bin/python" "$root/benches/fleet/python_cs.py" --port $port >"$work/python-$n.log" 2>&1 &
  pid=$!
  until (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.5; done
  path=/ocpp/
fi
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
sleep 1
# shellcheck disable=SC2086 # FLEET_ARGS is a list of options
"$bin/ladeklar-fleet" --server 127.0.0.1:$port --path $path --chargers "$n" --window-s "$window" \
  --ramp-per-s "${RAMP:-500}" --server-pid $pid ${FLEET_ARGS:-} | tee "$work/report-$which-$n${REPORT_TAG:-}.json"
