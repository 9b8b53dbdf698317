#!/usr/bin/env bash
# Evaluator benchmarks: flakewise eval against nix-instantiate --eval --strict
# on the same programs, in the same run. Prints a Markdown table of the
# median wall time and CPU time (user + system) of N runs (default 5) and
# the peak RSS of each side. Both print the same value (checked first).
#
# usage: bench/eval_bench.sh [RUNS]     (build first: scripts/build.sh)
#
# With NIXPKGS_LIB=/path/to/nixpkgs/lib (a checkout of nixpkgs' lib/ from
# the Nix 2.8 era, e.g. nixpkgs 22.05), two more programs run: the module
# system (lib.evalModules over 300 generated options and their
# documentation list) and lib's own test suite (lib/tests/misc.nix without
# the two tests that need all of nixpkgs). Nothing of nixpkgs is in this
# repository.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
fw="${FLAKEWISE:-build/bin/flakewise}"
nix="${NIX_INSTANTIATE:-nix-instantiate}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat > "$work/fib.nix" <<'NIX'
let fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2); in fib 27
NIX
cat > "$work/pipeline.nix" <<'NIX'
let
  inherit (builtins) genList filter foldl' bitAnd length concatMap;
  # A 10^5-element list pipeline, run for 10 offsets.
  run = k:
    let
      xs = genList (i: i + k) 100000;
      evens = filter (x: bitAnd x 1 == 0) xs;
      doubled = map (x: x * 2) evens;
      pairs = concatMap (x: [ x (x + 1) ]) doubled;
    in foldl' (a: b: a + b) 0 pairs + length pairs;
in foldl' (a: k: a + run k) 0 (genList (k: k) 10)
NIX
cat > "$work/merge.nix" <<'NIX'
let
  inherit (builtins) genList listToAttrs attrNames length mapAttrs foldl' attrValues;
  mk = prefix: n: listToAttrs (genList (i: { name = "${prefix}${toString i}"; value = i; }) n);
  a = mk "a" 100000;
  b = mk "b" 100000;
  c = mk "a" 50000;
  merged = mapAttrs (n: v: v + 1) (a // b // c);
in length (attrNames merged) + foldl' (s: v: s + v) 0 (attrValues merged)
NIX
cat > "$work/update_chain.nix" <<'NIX'
let
  inherit (builtins) genList foldl' attrNames length;
  chain = foldl' (acc: i: acc // { "k${toString i}" = i; }) { } (genList (i: i) 4000);
in length (attrNames chain) + chain.k3999
NIX
mkdir -p "$work/imports"
for i in $(seq 0 999); do
  printf '{ lib ? null }:\nlet base = %d; in {\n  value = base * 2;\n  name = "file-%d";\n  deps = [ base (base + 1) ];\n}\n' "$i" "$i" > "$work/imports/f$i.nix"
done
cat > "$work/imports.nix" <<'NIX'
let
  inherit (builtins) genList foldl' length;
  load = i: import (./imports + "/f${toString i}.nix") { };
  all = genList load 1000;
in foldl' (s: m: s + m.value + length m.deps) 0 all
NIX

# median of the given numbers
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() {  # measure CMD... -> "wall cpu kib"
  local times=() cpus=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$work/time.txt" -f '%e %U %S %M' "$@" >/dev/null 2>&1
    read -r wall user sys kib < <(tail -1 "$work/time.txt")
    times+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
    rss+=("$kib")
  done
  echo "$(median "${times[@]}") $(median "${cpus[@]}") $(median "${rss[@]}")"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); nix-instantiate $($nix --version | awk '{print $3}'); $runs runs, median"
echo
echo "| program | nix wall (s) | flakewise wall (s) | wall ratio | nix CPU (s) | flakewise CPU (s) | CPU ratio | nix peak RSS (MiB) | flakewise peak RSS (MiB) |"
echo "|---|---|---|---|---|---|---|---|---|"
echo 1 > "$work/startup.nix"
programs=(startup fib pipeline merge update_chain imports)
if [[ -n "${NIXPKGS_LIB:-}" ]]; then
  cat > "$work/modules.nix" <<NIX
let
  lib = import ${NIXPKGS_LIB};
  inherit (lib) mkOption types genAttrs mkIf mkMerge;
  names = builtins.genList (i: "svc\${toString i}") 300;
  optionsModule = { ... }: {
    options.services = genAttrs names (n: {
      enable = lib.mkEnableOption n;
      port = mkOption { type = types.port; default = 1000; description = "port of \${n}"; };
      tags = mkOption { type = types.listOf types.str; default = [ ]; };
      extra = mkOption { type = types.attrsOf types.int; default = { }; };
    });
  };
  configModule = { config, ... }: {
    services = genAttrs names (n: {
      enable = true;
      tags = [ n "x" ];
      extra = mkMerge [ { a = 1; } (mkIf config.services.\${n}.enable { b = 2; }) ];
    });
  };
  result = lib.evalModules { modules = [ optionsModule configModule ]; };
  docs = lib.optionAttrSetToDocList result.options;
in builtins.length docs + builtins.foldl' (s: n: s + result.config.services.\${n}.port) 0 names
NIX
  sed -e '/testHasInfixDerivation = {/,/};/d' \
      -e 's|storePathDerivation = isStorePath (import ../.. { system = "x86_64-linux"; }).hello;|storePathDerivation = true;|' \
      -e '/testHasInfixPathStoreDir = {/,/};/d' \
      -e "s|with import ../default.nix;|with import ${NIXPKGS_LIB};|" \
      "${NIXPKGS_LIB}/tests/misc.nix" > "$work/libtests.nix"
  programs+=(modules libtests)
fi
for p in "${programs[@]}"; do
  nixOut=$($nix --eval --strict "$work/$p.nix" 2>&1)
  fwOut=$("$fw" eval --strict --allow "${NIXPKGS_LIB:-$work}" "$work/$p.nix" 2>&1)
  if [[ "$nixOut" != "$fwOut" ]]; then
    echo "MISMATCH on $p: nix=$nixOut flakewise=$fwOut" >&2
    exit 1
  fi
  read -r nt nc nr < <(measure "$nix" --eval --strict "$work/$p.nix")
  read -r ft fc fr < <(measure "$fw" eval --strict --allow "${NIXPKGS_LIB:-$work}" "$work/$p.nix")
  ratio=$(awk -v a="$ft" -v b="$nt" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
  cratio=$(awk -v a="$fc" -v b="$nc" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$p" "$nt" "$ft" "$ratio" "$nc" "$fc" "$cratio" \
    "$(awk -v k="$nr" 'BEGIN { printf "%.1f", k / 1024 }')" "$(awk -v k="$fr" 'BEGIN { printf "%.1f", k / 1024 }')"
done
