#!/usr/bin/env bash
# The extension's unit tests: type-check, compile, node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
rm -rf out
npx --no-install tsc -p . --outDir out   # type-checks src/ and test/ too
node --test out/test/
