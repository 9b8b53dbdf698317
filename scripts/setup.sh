#!/usr/bin/env bash
# Installs what flakewise needs on Debian 12 and skips what is already there.
# Usage: scripts/setup.sh [--tests] [--bench]
#   --tests adds what the test suite uses, --bench what bench/run_all.sh uses
#   (hyperfine, nix-instantiate, python3, GNU time for peak RSS, perf for
#   profiling).
set -euo pipefail

build_pkgs=(cmake g++ make ninja-build pkg-config git ca-certificates
            libtree-sitter-dev nlohmann-json3-dev libboost-dev libspdlog-dev
            doctest-dev nodejs npm)
# nodejs/npm also fetch, at configure time and into build/, the test-only
# SARIF 2.1.0 schema and its validator (tests/tools/sarif/package-lock.json).
# clang and its runtimes: the sanitizer and fuzzing builds (scripts/sanitize.sh).
test_pkgs=(nix-bin neovim emacs-nox elpa-eglot python3 valgrind hyperfine clang libclang-rt-14-dev)
bench_pkgs=(nix-bin python3 hyperfine time linux-perf valgrind)

want=("${build_pkgs[@]}")
for arg in "$@"; do
  case "$arg" in
    --tests) want+=("${test_pkgs[@]}") ;;
    --bench) want+=("${bench_pkgs[@]}") ;;
    *) echo "setup: unknown option $arg (--tests, --bench)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  # Node.js and npm may come from elsewhere (nvm, NodeSource); a working
  # command is enough for them.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all Debian packages present"
fi
