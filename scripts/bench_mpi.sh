#!/usr/bin/env bash
# Parallel efficiency of `generate` at P ranks against 1 rank (issue 9): the
# same solve-dominated run (sorted lognormal Darcy 80², GCRO-DR, PC none),
# alternating 1-rank and P-rank runs REPS times so that machine noise hits
# both alike. Efficiency = T1 / (P * TP) from the wall times generate reports.
#
#   scripts/bench_mpi.sh                  # P = 2, 80 samples, 2 repetitions
#   P=4 SAMPLES=200 REPS=3 scripts/bench_mpi.sh -- --ranks-per-system 2
#   scripts/bench_mpi.sh -- --solver gcrodr --pc ilu --grid 128   # other settings
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${SKR_GEN:-$here/build/skr-gen}
ranks=${P:-2}
samples=${SAMPLES:-80}
reps=${REPS:-2}
[[ ${1:-} == -- ]] && shift
[[ -x $bin ]] || { echo "bench_mpi: no skr-gen at $bin (set SKR_GEN)" >&2; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run=(generate --problem darcy --coeff lognormal --alpha 2.5 --tau 7 --grid 80 --samples "$samples"
  --solver gcrodr --pc none -q --overwrite "$@")

wall() { # the "wall N s" figure of generate's summary
  sed -n 's/.*| wall \([0-9.]*\) s.*/\1/p'
}
its() {
  sed -n 's/^iterations: mean \([0-9.]*\).*/\1/p'
}
printf "%-6s %-8s %-10s %-10s\n" ranks rep wall_s mean_its
t1_sum=0 tp_sum=0
for rep in $(seq 1 "$reps"); do
  out=$("$bin" "${run[@]}" --out "$work/p1.h5")
  t1=$(wall <<<"$out")
  printf "%-6s %-8s %-10s %-10s\n" 1 "$rep" "$t1" "$(its <<<"$out")"
  out=$(mpirun --oversubscribe -n "$ranks" "$bin" "${run[@]}" --out "$work/pp.h5")
  tp=$(wall <<<"$out")
  printf "%-6s %-8s %-10s %-10s\n" "$ranks" "$rep" "$tp" "$(its <<<"$out")"
  t1_sum=$(awk -v a="$t1_sum" -v b="$t1" 'BEGIN {print a + b}')
  tp_sum=$(awk -v a="$tp_sum" -v b="$tp" 'BEGIN {print a + b}')
  awk -v t1="$t1" -v tp="$tp" -v p="$ranks" 'BEGIN {printf "  efficiency (rep): %.0f%%\n", 100 * t1 / (p * tp)}'
done
awk -v t1="$t1_sum" -v tp="$tp_sum" -v p="$ranks" \
  'BEGIN {printf "efficiency at P = %d over all repetitions: %.0f%%\n", p, 100 * t1 / (p * tp)}'
