#!/usr/bin/env bash
# Reads the release app as a screen reader does, over real AT-SPI: on a
# private session bus with accessibility switched on (as Orca switches it
# on), under Xvfb, on a copy of the sample project. scripts/a11y_check.py
# finds a sentence of the open source through the Text interface, reads it
# by line and by word, and selects it. Changes no user setting (settings in
# memory, a temporary runtime folder). Fails if any of that does not hold.
#
#   scripts/a11y-check.sh
set -euo pipefail

# A sentence of the sample's first source, in the first screen of it.
SENTENCE="Tensions have gripped Islamabad since Sunday"

if [[ -n "${ATTEST_A11Y_INNER:-}" ]]; then
    # Inside the private bus and Xvfb: switch accessibility on, start the
    # app, read it.
    gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
        --method org.freedesktop.DBus.Properties.Set \
        org.a11y.Status IsEnabled "<true>" >/dev/null
    "$ATTEST_BIN" "$PROJECT" &
    pid=$!
    status=0
    /usr/bin/python3 "$CHECK" "$SENTENCE" || status=$?
    kill -0 "$pid" 2>/dev/null || { echo "a11y-check: attest exited" >&2; status=1; }
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    exit "$status"
fi

cd "$(dirname "$0")/.."
cargo build --release --quiet
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r projects/islamabad-protests "$tmp/project"
mkdir -p "$tmp/config" "$tmp/run"
chmod 700 "$tmp/run"
bin="$(realpath -m "${CARGO_TARGET_DIR:-target}")/release/attest"
ATTEST_A11Y_INNER=1 ATTEST_BIN="$bin" PROJECT="$tmp/project" \
    CHECK="$(realpath scripts/a11y_check.py)" \
    ATTEST_CONFIG_DIR="$tmp/config" ATTEST_DATA_DIR="$tmp/data" \
    XDG_RUNTIME_DIR="$tmp/run" GSETTINGS_BACKEND=memory NO_AT_BRIDGE=0 \
    timeout 180 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$0"
