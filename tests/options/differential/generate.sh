#!/usr/bin/env bash
# Writes expected.json: the option tree of modules/ computed by the real
# nix-instantiate with a lib's own evalModules (option-docs.nix).
# usage: generate.sh [LIB]   LIB: a nixpkgs lib directory; default:
# flakewise's built-in lib (no nixpkgs lib is available on the machines
# this was first generated on, see README.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lib="${1:-$here/../../../analysis/options/nix/lib}"
nix-instantiate --eval --strict --json \
  --arg lib "import $(realpath "$lib")" --arg root "$here" \
  "$here/option-docs.nix" | python3 -m json.tool --sort-keys > "$here/expected.json"
