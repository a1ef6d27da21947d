#!/usr/bin/env bash
# The fleet against a local cluster: benches/fleet/cluster.sh N [nodes] [window_s]
# PostgreSQL 15 (fsync and synchronous_commit on: a transaction message is answered after its
# rows are durable), nats-server, `nodes` ladeklar-server nodes (bench-server build) and one
# ladeklar-fleet process per node, each connecting its share of the N chargers straight to its
# node (no HAProxy: see README.md). Prints each process's report, the transaction-message
# latencies over all processes, the nodes' memory per connection and PostgreSQL's commits per
# second (pg_stat_database.xact_commit) over the measurement window. See README.md.
# Environment: FLEET_WORK (default /work/cache/fleet-cluster), SERVER_BIN, RAMP (per process),
# PG_BIN.
set -euo pipefail
n=${1:?number of chargers}
nodes=${2:-3}
window=${3:-120}
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
bin=$target/bench-server
server_bin=${SERVER_BIN:-$bin/ladeklar-server}
work=${FLEET_WORK:-/work/cache/fleet-cluster}
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
provisioned=${BENCH_PROVISIONED:-45000}
mkdir -p "$work"
ulimit -n "$(ulimit -Hn)"
if [ "$(id -u)" = 0 ]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi

pids=()
pg_started=
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  sleep 10
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  if [[ -n $pg_started ]]; then as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# PostgreSQL: one cluster kept in $work/pg between runs (the provisioned chargers are a
# template database every run copies).
if [[ ! -d $work/pg/data ]]; then
  mkdir -p "$work/pg"
  [ "$(id -u)" = 0 ] && chown postgres: "$work/pg"
  as_pg "$pg_bin/initdb" -D "$work/pg/data" -U ladeklar --auth=trust --no-locale -E UTF8 >"$work/pg/initdb.log"
fi
pg_port=$(free_port)
as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/postgres.log" -w -t 120 \
  -o "-h 127.0.0.1 -p $pg_port -k $work/pg -c max_connections=200 -c fsync=on -c synchronous_commit=on -c shared_buffers=256MB" \
  start >/dev/null
pg_started=1
pg="postgres://ladeklar@127.0.0.1:$pg_port"
sql() { psql -qtAX "$pg/postgres" -c "$1"; }

nats_port=$(free_port)
nats-server -a 127.0.0.1 -p "$nats_port" >"$work/nats.log" 2>&1 &
pids+=($!)

last=$(printf 'BENCH-%05d' $((provisioned - 1)))
if [[ -z $(psql -qtAX "$pg/bench_template" -c "SELECT 1 FROM chargers WHERE id = '$last'" 2>/dev/null) ]]; then
  echo "provisioning $provisioned benchmark chargers into the template database" >&2
  # Provisioning only: commits need not wait for the disk here (runs copy the template).
  if [[ -z $(sql "SELECT 1 FROM pg_database WHERE datname = 'bench_template'") ]]; then
    sql "CREATE DATABASE bench_template" >/dev/null
  fi
  sql "ALTER DATABASE bench_template SET synchronous_commit = off" >/dev/null
  port=$(free_port)
  "$server_bin" --database-url "$pg/bench_template" --data-dir "$work/provision" --port "$port" --demo \
    --bench-chargers "$provisioned" >"$work/provision.log" 2>&1 &
  p=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 1; done
  kill -TERM $p; wait $p || true
fi
sql "DROP DATABASE IF EXISTS bench_run" >/dev/null
sql "CREATE DATABASE bench_run TEMPLATE bench_template" >/dev/null
database="$pg/bench_run"

run="$work/run-$n"
rm -rf "$run"; mkdir -p "$run"
node_pids=(); node_ports=()
for k in $(seq 1 "$nodes"); do
  port=$(free_port)
  "$server_bin" --database-url "$database" --nats-url "nats://127.0.0.1:$nats_port" --node-id "node$k" \
    --data-dir "$run/node$k" --port "$port" --heartbeat-interval-s 60 >"$run/node$k.log" 2>&1 &
  pids+=($!); node_pids+=($!); node_ports+=("$port")
done
for port in "${node_ports[@]}"; do
  until curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"; do sleep 0.5; done
done
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$run/loadavg"

# xact_commit of the run's database every 5 s (the rate over the window is taken from it).
( while true; do echo "$(date +%s.%N) $(sql "SELECT xact_commit FROM pg_stat_database WHERE datname = 'bench_run'")"; sleep 5; done ) \
  >"$run/xact_commit" &
pids+=($!)

share=$(( (n + nodes - 1) / nodes ))
fleet_pids=()
first=0
for k in $(seq 1 "$nodes"); do
  count=$(( n - first < share ? n - first : share ))
  "$bin/ladeklar-fleet" --server "127.0.0.1:${node_ports[$((k-1))]}" --path /ocpp/ --chargers "$count" \
    --first-index "$first" --window-s "$window" --ramp-per-s "${RAMP:-300}" --server-pid "${node_pids[$((k-1))]}" \
    --latencies-out "$run/latencies-$k" >"$run/report-$k.json" 2>"$run/fleet-$k.log" &
  fleet_pids+=($!); pids+=($!)
  first=$(( first + count ))
done
started=$(date +%s.%N)
for p in "${fleet_pids[@]}"; do wait "$p"; done
finished=$(date +%s.%N)

python3 - "$run" "$nodes" "$n" "$window" "$started" "$finished" <<'EOF' | tee "$run/summary.json"
import json, sys
run, nodes, n, window, started, finished = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
reports = [json.load(open(f"{run}/report-{k}.json")) for k in range(1, nodes + 1)]
lat = sorted(int(l) for k in range(1, nodes + 1) for l in open(f"{run}/latencies-{k}"))
def at(q):
    import math
    return lat[min(max(math.ceil(len(lat) * q), 1), len(lat)) - 1] / 1000.0 if lat else None
# The window: the fleets' last (interval + window + 5) s; its xact_commit rate from the samples.
span = 60 + window + 5
samples = [tuple(map(float, l.split())) for l in open(f"{run}/xact_commit") if len(l.split()) == 2]
inside = [s for s in samples if finished - span <= s[0] <= finished]
rate = (inside[-1][1] - inside[0][1]) / (inside[-1][0] - inside[0][0]) if len(inside) > 1 else None
print(json.dumps({
    "chargers": n,
    "nodes": nodes,
    "connected": sum(r["connected"] for r in reports),
    "failed_connects": sum(r["failed_connects"] for r in reports),
    "errors": sum(r["errors"] for r in reports),
    "transaction_messages": {"count": len(lat), "p50_ms": at(0.5), "p90_ms": at(0.9), "p99_ms": at(0.99), "max_ms": at(1.0)},
    "heartbeat_p99_ms_per_process": [r["heartbeats"].get("p99_ms") for r in reports],
    "node_rss_kib_before": [r["server_rss_kib_before"] for r in reports],
    "node_rss_kib_connected": [r["server_rss_kib_connected"] for r in reports],
    "node_kib_per_connection": [r["server_kib_per_connection"] for r in reports],
    "pg_commits_per_s_in_window": rate,
}, indent=2))
EOF
