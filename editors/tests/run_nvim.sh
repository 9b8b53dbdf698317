#!/usr/bin/env bash
# Runs the Neovim test (nvim_test.lua) against a flakewise binary.
# Usage: editors/tests/run_nvim.sh [PATH/TO/flakewise]   (default build/bin/flakewise)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${1:-$repo/build/bin/flakewise}"
if [[ ! -x "$bin" ]]; then
  echo "FAIL: the flakewise server $bin is missing: build it first (scripts/build.sh)" >&2
  exit 1
fi
if ! command -v nvim >/dev/null; then
  echo "FAIL: nvim is not installed (scripts/setup.sh --tests installs Debian's neovim)" >&2
  exit 1
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/flakewise-nvim.XXXXXX")"
trap 'rm -rf "$work"' EXIT
workspace="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["workspace"])' "$here/cases.json")"
cp -r "$repo/$workspace" "$work/workspace"
# Neovim writes its LSP log and state under XDG folders: keep them in $work.
export XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
FLAKEWISE_BIN="$bin" WORKSPACE="$work/workspace" CASES="$here/cases.json" SETUP_DIR="$repo/editors/nvim" \
  timeout 60 nvim --headless -u NONE -i NONE -n -c "luafile $here/nvim_test.lua" -c 'cquit 2' </dev/null
