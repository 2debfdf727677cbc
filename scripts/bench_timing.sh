#!/usr/bin/env bash
# Where generate's time goes (issue 26): `generate --timing` on the families
# of docs/PERFORMANCE.md ("End to end: where the time goes"), one process,
# at --compression gzip:1 and gzip:4, with each file's size. A first run per
# family fills a private --solver auto cache, so that both levels then run
# the same solver without a full pilot.
#
#   scripts/bench_timing.sh                 # all five families
#   scripts/bench_timing.sh darcy heat      # some of them
#   LEVELS="4" scripts/bench_timing.sh      # only the default level
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh" bench_timing
export XDG_CACHE_HOME="$work/cache"

declare -A runs=(
  [darcy]="--problem darcy --grid 128 --samples 200 --solver preonly --pc cholesky --sort none"
  [helmholtz]="--problem helmholtz --grid 128 --samples 200"
  [thermal]="--problem thermal --samples 200"
  [poisson]="--problem poisson --samples 200"
  [heat]="--problem heat --grid 64 --samples 20 --dt 0.01 --t-final 0.5"
)
families=("$@")
[ ${#families[@]} -gt 0 ] || families=(darcy helmholtz thermal poisson heat)
echo "machine: $(nproc) cores, $(uptime)"
for family in "${families[@]}"; do
  [ -n "${runs[$family]:-}" ] || { echo "bench_timing: unknown family '$family'" >&2; exit 1; }
  read -ra args <<<"${runs[$family]}"
  "$bin" generate "${args[@]}" -q --overwrite --out "$work/warm.h5" >/dev/null # fills the cache
  for level in ${LEVELS:-1 4}; do
    echo "== $family, --compression gzip:$level: ${runs[$family]}"
    "$bin" generate "${args[@]}" -q --overwrite --timing --compression "gzip:$level" \
      --out "$work/$family.h5" | sed -n '/^iterations:/p; /^timing:/,$p'
    echo "file size: $(stat -c %s "$work/$family.h5") bytes"
  done
done
