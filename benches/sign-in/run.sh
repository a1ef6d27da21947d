#!/usr/bin/env bash
# Sign-ins per second while the fleet benchmark's chargers run: benches/sign-in/run.sh N [window_s] [clients]
# Two fleet runs of N chargers on the same database (benches/fleet/run.sh ours): without
# sign-ins, then with CLIENTS clients signing in as the demo admin back to back during the
# window. Prints both reports' transaction-message latency and the sign-in figures.
set -euo pipefail
n=${1:?number of chargers}
window=${2:-120}
clients=${3:-4}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${FLEET_WORK:-/work/cache/fleet}
REPORT_TAG=-baseline bash "$root/benches/fleet/run.sh" ours "$n" "$window" >/dev/null
REPORT_TAG=-sign-in FLEET_ARGS="--sign-in-clients $clients" bash "$root/benches/fleet/run.sh" ours "$n" "$window" >/dev/null
for tag in baseline sign-in; do
  echo "== $tag"
  python3 - "$work/report-ours-$n-$tag.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
tx = r["transaction_messages"]
print(f"connected {r['connected']}/{r['chargers']}  errors {r['errors']}  tx msgs {tx['count']}  p50 {tx['p50_ms']} ms  p99 {tx['p99_ms']} ms  max {tx['max_ms']} ms")
s = r.get("sign_ins")
if s:
    l = s["latency"]
    print(f"sign-ins {s['signed_in']} in {s['measured_s']:.1f} s = {s['sign_ins_per_s']:.2f}/s by {s['clients']} clients, refused {s['refused_or_failed']}, latency p50 {l.get('p50_ms')} ms p99 {l.get('p99_ms')} ms")
PY
done
