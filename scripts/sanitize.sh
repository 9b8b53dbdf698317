#!/usr/bin/env bash
# The sanitizer pass of CI (docs/RELIABILITY.md), run by scripts/test.sh
# after the regular tests (both kinds unless FLAKEWISE_SANITIZERS says
# otherwise).
#
#   asan: build-asan/ (clang, ASan + UBSan + libFuzzer): the unit,
#         transcript and stress tests, then each fuzz target for
#         FLAKEWISE_FUZZ_SECONDS (default 20) from the generated seeds and
#         fuzz/corpus/ (ctest label fuzz; LeakSanitizer on).
#   tsan: build-tsan/ (clang, ThreadSanitizer): the server binary, driven
#         by the regular build's transcript and stress tests over pipes.
#
# Only the targets those tests need are built (not the corpus tests or the
# benchmarks). Any report fails the test it happens in: sanitizers abort
# the process (the server, when a transcript test drives it).
#
# usage: scripts/sanitize.sh [asan] [tsan]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=("$@")
if ((${#kinds[@]} == 0)); then kinds=(asan tsan); fi
seconds=${FLAKEWISE_FUZZ_SECONDS:-20}
jobs=$(nproc)
for kind in "${kinds[@]}"; do
  start=$SECONDS
  case $kind in
    asan)
      scripts/build-sanitized.sh asan flakewise unit_tests transcript_tests stress_tests fw_no_spawn \
        fuzz_session fuzz_analysis fuzz_incremental fuzz_format fuzz_eval
      cmake build-asan -DFLAKEWISE_FUZZ_SECONDS="$seconds" >/dev/null
      # A small quarantine: the stress test's memory check sees the
      # server's own growth, not ASan's pool of freed blocks.
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=16 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure --timeout 900 -j "$jobs" -L '^(unit|transcript|stress|fuzz)$'
      ;;
    tsan)
      # Only the server is built with TSan: the threads are there. The
      # regular build's transcript and stress test binaries drive it
      # (FLAKEWISE_BIN), which saves building them again.
      if [[ ! -x build/bin/transcript_tests ]]; then scripts/build.sh; fi
      scripts/build-sanitized.sh tsan flakewise
      FLAKEWISE_BIN="$PWD/build-tsan/bin/flakewise" \
      TSAN_OPTIONS=halt_on_error=1:abort_on_error=1:second_deadlock_stack=1 \
        ctest --test-dir build --output-on-failure --timeout 900 -j "$jobs" -L '^(transcript|stress)$'
      ;;
    *) echo "sanitize: unknown kind '$kind' (asan or tsan)" >&2; exit 2 ;;
  esac
  echo "sanitize: $kind passed in $((SECONDS - start)) s"
done
