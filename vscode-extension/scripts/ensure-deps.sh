#!/usr/bin/env bash
# Installs the npm dependencies of the extension (npm ci, from
# package-lock.json) unless node_modules already matches the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null; then
  echo "ensure-deps: npm is missing (scripts/setup.sh installs Node.js and npm)" >&2
  exit 1
fi
stamp=node_modules/.flakewise-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then exit 0; fi
echo "ensure-deps: npm ci in $PWD"
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
