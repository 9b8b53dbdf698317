#!/usr/bin/env bash
# Configures and builds flakewise into build/ (binary: build/bin/flakewise).
# The Nix grammar is fetched from the npm registry by CMake at configure time.
set -euo pipefail
cd "$(dirname "$0")/.."
build_type="${FLAKEWISE_BUILD_TYPE:-Release}"
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [[ ! -f build/CMakeCache.txt ]]; then
  cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE="$build_type"
fi
cmake --build build --parallel "$(nproc)"
