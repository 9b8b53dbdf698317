#!/usr/bin/env bash
# Quick start, step 2: install, build, and run the whole test suite.
# Extra arguments go to ctest (e.g. -L unit, -R transcript, -LE vscode-e2e).
# Then the sanitizer pass (scripts/sanitize.sh), unless arguments were given:
# FLAKEWISE_SANITIZERS=all (the default: ASan + UBSan of the unit, transcript,
# stress and fuzz tests, about 6.5 minutes with its build on 2 cores; then a
# ThreadSanitizer build of the server driven by the transcript and stress
# tests, about 2 minutes), =tsan (only the second), =asan (only the first),
# =0 (none).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
# The VS Code end-to-end test's browser and code-server (~800 MB, ~3 minutes
# the first time, into a cache outside the repository; a no-op afterwards).
scripts/setup-vscode-e2e.sh
scripts/build.sh
ctest --test-dir build --output-on-failure --timeout 900 -j "$(nproc)" "$@"
if (($# == 0)); then
  case ${FLAKEWISE_SANITIZERS:-all} in
    0) ;;
    tsan) scripts/sanitize.sh tsan ;;
    asan) scripts/sanitize.sh asan ;;
    1|all) scripts/sanitize.sh asan tsan ;;
    *) echo "test: FLAKEWISE_SANITIZERS must be 0, tsan, asan, 1 or all" >&2; exit 2 ;;
  esac
fi
