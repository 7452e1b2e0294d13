#!/usr/bin/env bash
# Starts Attest on the sample project (set-up included).
#
#   scripts/start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo run --release --quiet -- show projects/islamabad-protests
