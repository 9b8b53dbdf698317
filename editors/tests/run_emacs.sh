#!/usr/bin/env bash
# Runs the Emacs test (emacs_test.el, batch Emacs + eglot) against a flakewise binary.
# Usage: editors/tests/run_emacs.sh [PATH/TO/flakewise]   (default build/bin/flakewise)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${1:-$repo/build/bin/flakewise}"
if [[ ! -x "$bin" ]]; then
  echo "FAIL: the flakewise server $bin is missing: build it first (scripts/build.sh)" >&2
  exit 1
fi
if ! command -v emacs >/dev/null; then
  echo "FAIL: emacs is not installed (scripts/setup.sh --tests installs Debian's emacs-nox and elpa-eglot)" >&2
  exit 1
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/flakewise-emacs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
workspace="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["workspace"])' "$here/cases.json")"
cp -r "$repo/$workspace" "$work/workspace"
# Emacs must not read the user's init files or write into ~/.emacs.d.
export HOME="$work/home"
mkdir -p "$HOME"
FLAKEWISE_BIN="$bin" WORKSPACE="$work/workspace" CASES="$here/cases.json" SETUP_DIR="$repo/editors/emacs" \
  timeout 60 emacs --batch -l "$here/emacs_test.el" </dev/null
