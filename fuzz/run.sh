#!/usr/bin/env bash
# One time-boxed libFuzzer run of a fuzz target, as ctest (label fuzz) and
# scripts/fuzz.sh run it. The seed corpora are read-only inputs; what the
# run discovers goes to WORKDIR/TARGET/corpus (kept by scripts/fuzz.sh,
# cleared by ctest for a repeatable run), a crash to WORKDIR/TARGET/.
#
# usage: fuzz/run.sh BINARY TARGET SECONDS WORKDIR SEEDDIR... [-- LIBFUZZER-ARGS]
set -euo pipefail
bin=$1 target=$2 seconds=$3 work=$4
shift 4
seeds=() extra=()
while (($#)); do
  if [[ $1 == -- ]]; then shift; extra=("$@"); break; fi
  seeds+=("$1"); shift
done
dir="$work/$target"
if [[ -z "${FLAKEWISE_FUZZ_KEEP:-}" ]]; then rm -rf "$dir/corpus"; fi
mkdir -p "$dir/corpus"
existing=()
for s in "${seeds[@]}"; do [[ -d $s ]] && existing+=("$s"); done
log="$dir/last-run.log"
# -seed=1: the same mutations on every run of the same build. Inputs that
# take over 10 s count as hangs; 2 GiB is the memory limit.
set +e
started=$SECONDS
"$bin" -seed="${FLAKEWISE_FUZZ_SEED:-1}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$dir/" "${extra[@]}" "$dir/corpus" "${existing[@]}" >"$log" 2>&1
rc=$?
set -e
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
echo "fuzz $target: ${execs:-?} executions in $((SECONDS - started)) s of ${seconds} s, ${cov:-cov: ?}, exit code $rc (log: $log)"
if ((rc != 0)); then
  grep -A40 -E '==(ERROR|fuzz)==|runtime error|deadly signal|Test unit written' "$log" | head -120
  echo "fuzz $target: FAILED; the input is in $dir/ (crash-*, timeout-*, oom-*): add it to fuzz/corpus/$target/"
fi
exit $rc
