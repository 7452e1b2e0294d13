#!/usr/bin/env bash
# Starts the Attest desktop app on the sample project (set-up included). The
# sample is copied to your data folder on first use, so edits never touch
# the copy in projects/.
#
#   scripts/start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo run --release --quiet -- sample
