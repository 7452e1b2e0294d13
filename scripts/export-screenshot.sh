#!/usr/bin/env bash
# Exports a project as HTML and photographs it in headless Chromium, to look
# at the page as a reader sees it. Installs Chromium if it is missing.
#
#   scripts/export-screenshot.sh OUT.png [PROJECT_DIR] [WIDTHxHEIGHT]
#
# PROJECT_DIR defaults to the sample project. With HOVER=1 every citation
# mark's pop-up is shown, to check how quotes appear on hover.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: scripts/export-screenshot.sh OUT.png [PROJECT_DIR] [WIDTHxHEIGHT]}"
project="${2:-$here/projects/islamabad-protests}"
size="${3:-1280x1400}"

if ! command -v chromium >/dev/null 2>&1; then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    echo "export-screenshot: installing chromium" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo run --quiet --manifest-path "$here/Cargo.toml" -- \
    export "$project" --format html --allow-blockers -o "$work/summary.html"
if [[ "${HOVER:-}" == 1 ]]; then
    sed -i 's|</style>|.mark .pop{display:block}</style>|' "$work/summary.html"
fi
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size="${size/x/,}" --screenshot="$out" "file://$work/summary.html" 2>/dev/null
echo "export-screenshot: wrote $out"
