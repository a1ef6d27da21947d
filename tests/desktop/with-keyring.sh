#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME Keyring serving the
# Secret Service, so the desktop app's token store (the `keyring` crate) has a store to use.
#   dbus-run-session -- tests/desktop/with-keyring.sh COMMAND...
# Env: KEYRING_DIR (where the keyring files go; default a temporary folder).
set -euo pipefail
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "with-keyring.sh: run me inside dbus-run-session" >&2
  exit 2
fi
export XDG_DATA_HOME="${KEYRING_DIR:-$(mktemp -d)}"
mkdir -p "$XDG_DATA_HOME"
# The keyring's password comes from stdin; --unlock creates the login keyring when missing.
# It prints the variables that point at it; they are only needed for the control socket.
eval "$(printf 'ladeklar-test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
for _ in $(seq 1 50); do
  busctl --user status org.freedesktop.secrets >/dev/null 2>&1 && break
  dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
    string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
  sleep 0.1
done
exec "$@"
