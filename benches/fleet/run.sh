#!/usr/bin/env bash
# One fleet run: benches/fleet/run.sh ours|python N [window_s]
# Starts the central system (ours: the bench-server build on a copy of a database with the
# benchmark chargers provisioned; python: benches/fleet/python_cs.py), runs ladeklar-fleet
# against it and prints its JSON report. See benches/fleet/README.md.
set -euo pipefail
which=${1:?ours or python}
n=${2:?number of chargers}
window=${3:-120}
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
bin=$target/bench-server
work=${FLEET_WORK:-/work/cache/fleet}
venv=${FLEET_VENV:-/work/cache/fleet-venv}
mkdir -p "$work"
# 20k sockets on each side: raise the soft limit to the hard one (here 20000, so N ≤ ~19,900).
ulimit -n "$(ulimit -Hn)"

if [[ $which == ours ]]; then
  port=8181
  if [[ ! -f $work/template/ladeklar.db ]]; then
    echo "provisioning 20000 benchmark chargers into $work/template" >&2
    rm -rf "$work/template"
    "$bin/ladeklar-server" --data-dir "$work/template" --port $port --demo --bench-chargers 20000 \
      >"$work/provision.log" 2>&1 &
    pid=$!
    until curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/sessions/stuck"; do sleep 1; done
    kill -TERM $pid; wait $pid || true
  fi
  rm -rf "$work/run"; mkdir -p "$work/run"
  cp "$work/template/ladeklar.db" "$work/run/"
  "$bin/ladeklar-server" --data-dir "$work/run" --port $port --demo --heartbeat-interval-s 60 \
    >"$work/server-$n.log" 2>&1 &
  pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/sessions/stuck"; do sleep 0.5; done
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
"$bin/ladeklar-fleet" --server 127.0.0.1:$port --path $path --chargers "$n" --window-s "$window" \
  --ramp-per-s "${RAMP:-500}" --server-pid $pid | tee "$work/report-$which-$n.json"
