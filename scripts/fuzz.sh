#!/usr/bin/env bash
# Long fuzzing runs (docs/RELIABILITY.md). Builds build-asan/ (clang, ASan +
# UBSan, libFuzzer) if needed and runs each fuzz target for SECONDS (default
# 600), keeping what it discovers in build-asan/fuzz-work/<target>/corpus
# across runs. A crash, hang or leak stops that target and leaves the input
# in build-asan/fuzz-work/<target>/; add it to fuzz/corpus/<target>/ with the
# fix, so that every build replays it.
#
# usage: scripts/fuzz.sh [-t SECONDS] [-j JOBS] [-s SEED] [TARGET...]
#   targets: session analysis incremental format eval (default: all)
#   -j JOBS runs that many libFuzzer processes per target (-fork)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=600 jobs=1 seed=""
while getopts "t:j:s:" o; do
  case $o in
    t) seconds=$OPTARG ;;
    j) jobs=$OPTARG ;;
    s) seed=$OPTARG ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
if ((${#targets[@]} == 0)); then targets=(session analysis incremental format eval); fi
build=()
for t in "${targets[@]}"; do build+=("fuzz_$t"); done
scripts/build-sanitized.sh asan "${build[@]}"
python3 fuzz/make_seeds.py build-asan/fuzz-seeds
extra=()
if ((jobs > 1)); then extra=(-fork="$jobs" -ignore_crashes=0); fi
export FLAKEWISE_FUZZ_KEEP=1
export FLAKEWISE_FUZZ_SEED="${seed:-$RANDOM}"
status=0
for t in "${targets[@]}"; do
  fuzz/run.sh "build-asan/bin/fuzz_$t" "$t" "$seconds" build-asan/fuzz-work \
    "build-asan/fuzz-seeds/$t" "fuzz/corpus/$t" -- "${extra[@]}" || status=1
done
exit $status
