#!/usr/bin/env bash
# Formatter benchmarks: one ~1 MB file (bench_fmt), and a ~20 MB workspace
# formatted in parallel with `flakewise fmt` (check only, then in place on a
# copy). Prints the numbers recorded in docs/PERFORMANCE.md ("Formatter").
# Usage: bench/fmt_bench.sh [--size-mb N]
set -euo pipefail
cd "$(dirname "$0")/.."
size=20
if [[ "${1:-}" == "--size-mb" ]]; then size="$2"; fi
bin=build/bin
[[ -x $bin/bench_fmt && -x $bin/flakewise ]] || scripts/build.sh >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== one 1 MB file (parse + format + diff to edits, median of 7 runs)"
$bin/bench_fmt --runs 7
echo
echo "== workspace of ${size} MB"
$bin/bench_fmt --workspace "$work/ws" --size-mb "$size"
timeit() {  # prints wall and CPU seconds of a command (its exit code is ignored)
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  read -r user sys < <(tail -1 "$work/time")
  printf "%-44s wall %6.2f s   cpu %6.2f s\n" "$*" "$(echo "$end - $start" | bc)" "$(echo "$user + $sys" | bc)"
}
for j in 1 2; do
  timeit $bin/flakewise fmt --check -q -j "$j" "$work/ws"
done
cp -r "$work/ws" "$work/ws2"
timeit $bin/flakewise fmt -q "$work/ws2"
timeit $bin/flakewise fmt --check -q "$work/ws2"
if ! $bin/flakewise fmt --check -q "$work/ws2" >/dev/null; then
  echo "fmt_bench: formatting the workspace twice changed it again" >&2
  exit 1
fi
echo "(the second --check runs on the formatted copy: nothing to change)"
