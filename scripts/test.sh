#!/usr/bin/env bash
# Quick start, step 2: install, build, and run the whole test suite.
# Extra arguments go to ctest (e.g. -L unit, -R transcript).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
scripts/build.sh
ctest --test-dir build --output-on-failure --timeout 900 -j "$(nproc)" "$@"
