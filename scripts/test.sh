#!/usr/bin/env bash
# Runs every test of Attest (set-up included): unit tests, the command line
# end to end, the sample project rebuild, and the documentation examples.
#
#   scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Optimised, like the app people run: the release build the screenshots and
# the package use is then built once, not a second time for the tests.
cargo test --release --locked
