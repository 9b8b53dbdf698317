#!/usr/bin/env bash
# Quick start, step 1: install, build, and run `flakewise check` on the
# bundled example flake. The example contains deliberate mistakes, so the
# check is expected to report them; this script fails only if flakewise
# itself fails (exit code 2 or a crash).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo
echo "== build/bin/flakewise check examples/nur-flake"
set +e
build/bin/flakewise check examples/nur-flake
rc=$?
set -e
echo
case $rc in
  0) echo "demo: no errors found" ;;
  1) echo "demo: flakewise reported the example's deliberate mistakes (exit code 1, as expected)" ;;
  *) echo "demo: flakewise check failed with exit code $rc" >&2; exit "$rc" ;;
esac
