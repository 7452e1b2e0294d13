#!/usr/bin/env bash
# Runs the release app under Xvfb on a copy of a project and writes a
# screenshot; fails if the app crashes or the picture is blank.
#
#   scripts/screenshot.sh [OUT.png] [WIDTHxHEIGHT] [PROJECT_DIR]
#
# Defaults: target/screenshot.png, 1280x800, projects/islamabad-protests.
# THEME=light|dark chooses the theme; BEFORE_SHOT is a shell command (e.g.
# xdotool key presses) run in the X session before the picture is taken.
set -euo pipefail

if [[ -n "${ATTEST_SCREENSHOT_INNER:-}" ]]; then
    # Inside Xvfb: start the app, wait for its window, size it, capture.
    "$ATTEST_BIN" "$PROJECT" &
    pid=$!
    wid=""
    for _ in $(seq 1 120); do
        sleep 0.25
        kill -0 "$pid" 2>/dev/null || { echo "screenshot: attest exited before showing a window" >&2; exit 1; }
        wid=$(xdotool search --name "Attest" 2>/dev/null | head -n 1 || true)
        [[ -n "$wid" ]] && break
    done
    [[ -n "$wid" ]] || { echo "screenshot: no Attest window appeared" >&2; kill "$pid"; exit 1; }
    xdotool windowmove "$wid" 0 0 windowsize "$wid" "$WIDTH" "$HEIGHT"
    sleep "${SETTLE_SECONDS:-3}"
    if [[ -n "${BEFORE_SHOT:-}" ]]; then eval "$BEFORE_SHOT"; sleep 1.5; fi
    kill -0 "$pid" 2>/dev/null || { echo "screenshot: attest crashed" >&2; exit 1; }
    import -window root "$OUT"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    exit 0
fi

cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-target/screenshot.png}")"
size="${2:-1280x800}"
project="${3:-projects/islamabad-protests}"
cargo build --release --quiet
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r "$project" "$tmp/project"
mkdir -p "$(dirname "$out")" "$tmp/config"
# THEME=light or THEME=dark picks the theme (default: the system's, dark here).
case "${THEME:-}" in
    light) echo '(dark_mode: Some(false))' > "$tmp/config/settings.ron" ;;
    dark) echo '(dark_mode: Some(true))' > "$tmp/config/settings.ron" ;;
esac
bin="$(realpath -m "${CARGO_TARGET_DIR:-target}")/release/attest"
ATTEST_SCREENSHOT_INNER=1 ATTEST_BIN="$bin" PROJECT="$tmp/project" OUT="$out" \
    WIDTH="${size%x*}" HEIGHT="${size#*x}" ATTEST_CONFIG_DIR="$tmp/config" ATTEST_DATA_DIR="$tmp/data" \
    xvfb-run -a -s "-screen 0 ${size}x24" "$0"

# A blank or single-colour picture means nothing was drawn.
deviation=$(convert "$out" -colorspace Gray -format '%[fx:standard_deviation]' info:)
if ! awk -v d="$deviation" 'BEGIN { exit !(d > 0.05) }'; then
    echo "screenshot: $out looks blank (grey standard deviation $deviation)" >&2
    exit 1
fi
echo "screenshot: wrote $out ($size, grey standard deviation $deviation)"
