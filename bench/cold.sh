#!/usr/bin/env bash
# Cold-start benchmark: `flakewise check` over a whole workspace against
# `nix-instantiate --parse` over the same files, all in one run, with the
# peak RSS of each. Builds nothing.
#
# usage: bench/cold.sh [--runs N] [--warmup N] FLAKEWISE_BIN WORKSPACE_DIR
#
# "Cold" means a fresh process that has to read and parse every file: no
# server state and no cache of ours. The page cache is warm (the warm-up
# runs read every file), for both tools alike.
#
# How nix-instantiate is batched (it parses files one after another in one
# process and cannot use two cores by itself):
#   - "one process": every file in a single nix-instantiate call (relative
#     paths, one xargs invocation; checked). This is the single-thread
#     baseline, compared with `flakewise check -j 1`.
#   - "parallel": xargs -P NPROC with batches of ceil(files / (4 * NPROC)),
#     so each core gets about four batches (load balance around the big
#     files) and process start-up (~20 ms each) is paid only 4 * NPROC
#     times. This is the baseline for `flakewise check` on all cores.
# Output of both tools goes to /dev/null: nix prints every parsed
# expression back, flakewise prints a JSON array of diagnostics (empty for
# a valid workspace).
set -euo pipefail

runs=5
warmup=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
if [[ $# -ne 2 ]]; then
  echo "usage: $0 [--runs N] [--warmup N] FLAKEWISE_BIN WORKSPACE_DIR" >&2
  exit 2
fi
bin=$(realpath "$1")
ws=$(realpath "$2")
for tool in hyperfine nix-instantiate python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "cold.sh: $tool is missing (scripts/setup.sh --bench)" >&2; exit 2; }
done
[[ -x "$bin" ]] || { echo "cold.sh: $bin is not executable" >&2; exit 2; }
[[ -d "$ws" ]] || { echo "cold.sh: $ws is not a directory" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nproc=$(nproc)

# The file list, relative to the workspace, sorted (NUL-separated).
(cd "$ws" && find . -name '*.nix' -type f -print0 | sort -z) > "$tmp/files0"
nfiles=$(tr -cd '\0' < "$tmp/files0" | wc -c)
nbytes=$(cd "$ws" && du -cb --files0-from="$tmp/files0" | tail -1 | cut -f1)
batch=$(( (nfiles + 4 * nproc - 1) / (4 * nproc) ))

# The commands, as small scripts so hyperfine and time run the same thing.
cat > "$tmp/fw.sh" <<EOF
exec "$bin" check --format json "$ws" >/dev/null
EOF
cat > "$tmp/fw1.sh" <<EOF
exec "$bin" check -j 1 --format json "$ws" >/dev/null
EOF
cat > "$tmp/nix1.sh" <<EOF
cd "$ws" && exec xargs -0 -s 2000000 nix-instantiate --parse < "$tmp/files0" >/dev/null
EOF
cat > "$tmp/nixp.sh" <<EOF
cd "$ws" && exec xargs -0 -n $batch -P $nproc nix-instantiate --parse < "$tmp/files0" >/dev/null
EOF
invocations=$(cd "$ws" && xargs -0 -s 2000000 echo < "$tmp/files0" | wc -l)
if [[ "$invocations" -ne 1 ]]; then
  echo "cold.sh: the file list does not fit one nix-instantiate call ($invocations calls)" >&2
  exit 1
fi

# Every command must succeed: a parse error would make the timing meaningless.
for c in fw fw1 nix1 nixp; do
  if ! bash "$tmp/$c.sh" 2>"$tmp/$c.err"; then
    # flakewise check exits 1 when it found syntax errors; report and go on.
    echo "cold.sh: warning: $c exited non-zero: $(head -c 300 "$tmp/$c.err")" >&2
  fi
done

echo "cold: $nfiles files, $(( nbytes / 1024 / 1024 )) MiB in $ws; $nproc cores; nix batches of $batch" >&2
hyperfine --style basic --warmup "$warmup" --runs "$runs" --ignore-failure \
  --export-json "$tmp/hf.json" \
  -n "flakewise check (all cores)" "bash $tmp/fw.sh" \
  -n "flakewise check -j 1" "bash $tmp/fw1.sh" \
  -n "nix-instantiate --parse, one process" "bash $tmp/nix1.sh" \
  -n "nix-instantiate --parse, xargs -P $nproc -n $batch" "bash $tmp/nixp.sh" >&2

# Peak RSS (largest single process of the command's tree, in KiB), from one
# more run of each.
for c in fw fw1 nix1 nixp; do
  /usr/bin/time -f %M bash "$tmp/$c.sh" 2>&1 >/dev/null | tail -1 > "$tmp/$c.rss"
done

python3 - "$tmp" "$nfiles" "$nbytes" "$nproc" "$warmup" <<'EOF'
import json, sys
tmp, nfiles, nbytes, nproc, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
res = json.load(open(tmp + "/hf.json"))["results"]
keys = ["fw", "fw1", "nix1", "nixp"]
rss = {k: int(open("%s/%s.rss" % (tmp, k)).read()) for k in keys}
by = dict(zip(keys, res))
base = {"fw": "nixp", "fw1": "nix1", "nix1": "nix1", "nixp": "nixp"}
print("| command | mean ± σ (s) | min (s) | CPU user+sys (s) | MB/s | vs its nix baseline | vs nix one process | peak RSS |")
print("|---|---|---|---|---|---|---|---|")
for k in keys:
    r = by[k]
    mean, sd = r["mean"], r["stddev"] or 0.0
    ratio = mean / by[base[k]]["mean"]
    ratio1 = mean / by["nix1"]["mean"]
    print("| `%s` | %.3f ± %.3f | %.3f | %.3f | %.1f | %s | %.2fx | %.1f MiB |" % (
        r["command"], mean, sd, r["min"], r["user"] + r["system"], nbytes / 1048576 / mean,
        "—" if base[k] == k else "%.2fx (vs %s)" % (ratio, "parallel" if base[k] == "nixp" else "one process"),
        ratio1, rss[k] / 1024))
print()
print("%d files, %.1f MiB; %d runs after %d warm-ups; %d cores. Ratios are time / baseline time "
      "(below 1.00x: faster than the baseline). Peak RSS is that of the largest single process "
      "(`/usr/bin/time -f %%M`, one extra run). Parallel speedup of `flakewise check`: %.2fx "
      "(-j 1 mean / all-cores mean); of nix-instantiate: %.2fx." % (
          nfiles, nbytes / 1048576, len(by["fw"]["times"]), warmup, nproc,
          by["fw1"]["mean"] / by["fw"]["mean"], by["nix1"]["mean"] / by["nixp"]["mean"]))
EOF
