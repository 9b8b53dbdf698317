#!/usr/bin/env bash
# Configures and builds a sanitized build with clang (docs/RELIABILITY.md):
#
#   scripts/build-sanitized.sh asan [TARGET...]   build-asan/: AddressSanitizer +
#       UndefinedBehaviorSanitizer + libFuzzer coverage; the whole test suite and
#       the fuzz targets (fuzz_<name>)
#   scripts/build-sanitized.sh tsan [TARGET...]   build-tsan/: ThreadSanitizer;
#       by default only the server binary
#
# -O1 with line tables and with assertions on (no NDEBUG): reports name the
# line, and nlohmann::json's own checks stay armed.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: scripts/build-sanitized.sh asan|tsan [TARGET...]}
shift
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only"
       "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" -DFLAKEWISE_BENCH=OFF)
case $kind in
  asan) dir=build-asan; flags+=(-DFLAKEWISE_SANITIZE=address,undefined -DFLAKEWISE_FUZZ=ON) ;;
  tsan) dir=build-tsan; flags+=(-DFLAKEWISE_SANITIZE=thread)
        if (($# == 0)); then set -- flakewise; fi ;;
  *) echo "build-sanitized: unknown kind '$kind' (asan or tsan)" >&2; exit 2 ;;
esac
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [[ ! -f $dir/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S . -B "$dir" "${generator[@]}" "${flags[@]}"
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$dir" --parallel "$(nproc)" "${targets[@]}"
