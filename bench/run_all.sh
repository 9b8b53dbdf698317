#!/usr/bin/env bash
# Runs every benchmark and prints all tables as markdown: the machine, the
# cold `check` against `nix-instantiate --parse`, and keystroke latency.
# Generates the workspace first if it is missing (bench/out/, gitignored).
# Builds nothing: build first with
#   cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build
#
# usage: bench/run_all.sh [--build DIR] [--edits N] [--symbol-edits N] [--runs N]
#                         [--wait-idle SECONDS]
# The tables also go to bench/out/results-<timestamp>.md. --wait-idle waits
# (at most that long) until the CPUs are at least 90% idle over 3 s, for
# machines shared with other work.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
edits=500
# documentSymbol answers take 0.1-0.3 s each on the 1 MB files: 200 of them
# keep the whole run near 4 minutes.
symbol_edits=200
runs=5
wait_idle=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --edits) edits="$2"; shift 2 ;;
    --symbol-edits) symbol_edits="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --wait-idle) wait_idle="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run_all: unknown option $1" >&2; exit 2 ;;
  esac
done

bin="$build/bin/flakewise"
kbin="$build/bin/bench_keystroke"
for b in "$bin" "$kbin" "$build/bin/bench_analysis"; do
  if [[ ! -x "$b" ]]; then
    echo "run_all: $b is missing; build first (FLAKEWISE_BENCH=ON, the default):" >&2
    echo "  cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build $build" >&2
    exit 2
  fi
done
for tool in hyperfine nix-instantiate python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run_all: $tool is missing; run scripts/setup.sh --bench" >&2; exit 2; }
done

ws=bench/out/workspace
mkdir -p bench/out
python3 bench/gen_workspace.py --out "$ws" >&2
module_file="$ws/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["module_like_1mb"])' "$ws/MANIFEST.json")"
flat_file="$ws/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["flat_set_1mb"])' "$ws/MANIFEST.json")"

# Percentage of CPU time idle over the next 3 seconds.
idle_percent() {
  local a b
  read -r -a a < <(head -1 /proc/stat)
  sleep 3
  read -r -a b < <(head -1 /proc/stat)
  local total=0 k
  for k in 1 2 3 4 5 6 7 8; do total=$(( total + b[k] - a[k] )); done
  echo $(( total > 0 ? 100 * (b[4] - a[4] + b[5] - a[5]) / total : 100 ))
}
if (( wait_idle > 0 )); then
  deadline=$(( $(date +%s) + wait_idle ))
  while :; do
    idle=$(idle_percent)
    (( idle >= 90 )) && break
    if (( $(date +%s) >= deadline )); then
      echo "run_all: warning: the machine is still busy (${idle}% idle); measuring anyway" >&2
      break
    fi
    echo "run_all: waiting for an idle machine (${idle}% idle)..." >&2
    sleep 10
  done
fi

# Busy CPU time of the whole machine so far, in clock ticks.
machine_busy() {
  local f
  read -r -a f < <(head -1 /proc/stat)
  echo $(( f[1] + f[2] + f[3] + f[6] + f[7] + f[8] ))
}
# CPU seconds of the finished children, from the output of `times` in
# $1 (`times` must run in the shell itself: a pipe or $(...) would fork).
children_cpu() {
  tail -1 "$1" | awk '{
    split($1, u, /[ms]/); split($2, s, /[ms]/);
    printf "%.1f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }'
}

out="bench/out/results-$(date -u +%Y%m%dT%H%M%SZ).md"
start=$(date +%s)
{
  busy0=$(machine_busy)
  wall0=$(date +%s)
  cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
  cxx=$(cache CMAKE_CXX_COMPILER)
  type=$(cache CMAKE_BUILD_TYPE)
  flags=$(cache "CMAKE_CXX_FLAGS_$(echo "$type" | tr a-z A-Z)")
  echo "## Machine"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| CPU | $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(sed -n 's/^cpu MHz[[:space:]]*: //p' /proc/cpuinfo | head -1) MHz |"
  echo "| cores | $(nproc) |"
  echo "| RAM | $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
  echo "| OS | $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r) |"
  echo "| compiler | $("$cxx" --version | head -1) |"
  echo "| build type | $type ($flags) |"
  echo "| flakewise | $("$bin" --version 2>&1 | head -1), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?') |"
  echo "| libtree-sitter | $(dpkg-query -W -f='${Version}' libtree-sitter0 2>/dev/null || pkg-config --modversion tree-sitter) |"
  echo "| nix-instantiate | $(nix-instantiate --version) |"
  echo "| workspace | $(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print("%d files, %.1f MiB, seed %d, sha256 %s" % (m["files"], m["bytes"]/1048576, m["seed"], m["sha256"][:12]))' "$ws/MANIFEST.json") |"
  echo "| load average at start | $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the numbers) |"
  echo
  echo "## Cold: flakewise check versus nix-instantiate --parse"
  echo
  bench/cold.sh --runs "$runs" "$bin" "$ws"
  echo
  echo "## Analysis over the workspace (in process, one thread)"
  echo
  "$build/bin/bench_analysis" --runs "$runs" "$ws"
  echo
  echo "## Keystroke latency"
  echo
  "$kbin" --server "$bin" --edits "$edits" --symbol-edits "$symbol_edits" \
    module="$module_file" flat="$flat_file"
  # How much else ran meanwhile: machine-wide busy CPU minus our own.
  busy=$(awk -v a="$busy0" -v b="$(machine_busy)" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) / hz }')
  times > bench/out/.times
  ours=$(children_cpu bench/out/.times)
  wall=$(( $(date +%s) - wall0 ))
  echo "Other work on the machine during this run: $(awk -v b="$busy" -v o="$ours" -v w="$wall" \
    'BEGIN { x = b - o; if (x < 0) x = 0; printf "%.0f CPU-seconds in %d s (%.0f%% of one core on average)", x, w, 100 * x / w }')" \
    "(machine-wide busy CPU $busy s, ours $ours s). Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} | tee "$out"
echo "run_all: done in $(( $(date +%s) - start )) s; tables saved in $out" >&2
