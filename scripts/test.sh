#!/usr/bin/env bash
# Runs every test of Attest (set-up included): unit tests, the command line
# end to end, the sample project rebuild, and the documentation examples.
#
#   scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo test --locked
