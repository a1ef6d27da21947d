#!/usr/bin/env bash
# Ladeklar's two commands:
#   scripts/dev.sh run    build and run the product: server + SQLite + demo data + simulated
#                         chargers + web UI, and the desktop window when a display exists
#   scripts/dev.sh cluster  a local cluster: a throwaway PostgreSQL, NATS, three server nodes,
#                         HAProxy in front (HTTP, SSE, WebSocket) and the demo fleet through it
#   scripts/dev.sh test   every check and test: fmt, clippy, unit/property/e2e tests (on SQLite,
#                         then on PostgreSQL), wasm builds,
#                         browser tests (Chromium), desktop test (Tauri under Xvfb)
# Both install what is missing first (scripts/setup.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ladeklar/target}"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
BIN="$CARGO_TARGET_DIR/debug"

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; STEP_START=$(date +%s); }
done_step() { printf '    (%ss)\n' "$(( $(date +%s) - STEP_START ))"; }

CHILDREN=()
cleanup() {
  for pid in "${CHILDREN[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Two builds of the one app: the driver's (app/dist: what a driver downloads to find a
# charger) and the staff's (`--features staff`: the support console, users, audit log and
# operations too; app/dist/staff, served by the server at those screens' addresses). The
# driver's build first: trunk replaces its whole dist folder.
build_ui() {
  step "web UI (trunk, release wasm): the driver's build, then the staff's"
  (cd app && trunk build --release && trunk build staff.html --release --dist dist/staff --public-url /staff/)
  done_step
}

build_desktop() {
  step "desktop app (Tauri, UI embedded)"
  cargo build -p ladeklar-desktop --features custom-protocol
  done_step
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The local fake Stripe (scripts/fake-stripe.py: PyPI localstripe in its venv, on 127.0.0.1,
# state in memory) on a free port, its webhooks signed with $FAKE_STRIPE_WEBHOOK_SECRET and
# sent to $1 (the server's /api/v1/payments/stripe-webhook). Sets STRIPE_URL, and
# STRIPE_FLAGS: the server's options for it.
FAKE_STRIPE_SECRET_KEY=sk_test_ladeklar_demo
FAKE_STRIPE_PUBLISHABLE_KEY=pk_test_ladeklar_demo
FAKE_STRIPE_WEBHOOK_SECRET=whsec_ladeklar_demo
start_fake_stripe() {
  local webhook_url="$1" log="$2"
  local venv="${LADEKLAR_FAKE_STRIPE_VENV:-$HOME/.cache/ladeklar/localstripe-venv}"
  local stripe_port; stripe_port=$(free_port)
  "$venv/bin/python" "$ROOT/scripts/fake-stripe.py" --port "$stripe_port" \
    --webhook-url "$webhook_url" --webhook-secret "$FAKE_STRIPE_WEBHOOK_SECRET" >"$log" 2>&1 &
  local pid=$!
  CHILDREN+=("$pid")
  STRIPE_URL="http://127.0.0.1:$stripe_port"
  for _ in $(seq 1 200); do
    grep -q "fake-stripe listening" "$log" 2>/dev/null && break
    if ! kill -0 "$pid" 2>/dev/null; then echo "the fake Stripe exited:"; cat "$log"; return 1; fi
    sleep 0.1
  done
  grep -q "fake-stripe listening" "$log" || { echo "the fake Stripe did not start:"; cat "$log"; return 1; }
  STRIPE_FLAGS=(--stripe-secret-key "$FAKE_STRIPE_SECRET_KEY" --stripe-publishable-key "$FAKE_STRIPE_PUBLISHABLE_KEY"
    --stripe-api-url "$STRIPE_URL" --stripe-webhook-secret "$FAKE_STRIPE_WEBHOOK_SECRET")
}

# Starts the server in the background; sets SERVER_URL. Args are passed to the server.
start_server() {
  local log="$1"; shift
  "$BIN/ladeklar-server" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  CHILDREN+=("$SERVER_PID")
  for _ in $(seq 1 200); do
    SERVER_URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n1 || true)
    if [ -n "$SERVER_URL" ] && curl -fsS "$SERVER_URL/healthz" >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "server exited:"; cat "$log"; return 1
    fi
    sleep 0.1
  done
  echo "server did not start:"; cat "$log"; return 1
}

cmd_run() {
  bash scripts/setup.sh
  build_ui
  step "server"
  cargo build -p ladeklar-server
  done_step
  local data_dir="${LADEKLAR_DATA_DIR:-$ROOT/data}"
  local port="${LADEKLAR_PORT:-8080}"
  mkdir -p "$data_dir"
  # Account mails (confirmation and reset links) go to a local SMTP server (Debian's
  # aiosmtpd) that keeps each one as a file in $data_dir/mail/new.
  local smtp_port; smtp_port=$(free_port)
  /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$data_dir/mail" &
  CHILDREN+=("$!")
  echo "Account mails are kept in $data_dir/mail/new (one file per mail; the newest is last by time)"
  # Payments go to the local fake Stripe; its webhooks come back to the server.
  start_fake_stripe "http://127.0.0.1:$port/api/v1/payments/stripe-webhook" "$data_dir/fake-stripe.log"
  "$BIN/ladeklar-server" --demo --simulate --ui-dir "$ROOT/app/dist" --data-dir "$data_dir" --port "$port" \
    --smtp-url "smtp://127.0.0.1:$smtp_port" "${STRIPE_FLAGS[@]}" &
  SERVER_PID=$!
  CHILDREN+=("$SERVER_PID")
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  echo "Payments: a local fake Stripe at $STRIPE_URL (nothing leaves this machine)."
  echo "  Pay with Stripe's test card 4242 4242 4242 4242, any future expiry (e.g. 12 / 34), any CVC."
  echo "  Declined when charged: 4000 0000 0000 0341. Guest charging by QR code: http://127.0.0.1:$port/c/{charger}/{connector}"
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    build_desktop
    echo "Opening the desktop window (server http://127.0.0.1:$port)"
    LADEKLAR_SERVER_URL="http://127.0.0.1:$port" "$BIN/ladeklar-desktop" &
    CHILDREN+=("$!")
  else
    echo "No display: skipping the desktop window (the web UI is at http://127.0.0.1:$port/)"
  fi
  wait "$SERVER_PID"
}

cmd_cluster() {
  bash scripts/setup.sh --cluster
  step "server"
  cargo build -p ladeklar-server
  done_step
  # A throwaway PostgreSQL 15 cluster around the rest (stopped and removed on exit).
  exec scripts/with-postgres.sh bash scripts/dev.sh cluster-nodes
}

# Run by `cluster` under scripts/with-postgres.sh (LADEKLAR_TEST_POSTGRES_URL is its admin URL).
cmd_cluster_nodes() {
  local tmp; tmp=$(mktemp -d "${TMPDIR:-/tmp}/ladeklar-cluster.XXXXXX")
  local lb_port="${LADEKLAR_PORT:-8080}"
  local db="${LADEKLAR_TEST_POSTGRES_URL%/*}/ladeklar"
  local nats_port; nats_port=$(free_port)
  local nats_url="nats://127.0.0.1:$nats_port"
  nats-server -a 127.0.0.1 -p "$nats_port" >"$tmp/nats.log" 2>&1 &
  CHILDREN+=("$!")
  for _ in $(seq 1 100); do
    /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1', $nats_port), 0.2)" 2>/dev/null && break
    sleep 0.1
  done
  local ui=()
  if [ -f "$ROOT/app/dist/index.html" ]; then ui=(--ui-dir "$ROOT/app/dist"); fi
  local ports=() i port
  for i in 1 2 3; do
    port=$(free_port)
    while [[ " ${ports[*]:-} " == *" $port "* ]] || [ "$port" = "$lb_port" ] || [ "$port" = "$nats_port" ]; do port=$(free_port); done
    ports+=("$port")
  done
  # HAProxy: any node serves any request (no stickiness); /readyz (database and bus) decides
  # which nodes get traffic; a node marked down has its connections cut, so its chargers
  # reconnect to the others. `timeout tunnel` keeps WebSockets open, `timeout server` above
  # the SSE keep-alive (15 s) keeps live views open.
  cat >"$tmp/haproxy.cfg" <<CFG
global
    # 2 descriptors per proxied connection: one process may hold 20,000 here.
    maxconn 9000
defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 90s
    timeout server 90s
    timeout tunnel 1h
    timeout http-keep-alive 10s
frontend ladeklar
    bind 127.0.0.1:$lb_port
    default_backend nodes
backend nodes
    balance leastconn
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
    server node1 127.0.0.1:${ports[0]} check
    server node2 127.0.0.1:${ports[1]} check
    server node3 127.0.0.1:${ports[2]} check
CFG
  haproxy -c -q -f "$tmp/haproxy.cfg"
  haproxy -db -f "$tmp/haproxy.cfg" >"$tmp/haproxy.log" 2>&1 &
  CHILDREN+=("$!")
  step "three nodes on $db and $nats_url"
  local pid extra
  for i in 1 2 3; do
    extra=()
    # Node 1 seeds the demo data and runs the demo fleet, which connects through HAProxy.
    if [ "$i" = 1 ]; then extra=(--demo --simulate --sim-ocpp-url "ws://127.0.0.1:$lb_port/ocpp"); fi
    "$BIN/ladeklar-server" --port "${ports[$((i - 1))]}" --data-dir "$tmp/node$i" --database-url "$db" \
      --nats-url "$nats_url" --node-id "node$i" --public-url "http://127.0.0.1:$lb_port" --trusted-proxy 127.0.0.1 \
      "${ui[@]}" "${extra[@]}" >"$tmp/node$i.log" 2>&1 &
    pid=$!
    CHILDREN+=("$pid")
    for _ in $(seq 1 300); do
      curl -fsS "http://127.0.0.1:${ports[$((i - 1))]}/readyz" >/dev/null 2>&1 && break
      if ! kill -0 "$pid" 2>/dev/null; then echo "node$i exited:"; cat "$tmp/node$i.log"; return 1; fi
      sleep 0.2
    done
  done
  done_step
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$lb_port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  echo "Ladeklar cluster is running"
  echo "  web UI and API : http://127.0.0.1:$lb_port/   (HAProxy; any node serves any request)"
  echo "  OCPP 1.6J      : ws://127.0.0.1:$lb_port/ocpp/{chargePointId}"
  echo "  nodes          : node1 http://127.0.0.1:${ports[0]}  node2 http://127.0.0.1:${ports[1]}  node3 http://127.0.0.1:${ports[2]}  (each: /readyz)"
  echo "  database       : $db"
  echo "  bus            : $nats_url"
  echo "  logs           : $tmp/{node1,node2,node3,nats,haproxy}.log"
  if [ "${#ui[@]}" = 0 ]; then echo "  (no web UI: app/dist is not built; scripts/dev.sh run builds it)"; fi
  grep -E '^  demo accounts|^    [a-z:-]+ +[a-z-]+@demo' "$tmp/node1.log" || true
  echo "Press Ctrl-C to stop everything."
  wait
}

cmd_test() {
  bash scripts/setup.sh --tests
  local started; started=$(date +%s)
  local tmp; tmp=$(mktemp -d); CHILDREN+=("")

  step "format"
  cargo fmt --all -- --check
  done_step

  step "clippy (server, core, tests)"
  cargo clippy --all-targets -- -D warnings
  done_step

  step "tests: unit, property and end-to-end (Rust)"
  cargo test
  done_step

  step "tests on PostgreSQL (the same tests, a throwaway PostgreSQL 15 cluster)"
  scripts/with-postgres.sh cargo test
  done_step

  step "ladeklar-core for wasm32-unknown-unknown"
  cargo build -p ladeklar-core --target wasm32-unknown-unknown
  done_step

  build_ui
  step "the driver's download (gzip), against its budget"
  scripts/ui-size.sh
  done_step

  step "clippy (UI, wasm32: the driver's and the staff's build) and the UI's own tests (native)"
  cargo clippy -p ladeklar-app --target wasm32-unknown-unknown -- -D warnings
  cargo clippy -p ladeklar-app --target wasm32-unknown-unknown --features staff -- -D warnings
  cargo test -p ladeklar-app --features staff
  done_step

  build_desktop
  step "clippy and tests (desktop shell)"
  cargo clippy -p ladeklar-desktop --features custom-protocol --all-targets -- -D warnings
  cargo test -p ladeklar-desktop --features custom-protocol
  done_step

  step "the phone build of the shell, type-checked (aarch64-linux-android: NFC under cfg(mobile); no Android SDK needed)"
  cargo clippy -p ladeklar-desktop --target aarch64-linux-android -- -D warnings
  done_step

  step "browser tests (Playwright + Chromium): the driver's flow; finding (filters, place search, map); accounts with a real SMTP server; support cases; an owner's price, overview and statements; 3rd line's visit booking, the service card and the SLA report; a technician's field visit offline; my car, the price now and the charging banner; every step of a session from the simulated charger's statuses; every driver screen through axe-core at 320/390/1280 px"
  cargo build -p ladeklar-server
  # Mails go to a real SMTP server on 127.0.0.1 (Debian's aiosmtpd), kept as files in a Maildir
  # the accounts test reads the links from. The server's links point at its own port.
  local smtp_port maildir web_port
  smtp_port=$(free_port); web_port=$(free_port); maildir="$tmp/mail"
  while [ "$web_port" = "$smtp_port" ]; do web_port=$(free_port); done
  /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$maildir" \
    >"$tmp/smtp.log" 2>&1 &
  local smtp_pid=$!
  CHILDREN+=("$smtp_pid")
  for _ in $(seq 1 100); do
    /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1', $smtp_port), 0.2)" 2>/dev/null && break
    sleep 0.1
  done
  start_server "$tmp/server-browser.log" --demo --simulate --sim-meter-interval-s 1 --port "$web_port" \
    --data-dir "$tmp/browser-data" --ui-dir "$ROOT/app/dist" \
    --smtp-url "smtp://127.0.0.1:$smtp_port" --public-url "http://127.0.0.1:$web_port"
  LADEKLAR_URL="$SERVER_URL" node tests/browser/driver-flow.spec.mjs || { echo "--- server log"; tail -50 "$tmp/server-browser.log"; return 1; }
  LADEKLAR_URL="$SERVER_URL" LADEKLAR_SHOTS="${LADEKLAR_SHOTS:-$tmp/shots}" \
    node tests/browser/finder.spec.mjs || { echo "--- server log"; tail -50 "$tmp/server-browser.log"; return 1; }
  LADEKLAR_URL="$SERVER_URL" LADEKLAR_MAILDIR="$maildir" LADEKLAR_SHOTS="${LADEKLAR_SHOTS:-$tmp/shots}" \
    node tests/browser/accounts.spec.mjs || { echo "--- server log"; tail -50 "$tmp/server-browser.log"; echo "--- smtp log"; tail -20 "$tmp/smtp.log"; return 1; }
  LADEKLAR_URL="$SERVER_URL" LADEKLAR_SHOTS="${LADEKLAR_SHOTS:-$tmp/shots}" \
    node tests/browser/cases.spec.mjs || { echo "--- server log"; tail -50 "$tmp/server-browser.log"; return 1; }
  LADEKLAR_URL="$SERVER_URL" LADEKLAR_SHOTS="${LADEKLAR_SHOTS:-$tmp/shots}" \
    node tests/browser/owner-prices.spec.mjs || { echo "--- server log"; tail -50 "$tmp/server-browser.log"; return 1; }
  LADEKLAR_URL="$SERVER_URL" LADEKLAR_SHOTS="${LADEKLAR_SHOTS:-$tmp/shots}" \
    node tests/browser/confidence.spec.mjs || { echo "--- server log"; tail -50 "$tmp/server-browser.log"; return 1; }
  LADEKLAR_URL="$SERVER_URL" LADEKLAR_SHOTS="${LADEKLAR_SHOTS:-$tmp/shots}" \
    node tests/browser/session-steps.spec.mjs || { echo "--- server log"; tail -50 "$tmp/server-browser.log"; return 1; }
  LADEKLAR_URL="$SERVER_URL" node tests/browser/a11y.spec.mjs || { echo "--- server log"; tail -50 "$tmp/server-browser.log"; return 1; }
  LADEKLAR_URL="$SERVER_URL" LADEKLAR_SHOTS="${LADEKLAR_SHOTS:-$tmp/shots}" \
    node tests/browser/owner.spec.mjs || { echo "--- server log"; tail -50 "$tmp/server-browser.log"; return 1; }
  # The technician's day starts empty: field-visit runs before another spec books them a visit.
  LADEKLAR_URL="$SERVER_URL" LADEKLAR_SHOTS="${LADEKLAR_SHOTS:-$tmp/shots}" \
    node tests/browser/field-visit.spec.mjs || { echo "--- server log"; tail -50 "$tmp/server-browser.log"; return 1; }
  LADEKLAR_URL="$SERVER_URL" LADEKLAR_SHOTS="${LADEKLAR_SHOTS:-$tmp/shots}" \
    node tests/browser/field-booking.spec.mjs || { echo "--- server log"; tail -50 "$tmp/server-browser.log"; return 1; }
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  done_step

  step "browser test of payments (Playwright + Chromium) against a paying server and the local fake Stripe"
  # The specs above run on a server without a payment provider (sessions are free there, a
  # supported setup); this one takes payment: a fake Stripe on 127.0.0.1 whose webhooks go
  # to the server's own port. The spec's sessions last seconds (a few øre): with no card
  # minimum every amount is captured, so each receipt can be checked against Stripe (the
  # waiver below the minimum is tested in tests/it/payments.rs).
  local pay_port; pay_port=$(free_port)
  while [ "$pay_port" = "$smtp_port" ]; do pay_port=$(free_port); done
  start_fake_stripe "http://127.0.0.1:$pay_port/api/v1/payments/stripe-webhook" "$tmp/fake-stripe.log"
  start_server "$tmp/server-payments.log" --demo --simulate --sim-meter-interval-s 1 --port "$pay_port" \
    --data-dir "$tmp/payments-data" --ui-dir "$ROOT/app/dist" \
    --smtp-url "smtp://127.0.0.1:$smtp_port" --public-url "http://127.0.0.1:$pay_port" "${STRIPE_FLAGS[@]}" \
    --stripe-minimum-charge 0
  LADEKLAR_URL="$SERVER_URL" LADEKLAR_STRIPE_URL="$STRIPE_URL" LADEKLAR_STRIPE_SECRET_KEY="$FAKE_STRIPE_SECRET_KEY" \
    LADEKLAR_SHOTS="${LADEKLAR_SHOTS:-$tmp/shots}" node tests/browser/payments.spec.mjs \
    || { echo "--- server log"; tail -50 "$tmp/server-payments.log"; echo "--- fake Stripe log"; tail -20 "$tmp/fake-stripe.log"; return 1; }
  kill "$SERVER_PID" "$smtp_pid"; wait "$SERVER_PID" "$smtp_pid" 2>/dev/null || true
  done_step

  step "desktop tests (Tauri + tauri-driver + WebKitWebDriver under Xvfb, a Secret Service for the token; the outbox through a restart)"
  start_server "$tmp/server-desktop.log" --demo --simulate --port 0 --data-dir "$tmp/desktop-data"
  local display=":$(( 90 + RANDOM % 9 ))"
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
  CHILDREN+=("$!")
  local wd_port native_port
  wd_port=$(free_port); native_port=$(free_port)
  while [ "$native_port" = "$wd_port" ]; do native_port=$(free_port); done
  # A private D-Bus session with an unlocked GNOME Keyring: the app keeps its sign-in token
  # there (the `keyring` crate, Secret Service); the test checks it with secret-tool.
  DISPLAY="$display" NO_AT_BRIDGE=1 LADEKLAR_SERVER_URL="$SERVER_URL" KEYRING_DIR="$tmp/keyring" \
    WEBDRIVER_URL="http://127.0.0.1:$wd_port" LADEKLAR_URL="$SERVER_URL" LADEKLAR_DESKTOP_BIN="$BIN/ladeklar-desktop" \
    WD_PORT="$wd_port" NATIVE_PORT="$native_port" DRIVER_LOG="$tmp/tauri-driver.log" \
    dbus-run-session -- tests/desktop/with-keyring.sh bash -c '
      tauri-driver --port "$WD_PORT" --native-port "$NATIVE_PORT" --native-driver /usr/bin/WebKitWebDriver >"$DRIVER_LOG" 2>&1 &
      driver=$!
      for _ in $(seq 1 100); do curl -fsS "$WEBDRIVER_URL/status" >/dev/null 2>&1 && break; sleep 0.1; done
      node tests/desktop/desktop-window.spec.mjs && node tests/desktop/desktop-outbox.spec.mjs; status=$?
      kill "$driver" 2>/dev/null; wait "$driver" 2>/dev/null
      exit "$status"' \
    || { echo "--- tauri-driver log"; tail -30 "$tmp/tauri-driver.log"; return 1; }
  done_step

  printf '\n\033[1;32mAll checks and tests passed in %ss.\033[0m\n' "$(( $(date +%s) - started ))"
}

case "${1:-}" in
  run) cmd_run ;;
  test) cmd_test ;;
  cluster) cmd_cluster ;;
  cluster-nodes) cmd_cluster_nodes ;;
  *) echo "usage: scripts/dev.sh run|cluster|test" >&2; exit 2 ;;
esac
