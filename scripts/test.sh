#!/usr/bin/env bash
# Quick start, step 2: install, build, and run the whole test suite.
# Extra arguments go to ctest (e.g. -L unit, -R transcript, -LE vscode-e2e).
# Then the sanitizer pass (scripts/sanitize.sh), unless arguments were given:
# FLAKEWISE_SANITIZERS=tsan (the default: a ThreadSanitizer build of the
# server, driven by the transcript and stress tests: 129 s with its build, on 2
# cores), =1 or =all (also ASan + UBSan of the unit, transcript, stress and
# fuzz tests: not in CI yet, its clean-clone time is unmeasured), =0 (none).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
# The VS Code end-to-end test's browser and code-server (~800 MB, ~3 minutes
# the first time, into a cache outside the repository; a no-op afterwards).
scripts/setup-vscode-e2e.sh
scripts/build.sh
ctest --test-dir build --output-on-failure --timeout 900 -j "$(nproc)" "$@"
if (($# == 0)); then
  case ${FLAKEWISE_SANITIZERS:-tsan} in
    0) ;;
    tsan) scripts/sanitize.sh tsan ;;
    1|all) scripts/sanitize.sh asan tsan ;;
    *) echo "test: FLAKEWISE_SANITIZERS must be 0, tsan, 1 or all" >&2; exit 2 ;;
  esac
fi
