#!/usr/bin/env bash
# Installs everything Ladeklar needs to build, run and test on Debian 12 with Rust.
# Idempotent: each step runs only when its tool is missing or at the wrong version.
# Pins follow ../shared/docs/toolchain.md (trunk 0.22 needs a newer rustc; wasm-bindgen-cli
# must equal the wasm-bindgen in Cargo.lock; Debian's binaryen produces broken wasm).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
TAURI_DRIVER_VERSION=2
WANT_TESTS="${1:-}"   # "--tests" also installs what the browser/desktop tests need;
                      # "--cluster" what `scripts/dev.sh cluster` runs (NATS, HAProxy, PostgreSQL)

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

APT_BUILD=(libwebkit2gtk-4.1-dev libsoup-3.0-dev librsvg2-dev libayatana-appindicator3-dev
  libxdo-dev libssl-dev build-essential pkg-config file python3-aiosmtpd libdbus-1-dev python3-venv)
# python3-aiosmtpd: the SMTP server `dev.sh run` and the accounts test send mail to;
# gnome-keyring, libsecret-tools, dbus-user-session: a Secret Service for the desktop test's
# token store (libdbus-1-dev builds the shell's `keyring`).
APT_TEST=(xvfb xauth webkit2gtk-driver chromium fonts-dejavu-core
  gnome-keyring libsecret-tools dbus-user-session)
want=("${APT_BUILD[@]}")
if [ "$WANT_TESTS" = "--tests" ]; then want+=("${APT_TEST[@]}"); fi
# Several nodes (issue 12): the tests start Debian's nats-server (tests/it/cluster.rs); the
# local cluster adds HAProxy in front of the nodes.
if [ "$WANT_TESTS" = "--tests" ]; then want+=(nats-server haproxy); fi
if [ "$WANT_TESTS" = "--cluster" ]; then want+=(nats-server haproxy); fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The tests on PostgreSQL (scripts/with-postgres.sh) run a throwaway cluster with Debian's binaries.
if { [ "$WANT_TESTS" = "--tests" ] || [ "$WANT_TESTS" = "--cluster" ]; } && [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  missing+=(postgresql)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "rustup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
# The test command type-checks the shell's phone build (NFC code exists only under cfg(mobile)).
if [ "$WANT_TESTS" = "--tests" ] && ! rustup target list --installed | grep -q '^aarch64-linux-android$'; then
  log "rustup: adding aarch64-linux-android (type-checking the phone build)"
  rustup target add aarch64-linux-android
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "cargo install trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
# The map's files (leaflet, leaflet.markercluster, topojson-client, world-atlas) are copied
# into the UI by trunk, so the UI's build needs them too.
map_modules_missing() {
  local m
  for m in leaflet leaflet.markercluster topojson-client world-atlas; do
    [ -d "$ROOT/node_modules/$m" ] || return 0
  done
  return 1
}
if [ ! -x "$ROOT/node_modules/.bin/wasm-opt" ] || map_modules_missing \
  || { [ "$WANT_TESTS" = "--tests" ] && { [ ! -d "$ROOT/node_modules/playwright-core" ] || [ ! -d "$ROOT/node_modules/axe-core" ]; }; }; then
  log "npm: installing binaryen (wasm-opt), the map's libraries, playwright-core and axe-core from package-lock.json"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ "$WANT_TESTS" = "--tests" ] && ! command -v tauri-driver >/dev/null; then
  log "cargo install tauri-driver ^$TAURI_DRIVER_VERSION"
  cargo install tauri-driver --version "^$TAURI_DRIVER_VERSION" --locked
fi
# The local fake Stripe (PyPI localstripe, pinned with its dependencies) in a venv of its own:
# `dev.sh run`'s demo takes card payments against it, and the payment tests start it.
FAKE_STRIPE_VENV="${LADEKLAR_FAKE_STRIPE_VENV:-$HOME/.cache/ladeklar/localstripe-venv}"
if ! "$FAKE_STRIPE_VENV/bin/python" -c "import localstripe" 2>/dev/null \
  || ! cmp -s "$ROOT/scripts/fake-stripe-requirements.txt" "$FAKE_STRIPE_VENV/requirements.txt"; then
  log "pip: the fake Stripe (localstripe) into $FAKE_STRIPE_VENV"
  /usr/bin/python3 -m venv "$FAKE_STRIPE_VENV"
  "$FAKE_STRIPE_VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/scripts/fake-stripe-requirements.txt"
  cp "$ROOT/scripts/fake-stripe-requirements.txt" "$FAKE_STRIPE_VENV/requirements.txt"
fi
# The local S3-compatible server (PyPI moto in server mode, pinned with its dependencies) in a
# venv of its own: the S3 photo store's tests and benchmarks start it (scripts/moto-s3.py).
MOTO_VENV="${LADEKLAR_MOTO_VENV:-$HOME/.cache/ladeklar/moto-venv}"
if ! "$MOTO_VENV/bin/python" -c "import moto.server, boto3" 2>/dev/null \
  || ! cmp -s "$ROOT/scripts/moto-requirements.txt" "$MOTO_VENV/requirements.txt"; then
  log "pip: the local S3 (moto) into $MOTO_VENV"
  /usr/bin/python3 -m venv "$MOTO_VENV"
  "$MOTO_VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/scripts/moto-requirements.txt"
  cp "$ROOT/scripts/moto-requirements.txt" "$MOTO_VENV/requirements.txt"
fi
log "tools ready"
