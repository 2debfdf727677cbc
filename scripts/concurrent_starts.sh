#!/usr/bin/env bash
# Many plain (singleton) runs started at once on one host, as a job array or
# a script's `&` would: none may fail to start. Isolated Open MPI singletons
# used to share one session directory and remove it under each other
# (MPI_Init: "mkdir ... No such file or directory", ~1 start in 300 here).
# Not run by CTest (tests/cli/test_startup_errors.sh checks the cause: no
# session directory): LOOPS loops of RUNS one-sample runs each, concurrently.
#
#   scripts/concurrent_starts.sh                 # LOOPS=3 RUNS=300, ~40 s
#   LOOPS=4 RUNS=100 SKR_GEN=build/skr-gen scripts/concurrent_starts.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SKR_GEN=${SKR_GEN:-$here/build/skr-gen} LOOPS=${LOOPS:-3} RUNS=${RUNS:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

starts() { # loop number: runs RUNS times, keeps the first failure's stderr
  local failed=0
  for _ in $(seq "$RUNS"); do
    "$SKR_GEN" generate --problem poisson --samples 1 --grid 8 -q --overwrite \
      --out "$work/$1.h5" >/dev/null 2>"$work/$1.err" ||
      { failed=$((failed + 1)); cp -n "$work/$1.err" "$work/$1.first-failure"; }
  done
  echo "$failed" >"$work/$1.failed"
}
for loop in $(seq "$LOOPS"); do starts "$loop" & done
wait
failed=$(cat "$work"/*.failed | paste -sd+ | bc)
echo "concurrent starts: $failed of $((LOOPS * RUNS)) failed"
[ "$failed" -eq 0 ] && exit 0
head -5 "$work"/*.first-failure
exit 1
