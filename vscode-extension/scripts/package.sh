#!/usr/bin/env bash
# Builds and packages the extension into a .vsix, offline.
# Usage: vscode-extension/scripts/package.sh [OUTPUT.vsix]
#   (default: vscode-extension/flakewise-VERSION.vsix; *.vsix is git-ignored)
# Needs the npm dependencies: scripts/ensure-deps.sh installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
version="$(node -p 'require("./package.json").version')"
out="${1:-$PWD/flakewise-$version.vsix}"
mkdir -p "$(dirname "$out")"
npm run --silent typecheck
node esbuild.mjs --minify
# --no-dependencies: vscode-languageclient is bundled into dist/extension.js.
npx --no-install vsce package --no-dependencies --no-update-package-json --out "$out" >/dev/null
echo "$out"
